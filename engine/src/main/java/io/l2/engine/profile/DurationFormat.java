package io.l2.engine.profile;

import java.math.BigDecimal;

/**
 * Durations in Yandex.Tank's notation: a sequence of numbers with units {@code d h m s} (a bare number is seconds,
 * fractions are allowed, e.g. {@code 1m30s}, {@code 0.25s}, {@code 2h}); l2 also reads {@code ms}. Formatting writes
 * the largest units first and fractional seconds, never {@code ms}, so Tank reads it too.
 * <p>
 * Stateless and thread-safe.
 */
final class DurationFormat
{
    private static final long NS_PER_SECOND = 1_000_000_000L;
    private static final long NS_PER_MINUTE = 60 * NS_PER_SECOND;
    private static final long NS_PER_HOUR = 60 * NS_PER_MINUTE;
    private static final long NS_PER_DAY = 24 * NS_PER_HOUR;

    private DurationFormat()
    {
    }

    /**
     * Writes a duration, e.g. 90 s as {@code 1m30s} and 1.5 s as {@code 1.5s}.
     *
     * @param durationNs duration in ns; a value &lt;= 0 is written as {@code <n>ns} (only in error messages).
     * @return the text.
     */
    static String format(final long durationNs)
    {
        if (durationNs <= 0)
        {
            return durationNs + "ns";
        }
        final StringBuilder text = new StringBuilder();
        long rest = durationNs;
        rest = append(text, rest, NS_PER_DAY, 'd');
        rest = append(text, rest, NS_PER_HOUR, 'h');
        rest = append(text, rest, NS_PER_MINUTE, 'm');
        if (rest > 0)
        {
            text.append(rest / NS_PER_SECOND);
            final long fractionNs = rest % NS_PER_SECOND;
            if (fractionNs > 0)
            {
                String digits = Long.toString(NS_PER_SECOND + fractionNs).substring(1);
                int end = digits.length();
                while ('0' == digits.charAt(end - 1))
                {
                    end--;
                }
                digits = digits.substring(0, end);
                text.append('.').append(digits);
            }
            text.append('s');
        }
        return text.toString();
    }

    private static long append(final StringBuilder text, final long durationNs, final long unitNs, final char unit)
    {
        final long count = durationNs / unitNs;
        if (count > 0)
        {
            text.append(count).append(unit);
        }
        return durationNs - count * unitNs;
    }

    /**
     * Reads a duration.
     *
     * @param text   the duration, e.g. {@code 1m30s}.
     * @param column of the text's first character in its line, 1-based, for error messages.
     * @return the duration in ns, &gt; 0.
     * @throws IllegalArgumentException "column N: …" if it is malformed, not a whole number of ns, not positive or
     *                                  too long.
     */
    static long parse(final String text, final int column)
    {
        if (text.isEmpty())
        {
            throw new IllegalArgumentException("column " + column + ": expected a duration such as 30s, 1m or 1h30m");
        }
        BigDecimal totalNs = BigDecimal.ZERO;
        int i = 0;
        while (i < text.length())
        {
            final int numberStart = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || '.' == text.charAt(i)))
            {
                i++;
            }
            if (i == numberStart)
            {
                throw new IllegalArgumentException(
                    "column " + (column + i) + ": expected a number in duration '" + text + "'");
            }
            final BigDecimal number;
            try
            {
                number = new BigDecimal(text.substring(numberStart, i));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(
                    "column " + (column + numberStart) + ": bad number in duration '" + text + "'");
            }
            final int unitStart = i;
            while (i < text.length() && Character.isLetter(text.charAt(i)))
            {
                i++;
            }
            final long unitNs = unitNs(text.substring(unitStart, i));
            if (unitNs < 0)
            {
                throw new IllegalArgumentException("column " + (column + unitStart) + ": unknown unit '" +
                    text.substring(unitStart, i) + "' in duration '" + text + "' (use d, h, m, s or ms)");
            }
            totalNs = totalNs.add(number.multiply(BigDecimal.valueOf(unitNs)));
        }
        final long durationNs;
        try
        {
            durationNs = totalNs.longValueExact();
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("column " + column + ": duration '" + text +
                "' is not a whole number of nanoseconds or is too long");
        }
        if (durationNs <= 0)
        {
            throw new IllegalArgumentException("column " + column + ": duration '" + text + "' must be > 0");
        }
        return durationNs;
    }

    private static long unitNs(final String unit)
    {
        switch (unit)
        {
            case "":
            case "s":
                return NS_PER_SECOND;
            case "ms":
                return NS_PER_SECOND / 1000;
            case "m":
                return NS_PER_MINUTE;
            case "h":
                return NS_PER_HOUR;
            case "d":
                return NS_PER_DAY;
            default:
                return -1;
        }
    }
}
