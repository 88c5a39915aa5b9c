/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.nio.file.Path;
import java.util.Map;

import io.l2.engine.test.NsdServer;
import io.l2.engine.test.UnboundServer;
import io.l2.engine.test.ZoneWriter;
import io.l2.runner.base.ExitCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.runner.shoot.ShootHarness.number;
import static io.l2.runner.shoot.ShootHarness.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance: {@code transport: tcp} against a real unbound (resolving through its stub zone to a real NSD): every
 * query answered with the rcode the ammo implies, and unbound's own count of queries it took over TCP
 * ({@code num.query.tcp}, from {@code unbound-control stats_noreset}) equal to what l2 says it sent — pipelined on a
 * few connections, and one query at a time on a connection per worker.
 */
@Tag("real-server")
class LocalShootTcpTest
{
    private static final ZoneWriter ZONE = ZoneWriter.exampleTest(200);
    private static final ZoneAmmo AMMO = ZoneAmmo.of(ZONE, 997, 7);
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "async, pipelined         | mode: async\\ntransport: tcp\\n                                  | 0",
        "sync, 4 connections each one query at a time | mode: sync\\ninstances: 4\\ntransport: {protocol: tcp, " +
            "pipeline: false}\\n | 4",
    })
    void shouldAnswerEveryQueryOverTcpAndMatchUnboundsOwnCount(
        final String name, final String body, final long connections, @TempDir final Path dir)
    {
        final long tcpBefore = unbound.stats().getOrDefault("num.query.tcp", 0L);
        final ShootHarness harness = new ShootHarness(dir, AMMO.lines());
        final Path plan = harness.plan("tcp.yaml", unbound.address(),
            "schedule: \"const(1000,2s)\"\ntimeout: 2s\n" + body.replace("\\n", "\n"));

        final ShootHarness.Run run = harness.fire(plan);

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        final Map<String, Object> result = run.json();
        final Map<String, Object> totals = object(result, "totals");
        final Map<String, Object> counters = object(result, "counters");
        final Map<String, Long> stats = unbound.stats();
        final String report = name + ": totals " + totals + "\ncounters " + counters + "\nunbound " + stats +
            "\nunbound log:\n" + unbound.logTail();
        final long requested = number(totals, "requested");
        assertEquals(2000, requested, report);
        assertEquals(requested, number(totals, "answered"), "every query answered: " + report);
        final Map<String, Object> rcodes = object(totals, "rcodes");
        final long nxdomain = AMMO.nxdomainCount(requested, 0);
        assertEquals(nxdomain, number(rcodes, ZoneAmmo.NXDOMAIN), report);
        assertEquals(requested - nxdomain, number(rcodes, ZoneAmmo.NOERROR), report);
        assertEquals(requested, number(counters, "sent"), report);
        assertEquals(requested, stats.get("num.query.tcp") - tcpBefore,
            "unbound took over TCP exactly what l2 sent: " + report);
        assertEquals(0, number(counters, "connect_failures") + number(counters, "resets"), report);
        if (0 != connections)
        {
            assertEquals(connections, number(counters, "connections"), report);
        }
        else
        {
            assertTrue(number(counters, "connections") >= 1, report);
        }
    }
}
