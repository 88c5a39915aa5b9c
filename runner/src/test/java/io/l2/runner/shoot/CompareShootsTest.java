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

import io.l2.engine.responder.Responder;
import io.l2.engine.responder.ZoneAnswers;
import io.l2.runner.base.ExitCode;
import io.l2.runner.report.ReportBrowser;
import io.l2.runner.report.ReportPages;
import io.l2.runner.results.Json;
import io.l2.runner.results.LatencyHistogramFile;
import io.l2.runner.results.ResultWriter;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.runner.shoot.ShootHarness.list;
import static io.l2.runner.shoot.ShootHarness.number;
import static io.l2.runner.shoot.ShootHarness.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code l2 compare} of two real shoots: one at l2's embedded responder, one at the same responder behind a proxy
 * that adds 20 ms and drops one query in 40 ({@link DelayProxy}). The page draws in headless Chromium, the
 * distribution's points are the HdrHistogram percentiles of each shoot's {@code latency.hlog} with its timeouts at
 * the timeout, {@code --fail-if} gates, and bad input is one line with exit code 2.
 */
@Tag("real-server")
class CompareShootsTest
{
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Path ZONE_FILE = EXAMPLES.resolve("zone").resolve("l2.test.zone");
    private static final Path AMMO_FILE = EXAMPLES.resolve("ammo").resolve("ns-cache.txt");
    private static final String PLAN = "schedule: \"const(300,3s)\"\ninstances: 2\nmode: async\ntimeout: 500ms\n";
    private static final long DELAY_MS = 20;

    @TempDir
    static Path dir;

    private static ShootHarness harness;
    private static Responder responder;
    private static DelayProxy proxy;
    private static Map<String, Object> fast;
    private static Map<String, Object> slow;

    @BeforeAll
    static void shootFastAndSlow() throws IOException
    {
        final List<String> ammo = Files.readAllLines(AMMO_FILE, StandardCharsets.UTF_8).stream()
            .filter((line) -> !line.isBlank() && !line.startsWith("#") && !line.startsWith(";"))
            .toList();
        harness = new ShootHarness(dir, ammo);
        final ShootHarness.Run fastRun = harness.fire(harness.plan("fast.yaml", freeLoopbackPort(), PLAN),
            "--responder", ZONE_FILE.toString());
        assertEquals(ExitCode.OK, fastRun.exitCode(), fastRun.err());
        fast = fastRun.json();

        responder = Responder.launch(freeLoopbackPort(), ZoneAnswers.load(ZONE_FILE, null), "backoff");
        proxy = new DelayProxy(responder.address(), DELAY_MS, 40);
        final ShootHarness.Run slowRun = harness.fire(harness.plan("slow.yaml", proxy.address(), PLAN));
        assertEquals(ExitCode.OK, slowRun.exitCode(), slowRun.err());
        slow = slowRun.json();
        assertTrue(number(object(slow, "totals"), "timeouts") > 0, "the proxy dropped some: " + proxy.dropped());
        assertTrue(number(object(slow, "totals"), "answered") > 0);
    }

    @AfterAll
    static void stop()
    {
        if (null != proxy)
        {
            proxy.close();
        }
        if (null != responder)
        {
            responder.close();
        }
    }

    @Test
    void shouldDrawBothShootsInChromiumWhenComparingFastAndSlowTarget() throws Exception
    {
        ReportBrowser.assumeAvailable();
        final Path page = dir.resolve("fast-vs-slow.html");
        final ShootHarness.Run run = compare("--output", page.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("compare " + page + " (2 shoots"), run.out());
        final String html = Files.readString(page, StandardCharsets.UTF_8);
        assertFalse(html.contains("http://") || html.contains("https://") && html.contains("src=\"http"),
            "nothing fetched from the network");

        final ReportBrowser.Page shown = ReportBrowser.open(page, dir,
            Path.of("target", "chromium", "compare-fast-slow.png").toAbsolutePath());

        assertEquals(4, ReportBrowser.assertRendered(html, shown), "distribution, p99, answered, outcomes");
        final String dom = shown.dom();
        for (final String chart : List.of("chart-distribution", "chart-p99", "chart-answered"))
        {
            final String box = dom.substring(dom.indexOf("id=\"" + chart + "\""));
            final String legend = box.substring(0, box.indexOf("</table>"));
            assertTrue(legend.contains("#1 " + fast.get("id")) && legend.contains("#2 " + slow.get("id")),
                chart + " shows both series: " + legend);
        }
    }

