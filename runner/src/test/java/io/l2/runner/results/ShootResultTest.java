/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShootResultTest
{
    @Test
    void shouldWriteTheHttpStatusesOfTwoHostsMergedNextToTheHttpErrorsInTheJson()
    {
        final Map<Integer, Integer> first = new LinkedHashMap<>();
        first.put(500, 10);
        first.put(429, 1);
        final Map<Integer, Integer> second = new LinkedHashMap<>();
        second.put(503, 4);
        second.put(500, 2);
        second.put(429, 2);
        final ShootResult result = new ShootResult(Map.of("id", "x"), List.of(
            new HostResult("load01", "man", HostResult.OK, "", DohRecords.second(3, first), Map.of(), null),
            new HostResult("load02", "sas", HostResult.OK, "", DohRecords.second(4, second), Map.of(), null)));

        final Map<String, Object> json = result.toJson();

        @SuppressWarnings("unchecked")
        final Map<String, Object> totals = (Map<String, Object>)json.get("totals");
        assertEquals(19L, totals.get("http_errors"));
        assertEquals(Map.of("429", 3L, "500", 12L, "503", 4L), totals.get("http_statuses"));
        assertEquals(List.of("429", "500", "503"),
            new ArrayList<>(((Map<?, ?>)totals.get("http_statuses")).keySet()), "ascending, as rcodes are");
        final List<String> keys = new ArrayList<>(totals.keySet());
        assertEquals(keys.indexOf("http_errors") + 1, keys.indexOf("http_statuses"), keys.toString());
        assertEquals(7L, totals.get("answered"));
        assertEquals(19L, totals.get("errors"));
        assertEquals(Map.of("NOERROR", 7L), totals.get("rcodes"));

        @SuppressWarnings("unchecked")
        final Map<String, Object> secondZero = ((List<Map<String, Object>>)json.get("seconds")).get(0);
        assertEquals(totals.get("http_statuses"), secondZero.get("http_statuses"), "per second too");
        @SuppressWarnings("unchecked")
        final Map<String, Object> host = ((List<Map<String, Object>>)json.get("hosts")).get(1);
        @SuppressWarnings("unchecked")
        final Map<String, Object> hostTotals = (Map<String, Object>)host.get("totals");
        assertEquals(Map.of("429", 2L, "500", 2L, "503", 4L), hostTotals.get("http_statuses"));
        assertEquals(Map.of(), ShootResult.stats(DohRecords.second(1, Map.of()).totals(), false)
            .get("http_statuses"), "an empty object without HTTP errors");
        final String written = Json.write(json);
        assertTrue(written.contains("    \"http_statuses\": {\n      \"429\": 3,\n      \"500\": 12,\n" +
            "      \"503\": 4\n    },\n"), written);
    }
}
