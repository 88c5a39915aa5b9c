package io.l2.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Parses autostop criteria in Yandex.Tank's grammar ({@code quantile(95,100ms,10s)} ...), one or more per string,
 * separated by white space; spaces inside the parentheses are allowed. Every mistake is one line at the argument it
 * is about. Stateless.
 */
final class AutostopRules
{
    static final String WINDOW_PREFIX = "total_";
    private static final long NS_PER_SECOND = 1_000_000_000L;
    private static final int MAX_RCODE = 4095;
    private static final Map<String, Integer> RCODES = Map.ofEntries(
        Map.entry("NOERROR", 0), Map.entry("FORMERR", 1), Map.entry("SERVFAIL", 2), Map.entry("NXDOMAIN", 3),
        Map.entry("NOTIMP", 4), Map.entry("REFUSED", 5), Map.entry("YXDOMAIN", 6), Map.entry("YXRRSET", 7),
        Map.entry("NXRRSET", 8), Map.entry("NOTAUTH", 9), Map.entry("NOTZONE", 10), Map.entry("DSOTYPENI", 11),
        Map.entry("BADVERS", 16), Map.entry("BADKEY", 17), Map.entry("BADTIME", 18), Map.entry("BADMODE", 19),
        Map.entry("BADNAME", 20), Map.entry("BADALG", 21), Map.entry("BADTRUNC", 22), Map.entry("BADCOOKIE", 23));

    private AutostopRules()
    {
    }

    /** One argument as written and where it is. */
    private record Arg(String text, Position position)
    {
    }

