/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How README examples are read and their output matched, without running one ({@code ReadmeExamplesTest} runs
 * them).
 */
class ExpectedOutputTest
{
    @Test
    void shouldMatchWhenOnlyIdsInstantsDecimalsAndSpacesDiffer()
    {
        final List<ExpectedOutput.Line> expected = lines(10,
            "shoot 20261125-173847-d7914d: 77500 queries",
            "ready: the profile starts at 2026-11-25T17:38:52.114Z",
            "    0s     1900  0.143    2.929");

        assertNull(ExpectedOutput.match(expected, 9, List.of(
            "shoot 20261207-101010-0a1b2c: 77500 queries",
            "ready: the profile starts at 2026-12-07T10:10:13Z",
            "  0s 1900   12.100 0.229  ")));
    }

    @Test
    void shouldNameTheReadmeLineWhenACountDiffers()
    {
        final ExpectedOutput.Mismatch mismatch = ExpectedOutput.match(lines(20, "queries 825000 in all"), 19,
            List.of("queries 825001 in all"));

        assertEquals(20, mismatch.line());
        assertEquals("expected \"queries 825000 in all\", got \"queries 825001 in all\"", mismatch.what());
    }

    @Test
    void shouldMatchAnyRunWhereTheReadmeShowsAnEllipsis()
    {
        assertNull(ExpectedOutput.match(lines(1, "ammo ns-cache -> …/examples/ammo/ns-cache.txt (1000 queries)"), 0,
            List.of("ammo ns-cache -> /tmp/junit1/x/examples/ammo/ns-cache.txt (1000 queries)")));
    }

    @Test
    void shouldSkipAnyLinesWhereTheReadmeShowsDots()
    {
        final List<ExpectedOutput.Line> expected = lines(1, "head", "...", "a", "b", "...", "tail");

        assertNull(ExpectedOutput.match(expected, 0, List.of("head", "a", "x", "a", "b", "y", "tail")));
        assertNull(ExpectedOutput.match(expected, 0, List.of("head", "a", "b", "tail")));
        assertEquals("expected \"b\", got \"x\"",
            ExpectedOutput.match(expected, 0, List.of("head", "a", "x", "tail")).what());
        assertEquals("the output goes on after \"tail\": \"more\"",
            ExpectedOutput.match(expected, 0, List.of("head", "a", "b", "tail", "more")).what());
    }

    @Test
    void shouldRefuseMoreOrFewerLinesWhenTheReadmeShowsAllOfThem()
    {
        final List<ExpectedOutput.Line> expected = lines(5, "one", "two");

        assertEquals(new ExpectedOutput.Mismatch(6, "expected \"two\", but the output ended"),
            ExpectedOutput.match(expected, 4, List.of("one", "")));
        assertEquals(new ExpectedOutput.Mismatch(6, "the output goes on after \"two\": \"three\""),
            ExpectedOutput.match(expected, 4, List.of("one", "two", "three")));
        assertEquals(new ExpectedOutput.Mismatch(4, "the README shows no output, got \"one\""),
            ExpectedOutput.match(List.of(), 4, List.of("one")));
    }

    @Test
    void shouldReadCommandsOutputAndContinuationsWhenABlockIsMarked()
    {
        final List<ReadmeExample> examples = ReadmeExample.parse("README.md", List.of(
            "text",
            "<!-- readme-test: bad-rate -->",
            "```console",
            "$ bin/l2 shoot fire \\",
            "    --file x.yaml",
            "l2: x.yaml:7:9: bad",
            "$ echo $?",
            "2",
            "```"));

        assertEquals(1, examples.size());
        final ReadmeExample example = examples.get(0);
        assertEquals("bad-rate", example.name());
        assertEquals(3, example.line());
        assertEquals("bin/l2 shoot fire --file x.yaml", example.steps().get(0).oneLine());
        assertEquals(4, example.steps().get(0).line());
        assertEquals(List.of(new ExpectedOutput.Line("l2: x.yaml:7:9: bad", 6)), example.steps().get(0).expected());
        assertTrue(example.steps().get(1).showsStatus());
    }

    @Test
    void shouldRefuseAConsoleBlockWithoutAMarker()
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> ReadmeExample.parse("README.md", List.of("", "```console", "$ true", "```")));

        assertTrue(refused.getMessage().startsWith("README.md:2: a ```console block without"), refused.getMessage());
    }

    private static List<ExpectedOutput.Line> lines(final int first, final String... texts)
    {
        final List<ExpectedOutput.Line> lines = new ArrayList<>();
        for (int i = 0; i < texts.length; i++)
        {
            lines.add(new ExpectedOutput.Line(texts[i], first + i));
        }
        return lines;
    }
}
