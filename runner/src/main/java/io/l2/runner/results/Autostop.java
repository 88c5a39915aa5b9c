/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import io.l2.config.AutostopCriterion;
import io.l2.config.AutostopKind;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.codec.RcodeNames;
import io.l2.runner.base.Durations;
import org.HdrHistogram.Histogram;

/**
 * A plan's autostop criteria, checked on every merged second of a shoot (Yandex.Tank's semantics, without its
 * flaws): in the order written, the first that holds stops the shoot, and evaluation ends there.
 * <ul>
 *   <li>A streak criterion ({@code timeouts(5%, 2s)}) holds after N bad seconds in a row; a good second resets it.
 *   A window criterion ({@code total_timeouts(5%, 10s)}) holds when the last N seconds, summed (counts added,
 *   histograms added), are bad; it cannot hold before N seconds are in.</li>
 *   <li>Shares are weighted by queries (a ratio of sums, never a mean of per-second percentages); timeouts and
 *   errors are shares of the queries that went out (answered, timed out or failed), rcodes of the answers; a count
 *   level is the sum of the window. A second that asked queries and got no answer fails every answer-based
 *   criterion ({@code quantile}, {@code time}, {@code rcode}); a second that asked none is good.</li>
 *   <li>{@code quantile(Q, ...)} counts timeouts as slower than any limit (loss is not hidden from the tail) and
 *   reads any Q from the merged HdrHistogram.</li>
 *   <li>{@code achieved} compares the queries put on the wire to the requested rate (a count LEVEL is a rate per
 *   second, over a window its mean); {@code lag} the p99 schedule lag; both blame the generator.
 *   {@code limit(T)} holds by the clock, T after the profile's start.</li>
 * </ul>
 * Seconds come on the runner's progress thread ({@link #onSecond}); {@link #stopRequested} may be polled from any
 * thread. Cold path: a window keeps one snapshot per second (with a histogram copy for {@code total_quantile},
 * {@code total_time} and {@code total_lag}).
 */
public final class Autostop
{
    private static final long NS_PER_US = 1000;
    private static final long NS_PER_SECOND = 1_000_000_000L;

    private final List<Check> checks = new ArrayList<>();
    private final LongSupplier epochNs;
    private final AutostopCriterion limit;
    private volatile long startEpochNs = Long.MIN_VALUE;
    private volatile long lastRequested;
    private volatile AutostopTrigger trigger;

    /**
     * @param criteria the plan's criteria, in the order written.
     * @param epochNs  the wall clock, ns since the epoch (for {@code limit(T)}).
     */
    public Autostop(final List<AutostopCriterion> criteria, final LongSupplier epochNs)
    {
        this.epochNs = epochNs;
        AutostopCriterion firstLimit = null;
        for (final AutostopCriterion criterion : criteria)
        {
            if (AutostopKind.LIMIT == criterion.kind())
            {
                firstLimit = null == firstLimit || criterion.limitNs() < firstLimit.limitNs() ? criterion : firstLimit;
            }
            else
            {
                checks.add(new Check(criterion));
            }
        }
        this.limit = firstLimit;
    }

    /**
     * @return true when there is nothing to check.
     */
    public boolean isEmpty()
    {
        return checks.isEmpty() && null == limit;
    }

    /**
     * The profile's start instant is known.
     *
     * @param startEpochNs second 0's wall-clock instant, ns since the epoch.
     */
    public void onStart(final long startEpochNs)
    {
        this.startEpochNs = startEpochNs;
    }

    /**
     * Checks a merged second (in order, each once); nothing more is checked once a criterion held.
     *
     * @param merged the second, merged over the hosts; read, not kept.
     * @return the trigger when this second made a criterion hold, else null.
     */
    public AutostopTrigger onSecond(final SecondStats merged)
    {
        if (null != trigger)
        {
            return null;
        }
        lastRequested = merged.requestedCount();
        for (final Check check : checks)
        {
            final AutostopTrigger held = check.onSecond(merged);
            if (null != held)
            {
                trigger = held;
                return held;
            }
        }
        return null;
    }