    /**
     * Parses one or more criteria.
     *
     * @param text       the text of one list item (or the whole value when it is a string).
     * @param label      how the value is named in messages, e.g. {@code autostop[0]}.
     * @param positionAt the position of a char offset in {@code text}.
     * @return the criteria, in order, at least one.
     */
    static List<AutostopCriterion> parse(final String text, final String label, final IntFunction<Position> positionAt)
    {
        final List<AutostopCriterion> criteria = new ArrayList<>();
        int index = skipSpace(text, 0);
        if (index == text.length())
        {
            throw ConfigException.at(positionAt.apply(0), label + " is empty (e.g. \"timeouts(5%, 2s)\")");
        }
        while (index < text.length())
        {
            final int start = index;
            while (index < text.length() && (Character.isLetter(text.charAt(index)) || '_' == text.charAt(index)))
            {
                index++;
            }
            final String written = text.substring(start, index);
            if (written.isEmpty())
            {
                throw ConfigException.at(positionAt.apply(start), label + ": expected a criterion such as " +
                    "timeouts(5%, 2s), got " + NodeReader.quote(text.substring(start)));
            }
            final String name = written.toLowerCase(Locale.ROOT);
            final boolean window = name.startsWith(WINDOW_PREFIX);
            final AutostopKind kind = kind(window ? name.substring(WINDOW_PREFIX.length()) : name);
            if (null == kind || (window && AutostopKind.LIMIT == kind))
            {
                throw ConfigException.at(positionAt.apply(start), label + ": unknown criterion " +
                    NodeReader.quote(written) + " (use " + known() + ", or total_ before any but limit)");
            }
            index = skipSpace(text, index);
            if (index == text.length() || '(' != text.charAt(index))
            {
                throw ConfigException.at(positionAt.apply(index), label + ": expected '(' after " +
                    NodeReader.quote(written) + ", as in " + (window ? WINDOW_PREFIX : "") + kind.signature());
            }
            index++;
            final List<Arg> args = new ArrayList<>();
            while (true)
            {
                index = skipSpace(text, index);
                if (index == text.length())
                {
                    throw ConfigException.at(positionAt.apply(start), label + ": " + NodeReader.quote(written) +
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
                    throw ConfigException.at(positionAt.apply(argStart), label + ": empty argument in " +
                        kind.signature());
                }
                args.add(new Arg(text.substring(argStart, index), positionAt.apply(argStart)));
                index = skipSpace(text, index);
                if (index == text.length())
                {
                    throw ConfigException.at(positionAt.apply(start), label + ": " + NodeReader.quote(written) +
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
                    throw ConfigException.at(positionAt.apply(index - 1), label + ": unexpected '" + c + "' in " +
                        kind.signature());
                }
            }
            final StringBuilder canonical = new StringBuilder(name).append('(');
            for (int i = 0; i < args.size(); i++)
            {
                canonical.append(0 == i ? "" : ",").append(args.get(i).text());
            }
            criteria.add(criterion(kind, window, canonical.append(')').toString(), args, positionAt.apply(start)));
            if (index < text.length() && !Character.isWhitespace(text.charAt(index)))
            {
                throw ConfigException.at(positionAt.apply(index), label + ": expected a space before the next " +
                    "criterion, got " + NodeReader.quote(text.substring(index)));
            }
            index = skipSpace(text, index);
        }
        return criteria;
    }

    private static AutostopCriterion criterion(
        final AutostopKind kind, final boolean window, final String text, final List<Arg> args, final Position at)
    {
        final String signature = (window ? WINDOW_PREFIX : "") + kind.signature();
        final String[] names = kind.signature().substring(kind.signature().indexOf('(') + 1,
            kind.signature().length() - 1).split(",");
        if (args.size() != names.length)
        {
            throw ConfigException.at(at, "autostop: " + signature + " takes " + names.length + " argument" +
                (1 == names.length ? "" : "s") + ", got " + args.size());
        }
        final String prefix = "autostop " + signature + ": ";
        final Arg last = args.get(args.size() - 1);
        switch (kind)
        {
            case LIMIT:
                return new AutostopCriterion(text, kind, false, 0, duration(prefix + "T", last, false), 0, false,
                    List.of(), false, 0, at);
            case QUANTILE:
            {
                final double quantile = quantile(prefix, args.get(0));
                final long limitNs = duration(prefix + "LIMIT", args.get(1), false);
                return new AutostopCriterion(text, kind, window, quantile, limitNs, 0, false, List.of(), false,
                    seconds(prefix, last), at);
            }
            case TIME:
            case LAG:
                return new AutostopCriterion(text, kind, window, 0, duration(prefix + "LIMIT", args.get(0), false),
                    0, false, List.of(), false, seconds(prefix, last), at);
            case RCODE:
            {
                final Arg mask = args.get(0);
                final boolean negated = mask.text().startsWith("!");
                final List<Integer> rcodes = rcodes(prefix, mask, negated);
                final Arg level = args.get(1);
                return new AutostopCriterion(text, kind, window, 0, 0, level(prefix, level),
                    level.text().endsWith("%"), rcodes, negated, seconds(prefix, last), at);
            }
            default:
            {
                final Arg level = args.get(0);
                return new AutostopCriterion(text, kind, window, 0, 0, level(prefix, level),
                    level.text().endsWith("%"), List.of(), false, seconds(prefix, last), at);
            }
        }
    }

    private static double quantile(final String prefix, final Arg arg)
    {
        final String written = arg.text().startsWith("p") || arg.text().startsWith("P") ?
            arg.text().substring(1) : arg.text();
        final BigDecimal value = decimal(written);
        if (null == value || value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(100)) > 0)
        {
            throw ConfigException.at(arg.position(), prefix + "Q must be a percentile above 0 and at most 100 " +
                "(e.g. 99.9), got " + arg.text());
        }
        return value.doubleValue();
    }

    private static double level(final String prefix, final Arg arg)
    {
        final String text = arg.text();
        if (text.endsWith("%"))
        {
            final BigDecimal value = decimal(text.substring(0, text.length() - 1));
            if (null == value || value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(100)) > 0)
            {
                throw ConfigException.at(arg.position(), prefix + "LEVEL must be a share above 0% and at most " +
                    "100%, got " + text);
            }
            return value.doubleValue();
        }
        final BigDecimal value = decimal(text);
        if (null == value || value.signum() <= 0 || value.stripTrailingZeros().scale() > 0 ||
            value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0)
        {
            throw ConfigException.at(arg.position(), prefix + "LEVEL must be a count of queries (an integer above " +
                "0) or a share such as 5%, got " + text);
        }
        return value.doubleValue();
    }

