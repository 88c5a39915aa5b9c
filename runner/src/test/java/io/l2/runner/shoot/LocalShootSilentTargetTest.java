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
import io.l2.runner.cli.ExitCode;
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
 * sent times out, none is answered, and the shoot still ends on time: the profile, one timeout, and start-up (the
 * preflight probe waits 1 s for its answer, the shooter starts 200 ms after launch).
 */
@Tag("real-server")
class LocalShootSilentTargetTest
{
    private static final int DURATION_S = 2;
    private static final long TIMEOUT_MS = 500;
    private static final long START_SLACK_MS = 3000;

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
            final String report = "const(2000,2s) against a black hole, timeout 500ms, in " + wallMs + " ms\n" +
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
            assertTrue(wallMs <= TimeUnit.SECONDS.toMillis(DURATION_S) + TIMEOUT_MS + START_SLACK_MS,
                "ends on time (profile + timeout + start-up): " + report);
        }
    }
}