    /**
     * @return true once a criterion held (checking {@code limit(T)} against the clock first).
     */
    public boolean stopRequested()
    {
        if (null == trigger && null != limit && Long.MIN_VALUE != startEpochNs &&
            epochNs.getAsLong() - startEpochNs >= limit.limitNs())
        {
            final long second = limit.limitNs() / NS_PER_SECOND;
            synchronized (this)
            {
                if (null == trigger)
                {
                    trigger = new AutostopTrigger(limit.text(), AutostopTrigger.LIMIT, second, second, lastRequested,
                        "the shoot lasted " + limit.text().substring("limit(".length(), limit.text().length() - 1) +
                        " (" + limit.text() + ")");
                }
            }
        }
        return null != trigger;
    }

    /**
     * @return what stopped the shoot, or null.
     */
    public AutostopTrigger trigger()
    {
        return trigger;
    }

    /**
     * What a criterion checks, for people ({@code --dry-run}).
     *
     * @param criterion the criterion.
     * @return one phrase, e.g. "timeouts >= 5% of the queries, 2 s in a row".
     */
    public static String describe(final AutostopCriterion criterion)
    {
        final String level = criterion.percent() ? number(criterion.level()) + "%" : number(criterion.level());
        final String what;
        switch (criterion.kind())
        {
            case LIMIT:
                return "stop once the shoot has lasted " + Durations.format(criterion.limitNs());
            case QUANTILE:
                what = "p" + number(criterion.quantile()) + " latency > " + duration(criterion.limitNs()) +
                    " (timeouts count as slower)";
                break;
            case TIME:
                what = "mean latency > " + duration(criterion.limitNs());
                break;
            case RCODE:
                what = mask(criterion) + " >= " + level + (criterion.percent() ? " of the answers" : " answers");
                break;
            case TIMEOUTS:
                what = "timeouts >= " + level + (criterion.percent() ? " of the queries" : "");
                break;
            case ERRORS:
                what = "errors >= " + level + (criterion.percent() ? " of the queries" : "");
                break;
            case LAG:
                what = "generator: p99 schedule lag > " + duration(criterion.limitNs());
                break;
            default:
                what = "generator: sent < " + (criterion.percent() ? level + " of the requested rate" :
                    level + " queries/s");
                break;
        }
        return what + (criterion.window() ? ", over the last " + criterion.seconds() + " s summed" :
            ", " + criterion.seconds() + " s in a row");
    }

    /** One criterion's state: its streak, or its window. */
    private static final class Check
    {
        private final AutostopCriterion criterion;
        private final ArrayDeque<Tally> window = new ArrayDeque<>();
        private final Tally sum;
        private long streak;
        private long streakFirstSecond;
        private long streakFirstRequested;

        Check(final AutostopCriterion criterion)
        {
            this.criterion = criterion;
            this.sum = new Tally(criterion, -1, 0);
        }

        AutostopTrigger onSecond(final SecondStats merged)
        {
            final Tally second = Tally.of(criterion, merged);
            if (criterion.window())
            {
                window.addLast(second);
                sum.add(second);
                if (window.size() > criterion.seconds())
                {
                    sum.subtract(window.removeFirst());
                }
                if (window.size() < criterion.seconds())
                {
                    return null;
                }
                final String bad = bad(criterion, sum, criterion.seconds());
                if (null == bad)
                {
                    return null;
                }
                final Tally first = window.peekFirst();
                return trigger(merged.second(), first.second, first.requested, bad + " over the last " +
                    criterion.seconds() + " s (seconds " + first.second + "-" + merged.second() + ")");
            }
            final String bad = bad(criterion, second, 1);
            if (null == bad)
            {
                streak = 0;
                return null;
            }
            if (0 == streak++)
            {
                streakFirstSecond = merged.second();
                streakFirstRequested = merged.requestedCount();
            }
            if (streak < criterion.seconds())
            {
                return null;
            }
            return trigger(merged.second(), streakFirstSecond, streakFirstRequested, bad + (1 == criterion.seconds() ?
                " in second " + merged.second() : " for " + streak + " s in a row (seconds " + streakFirstSecond +
                "-" + merged.second() + ")"));
        }

