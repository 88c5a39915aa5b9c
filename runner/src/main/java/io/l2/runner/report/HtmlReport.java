/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.aggregate.LatencyQuantiles;
import io.l2.engine.aggregate.SecondStats;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.Json;
import io.l2.runner.results.LatencyHistogramFile;
import io.l2.runner.results.ShootResult;
import org.HdrHistogram.AbstractHistogram;

/**
 * {@code report.html}: one self-contained page for one shoot. Its CSS and JavaScript are inline (uPlot read from its
 * webjar on the class path), its data is embedded as JSON ({@link ReportData}), so it opens offline and references
 * nothing outside itself. Charts over time: requested, sent, achieved and answered rps; latency p50/p90/p99/p99.9
 * (log scale); answers by rcode; timeouts, errors and dropped queries; schedule lag; per datacenter and per host
 * (sent, answered, p99) when the hosts' seconds are known. Tables: totals (quantiles of latency, service time and
 * lag, the generator's counters), the recap per host, the datacenters and the plan.
 * <p>
 * Every string from the data (descriptions, host names, reasons) is escaped ({@link Html}). The output depends only
 * on the input: the same result and plan give the same bytes. Data above {@link #PLAIN_DATA_LIMIT} characters is
 * embedded gzip-compressed and base64-encoded ({@code type="application/gzip+base64"}, unpacked by the browser's
 * {@code DecompressionStream}) so an hour of seconds stays small. Cold path; stateless and thread-safe.
 */
public final class HtmlReport
{
    /** The report's name in a results folder. */
    public static final String REPORT_FILE = "report.html";

    /** Embedded data up to this many characters is plain JSON; longer data is gzip + base64. */
    public static final int PLAIN_DATA_LIMIT = 100_000;

    /** The id of the {@code <script>} element holding the data. */
    public static final String DATA_ELEMENT_ID = "l2-data";

    /** The type of that element when it holds plain JSON. */
    public static final String PLAIN_TYPE = "application/json";

    /** The type of that element when it holds gzip-compressed JSON in base64. */
    public static final String GZIP_TYPE = "application/gzip+base64";

    /** What the distribution chart shows, for people. */
    static final String DISTRIBUTION_NOTE = "Latency by percentile of the whole shoot, from its merged HdrHistogram: " +
        "the x axis is 1/(1-p) on a log scale (10 is 90 %, 100 is 99 %, 1000 is 99.9 %); timeouts are drawn at the " +
        "timeout, so loss shows as a flat tail there.";

    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String[] STATUS_ORDER =
        { HostResult.OK, HostResult.ABORTED, HostResult.FAILED, HostResult.LOST, HostResult.UNREACHABLE };

    private HtmlReport()
    {
    }

    /**
     * The report of a result with its hosts' seconds (per-host and per-datacenter charts included).
     *
     * @param result the result.
     * @param shoot  the resolved plan ({@code shoot.json} read back), or null when unknown.
     * @return the page.
     */
    public static String render(final ShootResult result, final Map<String, Object> shoot)
    {
        return render(result.toJson(), shoot, result);
    }

    /**
     * The report of a result's JSON tree, with the latency distribution of the result when it is given.
     *
     * @param resultJson the result as JSON ({@link ShootResult#toJson()}, or {@code result.json} read back).
     * @param shoot      the resolved plan ({@code shoot.json} read back), or null when unknown.
     * @param result     the result the tree was made from, or null (see
     *                   {@link #render(Map, Map, ShootResult, AbstractHistogram)}).
     * @return the page.
     * @throws IllegalArgumentException when the tree is not the shape l2 writes (the message names the key).
     */
    public static String render(
        final Map<String, Object> resultJson, final Map<String, Object> shoot, final ShootResult result)
    {
        return render(resultJson, shoot, result, null == result ? null : result.merged().totals().latencyHistogram());
    }

