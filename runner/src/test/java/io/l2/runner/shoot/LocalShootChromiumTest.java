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
import io.l2.runner.report.ReportBrowser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.runner.shoot.ShootHarness.number;
import static io.l2.runner.shoot.ShootHarness.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code report.html} of a real in-process shoot at l2's embedded responder, opened in headless Chromium
 * ({@link ReportBrowser}): every chart drawn, no script error on the console, a screenshot in
 * {@code target/chromium/report-local-shoot.png}.
 */
@Tag("real-server")
@Tag("chromium")
class LocalShootChromiumTest
{
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Path ZONE_FILE = EXAMPLES.resolve("zone").resolve("l2.test.zone");
    private static final Path AMMO_FILE = EXAMPLES.resolve("ammo").resolve("ns-cache.txt");

    @Test
    void shouldDrawEveryChartInChromiumWhenReportingRealShoot(@TempDir final Path dir) throws Exception
    {
        ReportBrowser.assumeAvailable();
        final List<String> ammo = Files.readAllLines(AMMO_FILE, StandardCharsets.UTF_8).stream()
            .filter((line) -> !line.isBlank() && !line.startsWith("#") && !line.startsWith(";"))
            .toList();
        final ShootHarness harness = new ShootHarness(dir, ammo);
        final Path plan = harness.plan("chromium.yaml", freeLoopbackPort(),
            "schedule: \"line(200,1500,4s)\"\ninstances: 2\nmode: async\ntimeout: 1s\n");

        final ShootHarness.Run shot = harness.fire(plan, "--responder", ZONE_FILE.toString());

        assertEquals(ExitCode.OK, shot.exitCode(), shot.err());
        final Map<String, Object> result = shot.json();
        assertTrue(number(object(result, "totals"), "answered") > 0, "the responder answered");
        final Path report = Path.of((String)result.get("results")).resolve(HtmlReport.REPORT_FILE);
        final String html = Files.readString(report, StandardCharsets.UTF_8);

        final ReportBrowser.Page page = ReportBrowser.open(report, dir,
            Path.of("target", "chromium", "report-local-shoot.png").toAbsolutePath());

        final int charts = ReportBrowser.assertRendered(html, page);
        assertTrue(charts >= 5, "load, latency, rcodes, failures and lag: " + charts);
    }

    private static InetSocketAddress freeLoopbackPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
    }
}
