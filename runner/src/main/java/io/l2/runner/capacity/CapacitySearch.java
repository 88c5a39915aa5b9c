/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.capacity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

import io.l2.runner.base.Durations;
import io.l2.runner.base.InputException;

/**
 * The search for the highest rate a target answers within an SLO, as resperf's users do it by hand and RFC 2544 /
 * MLRsearch do it by rule: short trials on an exponential ramp from {@code from} (doubling, capped at {@code to})
 * until the first failure; then bisection between the last pass and the first fail, with short trials, until the
 * bracket is narrower than {@code resolution} of its lower end; then one confirmation trial of the full
 * {@code hold} at the rate found. A confirmation that fails steps down by the resolution and confirms again (at most
 * {@link #MAX_STEP_DOWNS} times), and says so. A trial where l2 could not keep the rate, or whose shoot failed,
 * ends the search at once: it says nothing of the target.
 * <p>
 * The trials themselves are the {@link Trials}' (real shoots in {@link CapacityRun}; anything in tests). One thread.
 */
public final class CapacitySearch
{
    /** How many times a failed confirmation steps down before the search gives up. */
    public static final int MAX_STEP_DOWNS = 3;

    /** Runs one trial. */
    @FunctionalInterface
    public interface Trials
    {
        /**
         * @param index      1-based.
         * @param phase      {@link Trial#RAMP}, {@link Trial#BISECT} or {@link Trial#CONFIRM}.
         * @param rate       queries per second, at least 1.
         * @param durationNs the trial's length.
         * @return what it said.
         * @throws IOException when a results folder or the control channel fails.
         */
        Trial run(int index, String phase, long rate, long durationNs) throws IOException;
    }

    /**
     * The search's bounds and lengths, as the options give them.
     *
     * @param fromRate   the first rate, at least 1.
     * @param toRate     the highest rate tried, at least {@code fromRate}.
     * @param trialNs    a short trial's length.
     * @param holdNs     the confirmation trial's length.
     * @param resolution the bracket's width at which bisection stops, a share of its lower end (0.02 for 2%).
     */
    public record Bounds(long fromRate, long toRate, long trialNs, long holdNs, double resolution)
    {
        /**
         * Checks the bounds.
         *
         * @throws InputException in one line naming the option.
         */
        public Bounds
        {
            if (fromRate < 1)
            {
                throw new InputException("--from " + fromRate + ": expected a rate of at least 1 query per second");
            }
            if (toRate < fromRate)
            {
                throw new InputException("--from " + fromRate + " is above --to " + toRate);
            }
            if (trialNs < 1_000_000_000L || 0 != trialNs % 1_000_000L)
            {
                throw new InputException("--trial " + Durations.format(trialNs) + ": expected whole milliseconds, " +
                    "at least 1s");
            }
            if (holdNs < 1_000_000_000L || 0 != holdNs % 1_000_000L)
            {
                throw new InputException("--hold " + Durations.format(holdNs) + ": expected whole milliseconds, " +
                    "at least 1s");
            }
            if (!(resolution >= 0.001 && resolution <= 0.5))
            {
                throw new InputException("--resolution " + String.format(Locale.ROOT, "%.4g%%", 100 * resolution) +
                    ": expected 0.1% to 50%");
            }
        }
    }

    /** How a search ended. */
    public enum Status
    {
        /** A rate passed its confirmation trial below a failing rate: the capacity. */
        FOUND,
        /** Every trial up to {@code --to} passed, and so did the confirmation at {@code --to}: at least that. */
        AT_LEAST_TO,
        /** The target failed the SLO already at {@code --from}. */
        BELOW_FROM,
        /** No confirmation trial passed, after stepping down {@link #MAX_STEP_DOWNS} times. */
        NOT_CONFIRMED,
        /** l2 could not keep a trial's rate: the search stopped; nothing is known of the target there. */
        GENERATOR,
        /** A trial's shoot failed (a host failed or was lost): the search stopped. */
        FAILED
    }

    /**
     * What the search found.
     *
     * @param status    how it ended.
     * @param capacity  the confirmed trial at the rate found, or null.
     * @param firstFail the lowest rate that failed the SLO (the bracket's upper end), or null.
     * @param stopper   the trial that stopped the search ({@link Status#GENERATOR}, {@link Status#FAILED}), or null.
     * @param notes     lines said on the way (a confirmation that failed and stepped down).
     * @param trials    every trial, in the order shot.
     */
    public record Outcome(Status status, Trial capacity, Trial firstFail, Trial stopper, List<String> notes,
        List<Trial> trials)
    {
        /**
         * Copies the lists.
         */
        public Outcome
        {
            Objects.requireNonNull(status, "status");
            notes = List.copyOf(notes);
            trials = List.copyOf(trials);
        }
    }