    /**
     * The report of a result's JSON tree.
     *
     * @param resultJson the result as JSON ({@link ShootResult#toJson()}, or {@code result.json} read back).
     * @param shoot      the resolved plan ({@code shoot.json} read back), or null when unknown.
     * @param result     the result the tree was made from, for the per-host and per-datacenter series and
     *                   quantiles; null when only the tree is known (those series are then left out).
     * @param latencyUs  the merged latency histogram of the answered queries (µs; {@code latency.hlog}), for the
     *                   percentile distribution (timeouts added at {@code timeout_ms} of the plan); null when unknown
     *                   (the chart is then left out).
     * @return the page.
     * @throws IllegalArgumentException when the tree is not the shape l2 writes (the message names the key).
     */
    public static String render(
        final Map<String, Object> resultJson, final Map<String, Object> shoot, final ShootResult result,
        final AbstractHistogram latencyUs)
    {
        final Assets assets = Assets.get();
        final Map<String, Aggregator> dcs = null == result ? Map.of() : ReportData.datacenters(result.hosts());
        final Map<String, Object> data = ReportData.of(resultJson, result, dcs);
        if (null != latencyUs)
        {
            final long timeoutUs = null == shoot ? 0 : Maps.number(shoot, "timeout_ms") * 1000;
            final long timeouts = Maps.number(Maps.object(resultJson, "totals"), "timeouts");
            final String label = Maps.string(resultJson, "id");
            data.put("distribution", PercentileDistribution.data(timeoutUs, List.of(PercentileDistribution.series(
                label.isEmpty() ? "latency" : label, PercentileDistribution.withTimeouts(latencyUs, timeouts,
                timeoutUs)))));
        }
        final StringBuilder page = new StringBuilder(64 * 1024);
        final String id = Maps.string(resultJson, "id");
        final String description = Maps.string(resultJson, "description");
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<title>l2 shoot ").append(Html.text(id.isEmpty() ? "(replayed queue)" : id))
            .append(description.isEmpty() ? "" : " \u2014 " + Html.text(description)).append("</title>\n")
            .append("<style>\n").append(assets.uplotCss()).append("\n</style>\n")
            .append("<style>\n").append(assets.reportCss()).append("</style>\n</head>\n<body>\n");

        header(page, resultJson, data);
        page.append("<div id=\"l2-errors\" class=\"errors\" hidden></div>\n");
        page.append("<noscript><p class=\"errors\">The charts need JavaScript; the tables below do not.</p>" +
            "</noscript>\n");
        charts(page, data, null != result);
        totals(page, resultJson);
        recap(page, resultJson);
        datacenters(page, resultJson, null == result ? null : dcs);
        plan(page, shoot);

        page.append("<footer>Written by l2 ").append(Html.text(assets.l2Version()))
            .append(". Charts drawn by uPlot ").append(Html.text(assets.uplotVersion()))
            .append(" (MIT licence, in the page source), inlined: this page needs no network.</footer>\n");
        embedData(page, Json.writeForScript(data));
        page.append("<script>\n/*\n").append(assets.uplotLicense()).append("\n*/\n").append(assets.uplotJs())
            .append("\n</script>\n<script>\n").append(assets.chartsJs()).append(assets.reportJs())
            .append("</script>\n</body>\n</html>\n");
        return page.toString();
    }

    /**
     * Writes a page to a temporary name beside the file, then moves it in place, so a reader never sees half a page.
     *
     * @param file where.
     * @param html the page.
     * @return the file.
     * @throws IOException when it cannot be written.
     */
    public static Path write(final Path file, final String html) throws IOException
    {
        final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, html, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    static void embedData(final StringBuilder page, final String json)
    {
        if (json.length() <= PLAIN_DATA_LIMIT)
        {
            page.append("<script type=\"").append(PLAIN_TYPE).append("\" id=\"").append(DATA_ELEMENT_ID)
                .append("\">").append(json).append("</script>\n");
            return;
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length() / 4);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes))
        {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final String base64 = Base64.getMimeEncoder(120, new byte[] { '\n' }).encodeToString(bytes.toByteArray());
        page.append("<script type=\"").append(GZIP_TYPE).append("\" id=\"").append(DATA_ELEMENT_ID).append("\">\n")
            .append(base64).append("\n</script>\n");
    }

