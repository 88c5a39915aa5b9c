/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.capacity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.l2.runner.base.Durations;
import io.l2.runner.report.Html;
import io.l2.runner.report.HtmlReport;
import io.l2.runner.results.Json;

/**
 * What a capacity search found, three ways: its JSON ({@code capacity.json}, {@code --output json}), lines for
 * people, and {@code capacity.html}: one self-contained page in the style of {@code report.html} (its CSS, uPlot
 * inlined from the webjar) with the verdict, a table of every trial and one chart of p99 latency and loss against
 * the rate. Stateless.
 */
public final class CapacityReport
{

    private CapacityReport()
    {
    }

    /**
     * @param header  what was asked ({@link CapacityRun#header()}).
     * @param outcome what the search found.
     * @return the JSON tree: the header, then {@code status}, {@code capacity}, {@code bracket}
     *     ({@code last_pass}, {@code first_fail}), {@code at_capacity}, {@code failed_above}, {@code stopped_by},
     *     {@code notes}, {@code trials}.
     */
    public static Map<String, Object> json(final Map<String, Object> header, final CapacitySearch.Outcome outcome)
    {
        final Map<String, Object> json = new LinkedHashMap<>(header);
        json.put("status", outcome.status().name().toLowerCase(Locale.ROOT));
        final Trial capacity = outcome.capacity();
        final Trial firstFail = outcome.firstFail();
        json.put("capacity", null == capacity ? null : capacity.rate());
        final Map<String, Object> bracket = new LinkedHashMap<>();
        bracket.put("last_pass", null == capacity ? null : capacity.rate());
        bracket.put("first_fail", null == firstFail ? null : firstFail.rate());
        json.put("bracket", bracket);
        json.put("at_capacity", null == capacity ? null : TrialStats.ordered(capacity.stats()));
        json.put("failed_above", null == firstFail ? null : reference(firstFail));
        json.put("stopped_by", null == outcome.stopper() ? null : reference(outcome.stopper()));
        json.put("summary", summary(json));
        json.put("notes", outcome.notes());
        final List<Object> trials = new ArrayList<>();
        outcome.trials().forEach((trial) -> trials.add(trial.toJson()));
        json.put("trials", trials);
        return json;
    }

