/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.aggregate.LatencyQuantiles;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.codec.RcodeNames;
import org.HdrHistogram.AbstractHistogram;

/**
 * A shoot's result: every host's, and their exact merge (counts add, histograms add). Renders as the JSON of
 * {@code result.json} / {@code --output json} and as {@code seconds.csv}.
 */
public final class ShootResult
{
    private final Map<String, Object> header;
    private final List<HostResult> hosts;
    private final Aggregator merged;
    private final AutostopTrigger autostop;

    /**
     * @param header the shoot's identity, in order: {@code id}, {@code description}, {@code target}, {@code ammo},
     *               {@code mode}, {@code started_at}, and any more (written first in the JSON).
     * @param hosts  every host's result; their aggregators are read, never changed: the merged one is new.
     */
    public ShootResult(final Map<String, Object> header, final List<HostResult> hosts)
    {
        this(header, hosts, null);
    }

    /**
     * @param header   as {@link #ShootResult(Map, List)}'s.
     * @param hosts    as {@link #ShootResult(Map, List)}'s.
     * @param autostop what stopped the shoot early, or null when no autostop criterion held.
     */
    public ShootResult(final Map<String, Object> header, final List<HostResult> hosts, final AutostopTrigger autostop)
    {
        this.autostop = autostop;
        this.header = new LinkedHashMap<>(header);
        this.hosts = List.copyOf(hosts);
        final Aggregator all = Aggregator.of((second) -> 0);
        for (final HostResult host : hosts)
        {
            all.merge(host.aggregator());
        }
        this.merged = all;
    }

    /**
     * @return every host's result.
     */
    public List<HostResult> hosts()
    {
        return hosts;
    }

    /**
     * @return the merge of every host's results, or null without hosts.
     */
    public Aggregator merged()
    {
        return merged;
    }

    /**
     * @return what stopped the shoot early (an autostop criterion), or null.
     */
    public AutostopTrigger autostop()
    {
        return autostop;
    }

    /**
     * @return true when every host's status is ok.
     */
    public boolean allOk()
    {
        return hosts.stream().allMatch((host) -> HostResult.OK.equals(host.status()));
    }

    /**
     * @return true when autostop stopped the shoot and every host shot until it was told to stop (ok or aborted:
     *     none failed, was lost or unreachable).
     */
    public boolean autostopped()
    {
        return null != autostop && hosts.stream().allMatch((host) -> HostResult.OK.equals(host.status()) ||
            HostResult.ABORTED.equals(host.status()));
    }

    /**
     * @return the JSON tree of the result.
     */
    public Map<String, Object> toJson()
    {
        final Map<String, Object> json = new LinkedHashMap<>(header);
        if (null != autostop)
        {
            json.put("autostop", autostop.toJson());
        }
        json.put("totals", stats(merged.totals(), false));
        json.put("counters", mergedCounters());
        final List<Object> seconds = new ArrayList<>();
        for (final SecondStats second : merged.seconds())
        {
            seconds.add(stats(second, true));
        }
        json.put("seconds", seconds);
        final List<Object> hostList = new ArrayList<>();
        for (final HostResult host : hosts)
        {
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("host", host.host());
            entry.put("dc", host.datacenter());
            entry.put("status", host.status());
            if (!host.reason().isEmpty())
            {
                entry.put("reason", host.reason());
            }
            entry.put("totals", stats(host.aggregator().totals(), false));
            entry.put("counters", host.counters());
            entry.put("queue", null == host.queue() ? null : host.queue().toString());
            hostList.add(entry);
        }
        json.put("hosts", hostList);
        return json;
    }