    private static void header(final StringBuilder page, final Map<String, Object> json, final Map<String, Object> data)
    {
        final String id = Maps.string(json, "id");
        page.append("<header>\n<h1>l2 shoot <code>").append(Html.text(id.isEmpty() ? "(replayed queue)" : id))
            .append("</code></h1>\n");
        final String description = Maps.string(json, "description");
        if (!description.isEmpty())
        {
            page.append("<p class=\"description\">").append(Html.text(description)).append("</p>\n");
        }
        page.append("<dl class=\"facts\">\n");
        for (final String key : List.of("target", "ammo", "profile", "mode", "set", "started_at", "results", "queue"))
        {
            final Object value = json.get(key);
            if (null != value && !(value instanceof Map<?, ?>) && !(value instanceof List<?>))
            {
                fact(page, key.replace('_', ' '), value.toString());
            }
        }
        final long n = Maps.number(data, "n");
        fact(page, "seconds", 0 == n ? "0" : n + " (" + Maps.number(data, "t0") + " to " +
            (Maps.number(data, "t0") + n - 1) + ")");
        final List<Map<String, Object>> hosts = Maps.list(json, "hosts");
        final Map<String, Integer> statuses = new LinkedHashMap<>();
        for (final String status : STATUS_ORDER)
        {
            statuses.put(status, 0);
        }
        hosts.forEach((host) -> statuses.merge(Maps.string(host, "status"), 1, Integer::sum));
        final StringBuilder recap = new StringBuilder().append(hosts.size());
        statuses.forEach((status, count) -> recap.append(0 == count ? "" : ", " + count + " " + status));
        fact(page, "hosts", recap.toString());
        if (json.get("autostop") instanceof Map<?, ?> autostop)
        {
            fact(page, "autostop", autostop.get("criterion") + " at second " + autostop.get("second") + ", " +
                autostop.get("rps_at_trigger") + " rps at trigger (" + autostop.get("culprit") + "): " +
                autostop.get("reason"));
        }
        page.append("</dl>\n</header>\n");
    }

    private static void fact(final StringBuilder page, final String name, final String value)
    {
        page.append("<dt>").append(Html.text(name)).append("</dt><dd>").append(Html.text(value)).append("</dd>\n");
    }

    private static void charts(final StringBuilder page, final Map<String, Object> data, final boolean hostsKnown)
    {
        page.append("<section>\n<h2>Load</h2>\n");
        chartBox(page, "chart-rps");
        page.append("<p class=\"note\">Requested, sent and answered count the queries intended in each second; " +
            "achieved counts the queries put on the wire during each second (by send time: the real rate).</p>\n");
        page.append("<h2>Latency</h2>\n");
        chartBox(page, "chart-latency");
        if (data.containsKey("distribution"))
        {
            chartBox(page, "chart-distribution");
            page.append("<p class=\"note\">").append(DISTRIBUTION_NOTE).append("</p>\n");
        }
        else
        {
            page.append("<p class=\"note\">No percentile distribution: the merged histogram is not known here " +
                "(no " + LatencyHistogramFile.FILE + " in the folder, nor the queues).</p>\n");
        }
        page.append("<h2>Answers and failures</h2>\n");
        chartBox(page, "chart-rcodes");
        chartBox(page, "chart-failures");
        page.append("<h2>Generator</h2>\n");
        chartBox(page, "chart-lag");
        page.append("</section>\n");
        final boolean dcs = !((List<?>)data.get("dcs")).isEmpty();
        final boolean hosts = !((List<?>)data.get("hosts")).isEmpty();
        if (dcs)
        {
            page.append("<section>\n<h2>Per datacenter</h2>\n");
            chartBox(page, "chart-dc-sent");
            chartBox(page, "chart-dc-answered");
            chartBox(page, "chart-dc-p99");
            page.append("</section>\n");
        }
        if (hosts)
        {
            page.append("<section>\n<h2>Per host</h2>\n");
            chartBox(page, "chart-host-sent");
            chartBox(page, "chart-host-answered");
            chartBox(page, "chart-host-p99");
            page.append("</section>\n");
        }
        if (!hosts)
        {
            page.append("<p class=\"note\">No per-host charts: ").append(hostsKnown ?
                "one host only (its seconds are the ones above)." : "the report was rebuilt from result.json alone, " +
                "which keeps the merged seconds, not each host's (the queues were not found here).").append("</p>\n");
        }
    }

