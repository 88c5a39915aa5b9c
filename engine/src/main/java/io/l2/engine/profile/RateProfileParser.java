package io.l2.engine.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a rate profile written in Yandex.Tank's schedule grammar: segments separated by spaces (or commas),
 * {@code const(rps, dur)}, {@code line(from, to, dur)}, {@code step(from, to, step, dur)}, e.g.
 * {@code "line(5000,50000,30s) const(50000,1m)"}. Rates are whole queries per second; durations as in Tank
 * ({@code 30s}, {@code 1m30s}, {@code 0.5s}, {@code 2h}, a bare number is seconds) plus {@code ms}. It reads back
 * what {@link RateProfile#describe()} writes.
 * <p>
 * Errors are an {@link IllegalArgumentException} with a one-line message starting {@code "column N: "} (1-based), for
 * the caller to prefix with its file and line. Stateless and thread-safe.
 */
public final class RateProfileParser
{
    private RateProfileParser()
    {
    }

    /**
     * Parses a profile.
     *
     * @param text the schedule.
     * @return the profile, as {@link RateProfileBuilder} makes it.
     * @throws IllegalArgumentException "column N: …" on any error.
     */
    public static RateProfile parse(final CharSequence text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("column 1: rate profile is missing");
        }
        final String source = text.toString();
        final RateProfileBuilder builder = new RateProfileBuilder();
        int segmentCount = 0;
        int i = skipSeparators(source, 0);
        while (i < source.length())
        {
            i = parseSegment(source, i, builder);
            segmentCount++;
            final int next = skipSeparators(source, i);
            if (next == i && next < source.length())
            {
                throw error(next, "expected a space between segments, found '" + source.charAt(next) + "'");
            }
            i = next;
        }
        if (0 == segmentCount)
        {
            throw error(i, "rate profile is empty: expected const(...), line(...) or step(...)");
        }
        return builder.build();
    }

    private static int parseSegment(final String source, final int start, final RateProfileBuilder builder)
    {
        int i = start;
        while (i < source.length() && Character.isLetter(source.charAt(i)))
        {
            i++;
        }
        final String name = source.substring(start, i);
        final int arity;
        switch (name)
        {
            case "const":
                arity = 2;
                break;
            case "line":
                arity = 3;
                break;
            case "step":
                arity = 4;
                break;
            default:
                throw error(start, "unknown segment '" + (name.isEmpty() ? source.substring(start, start + 1) : name) +
                    "': expected const(rps,dur), line(from,to,dur) or step(from,to,step,dur)");
        }
        i = skipSpaces(source, i);
        if (i >= source.length() || '(' != source.charAt(i))
        {
            throw error(i, "expected '(' after " + name);
        }
        final int close = source.indexOf(')', i);
        if (close < 0)
        {
            throw error(i, "missing ')' for " + name + "(");
        }

        final List<String> args = new ArrayList<>();
        final List<Integer> columns = new ArrayList<>();
        int argStart = i + 1;
        for (int j = i + 1; j <= close; j++)
        {
            if (j == close || ',' == source.charAt(j))
            {
                final int from = skipSpaces(source, argStart);
                int to = j;
                while (to > from && Character.isWhitespace(source.charAt(to - 1)))
                {
                    to--;
                }
                args.add(source.substring(from, to));
                columns.add(from + 1);
                argStart = j + 1;
            }
        }
        if (args.size() != arity)
        {
            throw error(i, name + " takes " + arity + " arguments, got " + args.size() + ": " +
                source.substring(start, close + 1));
        }

        try
        {
            switch (name)
            {
                case "const":
                    builder.constant(
                        rate(args.get(0), columns.get(0)),
                        DurationFormat.parse(args.get(1), columns.get(1)));
                    break;
                case "line":
                    builder.line(
                        rate(args.get(0), columns.get(0)),
                        rate(args.get(1), columns.get(1)),
                        DurationFormat.parse(args.get(2), columns.get(2)));
                    break;
                default:
                    builder.step(
                        rate(args.get(0), columns.get(0)),
                        rate(args.get(1), columns.get(1)),
                        rate(args.get(2), columns.get(2)),
                        DurationFormat.parse(args.get(3), columns.get(3)));
                    break;
            }
        }
        catch (final IllegalArgumentException ex)
        {
            final String message = ex.getMessage();
            throw message.startsWith("column ") ? ex : error(start, message);
        }
        return close + 1;
    }

    private static long rate(final String text, final int column)
    {
        if (text.isEmpty())
        {
            throw new IllegalArgumentException("column " + column + ": expected a rate (whole queries per second)");
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (!Character.isDigit(text.charAt(i)))
            {
                throw new IllegalArgumentException("column " + column + ": rate '" + text +
                    "' must be a whole number of queries per second");
            }
        }
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("column " + column + ": rate '" + text + "' is too large");
        }
    }

    private static int skipSpaces(final String source, final int start)
    {
        int i = start;
        while (i < source.length() && Character.isWhitespace(source.charAt(i)))
        {
            i++;
        }
        return i;
    }

    private static int skipSeparators(final String source, final int start)
    {
        int i = start;
        while (i < source.length() && (Character.isWhitespace(source.charAt(i)) || ',' == source.charAt(i)))
        {
            i++;
        }
        return i;
    }

    private static IllegalArgumentException error(final int index, final String message)
    {
        return new IllegalArgumentException("column " + (index + 1) + ": " + message);
    }
}
