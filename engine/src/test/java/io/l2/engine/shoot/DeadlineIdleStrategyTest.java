package io.l2.engine.shoot;

import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deadline idle strategy on a clock that moves a fixed step each time it is read: which path it takes (spin, park
 * or wait for a response) and what it learns of the park overshoot are exact. Its parks are real but short.
 */
class DeadlineIdleStrategyTest
{
    private static final long US = 1_000;

    /**
     * Moves {@code stepNs} every read, and counts the reads.
     */
    private static final class SteppingClock implements NanoClock
    {
        private final long stepNs;
        long nowNs;
        int readCount;

        SteppingClock(final long startNs, final long stepNs)
        {
            this.nowNs = startNs;
            this.stepNs = stepNs;
        }

        public long nanoTime()
        {
            readCount++;
            final long t = nowNs;
            nowNs += stepNs;
            return t;
        }
    }

    @Test
    void shouldSpinUntilTheDeadlineWhenItIsWithinTheSpinWindow()
    {
        final SteppingClock clock = new SteppingClock(1_000 * US, 100);
        final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(2 * US).clock(clock);
        idle.deadline(1_000 * US + 1_500, true);

        idle.idle(0);

        assertTrue(clock.nowNs >= 1_000 * US + 1_500, "returned before the deadline: " + clock.nowNs);
        assertTrue(clock.nowNs <= 1_000 * US + 1_700, "spun past the deadline: " + clock.nowNs);
        assertEquals(DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS, idle.overshootNs(), "a spin is no park");
    }

    @Test
    void shouldReturnAtOnceWhenTheDeadlineHasPassedOrWorkWasDone()
    {
        final SteppingClock clock = new SteppingClock(1_000 * US, 100);
        final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(2 * US).clock(clock);
        idle.deadline(999 * US, false);
        idle.idle(0);
        assertEquals(1, clock.readCount, "one read to see the deadline passed");

        idle.deadline(2_000 * US, false);
        idle.idle(1);
        assertEquals(1, clock.readCount, "work was done: no idling");
    }

    @Test
    void shouldParkOneWindowAndLearnTheOvershootWhenResponsesAreAwaitedAndTheDeadlineIsNear()
    {
        final SteppingClock clock = new SteppingClock(0, 80 * US);
        final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(100 * US).clock(clock);
        idle.deadline(500 * US, true);

        idle.idle(0);

        // parked the window less the overshoot (50 µs), the clock says 80 µs passed: 30 µs over, averaged in at 1/8
        assertEquals(DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS +
            ((30 * US - DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS) >> 3), idle.overshootNs());
    }

    @Test
    void shouldParkAWholeWindowWhenTheDeadlineIsCloserThanTheWindow()
    {
        // due in 10 µs, window 100 µs: a 50 µs park (window less overshoot); the clock says 70 µs passed
        final SteppingClock clock = new SteppingClock(0, 70 * US);
        final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(100 * US).clock(clock);
        idle.deadline(10 * US, false);

        idle.idle(0);

        assertEquals(DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS +
            ((20 * US - DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS) >> 3), idle.overshootNs());
    }

    @Test
    void shouldSpinToADeadlineWithinTheGivenHorizonInsteadOfParkingAWindow()
    {
        // horizon 12.5 µs; due in 10 µs (100,000 queries/s)
        final SteppingClock clock = new SteppingClock(0, US);
        final DeadlineIdleStrategy idle =
            new DeadlineIdleStrategy(DeadlineIdleStrategy.WINDOW_DEFAULT_NS, 12_500).clock(clock);
        idle.deadline(10 * US, true);

        idle.idle(0);

        assertTrue(clock.nowNs >= 10 * US, "returned before the deadline: " + clock.nowNs);
        assertTrue(clock.nowNs <= 12 * US, "spun past the deadline: " + clock.nowNs);
        assertEquals(DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS, idle.overshootNs(), "a spin is no park");
    }