        private AutostopTrigger trigger(
            final long second, final long firstSecond, final long firstRequested, final String what)
        {
            final boolean generator = criterion.kind().generator();
            return new AutostopTrigger(criterion.text(), generator ? AutostopTrigger.GENERATOR :
                AutostopTrigger.TARGET, second, firstSecond, firstRequested, (generator ?
                "the generator, not the target: l2's hosts could not keep the requested rate: " : "") + what +
                " (" + criterion.text() + ")");
        }
    }

    /**
     * Why a tally is bad, one phrase, or null when it is good.
     *
     * @param seconds how many seconds the tally sums (for a rate).
     */
    static String bad(final AutostopCriterion criterion, final Tally tally, final int seconds)
    {
        final long queries = tally.answered + tally.timeouts + tally.errors;
        switch (criterion.kind())
        {
            case TIMEOUTS:
                return level(criterion, tally.timeouts, queries, "timeouts", "queries");
            case ERRORS:
                return level(criterion, tally.errors, queries, "errors", "queries");
            case RCODE:
                if (queries > 0 && 0 == tally.answered)
                {
                    return "no answers to " + queries + " queries";
                }
                return level(criterion, tally.matched, tally.answered, mask(criterion), "answers");
            case QUANTILE:
            {
                if (queries > 0 && 0 == tally.answered)
                {
                    return "no answers to " + queries + " queries";
                }
                final long ranked = tally.answered + tally.timeouts;
                if (0 == ranked)
                {
                    return null;
                }
                final String name = "p" + number(criterion.quantile());
                final long rank = Math.max(1, (long) Math.ceil(criterion.quantile() / 100.0 * ranked - 1e-9));
                if (rank > tally.answered)
                {
                    return name + " is a timeout (" + tally.timeouts + " of " + ranked + " queries timed out) > " +
                        duration(criterion.limitNs());
                }
                final long valueNs = tally.latency.getValueAtPercentile(100.0 * rank / tally.answered) * NS_PER_US;
                return valueNs > criterion.limitNs() ? name + " latency " + duration(valueNs) + " > " +
                    duration(criterion.limitNs()) : null;
            }
            case TIME:
            {
                if (queries > 0 && 0 == tally.answered)
                {
                    return "no answers to " + queries + " queries";
                }
                if (0 == tally.answered)
                {
                    return null;
                }
                final long meanNs = Math.round(tally.latency.getMean() * NS_PER_US);
                return meanNs > criterion.limitNs() ? "mean latency " + duration(meanNs) + " > " +
                    duration(criterion.limitNs()) : null;
            }
            case LAG:
            {
                if (0 == tally.sent)
                {
                    return null;
                }
                final long lagNs = tally.lag.getValueAtPercentile(99) * NS_PER_US;
                return lagNs > criterion.limitNs() ? "p99 schedule lag " + duration(lagNs) + " > " +
                    duration(criterion.limitNs()) : null;
            }
            case ACHIEVED:
            {
                if (0 == tally.requested)
                {
                    return null;
                }
                if (criterion.percent())
                {
                    final double share = 100.0 * tally.achieved / tally.requested;
                    return share < criterion.level() ? "sent " + number(share) + "% of the requested rate (" +
                        tally.achieved + " of " + tally.requested + " queries) < " + number(criterion.level()) + "%" :
                        null;
                }
                final double rate = (double) tally.achieved / seconds;
                return rate < criterion.level() ? "sent " + number(rate) + " queries/s (requested " +
                    number((double) tally.requested / seconds) + ") < " + number(criterion.level()) : null;
            }
            default:
                throw new IllegalArgumentException("not checked per second: " + criterion.kind());
        }
    }

