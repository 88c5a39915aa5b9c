package io.l2.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Builds rps segments from written values, shared by the map form ({@code rps:}) and Yandex.Tank's grammar
 * ({@code schedule: "line(1,10,30s) const(10,1m)"}), so both give the same checks and messages. Stateless.
 */
final class RpsRules
{
    /**
     * The highest rate accepted for one segment, queries per second.
     */
    static final long MAX_RATE = 1_000_000_000L;

    private RpsRules()
    {
    }

    /**
     * One written value: its label for messages (e.g. {@code rps.from}), its text (null when not written) and where
     * it is (where its segment is, when not written).
     */
    record Field(String label, String text, Position position)
    {
        boolean isPresent()
        {
            return null != text;
        }
    }

    static RpsKind kind(final String text)
    {
        switch (text.toLowerCase(Locale.ROOT))
        {
            case "const":
                return RpsKind.CONST;
            case "line":
                return RpsKind.LINE;
            case "step":
                return RpsKind.STEP;
            default:
                return null;
        }
    }

    /**
     * Validates the fields of a segment of the given kind and builds it.
     *
     * @param kind     the shape.
     * @param typeName how the kind is written, for messages.
     * @param from     {@code from} (the rate of a const).
     * @param to       {@code to}, not present for a const written without it.
     * @param step     {@code step}, present only for a step.
     * @param duration {@code duration}.
     * @param position where the segment is written.
     * @return the segment.
     */
    static RpsSegment build(
        final RpsKind kind,
        final String typeName,
        final Field from,
        final Field to,
        final Field step,
        final Field duration,
        final Position position)
    {
        switch (kind)
        {
            case CONST:
            {
                final long rate = rate(require(from, typeName), false);
                if (to.isPresent())
                {
                    final long toRate = integer(to);
                    if (toRate != rate)
                    {
                        throw ConfigException.at(to.position(), to.label() + " must equal " + from.label() +
                            " for type const (or be left out), got " + to.text());
                    }
                }
                refuseStep(step);
                final long durationNs = durationNs(require(duration, typeName));
                return new RpsSegment(RpsKind.CONST, rate, rate, 0, durationNs, position);
            }
            case LINE:
            {
                final long fromRate = rate(require(from, typeName), true);
                final long toRate = rate(require(to, typeName), true);
                if (0 == fromRate && 0 == toRate)
                {
                    throw ConfigException.at(from.position(), from.label() + " and " + to.label() +
                        " are both 0: a line needs a rate above 0 at one end");
                }
                refuseStep(step);
                final long durationNs = durationNs(require(duration, typeName));
                return new RpsSegment(RpsKind.LINE, fromRate, toRate, 0, durationNs, position);
            }
            case STEP:
            {
                final long fromRate = rate(require(from, typeName), false);
                final long toRate = rate(require(to, typeName), false);
                final long stepRate = rate(require(step, typeName), false);
                final long durationNs = durationNs(require(duration, typeName));
                final long distance = Math.abs(toRate - fromRate);
                final long levelCount = distance / stepRate + 1 + (0 == distance % stepRate ? 0 : 1);
                if (BigInteger.valueOf(levelCount).multiply(BigInteger.valueOf(durationNs)).bitLength() > 63)
                {
                    throw ConfigException.at(position, "this step profile lasts too long (" + levelCount +
                        " levels of " + duration.text() + ")");
                }
                return new RpsSegment(RpsKind.STEP, fromRate, toRate, stepRate, durationNs, position);
            }
            default:
                throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    private static Field require(final Field field, final String typeName)
    {
        if (!field.isPresent())
        {
            throw ConfigException.at(field.position(), field.label() + " is required for type " + typeName);
        }
        return field;
    }

    private static void refuseStep(final Field step)
    {
        if (step.isPresent())
        {
            throw ConfigException.at(step.position(), step.label() + " is only for type step");
        }
    }

    private static long integer(final Field field)
    {
        final BigInteger value = NodeReader.parseInteger(field.text().strip());
        if (null == value)
        {
            throw ConfigException.at(field.position(), field.label() + " must be an integer, got " + field.text());
        }
        if (value.compareTo(BigInteger.valueOf(MAX_RATE)) > 0)
        {
            throw ConfigException.at(field.position(), field.label() + " is too large (at most " + MAX_RATE +
                " queries per second), got " + field.text());
        }
        if (value.signum() < 0 && value.bitLength() > 63)
        {
            throw ConfigException.at(field.position(), field.label() + " must be a positive integer, got " +
                field.text());
        }
        return value.longValueExact();
    }

    private static long rate(final Field field, final boolean zeroAllowed)
    {
        final long rate = integer(field);
        if (rate < 0 || (0 == rate && !zeroAllowed))
        {
            throw ConfigException.at(field.position(), field.label() + " must be a positive integer" +
                (zeroAllowed ? " or 0" : "") + ", got " + field.text());
        }
        return rate;
    }

    static long durationNs(final Field field)
    {
        try
        {
            return Durations.parseNs(field.text());
        }
        catch (final Durations.DurationException ex)
        {
            throw ConfigException.at(field.position(), field.label() + " " + ex.getMessage() + ", got " +
                field.text());
        }
    }

    /**
     * Parses Yandex.Tank's schedule grammar: segments {@code line(from,to,duration)}, {@code const(rate,duration)},
     * {@code step(from,to,step,duration)} separated by white space; spaces inside the parentheses are allowed.
     *
     * @param text       the schedule text.
     * @param positionAt the position of a char offset in {@code text}.
     * @return the segments, in order, at least one.
     */
    static List<RpsSegment> parseSchedule(final String text, final IntFunction<Position> positionAt)
    {
        final List<RpsSegment> segments = new ArrayList<>();
        int index = skipSpace(text, 0);
        if (index == text.length())
        {
            throw ConfigException.at(positionAt.apply(0), "schedule is empty (e.g. \"line(1000,10000,30s)\")");
        }
        while (index < text.length())
        {
            final int segmentStart = index;
            while (index < text.length() && Character.isLetter(text.charAt(index)))
            {
                index++;
            }
            final String name = text.substring(segmentStart, index);
            if (name.isEmpty())
            {
                throw ConfigException.at(positionAt.apply(segmentStart), "schedule: expected a segment such as " +
                    "line(...), const(...) or step(...), got " + NodeReader.quote(text.substring(segmentStart)));
            }
            final RpsKind kind = kind(name);
            if (null == kind)
            {
                throw ConfigException.at(positionAt.apply(segmentStart), "schedule: unknown segment " +
                    NodeReader.quote(name) + " (use line, const or step)");
            }
            final String signature = signature(kind);
            index = skipSpace(text, index);
            if (index == text.length() || '(' != text.charAt(index))
            {
                throw ConfigException.at(positionAt.apply(index), "schedule: expected '(' after " +
                    NodeReader.quote(name) + ", as in " + signature);
            }
            index++;

            final List<String> args = new ArrayList<>();
            final List<Integer> argStarts = new ArrayList<>();
            while (true)
            {
                index = skipSpace(text, index);
                if (index == text.length())
                {
                    throw ConfigException.at(positionAt.apply(segmentStart), "schedule: " + NodeReader.quote(name) +
                        "(... is not closed with ')'");
                }
                final int argStart = index;
                while (index < text.length() && ",()".indexOf(text.charAt(index)) < 0 &&
                    !Character.isWhitespace(text.charAt(index)))
                {
                    index++;
                }
                if (index == argStart)
                {
                    throw ConfigException.at(positionAt.apply(argStart), "schedule: empty argument in " + signature);
                }
                args.add(text.substring(argStart, index));
                argStarts.add(argStart);
                index = skipSpace(text, index);
                if (index == text.length())
                {
                    throw ConfigException.at(positionAt.apply(segmentStart), "schedule: " + NodeReader.quote(name) +
                        "(... is not closed with ')'");
                }
                final char c = text.charAt(index);
                index++;
                if (')' == c)
                {
                    break;
                }
                if (',' != c)
                {
                    throw ConfigException.at(positionAt.apply(index - 1), "schedule: unexpected '" + c + "' in " +
                        signature);
                }
            }

            final Position segmentPosition = positionAt.apply(segmentStart);
            final int arity = RpsKind.CONST == kind ? 2 : RpsKind.LINE == kind ? 3 : 4;
            if (args.size() != arity)
            {
                throw ConfigException.at(segmentPosition, "schedule: " + signature + " takes " + arity +
                    " arguments, got " + args.size());
            }
            final String prefix = "schedule " + signature + ": ";
            final String[] names = signature.substring(signature.indexOf('(') + 1, signature.length() - 1).split(",");
            final Field[] fields = new Field[arity];
            for (int i = 0; i < arity; i++)
            {
                fields[i] = new Field(prefix + names[i], args.get(i), positionAt.apply(argStarts.get(i)));
            }
            final Field absent = new Field(prefix, null, segmentPosition);
            final Field duration = fields[arity - 1];
            switch (kind)
            {
                case CONST:
                    segments.add(build(kind, name, fields[0], absent, absent, duration, segmentPosition));
                    break;
                case LINE:
                    segments.add(build(kind, name, fields[0], fields[1], absent, duration, segmentPosition));
                    break;
                default:
                    segments.add(build(kind, name, fields[0], fields[1], fields[2], duration, segmentPosition));
                    break;
            }

            if (index < text.length() && !Character.isWhitespace(text.charAt(index)))
            {
                throw ConfigException.at(positionAt.apply(index), "schedule: expected a space before the next " +
                    "segment, got " + NodeReader.quote(text.substring(index)));
            }
            index = skipSpace(text, index);
        }
        return segments;
    }

    private static String signature(final RpsKind kind)
    {
        switch (kind)
        {
            case CONST:
                return "const(rate,duration)";
            case LINE:
                return "line(from,to,duration)";
            default:
                return "step(from,to,step,duration)";
        }
    }

    private static int skipSpace(final String text, final int from)
    {
        int index = from;
        while (index < text.length() && Character.isWhitespace(text.charAt(index)))
        {
            index++;
        }
        return index;
    }
}
