/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Idles until the shooter's next deadline instead of backing off blindly. After each duty cycle the agent says when
 * its next query is due and whether responses are awaited ({@link #deadline(long, boolean)}); an idle call then:
 * <ul>
 *     <li>busy-spins to the deadline when it is within the spin horizon: {@link #SPIN_NS} unless the alias sets
 *     another;</li>
 *     <li>when responses are awaited and the deadline is a millisecond or more away, blocks until a socket is
 *     readable or the deadline nears ({@link ReadableWait}: the agent's selector), so a response is read and
 *     timestamped as it arrives;</li>
 *     <li>otherwise parks until the deadline, less the measured park overshoot (how late {@code parkNanos} returns
 *     here, a moving average), but never for less than the batch window: a query due sooner than that waits for it
 *     and goes out with whatever else is due then. While responses are awaited a park lasts at most the window, so
 *     responses are read at most about a window late; with nothing in flight it lasts at most {@link #MAX_PARK_NS}.
 *     </li>
 * </ul>
 * Why a window: each park costs the thread CPU whatever its length (a timer armed, a context switch, on a VM two
 * exits: 13–19 µs of CPU, returning 20–27 µs late, measured on the 2-vCPU KVM guest of 2026-12-07), so waking for
 * every query of a fast schedule costs more than the sends. The window bounds the wake-ups to about one per window,
 * and so the lag it adds to about one window plus the park's jitter (at 100,000 queries/s there, p99 88–112 µs in
 * l2's quietest seconds).
 * <p>
 * A fast schedule is spun through: when the agent says the query after the next one is due a quarter window or less
 * after it ({@link #FAST_INTERVAL_DIVISOR}: at 80,000 queries a second and up on one thread, with the default window),
 * a deadline within the window is spun to instead of parked for. No park can end before such a schedule's next query
 * (a park here returns 20–27 µs late), and its duty cycles already keep the core mostly busy, so spinning costs
 * little more CPU and takes the window's lag away; a slower schedule (50,000 a second: a query every 20 µs) keeps the
 * window and its CPU. The schedule's pace, not the time left after a duty cycle, is what tells them apart: the time
 * left moves with the duty cycle's length, the pace does not.
 * <p>
 * A longer spin horizon trades the core for lag: with {@code deadline:50000:SPIN_NS} a query due within
 * {@code SPIN_NS} is spun to instead of waiting for the window, so a schedule whose duty cycle leaves the next query
 * that close spins from query to query (the whole core, a lag of about one duty cycle). On that guest no horizon
 * derived from the park's cost told 100,000 queries/s from 50,000: each one that cut the lag at 100k also spun
 * through 50k, at the whole core instead of about 60% (docs/performance.md). Use it where the core is the shooter's.
 * <p>
 * Alias {@code deadline[:WINDOW_NS[:SPIN_NS]]}, default window {@link #WINDOW_DEFAULT_NS}, default horizon
 * {@link #SPIN_NS}.
 * <p>
 * Thread: one per agent thread (it keeps state); every method but the constructor is called on that thread.
 */
public final class DeadlineIdleStrategy implements IdleStrategy
{
    /**
     * Blocks until one of the agent's sockets is readable, and reads it.
     */
    @FunctionalInterface
    public interface ReadableWait
    {
        /**
         * @param timeoutMs longest wait, ms (at least 1).
         */
        void awaitReadable(long timeoutMs);
    }

    /**
     * The alias.
     */
    public static final String ALIAS = "deadline";
    /**
     * Default batch window: 50 µs.
     */
    public static final long WINDOW_DEFAULT_NS = TimeUnit.MICROSECONDS.toNanos(50);
    /**
     * Default spin horizon: 2 µs.
     */
    public static final long SPIN_NS = TimeUnit.MICROSECONDS.toNanos(2);
    /**
     * Spin horizon meaning "the default, {@link #SPIN_NS}".
     */
    public static final long SPIN_DEFAULT = -1;
    /**
     * Longest park with nothing in flight: 1 ms.
     */
    public static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * Longest blocking wait for a readable socket: 5 ms (an abort or a due timeout is seen that soon).
     */
    public static final long MAX_WAIT_MS = 5;
    /**
     * The overshoot assumed before any was measured: 50 µs, Linux's default timer slack.
     */
    static final long INITIAL_OVERSHOOT_NS = TimeUnit.MICROSECONDS.toNanos(50);
    /**
     * Deadline meaning "nothing due".
     */
    public static final long NO_DEADLINE = Long.MAX_VALUE;
    /**
     * Interval meaning "no query after the next one", or not told.
     */
    public static final long NO_INTERVAL = Long.MAX_VALUE;
    /**
     * A schedule whose queries come this fraction of the window apart or closer is spun through (see the class):
     * a quarter, 12.5 µs with the default window, 80,000 queries a second and up on one thread.
     */
    public static final int FAST_INTERVAL_DIVISOR = 4;

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int OVERSHOOT_SHIFT = 3;

    private final long windowNs;
    private final long spinNs;
    private NanoClock clock = SystemNanoClock.INSTANCE;
    private ReadableWait readableWait;
    private final long fastIntervalNs;
    private long deadlineNs = NO_DEADLINE;
    private long intervalNs = NO_INTERVAL;
    private boolean awaiting;
    private long overshootNs = INITIAL_OVERSHOOT_NS;

    /**
     * @param windowNs the batch window: the shortest park, and the longest while responses are awaited (0: park
     *                 until each deadline however close, spinning its last {@link #SPIN_NS}).
     */
    public DeadlineIdleStrategy(final long windowNs)
    {
        this(windowNs, SPIN_DEFAULT);
    }

    /**
     * @param windowNs the batch window, as {@link #DeadlineIdleStrategy(long)}.
     * @param spinNs   the spin horizon: a deadline this close or closer is spun to; {@link #SPIN_DEFAULT} for
     *                 {@link #SPIN_NS}.
     */
    public DeadlineIdleStrategy(final long windowNs, final long spinNs)
    {
        if (windowNs < 0)
        {
            throw new IllegalArgumentException("windowNs must be >= 0: " + windowNs);
        }
        if (spinNs < 0 && SPIN_DEFAULT != spinNs)
        {
            throw new IllegalArgumentException("spinNs must be >= 0: " + spinNs);
        }
        this.windowNs = windowNs;
        this.spinNs = spinNs;
        fastIntervalNs = windowNs / FAST_INTERVAL_DIVISOR;
    }

    /**
     * @param clock the clock deadlines are given on (the shooter's); also used to measure the parks.
     * @return this.
     */
    public DeadlineIdleStrategy clock(final NanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /**
     * @param readableWait how to block until a response arrives (the agent's selector), or null to park instead.
     * @return this.
     */
    public DeadlineIdleStrategy readableWait(final ReadableWait readableWait)
    {
        this.readableWait = readableWait;
        return this;
    }

    /**
     * The next deadline, set by the agent at the end of each duty cycle.
     *
     * @param deadlineNs        when the next query is due, on the clock; {@link #NO_DEADLINE} when none is.
     * @param awaitingResponses true when queries are in flight (responses may arrive any time).
     */
    public void deadline(final long deadlineNs, final boolean awaitingResponses)
    {
        deadline(deadlineNs, awaitingResponses, NO_INTERVAL);
    }

    /**
     * The next deadline and the schedule's pace, set by the agent at the end of each duty cycle.
     *
     * @param deadlineNs        when the next query is due, on the clock; {@link #NO_DEADLINE} when none is.
     * @param awaitingResponses true when queries are in flight (responses may arrive any time).
     * @param intervalNs        how long after the next query the one after it is due; {@link #NO_INTERVAL} when
     *                          none is.
     */
    public void deadline(final long deadlineNs, final boolean awaitingResponses, final long intervalNs)
    {
        this.deadlineNs = deadlineNs;
        this.awaiting = awaitingResponses;
        this.intervalNs = intervalNs;
    }

    /**
     * @return the schedule interval at or under which the next query is spun to when it is due within a window.
     */
    public long fastIntervalNs()
    {
        return fastIntervalNs;
    }

    /**
     * @return the deadline last given, on the clock, or {@link #NO_DEADLINE}.
     */
    public long deadlineNs()
    {
        return deadlineNs;
    }

    /**
     * @return true when the last deadline said responses are awaited.
     */
    public boolean awaitingResponses()
    {
        return awaiting;
    }

    /**
     * @return the current estimate of how late a park returns, ns.
     */
    public long overshootNs()
    {
        return overshootNs;
    }

    /**
     * @return the spin horizon in use, ns: a deadline this close or closer is spun to.
     */
    public long spinHorizonNs()
    {
        return SPIN_DEFAULT != spinNs ? spinNs : SPIN_NS;
    }

    /**
     * {@inheritDoc}
     */
    public void idle(final int workCount)
    {
        if (workCount <= 0)
        {
            idle();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void idle()
    {
        final long nowNs = clock.nanoTime();
        final long waitNs = NO_DEADLINE == deadlineNs ? Long.MAX_VALUE : deadlineNs - nowNs;
        if (waitNs <= 0)
        {
            return;
        }
        if (waitNs <= spinHorizonNs() || (intervalNs <= fastIntervalNs && waitNs <= windowNs))
        {
            while (clock.nanoTime() < deadlineNs)
            {
                Thread.onSpinWait();
            }
            return;
        }

        if (awaiting && null != readableWait && waitNs - overshootNs >= MS)
        {
            readableWait.awaitReadable(Math.min(MAX_WAIT_MS, (waitNs - overshootNs) / MS));
            return;
        }

        // wake at the deadline (at the latest a window on while responses are awaited), but not before a window
        final long wakeAfterNs = Math.max(windowNs, Math.min(waitNs, awaiting ? windowNs : MAX_PARK_NS));
        final long parkNs = Math.max(1, wakeAfterNs - overshootNs);
        LockSupport.parkNanos(parkNs);
        final long overNs = clock.nanoTime() - nowNs - parkNs;
        if (overNs >= 0 && overNs < MAX_PARK_NS)
        {
            overshootNs += (overNs - overshootNs) >> OVERSHOOT_SHIFT;
        }
    }

    /**
     * {@inheritDoc}
     */
    public void reset()
    {
    }

    /**
     * {@inheritDoc}
     */
    public String alias()
    {
        return ALIAS;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "DeadlineIdleStrategy{alias=" + ALIAS + ", windowNs=" + windowNs + ", spinNs=" + spinNs +
            ", overshootNs=" + overshootNs + '}';
    }
}
