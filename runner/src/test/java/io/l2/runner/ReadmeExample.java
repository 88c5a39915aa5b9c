/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One README example marked for testing: a fenced block with the info string {@code console} right after a line
 * {@code <!-- readme-test: NAME -->}. In it a line starting with {@code $ } is a command (a line ending with
 * {@code \} goes on in the next), every other line is output the command before it is expected to print (stdout
 * and stderr together), matched by {@link ExpectedOutput}. A command's exit status is shown by a following
 * {@code $ echo $?}; without one it must be 0.
 *
 * @param name  the marker's name.
 * @param line  the README line of the opening fence (1-based).
 * @param steps the commands in order, each with its expected output.
 */
record ReadmeExample(String name, int line, List<Step> steps)
{
    /** The marker before a tested block. */
    static final Pattern MARKER = Pattern.compile("^<!-- readme-test: ([a-z0-9-]+) -->$");

    /** The opening fence of a tested block. */
    static final String FENCE = "```console";

    /**
     * One command of an example.
     *
     * @param command  the command as bash reads it (continuation lines joined with their backslash-newline).
     * @param line     its README line.
     * @param expected the lines the README shows after it, each with its README line.
     */
    record Step(String command, int line, List<ExpectedOutput.Line> expected)
    {
        /**
         * @return whether this command shows the exit status of the one before it.
         */
        boolean showsStatus()
        {
            return "echo $?".equals(command.strip());
        }

        /**
         * @return the command on one line, for messages.
         */
        String oneLine()
        {
            return command.replace("\\\n", " ").replaceAll("\\s+", " ");
        }
    }

    /**
     * Reads every marked example of a README.
     *
     * @param file  the README's name, for messages.
     * @param lines its lines.
     * @return the examples in order.
     * @throws IllegalArgumentException a marker without a console block after it, a console block without a marker,
     *                                  a name used twice or a block that does not end, naming the README line.
     */
    static List<ReadmeExample> parse(final String file, final List<String> lines)
    {
        final List<ReadmeExample> examples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final Matcher marker = MARKER.matcher(lines.get(i).strip());
            if (lines.get(i).strip().equals(FENCE))
            {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": a ```console block without " +
                    "<!-- readme-test: NAME --> on the line before it: mark it, or make it a ```text block");
            }
            if (!marker.matches())
            {
                continue;
            }
            final String name = marker.group(1);
            if (i + 1 >= lines.size() || !lines.get(i + 1).strip().equals(FENCE))
            {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": readme-test " + name +
                    ": the next line must open the block with " + FENCE);
            }
            if (examples.stream().anyMatch((example) -> example.name().equals(name)))
            {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": readme-test " + name + " is used twice");
            }
            final int fence = i + 1;
            final List<Step> steps = new ArrayList<>();
            int j = fence + 1;
            for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++)
            {
                final String text = lines.get(j);
                if (text.startsWith("$ "))
                {
                    final int first = j;
                    final StringBuilder command = new StringBuilder(text.substring(2));
                    while (command.toString().endsWith("\\") && j + 1 < lines.size())
                    {
                        command.append('\n').append(lines.get(++j));
                    }
                    steps.add(new Step(command.toString(), first + 1, new ArrayList<>()));
                }
                else if (steps.isEmpty())
                {
                    throw new IllegalArgumentException(file + ":" + (j + 1) + ": readme-test " + name +
                        ": output before the first command ($ ...)");
                }
                else
                {
                    steps.get(steps.size() - 1).expected().add(new ExpectedOutput.Line(text, j + 1));
                }
            }
            if (j >= lines.size())
            {
                throw new IllegalArgumentException(file + ":" + (fence + 1) + ": readme-test " + name +
                    ": the block does not end");
            }
            examples.add(new ReadmeExample(name, fence + 1, steps));
            i = j;
        }
        return examples;
    }
}
