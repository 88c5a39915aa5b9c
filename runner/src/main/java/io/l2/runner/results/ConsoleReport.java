/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.l2.engine.aggregate.LatencyQuantiles;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.codec.RcodeNames;

/**
 * What people read: one line per complete second while a shoot runs, then a summary and a recap per host.
 * Plain text, the same on a terminal and in a log.
 */
public final class ConsoleReport
{
    private static final String SECOND_FORMAT = "%6s %8s %8s %8s %8s %8s %7s %8s %8s  %s%n";

    private final PrintWriter out;
    private boolean headerPrinted;

    /**
     * @param out where to print.
     */
    public ConsoleReport(final PrintWriter out)
    {
        this.out = out;
    }

    /**
     * Prints when the profile starts, once the shooter is ready (after its warm-up).
     *
     * @param startEpochNs the profile's start instant, ns since the epoch.
     */
    public void starts(final long startEpochNs)
    {
        out.printf(Locale.ROOT, "ready: the profile starts at %s%n",
            Instant.ofEpochSecond(0, startEpochNs).truncatedTo(ChronoUnit.MILLIS));
        out.flush();
    }

    /**
     * Prints one complete second (the header before the first).
     *
     * @param second the second.
     */
    public void second(final SecondStats second)
    {
        if (!headerPrinted)
        {
            out.print(header());
            headerPrinted = true;
        }
        out.print(line(second));
        out.flush();
    }

    /**
     * Formats the header and a second's line as {@link #second} would, printing nothing: run with a warm-up's second
     * before a shoot, so the formatting code is compiled before the first real line (on a small host, compiling it
     * then would take the shooter's core for milliseconds).
     *
     * @param second any second.
     * @return the length of what was formatted.
     */
    public static int rehearse(final SecondStats second)
    {
        return header().length() + line(second).length();
    }

    private static String header()
    {
        return String.format(Locale.ROOT, SECOND_FORMAT, "t", "req", "sent", "achieved", "answered", "timeouts",
            "errors", "p50 ms", "p99 ms", "rcodes");
    }

    private static String line(final SecondStats second)
    {
        final LatencyQuantiles latency = LatencyQuantiles.of(second.latencyHistogram());
        return String.format(
            Locale.ROOT,
            SECOND_FORMAT,
            second.second() + "s",
            second.requestedCount(),
            second.sentCount(),
            second.achievedCount(),
            second.answeredCount(),
            second.timeoutCount(),
            second.errorCount(),
            millis(latency.p50Us(), latency.count()),
            millis(latency.p99Us(), latency.count()),
            topRcodes(second, 3));
    }

    /**
     * Prints the summary of a result and the recap per host.
     *
     * @param result the shoot's result.
     * @param resultsDir where its folder was written, or null.
     */
    public void summary(final ShootResult result, final String resultsDir)
    {
        final SecondStats totals = result.merged().totals();
        final LatencyQuantiles latency = LatencyQuantiles.of(totals.latencyHistogram());
        final LatencyQuantiles service = LatencyQuantiles.of(totals.serviceTimeHistogram());
        final long seconds = Math.max(1, result.merged().seconds().size());
        out.println();
        out.println("SUMMARY");
        row("requested", totals.requestedCount() + String.format(Locale.ROOT, " (%.0f/s)",
            (double)totals.requestedCount() / seconds));
        row("sent", totals.sentCount() + String.format(Locale.ROOT, " (%.0f/s)", (double)totals.sentCount() / seconds));
        row("answered", totals.answeredCount() + percentOf(totals.answeredCount(), totals.sentCount()));
        row("timeouts", totals.timeoutCount() + percentOf(totals.timeoutCount(), totals.sentCount()));
        row("errors", totals.errorCount() + " (malformed " + totals.malformedCount() + ", send errors " +
            totals.sendErrorCount() + (0 == totals.connectFailedCount() + totals.resetCount() ? "" :
            ", connect failed " + totals.connectFailedCount() + ", reset " + totals.resetCount()) +
            (0 == totals.httpErrorCount() ? "" : ", http status not 200 " + totals.httpErrorCount()) + ")");
        if (0 != totals.httpErrorCount())
        {
            row("http status", "not 200 " + totals.httpErrorCount() + " (" + httpStatuses(totals) + ")");
        }
        row("dropped", totals.discardedCount() + " (not sent: late with late=discard, or aborted)");
        row("rcodes", topRcodes(totals, Integer.MAX_VALUE));
        row("latency ms", quantiles(latency) + "  (from the intended send time)");
        row("service ms", quantiles(service) + "  (from the actual send time)");
        final StringBuilder limits = new StringBuilder();
        for (final Map.Entry<String, Long> counter : result.mergedCounters().entrySet())
        {
            if (0 != counter.getValue() && !"sent".equals(counter.getKey()) && !"answered".equals(counter.getKey()) &&
                !"timeouts".equals(counter.getKey()))
            {
                final boolean nanos = counter.getKey().endsWith("_ns");
                final String label = (nanos ? counter.getKey().substring(0, counter.getKey().length() - 3) :
                    counter.getKey()).replace('_', ' ');
                final String value = nanos ?
                    String.format(Locale.ROOT, "%.3fms", counter.getValue() / 1e6) : String.valueOf(counter.getValue());
                limits.append(limits.length() > 0 ? ", " : "").append(label).append(' ').append(value);
            }
        }
        row("generator", limits.length() > 0 ? limits.toString() : "no limit hit");
        final AutostopTrigger autostop = result.autostop();
        if (null != autostop)
        {
            row("autostop", autostop.criterion() + " at second " + autostop.second() + ", " +
                autostop.rpsAtTrigger() + " rps at trigger (second " + autostop.firstSecond() + "), " +
                autostop.culprit() + ": " + autostop.reason());
        }
        if (null != resultsDir)
        {
            row("results", resultsDir);
        }
        recap(result.hosts());
    }

