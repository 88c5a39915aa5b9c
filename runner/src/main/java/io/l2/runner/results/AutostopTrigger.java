/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Why autostop stopped a shoot: the criterion that held first, when, and the rate it broke at.
 *
 * @param criterion    the criterion as written (white space removed), e.g. {@code timeouts(5%,2s)}.
 * @param culprit      {@link #TARGET}, {@link #GENERATOR} ({@code lag}, {@code achieved}: l2's hosts could not keep
 *                     the rate) or {@link #LIMIT} ({@code limit(T)}).
 * @param second       the merged second whose arrival made the criterion hold (0-based from the start).
 * @param firstSecond  the first bad second of the streak, or the first second of the window.
 * @param rpsAtTrigger the rate the plan requested in {@code firstSecond}, queries per second over the set: Tank's
 *                     "imbalance" rps, the rate the target broke at.
 * @param reason       one line for people: what was seen, and against what.
 */
public record AutostopTrigger(
    String criterion, String culprit, long second, long firstSecond, long rpsAtTrigger, String reason)
{
    /** The target broke (latency, rcodes, timeouts, errors). */
    public static final String TARGET = "target";
    /** l2's hosts could not keep the requested rate: the generator, not the target. */
    public static final String GENERATOR = "generator";
    /** {@code limit(T)}: the shoot lasted as long as allowed. */
    public static final String LIMIT = "limit";

    /**
     * Checks the components.
     */
    public AutostopTrigger
    {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(culprit, "culprit");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * @return the JSON form: {@code criterion}, {@code second}, {@code rps_at_trigger}, {@code reason},
     *     {@code first_second}, {@code culprit}.
     */
    public Map<String, Object> toJson()
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("criterion", criterion);
        json.put("second", second);
        json.put("rps_at_trigger", rpsAtTrigger);
        json.put("reason", reason);
        json.put("first_second", firstSecond);
        json.put("culprit", culprit);
        return json;
    }

    /**
     * Reads the JSON form back ({@code result.json}).
     *
     * @param json the map {@link #toJson} wrote, or null.
     * @return the trigger, or null when {@code json} is not one.
     */
    public static AutostopTrigger fromJson(final Object json)
    {
        if (!(json instanceof Map<?, ?> map) || !(map.get("criterion") instanceof String criterion))
        {
            return null;
        }
        return new AutostopTrigger(criterion, null == map.get("culprit") ? TARGET : String.valueOf(map.get("culprit")),
            number(map.get("second")), number(map.get("first_second")), number(map.get("rps_at_trigger")),
            null == map.get("reason") ? "" : String.valueOf(map.get("reason")));
    }

    private static long number(final Object value)
    {
        return value instanceof Number number ? number.longValue() : -1;
    }
}
