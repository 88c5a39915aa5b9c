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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.l2.engine.responder.Responder;
import io.l2.engine.responder.ZoneAnswers;
import io.l2.runner.base.ExitCode;
import io.l2.runner.report.ReportBrowser;
import io.l2.runner.results.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.runner.shoot.ShootHarness.list;
import static io.l2.runner.shoot.ShootHarness.number;
import static io.l2.runner.shoot.ShootHarness.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code l2 shoot capacity --output json} against l2's embedded responder, which answers every rate tried: a short
 * search that passes up to {@code --to} says "at least", the JSON on stdout is {@code capacity.json}, the trials'
 * lines go to stderr, and {@code capacity.html} renders in headless Chromium (when it is installed) with no script
 * error.
 */
@Tag("real-server")
class CapacityResponderTest
{
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Path ZONE_FILE = EXAMPLES.resolve("zone").resolve("l2.test.zone");
    private static final Path AMMO_FILE = EXAMPLES.resolve("ammo").resolve("ns-cache.txt");

    @Test
    void shouldSayAtLeastToInJsonWhenEveryRatePasses(@TempDir final Path dir) throws Exception
    {
        final List<String> ammo = Files.readAllLines(AMMO_FILE, StandardCharsets.UTF_8).stream()
            .filter((line) -> !line.isBlank() && !line.startsWith("#") && !line.startsWith(";"))
            .toList();
        final ShootHarness harness = new ShootHarness(dir, ammo);
        final InetSocketAddress target = freeLoopbackPort();
        final Path plan = harness.plan("capacity.yaml", target,
            "schedule: \"const(5000,2s)\"\ninstances: 4\nmode: async\ntimeout: 500ms\n");
        try (Responder responder = Responder.launch(target, ZoneAnswers.load(ZONE_FILE, null), "backoff"))
        {
            final ShootHarness.Run run = ShootHarness.run("shoot", "capacity", "--config",
                harness.config().toString(), "--file", plan.toString(), "--slo", "loss<=1%,p99.9<=500ms,refused<=0%",
                "--from", "200", "--to", "400", "--trial", "1s", "--hold", "1s", "--pause", "0", "--output", "json",
                "--idle", "backoff", "--no-warmup", "--max-lag", "250ms");
            final String report = "stdout:\n" + run.out() + "\nstderr:\n" + run.err();
            System.out.println(report);

            assertEquals(ExitCode.OK, run.exitCode(), report);
            final Map<String, Object> json = run.json();
            assertEquals("at_least_to", json.get("status"), report);
            assertEquals(400L, number(json, "capacity"), report);
            final Map<String, Object> bracket = new HashMap<>(object(json, "bracket"));
            assertEquals(400L, number(bracket, "last_pass"), report);
            assertTrue(bracket.containsKey("first_fail"), report);
            assertNull(bracket.get("first_fail"), report);
            final List<Map<String, Object>> trials = list(json, "trials");
            assertEquals(List.of("ramp", "ramp", "confirm"), trials.stream().map((t) -> t.get("phase")).toList(),
                report);
            for (final Map<String, Object> trial : trials)
            {
                assertTrue(run.err().contains((String)trial.get("shoot")), "stderr has the trial's line: " + report);
                assertEquals("pass", trial.get("verdict"), report);
                assertEquals(number(trial, "rate"), number(object(trial, "stats"), "requested"), report);
            }
            assertTrue(((String)json.get("summary")).startsWith("capacity: at least 400 rps"), report);
            final Path folder = Path.of((String)json.get("folder"));
            assertEquals(json, Json.read(folder.resolve("capacity.json")), "stdout is capacity.json");

            if (ReportBrowser.available())
            {
                final Path html = folder.resolve("capacity.html");
                final ReportBrowser.Page page = ReportBrowser.open(html, dir, dir.resolve("capacity.png"));
                assertEquals(1, ReportBrowser.assertRendered(Files.readString(html), page));
            }
        }
    }

    private static InetSocketAddress freeLoopbackPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
    }
}
