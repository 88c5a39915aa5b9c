/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class JsonTest
{
    private static Map<String, Object> sample()
    {
        final Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("p99", 1.5);
        inner.put("whole", 2.0);
        inner.put("nan", Double.NaN);
        final Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", "20261126-042701-065422");
        tree.put("sent", 3000L);
        tree.put("ok", true);
        tree.put("none", null);
        tree.put("latency", inner);
        tree.put("empty", Map.of());
        tree.put("list", Arrays.asList(1, "two", List.of()));
        tree.put("reason", "a \"quoted\" <b>&</b>\tline\nnext\u2028");
        return tree;
    }

    @Test
    void shouldPrettyPrintWithTwoSpacesAndKeepTheMapsOrder()
    {
        assertEquals(String.join("\n",
            "{",
            "  \"id\": \"20261126-042701-065422\",",
            "  \"sent\": 3000,",
            "  \"ok\": true,",
            "  \"none\": null,",
            "  \"latency\": {",
            "    \"p99\": 1.5,",
            "    \"whole\": 2,",
            "    \"nan\": null",
            "  },",
            "  \"empty\": {},",
            "  \"list\": [",
            "    1,",
            "    \"two\",",
            "    []",
            "  ],",
            "  \"reason\": \"a \\\"quoted\\\" <b>&</b>\\tline\\nnext\u2028\"",
            "}",
            ""), Json.write(sample()));
    }

    @Test
    void shouldWriteOneLineThatCannotEndAScriptElementWhenForAScript()
    {
        final Map<String, Object> tree = sample();
        tree.put("numbers", new long[] {1, -2, 3});
        tree.put("none", new long[0]);

        final String json = Json.writeForScript(tree);

        assertEquals("{\"id\":\"20261126-042701-065422\",\"sent\":3000,\"ok\":true,\"none\":[]," +
            "\"latency\":{\"p99\":1.5,\"whole\":2,\"nan\":null},\"empty\":{},\"list\":[1,\"two\",[]]," +
            "\"reason\":\"a \\\"quoted\\\" \\u003cb\\u003e\\u0026\\u003c/b\\u003e\\tline\\nnext\\u2028\"," +
            "\"numbers\":[1,-2,3]}", json);
        assertFalse(json.contains("</"), json);
    }

    @Test
    void shouldReadBackWhatItWrote(@TempDir final Path dir) throws Exception
    {
        final Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", "x");
        tree.put("totals", Map.of("sent", 5));
        tree.put("reason", "tab\there \"quoted\"");
        final Path file = Files.writeString(dir.resolve("result.json"), Json.write(tree));

        assertEquals(tree, Json.read(file));
    }
}
