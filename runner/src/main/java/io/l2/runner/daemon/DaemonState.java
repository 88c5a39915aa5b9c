/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

import io.l2.engine.shoot.ShooterCounter;
import io.l2.transport.auth.Rejection;

/**
 * What the daemon is doing: waiting for jobs or shooting one shoot, since when it runs, how many shoots it ran and
 * the shooter counters summed over them. Thread-safe: the HTTP threads read it while the shoot's owner changes it.
 */
public final class DaemonState
{
    /** The state while no shoot runs (as {@code systemctl status l2} shows it). */
    public static final String WAITING = "waiting for jobs";

    /** The state while a shoot runs. */
    public static final String SHOOTING = "shooting";

    private static final ShooterCounter[] COUNTERS = ShooterCounter.values();
    private static final int COUNTER_COUNT = COUNTERS.length;

    private final LongSupplier nanoClock;
    private final long startedNs;
    private final long[] counters = new long[COUNTER_COUNT];
    private final AtomicLongArray apiRejectedCounts = new AtomicLongArray(ApiRejection.values().length);
    private String shootId;
    private Runnable abort;
    private long shootCount;
    private volatile long controlMessageCount;
    private volatile long controlMalformedCount;
    private volatile long controlUnauthenticatedCount;
    private volatile long controlStaleCount;
    private volatile long controlReplayedCount;
    private volatile boolean controlAuthenticated;

    /**
     * @param nanoClock a monotonic clock in ns ({@link System#nanoTime} outside tests); uptime counts from now.
     */
    public DaemonState(final LongSupplier nanoClock)
    {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.startedNs = nanoClock.getAsLong();
    }

    /**
     * @return ns since this state was made.
     */
    public long uptimeNs()
    {
        return nanoClock.getAsLong() - startedNs;
    }

    /**
     * Publishes the control plane's counts; called by the control thread only.
     *
     * @param messageCount   valid control messages received from other hosts since start.
     * @param malformedCount control messages dropped as malformed or of an unknown template since start.
     */
    public void controlCounts(final long messageCount, final long malformedCount)
    {
        controlMessageCount = messageCount;
        controlMalformedCount = malformedCount;
    }

    /**
     * Publishes the control plane's rejections; called by the control thread only.
     *
     * @param unauthenticatedCount messages dropped as unauthenticated since start.
     * @param staleCount           messages dropped as stale since start.
     * @param replayedCount        messages dropped as replayed since start.
     */
    public void controlRejections(final long unauthenticatedCount, final long staleCount, final long replayedCount)
    {
        controlUnauthenticatedCount = unauthenticatedCount;
        controlStaleCount = staleCount;
        controlReplayedCount = replayedCount;
    }

    /**
     * @param rejection a reason.
     * @return control messages dropped for it since start ({@link Rejection#MALFORMED}: as
     * {@link #controlMalformedCount()}).
     */
    public long controlRejectedCount(final Rejection rejection)
    {
        return switch (rejection)
        {
            case UNAUTHENTICATED -> controlUnauthenticatedCount;
            case STALE -> controlStaleCount;
            case REPLAYED -> controlReplayedCount;
            case MALFORMED -> controlMalformedCount;
        };
    }

    /**
     * @param authenticated whether the control plane has a cluster key (signs and checks every message).
     */
    public void controlAuthenticated(final boolean authenticated)
    {
        controlAuthenticated = authenticated;
    }

    /**
     * @return whether the control plane has a cluster key.
     */
    public boolean controlAuthenticated()
    {
        return controlAuthenticated;
    }

    /**
     * @return valid control messages received from other hosts since start.
     */
    public long controlMessageCount()
    {
        return controlMessageCount;
    }

    /**
     * @return control messages dropped as malformed since start.
     */
    public long controlMalformedCount()
    {
        return controlMalformedCount;
    }

    /**
     * Counts one request the REST API refused; called on any HTTP thread.
     *
     * @param reason why it was refused.
     */
    public void apiRejected(final ApiRejection reason)
    {
        apiRejectedCounts.incrementAndGet(reason.ordinal());
    }

    /**
     * @param reason why requests were refused.
     * @return the requests the REST API refused for that reason since start.
     */
    public long apiRejectedCount(final ApiRejection reason)
    {
        return apiRejectedCounts.get(reason.ordinal());
    }

    /**
     * @return {@link #WAITING} or {@link #SHOOTING}.
     */
    public synchronized String stateName()
    {
        return null == shootId ? WAITING : SHOOTING;
    }

    /**
     * @return the id of the shoot running now, or null.
     */
    public synchronized String shootId()
    {
        return shootId;
    }

    /**
     * @return the number of shoots begun since the daemon started.
     */
    public synchronized long shootCount()
    {
        return shootCount;
    }

    /**
     * @param counter one shooter counter.
     * @return its sum over the shoots that ended (a {@link ShooterCounter#isMaximum() maximum}: the largest).
     */
    public synchronized long counter(final ShooterCounter counter)
    {
        return counters[counter.ordinal()];
    }

    /**
     * Marks a shoot as running.
     *
     * @param id    the shoot's id.
     * @param abort what stops it when {@link #abort(String)} is called for this id (called on the caller's thread).
     * @return false (and nothing changes) when another shoot is running.
     */
    public synchronized boolean beginShoot(final String id, final Runnable abort)
    {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(abort, "abort");
        if (null != shootId)
        {
            return false;
        }
        shootId = id;
        this.abort = abort;
        shootCount++;
        return true;
    }

    /**
     * Marks the running shoot as ended and adds its counters.
     *
     * @param id           the shoot's id.
     * @param shootCounters its counters, indexed by {@link ShooterCounter#ordinal()}.
     * @throws IllegalStateException when that shoot is not the one running.
     */
    public synchronized void endShoot(final String id, final long[] shootCounters)
    {
        if (!id.equals(shootId))
        {
            throw new IllegalStateException("not shooting " + id + " (shooting: " + shootId + ")");
        }
        if (COUNTER_COUNT != shootCounters.length)
        {
            throw new IllegalArgumentException("expected " + COUNTER_COUNT + " counters: " + shootCounters.length);
        }
        for (int i = 0; i < COUNTER_COUNT; i++)
        {
            counters[i] = COUNTERS[i].isMaximum() ?
                Math.max(counters[i], shootCounters[i]) : counters[i] + shootCounters[i];
        }
        shootId = null;
        abort = null;
    }

    /**
     * Asks the running shoot to stop, when it is the one named.
     *
     * @param id the shoot's id.
     * @return true when that shoot was running and was asked to stop; false when it is not running here.
     */
    public boolean abort(final String id)
    {
        final Runnable toRun;
        synchronized (this)
        {
            if (!id.equals(shootId))
            {
                return false;
            }
            toRun = abort;
        }
        toRun.run();
        return true;
    }
}
