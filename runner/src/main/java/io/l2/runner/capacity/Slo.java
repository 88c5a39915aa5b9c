/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.codec.RcodeNames;
import io.l2.runner.base.InputException;

/**
 * A service level objective of {@code --slo}: terms joined by commas, all of which a trial must meet, e.g.
 * {@code loss<=0.1%,p99<=20ms,servfail<=1%}. A term is {@code NAME OP VALUE} with OP {@code <=} or {@code <}:
 * <ul>
 *   <li>{@code loss}, {@code timeouts}, {@code errors}: a share ({@code 0.1%}) of the queries that went out
 *   (answered, timed out or failed); loss is timeouts and errors together;</li>
 *   <li>{@code pQ} (any Q above 0 up to 100: {@code p50}, {@code p99.9}) and {@code max}: latency, with a unit
 *   ({@code 800us}, {@code 20ms}, {@code 1s}); timeouts count as slower than any limit, as in autostop's
 *   {@code quantile}, so loss is never hidden from the tail;</li>
 *   <li>an rcode name ({@code servfail}, {@code refused}, {@code nxdomain}, any case): a share of the answers.</li>
 * </ul>
 * Immutable; parsed once, checked against a trial's totals. Cold path.
 */
public final class Slo
{
    private static final Pattern TERM =
        Pattern.compile("\\s*([A-Za-z][A-Za-z0-9.]*)\\s*(<=|<)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(%|us|ms|s)?\\s*");
    private static final Pattern QUANTILE = Pattern.compile("p([0-9]+(?:\\.[0-9]+)?)");
    private static final long NS_PER_US = 1000;

    /** What a term measures. */
    public enum Kind
    {
        /** Timeouts and errors, a share of the queries. */
        LOSS,
        /** Timeouts, a share of the queries. */
        TIMEOUTS,
        /** Errors, a share of the queries. */
        ERRORS,
        /** A latency quantile. */
        QUANTILE,
        /** An rcode, a share of the answers. */
        RCODE
    }

    /**
     * One term.
     *
     * @param text     the term as written, trimmed.
     * @param kind     what it measures.
     * @param quantile the quantile in percent for {@link Kind#QUANTILE} (100 for {@code max}), else 0.
     * @param rcode    the rcode for {@link Kind#RCODE}, else -1.
     * @param strict   true for {@code <}, false for {@code <=}.
     * @param limit    the limit: percent for shares, nanoseconds for latency.
     */
    public record Term(String text, Kind kind, double quantile, int rcode, boolean strict, double limit)
    {
        /**
         * @param measured what a trial measured, in the limit's unit.
         * @return true when it meets the term.
         */
        public boolean meets(final double measured)
        {
            return strict ? measured < limit : measured <= limit;
        }
    }

    private final String text;
    private final List<Term> terms;

    private Slo(final String text, final List<Term> terms)
    {
        this.text = text;
        this.terms = List.copyOf(terms);
    }

    /**
     * @param text the option's value.
     * @return the SLO.
     * @throws InputException in one line naming {@code --slo} and the term.
     */
    public static Slo parse(final String text)
    {
        if (null == text || text.isBlank())
        {
            throw new InputException("--slo: empty (expected terms such as 'loss<=0.1%,p99<=20ms')");
        }
        final List<Term> terms = new ArrayList<>();
        for (final String part : text.split(",", -1))
        {
            terms.add(term(part));
        }
        return new Slo(text.trim(), terms);
    }

    private static Term term(final String part)
    {
        final Matcher matcher = TERM.matcher(part);
        if (!matcher.matches())
        {
            throw bad(part, "expected NAME<=VALUE, e.g. loss<=0.1%, p99<=20ms, servfail<=1%");
        }
        final String name = matcher.group(1).toLowerCase(Locale.ROOT);
        final boolean strict = "<".equals(matcher.group(2));
        final double value = Double.parseDouble(matcher.group(3));
        final String unit = matcher.group(4);
        final String trimmed = part.trim();
        final Matcher quantile = QUANTILE.matcher(name);
        if ("max".equals(name) || quantile.matches())
        {
            final double q = "max".equals(name) ? 100 : Double.parseDouble(quantile.group(1));
            if (q <= 0 || q > 100)
            {
                throw bad(part, "the quantile must be above 0 and at most 100");
            }
            if (null == unit || "%".equals(unit))
            {
                throw bad(part, "a latency needs a unit: us, ms or s (e.g. " + name + "<=20ms)");
            }
            final double ns = value * ("us".equals(unit) ? NS_PER_US : "ms".equals(unit) ? 1e6 : 1e9);
            if (ns <= 0)
            {
                throw bad(part, "the latency must be above 0");
            }
            return new Term(trimmed, Kind.QUANTILE, q, -1, strict, ns);
        }
        final Kind kind = "loss".equals(name) ? Kind.LOSS : "timeouts".equals(name) ? Kind.TIMEOUTS :
            "errors".equals(name) ? Kind.ERRORS : Kind.RCODE;
        final int rcode = Kind.RCODE == kind ? RcodeNames.rcodeValue(name) : -1;
        if (Kind.RCODE == kind && rcode < 0)
        {
            throw bad(part, "unknown name '" + name + "' (expected loss, timeouts, errors, pQ such as p99.9, " +
                "max, or an rcode such as servfail)");
        }
        if (!"%".equals(unit))
        {
            throw bad(part, "a share needs %, e.g. " + name + "<=1%");
        }
        if (value > 100)
        {
            throw bad(part, "a share is at most 100%");
        }
        return new Term(trimmed, kind, 0, rcode, strict, value);
    }

