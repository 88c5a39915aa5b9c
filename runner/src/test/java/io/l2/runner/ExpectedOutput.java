/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a README example's output is matched against what the command printed, line by line:
 * <ul>
 *     <li>runs of spaces count as one, and leading and trailing spaces and trailing empty lines do not count (so a
 *     column that widens by a digit is no drift);</li>
 *     <li>what legitimately differs from run to run matches its own shape, anything of that shape: a shoot id
 *     ({@code 20261207-085918-7f0196}), an instant ({@code 2026-11-25T17:38:52.114Z}) and a decimal figure
 *     ({@code 0.696}: latencies, rates, shares); whole numbers (counts) must be equal;</li>
 *     <li>{@code …} in a line matches any run of characters (paths, a varying count);</li>
 *     <li>a line {@code ...} alone matches any number of lines, none included.</li>
 * </ul>
 */
final class ExpectedOutput
{
    /** A line of {@code ...} alone: any number of lines. */
    static final String ANY_LINES = "...";

    private static final Pattern VARYING = Pattern.compile(
        "(…)|(\\d{8}-\\d{6}-[0-9a-f]{6})|(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z)|(\\d+\\.\\d+)");

    private static final String[] SHAPES = {
        ".*?",
        "\\d{8}-\\d{6}-[0-9a-f]{6}",
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z",
        "\\d+\\.\\d+",
    };

    private ExpectedOutput()
    {
    }

    /**
     * An expected line.
     *
     * @param text its text as the README shows it.
     * @param line its README line.
     */
    record Line(String text, int line)
    {
        boolean anyLines()
        {
            return ANY_LINES.equals(text.strip());
        }

        boolean matches(final String actual)
        {
            return pattern(text).matcher(normal(actual)).matches();
        }
    }

    /**
     * Where the output differs from the README.
     *
     * @param line the README line that is not met.
     * @param what what differs, one line.
     */
    record Mismatch(int line, String what)
    {
    }

    /**
     * @param expected the README's lines.
     * @return the pattern one line must match.
     */
    static Pattern pattern(final String expected)
    {
        final String text = normal(expected);
        final StringBuilder regex = new StringBuilder();
        final Matcher matcher = VARYING.matcher(text);
        int from = 0;
        while (matcher.find())
        {
            regex.append(Pattern.quote(text.substring(from, matcher.start())));
            for (int group = 1; group <= SHAPES.length; group++)
            {
                if (null != matcher.group(group))
                {
                    regex.append(SHAPES[group - 1]);
                }
            }
            from = matcher.end();
        }
        regex.append(Pattern.quote(text.substring(from)));
        return Pattern.compile(regex.toString());
    }

    /**
     * Matches a command's output.
     *
     * @param expected    the lines the README shows after the command.
     * @param afterLine   the README line of the command (a mismatch with no expected line to name names it).
     * @param actualLines what it printed.
     * @return null when it matches, else the first difference.
     */
    static Mismatch match(final List<Line> expected, final int afterLine, final List<String> actualLines)
    {
        final List<String> actual = trimTrailing(actualLines);
        final List<List<Line>> segments = new ArrayList<>();
        List<Line> segment = null;
        for (final Line line : trimTrailingLines(expected))
        {
            if (line.anyLines())
            {
                segment = null;
            }
            else
            {
                if (null == segment)
                {
                    segment = new ArrayList<>();
                    segments.add(segment);
                }
                segment.add(line);
            }
        }
        final List<Line> shown = trimTrailingLines(expected);
        final boolean startAnchored = shown.isEmpty() || !shown.get(0).anyLines();
        final boolean endAnchored = shown.isEmpty() || !shown.get(shown.size() - 1).anyLines();
        if (segments.isEmpty())
        {
            return startAnchored && !actual.isEmpty() ?
                new Mismatch(afterLine, "the README shows no output, got " + quote(actual.get(0))) : null;
        }
        int position = 0;
        for (int k = 0; k < segments.size(); k++)
        {
            final List<Line> lines = segments.get(k);
            final boolean atStart = 0 == k && startAnchored;
            final boolean atEnd = segments.size() - 1 == k && endAnchored;
            final int at;
            if (atStart)
            {
                at = 0;
            }
            else if (atEnd && actual.size() - lines.size() >= position &&
                null == compare(lines, actual, actual.size() - lines.size(), true))
            {
                return null;
            }
            else
            {
                at = find(lines, actual, position);
                if (at == actual.size())
                {
                    return new Mismatch(lines.get(0).line(), "expected " + quote(lines.get(0).text()) +
                        (0 == position ? "" : " after " + quote(actual.get(position - 1))) + ", found nowhere");
                }
            }
            final Mismatch mismatch = compare(lines, actual, at, atEnd);
            if (null != mismatch)
            {
                return mismatch;
            }
            position = at + lines.size();
        }
        return null;
    }

    private static int find(final List<Line> lines, final List<String> actual, final int from)
    {
        int best = from;
        int bestPrefix = -1;
        for (int at = from; at < actual.size(); at++)
        {
            int prefix = 0;
            while (prefix < lines.size() && at + prefix < actual.size() &&
                lines.get(prefix).matches(actual.get(at + prefix)))
            {
                prefix++;
            }
            if (prefix == lines.size())
            {
                return at;
            }
            if (prefix > bestPrefix && prefix > 0)
            {
                best = at;
                bestPrefix = prefix;
            }
        }
        return bestPrefix > 0 ? best : actual.size();
    }

    private static Mismatch compare(final List<Line> lines, final List<String> actual, final int at,
        final boolean toTheEnd)
    {
        for (int i = 0; i < lines.size(); i++)
        {
            final Line line = lines.get(i);
            if (at + i >= actual.size())
            {
                return new Mismatch(line.line(), "expected " + quote(line.text()) + ", but the output ended");
            }
            if (!line.matches(actual.get(at + i)))
            {
                return new Mismatch(line.line(), "expected " + quote(line.text()) + ", got " +
                    quote(actual.get(at + i)));
            }
        }
        if (toTheEnd && at + lines.size() < actual.size())
        {
            final Line last = lines.get(lines.size() - 1);
            return new Mismatch(last.line(), "the output goes on after " + quote(last.text()) + ": " +
                quote(actual.get(at + lines.size())));
        }
        return null;
    }

    private static String normal(final String line)
    {
        return line.strip().replaceAll("\\s+", " ");
    }

    private static String quote(final String line)
    {
        return line.isBlank() ? "an empty line" : "\"" + normal(line) + "\"";
    }

    private static List<String> trimTrailing(final List<String> lines)
    {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank())
        {
            end--;
        }
        return lines.subList(0, end);
    }

    private static List<Line> trimTrailingLines(final List<Line> lines)
    {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).text().isBlank())
        {
            end--;
        }
        return lines.subList(0, end);
    }
}
