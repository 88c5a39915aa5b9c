/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.aggregate.LatencyQuantiles;
import io.l2.engine.aggregate.SecondStats;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.ShootResult;

/**
 * The data a report embeds, as a JSON tree, column by column (one array per series, one element per second from
 * {@code t0} to {@code t0 + n - 1}):
 * <pre>
 * {"format": 1, "id", "description", "t0", "n",
 *  "total": {"requested", "sent", "achieved", "answered", "timeouts", "errors", "dropped",
 *            "p50_us", "p90_us", "p99_us", "p99.9_us", "lag_max_us"},
 *  "rcodes": {"NOERROR": [...], ...},
 *  "dcs":   [{"name", "hosts", "sent", "answered", "p99_us"}],   (only with two datacenters or more)
 *  "hosts": [{"name", "dc", "sent", "answered", "p99_us"}]}      (only with two hosts or more)
 * </pre>
 * Latency quantiles are null in a second without answers. The merged columns come from the result's JSON (so a
 * report rebuilt from {@code result.json} alone has them); the per-host and per-datacenter columns need the hosts'
 * aggregators and are left out without them. Cold path; not thread-safe.
 */
final class ReportData
{
    static final int FORMAT = 1;

    private ReportData()
    {
    }

    /**
     * @param result the result's JSON tree ({@link ShootResult#toJson()} or {@code result.json} read back).
     * @param shoot  the result itself for the per-host and per-datacenter series, or null.
     * @param dcs    the hosts' aggregators merged per datacenter ({@link #datacenters}), empty without the result.
     * @return the JSON tree to embed.
     */
    static Map<String, Object> of(
        final Map<String, Object> result, final ShootResult shoot, final Map<String, Aggregator> dcs)
    {
        final List<Map<String, Object>> seconds = Maps.list(result, "seconds");
        final int n = seconds.size();
        final long t0 = 0 == n ? 0 : Maps.number(seconds.get(0), "t");

        final Map<String, Object> data = new LinkedHashMap<>();
        data.put("format", FORMAT);
        data.put("id", result.get("id"));
        data.put("description", result.get("description"));
        data.put("t0", t0);
        data.put("n", n);

        final Map<String, Object> total = new LinkedHashMap<>();
        for (final String key : List.of("requested", "sent", "achieved", "answered", "timeouts", "errors", "dropped"))
        {
            final long[] column = new long[n];
            for (int i = 0; i < n; i++)
            {
                column[i] = Maps.number(seconds.get(i), key);
            }
            total.put(key, column);
        }
        for (final String quantile : List.of("p50", "p90", "p99", "p99.9"))
        {
            final List<Long> column = new ArrayList<>(n);
            for (final Map<String, Object> second : seconds)
            {
                column.add(0 == Maps.number(second, "answered") ? null :
                    Maps.number(Maps.object(second, "latency_us"), quantile));
            }
            total.put(quantile + "_us", column);
        }
        final long[] lag = new long[n];
        for (int i = 0; i < n; i++)
        {
            lag[i] = Maps.number(Maps.object(seconds.get(i), "lag_us"), "max");
        }
        total.put("lag_max_us", lag);
        data.put("total", total);
        data.put("rcodes", rcodes(result, seconds));

        final List<Object> dcList = new ArrayList<>();
        final List<Object> hosts = new ArrayList<>();
        if (null != shoot)
        {
            final Map<String, List<HostResult>> byDc = byDatacenter(shoot.hosts());
            if (dcs.size() > 1)
            {
                for (final Map.Entry<String, Aggregator> entry : dcs.entrySet())
                {
                    final Map<String, Object> dc = new LinkedHashMap<>();
                    dc.put("name", entry.getKey());
                    dc.put("hosts", byDc.get(entry.getKey()).size());
                    columns(dc, entry.getValue(), t0, n);
                    dcList.add(dc);
                }
            }
            if (shoot.hosts().size() > 1)
            {
                for (final HostResult host : shoot.hosts())
                {
                    final Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("name", host.host());
                    entry.put("dc", host.datacenter());
                    columns(entry, host.aggregator(), t0, n);
                    hosts.add(entry);
                }
            }
        }
        data.put("dcs", dcList);
        data.put("hosts", hosts);
        return data;
    }

    /**
     * @param hosts the hosts, in the result's order.
     * @return the hosts grouped by datacenter, datacenters in order of first appearance (no datacenter: "-").
     */
    static Map<String, List<HostResult>> byDatacenter(final List<HostResult> hosts)
    {
        final Map<String, List<HostResult>> byDc = new LinkedHashMap<>();
        for (final HostResult host : hosts)
        {
            final String dc = null == host.datacenter() || host.datacenter().isEmpty() ? "-" : host.datacenter();
            byDc.computeIfAbsent(dc, (key) -> new ArrayList<>()).add(host);
        }
        return byDc;
    }

    /**
     * @param hosts the hosts, in the result's order.
     * @return each datacenter's hosts merged into one new aggregator, in order of first appearance.
     */
    static Map<String, Aggregator> datacenters(final List<HostResult> hosts)
    {
        final Map<String, Aggregator> dcs = new LinkedHashMap<>();
        for (final Map.Entry<String, List<HostResult>> entry : byDatacenter(hosts).entrySet())
        {
            final Aggregator merged = Aggregator.of((second) -> 0);
            entry.getValue().forEach((host) -> merged.merge(host.aggregator()));
            dcs.put(entry.getKey(), merged);
        }
        return dcs;
    }

    private static Map<String, Object> rcodes(final Map<String, Object> result, final List<Map<String, Object>> seconds)
    {
        final List<String> names = new ArrayList<>();
        if (result.get("totals") instanceof Map<?, ?> totals && totals.get("rcodes") instanceof Map<?, ?> rcodes)
        {
            rcodes.keySet().forEach((name) -> names.add(String.valueOf(name)));
        }
        for (final Map<String, Object> second : seconds)
        {
            for (final String name : Maps.object(second, "rcodes").keySet())
            {
                if (!names.contains(name))
                {
                    names.add(name);
                }
            }
        }
        final Map<String, Object> columns = new LinkedHashMap<>();
        for (final String name : names)
        {
            final long[] column = new long[seconds.size()];
            for (int i = 0; i < column.length; i++)
            {
                column[i] = Maps.number(Maps.object(seconds.get(i), "rcodes"), name);
            }
            columns.put(name, column);
        }
        return columns;
    }

    private static void columns(
        final Map<String, Object> entry, final Aggregator aggregator, final long t0, final int n)
    {
        final long[] sent = new long[n];
        final long[] answered = new long[n];
        final List<Long> p99 = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            p99.add(null);
        }
        for (final SecondStats second : aggregator.seconds())
        {
            final long index = second.second() - t0;
            if (index >= 0 && index < n)
            {
                sent[(int)index] = second.sentCount();
                answered[(int)index] = second.answeredCount();
                if (second.answeredCount() > 0)
                {
                    p99.set((int)index, LatencyQuantiles.of(second.latencyHistogram()).p99Us());
                }
            }
        }
        entry.put("sent", sent);
        entry.put("answered", answered);
        entry.put("p99_us", p99);
    }
}
