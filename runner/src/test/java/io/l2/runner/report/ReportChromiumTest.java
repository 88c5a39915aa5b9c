/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports opened in headless Chromium ({@link ReportBrowser}): every chart drawn, no script error on the console,
 * a screenshot under {@code target/chromium/}. The report of a real shoot is checked the same way by
 * {@code io.l2.runner.shoot.LocalShootChromiumTest}.
 */
@Tag("chromium")
class ReportChromiumTest
{
    static final Path SCREENSHOTS = Path.of("target", "chromium").toAbsolutePath();

    private static final List<String> TWO_DCS = List.of("dns-load01.vla", "dns-load01.sas");

    @Test
    void shouldDrawEveryChartWhenShootHasTwoHostsInTwoDatacenters(@TempDir final Path dir) throws Exception
    {
        ReportBrowser.assumeAvailable();
        final String html = HtmlReport.render(SampleShoot.result(11, TWO_DCS, 60, 200, 2000,
            "two hosts in two datacenters </script><b>x</b>"), HtmlReportTest.plan());
        assertEquals(HtmlReport.PLAIN_TYPE, ReportPages.dataType(html));
        final Path file = HtmlReport.write(dir.resolve("two-dcs.html"), html);

        final ReportBrowser.Page page = ReportBrowser.open(file, dir, SCREENSHOTS.resolve("report-two-dcs.png"));

        assertEquals(12, ReportBrowser.assertRendered(html, page), "load 6, per dc 3, per host 3");
        assertTrue(page.dom().contains("id=\"chart-dc-p99\"") && page.dom().contains("id=\"chart-host-p99\""));
    }

    @Test
    void shouldDrawEveryChartWhenDataIsEmbeddedGzipped(@TempDir final Path dir) throws Exception
    {
        ReportBrowser.assumeAvailable();
        final String html = HtmlReport.render(SampleShoot.result(12, TWO_DCS, 3600, 30, 500, "an hour, gzipped"),
            HtmlReportTest.plan());
        assertEquals(HtmlReport.GZIP_TYPE, ReportPages.dataType(html));
        assertTrue(ReportPages.json(html).length() > HtmlReport.PLAIN_DATA_LIMIT, "more than 100 KB of data");
        final Path file = HtmlReport.write(dir.resolve("gzip.html"), html);

        final ReportBrowser.Page page = ReportBrowser.open(file, dir, SCREENSHOTS.resolve("report-gzip.png"));

        assertEquals(12, ReportBrowser.assertRendered(html, page));
    }

    @Test
    void shouldReportScriptErrorWhenDataIsBroken(@TempDir final Path dir) throws Exception
    {
        ReportBrowser.assumeAvailable();
        final String good = HtmlReport.render(SampleShoot.result(13, TWO_DCS, 5, 20, 100, "broken"), null);
        final String data = ReportPages.json(good);
        final String html = good.replace(data, data.replace("\"p99_us\":", "\"p99_gone\":"));
        final Path file = Files.writeString(dir.resolve("broken.html"), html, StandardCharsets.UTF_8);

        final ReportBrowser.Page page = ReportBrowser.open(file, dir, dir.resolve("broken.png"));

        assertTrue(page.console().stream().anyMatch((message) -> message.startsWith("l2-report-error: chart ")),
            page.console().toString());
        assertTrue(page.dom().contains("data-l2-state=\"error\""), "the page says it failed");
        assertThrows(AssertionError.class, () -> ReportBrowser.assertRendered(html, page));
    }
}