    private static InputException bad(final String part, final String why)
    {
        return new InputException("--slo '" + part.trim() + "': " + why);
    }

    /**
     * @return the SLO as written.
     */
    public String text()
    {
        return text;
    }

    /**
     * @return the terms, in the order written.
     */
    public List<Term> terms()
    {
        return terms;
    }

    /**
     * What a term measured in a trial's totals, in the term's unit (percent, or nanoseconds; a latency that is a
     * timeout, or a trial that sent nothing answered, is {@link Double#POSITIVE_INFINITY}).
     *
     * @param term   the term.
     * @param totals a trial's merged totals; read, not kept.
     * @return the measured value.
     */
    public static double measure(final Term term, final SecondStats totals)
    {
        final long queries = totals.answeredCount() + totals.timeoutCount() + totals.errorCount();
        switch (term.kind())
        {
            case LOSS:
                return share(totals.timeoutCount() + totals.errorCount(), queries);
            case TIMEOUTS:
                return share(totals.timeoutCount(), queries);
            case ERRORS:
                return share(totals.errorCount(), queries);
            case RCODE:
                return 0 == totals.answeredCount() ? (0 == queries ? 0 : 100) :
                    share(totals.rcodeCount(term.rcode()), totals.answeredCount());
            default:
            {
                final long ranked = totals.answeredCount() + totals.timeoutCount();
                if (0 == ranked)
                {
                    return 0 == queries ? 0 : Double.POSITIVE_INFINITY;
                }
                final long rank = Math.max(1, (long)Math.ceil(term.quantile() / 100.0 * ranked - 1e-9));
                if (rank > totals.answeredCount())
                {
                    return Double.POSITIVE_INFINITY;
                }
                return (double)totals.latencyHistogram().getValueAtPercentile(
                    100.0 * rank / totals.answeredCount()) * NS_PER_US;
            }
        }
    }

    /**
     * The first term a trial's totals miss, with what was measured, or null when it meets every term.
     *
     * @param totals a trial's merged totals.
     * @return e.g. {@code "p99 31.2ms > 20ms (p99<=20ms)"}, or null.
     */
    public String firstMiss(final SecondStats totals)
    {
        for (final Term term : terms)
        {
            final double measured = measure(term, totals);
            if (!term.meets(measured))
            {
                return describe(term, measured) + " (" + term.text() + ")";
            }
        }
        return null;
    }

    /**
     * @param term     a term.
     * @param measured what was measured, in its unit.
     * @return e.g. {@code "loss 3.21%"} or {@code "p99 is a timeout"}.
     */
    public static String describe(final Term term, final double measured)
    {
        final String name = term.text().replaceFirst("\\s*<.*$", "").toLowerCase(Locale.ROOT);
        if (Kind.QUANTILE == term.kind())
        {
            return Double.isInfinite(measured) ? name + " is a timeout" : name + " " + latency(measured);
        }
        return name + " " + String.format(Locale.ROOT, "%.3f%%", measured);
    }

    /**
     * @param ns a latency in nanoseconds.
     * @return e.g. {@code 812us}, {@code 20.4ms}, {@code 1.2s}.
     */
    public static String latency(final double ns)
    {
        if (ns >= 1e9)
        {
            return String.format(Locale.ROOT, "%.2fs", ns / 1e9);
        }
        if (ns >= 1e6)
        {
            return String.format(Locale.ROOT, "%.2fms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.0fus", ns / 1e3);
    }

    private static double share(final long part, final long whole)
    {
        return 0 == whole ? 0 : 100.0 * part / whole;
    }
}
