/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.l2.runner.results.Json;

/**
 * {@code l2 compare}: one self-contained page overlaying two or more shoots, in the style and under the offline rules
 * of {@code report.html} (inline CSS and scripts, uPlot inlined, the data embedded as JSON in the element
 * {@link HtmlReport#DATA_ELEMENT_ID}). Charts: the latency percentile distribution on the {@code 1/(1-p)} log axis
 * ({@link PercentileDistribution}, timeouts at the timeout), answers a second and p99 over the seconds of each shoot
 * (second 0 is each shoot's first), the outcome of the sent queries by rcode (stacked shares); a table of the totals
 * with each shoot's change against the first, and the checks of {@code --fail-if} when given. The embedded data:
 * <pre>
 * {"format": 1, "n", "shoots": [{"label", "id", "description", "answered": [...], "p99_us": [...]}],
 *  "distribution": {"p": [...], "timeout_us", "series": [{"label", "count", "us": [...]}]},
 *  "outcomes": {"names": [...], "shares": [[percent of sent, per name] per shoot]}}
 * </pre>
 * The same shoots give the same bytes. Cold path; stateless.
 */
public final class CompareReport
{
    /** The page's name when {@code --output} is not given. */
    public static final String DEFAULT_FILE = "compare.html";

    private static final List<String> COUNTS =
        List.of("requested", "sent", "achieved", "answered", "timeouts", "errors", "dropped");
    private static final double[] QUANTILES = { 50, 90, 99, 99.9, 99.99 };

    private CompareReport()
    {
    }

    /**
     * @param shoots   two shoots or more; the first is the baseline.
     * @param outcomes what the {@code --fail-if} checks found (empty without the option).
     * @return the page.
     */
    public static String render(final List<ComparedShoot> shoots, final List<RegressionCheck.Outcome> outcomes)
    {
        final HtmlReport.Assets assets = HtmlReport.Assets.get();
        final Map<String, Object> data = data(shoots);
        final StringBuilder page = new StringBuilder(64 * 1024);
        final List<String> ids = shoots.stream().map(ComparedShoot::id).toList();
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<title>l2 compare ").append(Html.text(String.join(" vs ", ids))).append("</title>\n")
            .append("<style>\n").append(assets.uplotCss()).append("\n</style>\n")
            .append("<style>\n").append(assets.reportCss()).append("</style>\n</head>\n<body>\n");
        page.append("<header>\n<h1>l2 compare</h1>\n<table>\n<tr><th></th><th>shoot</th><th>description</th>" +
            "<th>target</th><th>profile</th><th>started at</th><th>seconds</th><th>folder</th></tr>\n");
        for (int i = 0; i < shoots.size(); i++)
        {
            final ComparedShoot shoot = shoots.get(i);
            page.append("<tr><th>").append(label(i, shoots.size())).append("</th><td><code>")
                .append(Html.text(shoot.id())).append("</code></td>");
            for (final String key : List.of("description", "target", "profile", "started_at"))
            {
                page.append("<td class=\"wrap\">").append(Html.text(Maps.string(shoot.result(), key))).append("</td>");
            }
            page.append("<td class=\"n\">").append(shoot.seconds()).append("</td><td class=\"wrap\">")
                .append(Html.text(shoot.folder())).append("</td></tr>\n");
        }
        page.append("</table>\n</header>\n");
        page.append("<div id=\"l2-errors\" class=\"errors\" hidden></div>\n");
        page.append("<noscript><p class=\"errors\">The charts need JavaScript; the tables below do not.</p>" +
            "</noscript>\n");
        checks(page, outcomes);
        page.append("<section>\n<h2>Latency</h2>\n");
        chartBox(page, "chart-distribution");
        page.append("<p class=\"note\">").append(HtmlReport.DISTRIBUTION_NOTE).append("</p>\n");
        chartBox(page, "chart-p99");
        page.append("<h2>Answers</h2>\n");
        chartBox(page, "chart-answered");
        page.append("<p class=\"note\">Second 0 is each shoot's first second.</p>\n");
        chartBox(page, "chart-outcomes");
        page.append("</section>\n");
        totals(page, shoots);
        page.append("<footer>Written by l2 ").append(Html.text(assets.l2Version()))
            .append(". Charts drawn by uPlot ").append(Html.text(assets.uplotVersion()))
            .append(" (MIT licence, in the page source), inlined: this page needs no network.</footer>\n");
        HtmlReport.embedData(page, Json.writeForScript(data));
        page.append("<script>\n/*\n").append(assets.uplotLicense()).append("\n*/\n").append(assets.uplotJs())
            .append("\n</script>\n<script>\n").append(assets.chartsJs()).append(assets.compareJs())
            .append("</script>\n</body>\n</html>\n");
        return page.toString();
    }

