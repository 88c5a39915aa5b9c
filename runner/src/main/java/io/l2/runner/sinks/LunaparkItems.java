/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.l2.engine.aggregate.SecondStats;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * How one second of a DNS shoot maps onto Lunapark's push items (the README's "Lunapark" section says the same for
 * people).
 * <ul>
 *     <li>Items: one {@code overall: 1, case: ""} item for the whole shoot; when the shoot has more than one host,
 *     also one {@code overall: 0} item per datacenter ({@code case: "dc:<name>"}) and per host
 *     ({@code case: "host:<name>"}) that has that second (cases cut to 128 characters, Lunapark's limit).</li>
 *     <li>{@code trail}: {@code time} the unix second (a string, as Tank sends it), {@code reqps} queries the
 *     profile requested, {@code resps} answers, {@code expect} mean latency in ms (from the intended send time),
 *     {@code latency} mean service time in ms (from the actual send), {@code q50 … q99, q100} latency quantiles in
 *     ms from the HdrHistogram (q100 the maximum), {@code threads} workers (instances × hosts), {@code input} and
 *     {@code output} 0 (l2 does not count bytes), {@code connect_time}, {@code send_time}, {@code receive_time},
 *     {@code disper}, {@code self_load} 0.</li>
 *     <li>{@code net_codes} (errno-style): answered as 0, send errors as 1, timeouts as 110 (ETIMEDOUT), malformed
 *     answers as 74 (EBADMSG), connect failures as 111 (ECONNREFUSED), resets as 104 (ECONNRESET), HTTP statuses
 *     other than 200 as 71 (EPROTO); queries the late policy discarded unsent are not in any code.</li>
 *     <li>{@code http_codes}: answers by DNS rcode (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED, …) and, for DNS
 *     over HTTPS, requests by HTTP status other than 200 (500, 429, …: net code 71 split by status). The two meet
 *     only if a server answers an extended rcode from 100 to 599 (none is assigned): the counts of such a code
 *     add up, as Lunapark takes each code once.</li>
 *     <li>{@code time_intervals}: the latency histogram in at most {@link #BIN_COUNT} bins, {@code from}/{@code to}
 *     in ms ({@code from} inclusive, {@code to} exclusive), non-empty bins only.</li>
 * </ul>
 * Only positive counts appear; a list is empty when nothing was counted. Immutable; call it on the thread that owns
 * the rows it is given (it reads them; a row that never had a histogram gets an empty one).
 */
public final class LunaparkItems
{
    /** Net code of an answered query. */
    public static final int NET_CODE_ANSWERED = 0;
    /** Net code of a query that could not be sent. */
    public static final int NET_CODE_SEND_ERROR = 1;
    /** Net code of a malformed answer: EBADMSG. */
    public static final int NET_CODE_MALFORMED = 74;
    /** Net code of a timeout: ETIMEDOUT. */
    public static final int NET_CODE_TIMEOUT = 110;
    /** Net code of queries not sent because no connection could be made (TCP): ECONNREFUSED. */
    public static final int NET_CODE_CONNECT_FAILED = 111;
    /** Net code of queries lost with a connection the server closed or reset (TCP): ECONNRESET. */
    public static final int NET_CODE_RESET = 104;
    /**
     * Net code of queries whose DNS over HTTPS request was answered with an HTTP status other than 200: EPROTO
     * ({@code http_codes} has them by status, beside the DNS rcodes of the answers).
     */
    public static final int NET_CODE_HTTP_ERROR = 71;
    /** The quantiles of a trail, in percent; 100 is the maximum. */
    public static final List<Integer> QUANTILES = List.of(50, 75, 80, 85, 90, 95, 98, 99, 100);
    /** Lunapark's limit on a case's length. */
    public static final int MAX_CASE_LENGTH = 128;

    private static final long[] BIN_UPPER_US = {
        100, 200, 300, 500, 700, 1_000, 1_500, 2_000, 3_000, 5_000, 7_000, 10_000, 15_000, 20_000, 30_000, 50_000,
        70_000, 100_000, 150_000, 200_000, 300_000, 500_000, 700_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000,
        5_000_000, 10_000_000, 30_000_000, 60_000_000, SecondStats.MAX_HISTOGRAM_US + 1 };

    /** The most bins a {@code time_intervals} list has. */
    public static final int BIN_COUNT = BIN_UPPER_US.length;

    private final int instancesPerHost;
    private final Map<String, String> datacenterOfHost;
    private final Map<String, Integer> hostsOfDatacenter = new LinkedHashMap<>();

    /**
     * @param instancesPerHost the plan's instances (workers on each host).
     * @param datacenterOfHost every host of the shoot to its datacenter, in the shoot's order.
     */
    public LunaparkItems(final int instancesPerHost, final Map<String, String> datacenterOfHost)
    {
        this.instancesPerHost = instancesPerHost;
        this.datacenterOfHost = new LinkedHashMap<>(datacenterOfHost);
        for (final String datacenter : datacenterOfHost.values())
        {
            hostsOfDatacenter.merge(datacenter, 1, Integer::sum);
        }
    }

    /**
     * The items of one second.
     *
     * @param epochSecond the second's unix time, s.
     * @param merged      the second of the whole shoot.
     * @param byHost      the same second of each host that has it (ignored for a shoot of one host).
     * @return the overall item first, then datacenters and hosts in the shoot's order.
     */
    public List<Map<String, Object>> items(
        final long epochSecond, final SecondStats merged, final Map<String, SecondStats> byHost)
    {
        final List<Map<String, Object>> items = new ArrayList<>();
        items.add(item(1, "", epochSecond, merged, instancesPerHost * Math.max(1, datacenterOfHost.size())));
        if (datacenterOfHost.size() > 1)
        {
            final Map<String, SecondStats> byDatacenter = new LinkedHashMap<>();
            for (final Map.Entry<String, String> host : datacenterOfHost.entrySet())
            {
                final SecondStats row = byHost.get(host.getKey());
                if (null != row)
                {
                    byDatacenter.computeIfAbsent(host.getValue(), (dc) -> new SecondStats(row.second(), 0)).add(row);
                }
            }
            for (final Map.Entry<String, SecondStats> datacenter : byDatacenter.entrySet())
            {
                items.add(item(0, caseOf("dc:", datacenter.getKey()), epochSecond, datacenter.getValue(),
                    instancesPerHost * hostsOfDatacenter.getOrDefault(datacenter.getKey(), 1)));
            }
            for (final String host : datacenterOfHost.keySet())
            {
                final SecondStats row = byHost.get(host);
                if (null != row)
                {
                    items.add(item(0, caseOf("host:", host), epochSecond, row, instancesPerHost));
                }
            }
        }
        return items;
    }

    /**
     * One item.
     *
     * @param overall     1 for the whole shoot, 0 for a part.
     * @param name        the case.
     * @param epochSecond the second's unix time, s.
     * @param stats       the second.
     * @param threads     workers behind it.
     * @return the item.
     */
    static Map<String, Object> item(
        final int overall, final String name, final long epochSecond, final SecondStats stats, final int threads)
    {
        final AbstractHistogram latency = stats.latencyHistogram();
        final AbstractHistogram service = stats.serviceTimeHistogram();
        final Map<String, Object> item = new LinkedHashMap<>();
        item.put("overall", overall);
        item.put("case", name);
        final Map<String, Object> trail = new LinkedHashMap<>();
        trail.put("time", Long.toString(epochSecond));
        trail.put("reqps", stats.requestedCount());
        trail.put("resps", stats.answeredCount());
        trail.put("expect", meanMs(latency));
        trail.put("disper", 0);
        trail.put("self_load", 0);
        trail.put("input", 0);
        trail.put("output", 0);
        trail.put("connect_time", 0);
        trail.put("send_time", 0);
        trail.put("latency", meanMs(service));
        trail.put("receive_time", 0);
        trail.put("threads", threads);
        for (final int quantile : QUANTILES)
        {
            final long us = 0 == latency.getTotalCount() ? 0 :
                100 == quantile ? latency.getMaxValue() : latency.getValueAtPercentile(quantile);
            trail.put("q" + quantile, us / 1000.0);
        }
        item.put("trail", trail);

        final List<Object> netCodes = new ArrayList<>();
        code(netCodes, NET_CODE_ANSWERED, stats.answeredCount());
        code(netCodes, NET_CODE_SEND_ERROR, stats.sendErrorCount());
        code(netCodes, NET_CODE_MALFORMED, stats.malformedCount());
        code(netCodes, NET_CODE_TIMEOUT, stats.timeoutCount());
        code(netCodes, NET_CODE_CONNECT_FAILED, stats.connectFailedCount());
        code(netCodes, NET_CODE_RESET, stats.resetCount());
        code(netCodes, NET_CODE_HTTP_ERROR, stats.httpErrorCount());
        item.put("net_codes", netCodes);
        final Map<Integer, Long> byCode = new TreeMap<>();
        for (final int rcode : stats.rcodes())
        {
            byCode.merge(rcode, stats.rcodeCount(rcode), Long::sum);
        }
        for (final int status : stats.httpStatuses())
        {
            byCode.merge(status, stats.httpStatusCount(status), Long::sum);
        }
        final List<Object> httpCodes = new ArrayList<>();
        for (final Map.Entry<Integer, Long> code : byCode.entrySet())
        {
            code(httpCodes, code.getKey(), code.getValue());
        }
        item.put("http_codes", httpCodes);
        item.put("time_intervals", intervals(latency));
        return item;
    }

    /**
     * The latency histogram in Lunapark's bins.
     *
     * @param histogram µs values.
     * @return the non-empty bins, ascending: {@code from} and {@code to} in ms, {@code count}.
     */
    static List<Object> intervals(final AbstractHistogram histogram)
    {
        final long[] counts = new long[BIN_UPPER_US.length];
        if (histogram.getTotalCount() > 0)
        {
            for (final HistogramIterationValue value : histogram.recordedValues())
            {
                final long us = value.getValueIteratedTo();
                int bin = 0;
                while (bin < BIN_UPPER_US.length - 1 && us >= BIN_UPPER_US[bin])
                {
                    bin++;
                }
                counts[bin] += value.getCountAtValueIteratedTo();
            }
        }
        final List<Object> intervals = new ArrayList<>();
        for (int bin = 0; bin < counts.length; bin++)
        {
            if (counts[bin] > 0)
            {
                final Map<String, Object> interval = new LinkedHashMap<>();
                interval.put("from", 0 == bin ? 0.0 : BIN_UPPER_US[bin - 1] / 1000.0);
                interval.put("to", BIN_UPPER_US[bin] / 1000.0);
                interval.put("count", counts[bin]);
                intervals.add(interval);
            }
        }
        return intervals;
    }

    private static String caseOf(final String prefix, final String name)
    {
        final String full = prefix + name;
        return full.length() <= MAX_CASE_LENGTH ? full : full.substring(0, MAX_CASE_LENGTH);
    }

    private static void code(final List<Object> codes, final int code, final long count)
    {
        if (count > 0)
        {
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("code", code);
            entry.put("count", count);
            codes.add(entry);
        }
    }

    private static double meanMs(final AbstractHistogram histogram)
    {
        return 0 == histogram.getTotalCount() ? 0.0 : histogram.getMean() / 1000.0;
    }
}
