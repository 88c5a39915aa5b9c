/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

import io.l2.engine.test.NsdServer;
import io.l2.engine.test.TestCertificates;
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
 * Acceptance: {@code transport: tcp}, {@code dot} and {@code doh} against a real unbound (resolving through its stub
 * zone to a real NSD; DNS over TLS and over HTTPS with a certificate made for the test, verified against its CA): every
 * query answered with the rcode the ammo implies, and unbound's own count of the queries it took on that transport
 * ({@code num.query.tcp}, {@code num.query.tls}, {@code num.query.https}, from {@code unbound-control stats_noreset})
 * equal to what l2 says it sent — pipelined on a few connections, one query at a time on a connection per worker, and
 * over HTTP/2 by POST and by GET.
 */
@Tag("real-server")
class LocalShootTcpTest
{
    private static final ZoneWriter ZONE = ZoneWriter.exampleTest(200);
    private static final ZoneAmmo AMMO = ZoneAmmo.of(ZONE, 997, 7);
    private static final String TLS_NAME = "dot.l2.test";
    @TempDir
    static Path certificateDir;
    private static TestCertificates certificates;
    private static NsdServer nsd;
    private static UnboundServer unbound;

    @BeforeAll
    static void startServers()
    {
        certificates = TestCertificates.make(certificateDir, TLS_NAME, null, 2);
        nsd = NsdServer.start(ZONE);
        try
        {
            unbound = UnboundServer.startWithTls(ZONE.origin(), nsd.address(), certificates);
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
        "tcp, async, pipelined | num.query.tcp | mode: async\\ntransport: tcp\\n | 0",
        "tcp, sync, 4 connections each one query at a time | num.query.tcp | mode: sync\\ninstances: 4\\n" +
            "transport: {protocol: tcp, pipeline: false}\\n | 4",
        "dot, async, pipelined, certificate verified | num.query.tls | mode: async\\ntransport: {protocol: dot, " +
            "server-name: dot.l2.test, ca-file: CA}\\n | 0",
        "doh, async, POST on 2 connections, certificate verified | num.query.https | mode: async\\n" +
            "transport: {protocol: doh, connections: 2, server-name: dot.l2.test, ca-file: CA}\\n | 2",
        "doh, sync, GET, certificate verified | num.query.https | mode: sync\\ninstances: 20\\n" +
            "transport: {protocol: doh, method: GET, path: /dns-query, server-name: dot.l2.test, ca-file: CA}\\n | 0",
    })
    void shouldAnswerEveryQueryAndMatchUnboundsOwnCount(
        final String name, final String counter, final String body, final long connections, @TempDir final Path dir)
    {
        final long counterBefore = unbound.stats().getOrDefault(counter, 0L);
        final ShootHarness harness = new ShootHarness(dir, AMMO.lines());
        final InetSocketAddress target = "num.query.tls".equals(counter) ? unbound.tlsAddress() :
            "num.query.https".equals(counter) ? unbound.httpsAddress() : unbound.address();
        final Path plan = harness.plan("transport.yaml", target,
            "schedule: \"const(1000,2s)\"\ntimeout: 2s\n" + body.replace("\\n", "\n")
            .replace("ca-file: CA", "ca-file: \"" + certificates.caPem() + "\""));

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
        assertEquals(requested, stats.get(counter) - counterBefore,
            "unbound counted (" + counter + ") exactly what l2 sent: " + report);
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