    private static void chartBox(final StringBuilder page, final String id)
    {
        page.append("<div class=\"chart\" id=\"").append(id).append("\"></div>\n");
    }

    private static void totals(final StringBuilder page, final Map<String, Object> json)
    {
        final Map<String, Object> totals = Maps.object(json, "totals");
        final long seconds = Math.max(1, Maps.list(json, "seconds").size());
        final long sent = Maps.number(totals, "sent");
        final long answered = Maps.number(totals, "answered");
        page.append("<section>\n<h2>Totals</h2>\n<table>\n<tr><th></th><th>queries</th><th>per second</th>" +
            "<th>of sent</th></tr>\n");
        for (final String key : List.of(
            "requested", "sent", "achieved", "answered", "timeouts", "errors", "dropped", "truncated"))
        {
            final long count = Maps.number(totals, key);
            page.append("<tr><th>").append(key).append("</th>").append(cell(count))
                .append(cell(String.format(Locale.ROOT, "%.1f", (double)count / seconds)))
                .append(cell("requested".equals(key) || "dropped".equals(key) ? "" : percent(count, sent)))
                .append("</tr>\n");
        }
        page.append("</table>\n<table>\n<tr><th>rcode</th><th>answers</th><th>of answered</th></tr>\n");
        for (final Map.Entry<String, Object> rcode : Maps.object(totals, "rcodes").entrySet())
        {
            final long count = rcode.getValue() instanceof Number number ? number.longValue() : 0;
            page.append("<tr><th>").append(Html.text(rcode.getKey())).append("</th>").append(cell(count))
                .append(cell(percent(count, answered))).append("</tr>\n");
        }
        page.append("</table>\n<table>\n<tr><th>ms</th>");
        final List<String> quantiles = List.of("p50", "p90", "p95", "p99", "p99.9", "p99.99", "max");
        quantiles.forEach((q) -> page.append("<th>").append(q).append("</th>"));
        page.append("</tr>\n");
        quantileRow(page, "latency (from the intended send time)", Maps.object(totals, "latency_us"), quantiles,
            answered);
        quantileRow(page, "service time (from the actual send time)", Maps.object(totals, "service_time_us"),
            quantiles, answered);
        quantileRow(page, "schedule lag (send after intended)", Maps.object(totals, "lag_us"), quantiles, sent);
        page.append("</table>\n");

        final Map<String, Object> counters = Maps.object(json, "counters");
        if (!counters.isEmpty())
        {
            page.append("<h3>Generator counters (its own limits, summed over hosts; max_ for the largest)</h3>\n")
                .append("<table>\n");
            for (final Map.Entry<String, Object> counter : counters.entrySet())
            {
                final long value = counter.getValue() instanceof Number number ? number.longValue() : 0;
                final boolean nanos = counter.getKey().endsWith("_ns");
                page.append("<tr><th>").append(Html.text(nanos ?
                    counter.getKey().substring(0, counter.getKey().length() - 3) + " (ms)" : counter.getKey()))
                    .append("</th>").append(nanos ? cell(millis(value / 1000)) : cell(value)).append("</tr>\n");
            }
            page.append("</table>\n");
        }
        page.append("</section>\n");
    }

