/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
        final List<String> expected = new ArrayList<>();
        addCommands(L2Command.newCommandLine(), expected);
        assertEquals(expected, sections);
        assertTrue(sections.containsAll(List.of(".SS \"l2 shoot fire\"", ".SS \"l2 schedule fire\"",
            ".SS \"l2 daemon\"")), sections.toString());
        assertTrue(page.contains("Usage: l2 shoot fire "), "the help as l2 shoot fire --help prints it");
        assertTrue(page.contains("\\-\\-dry\\-run"), "options typed with hyphen-minus");
    }

    private static void addCommands(final CommandLine parent, final List<String> sections)
    {
        for (final Map.Entry<String, CommandLine> sub : parent.getSubcommands().entrySet())
        {
            final String section = ".SS \"" + ManPage.escape(sub.getValue().getCommandSpec().qualifiedName()) + "\"";
            if (!"help".equals(sub.getKey()) && !sections.contains(section))
            {
                sections.add(section);
                addCommands(sub.getValue(), sections);
            }
        }
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
