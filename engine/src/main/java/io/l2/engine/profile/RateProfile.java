package io.l2.engine.profile;

/**
 * The load schedule of a shoot: when each query is due, as a pure function of its index.
 * <p>
 * The profile is a piecewise-linear rate r(t) (queries per second) over [0, {@link #durationNs()}); with
 * N(t) = &int;<sub>0</sub><sup>t</sup> r, query i is intended at t<sub>i</sub> = inf{t : N(t) &gt; i}, the instant
 * the integral passes i. Where r &gt; 0 this is the smallest t with N(t) = i, so query 0 is at t = 0 whenever the
 * rate is positive just after 0 (also for a line starting at 0 rps). On a pause (a rate-0 segment) N is flat, and a
 * query that falls due exactly when a pause begins waits for its end: a pause holds no query, and a leading pause
 * delays query 0 to its end. The profile holds {@code ceil(N(duration))} queries, numbered
 * 0..{@link #totalCount()}-1.
 * <p>
 * Intended times are whole nanoseconds, t<sub>i</sub> rounded down (exact for {@code const} segments and steps,
 * within 1 ns of the exact root for {@code line} segments), and never decrease with the index.
 * <p>
 * Implementations are immutable and thread-safe. Times are nanosecond offsets from the profile start.
 */
public interface RateProfile
{
    /**
     * The number of queries in the whole profile.
     *
     * @return the number of queries, ceil(N(duration)).
     */
    long totalCount();

    /**
     * The length of the profile.
     *
     * @return the duration in nanoseconds.
     */
    long durationNs();

    /**
     * The intended send time of a query, in closed form.
     *
     * @param index of the query, from 0.
     * @return the intended time in ns from the profile start, non-decreasing in index; {@link #durationNs()} for an
     * index at or beyond {@link #totalCount()} (the query is not part of the profile: it is due when it ends).
     * @throws IllegalArgumentException if index is negative.
     */
    long intendedTimeNs(long index);

    /**
     * The number of queries due strictly before a time, consistent with {@link #intendedTimeNs(long)}.
     *
     * @param timeNs offset from the profile start in ns.
     * @return the number of indexes i with intendedTimeNs(i) &lt; timeNs: 0 for timeNs &lt;= 0, totalCount() for
     * timeNs &gt;= durationNs().
     */
    long countBefore(long timeNs);

    /**
     * The instantaneous rate of the profile, right-continuous at segment boundaries.
     *
     * @param timeNs offset from the profile start in ns.
     * @return the rate in queries per second at timeNs, 0 outside [0, durationNs()).
     */
    double rateAt(long timeNs);

    /**
     * This host's share when this profile is the total of hostCount hosts: host k takes the queries whose index is
     * congruent to k modulo hostCount, so its j-th query is this profile's query k + j * hostCount. The shares of all
     * hosts sum exactly to this profile, interleave evenly and keep its intended times.
     *
     * @param hostIndex k, 0 &lt;= k &lt; hostCount.
     * @param hostCount the number of hosts, at least 1.
     * @return the share, with the same duration and a rate of rateAt(t) / hostCount.
     * @throws IllegalArgumentException if hostIndex or hostCount is out of range.
     */
    RateProfile share(int hostIndex, int hostCount);

    /**
     * The profile in Yandex.Tank's grammar, e.g. {@code "line(5000,50000,30s) const(50000,1m)"}, which
     * {@link RateProfileParser#parse(CharSequence)} reads back into the same profile. A share appends
     * {@code " share(k,n)"} (not Tank grammar, not parsed back).
     *
     * @return the description.
     */
    String describe();
}
