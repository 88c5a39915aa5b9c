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
 * Idles until the shooter's next deadline instead of backing off blindly: the agent tells it, after each duty cycle,
 * when its next query is due and whether responses are awaited ({@link #deadline(long, boolean)}); an idle call then
 * parks for the time left minus the measured park overshoot (how late {@code parkNanos} returns on this host, kept
 * as a moving average), and busy-spins only the last {@code spinNs}. While responses are awaited it parks at most
 * {@link #AWAIT_PARK_NS} at a time, so a response is read (and timestamped) within that much of its arrival; with
 * nothing in flight and nothing due it parks at most {@link #MAX_PARK_NS} (an abort is seen that soon).
 * <p>
 * When queries are due closer together than a park can resolve (the overshoot, some 30 µs on a VM with the thread's
 * timer slack at 1 ns, see {@link TimerSlack}), a wake-up finds several due and sends them back to back: the lag
 * stays within about one overshoot and the thread does not spin. Alias {@code deadline[:SPIN_NS]}.
 * <p>
 * Thread: one per agent thread (it keeps state); {@link #deadline} and {@link #idle} are called on that thread.
 */
public final class DeadlineIdleStrategy implements IdleStrategy
{
    /**
     * The alias.
     */
    public static final String ALIAS = "deadline";
    /**
     * Default busy-spin window before a deadline: 2 µs.
     */
    public static final long SPIN_DEFAULT_NS = TimeUnit.MICROSECONDS.toNanos(2);
    /**
     * Longest park while responses are awaited: 50 µs.
     */
    public static final long AWAIT_PARK_NS = TimeUnit.MICROSECONDS.toNanos(50);
    /**
     * Longest park with nothing in flight: 1 ms.
     */
    public static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * The overshoot assumed before any was measured: 50 µs, Linux's default timer slack.
     */
    static final long INITIAL_OVERSHOOT_NS = TimeUnit.MICROSECONDS.toNanos(50);
    /**
     * Deadline meaning "nothing due".
     */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private static final int OVERSHOOT_SHIFT = 3;

    private final long spinNs;
    private NanoClock clock = SystemNanoClock.INSTANCE;
    private long deadlineNs = NO_DEADLINE;
    private boolean awaiting;
    private long overshootNs = INITIAL_OVERSHOOT_NS;

    /**
     * @param spinNs busy-spin when the deadline is this close (0: never spin, always park).
     */
    public DeadlineIdleStrategy(final long spinNs)
    {
        if (spinNs < 0)
        {
            throw new IllegalArgumentException("spinNs must be >= 0: " + spinNs);
        }
        this.spinNs = spinNs;
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
     * The next deadline, set by the agent at the end of each duty cycle.
     *
     * @param deadlineNs        when the next query is due, on the clock; {@link #NO_DEADLINE} when none is.
     * @param awaitingResponses true when queries are in flight (responses may arrive any time).
     */
    public void deadline(final long deadlineNs, final boolean awaitingResponses)
    {
        this.deadlineNs = deadlineNs;
        this.awaiting = awaitingResponses;
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
        if (waitNs <= spinNs)
        {
            while (waitNs > 0 && clock.nanoTime() < deadlineNs)
            {
                Thread.onSpinWait();
            }
            return;
        }

        final long capNs = awaiting ? AWAIT_PARK_NS : MAX_PARK_NS;
        final long parkNs = Math.max(1, Math.min(capNs, waitNs - overshootNs));
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
        return "DeadlineIdleStrategy{alias=" + ALIAS + ", spinNs=" + spinNs + ", overshootNs=" + overshootNs + '}';
    }
}
