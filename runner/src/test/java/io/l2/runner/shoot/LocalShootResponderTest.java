/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.l2.runner.base.ExitCode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

import static io.l2.runner.shoot.ShootHarness.list;
import static io.l2.runner.shoot.ShootHarness.number;
import static io.l2.runner.shoot.ShootHarness.object;
import static io.l2.runner.shoot.ShootHarness.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-process shoot with l2's embedded responder ({@code --responder ZONE}, as the quick start): the examples'
 * zone and ammo, a free loopback port. Every query is answered, and the rcodes are the ones dnsjava's own zone
 * lookup gives for the ammo (the oracle).
 */
@Tag("real-server")
class LocalShootResponderTest
{
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Path ZONE_FILE = EXAMPLES.resolve("zone").resolve("l2.test.zone");
    private static final Path AMMO_FILE = EXAMPLES.resolve("ammo").resolve("ns-cache.txt");

    @Test
    void shouldAnswerEveryQueryWhenShootingEmbeddedResponderWithExamplesZone(@TempDir final Path dir)
        throws IOException
    {
        final List<String> ammo = Files.readAllLines(AMMO_FILE, StandardCharsets.UTF_8).stream()
            .filter((line) -> !line.isBlank() && !line.startsWith("#") && !line.startsWith(";"))
            .toList();
        final ShootHarness harness = new ShootHarness(dir, ammo);
        final Path plan = harness.plan("responder.yaml", freeLoopbackPort(),
            "schedule: \"const(5000,2s)\"\ninstances: 4\nmode: async\ntimeout: 1s\n");

        final ShootHarness.Run run = harness.fire(plan, "--responder", ZONE_FILE.toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        final Map<String, Object> result = run.json();
        final Map<String, Object> totals = object(result, "totals");
        final String report = "const(5000,2s) against the embedded responder\ntotals " + totals + "\ncounters " +
            result.get("counters") + "\n" + run.shooterThreads() + "\n" + table(list(result, "seconds")) + run.err();
        System.out.println(report);

        final long requested = number(totals, "requested");
        assertEquals(10_000, requested, report);
        assertEquals(requested, number(totals, "sent"), report);
        assertEquals(requested, number(totals, "answered"), report);
        assertEquals(0, number(totals, "timeouts"), report);
        assertEquals(0, number(totals, "errors"), report);

        final Zone zone = new Zone(Name.fromString("l2.test."), ZONE_FILE.toString());
        long nxdomain = 0;
        for (long i = 0; i < requested; i++)
        {
            final String[] fields = ammo.get((int)(i % ammo.size())).trim().split("\\s+");
            if (zone.findRecords(Name.fromString(fields[0], Name.root), Type.value(fields[1])).isNXDOMAIN())
            {
                nxdomain++;
            }
        }
        final Map<String, Object> rcodes = object(totals, "rcodes");
        assertTrue(nxdomain > 0, "the examples' ammo has NXDOMAIN names");
        assertEquals(nxdomain, number(rcodes, "NXDOMAIN"), report);
        assertEquals(requested - nxdomain, number(rcodes, "NOERROR"), report);
    }

    private static InetSocketAddress freeLoopbackPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
    }
}
