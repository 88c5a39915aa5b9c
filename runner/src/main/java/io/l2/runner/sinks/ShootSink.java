/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.util.List;
import java.util.Map;

import io.l2.engine.aggregate.SecondStats;

/**
 * Told of a shoot as it runs, on the runner's progress thread: the start instant, then each merged second once, as it
 * is printed. An implementation must return quickly (hand the work to a thread of its own) and must not keep the rows
 * past the call (they belong to the caller).
 */
public interface ShootSink
{
    /** A sink that does nothing. */
    ShootSink NONE = new ShootSink()
    {
        public void onStart(final long startEpochNs)
        {
        }

        public void onSecond(final SecondStats merged, final Map<String, SecondStats> byHost)
        {
        }
    };

    /**
     * Tells every sink, in order; asks for an abort when any of them does.
     *
     * @param sinks the sinks.
     * @return one sink for all of them ({@link #NONE} for none, the sink itself for one).
     */
    static ShootSink all(final List<ShootSink> sinks)
    {
        final List<ShootSink> copy = List.copyOf(sinks);
        if (copy.isEmpty())
        {
            return NONE;
        }
        if (1 == copy.size())
        {
            return copy.get(0);
        }
        return new ShootSink()
        {
            public void onStart(final long startEpochNs)
            {
                copy.forEach((sink) -> sink.onStart(startEpochNs));
            }

            public void onSecond(final SecondStats merged, final Map<String, SecondStats> byHost)
            {
                copy.forEach((sink) -> sink.onSecond(merged, byHost));
            }

            public boolean abortRequested()
            {
                return copy.stream().anyMatch(ShootSink::abortRequested);
            }
        };
    }

    /**
     * The profile's start instant is fixed (before the first second).
     *
     * @param startEpochNs the wall-clock instant of second 0, ns since the epoch.
     */
    void onStart(long startEpochNs);

    /**
     * One complete second, merged over the hosts.
     *
     * @param merged the second of the whole shoot.
     * @param byHost the same second of each host that sent it (one entry for an in-process shoot).
     */
    void onSecond(SecondStats merged, Map<String, SecondStats> byHost);

    /**
     * @return true when the sink asks the shoot to stop (Lunapark answered 410: stopped from its web page).
     */
    default boolean abortRequested()
    {
        return false;
    }
}
