package io.l2.engine.profile;

import java.util.Arrays;

/**
 * Builds a {@link RateProfile} from a chain of Yandex.Tank segments, in order. Each call validates its arguments at
 * once (an {@link IllegalArgumentException} with a one-line message naming the segment); {@link #build()} makes an
 * immutable profile and leaves the builder usable.
 * <p>
 * Rates are whole queries per second in [0, {@link #MAX_RATE}]; a rate of 0 is a pause. Durations are nanoseconds,
 * &gt; 0. {@code step} follows Yandex.Tank's {@code Stairway} ({@code yandextank/stepper/load_plan.py}): levels
 * from, from ± step, … for as long as they do not pass {@code to}, and then {@code to} itself if the last of them
 * falls short of it; every level lasts stepDurationNs. So {@code step(1000,5000,1000,10s)} is 5 levels and 50 s, and
 * {@code step(1000,4500,1000,10s)} is 1000, 2000, 3000, 4000, 4500. Unlike Tank, which rounds each segment's count
 * down on its own, the chain is one integral: a segment's fractional query is carried into the next.
 * <p>
 * Not thread-safe.
 */
public final class RateProfileBuilder
{
    /** The highest rate: one query per nanosecond, the resolution of intended times. */
    public static final long MAX_RATE = ChainProfile.NANOS_PER_SECOND;
    /** The most segments (each step level is one) a profile may hold. */
    public static final int MAX_SEGMENT_COUNT = 1 << 20;

    private long[] durationsNs = new long[16];
    private long[] fromRps = new long[16];
    private long[] toRps = new long[16];
    private int segmentCount;
    private final StringBuilder description = new StringBuilder();

    /**
     * Appends {@code const(rps, duration)}.
     *
     * @param rps        queries per second, 0 for a pause.
     * @param durationNs length in ns, &gt; 0.
     * @return this.
     */
    public RateProfileBuilder constant(final long rps, final long durationNs)
    {
        final String text = "const(" + rps + "," + DurationFormat.format(durationNs) + ")";
        checkRate(text, "rps", rps);
        checkDuration(text, "durationNs", durationNs);
        reserve(text, 1);
        add(durationNs, rps, rps);
        describe(text);
        return this;
    }

    /**
     * Appends {@code line(from, to, duration)}: the rate goes linearly from {@code from} at the start to {@code to}
     * at the end.
     *
     * @param from       queries per second at the start.
     * @param to         queries per second at the end.
     * @param durationNs length in ns, &gt; 0.
     * @return this.
     */
    public RateProfileBuilder line(final long from, final long to, final long durationNs)
    {
        final String text = "line(" + from + "," + to + "," + DurationFormat.format(durationNs) + ")";
        checkRate(text, "from", from);
        checkRate(text, "to", to);
        checkDuration(text, "durationNs", durationNs);
        reserve(text, 1);
        add(durationNs, from, to);
        describe(text);
        return this;
    }

    /**
     * Appends {@code step(from, to, step, duration)}: constant levels from, from ± step, … up (or down) to
     * {@code to}, as Yandex.Tank does (see the class comment), each lasting stepDurationNs.
     *
     * @param from           queries per second of the first level.
     * @param to             queries per second of the last level.
     * @param step           difference between levels, &gt; 0.
     * @param stepDurationNs length of each level in ns, &gt; 0.
     * @return this.
     */
    public RateProfileBuilder step(final long from, final long to, final long step, final long stepDurationNs)
    {
        final String text =
            "step(" + from + "," + to + "," + step + "," + DurationFormat.format(stepDurationNs) + ")";
        checkRate(text, "from", from);
        checkRate(text, "to", to);
        if (step <= 0)
        {
            throw new IllegalArgumentException(text + ": step must be > 0, got " + step);
        }
        checkDuration(text, "stepDurationNs", stepDurationNs);

        final long fullSteps = Math.abs(to - from) / step;
        final boolean reachesTo = fullSteps * step == Math.abs(to - from);
        final long levelCount = fullSteps + (reachesTo ? 1 : 2);
        reserve(text, levelCount);

        final long increment = to >= from ? step : -step;
        for (long i = 0; i <= fullSteps; i++)
        {
            final long rps = from + i * increment;
            add(stepDurationNs, rps, rps);
        }
        if (!reachesTo)
        {
            add(stepDurationNs, to, to);
        }
        describe(text);
        return this;
    }

    /**
     * Makes the profile of the segments appended so far.
     *
     * @return an immutable, thread-safe profile.
     * @throws IllegalArgumentException if no segment was appended, or the total duration or query count does not
     *                                  fit in a long.
     */
    public RateProfile build()
    {
        if (0 == segmentCount)
        {
            throw new IllegalArgumentException("rate profile is empty: add at least one const, line or step");
        }
        return new ChainProfile(
            Arrays.copyOf(durationsNs, segmentCount),
            Arrays.copyOf(fromRps, segmentCount),
            Arrays.copyOf(toRps, segmentCount),
            description.toString());
    }

    private static void checkRate(final String text, final String name, final long rps)
    {
        if (rps < 0 || rps > MAX_RATE)
        {
            throw new IllegalArgumentException(
                text + ": " + name + " must be in [0, " + MAX_RATE + "] queries per second, got " + rps);
        }
    }

    private static void checkDuration(final String text, final String name, final long durationNs)
    {
        if (durationNs <= 0)
        {
            throw new IllegalArgumentException(text + ": " + name + " must be > 0, got " + durationNs);
        }
    }

    private void reserve(final String text, final long moreSegments)
    {
        if (moreSegments > MAX_SEGMENT_COUNT - segmentCount)
        {
            throw new IllegalArgumentException(
                text + ": the profile would hold more than " + MAX_SEGMENT_COUNT + " segments (step levels)");
        }
        final int needed = segmentCount + (int) moreSegments;
        if (needed > durationsNs.length)
        {
            final int capacity = Math.max(needed, Math.min(MAX_SEGMENT_COUNT, durationsNs.length * 2));
            durationsNs = Arrays.copyOf(durationsNs, capacity);
            fromRps = Arrays.copyOf(fromRps, capacity);
            toRps = Arrays.copyOf(toRps, capacity);
        }
    }

    private void add(final long durationNs, final long from, final long to)
    {
        durationsNs[segmentCount] = durationNs;
        fromRps[segmentCount] = from;
        toRps[segmentCount] = to;
        segmentCount++;
    }

    private void describe(final String text)
    {
        if (description.length() > 0)
        {
            description.append(' ');
        }
        description.append(text);
    }
}
