/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.base;

import java.util.Locale;

/**
 * Durations for people: {@code 30s}, {@code 1m30s}, {@code 1h}, {@code 250ms}; instants within a shoot with
 * microsecond precision ({@code 29.999964s}).
 */
public final class Durations
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private Durations()
    {
    }

    /**
     * @param ns a duration in nanoseconds, not negative.
     * @return the shortest exact text in h/m/s/ms, or seconds with a fraction when it is not whole milliseconds.
     */
    public static String format(final long ns)
    {
        if (0 != ns % MS)
        {
            return instant(ns);
        }
        if (ns < S)
        {
            return (ns / MS) + "ms";
        }
        final StringBuilder text = new StringBuilder();
        long rest = ns;
        final long hours = rest / (3600 * S);
        rest -= hours * 3600 * S;
        final long minutes = rest / (60 * S);
        rest -= minutes * 60 * S;
        if (hours > 0)
        {
            text.append(hours).append('h');
        }
        if (minutes > 0)
        {
            text.append(minutes).append('m');
        }
        if (rest > 0)
        {
            if (0 == rest % S)
            {
                text.append(rest / S).append('s');
            }
            else
            {
                text.append(rest / MS).append("ms");
            }
        }
        return text.toString();
    }

    /**
     * @param ns an instant within a shoot, ns from its start.
     * @return seconds with six decimals: {@code 29.999964s}.
     */
    public static String instant(final long ns)
    {
        return String.format(Locale.ROOT, "%.6fs", ns / 1e9);
    }
}