    private static void quantileRow(
        final StringBuilder page,
        final String name,
        final Map<String, Object> values,
        final List<String> quantiles,
        final long count)
    {
        page.append("<tr><th>").append(name).append("</th>");
        for (final String q : quantiles)
        {
            page.append(values.containsKey(q) && count > 0 ? cell(millis(Maps.number(values, q))) : cell("-"));
        }
        page.append("</tr>\n");
    }

    private static void recap(final StringBuilder page, final Map<String, Object> json)
    {
        page.append("<section>\n<h2>Recap</h2>\n<table>\n<tr><th>host</th><th>dc</th><th>status</th>" +
            "<th>reason</th><th>sent</th><th>answered</th><th>timeouts</th><th>errors</th><th>p50 ms</th>" +
            "<th>p99 ms</th></tr>\n");
        for (final Map<String, Object> host : Maps.list(json, "hosts"))
        {
            final Map<String, Object> totals = Maps.object(host, "totals");
            final String status = Maps.string(host, "status");
            final boolean answered = Maps.number(totals, "answered") > 0;
            final Map<String, Object> latency = Maps.object(totals, "latency_us");
            page.append("<tr><td>").append(Html.text(Maps.string(host, "host"))).append("</td><td>")
                .append(Html.text(Maps.string(host, "dc"))).append("</td><td class=\"")
                .append(statusClass(status)).append("\">").append(Html.text(status)).append("</td>")
                .append("<td class=\"wrap\">").append(Html.text(Maps.string(host, "reason"))).append("</td>")
                .append(cell(Maps.number(totals, "sent"))).append(cell(Maps.number(totals, "answered")))
                .append(cell(Maps.number(totals, "timeouts"))).append(cell(Maps.number(totals, "errors")))
                .append(cell(answered ? millis(Maps.number(latency, "p50")) : "-"))
                .append(cell(answered ? millis(Maps.number(latency, "p99")) : "-")).append("</tr>\n");
        }
        page.append("</table>\n</section>\n");
    }

    private static String statusClass(final String status)
    {
        if (HostResult.OK.equals(status))
        {
            return "status-ok";
        }
        return HostResult.FAILED.equals(status) || HostResult.LOST.equals(status) ||
            HostResult.UNREACHABLE.equals(status) ? "status-bad" : "status-other";
    }

    private static void datacenters(
        final StringBuilder page, final Map<String, Object> json, final Map<String, Aggregator> dcs)
    {
        final Map<String, long[]> sums = new LinkedHashMap<>();
        for (final Map<String, Object> host : Maps.list(json, "hosts"))
        {
            final String dc = Maps.string(host, "dc").isEmpty() ? "-" : Maps.string(host, "dc");
            final Map<String, Object> totals = Maps.object(host, "totals");
            final long[] sum = sums.computeIfAbsent(dc, (key) -> new long[5]);
            sum[0]++;
            sum[1] += Maps.number(totals, "sent");
            sum[2] += Maps.number(totals, "answered");
            sum[3] += Maps.number(totals, "timeouts");
            sum[4] += Maps.number(totals, "errors");
        }
        if (sums.isEmpty() || (1 == sums.size() && sums.containsKey("-")))
        {
            return;
        }
        final Map<String, LatencyQuantiles> latency = new LinkedHashMap<>();
        if (null != dcs)
        {
            for (final Map.Entry<String, Aggregator> entry : dcs.entrySet())
            {
                final SecondStats totals = entry.getValue().totals();
                latency.put(entry.getKey(), LatencyQuantiles.of(totals.latencyHistogram()));
            }
        }
        page.append("<section>\n<h2>Datacenters</h2>\n<table>\n<tr><th>dc</th><th>hosts</th><th>sent</th>" +
            "<th>answered</th><th>timeouts</th><th>errors</th><th>p50 ms</th><th>p99 ms</th></tr>\n");
        for (final Map.Entry<String, long[]> entry : sums.entrySet())
        {
            final long[] sum = entry.getValue();
            final LatencyQuantiles q = latency.get(entry.getKey());
            final boolean known = null != q && q.count() > 0;
            page.append("<tr><td>").append(Html.text(entry.getKey())).append("</td>");
            for (final long value : sum)
            {
                page.append(cell(value));
            }
            page.append(cell(known ? millis(q.p50Us()) : "-")).append(cell(known ? millis(q.p99Us()) : "-"))
                .append("</tr>\n");
        }
        page.append("</table>\n");
        if (null == dcs)
        {
            page.append("<p class=\"note\">Quantiles per datacenter need the hosts' histograms: rebuild the " +
                "report from the queues (l2 report on a folder whose queues are on this host).</p>\n");
        }
        page.append("</section>\n");
    }

