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

import io.l2.runner.base.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            "\"reason\":\"a \\\"quoted\\\" \\u003Cb\\u003E\\u0026\\u003C/b\\u003E\\tline\\nnext\\u2028\"," +
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not an object  | [1, 2]                       | r.json: expected a JSON object",
        "empty          | ''                           | r.json: expected a JSON object, got nothing",
        "broken         | '{\"a\": }'                  | r.json:1:7: not valid JSON: Unexpected character ('}'",
        "duplicate key  | '{\"a\": 1, \"a\": 2}'         | r.json:1:13: not valid JSON: Duplicate field 'a'",
        "trailing       | '{\"a\": 1} x'                | r.json:1:10: not valid JSON: Unrecognized token 'x'",
        "long number    | '{\"a\": 11111111111111111111111111111111111111111111111111111111111111111}' | " +
            "r.json: not valid JSON: Number value length (65) exceeds the maximum allowed (64",
    })
    void shouldRefuseWhatIsNotAnL2JsonObjectInOneLineNamingTheFile(
        final String what, final String text, final String message, @TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("r.json"), text);
        final InputException ex = assertThrows(InputException.class, () -> Json.read(file));
        final String expected = message.replace("r.json", file.toString());
        assertTrue(ex.getMessage().startsWith(expected), what + ": " + ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
    }

    @Test
    void shouldRefuseNestingDeeperThanTheLimitWithoutRecursingAway(@TempDir final Path dir) throws Exception
    {
        final String deep = "{\"a\":".repeat(Json.MAX_DEPTH + 1) + "1" + "}".repeat(Json.MAX_DEPTH + 1);
        final Path file = Files.writeString(dir.resolve("deep.json"), deep);
        final InputException ex = assertThrows(InputException.class, () -> Json.read(file));
        assertTrue(ex.getMessage().contains("nesting depth"), ex.getMessage());
        assertEquals(Map.of("a", Map.of("a", 1)), Json.parse("{\"a\":{\"a\":1}}", "text"));
    }

    @Test
    void shouldReadAnyValueOfAnHttpBody()
    {
        assertEquals(List.of(Map.of("success", true, "job", 1234)),
            Json.parseValue("[{\"success\": true, \"job\": 1234}]", "body"));
        final InputException ex = assertThrows(InputException.class, () -> Json.parseValue("<html>", "body"));
        assertTrue(ex.getMessage().startsWith("body: not valid JSON: Unexpected character ('<'"), ex.getMessage());
    }
}
