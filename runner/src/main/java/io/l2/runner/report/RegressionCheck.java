/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.l2.engine.codec.RcodeNames;
import io.l2.runner.base.InputException;

/**
 * One check of {@code l2 compare --fail-if}: a metric of the candidate (the last shoot) against the baseline (the
 * first), {@code METRIC OP CHANGE}, e.g. {@code p99>+10%}, {@code answered<-1%}, {@code rcode(SERVFAIL)>+0.1%}:
 * <ul>
 *   <li>latency {@code pQ} (any Q in 0..100, of the answered queries, from the merged HdrHistogram) and
 *       {@code max}: CHANGE in {@code %} of the baseline, or in {@code us}, {@code ms}, {@code s};</li>
 *   <li>counts {@code requested sent achieved answered timeouts errors dropped}, and {@code rate} (answers a
 *       second): CHANGE in {@code %} of the baseline, or a bare number (queries, answers a second);</li>
 *   <li>shares {@code rcode(NAME)} (of the answered) and {@code loss} (timeouts of the sent): CHANGE in
 *       percentage points, written {@code %}.</li>
 * </ul>
 * OP is {@code >}, {@code >=}, {@code <} or {@code <=}; a check is breached when the change compares so with CHANGE
 * (a relative change from a zero baseline is infinite, or 0 when both are 0). Immutable.
 *
 * @param text      the check as given.
 * @param metric    the metric, normalised: {@code p99}, {@code answered}, {@code rcode(SERVFAIL)}, {@code loss} ...
 * @param operator  {@code > >= < <=}.
 * @param threshold CHANGE as a number (in its unit).
 * @param unit      {@code %} (relative, or points for a share), {@code us}, or empty (absolute).
 */
public record RegressionCheck(String text, String metric, String operator, double threshold, String unit)
{
    private static final Pattern CHECK = Pattern.compile(
        "\\s*([A-Za-z][A-Za-z0-9.]*(?:\\([A-Za-z0-9]+\\))?)\\s*(>=|<=|>|<)\\s*([+-]?[0-9]+(?:\\.[0-9]+)?)\\s*" +
        "(%|us|ms|s)?\\s*");
    private static final Pattern QUANTILE = Pattern.compile("p([0-9]+(?:\\.[0-9]+)?)");
    private static final Pattern RCODE = Pattern.compile("rcode\\(([A-Za-z0-9]+)\\)", Pattern.CASE_INSENSITIVE);
    private static final List<String> COUNTS =
        List.of("requested", "sent", "achieved", "answered", "timeouts", "errors", "dropped", "rate");
    private static final String METRICS = "pQ (e.g. p99, p99.9), max, " + String.join(", ", COUNTS) +
        ", loss, rcode(NAME)";

    /**
     * What a check found.
     *
     * @param check     the check.
     * @param baseline  the baseline's value (µs, a count, a rate or a percentage).
     * @param candidate the candidate's value.
     * @param change    the change, in the check's unit.
     * @param breached  whether the check failed.
     */
    public record Outcome(RegressionCheck check, double baseline, double candidate, double change, boolean breached)
    {
        /**
         * @return one line: {@code p99 +23.4% (1.234 ms -> 1.523 ms), limit >+10%}.
         */
        public String line()
        {
            return check.metric + " " + check.format(change, true) + " (" + check.value(baseline) + " -> " +
                check.value(candidate) + "), limit " + check.operator + check.format(check.threshold, true);
        }
    }

    /**
     * @param expression the option's value: checks separated by commas.
     * @return the checks, in order.
     * @throws InputException when one is not a check (one line naming {@code --fail-if} and the check).
     */
    public static List<RegressionCheck> parse(final String expression)
    {
        final List<RegressionCheck> checks = new ArrayList<>();
        for (final String part : expression.split(",", -1))
        {
            checks.add(parseOne(expression, part));
        }
        return checks;
    }