    private static Map<String, Object> reference(final Trial trial)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("rate", trial.rate());
        json.put("trial", trial.index());
        json.put("why", trial.why());
        json.put("shoot", trial.shootId());
        return json;
    }

    /**
     * @param json the search's JSON ({@link #json}).
     * @return the verdict in one line.
     */
    @SuppressWarnings("unchecked")
    static String summary(final Map<String, Object> json)
    {
        final String slo = (String)json.get("slo");
        final Map<String, Object> bracket = (Map<String, Object>)json.get("bracket");
        final Map<String, Object> stopped = (Map<String, Object>)json.get("stopped_by");
        final String hold = Durations.format(Math.round(((Number)json.get("hold_s")).doubleValue() * 1e9));
        switch ((String)json.get("status"))
        {
            case "found":
                return "capacity: " + json.get("capacity") + " rps within " + slo + " (bracket [" +
                    bracket.get("last_pass") + ", " + bracket.get("first_fail") + "] rps, resolution " +
                    number(((Number)json.get("resolution_pct")).doubleValue()) + "%, confirmed over " + hold + ")";
            case "at_least_to":
                return "capacity: at least " + json.get("capacity") + " rps within " + slo +
                    ": every trial up to --to " + json.get("to") + " passed (bracket [" + bracket.get("last_pass") +
                    ", none], confirmed over " + hold + "); raise --to to find the limit";
            case "below_from":
                return "capacity: below --from " + json.get("from") + " rps: the target failed " + slo + " there";
            case "not_confirmed":
                return "capacity: not found: no rate passed its confirmation of " + hold + " within " + slo +
                    " (bracket [none, " + bracket.get("first_fail") + "])";
            case "generator":
                return "capacity: search stopped at trial " + stopped.get("trial") + " (" + stopped.get("rate") +
                    " rps): " + stopped.get("why") + "; nothing is known of the target there";
            default:
                return "capacity: search stopped at trial " + stopped.get("trial") + " (" + stopped.get("rate") +
                    " rps): " + stopped.get("why");
        }
    }

    /**
     * The lines for people after the trials' lines: the verdict, the figures at the capacity, what failed above it,
     * the notes, where the folder is.
     *
     * @param json the search's JSON ({@link #json}).
     * @return the lines.
     */
    @SuppressWarnings("unchecked")
    public static List<String> lines(final Map<String, Object> json)
    {
        final List<String> lines = new ArrayList<>();
        lines.add((String)json.get("summary"));
        final Map<String, Object> at = (Map<String, Object>)json.get("at_capacity");
        if (null != at)
        {
            lines.add("  at " + json.get("capacity") + " rps: " + TrialStats.line(at));
        }
        final Map<String, Object> above = (Map<String, Object>)json.get("failed_above");
        if (null != above)
        {
            lines.add("  failed at " + above.get("rate") + " rps (trial " + above.get("trial") + "): " +
                above.get("why"));
        }
        for (final Object note : (List<Object>)json.get("notes"))
        {
            lines.add("  note: " + note);
        }
        lines.add("  " + CapacityRun.JSON_FILE + " and " + CapacityRun.HTML_FILE + ": " + json.get("folder"));
        return lines;
    }

    /**
     * The header line of the trials' table.
     *
     * @return the line.
     */
    public static String trialHeader()
    {
        return String.format(Locale.ROOT, "%-5s %-7s %9s %6s %-9s %-32s %s", "trial", "phase", "rate", "length",
            "verdict", "generator", "shoot / why");
    }

    /**
     * @param trial a trial.
     * @return its line: index, phase, rate, length, verdict, generator health, shoot id, why.
     */
    public static String trialLine(final Trial trial)
    {
        return String.format(Locale.ROOT, "%-5d %-7s %9d %6s %-9s %-32s %s%s", trial.index(), trial.phase(),
            trial.rate(), Durations.format(trial.durationNs()), trial.verdict().label(), trial.health(),
            trial.shootId().isEmpty() ? "-" : trial.shootId(), trial.why().isEmpty() ? "" : " " + trial.why());
    }

    /**
     * Writes {@code capacity.json} and {@code capacity.html} into the folder (created).
     *
     * @param folder the search's folder.
     * @param json   the search's JSON.
     * @throws IOException when they cannot be written.
     */
    public static void write(final Path folder, final Map<String, Object> json) throws IOException
    {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(CapacityRun.JSON_FILE), Json.write(json), StandardCharsets.UTF_8);
        HtmlReport.write(folder.resolve(CapacityRun.HTML_FILE), html(json));
    }

    /**
     * @param json the search's JSON.
     * @return {@code capacity.html}.
     */
    @SuppressWarnings("unchecked")
    public static String html(final Map<String, Object> json)
    {
        final HtmlReport.Assets assets = HtmlReport.Assets.get();
        final StringBuilder page = new StringBuilder(32 * 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<title>l2 capacity ").append(Html.text(json.get("id"))).append("</title>\n<style>\n")
            .append(assets.uplotCss()).append("\n</style>\n<style>\n")
            .append(assets.reportCss()).append("</style>\n</head>\n<body>\n")
            .append("<h1>l2 capacity search ").append(Html.text(json.get("id"))).append("</h1>\n")
            .append("<p class=\"description\">").append(Html.text(json.get("summary"))).append("</p>\n")
            .append("<div id=\"l2-errors\" class=\"errors\" hidden></div>\n<dl class=\"facts\">\n");
        for (final String key : List.of("plan", "description", "target", "set", "mode", "instances", "slo", "from",
            "to", "trial_s", "hold_s", "resolution_pct", "max_lag_ms", "status", "capacity"))
        {
            page.append("<dt>").append(Html.text(key)).append("</dt><dd>").append(Html.text(json.get(key)))
                .append("</dd>\n");
        }
        final Map<String, Object> at = (Map<String, Object>)json.get("at_capacity");
        if (null != at)
        {
            page.append("<dt>at capacity</dt><dd>").append(Html.text(TrialStats.line(at))).append("</dd>\n");
        }
        final Map<String, Object> above = (Map<String, Object>)json.get("failed_above");
        if (null != above)
        {
            page.append("<dt>failed above</dt><dd>").append(Html.text(above.get("rate") + " rps (trial " +
                above.get("trial") + "): " + above.get("why"))).append("</dd>\n");
        }
        for (final Object note : (List<Object>)json.get("notes"))
        {
            page.append("<dt>note</dt><dd>").append(Html.text(note)).append("</dd>\n");
        }
        page.append("</dl>\n<h2>p99 latency and loss against the rate</h2>\n")
            .append("<div class=\"chart\" id=\"chart-capacity\"></div>\n<h2>Trials</h2>\n<table>\n<tr>");
        for (final String column : List.of("trial", "phase", "rate/s", "length", "verdict", "why", "generator",
            "sent", "answered", "loss", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "shoot"))
        {
            page.append("<th>").append(Html.text(column)).append("</th>");
        }
        page.append("</tr>\n");
        for (final Object item : (List<Object>)json.get("trials"))
        {
            trialRow(page, (Map<String, Object>)item);
        }
        page.append("</table>\n<p class=\"note\">Each trial is a shoot with its own results folder (report.html, " +
            "replay with <code>l2 replay</code>).</p>\n<footer>Charts drawn by uPlot ")
            .append(Html.text(assets.uplotVersion()))
            .append(" (MIT licence, in the page source), inlined: this page needs no network.</footer>\n")
            .append("<script type=\"application/json\" id=\"l2-data\">").append(Json.writeForScript(json))
            .append("</script>\n<script>\n/*\n")
            .append(assets.uplotLicense()).append("\n*/\n")
            .append(assets.uplotJs()).append("\n</script>\n")
            .append("<script>\n").append(assets.chartsJs())
            .append(HtmlReport.Assets.script("io/l2/runner/capacity/capacity.js"))
            .append("</script>\n</body>\n</html>\n");
        return page.toString();
    }

    @SuppressWarnings("unchecked")
    private static void trialRow(final StringBuilder page, final Map<String, Object> trial)
    {
        final Map<String, Object> stats = (Map<String, Object>)trial.get("stats");
        final Map<String, Object> latency = (Map<String, Object>)stats.getOrDefault("latency_us", Map.of());
        final String verdict = (String)trial.get("verdict");
        page.append("<tr><td class=\"n\">").append(Html.text(trial.get("trial"))).append("</td><td>")
            .append(Html.text(trial.get("phase"))).append("</td><td class=\"n\">").append(Html.text(trial.get("rate")))
            .append("</td><td class=\"n\">").append(Html.text(trial.get("duration_s"))).append(" s</td><td class=\"")
            .append("pass".equals(verdict) ? "status-ok" : "fail".equals(verdict) ? "status-bad" : "status-other")
            .append("\">").append(Html.text(verdict)).append("</td><td class=\"wrap\">")
            .append(Html.text(trial.get("why"))).append("</td><td>").append(Html.text(trial.get("generator")))
            .append("</td><td class=\"n\">").append(Html.text(stats.get("sent"))).append("</td><td class=\"n\">")
            .append(Html.text(stats.get("answered"))).append("</td><td class=\"n\">")
            .append(null == stats.get("loss_pct") ? "" : Html.text(stats.get("loss_pct") + "%")).append("</td>");
        for (final String quantile : List.of("p50", "p99", "p99.9", "max"))
        {
            final Object us = latency.get(quantile);
            page.append("<td class=\"n\">").append(null == us ? "" : String.format(Locale.ROOT, "%.3f",
                ((Number)us).doubleValue() / 1e3)).append("</td>");
        }
        page.append("<td>").append(Html.text(trial.get("shoot"))).append("</td></tr>\n");
    }

    private static String number(final double value)
    {
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
    }
}
