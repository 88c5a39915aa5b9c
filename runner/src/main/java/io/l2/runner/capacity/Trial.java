/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.capacity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One trial of a capacity search: a shoot at a constant rate, and what it said.
 *
 * @param index      1-based, in the order shot.
 * @param phase      {@link #RAMP}, {@link #BISECT} or {@link #CONFIRM}.
 * @param rate       the requested rate, queries per second (the set's total).
 * @param durationNs how long the trial's profile lasts.
 * @param verdict    what the trial says.
 * @param why        one line: the SLO term it missed, what the generator could not do, why the shoot failed; empty
 *                   for a pass.
 * @param health     one line on the generator: the share of the requested queries sent, the p99 schedule lag.
 * @param shootId    the trial's shoot id, or empty when it never started.
 * @param resultsDir the trial's results folder, or empty.
 * @param stats      at that rate: sent, answered, loss, rcode mix, latency quantiles ({@link TrialStats#toJson}).
 */
public record Trial(
    int index, String phase, long rate, long durationNs, Verdict verdict, String why, String health, String shootId,
    String resultsDir, Map<String, Object> stats)
{
    /** The exponential ramp from {@code --from}. */
    public static final String RAMP = "ramp";
    /** The bisection between the last pass and the first fail. */
    public static final String BISECT = "bisect";
    /** A trial of the full {@code --hold} at the rate found. */
    public static final String CONFIRM = "confirm";

    /** What a trial says. */
    public enum Verdict
    {
        /** The target met every SLO term at that rate. */
        PASS,
        /** The target missed an SLO term. */
        FAIL,
        /** l2 itself could not keep the rate: nothing is known of the target; the search stops. */
        GENERATOR,
        /** The shoot failed (a host failed or was lost): the search stops. */
        FAILED;

        /**
         * @return the verdict for people and JSON: pass, fail, generator, failed.
         */
        public String label()
        {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Validates the components.
     */
    public Trial
    {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(shootId, "shootId");
        Objects.requireNonNull(resultsDir, "resultsDir");
        stats = Map.copyOf(stats);
    }

    /**
     * @return true when the target met the SLO.
     */
    public boolean passed()
    {
        return Verdict.PASS == verdict;
    }

    /**
     * @return the trial as JSON.
     */
    public Map<String, Object> toJson()
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("trial", index);
        json.put("phase", phase);
        json.put("rate", rate);
        json.put("duration_s", durationNs / 1e9);
        json.put("verdict", verdict.label());
        json.put("why", why);
        json.put("generator", health);
        json.put("shoot", shootId);
        json.put("results", resultsDir);
        json.put("stats", TrialStats.ordered(stats));
        return json;
    }
}
