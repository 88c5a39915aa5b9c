/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import io.l2.runner.base.InputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search on scripted trials: a target that passes below a knee, its bracket, the confirmation and its step down,
 * a generator that cannot keep the rate, and the bounds' bad input.
 */
class CapacitySearchTest
{
    private static final long S = 1_000_000_000L;

    private final List<String> shot = new ArrayList<>();

    @Test
    void shouldRampThenBisectThenConfirmWhenTheTargetHasAKnee() throws Exception
    {
        final CapacitySearch.Outcome outcome = search(100, 100_000, 0.02, (rate) -> rate <= 1234, (rate) -> true);
        assertEquals(CapacitySearch.Status.FOUND, outcome.status());
        final long capacity = outcome.capacity().rate();
        assertTrue(capacity <= 1234 && capacity >= 1234 * 0.98, "capacity " + capacity + " in " + shot);
        assertTrue(outcome.firstFail().rate() > 1234, shot.toString());
        assertTrue(outcome.firstFail().rate() - capacity <= Math.max(1, (long)(capacity * 0.02)), shot.toString());
        assertEquals(List.of("ramp 100 3s", "ramp 200 3s", "ramp 400 3s", "ramp 800 3s", "ramp 1600 3s"),
            shot.subList(0, 5));
        assertTrue(shot.get(5).startsWith("bisect 1200 "), shot.toString());
        assertEquals("confirm " + capacity + " 10s", shot.get(shot.size() - 1));
        assertEquals(List.of(), outcome.notes());
        final Map<String, Object> json = CapacityReport.json(Map.of("slo", "loss<=1%", "hold_s", 10.0,
            "resolution_pct", 2.0, "to", 100_000L, "from", 100L, "folder", "/x"), outcome);
        assertEquals(capacity, json.get("capacity"));
        assertEquals(Map.of("last_pass", capacity, "first_fail", outcome.firstFail().rate()), json.get("bracket"));
        assertTrue(((String)json.get("summary")).startsWith("capacity: " + capacity + " rps within loss<=1% (bracket ["
            + capacity + ", " + outcome.firstFail().rate() + "] rps, resolution 2%, confirmed over 10s)"),
            (String)json.get("summary"));
    }

    @Test
    void shouldStepDownAndSayWhenTheConfirmationFails() throws Exception
    {
        // short trials pass up to 1000, the full hold only up to 970: 1000 and 980 fail it, 961 passes
        final CapacitySearch.Outcome outcome = search(500, 100_000, 0.02, (rate) -> rate <= 1000,
            (rate) -> rate <= 970);
        assertEquals(CapacitySearch.Status.FOUND, outcome.status());
        assertEquals(961, outcome.capacity().rate(), shot.toString());
        assertEquals(2, outcome.notes().size(), outcome.notes().toString());
        assertTrue(outcome.notes().get(0).startsWith("the confirmation at "), outcome.notes().toString());
        assertTrue(outcome.firstFail().rate() > outcome.capacity().rate(), shot.toString());
        assertEquals(Trial.CONFIRM, outcome.firstFail().phase(), "the bracket's upper end is the failed confirmation");
    }

    @Test
    void shouldSayAtLeastToWhenEveryRatePasses() throws Exception
    {
        final CapacitySearch.Outcome outcome = search(100, 500, 0.02, (rate) -> true, (rate) -> true);
        assertEquals(CapacitySearch.Status.AT_LEAST_TO, outcome.status());
        assertEquals(500, outcome.capacity().rate());
        assertNull(outcome.firstFail());
        assertEquals(List.of("ramp 100 3s", "ramp 200 3s", "ramp 400 3s", "ramp 500 3s", "confirm 500 10s"), shot);
    }

    @Test
    void shouldSayBelowFromWhenTheFirstTrialFails() throws Exception
    {
        final CapacitySearch.Outcome outcome = search(100, 500, 0.02, (rate) -> false, (rate) -> false);
        assertEquals(CapacitySearch.Status.BELOW_FROM, outcome.status());
        assertNull(outcome.capacity());
        assertEquals(List.of("ramp 100 3s"), shot);
    }

    @Test
    void shouldStopAtOnceWhenTheGeneratorCannotKeepTheRate() throws Exception
    {
        final CapacitySearch.Outcome outcome = new CapacitySearch(
            new CapacitySearch.Bounds(100, 100_000, 3 * S, 10 * S, 0.02),
            (index, phase, rate, durationNs) ->
            {
                shot.add(phase + " " + rate);
                return trial(index, phase, rate, durationNs, rate >= 400 ? Trial.Verdict.GENERATOR :
                    Trial.Verdict.PASS);
            }, (trial) ->
            {
            }).run();
        assertEquals(CapacitySearch.Status.GENERATOR, outcome.status());
        assertEquals(400, outcome.stopper().rate());
        assertEquals(List.of("ramp 100", "ramp 200", "ramp 400"), shot);
        final Map<String, Object> json = CapacityReport.json(Map.of("slo", "loss<=1%", "hold_s", 10.0,
            "resolution_pct", 2.0, "folder", "/x"), outcome);
        assertEquals("capacity: search stopped at trial 3 (400 rps): generator; nothing is known of the target there",
            json.get("summary"));
    }

    @Test
    void shouldRefuseBoundsInOneLineNamingTheOption()
    {
        assertEquals("--from 500 is above --to 100", assertThrows(InputException.class,
            () -> new CapacitySearch.Bounds(500, 100, 3 * S, 10 * S, 0.02)).getMessage());
        assertEquals("--from 0: expected a rate of at least 1 query per second", assertThrows(InputException.class,
            () -> new CapacitySearch.Bounds(0, 100, 3 * S, 10 * S, 0.02)).getMessage());
        assertEquals("--hold 500ms: expected whole milliseconds, at least 1s", assertThrows(InputException.class,
            () -> new CapacitySearch.Bounds(1, 100, 3 * S, S / 2, 0.02)).getMessage());
        assertEquals("--resolution 60.00%: expected 0.1% to 50%", assertThrows(InputException.class,
            () -> new CapacitySearch.Bounds(1, 100, 3 * S, 10 * S, 0.6)).getMessage());
        assertEquals("--resolution NaN%: expected 0.1% to 50%", assertThrows(InputException.class,
            () -> new CapacitySearch.Bounds(1, 100, 3 * S, 10 * S, Double.NaN)).getMessage());
    }

    private CapacitySearch.Outcome search(
        final long from, final long to, final double resolution, final LongPredicate shortPass,
        final LongPredicate holdPass) throws Exception
    {
        return new CapacitySearch(new CapacitySearch.Bounds(from, to, 3 * S, 10 * S, resolution),
            (index, phase, rate, durationNs) ->
            {
                shot.add(phase + " " + rate + " " + durationNs / S + "s");
                final boolean pass = Trial.CONFIRM.equals(phase) ? holdPass.test(rate) : shortPass.test(rate);
                return trial(index, phase, rate, durationNs, pass ? Trial.Verdict.PASS : Trial.Verdict.FAIL);
            }, (trial) ->
            {
            }).run();
    }

    private static Trial trial(
        final int index, final String phase, final long rate, final long durationNs, final Trial.Verdict verdict)
    {
        return new Trial(index, phase, rate, durationNs, verdict, Trial.Verdict.PASS == verdict ? "" :
            verdict.label(), "ok", "20261207-120000-00000" + (index % 10), "/r/" + index, Map.of());
    }
}