    /**
     * Prints the recap: one line per host, by name.
     *
     * @param hostResults every host's result.
     */
    public void recap(final List<HostResult> hostResults)
    {
        out.println();
        out.println("RECAP " + "*".repeat(66));
        final List<HostResult> hosts = new ArrayList<>(hostResults);
        hosts.sort(Comparator.comparing(HostResult::host));
        for (final HostResult host : hosts)
        {
            final SecondStats hostTotals = host.aggregator().totals();
            final LatencyQuantiles hostLatency = LatencyQuantiles.of(hostTotals.latencyHistogram());
            final String status = host.status();
            out.printf(Locale.ROOT, "%-32s : ok=%d failed=%d unreachable=%d lost=%d aborted=%d sent=%d answered=%d " +
                "timeouts=%d errors=%d p99_ms=%s dc=%s%s%n",
                host.host(),
                HostResult.OK.equals(status) ? 1 : 0,
                HostResult.FAILED.equals(status) ? 1 : 0,
                HostResult.UNREACHABLE.equals(status) ? 1 : 0,
                HostResult.LOST.equals(status) ? 1 : 0,
                HostResult.ABORTED.equals(status) ? 1 : 0,
                hostTotals.sentCount(), hostTotals.answeredCount(), hostTotals.timeoutCount(), hostTotals.errorCount(),
                millis(hostLatency.p99Us(), hostLatency.count()),
                host.datacenter().isEmpty() ? "-" : host.datacenter(),
                host.reason().isEmpty() ? "" : " reason=\"" + host.reason() + "\"");
        }
        out.flush();
    }

    /**
     * Prints a compact line of one second per datacenter, under the merged second's line.
     *
     * @param second        the second's index.
     * @param byDatacenter  each datacenter's hosts added together for that second, in print order.
     */
    public void datacenters(final long second, final Map<String, SecondStats> byDatacenter)
    {
        final StringBuilder line = new StringBuilder(16 + 48 * byDatacenter.size()).append(String.format(
            Locale.ROOT, "%6s ", ""));
        String separator = "";
        for (final Map.Entry<String, SecondStats> entry : byDatacenter.entrySet())
        {
            final SecondStats stats = entry.getValue();
            final LatencyQuantiles latency = LatencyQuantiles.of(stats.latencyHistogram());
            line.append(separator).append(entry.getKey()).append(": sent ").append(stats.sentCount())
                .append(" answered ").append(stats.answeredCount())
                .append(" p99 ").append(millis(latency.p99Us(), latency.count())).append("ms");
            separator = " | ";
        }
        out.println(line);
        out.flush();
    }

    private void row(final String name, final String value)
    {
        out.printf(Locale.ROOT, "  %-11s %s%n", name, value);
    }

    private static String percentOf(final long part, final long whole)
    {
        return 0 == whole ? "" : String.format(Locale.ROOT, " (%.2f%%)", 100.0 * part / whole);
    }

    private static String quantiles(final LatencyQuantiles q)
    {
        if (0 == q.count())
        {
            return "-";
        }
        return String.format(Locale.ROOT, "p50 %.3f  p90 %.3f  p95 %.3f  p99 %.3f  p99.9 %.3f  p99.99 %.3f  max %.3f",
            q.p50Us() / 1e3, q.p90Us() / 1e3, q.p95Us() / 1e3, q.p99Us() / 1e3, q.p999Us() / 1e3, q.p9999Us() / 1e3,
            q.maxUs() / 1e3);
    }

    private static String millis(final long us, final long count)
    {
        return 0 == count ? "-" : String.format(Locale.ROOT, "%.3f", us / 1e3);
    }

    /**
     * The HTTP statuses other than 200, most frequent first (ties by status): {@code 500: 12, 429: 3}.
     */
    static String httpStatuses(final SecondStats stats)
    {
        final int[] statuses = stats.httpStatuses();
        final Integer[] order = new Integer[statuses.length];
        for (int i = 0; i < statuses.length; i++)
        {
            order[i] = statuses[i];
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(stats.httpStatusCount(b), stats.httpStatusCount(a)));
        final StringBuilder text = new StringBuilder();
        for (final int status : order)
        {
            text.append(text.length() > 0 ? ", " : "").append(status).append(": ")
                .append(stats.httpStatusCount(status));
        }
        return text.toString();
    }

    private static String topRcodes(final SecondStats stats, final int limit)
    {
        final int[] rcodes = stats.rcodes();
        final Integer[] order = new Integer[rcodes.length];
        for (int i = 0; i < rcodes.length; i++)
        {
            order[i] = rcodes[i];
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(stats.rcodeCount(b), stats.rcodeCount(a)));
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < order.length && i < limit; i++)
        {
            text.append(i > 0 ? " " : "").append(RcodeNames.rcodeName(order[i])).append(' ')
                .append(stats.rcodeCount(order[i]));
        }
        return text.length() > 0 ? text.toString() : "-";
    }
}
