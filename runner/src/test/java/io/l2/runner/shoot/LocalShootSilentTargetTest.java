/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.l2.engine.test.ZoneWriter;
import io.l2.runner.base.ExitCode;
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
 * Acceptance: a target that drops everything (a bound UDP socket nobody reads, so no ICMP error either). Every query
 * sent times out, none is answered, and the shoot still ends on time: the profile and one timeout from the profile's
 * start (printed once the shooter is warmed up; the preflight probe's 1 s wait and the warm-up come before it).
 * Tagged 'timing' (it bounds when the shoot ends): it runs in a JVM of its own.
 */
@Tag("real-server")
@Tag("timing")
class LocalShootSilentTargetTest
{
    private static final int DURATION_S = 2;
    private static final long TIMEOUT_MS = 500;
    /** After the profile's end and one timeout: the last reads, the aggregation's drain, the result written. */
    private static final long END_SLACK_MS = 2000;

    @Test
    void shouldTimeOutEverySentQueryAndEndOnTimeWhenTargetDropsEverything(@TempDir final Path dir) throws IOException
    {
        final ShootHarness harness = new ShootHarness(dir, ZoneAmmo.of(ZoneWriter.exampleTest(50), 101, 3).lines());
        try (DatagramChannel blackHole = DatagramChannel.open())
        {
            blackHole.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final Path plan = harness.plan("silent.yaml", (InetSocketAddress)blackHole.getLocalAddress(),
                "schedule: \"const(2000," + DURATION_S + "s)\"\ninstances: 10\nmode: async\ntimeout: " + TIMEOUT_MS +
                "ms\n");

            final ShootHarness.Run run = harness.fire(plan);

            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            final Map<String, Object> result = run.json();
            final Map<String, Object> totals = object(result, "totals");
            final Map<String, Object> counters = object(result, "counters");
            final List<Map<String, Object>> seconds = list(result, "seconds");
            final long wallMs = TimeUnit.NANOSECONDS.toMillis(run.wallNs());
            final String report = "const(2000,2s) against a black hole, timeout 500ms, in " + wallMs + " ms, " +
                "ended " + run.msFromProfileStart() + " ms after the profile's start\n" +
                "totals " + totals + "\ncounters " + counters + "\n" + run.shooterThreads() + "\n" + table(seconds) +
                run.err();
            System.out.println(report);

            final long sent = number(totals, "sent");
            assertEquals(2000L * DURATION_S, number(totals, "requested"), report);
            assertEquals(number(totals, "requested"), sent, report);
            assertEquals(sent, number(totals, "timeouts"), report);
            assertEquals(0, number(totals, "answered"), report);
            assertEquals(0, number(totals, "dropped"), report);
            assertEquals(sent, number(counters, "timeouts"), report);
            assertTrue(run.err().contains("did not answer a probe query"), report);
            assertTrue(run.msFromProfileStart() <= TimeUnit.SECONDS.toMillis(DURATION_S) + TIMEOUT_MS + END_SLACK_MS,
                "ends on time (the profile's start + its length + a timeout): " + run.msFromProfileStart() + " ms\n" +
                report);
        }
    }
}