    private final Bounds bounds;
    private final Trials trials;
    private final Consumer<Trial> onTrial;
    private final List<Trial> shot = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Trial lastPass;
    private Trial firstFail;

    /**
     * @param bounds  the bounds.
     * @param trials  what runs a trial.
     * @param onTrial told of each trial as it ends.
     */
    public CapacitySearch(final Bounds bounds, final Trials trials, final Consumer<Trial> onTrial)
    {
        this.bounds = Objects.requireNonNull(bounds, "bounds");
        this.trials = Objects.requireNonNull(trials, "trials");
        this.onTrial = Objects.requireNonNull(onTrial, "onTrial");
    }

    /**
     * Runs the search to its end.
     *
     * @return what it found.
     * @throws IOException as a trial throws it.
     */
    public Outcome run() throws IOException
    {
        long rate = bounds.fromRate();
        while (true)
        {
            final Trial trial = trial(Trial.RAMP, rate, bounds.trialNs());
            if (!judged(trial))
            {
                return stopped(trial);
            }
            if (!trial.passed())
            {
                break;
            }
            if (rate >= bounds.toRate())
            {
                break;
            }
            rate = Math.min(bounds.toRate(), rate > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : rate * 2);
        }
        if (null == lastPass)
        {
            return outcome(Status.BELOW_FROM, null, null);
        }
        while (null != firstFail && firstFail.rate() - lastPass.rate() > Math.max(1, step(lastPass.rate())))
        {
            final long middle = lastPass.rate() + (firstFail.rate() - lastPass.rate()) / 2;
            final Trial trial = trial(Trial.BISECT, middle, bounds.trialNs());
            if (!judged(trial))
            {
                return stopped(trial);
            }
        }
        long candidate = lastPass.rate();
        for (int stepDown = 0; stepDown <= MAX_STEP_DOWNS; stepDown++)
        {
            final Trial confirm = trial(Trial.CONFIRM, candidate, bounds.holdNs());
            if (!judged(confirm))
            {
                return stopped(confirm);
            }
            if (confirm.passed())
            {
                return outcome(null == firstFail ? Status.AT_LEAST_TO : Status.FOUND, confirm, null);
            }
            final long lower = candidate - Math.max(1, step(candidate));
            if (stepDown == MAX_STEP_DOWNS || lower < 1)
            {
                break;
            }
            notes.add("the confirmation at " + candidate + " rps failed over " + Durations.format(bounds.holdNs()) +
                " (" + confirm.why() + "): stepping down to " + lower + " rps");
            candidate = lower;
        }
        notes.add("no rate passed its confirmation trial of " + Durations.format(bounds.holdNs()) + " after " +
            MAX_STEP_DOWNS + " steps down");
        return outcome(Status.NOT_CONFIRMED, null, null);
    }

    private long step(final long rate)
    {
        return (long)Math.floor(rate * bounds.resolution());
    }

    private Trial trial(final String phase, final long rate, final long durationNs) throws IOException
    {
        final Trial trial = trials.run(shot.size() + 1, phase, rate, durationNs);
        shot.add(trial);
        onTrial.accept(trial);
        return trial;
    }

    /**
     * Updates the bracket with a trial the target is judged by.
     *
     * @return false when the trial says nothing of the target (the search stops).
     */
    private boolean judged(final Trial trial)
    {
        switch (trial.verdict())
        {
            case PASS:
                if (!Trial.CONFIRM.equals(trial.phase()) && (null == lastPass || trial.rate() > lastPass.rate()))
                {
                    lastPass = trial;
                }
                return true;
            case FAIL:
                if (null == firstFail || trial.rate() <= firstFail.rate())
                {
                    firstFail = trial;
                }
                return true;
            default:
                return false;
        }
    }

    private Outcome stopped(final Trial trial)
    {
        return outcome(Trial.Verdict.GENERATOR == trial.verdict() ? Status.GENERATOR : Status.FAILED, null, trial);
    }

    private Outcome outcome(final Status status, final Trial capacity, final Trial stopper)
    {
        return new Outcome(status, capacity, firstFail, stopper, notes, shot);
    }
}