    private static int seconds(final String prefix, final Arg arg)
    {
        final long ns = duration(prefix + "N", arg, true);
        if (0 != ns % NS_PER_SECOND || ns / NS_PER_SECOND > AutostopCriterion.MAX_SECONDS)
        {
            throw ConfigException.at(arg.position(), prefix + "N must be whole seconds, 1s to " +
                AutostopCriterion.MAX_SECONDS / 60 + "m, got " + arg.text());
        }
        return (int) (ns / NS_PER_SECOND);
    }

    private static long duration(final String label, final Arg arg, final boolean seconds)
    {
        final String text = arg.text();
        final String example = seconds ? "e.g. 3s" : "e.g. 100ms";
        if (null != decimal(text))
        {
            throw ConfigException.at(arg.position(), label + " needs a unit (" + example + "), got " + text);
        }
        final String micros = text.endsWith("us") ? text.substring(0, text.length() - 2) :
            text.endsWith("\u00b5s") ? text.substring(0, text.length() - 2) : null;
        if (!seconds && null != micros && null != decimal(micros))
        {
            final BigDecimal ns = decimal(micros).multiply(BigDecimal.valueOf(1000));
            if (ns.signum() > 0 && ns.stripTrailingZeros().scale() <= 0)
            {
                return ns.longValueExact();
            }
        }
        try
        {
            return Durations.parseNs(text);
        }
        catch (final Durations.DurationException ex)
        {
            throw ConfigException.at(arg.position(), label + " " + ex.getMessage() + ", got " + text);
        }
    }

    private static List<Integer> rcodes(final String prefix, final Arg arg, final boolean negated)
    {
        final String text = negated ? arg.text().substring(1) : arg.text();
        final TreeSet<Integer> rcodes = new TreeSet<>();
        for (final String part : text.split("\\+", -1))
        {
            final String name = part.toUpperCase(Locale.ROOT);
            Integer rcode = RCODES.get(name);
            if (null == rcode && name.matches("[0-9]{1,4}"))
            {
                rcode = Integer.parseInt(name);
            }
            if (null == rcode && name.matches("RCODE[0-9]{1,4}"))
            {
                rcode = Integer.parseInt(name.substring("RCODE".length()));
            }
            if (null == rcode || rcode > MAX_RCODE)
            {
                throw ConfigException.at(arg.position(), prefix + "MASK " + NodeReader.quote(arg.text()) +
                    (part.isEmpty() ? " has an empty name" : ": unknown rcode " + NodeReader.quote(part)) +
                    " (use names such as NOERROR, SERVFAIL, NXDOMAIN, REFUSED or numbers 0..4095, joined with '+', " +
                    "'!' before all of them for every other rcode)" + NodeReader.didYouMean(name, RCODES.keySet()));
            }
            rcodes.add(rcode);
        }
        return List.copyOf(rcodes);
    }

    private static BigDecimal decimal(final String text)
    {
        if (!text.matches("[0-9]+(\\.[0-9]+)?"))
        {
            return null;
        }
        return new BigDecimal(text);
    }

    private static AutostopKind kind(final String name)
    {
        for (final AutostopKind kind : AutostopKind.values())
        {
            if (kind.yamlName().equals(name))
            {
                return kind;
            }
        }
        return null;
    }

    private static String known()
    {
        final List<String> names = new ArrayList<>();
        for (final AutostopKind kind : AutostopKind.values())
        {
            names.add(kind.yamlName());
        }
        return String.join(", ", names);
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