    @Test
    void shouldSpinThroughAFastScheduleAndParkAWindowForASlowerOne()
    {
        // default window 50 µs: a schedule 10 µs apart (100,000/s) is spun through, one 20 µs apart (50,000/s) parks
        final SteppingClock fastClock = new SteppingClock(0, US);
        final DeadlineIdleStrategy fast = new DeadlineIdleStrategy(DeadlineIdleStrategy.WINDOW_DEFAULT_NS)
            .clock(fastClock);
        fast.deadline(8 * US, true, 10 * US);

        fast.idle(0);

        assertTrue(fastClock.nowNs >= 8 * US && fastClock.nowNs <= 10 * US, "spun to the deadline: " +
            fastClock.nowNs);
        assertEquals(DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS, fast.overshootNs(), "a spin is no park");
        assertEquals(12_500, fast.fastIntervalNs());

        final SteppingClock slowClock = new SteppingClock(0, 70 * US);
        final DeadlineIdleStrategy slow = new DeadlineIdleStrategy(DeadlineIdleStrategy.WINDOW_DEFAULT_NS)
            .clock(slowClock);
        slow.deadline(8 * US, true, 20 * US);

        slow.idle(0);

        assertEquals(2, slowClock.readCount, "parked: one read before, one after");
        assertTrue(slow.overshootNs() != DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS, "a park measured");
    }

    @Test
    void shouldParkForAFarDeadlineEvenOnAFastSchedule()
    {
        // a fast pace, but the next query is a window or more away (a pause in the profile): no spin to it
        final SteppingClock clock = new SteppingClock(0, 70 * US);
        final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(DeadlineIdleStrategy.WINDOW_DEFAULT_NS)
            .clock(clock);
        idle.deadline(60 * US, false, 5 * US);

        idle.idle(0);

        assertEquals(2, clock.readCount, "parked: one read before, one after");
    }

    @Test
    void shouldSpinOnlyTheDefaultHorizonWhenNoneIsGiven()
    {
        assertEquals(DeadlineIdleStrategy.SPIN_NS, new DeadlineIdleStrategy(50 * US).spinHorizonNs());
        assertEquals(30 * US, new DeadlineIdleStrategy(50 * US, 30 * US).spinHorizonNs());
    }

    @Test
    void shouldRejectANegativeSpinHorizon()
    {
        assertThrows(IllegalArgumentException.class, () -> new DeadlineIdleStrategy(50 * US, -2));
    }

    @Test
    void shouldBlockForAResponseWhenOneIsAwaitedAndTheDeadlineIsAMillisecondOrMoreAway()
    {
        final SteppingClock clock = new SteppingClock(0, 10 * US);
        final long[] waitedMs = { -1, 0 };
        final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(50 * US).clock(clock)
            .readableWait((timeoutMs) ->
            {
                waitedMs[0] = timeoutMs;
                waitedMs[1]++;
            });

        idle.deadline(3_000 * US, true);
        idle.idle(0);
        assertEquals(2, waitedMs[0], "the whole ms before the deadline less the overshoot");

        idle.deadline(DeadlineIdleStrategy.NO_DEADLINE, true);
        idle.idle(0);
        assertEquals(DeadlineIdleStrategy.MAX_WAIT_MS, waitedMs[0], "nothing due: the longest wait");
        assertEquals(2, waitedMs[1]);

        idle.deadline(clock.nowNs + 500 * US, true);
        idle.idle(0);
        assertEquals(2, waitedMs[1], "under a millisecond: a park, not a wait");
    }

    @Test
    void shouldParkTheWaitLessTheOvershootWhenTheDeadlineIsNear()
    {
        // deadline 60 µs away, overshoot 50 µs: a 10 µs park; the clock says 20 µs passed: 10 µs over
        final SteppingClock clock = new SteppingClock(0, 20 * US);
        final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(2 * US).clock(clock);
        idle.deadline(60 * US, false);
        // window 2 µs: the park is the 60 µs less the overshoot

        idle.idle(0);

        assertEquals(DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS +
            ((10 * US - DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS) >> 3), idle.overshootNs());
    }

    @Test
    void shouldIgnoreAParkThatOverranByAMillisecondOrMoreWhenLearningTheOvershoot()
    {
        final SteppingClock clock = new SteppingClock(0, 5_000 * US);
        final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(0).clock(clock);
        idle.deadline(DeadlineIdleStrategy.NO_DEADLINE, false);

        idle.idle(0);

        assertEquals(DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS, idle.overshootNs(), "a preemption, not a park");
    }

    @Test
    void shouldRefuseANegativeWindow()
    {
        assertThrows(IllegalArgumentException.class, () -> new DeadlineIdleStrategy(-1));
    }
}
