/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManPageTest
{
    @Test
    void shouldHaveASectionWithTheHelpOfEveryCommand()
    {
        final String page = ManPage.render(L2Command.newCommandLine());

        assertTrue(page.startsWith(".TH L2 1 "), page);
        final List<String> sections = new ArrayList<>();
        for (final String line : page.split("\n"))
        {
            if (line.startsWith(".SS "))
            {
                sections.add(line);
            }
        }
        assertEquals(List.of(".SS \"l2 shoot\"", ".SS \"l2 shoot fire\"", ".SS \"l2 schedule\"",
            ".SS \"l2 schedule list\"", ".SS \"l2 schedule fire\"", ".SS \"l2 replay\"", ".SS \"l2 report\"",
            ".SS \"l2 push\"", ".SS \"l2 responder\"", ".SS \"l2 daemon\"", ".SS \"l2 keygen\""), sections);
        assertTrue(page.contains("Usage: l2 shoot fire "), "the help as l2 shoot fire --help prints it");
        assertTrue(page.contains("\\-\\-dry\\-run"), "options typed with hyphen-minus");
    }

    @Test
    void shouldKeepEveryLineOfHelpInEightyColumnsAndNoLineARequest()
    {
        final String page = ManPage.render(L2Command.newCommandLine());
        boolean verbatim = false;
        for (final String line : page.split("\n"))
        {
            if (".nf".equals(line) || ".fi".equals(line))
            {
                verbatim = ".nf".equals(line);
                continue;
            }
            if (verbatim)
            {
                assertFalse(line.startsWith(".") || line.startsWith("'"), line);
                final String shown = line.replace("\\-", "-").replace("\\e", "\\").replace("\\&", "");
                assertTrue(shown.length() <= ManPage.WIDTH, shown);
            }
        }
    }

    @Test
    void shouldEscapeBackslashesAndHyphens()
    {
        assertEquals("a\\e\\-b", ManPage.escape("a\\-b"));
    }
}
