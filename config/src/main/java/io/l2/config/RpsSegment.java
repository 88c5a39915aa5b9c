package io.l2.config;

import java.util.Objects;

/**
 * One segment of an rps profile, rates in queries per second, times in nanoseconds. Immutable.
 * <ul>
 *   <li>{@link RpsKind#CONST}: {@code from} (= {@code to}) queries per second for {@code durationNs};
 *       {@code from > 0}, {@code step == 0}.</li>
 *   <li>{@link RpsKind#LINE}: the rate goes linearly from {@code from} to {@code to} over {@code durationNs};
 *       both {@code >= 0} and not both 0, {@code step == 0}.</li>
 *   <li>{@link RpsKind#STEP}: Yandex.Tank's {@code step(from, to, step, duration)}: levels {@code from},
 *       {@code from ± step}, ... each held for {@code durationNs} (the duration of EACH level), plus a last level at
 *       {@code to} when the steps do not land on it exactly; {@code from} may be above {@code to} (descending);
 *       all of {@code from}, {@code to}, {@code step} are {@code > 0}.</li>
 * </ul>
 *
 * @param kind       the shape.
 * @param from       the rate at the start, queries per second.
 * @param to         the rate at the end, queries per second.
 * @param step       the step between levels of a {@link RpsKind#STEP}, else 0.
 * @param durationNs the duration of the segment, or of each level of a {@link RpsKind#STEP}, in nanoseconds.
 * @param position   where the segment is written.
 */
public record RpsSegment(RpsKind kind, long from, long to, long step, long durationNs, Position position)
{
    /**
     * Validates the components.
     */
    public RpsSegment
    {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(position, "position");
        if (durationNs <= 0)
        {
            throw new IllegalArgumentException("durationNs must be > 0: " + durationNs);
        }
        switch (kind)
        {
            case CONST:
                if (from <= 0 || to != from || 0 != step)
                {
                    throw new IllegalArgumentException("const needs from > 0, to == from, step == 0");
                }
                break;
            case LINE:
                if (from < 0 || to < 0 || 0 == from + to || 0 != step)
                {
                    throw new IllegalArgumentException("line needs from, to >= 0, not both 0, step == 0");
                }
                break;
            case STEP:
                if (from <= 0 || to <= 0 || step <= 0)
                {
                    throw new IllegalArgumentException("step needs from, to, step > 0");
                }
                break;
            default:
                throw new IllegalArgumentException("unknown kind " + kind);
        }
        Math.multiplyExact(levelCount(kind, from, to, step), durationNs);
    }

    /**
     * A constant segment.
     *
     * @param rate       queries per second, {@code > 0}.
     * @param durationNs duration in nanoseconds.
     * @param position   where it is written.
     * @return the segment.
     */
    public static RpsSegment constant(final long rate, final long durationNs, final Position position)
    {
        return new RpsSegment(RpsKind.CONST, rate, rate, 0, durationNs, position);
    }

    /**
     * The number of levels of a {@link RpsKind#STEP} segment (1 for the other kinds).
     *
     * @return the number of levels, each lasting {@link #durationNs()}.
     */
    public long levelCount()
    {
        return levelCount(kind, from, to, step);
    }

    /**
     * The time the whole segment lasts.
     *
     * @return {@code durationNs} times {@link #levelCount()}, in nanoseconds.
     */
    public long totalDurationNs()
    {
        return levelCount() * durationNs;
    }

    private static long levelCount(final RpsKind kind, final long from, final long to, final long step)
    {
        if (RpsKind.STEP != kind)
        {
            return 1;
        }
        final long distance = Math.abs(to - from);
        return distance / step + 1 + (0 == distance % step ? 0 : 1);
    }
}