    private static String level(
        final AutostopCriterion criterion, final long matched, final long of, final String what, final String ofWhat)
    {
        if (criterion.percent())
        {
            if (0 == of)
            {
                return null;
            }
            final double share = 100.0 * matched / of;
            return share >= criterion.level() ? what + " " + number(share) + "% of " + of + " " + ofWhat + " >= " +
                number(criterion.level()) + "%" : null;
        }
        return matched >= criterion.level() ? what + " " + matched + " >= " + number(criterion.level()) : null;
    }

    private static String mask(final AutostopCriterion criterion)
    {
        final List<String> names = new ArrayList<>();
        criterion.rcodes().forEach((rcode) -> names.add(RcodeNames.rcodeName(rcode)));
        return (criterion.negated() ? "rcodes other than " : "") + String.join("+", names);
    }

    private static String number(final double value)
    {
        final String text = String.format(Locale.ROOT, "%.2f", value);
        return text.replaceAll("\\.?0+$", "");
    }

    private static String duration(final long ns)
    {
        if (ns >= NS_PER_SECOND)
        {
            return number((double) ns / NS_PER_SECOND) + "s";
        }
        if (ns >= 1_000_000)
        {
            return number(ns / 1e6) + "ms";
        }
        return number((double) ns / NS_PER_US) + "us";
    }

    /** What one criterion needs of a second, or of a window's sum. */
    static final class Tally
    {
        private final long second;
        private long requested;
        private long sent;
        private long achieved;
        private long answered;
        private long timeouts;
        private long errors;
        private long matched;
        private final Histogram latency;
        private final Histogram lag;

        Tally(final AutostopCriterion criterion, final long second, final long requested)
        {
            this.second = second;
            this.requested = requested;
            final AutostopKind kind = criterion.kind();
            latency = AutostopKind.QUANTILE == kind || AutostopKind.TIME == kind ?
                new Histogram(SecondStats.SIGNIFICANT_DIGITS) : null;
            lag = AutostopKind.LAG == kind ? new Histogram(SecondStats.LAG_SIGNIFICANT_DIGITS) : null;
        }

        static Tally of(final AutostopCriterion criterion, final SecondStats stats)
        {
            final Tally tally = new Tally(criterion, stats.second(), stats.requestedCount());
            tally.sent = stats.sentCount();
            tally.achieved = stats.achievedCount();
            tally.answered = stats.answeredCount();
            tally.timeouts = stats.timeoutCount();
            tally.errors = stats.errorCount();
            if (AutostopKind.RCODE == criterion.kind())
            {
                for (final int rcode : stats.rcodes())
                {
                    tally.matched += criterion.matches(rcode) ? stats.rcodeCount(rcode) : 0;
                }
            }
            // the getters create a missing histogram: only read one the row has
            if (null != tally.latency && stats.answeredCount() > 0)
            {
                tally.latency.add(stats.latencyHistogram());
            }
            if (null != tally.lag && stats.sentCount() > 0)
            {
                tally.lag.add(stats.lagHistogram());
            }
            return tally;
        }

        void add(final Tally other)
        {
            requested += other.requested;
            sent += other.sent;
            achieved += other.achieved;
            answered += other.answered;
            timeouts += other.timeouts;
            errors += other.errors;
            matched += other.matched;
            if (null != latency)
            {
                latency.add(other.latency);
            }
            if (null != lag)
            {
                lag.add(other.lag);
            }
        }

        void subtract(final Tally other)
        {
            requested -= other.requested;
            sent -= other.sent;
            achieved -= other.achieved;
            answered -= other.answered;
            timeouts -= other.timeouts;
            errors -= other.errors;
            matched -= other.matched;
            if (null != latency)
            {
                latency.subtract(other.latency);
            }
            if (null != lag)
            {
                lag.subtract(other.lag);
            }
        }
    }
}
