package io.l2.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: one or more {@code <number><unit>} parts, units {@code ms}, {@code s},
 * {@code m}, {@code h}, e.g. {@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 1.5s}. A bare number is never a
 * duration. Stateless.
 */
final class Durations
{
    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([a-zA-Z\\u00b5]*)");
    private static final BigDecimal MAX_NS = BigDecimal.valueOf(Long.MAX_VALUE);

    private Durations()
    {
    }

    /**
     * A duration that could not be read; the message completes "{@code <field> ...}".
     */
    static final class DurationException extends Exception
    {
        private static final long serialVersionUID = 1L;

        DurationException(final String problem)
        {
            super(problem, null, false, false);
        }
    }

    /**
     * Parses a positive duration.
     *
     * @param text the text, e.g. {@code 1m30s}.
     * @return nanoseconds, {@code > 0}.
     * @throws DurationException with a problem such as "needs a unit (e.g. 30s)".
     */
    static long parseNs(final String text) throws DurationException
    {
        final String trimmed = text.strip();
        if (trimmed.isEmpty())
        {
            throw new DurationException("is empty (e.g. 500ms, 30s, 1m30s, 1h)");
        }
        if (NUMBER.matcher(trimmed).matches())
        {
            throw new DurationException("needs a unit (e.g. 30s)");
        }
        if (trimmed.startsWith("-"))
        {
            throw new DurationException("must be positive");
        }

        final Matcher matcher = PART.matcher(trimmed);
        BigDecimal totalNs = BigDecimal.ZERO;
        int index = 0;
        while (index < trimmed.length())
        {
            matcher.region(index, trimmed.length());
            if (!matcher.lookingAt())
            {
                throw new DurationException("is not valid (e.g. 500ms, 30s, 1m30s, 1h)");
            }
            final String unit = matcher.group(2);
            final long unitNs = unitNs(unit);
            if (unitNs < 0)
            {
                throw new DurationException(unit.isEmpty() ?
                    "needs a unit after " + matcher.group(1) + " (e.g. 30s)" :
                    "has an unknown unit '" + unit + "' (use ms, s, m or h)");
            }
            totalNs = totalNs.add(new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unitNs)));
            index = matcher.end();
        }

        if (totalNs.compareTo(MAX_NS) > 0)
        {
            throw new DurationException("is too long");
        }
        final BigInteger wholeNs;
        try
        {
            wholeNs = totalNs.toBigIntegerExact();
        }
        catch (final ArithmeticException ex)
        {
            throw new DurationException("is finer than a nanosecond");
        }
        if (0 == wholeNs.signum())
        {
            throw new DurationException("must be positive");
        }
        return wholeNs.longValueExact();
    }

    private static long unitNs(final String unit)
    {
        switch (unit)
        {
            case "ms":
                return 1_000_000L;
            case "s":
                return 1_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "h":
                return 3_600_000_000_000L;
            default:
                return -1;
        }
    }
}