    @Test
    void shouldEmbedHdrHistogramPercentilesOfEachShootWithTimeoutsAtTimeout() throws Exception
    {
        final Path page = dir.resolve("data.html");
        final ShootHarness.Run run = compare("--output", page.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        final Map<String, Object> distribution =
            object(ReportPages.data(Files.readString(page, StandardCharsets.UTF_8)), "distribution");
        assertEquals(500_000L, number(distribution, "timeout_us"));
        @SuppressWarnings("unchecked")
        final List<Number> percentiles = (List<Number>)distribution.get("p");
        final List<Map<String, Object>> series = list(distribution, "series");
        assertEquals(2, series.size());

        final long[] medians = new long[2];
        int i = 0;
        for (final Map<String, Object> shoot : List.of(fast, slow))
        {
            final Path folder = Path.of((String)shoot.get("results"));
            final Histogram histogram = LatencyHistogramFile.read(folder.resolve(LatencyHistogramFile.FILE));
            final Map<String, Object> totals = object(shoot, "totals");
            assertEquals(number(totals, "answered"), histogram.getTotalCount(), "latency.hlog holds every answer");
            assertEquals(number(object(totals, "latency_us"), "p99"), histogram.getValueAtPercentile(99.0),
                "latency.hlog gives result.json's p99");
            final long timeoutUs = number(Json.read(folder.resolve(ResultWriter.SHOOT_FILE)), "timeout_ms") * 1000;
            histogram.recordValueWithCount(timeoutUs, number(totals, "timeouts"));

            final Map<String, Object> drawn = series.get(i);
            assertEquals("#" + (i + 1) + " " + shoot.get("id"), drawn.get("label"));
            assertEquals(histogram.getTotalCount(), number(drawn, "count"));
            @SuppressWarnings("unchecked")
            final List<Number> values = (List<Number>)drawn.get("us");
            assertEquals(percentiles.size(), values.size());
            int points = 0;
            for (int k = 0; k < values.size(); k++)
            {
                if (null != values.get(k))
                {
                    assertEquals(histogram.getValueAtPercentile(percentiles.get(k).doubleValue()),
                        values.get(k).longValue(), shoot.get("id") + " at p" + percentiles.get(k));
                    points++;
                }
            }
            assertTrue(points >= 30, "points up to the slowest query: " + points);
            medians[i] = histogram.getValueAtPercentile(50);
            i++;
        }
        assertTrue(medians[1] - medians[0] >= DELAY_MS * 1000 * 9 / 10, "the delay shows: " + medians[0] + " us vs " +
            medians[1] + " us");
        @SuppressWarnings("unchecked")
        final List<Number> slowValues = (List<Number>)series.get(1).get("us");
        final Number tail = slowValues.stream().filter((v) -> null != v).reduce((a, b) -> b).orElseThrow();
        assertTrue(Math.abs(tail.longValue() - 500_000) <= 500, "the loss is a tail at the timeout: " + tail);
    }

    @Test
    void shouldExitRegressionWithOneLinePerBreachWhenCandidateIsSlower() throws Exception
    {
        final ShootHarness.Run run = compare("--output", dir.resolve("gate.html").toString(),
            "--fail-if", "p99>+10%,answered<-1%,rcode(SERVFAIL)>+0.1%");

        assertEquals(ExitCode.REGRESSION, run.exitCode(), run.out() + run.err());
        assertEquals(4, ExitCode.REGRESSION);
        final List<String> breaches = run.out().lines().filter((line) -> line.startsWith("regression: ")).toList();
        assertEquals(2, breaches.size(), run.out());
        assertTrue(breaches.get(0).startsWith("regression: p99 +"), breaches.get(0));
        assertTrue(breaches.get(1).startsWith("regression: answered -"), breaches.get(1));
        assertTrue(run.out().contains("checks: 1 passed, 2 breached"), run.out());
        assertTrue(Files.readString(dir.resolve("gate.html")).contains("2 breached"), "the page says so too");
    }

    @Test
    void shouldExitZeroWhenNoCheckIsBreached() throws Exception
    {
        final ShootHarness.Run run = compare("--output", dir.resolve("pass.html").toString(),
            "--fail-if", "p50<-10%, answered > +5%, loss>+50%, rcode(NOERROR)<-90%, max>+10s");

        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        assertFalse(run.out().contains("regression:"), run.out());
        assertTrue(run.out().contains("checks: 5 passed, 0 breached"), run.out());
        final ShootHarness.Run reversed = ShootHarness.run("compare", (String)slow.get("results"),
            (String)fast.get("results"), "--output", dir.resolve("reversed.html").toString(), "--fail-if", "p99>+10%");
        assertEquals(ExitCode.OK, reversed.exitCode(), "a faster candidate is no regression: " + reversed.out());
    }

    @Test
    void shouldExitTwoWithOneLineWhenFailIfIsBad()
    {
        for (final String[] row : new String[][] {
            { "p99>>10%", "--fail-if 'p99>>10%': 'p99>>10%': not METRIC OP CHANGE" },
            { "p99>+10%,speed>1%", "--fail-if 'p99>+10%,speed>1%': 'speed>1%': unknown metric 'speed'" },
            { "rcode(BOGUS)>0.1%", "unknown rcode 'BOGUS'" },
            { "p99>10", "'p99>10': a latency change needs a unit" },
            { "loss>1", "'loss>1': a share changes in percentage points" },
            { "p101>1%", "a percentile is 0 to 100" },
            { "", "--fail-if '': '': not METRIC OP CHANGE" } })
        {
            final ShootHarness.Run run = compare("--output", dir.resolve("bad.html").toString(), "--fail-if", row[0]);
            assertBadInput(run, row[1]);
        }
        assertFalse(Files.exists(dir.resolve("bad.html")), "nothing written on bad input");
    }

    @Test
    void shouldExitTwoWithOneLineWhenShootIsUnknownOrFolderHoldsNoResult() throws Exception
    {
        assertBadInput(ShootHarness.run("compare", (String)fast.get("id"), "20991231-000000-none", "--config",
            harness.config().toString(), "--output", dir.resolve("x.html").toString()),
            "20991231-000000-none: no such shoot in ");
        final Path empty = Files.createDirectories(dir.resolve("empty-folder"));
        assertBadInput(ShootHarness.run("compare", (String)fast.get("results"), empty.toString(), "--output",
            dir.resolve("x.html").toString()), empty + ": no result.json in ");
        assertBadInput(ShootHarness.run("compare", (String)fast.get("results"), dir.resolve("nowhere/x").toString(),
            "--output", dir.resolve("x.html").toString()), dir.resolve("nowhere/x") + ": no such directory");
        final ShootHarness.Run one = ShootHarness.run("compare", (String)fast.get("results"));
        assertEquals(ExitCode.BAD_INPUT, one.exitCode(), one.err());
        assertTrue(one.err().contains("SHOOT_OR_FOLDER"), "names the argument: " + one.err());

        final Path bare = Files.createDirectories(dir.resolve("result-only"));
        Files.copy(Path.of((String)fast.get("results")).resolve(ResultWriter.RESULT_FILE),
            bare.resolve(ResultWriter.RESULT_FILE));
        assertBadInput(ShootHarness.run("compare", (String)fast.get("results"), bare.toString(), "--output",
            dir.resolve("x.html").toString()), bare + ": no latency.hlog in ");
        Files.writeString(bare.resolve(LatencyHistogramFile.FILE), "not a histogram\n");
        assertBadInput(ShootHarness.run("compare", (String)fast.get("results"), bare.toString(), "--output",
            dir.resolve("x.html").toString()), bare + ": ");
        assertFalse(Files.exists(dir.resolve("x.html")), "nothing written on bad input");
    }

    @Test
    void shouldReplayQueuesWhenFolderHasNoHistogramFile() throws Exception
    {
        final Path copy = dir.resolve("no-hlog");
        Files.createDirectories(copy);
        final Path folder = Path.of((String)slow.get("results"));
        for (final String file : List.of(ResultWriter.RESULT_FILE, ResultWriter.SHOOT_FILE))
        {
            Files.copy(folder.resolve(file), copy.resolve(file));
        }
        final Path withFile = dir.resolve("with-hlog.html");
        final Path withQueues = dir.resolve("with-queues.html");
        assertEquals(ExitCode.OK, ShootHarness.run("compare", (String)fast.get("results"), folder.toString(),
            "--output", withFile.toString()).exitCode());
        final ShootHarness.Run run = ShootHarness.run("compare", (String)fast.get("results"), copy.toString(),
            "--output", withQueues.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        final Object expected = object(ReportPages.data(Files.readString(withFile)), "distribution").get("series");
        final Object actual = object(ReportPages.data(Files.readString(withQueues)), "distribution").get("series");
        assertNotNull(expected);
        assertEquals(expected.toString().replace(folder.toString(), ""), actual.toString().replace(copy.toString(),
            ""), "the replayed queues give the same distribution");
    }

    @Test
    void shouldDescribeCompareAndItsExitCodeInHelp()
    {
        final ShootHarness.Run help = ShootHarness.run("--help");
        assertEquals(ExitCode.OK, help.exitCode());
        assertTrue(help.out().contains("compare") && help.out().contains("4   l2 compare --fail-if: the candidate " +
            "regressed"), help.out());
        final ShootHarness.Run compareHelp = ShootHarness.run("compare", "--help");
        assertTrue(compareHelp.out().contains("--fail-if=CHECKS") && compareHelp.out().contains("1/(1-p)") &&
            compareHelp.out().contains("rcode(NAME)"), compareHelp.out());
    }

    private static ShootHarness.Run compare(final String... extra)
    {
        final String[] args = new String[4 + extra.length];
        args[0] = "compare";
        args[1] = (String)fast.get("id");
        args[2] = (String)slow.get("id");
        args[3] = "--config=" + harness.config();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return ShootHarness.run(args);
    }

    private static void assertBadInput(final ShootHarness.Run run, final String expected)
    {
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().startsWith("l2: ") && run.err().contains(expected), expected + " in " + run.err());
    }

    private static InetSocketAddress freeLoopbackPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
    }
}
