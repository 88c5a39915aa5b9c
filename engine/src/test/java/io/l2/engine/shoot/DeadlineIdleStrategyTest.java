package io.l2.engine.shoot;

import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deadline idle strategy on a clock that moves a fixed step each time it is read: which path it takes (spin or
 * park) and what it learns of the park overshoot are exact. Its parks are real but at most 50 µs.
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
    void shouldParkAtMostTheAwaitCapAndLearnTheOvershootWhenResponsesAreAwaited()
    {
        final SteppingClock clock = new SteppingClock(0, 80 * US);
        final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(2 * US).clock(clock);
        idle.deadline(10_000 * US, true);

        idle.idle(0);

        // parked AWAIT_PARK_NS (50 µs), the clock says 80 µs passed: 30 µs over, averaged in at 1/8
        final long overNs = 80 * US - DeadlineIdleStrategy.AWAIT_PARK_NS;
        assertEquals(DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS +
            ((overNs - DeadlineIdleStrategy.INITIAL_OVERSHOOT_NS) >> 3), idle.overshootNs());
    }

    @Test
    void shouldParkTheWaitLessTheOvershootWhenTheDeadlineIsNear()
    {
        // deadline 60 µs away, overshoot 50 µs: a 10 µs park; the clock says 20 µs passed: 10 µs over
        final SteppingClock clock = new SteppingClock(0, 20 * US);
        final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(2 * US).clock(clock);
        idle.deadline(60 * US, false);

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
    void shouldRefuseANegativeSpinWindow()
    {
        assertThrows(IllegalArgumentException.class, () -> new DeadlineIdleStrategy(-1));
    }
}
