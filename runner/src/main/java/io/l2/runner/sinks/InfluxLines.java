/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.l2.engine.aggregate.LatencyQuantiles;
import io.l2.engine.aggregate.SecondStats;
import io.l2.runner.results.AutostopTrigger;
import io.l2.engine.codec.RcodeNames;

/**
 * How a DNS shoot maps onto InfluxDB line protocol (the README's "Results → InfluxDB" says the same for people).
 * <ul>
 *     <li>Per second, measurement {@code <measurement>} (default {@code l2}), one point per scope: {@code overall}
 *     (the whole shoot), one per datacenter ({@code dc}) and one per host ({@code host}) that has the second.</li>
 *     <li>Tags: {@code shoot} (its id), {@code set}, {@code target}, {@code scope} (overall, dc or host), {@code dc}
 *     (dc and host points), {@code host} (host points). A tag with an empty value is left out.</li>
 *     <li>Fields, integers: {@code requested}, {@code sent}, {@code achieved}, {@code answered}, {@code timeouts},
 *     {@code errors}, {@code dropped} (discarded by the late policy), {@code connect_failed}, {@code resets},
 *     {@code http_errors}, {@code truncated}, one {@code rcode_<NAME>} per rcode that occurred ({@code rcode_NOERROR},
 *     {@code rcode_NXDOMAIN}, …) and one {@code http_status_<STATUS>} per HTTP status other than 200 that occurred
 *     (DNS over HTTPS: {@code http_status_500}, {@code http_status_429}, …, adding up to {@code http_errors});
 *     floats, ms: {@code p50_ms}, {@code p90_ms}, {@code p99_ms}, {@code p999_ms}, {@code max_ms} of the latency
 *     from the intended send time (0 when nothing was answered).</li>
 *     <li>Timestamp: the second's unix second (written with {@code precision=s}).</li>
 *     <li>At the end, measurement {@code <measurement>_totals}: the same tags and fields for the whole shoot, one
 *     point per scope, at the unix second of second 0.</li>
 *     <li>When autostop stopped the shoot, measurement {@code <measurement>_autostop}: one point with the common tags
 *     and {@code criterion}, {@code culprit} (target, generator or limit); fields {@code second},
 *     {@code rps_at_trigger}, {@code first_second} (integers) and {@code reason} (a string), at the unix second of
 *     second 0.</li>
 * </ul>
 * Writing the same shoot twice writes the same points (same series, same timestamps): InfluxDB keeps one of each.
 * Immutable; call it on the thread that owns the rows it is given (it reads them).
 */
public final class InfluxLines
{
    /** Scope of a point of the whole shoot. */
    public static final String OVERALL = "overall";
    /** Scope of a point of one datacenter. */
    public static final String DC = "dc";
    /** Scope of a point of one host. */
    public static final String HOST = "host";
    /** Appended to the measurement for the totals. */
    public static final String TOTALS_SUFFIX = "_totals";
    /** Appended to the measurement for the autostop point. */
    public static final String AUTOSTOP_SUFFIX = "_autostop";

    private final String measurement;
    private final String commonTags;
    private final Map<String, String> datacenterOfHost;

    /**
     * @param measurement      the measurement of the per-second points.
     * @param shootId          the shoot's id.
     * @param set              the set that shot.
     * @param target           the target as the plan names it.
     * @param datacenterOfHost every host of the shoot to its datacenter, in the shoot's order.
     */
    public InfluxLines(
        final String measurement,
        final String shootId,
        final String set,
        final String target,
        final Map<String, String> datacenterOfHost)
    {
        this.measurement = measurement;
        final StringBuilder tags = new StringBuilder();
        tag(tags, "shoot", shootId);
        tag(tags, "set", set);
        tag(tags, "target", target);
        this.commonTags = tags.toString();
        this.datacenterOfHost = new LinkedHashMap<>(datacenterOfHost);
    }

    /**
     * The points of one second.
     *
     * @param epochSecond the second's unix time, s.
     * @param merged      the second of the whole shoot.
     * @param byHost      the same second of each host that has it.
     * @return lines, each ending with a newline: the overall point, then datacenters and hosts in the shoot's order.
     */
    public String second(final long epochSecond, final SecondStats merged, final Map<String, SecondStats> byHost)
    {
        return points(measurement, epochSecond, merged, byHost);
    }

    /**
     * The totals of the shoot.
     *
     * @param startEpochSecond the unix time of second 0, s.
     * @param totals           the totals of the whole shoot.
     * @param byHost           each host's totals.
     * @return lines of {@code <measurement>_totals}, as {@link #second}.
     */
    public String totals(final long startEpochSecond, final SecondStats totals, final Map<String, SecondStats> byHost)
    {
        return points(measurement + TOTALS_SUFFIX, startEpochSecond, totals, byHost);
    }

    /**
     * @return the number of points a second (or the totals) with rows of every host has.
     */
    public int pointsPerSecond()
    {
        return 1 + (int)datacenterOfHost.values().stream().distinct().count() + datacenterOfHost.size();
    }

