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
import io.l2.runner.report.HtmlReport;
import io.l2.runner.report.ReportPages;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.runner.shoot.ShootHarness.list;
import static io.l2.runner.shoot.ShootHarness.number;
import static io.l2.runner.shoot.ShootHarness.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real in-process shoot at l2's embedded responder leaves {@code report.html} in its results folder, and
 * {@code l2 report} (by id, by path), {@code l2 replay} and a bare queue directory give the report back.
 */
@Tag("real-server")
class LocalShootReportTest
{
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Path ZONE_FILE = EXAMPLES.resolve("zone").resolve("l2.test.zone");
    private static final Path AMMO_FILE = EXAMPLES.resolve("ammo").resolve("ns-cache.txt");

    @Test
    void shouldRegenerateIdenticalReportWhenReportingShootFolder(@TempDir final Path dir) throws IOException
    {
        final List<String> ammo = Files.readAllLines(AMMO_FILE, StandardCharsets.UTF_8).stream()
            .filter((line) -> !line.isBlank() && !line.startsWith("#") && !line.startsWith(";"))
            .toList();
        final ShootHarness harness = new ShootHarness(dir, ammo);
        final Path plan = harness.plan("report.yaml", freeLoopbackPort(),
            "schedule: \"const(1000,2s)\"\ninstances: 2\nmode: async\ntimeout: 1s\n");

        final ShootHarness.Run shot = harness.fire(plan, "--responder", ZONE_FILE.toString());

        assertEquals(ExitCode.OK, shot.exitCode(), shot.err());
        final Map<String, Object> result = shot.json();
        final String id = (String)result.get("id");
        final Path folder = Path.of((String)result.get("results"));
        final Path reportFile = folder.resolve(HtmlReport.REPORT_FILE);
        final String original = Files.readString(reportFile, StandardCharsets.UTF_8);
        final Map<String, Object> data = ReportPages.data(original);
        assertEquals(list(result, "seconds").size(), number(data, "n"));
        assertEquals(number(object(result, "totals"), "answered"), sum(object(data, "total").get("answered")));
        assertTrue(original.contains(id) && original.contains("report.yaml"), "the shoot's id and description");

        Files.delete(reportFile);
        final ShootHarness.Run byId = ShootHarness.run("report", id, "--config", harness.config().toString());
        assertEquals(ExitCode.OK, byId.exitCode(), byId.err());
        assertEquals("report " + reportFile + " (from the queues, ", byId.out().substring(0,
            byId.out().indexOf(", ") + 2));
        assertEquals(original, Files.readString(reportFile, StandardCharsets.UTF_8), "l2 report ID");

        final Path other = dir.resolve("other.html");
        final ShootHarness.Run byPath = ShootHarness.run("report", folder.toString(), "--output", other.toString());
        assertEquals(ExitCode.OK, byPath.exitCode(), byPath.err());
        assertEquals(original, Files.readString(other, StandardCharsets.UTF_8), "l2 report PATH --output FILE");

        Files.delete(reportFile);
        final ShootHarness.Run replay = harness.replay(folder);
        assertEquals(ExitCode.OK, replay.exitCode(), replay.err());
        assertEquals(original, Files.readString(reportFile, StandardCharsets.UTF_8), "l2 replay FOLDER");

        final Path queue = Path.of((String)list(result, "hosts").get(0).get("queue"));
        final Path moved = dir.resolve("moved-queue");
        Files.move(queue, moved);
        final Path fromJson = dir.resolve("from-json.html");
        final ShootHarness.Run withoutQueues = ShootHarness.run("report", folder.toString(), "--output",
            fromJson.toString());
        assertEquals(ExitCode.OK, withoutQueues.exitCode(), withoutQueues.err());
        assertTrue(withoutQueues.out().contains("from result.json"), withoutQueues.out());
        final Map<String, Object> jsonData = ReportPages.data(Files.readString(fromJson, StandardCharsets.UTF_8));
        assertEquals(data.get("total"), jsonData.get("total"), "the merged seconds are the same from result.json");

        final Path fromQueue = dir.resolve("from-queue.html");
        final ShootHarness.Run queueOnly = ShootHarness.run("report", moved.toString(), "--output",
            fromQueue.toString());
        assertEquals(ExitCode.OK, queueOnly.exitCode(), queueOnly.err());
        assertTrue(queueOnly.out().contains("from the queue directory"), queueOnly.out());
        final String queuePage = Files.readString(fromQueue, StandardCharsets.UTF_8);
        final Map<String, Object> queueData = ReportPages.data(queuePage);
        assertEquals(object(data, "total").get("sent"), object(queueData, "total").get("sent"));
        assertEquals(object(data, "total").get("p99_us"), object(queueData, "total").get("p99_us"));
        assertFalse(queuePage.contains("ammo offset"), "no plan without shoot.json");
    }

    private static long sum(final Object column)
    {
        long sum = 0;
        for (final Object value : (List<?>)column)
        {
            sum += ((Number)value).longValue();
        }
        return sum;
    }

    private static InetSocketAddress freeLoopbackPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
    }
}