    private static RegressionCheck parseOne(final String expression, final String part)
    {
        final String where = "--fail-if '" + expression + "': '" + part.strip() + "': ";
        final Matcher matcher = CHECK.matcher(part);
        if (!matcher.matches())
        {
            throw new InputException(where + "not METRIC OP CHANGE (e.g. p99>+10%, answered<-1%, " +
                "rcode(SERVFAIL)>+0.1%)");
        }
        final String name = matcher.group(1);
        final String unit = null == matcher.group(4) ? "" : matcher.group(4);
        final double number = Double.parseDouble(matcher.group(3));
        final String metric;
        final Matcher quantile = QUANTILE.matcher(name);
        final Matcher rcode = RCODE.matcher(name);
        if (quantile.matches() || "max".equals(name))
        {
            if (quantile.matches() && Double.parseDouble(quantile.group(1)) > 100)
            {
                throw new InputException(where + "a percentile is 0 to 100");
            }
            if (unit.isEmpty())
            {
                throw new InputException(where + "a latency change needs a unit: %, us, ms or s");
            }
            metric = name;
        }
        else if (COUNTS.contains(name))
        {
            if (!unit.isEmpty() && !"%".equals(unit))
            {
                throw new InputException(where + name + " changes in % or by a bare number, not in " + unit);
            }
            metric = name;
        }
        else if ("loss".equals(name) || rcode.matches())
        {
            if (rcode.matches() && RcodeNames.rcodeValue(rcode.group(1)) < 0)
            {
                throw new InputException(where + "unknown rcode '" + rcode.group(1) + "' (NOERROR, SERVFAIL, " +
                    "NXDOMAIN, REFUSED, ... or RCODEn)");
            }
            if (!"%".equals(unit))
            {
                throw new InputException(where + "a share changes in percentage points, written %");
            }
            metric = rcode.matches() ?
                "rcode(" + RcodeNames.rcodeName(RcodeNames.rcodeValue(rcode.group(1))) + ")" : name;
        }
        else
        {
            throw new InputException(where + "unknown metric '" + name + "' (" + METRICS + ")");
        }
        final double scale = switch (unit)
        {
            case "ms" -> 1000;
            case "s" -> 1_000_000;
            default -> 1;
        };
        return new RegressionCheck(part.strip(), metric, matcher.group(2), number * scale,
            "ms".equals(unit) || "s".equals(unit) ? "us" : unit);
    }

    /**
     * @param shoot a shoot.
     * @return this check's metric of that shoot: µs for latency, a count, answers a second, or percent for a share.
     */
    public double valueOf(final ComparedShoot shoot)
    {
        if ("max".equals(metric))
        {
            return 0 == shoot.latencyUs().getTotalCount() ? 0 : shoot.latencyUs().getMaxValue();
        }
        if (metric.startsWith("p"))
        {
            return shoot.latencyUs(Double.parseDouble(metric.substring(1)));
        }
        if ("rate".equals(metric))
        {
            return (double)shoot.count("answered") / Math.max(1, shoot.seconds());
        }
        if ("loss".equals(metric))
        {
            return share(shoot.count("timeouts"), shoot.count("sent"));
        }
        if (metric.startsWith("rcode("))
        {
            return share(shoot.rcodeCount(metric.substring(6, metric.length() - 1)), shoot.count("answered"));
        }
        return shoot.count(metric);
    }

    /**
     * @param baseline  the first shoot.
     * @param candidate the last shoot.
     * @return what the check found.
     */
    public Outcome check(final ComparedShoot baseline, final ComparedShoot candidate)
    {
        final double base = valueOf(baseline);
        final double cand = valueOf(candidate);
        final double change = change(base, cand);
        final boolean breached = switch (operator)
        {
            case ">" -> change > threshold;
            case ">=" -> change >= threshold;
            case "<" -> change < threshold;
            default -> change <= threshold;
        };
        return new Outcome(this, base, cand, change, breached);
    }

    /**
     * @param base      the baseline's value.
     * @param candidate the candidate's value.
     * @return the change in this check's unit: relative percent, points for a share, else the difference.
     */
    public double change(final double base, final double candidate)
    {
        if ("%".equals(unit) && !isShare())
        {
            return relative(base, candidate);
        }
        return candidate - base;
    }

    /**
     * @return true for a share (loss, rcode(NAME)): its changes are percentage points.
     */
    public boolean isShare()
    {
        return "loss".equals(metric) || metric.startsWith("rcode(");
    }

    /**
     * @param base      a baseline value.
     * @param candidate a candidate value.
     * @return the relative change, percent (infinite from a zero baseline, 0 when both are 0).
     */
    public static double relative(final double base, final double candidate)
    {
        if (0 == base)
        {
            return 0 == candidate ? 0 : Math.copySign(Double.POSITIVE_INFINITY, candidate);
        }
        return 100.0 * (candidate - base) / base;
    }

    /**
     * @param part  a part.
     * @param whole the whole.
     * @return part of whole, percent (0 when the whole is 0).
     */
    public static double share(final long part, final long whole)
    {
        return 0 == whole ? 0 : 100.0 * part / whole;
    }

    private String format(final double number, final boolean signed)
    {
        final String sign = signed && number >= 0 ? "+" : "";
        if (Double.isInfinite(number))
        {
            return (number > 0 ? "+" : "-") + "inf" + ("%".equals(unit) ? "%" : "");
        }
        return switch (unit)
        {
            case "%" -> sign + String.format(Locale.ROOT, "%.3f", number).replaceFirst("\\.?0+$", "") +
                (isShare() ? " pp" : "%");
            case "us" -> sign + String.format(Locale.ROOT, "%.3f ms", number / 1000);
            default -> sign + String.format(Locale.ROOT, "%.1f", number).replaceFirst("\\.0$", "");
        };
    }

    private String value(final double number)
    {
        if (isShare())
        {
            return String.format(Locale.ROOT, "%.3f%%", number);
        }
        if (metric.startsWith("p") || "max".equals(metric))
        {
            return String.format(Locale.ROOT, "%.3f ms", number / 1000);
        }
        return String.format(Locale.ROOT, "%.1f", number).replaceFirst("\\.0$", "");
    }
}