    private String points(
        final String name, final long epochSecond, final SecondStats merged, final Map<String, SecondStats> byHost)
    {
        final StringBuilder lines = new StringBuilder(512);
        final String escapedName = escapeMeasurement(name);
        point(lines, escapedName, OVERALL, null, null, merged, epochSecond);
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
            point(lines, escapedName, DC, datacenter.getKey(), null, datacenter.getValue(), epochSecond);
        }
        for (final Map.Entry<String, String> host : datacenterOfHost.entrySet())
        {
            final SecondStats row = byHost.get(host.getKey());
            if (null != row)
            {
                point(lines, escapedName, HOST, host.getValue(), host.getKey(), row, epochSecond);
            }
        }
        return lines.toString();
    }

    private void point(
        final StringBuilder lines,
        final String escapedName,
        final String scope,
        final String dc,
        final String host,
        final SecondStats stats,
        final long epochSecond)
    {
        lines.append(escapedName).append(commonTags);
        tag(lines, "scope", scope);
        tag(lines, "dc", dc);
        tag(lines, "host", host);
        lines.append(' ');
        integer(lines, "requested", stats.requestedCount()).append(',');
        integer(lines, "sent", stats.sentCount()).append(',');
        integer(lines, "achieved", stats.achievedCount()).append(',');
        integer(lines, "answered", stats.answeredCount()).append(',');
        integer(lines, "timeouts", stats.timeoutCount()).append(',');
        integer(lines, "errors", stats.errorCount()).append(',');
        integer(lines, "dropped", stats.discardedCount()).append(',');
        integer(lines, "connect_failed", stats.connectFailedCount()).append(',');
        integer(lines, "resets", stats.resetCount()).append(',');
        integer(lines, "http_errors", stats.httpErrorCount()).append(',');
        integer(lines, "truncated", stats.truncatedCount());
        for (final int rcode : stats.rcodes())
        {
            lines.append(',');
            integer(lines, "rcode_" + escapeKey(RcodeNames.rcodeName(rcode)), stats.rcodeCount(rcode));
        }
        for (final int status : stats.httpStatuses())
        {
            lines.append(',');
            integer(lines, "http_status_" + status, stats.httpStatusCount(status));
        }
        final LatencyQuantiles latency = LatencyQuantiles.of(stats.latencyHistogram());
        milliseconds(lines.append(','), "p50_ms", latency.p50Us());
        milliseconds(lines.append(','), "p90_ms", latency.p90Us());
        milliseconds(lines.append(','), "p99_ms", latency.p99Us());
        milliseconds(lines.append(','), "p999_ms", latency.p999Us());
        milliseconds(lines.append(','), "max_ms", latency.maxUs());
        lines.append(' ').append(epochSecond).append('\n');
    }

    private static StringBuilder integer(final StringBuilder lines, final String key, final long value)
    {
        return lines.append(key).append('=').append(value).append('i');
    }

    private static void milliseconds(final StringBuilder lines, final String key, final long us)
    {
        lines.append(key).append('=').append(String.format(Locale.ROOT, "%d.%03d", us / 1000, us % 1000));
    }

    /**
     * The autostop point.
     *
     * @param startEpochSecond the unix second of second 0.
     * @param trigger          what stopped the shoot.
     * @return one line of {@code <measurement>_autostop}, ending with a newline.
     */
    public String autostop(final long startEpochSecond, final AutostopTrigger trigger)
    {
        final StringBuilder line = new StringBuilder(escapeMeasurement(measurement + AUTOSTOP_SUFFIX))
            .append(commonTags);
        tag(line, "criterion", trigger.criterion());
        tag(line, "culprit", trigger.culprit());
        line.append(" second=").append(trigger.second()).append("i,rps_at_trigger=").append(trigger.rpsAtTrigger())
            .append("i,first_second=").append(trigger.firstSecond()).append("i,reason=\"")
            .append(trigger.reason().replace("\\", "\\\\").replace("\"", "\\\"").replace('\n', ' '))
            .append("\" ").append(startEpochSecond).append('\n');
        return line.toString();
    }

    private static void tag(final StringBuilder lines, final String key, final String value)
    {
        if (null != value && !value.isEmpty())
        {
            lines.append(',').append(key).append('=').append(escapeTag(value));
        }
    }

    /**
     * Escapes a tag value (or a tag or field key) as line protocol wants it: a backslash before each comma, space
     * and equals sign; line breaks and other control characters become spaces (escaped), which line protocol
     * cannot carry; a trailing backslash is doubled so it does not escape the separator after it.
     *
     * @param value the raw value.
     * @return the escaped value.
     */
    public static String escapeTag(final String value)
    {
        return escape(value, true);
    }

    /**
     * Escapes a measurement: a backslash before each comma and space.
     *
     * @param value the raw measurement.
     * @return the escaped measurement.
     */
    public static String escapeMeasurement(final String value)
    {
        return escape(value, false);
    }

    private static String escapeKey(final String value)
    {
        return escape(value, true);
    }

    private static String escape(final String value, final boolean equalsSign)
    {
        final StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++)
        {
            final char c = Character.isISOControl(value.charAt(i)) ? ' ' : value.charAt(i);
            if (',' == c || ' ' == c || (equalsSign && '=' == c))
            {
                out.append('\\');
            }
            out.append(c);
        }
        if (value.endsWith("\\"))
        {
            out.append('\\');
        }
        return out.toString();
    }
}