    /**
     * @param index a shoot's index.
     * @param count how many shoots.
     * @return {@code #1 baseline}, {@code #2}, ..., {@code #N candidate}.
     */
    static String label(final int index, final int count)
    {
        return "#" + (index + 1) + (0 == index ? " baseline" : index == count - 1 ? " candidate" : "");
    }

    private static Map<String, Object> data(final List<ComparedShoot> shoots)
    {
        final Map<String, Object> data = new LinkedHashMap<>();
        data.put("format", 1);
        int n = 0;
        final List<Object> list = new ArrayList<>();
        final List<Map<String, Object>> distribution = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < shoots.size(); i++)
        {
            final ComparedShoot shoot = shoots.get(i);
            final String label = "#" + (i + 1) + " " + shoot.id();
            final List<Map<String, Object>> seconds = Maps.list(shoot.result(), "seconds");
            n = Math.max(n, seconds.size());
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("label", label);
            entry.put("id", shoot.id());
            entry.put("description", Maps.string(shoot.result(), "description"));
            final long[] answered = new long[seconds.size()];
            final List<Long> p99 = new ArrayList<>(seconds.size());
            for (int s = 0; s < seconds.size(); s++)
            {
                answered[s] = Maps.number(seconds.get(s), "answered");
                p99.add(0 == answered[s] ? null : Maps.number(Maps.object(seconds.get(s), "latency_us"), "p99"));
            }
            entry.put("answered", answered);
            entry.put("p99_us", p99);
            list.add(entry);
            distribution.add(PercentileDistribution.series(label, shoot.distribution()));
            Maps.object(shoot.totals(), "rcodes").keySet().stream().filter((name) -> !names.contains(name))
                .forEach(names::add);
        }
        data.put("n", n);
        data.put("shoots", list);
        final long timeoutUs = shoots.stream().mapToLong(ComparedShoot::timeoutUs).max().orElse(0);
        data.put("distribution", PercentileDistribution.data(timeoutUs, distribution));
        names.add("timeout");
        names.add("error");
        final List<Object> shares = new ArrayList<>();
        for (final ComparedShoot shoot : shoots)
        {
            final List<Object> row = new ArrayList<>();
            final long sent = shoot.count("sent");
            for (final String name : names)
            {
                final long count = "timeout".equals(name) ? shoot.count("timeouts") : "error".equals(name) ?
                    shoot.count("errors") : shoot.rcodeCount(name);
                row.add(RegressionCheck.share(count, sent));
            }
            shares.add(row);
        }
        final Map<String, Object> outcomes = new LinkedHashMap<>();
        outcomes.put("names", names);
        outcomes.put("shares", shares);
        data.put("outcomes", outcomes);
        return data;
    }

    private static void checks(final StringBuilder page, final List<RegressionCheck.Outcome> outcomes)
    {
        if (outcomes.isEmpty())
        {
            return;
        }
        final long breached = outcomes.stream().filter(RegressionCheck.Outcome::breached).count();
        page.append("<section>\n<h2>Checks (--fail-if): ").append(0 == breached ? "passed" : breached + " breached")
            .append("</h2>\n<table>\n<tr><th>check</th><th>outcome</th><th>found</th></tr>\n");
        for (final RegressionCheck.Outcome outcome : outcomes)
        {
            page.append("<tr><td><code>").append(Html.text(outcome.check().text())).append("</code></td><td class=\"")
                .append(outcome.breached() ? "status-bad\">breached" : "status-ok\">passed").append("</td><td>")
                .append(Html.text(outcome.line())).append("</td></tr>\n");
        }
        page.append("</table>\n</section>\n");
    }

    private static void totals(final StringBuilder page, final List<ComparedShoot> shoots)
    {
        page.append("<section>\n<h2>Totals</h2>\n<p class=\"note\">Each shoot's change against #1: counts and " +
            "latency in % of #1, shares in percentage points (pp). Latency is of the answered queries, from the " +
            "merged HdrHistogram.</p>\n<table>\n<tr><th></th>");
        for (int i = 0; i < shoots.size(); i++)
        {
            page.append("<th>").append(label(i, shoots.size())).append("</th>");
            if (i > 0)
            {
                page.append("<th>change</th>");
            }
        }
        page.append("</tr>\n");
        for (final String key : COUNTS)
        {
            row(page, key, shoots, (shoot) -> (double)shoot.count(key), false, "%.0f");
        }
        row(page, "answers/s", shoots, (shoot) -> (double)shoot.count("answered") / Math.max(1, shoot.seconds()),
            false, "%.1f");
        row(page, "loss (timeouts of sent)", shoots,
            (shoot) -> RegressionCheck.share(shoot.count("timeouts"), shoot.count("sent")), true, "%.3f%%");
        final List<String> names = new ArrayList<>();
        for (final ComparedShoot shoot : shoots)
        {
            Maps.object(shoot.totals(), "rcodes").keySet().stream().filter((name) -> !names.contains(name))
                .forEach(names::add);
        }
        for (final String name : names)
        {
            row(page, name + " (of answered)", shoots,
                (shoot) -> RegressionCheck.share(shoot.rcodeCount(name), shoot.count("answered")), true, "%.3f%%");
        }
        for (final double quantile : QUANTILES)
        {
            row(page, "p" + String.format(Locale.ROOT, "%s", quantile).replaceFirst("\\.0$", "") + " ms", shoots,
                (shoot) -> shoot.latencyUs(quantile) / 1000.0, false, "%.3f");
        }
        row(page, "max ms", shoots, (shoot) -> 0 == shoot.latencyUs().getTotalCount() ? 0 :
            shoot.latencyUs().getMaxValue() / 1000.0, false, "%.3f");
        page.append("</table>\n</section>\n");
    }

    private static void row(
        final StringBuilder page, final String name, final List<ComparedShoot> shoots,
        final ToDoubleFunction<ComparedShoot> value, final boolean share, final String format)
    {
        page.append("<tr><th>").append(Html.text(name)).append("</th>");
        final double base = value.applyAsDouble(shoots.get(0));
        for (int i = 0; i < shoots.size(); i++)
        {
            final double v = value.applyAsDouble(shoots.get(i));
            page.append("<td class=\"n\">").append(Html.text(String.format(Locale.ROOT, format, v))).append("</td>");
            if (i > 0)
            {
                final double change = share ? v - base : RegressionCheck.relative(base, v);
                final String text = Double.isInfinite(change) ? (change > 0 ? "+inf%" : "-inf%") :
                    String.format(Locale.ROOT, share ? "%+.3f pp" : "%+.2f%%", change);
                page.append("<td class=\"n\">").append(Html.text(text)).append("</td>");
            }
        }
        page.append("</tr>\n");
    }

    private static void chartBox(final StringBuilder page, final String id)
    {
        page.append("<div class=\"chart\" id=\"").append(id).append("\"></div>\n");
    }
}
