/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.l2.engine.aggregate.SecondStats;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.ShootResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest
{
    private static final String HOSTILE = "</script><img src=x onerror=alert(1)> & \"quotes\" 'single' \u2028 <!--";
    private static final List<String> HOSTS = List.of("dns-load01.vla", "dns-load02.vla", "dns-load01.sas");

    @Test
    void shouldBeOneSelfContainedFileWhenRendered()
    {
        final String html = HtmlReport.render(SampleShoot.result(1, HOSTS, 20, 50, 1000, "smoke"), plan());

        for (final String external : List.of("src=\"http", "href=\"http", "//cdn", "<link", "<script src", "@import",
            "url(http", "<iframe"))
        {
            assertFalse(html.toLowerCase(Locale.ROOT).contains(external), external + " in the page");
        }
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        assertTrue(html.contains("var uPlot=function"), "uPlot is inlined");
        assertTrue(html.contains(".uplot {"), "uPlot's style sheet is inlined");
        assertTrue(html.contains("Permission is hereby granted"), "uPlot's licence is kept");
        assertTrue(html.contains("id=\"chart-latency\""), "a latency chart");
        assertTrue(html.contains("id=\"chart-host-p99\"") && html.contains("id=\"chart-dc-p99\""),
            "per host and per datacenter charts");
        assertEquals(HtmlReport.PLAIN_TYPE, ReportPages.dataType(html));
        assertTrue(html.contains("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            "the ammo's sha256 in the plan table");
        assertTrue(html.contains("const(3000,20s)"), "the profile");
    }

    @Test
    void shouldEmbedDataThatMatchesResultWhenParsed()
    {
        final ShootResult result = SampleShoot.result(2, HOSTS, 30, 40, 1000, "match");
        final Map<String, Object> data = ReportPages.data(HtmlReport.render(result, plan()));
        final SecondStats totals = result.merged().totals();

        assertEquals(result.merged().seconds().size(), ((Number)data.get("n")).intValue());
        assertEquals(result.merged().firstSecond(), ((Number)data.get("t0")).longValue());
        final Map<String, Object> total = Maps.object(data, "total");
        assertEquals(totals.requestedCount(), sum(total.get("requested")));
        assertEquals(totals.sentCount(), sum(total.get("sent")));
        assertEquals(totals.achievedCount(), sum(total.get("achieved")));
        assertEquals(totals.answeredCount(), sum(total.get("answered")));
        assertEquals(totals.timeoutCount(), sum(total.get("timeouts")));
        assertEquals(totals.errorCount(), sum(total.get("errors")));
        assertEquals(totals.rcodeCount(0), sum(Maps.object(data, "rcodes").get("NOERROR")));
        assertEquals(totals.rcodeCount(3), sum(Maps.object(data, "rcodes").get("NXDOMAIN")));
        final List<?> p99 = (List<?>)total.get("p99_us");
        for (int i = 0; i < p99.size(); i++)
        {
            final SecondStats second = result.merged().seconds().get(i);
            assertEquals(second.latencyHistogram().getValueAtPercentile(99.0), ((Number)p99.get(i)).longValue());
        }

        final List<Map<String, Object>> hosts = Maps.list(data, "hosts");
        assertEquals(HOSTS.size(), hosts.size());
        for (int h = 0; h < HOSTS.size(); h++)
        {
            final HostResult host = result.hosts().get(h);
            assertEquals(host.host(), hosts.get(h).get("name"));
            assertEquals(host.aggregator().totals().sentCount(), sum(hosts.get(h).get("sent")));
            assertEquals(host.aggregator().totals().answeredCount(), sum(hosts.get(h).get("answered")));
        }
        final List<Map<String, Object>> dcs = Maps.list(data, "dcs");
        assertEquals(List.of("vla", "sas"), dcs.stream().map((dc) -> dc.get("name")).toList());
        assertEquals(totals.sentCount(), sum(dcs.get(0).get("sent")) + sum(dcs.get(1).get("sent")));
    }

    @Test
    void shouldEscapeHostileStringsWhenDescriptionHostsAndReasonsHoldMarkup()
    {
        final ShootResult result = SampleShoot.result(3, List.of("a<b>\"host\"</script>", HOSTILE), 5, 20, 100,
            HOSTILE);
        final Map<String, Object> plan = plan();
        plan.put("description", HOSTILE);
        final String html = HtmlReport.render(result, plan);

        assertEquals(3, count(html, "</script>"), "only the three script elements end a script");
        assertEquals(3, count(html, "<script"), "no script element from the data");
        assertFalse(html.contains("<img"), "no element from the data");
        assertFalse(html.contains("<!--"), "no comment opened by the data");
        assertFalse(html.contains("<b>"), "no markup from a host name or a reason");
        assertTrue(html.contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; " +
            "&#39;single&#39;"), "the description is shown, escaped");
        assertTrue(html.contains("lost the target &lt;/script&gt; &lt;b&gt;x&lt;/b&gt;"), "the reason, escaped");
        final Map<String, Object> data = ReportPages.data(html);
        assertEquals(HOSTILE, data.get("description"), "the data gives the string back");
        assertEquals(HOSTILE, Maps.list(data, "hosts").get(1).get("name"));
    }

    @Test
    void shouldWriteSameBytesWhenRenderedTwiceFromSameInput()
    {
        final String first = HtmlReport.render(SampleShoot.result(4, HOSTS, 10, 30, 500, "again"), plan());
        final String second = HtmlReport.render(SampleShoot.result(4, HOSTS, 10, 30, 500, "again"), plan());

        assertEquals(first, second);
    }

    @Test
    void shouldStaySmallAndCompressDataWhenShootLastsAnHour()
    {
        final List<String> hosts = List.of("load01.vla", "load02.vla", "load03.sas", "load04.sas");
        final ShootResult result = SampleShoot.result(5, hosts, 3600, 120, 25_000, "an hour");

        final String html = HtmlReport.render(result, plan());

        final int length = html.getBytes(StandardCharsets.UTF_8).length;
        System.out.println("report of 3600 s x " + hosts.size() + " hosts: " + length + " bytes");
        assertTrue(length < 300 * 1024, "report of an hour: " + length + " bytes");
        assertEquals(HtmlReport.GZIP_TYPE, ReportPages.dataType(html));
        final Map<String, Object> data = ReportPages.data(html);
        assertEquals(3600, ((Number)data.get("n")).intValue());
        assertEquals(result.merged().totals().answeredCount(), sum(Maps.object(data, "total").get("answered")));
        assertEquals(hosts.size(), Maps.list(data, "hosts").size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldEmbedPercentileDistributionWithTimeoutsAtPlanTimeout()
    {
        final ShootResult result = SampleShoot.result(9, HOSTS, 20, 200, 800, "distribution");
        final org.HdrHistogram.Histogram expected = result.merged().totals().latencyHistogram().copy();
        final long timeouts = result.merged().totals().timeoutCount();
        assertTrue(timeouts > 0, "the sample has timeouts");
        expected.recordValueWithCount(1_000_000, timeouts);

        final String html = HtmlReport.render(result, plan());

        assertTrue(html.contains("id=\"chart-distribution\""), "a distribution chart");
        final Map<String, Object> distribution = Maps.object(ReportPages.data(html), "distribution");
        assertEquals(1_000_000L, ((Number)distribution.get("timeout_us")).longValue());
        final List<Number> percentiles = (List<Number>)distribution.get("p");
        final List<Number> values = (List<Number>)Maps.list(distribution, "series").get(0).get("us");
        assertEquals(List.of(0, 90, 99), List.of(percentiles.get(0), percentiles.get(10), percentiles.get(20)));
        for (int i = 0; i < values.size(); i++)
        {
            if (null != values.get(i))
            {
                assertEquals(expected.getValueAtPercentile(percentiles.get(i).doubleValue()),
                    values.get(i).longValue(), "at p" + percentiles.get(i));
            }
        }
        assertFalse(HtmlReport.render(result.toJson(), null, null).contains("id=\"chart-distribution\""),
            "no histogram, no chart");
    }

    @Test
    void shouldRenderWithoutPlanAndHostSeriesWhenOnlyResultJsonIsKnown()
    {
        final ShootResult result = SampleShoot.result(6, HOSTS, 8, 20, 100, "json only");

        final String html = HtmlReport.render(result.toJson(), null, null);

        final Map<String, Object> data = ReportPages.data(html);
        assertEquals(8, ((Number)data.get("n")).intValue());
        assertTrue(Maps.list(data, "hosts").isEmpty());
        assertTrue(html.contains("No shoot.json"), "says the plan is unknown");
        assertTrue(html.contains("rebuilt from result.json alone"), "says why there are no per-host charts");
        assertFalse(html.contains("id=\"chart-host-sent\""));
    }

    @Test
    void shouldDrawEveryChartWithoutScriptErrorWhenRunUnderNode(@TempDir final Path dir) throws Exception
    {
        Assumptions.assumeTrue(ReportScript.nodeAvailable(), "node is not installed");
        final Path shortPage = HtmlReport.write(dir.resolve("short.html"),
            HtmlReport.render(SampleShoot.result(7, HOSTS, 12, 30, 300, HOSTILE), plan()));
        final Path longPage = HtmlReport.write(dir.resolve("long.html"),
            HtmlReport.render(SampleShoot.result(8, HOSTS, 1800, 40, 300, "long"), plan()));
        assertEquals(HtmlReport.GZIP_TYPE, ReportPages.dataType(Files.readString(longPage)));

        for (final Path page : List.of(shortPage, longPage))
        {
            final String outcome = ReportScript.run(page, dir);
            final Map<String, Object> json = new org.snakeyaml.engine.v2.api.Load(
                org.snakeyaml.engine.v2.api.LoadSettings.builder().build()).loadFromString(outcome) instanceof
                Map<?, ?> map ? cast(map) : Map.of();
            assertEquals(List.of(), json.get("errors"), outcome);
            assertEquals(List.of(), json.get("notes"), outcome);
            final List<Map<String, Object>> charts = Maps.list(json, "charts");
            assertEquals(List.of("chart-rps", "chart-latency", "chart-distribution", "chart-rcodes", "chart-failures",
                "chart-lag", "chart-dc-sent", "chart-dc-answered", "chart-dc-p99", "chart-host-sent",
                "chart-host-answered", "chart-host-p99"), charts.stream().map((c) -> c.get("id")).toList(), outcome);
            assertEquals(4, ((Number)charts.get(0).get("series")).intValue());
            assertEquals(1, ((Number)charts.get(2).get("series")).intValue());
            assertEquals(3, ((Number)charts.get(11).get("series")).intValue());
            assertEquals(List.of("l2-report: 12 charts rendered"), json.get("logs"), outcome);
            assertEquals(Map.of("data-l2-state", "rendered", "data-l2-charts", "12"), json.get("attributes"), outcome);
        }
    }

    @Test
    void shouldShowNoLatencyWhenNothingWasAnswered(@TempDir final Path dir) throws Exception
    {
        final Map<String, Object> header = new LinkedHashMap<>();
        header.put("id", "x");
        final ShootResult empty = new ShootResult(header, List.of());
        final String html = HtmlReport.render(empty, null);

        assertEquals(0, ((Number)ReportPages.data(html).get("n")).intValue());
        Assumptions.assumeTrue(ReportScript.nodeAvailable(), "node is not installed");
        final String outcome = ReportScript.run(HtmlReport.write(dir.resolve("empty.html"), html), dir);
        assertTrue(outcome.contains("\"errors\":[]"), outcome);
        assertTrue(outcome.contains("\"charts\":[]"), outcome);
        assertTrue(outcome.contains("nothing to draw"), outcome);
        assertTrue(outcome.contains("\"logs\":[\"l2-report: 0 charts rendered\"]"), outcome);
    }

    static Map<String, Object> plan()
    {
        final Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("id", "20261101-120000-abcd");
        plan.put("description", "smoke");
        plan.put("target", "127.0.0.1:5353");
        final Map<String, Object> ammo = new LinkedHashMap<>();
        ammo.put("name", "test");
        ammo.put("file", "/tmp/ammo.txt");
        ammo.put("queries", 4);
        ammo.put("sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        plan.put("ammo", ammo);
        plan.put("profile", "const(3000,20s)");
        final Map<String, Object> segment = new LinkedHashMap<>();
        segment.put("type", "const");
        segment.put("from", 3000);
        segment.put("to", 3000);
        segment.put("step", 0);
        segment.put("duration_ns", 20_000_000_000L);
        plan.put("rps", List.of(segment));
        plan.put("mode", "async");
        plan.put("instances", 4);
        plan.put("timeout_ms", 1000);
        final List<Object> hosts = new java.util.ArrayList<>();
        for (int i = 0; i < HOSTS.size(); i++)
        {
            final Map<String, Object> host = new LinkedHashMap<>();
            host.put("host", HOSTS.get(i));
            host.put("dc", i < 2 ? "vla" : "sas");
            host.put("queries", 20_000);
            host.put("ammo_offset", i);
            host.put("queue", null);
            hosts.add(host);
        }
        plan.put("hosts", hosts);
        return plan;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(final Map<?, ?> map)
    {
        return (Map<String, Object>)map;
    }

    private static long sum(final Object column)
    {
        long sum = 0;
        for (final Object value : (List<?>)column)
        {
            sum += null == value ? 0 : ((Number)value).longValue();
        }
        return sum;
    }

    private static int count(final String text, final String part)
    {
        final Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find())
        {
            count++;
        }
        return count;
    }
}