    @SuppressWarnings("unchecked")
    private static void plan(final StringBuilder page, final Map<String, Object> shoot)
    {
        page.append("<section>\n<h2>Plan</h2>\n");
        if (null == shoot)
        {
            page.append("<p class=\"note\">No shoot.json: the plan is not known (a report of a bare queue " +
                "directory).</p>\n</section>\n");
            return;
        }
        page.append("<table>\n");
        for (final Map.Entry<String, Object> entry : shoot.entrySet())
        {
            final String key = entry.getKey();
            final Object value = entry.getValue();
            if ("hosts".equals(key))
            {
                continue;
            }
            page.append("<tr><th>").append(Html.text(key)).append("</th><td class=\"wrap\">");
            if ("rps".equals(key) && value instanceof List<?> segments)
            {
                final List<String> lines = new ArrayList<>();
                for (final Object item : segments)
                {
                    lines.add(segment(item));
                }
                page.append(Html.text(String.join(" ", lines)));
            }
            else if (value instanceof Map<?, ?> map)
            {
                final List<String> parts = new ArrayList<>();
                ((Map<String, Object>)map).forEach(
                    (name, part) -> parts.add(name + " " + (null == part ? "-" : part)));
                page.append(Html.text(String.join(", ", parts)));
            }
            else
            {
                page.append(Html.text(null == value ? "-" : value.toString()));
            }
            page.append("</td></tr>\n");
        }
        page.append("</table>\n");
        final List<Map<String, Object>> hosts = Maps.list(shoot, "hosts");
        if (!hosts.isEmpty())
        {
            long allQueries = 0;
            for (final Map<String, Object> host : hosts)
            {
                allQueries += Maps.number(host, "queries");
            }
            page.append("<h3>Hosts and shares</h3>\n<table>\n<tr><th>host</th><th>dc</th><th>queries</th>" +
                "<th>share</th><th>ammo offset</th><th>queue</th></tr>\n");
            for (final Map<String, Object> host : hosts)
            {
                final long queries = Maps.number(host, "queries");
                page.append("<tr><td>").append(Html.text(Maps.string(host, "host"))).append("</td><td>")
                    .append(Html.text(Maps.string(host, "dc"))).append("</td>").append(cell(queries))
                    .append(cell(percent(queries, allQueries))).append(cell(Maps.number(host, "ammo_offset")))
                    .append("<td class=\"wrap\">").append(Html.text(Maps.string(host, "queue"))).append("</td></tr>\n");
            }
            page.append("</table>\n");
        }
        page.append("</section>\n");
    }

    @SuppressWarnings("unchecked")
    private static String segment(final Object item)
    {
        if (!(item instanceof Map<?, ?>))
        {
            return String.valueOf(item);
        }
        final Map<String, Object> segment = (Map<String, Object>)item;
        final String duration = String.format(Locale.ROOT, "%.3fs", Maps.number(segment, "duration_ns") / 1e9)
            .replaceFirst("\\.?0+s$", "s");
        final String type = Maps.string(segment, "type");
        return switch (type)
        {
            case "const" -> "const(" + Maps.number(segment, "from") + "," + duration + ")";
            case "step" -> "step(" + Maps.number(segment, "from") + "," + Maps.number(segment, "to") + "," +
                Maps.number(segment, "step") + "," + duration + ")";
            default -> type + "(" + Maps.number(segment, "from") + "," + Maps.number(segment, "to") + "," +
                duration + ")";
        };
    }

