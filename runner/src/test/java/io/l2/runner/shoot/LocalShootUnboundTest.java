/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.l2.engine.test.NsdServer;
import io.l2.engine.test.UnboundServer;
import io.l2.engine.test.ZoneWriter;
import io.l2.runner.base.ExitCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.runner.shoot.ShootHarness.list;
import static io.l2.runner.shoot.ShootHarness.number;
import static io.l2.runner.shoot.ShootHarness.object;
import static io.l2.runner.shoot.ShootHarness.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance: the closed model's ceiling. Two sync workers shoot a real unbound that resolves every query through
 * its stub zone to a real NSD (caching off), at a rate two workers cannot reach: the shoot shows achieved below
 * requested, counts the lag, and counts what it never sent as dropped (requested = sent + dropped, exactly), and it
 * still ends on time. Tagged 'timing' (it bounds when the shoot ends): it runs in a JVM of its own.
 */
@Tag("real-server")
@Tag("timing")
class LocalShootUnboundTest
{
    private static final ZoneWriter ZONE = ZoneWriter.exampleTest(200);
    private static final ZoneAmmo AMMO = ZoneAmmo.of(ZONE, 997, 7);
    private static final int DURATION_S = 3;
    private static final long TIMEOUT_MS = 1000;
    /** After the profile's end and one timeout: the last reads, the aggregation's drain, the result written. */
    private static final long END_SLACK_MS = 2000;
    private static NsdServer nsd;
    private static UnboundServer unbound;

    @BeforeAll
    static void startServers()
    {
        nsd = NsdServer.start(ZONE);
        try
        {
            unbound = UnboundServer.start(ZONE.origin(), nsd.address());
        }
        catch (final RuntimeException ex)
        {
            nsd.close();
            throw ex;
        }
    }

    @AfterAll
    static void stopServers()
    {
        try
        {
            if (null != unbound)
            {
                unbound.close();
            }
        }
        finally
        {
            if (null != nsd)
            {
                nsd.close();
            }
        }
    }

    @Test
    void shouldShowClosedModelCeilingWhenSyncShootWithTwoWorkersThroughUnbound(@TempDir final Path dir)
    {
        final ShootHarness harness = new ShootHarness(dir, AMMO.lines());
        final Path plan = harness.plan("sync-unbound.yaml", unbound.address(),
            "schedule: \"const(50000," + DURATION_S + "s)\"\ninstances: 2\nmode: sync\ntimeout: " + TIMEOUT_MS +
            "ms\n");

        final ShootHarness.Run run = harness.fire(plan);

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        final Map<String, Object> result = run.json();
        final Map<String, Object> totals = object(result, "totals");
        final Map<String, Object> counters = object(result, "counters");
        final List<Map<String, Object>> seconds = list(result, "seconds");
        final long wallMs = TimeUnit.NANOSECONDS.toMillis(run.wallNs());
        final String report = "const(50000,3s) sync, 2 workers, through unbound in " + wallMs + " ms, ended " +
            run.msFromProfileStart() + " ms after the profile's start\n" +
            "totals " + totals + "\ncounters " + counters + "\n" + run.shooterThreads() + "\n" + table(seconds) +
            "unbound log:\n" +
            unbound.logTail();
        System.out.println(report);

        final long requested = number(totals, "requested");
        final long sent = number(totals, "sent");
        final long dropped = number(totals, "dropped");
        assertEquals(50_000L * DURATION_S, requested, report);
        assertTrue(sent < requested, "two sync workers cannot keep up: " + report);
        assertTrue(dropped > 0, "what was never sent is counted as dropped: " + report);
        assertEquals(requested, sent + dropped + number(counters, "send_errors"), "nothing hidden: " + report);
        assertEquals(requested, number(totals, "answered") + number(totals, "timeouts") + number(totals, "errors") +
            dropped, "every query has one outcome: " + report);
        assertEquals(sent, number(counters, "sent"), report);
        assertEquals(dropped, number(counters, "discarded"), report);
        assertTrue(number(totals, "answered") > 0, report);

        assertTrue(number(counters, "lagged") > 0, "the lag is counted: " + report);
        assertTrue(number(counters, "max_lag_ns") > TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS),
            "behind by more than a timeout at the end: " + report);

        long achieved = 0;
        for (final Map<String, Object> second : seconds)
        {
            achieved += number(second, "achieved");
        }
        assertEquals(sent, achieved, "every sent query is in the second it was sent: " + report);
        for (int t = 0; t < DURATION_S; t++)
        {
            assertTrue(number(seconds.get(t), "achieved") < number(seconds.get(t), "requested"),
                "second " + t + " below the requested rate: " + report);
        }
        assertTrue(run.msFromProfileStart() <= TimeUnit.SECONDS.toMillis(DURATION_S) + TIMEOUT_MS + END_SLACK_MS,
            "ends on time (the profile's start + its length + a timeout): " + run.msFromProfileStart() + " ms\n" +
            report);
    }
}