    /**
     * @return the generator counters summed over hosts (the maximum for the lag).
     */
    public Map<String, Long> mergedCounters()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        for (final HostResult host : hosts)
        {
            for (final Map.Entry<String, Long> entry : host.counters().entrySet())
            {
                final boolean maximum = entry.getKey().startsWith("max");
                counters.merge(entry.getKey(), entry.getValue(), maximum ? Math::max : Long::sum);
            }
        }
        return counters;
    }

    /**
     * One second (or the totals) as JSON.
     *
     * @param stats   the second or the totals.
     * @param withTime true to start with {@code t}, the second's index.
     * @return the JSON tree.
     */
    public static Map<String, Object> stats(final SecondStats stats, final boolean withTime)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        if (withTime)
        {
            json.put("t", stats.second());
        }
        json.put("requested", stats.requestedCount());
        json.put("sent", stats.sentCount());
        json.put("achieved", stats.achievedCount());
        json.put("answered", stats.answeredCount());
        json.put("timeouts", stats.timeoutCount());
        json.put("errors", stats.errorCount());
        json.put("dropped", stats.discardedCount());
        json.put("connect_failed", stats.connectFailedCount());
        json.put("resets", stats.resetCount());
        json.put("http_errors", stats.httpErrorCount());
        final Map<String, Object> httpStatuses = new LinkedHashMap<>();
        for (final int status : stats.httpStatuses())
        {
            httpStatuses.put(Integer.toString(status), stats.httpStatusCount(status));
        }
        json.put("http_statuses", httpStatuses);
        json.put("truncated", stats.truncatedCount());
        final Map<String, Object> rcodes = new LinkedHashMap<>();
        for (final int rcode : stats.rcodes())
        {
            rcodes.put(RcodeNames.rcodeName(rcode), stats.rcodeCount(rcode));
        }
        json.put("rcodes", rcodes);
        json.put("latency_us", quantiles(stats.latencyHistogram()));
        json.put("service_time_us", quantiles(stats.serviceTimeHistogram()));
        final LatencyQuantiles lag = LatencyQuantiles.of(stats.lagHistogram());
        final Map<String, Object> lagJson = new LinkedHashMap<>();
        lagJson.put("p50", lag.p50Us());
        lagJson.put("p99", lag.p99Us());
        lagJson.put("max", stats.lagMaxNs() / 1000);
        json.put("lag_us", lagJson);
        return json;
    }

    private static Map<String, Object> quantiles(final AbstractHistogram histogram)
    {
        final LatencyQuantiles quantiles = LatencyQuantiles.of(histogram);
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("p50", quantiles.p50Us());
        json.put("p90", quantiles.p90Us());
        json.put("p95", quantiles.p95Us());
        json.put("p99", quantiles.p99Us());
        json.put("p99.9", quantiles.p999Us());
        json.put("p99.99", quantiles.p9999Us());
        json.put("max", quantiles.maxUs());
        return json;
    }

    /**
     * @return {@code seconds.csv}: a header line, then one line per second of the merged result.
     */
    public String toCsv()
    {
        final StringBuilder csv = new StringBuilder(
            "t,requested,sent,achieved,answered,timeouts,errors,dropped,truncated,noerror,nxdomain,servfail,refused," +
            "other_rcodes,latency_p50_us,latency_p90_us,latency_p99_us,latency_p999_us,latency_max_us," +
            "service_p50_us,service_p99_us,lag_max_us\n");
        for (final SecondStats second : merged.seconds())
        {
            final LatencyQuantiles latency = LatencyQuantiles.of(second.latencyHistogram());
            final LatencyQuantiles service = LatencyQuantiles.of(second.serviceTimeHistogram());
            long other = 0;
            for (final int rcode : second.rcodes())
            {
                if (0 != rcode && 2 != rcode && 3 != rcode && 5 != rcode)
                {
                    other += second.rcodeCount(rcode);
                }
            }
            csv.append(String.format(
                Locale.ROOT,
                "%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d%n",
                second.second(), second.requestedCount(), second.sentCount(), second.achievedCount(),
                second.answeredCount(),
                second.timeoutCount(), second.errorCount(), second.discardedCount(), second.truncatedCount(),
                second.rcodeCount(0), second.rcodeCount(3), second.rcodeCount(2), second.rcodeCount(5), other,
                latency.p50Us(), latency.p90Us(), latency.p99Us(), latency.p999Us(), latency.maxUs(),
                service.p50Us(), service.p99Us(), second.lagMaxNs() / 1000));
        }
        return csv.toString();
    }
}
