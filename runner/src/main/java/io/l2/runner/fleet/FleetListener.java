/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.fleet;

import java.time.Instant;
import java.util.Map;

import io.l2.engine.aggregate.SecondStats;

/**
 * What a fleet's shoot ({@link FleetShoot#shoot}) tells as it runs: the merged seconds as they complete and what
 * happens to the hosts. Printing is the implementation's ({@code io.l2.runner.fire.ConsoleShootListener} prints the
 * lines {@code l2 shoot fire} shows). Called on the thread that runs the shoot.
 */
public interface FleetListener
{
    /**
     * A second every shooting host has reported, merged over them (the line per second).
     *
     * @param merged the second, merged.
     */
    void onSecond(SecondStats merged);

    /**
     * The same second per datacenter, when the hosts are in more than one.
     *
     * @param second       the second's index from the start.
     * @param byDatacenter each datacenter's merged row, in the set's order.
     */
    void onDatacenterSeconds(long second, Map<String, SecondStats> byDatacenter);

    /**
     * A host did not take the fire (it refused, or had not answered by the grace after the start instant).
     *
     * @param host   the host.
     * @param reason why, one line.
     */
    void onHostNotShooting(String host, String reason);

    /**
     * An abort was asked for (Ctrl-C, the API, a sink): every host is told to stop.
     */
    void onAborting();

    /**
     * A host went silent for the lease, or never ended: it is lost, what it sent until then is kept.
     *
     * @param host   the host.
     * @param reason why, one line.
     */
    void onHostLost(String host, String reason);

    /**
     * A host ended but not every second it sent arrived.
     *
     * @param host       the host.
     * @param incomplete what is missing, one line.
     */
    void onHostIncomplete(String host, String incomplete);

    /**
     * A host acked the fire after the runner gave up on it: whatever it sent is not counted.
     *
     * @param host the host.
     */
    void onLateAck(String host);

    /**
     * How far apart the hosts' first sends were, measured from each host's first second.
     *
     * @param hostCount  the hosts measured (more than one).
     * @param earliestUs the earliest host's first send after the start instant, in microseconds.
     * @param latestUs   the latest host's, in microseconds.
     * @param start      the start instant.
     */
    void onStartSkew(int hostCount, long earliestUs, long latestUs, Instant start);
}
