/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.capacity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.l2.engine.aggregate.LatencyQuantiles;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.codec.RcodeNames;

/**
 * What a trial's totals say at its rate, as JSON-ready values: requested, sent, answered, loss (percent of the
 * queries that went out), the rcode mix (percent of the answers), latency quantiles in microseconds, and the
 * generator's figures (sent share of requested, p99 schedule lag). Stateless.
 */
public final class TrialStats
{
    /** The keys in the order they are written. */
    public static final List<String> KEYS = List.of("requested", "sent", "answered", "timeouts", "errors", "loss_pct",
        "rcodes_pct", "latency_us", "sent_pct", "lag_p99_us");

    private static final long NS_PER_US = 1000;

    private TrialStats()
    {
    }

    /**
     * @param totals a trial's merged totals; read, not kept.
     * @return the figures.
     */
    public static Map<String, Object> of(final SecondStats totals)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        final long queries = totals.answeredCount() + totals.timeoutCount() + totals.errorCount();
        json.put("requested", totals.requestedCount());
        json.put("sent", totals.sentCount());
        json.put("answered", totals.answeredCount());
        json.put("timeouts", totals.timeoutCount());
        json.put("errors", totals.errorCount());
        json.put("loss_pct", round(percent(totals.timeoutCount() + totals.errorCount(), queries)));
        final Map<String, Object> rcodes = new LinkedHashMap<>();
        for (final int rcode : totals.rcodes())
        {
            rcodes.put(RcodeNames.rcodeName(rcode), round(percent(totals.rcodeCount(rcode), totals.answeredCount())));
        }
        json.put("rcodes_pct", rcodes);
        final Map<String, Object> latency = new LinkedHashMap<>();
        if (totals.answeredCount() > 0)
        {
            final LatencyQuantiles quantiles = LatencyQuantiles.of(totals.latencyHistogram());
            latency.put("p50", quantiles.p50Us());
            latency.put("p90", quantiles.p90Us());
            latency.put("p99", quantiles.p99Us());
            latency.put("p99.9", quantiles.p999Us());
            latency.put("max", quantiles.maxUs());
        }
        json.put("latency_us", latency);
        json.put("sent_pct", round(percent(totals.sentCount(), totals.requestedCount())));
        json.put("lag_p99_us", totals.sentCount() > 0 ? lagP99Ns(totals) / NS_PER_US : 0);
        return json;
    }

    /**
     * @param totals a trial's merged totals.
     * @return the p99 schedule lag (actual minus intended send time), nanoseconds; 0 when nothing was sent.
     */
    public static long lagP99Ns(final SecondStats totals)
    {
        return totals.sentCount() > 0 ? totals.lagHistogram().getValueAtPercentile(99) * NS_PER_US : 0;
    }

    /**
     * @param stats figures as {@link #of} makes them (or read back from JSON).
     * @return them in {@link #KEYS}' order.
     */
    static Map<String, Object> ordered(final Map<String, Object> stats)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        for (final String key : KEYS)
        {
            if (stats.containsKey(key))
            {
                json.put(key, stats.get(key));
            }
        }
        return json;
    }

    /**
     * One line for people: {@code sent 1479, answered 1479, loss 0.000%, NOERROR 100.00%, p50 0.08ms p90 ... max}.
     *
     * @param stats figures as {@link #of} makes them.
     * @return the line.
     */
    @SuppressWarnings("unchecked")
    public static String line(final Map<String, Object> stats)
    {
        if (stats.isEmpty())
        {
            return "no figures";
        }
        final StringBuilder line = new StringBuilder();
        line.append("sent ").append(stats.get("sent")).append(", answered ").append(stats.get("answered"))
            .append(", loss ").append(String.format(Locale.ROOT, "%.3f%%", ((Number)stats.get("loss_pct"))
            .doubleValue()));
        final Map<String, Object> rcodes = (Map<String, Object>)stats.get("rcodes_pct");
        for (final Map.Entry<String, Object> rcode : rcodes.entrySet())
        {
            line.append(", ").append(rcode.getKey()).append(' ')
                .append(String.format(Locale.ROOT, "%.2f%%", ((Number)rcode.getValue()).doubleValue()));
        }
        final Map<String, Object> latency = (Map<String, Object>)stats.get("latency_us");
        line.append(latency.isEmpty() ? ", no answers" : ", latency");
        for (final Map.Entry<String, Object> quantile : latency.entrySet())
        {
            line.append(' ').append(quantile.getKey()).append(' ')
                .append(Slo.latency(((Number)quantile.getValue()).doubleValue() * NS_PER_US));
        }
        return line.toString();
    }

    private static double percent(final long part, final long whole)
    {
        return 0 == whole ? 0 : 100.0 * part / whole;
    }

    private static double round(final double value)
    {
        return Math.round(value * 1000) / 1000.0;
    }
}