    private static String cell(final long value)
    {
        return "<td class=\"n\">" + value + "</td>";
    }

    private static String cell(final String value)
    {
        return "<td class=\"n\">" + Html.text(value) + "</td>";
    }

    private static String percent(final long part, final long whole)
    {
        return 0 == whole ? "" : String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole);
    }

    private static String millis(final long us)
    {
        return String.format(Locale.ROOT, "%.3f", us / 1e3);
    }

    /**
     * The inlined files, read from the class path on first use (a failure is thrown each time, never cached); the
     * compare page and the capacity page use them too.
     *
     * @param uplotVersion uPlot's version, from its webjar.
     * @param uplotJs      uPlot's script.
     * @param uplotCss     uPlot's style sheet.
     * @param uplotLicense uPlot's licence, to go in a comment.
     * @param reportJs     report.html's script.
     * @param reportCss    the pages' style sheet.
     * @param l2Version    l2's version.
     * @param compareJs    the compare page's script.
     * @param chartsJs     the charts' helpers and page protocol, before either page's script.
     */
    public record Assets(
        String uplotVersion, String uplotJs, String uplotCss, String uplotLicense, String reportJs, String reportCss,
        String l2Version, String compareJs, String chartsJs)
    {
        private static Assets loaded;

        /**
         * @return the assets, read on the first call.
         */
        public static synchronized Assets get()
        {
            if (null == loaded)
            {
                final String version = readUplotVersion();
                loaded = new Assets(
                    version,
                    scriptSafe(resource(WEBJAR + version + "/dist/uPlot.iife.min.js")),
                    styleSafe(resource(WEBJAR + version + "/dist/uPlot.min.css")),
                    scriptSafe(resource(WEBJAR + version + "/LICENSE").replace("*/", "* /")),
                    scriptSafe(resource("io/l2/runner/report/report.js")),
                    styleSafe(resource("io/l2/runner/report/report.css")),
                    properties("io/l2/runner/version.properties", false).getProperty("version", "unknown"),
                    scriptSafe(resource("io/l2/runner/report/compare.js")),
                    scriptSafe(resource("io/l2/runner/report/charts.js")));
            }
            return loaded;
        }

        /**
         * @param name a script on the class path.
         * @return its text, checked to be safe to inline in a script element.
         */
        public static String script(final String name)
        {
            return scriptSafe(resource(name));
        }

        private static String readUplotVersion()
        {
            final String version = properties(UPLOT_POM, true).getProperty("version", "");
            if (!version.matches("[0-9A-Za-z.+-]+"))
            {
                throw new IllegalStateException(UPLOT_POM + ": unexpected version '" + version + "'");
            }
            return version;
        }

        private static Properties properties(final String name, final boolean required)
        {
            final Properties properties = new Properties();
            try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name))
            {
                if (null == in && required)
                {
                    throw new IllegalStateException(name + " is not on the class path");
                }
                if (null != in)
                {
                    properties.load(in);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read " + name + " from the class path", ex);
            }
            return properties;
        }

        private static String resource(final String name)
        {
            try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name))
            {
                if (null == in)
                {
                    throw new IllegalStateException(name + " is not on the class path");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read " + name + " from the class path", ex);
            }
        }

        private static String scriptSafe(final String script)
        {
            final String lower = script.toLowerCase(Locale.ROOT);
            if (lower.contains("</script") || lower.contains("<!--") || lower.contains("<script"))
            {
                throw new IllegalStateException("a script to inline holds </script, <script or <!--");
            }
            return script;
        }

        private static String styleSafe(final String style)
        {
            if (style.toLowerCase(Locale.ROOT).contains("</style"))
            {
                throw new IllegalStateException("a style sheet to inline holds </style");
            }
            return style;
        }
    }
}
