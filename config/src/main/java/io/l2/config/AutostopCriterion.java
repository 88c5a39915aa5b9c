package io.l2.config;

import java.util.List;
import java.util.Objects;

/**
 * One autostop criterion of a plan ({@code autostop:}), parsed from Yandex.Tank's grammar, e.g.
 * {@code quantile(99.9, 50ms, 3s)}, {@code rcode(!NOERROR+NXDOMAIN, 5%, 5s)}, {@code total_timeouts(2%, 10s)}.
 * Immutable; which components a kind uses is said on each.
 *
 * @param text         the criterion as written (white space removed), e.g. {@code timeouts(5%,2s)}: how results
 *                     name it.
 * @param kind         what it watches.
 * @param window       true for the {@code total_} form: the last {@code seconds} seconds summed (counts added,
 *                     histograms added, ratios of the sums); false: {@code seconds} bad seconds in a row.
 * @param quantile     the percentile, {@code 0 < q <= 100}, for {@link AutostopKind#QUANTILE}; else 0.
 * @param limitNs      the latency limit of {@link AutostopKind#QUANTILE}, {@link AutostopKind#TIME} and
 *                     {@link AutostopKind#LAG}, or the duration of {@link AutostopKind#LIMIT}, in nanoseconds; else 0.
 * @param level        the level of {@link AutostopKind#RCODE}, {@link AutostopKind#TIMEOUTS},
 *                     {@link AutostopKind#ERRORS} and {@link AutostopKind#ACHIEVED}: a count of queries (a rate per
 *                     second for a streak) or, with {@code percent}, a share in percent; else 0.
 * @param percent      true when {@code level} is a share in percent.
 * @param rcodes       the rcodes the mask names (0..4095, ascending), for {@link AutostopKind#RCODE}; else empty.
 * @param negated      true when the mask is written {@code !...}: every rcode but those.
 * @param seconds      N: seconds in a row, or the window's length; 0 for {@link AutostopKind#LIMIT}.
 * @param position     where the criterion starts in its file.
 */
public record AutostopCriterion(
    String text,
    AutostopKind kind,
    boolean window,
    double quantile,
    long limitNs,
    double level,
    boolean percent,
    List<Integer> rcodes,
    boolean negated,
    int seconds,
    Position position)
{
    /**
     * The longest N (a streak or a window), in seconds.
     */
    public static final int MAX_SECONDS = 3600;

    /**
     * Validates and copies the components.
     */
    public AutostopCriterion
    {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(position, "position");
        rcodes = List.copyOf(rcodes);
        if (AutostopKind.LIMIT != kind && (seconds < 1 || seconds > MAX_SECONDS))
        {
            throw new IllegalArgumentException("seconds must be 1.." + MAX_SECONDS + ": " + seconds);
        }
    }

    /**
     * @param rcode an extended rcode.
     * @return true when the mask of an {@link AutostopKind#RCODE} criterion matches it.
     */
    public boolean matches(final int rcode)
    {
        return negated != rcodes.contains(rcode);
    }
}
