package io.l2.engine.profile;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A chain of linear-rate segments (a constant is a line with equal ends), built once by {@link RateProfileBuilder}.
 * <p>
 * Exactness: the integral N at every segment start is held exactly, as an integer count of "half query
 * nanosecond-per-second" units H = sum of (from + to) * durationNs, so N = H / 2e9; it is split into a whole part and
 * a remainder. The index range of each segment, [ceil(N(start)), ceil(N(end))), is therefore exact, and chained
 * segments hand fractional remainders to each other with no lost or duplicated query. Inside a {@code const}
 * segment the time is exact integer arithmetic; inside a {@code line} it is the numerically stable quadratic root
 * t = 2q / (a + sqrt(a^2 + 2kq)) in double, q being the exact offset of the query from the segment start; a falling
 * line is solved the same way backwards from its end (where its rate is lowest), so that no square root is taken of
 * a difference of nearly equal numbers.
 * <p>
 * Immutable and thread-safe.
 */
final class ChainProfile implements RateProfile
{
    static final long NANOS_PER_SECOND = 1_000_000_000L;
    static final long HALF_UNITS_PER_QUERY = 2 * NANOS_PER_SECOND;
    /** Nudge so that roots that are whole nanoseconds in exact arithmetic are not rounded down by a last ulp. */
    private static final double FLOOR_TOLERANCE_NS = 1e-4;
    private static final BigInteger BIG_HALF_UNITS_PER_QUERY = BigInteger.valueOf(HALF_UNITS_PER_QUERY);
    private static final BigInteger BIG_LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final int segmentCount;
    /** segmentCount + 1 entries, the last is the duration. */
    private final long[] startNs;
    /** segmentCount + 1 entries: ceil(N(start)) of each segment, the last is the total count. */
    private final long[] firstIndex;
    private final long[] fromRps;
    private final long[] toRps;
    /** floor(N(start)), segmentCount + 1 entries. */
    private final long[] baseWhole;
    /** H(start) - baseWhole * 2e9, in [0, 2e9). */
    private final long[] baseRemainder;
    /** baseRemainder / 2e9, the fractional part of N(start). */
    private final double[] baseFraction;
    /** (to - from) / duration in queries per second per second. */
    private final double[] slope;
    private final String description;

    ChainProfile(final long[] durationsNs, final long[] fromRps, final long[] toRps, final String description)
    {
        segmentCount = durationsNs.length;
        this.fromRps = fromRps.clone();
        this.toRps = toRps.clone();
        this.description = description;
        startNs = new long[segmentCount + 1];
        firstIndex = new long[segmentCount + 1];
        baseWhole = new long[segmentCount + 1];
        baseRemainder = new long[segmentCount + 1];
        baseFraction = new double[segmentCount + 1];
        slope = new double[segmentCount];

        BigInteger halfUnits = BigInteger.ZERO;
        long timeNs = 0;
        for (int k = 0; k < segmentCount; k++)
        {
            final long durationNs = durationsNs[k];
            startNs[k] = timeNs;
            setBase(k, halfUnits);
            slope[k] = (double) ((toRps[k] - fromRps[k]) * NANOS_PER_SECOND) / durationNs;

            halfUnits = halfUnits.add(
                BigInteger.valueOf(fromRps[k] + toRps[k]).multiply(BigInteger.valueOf(durationNs)));
            try
            {
                timeNs = Math.addExact(timeNs, durationNs);
            }
            catch (final ArithmeticException ex)
            {
                throw new IllegalArgumentException("profile duration does not fit in a long of nanoseconds");
            }
        }
        startNs[segmentCount] = timeNs;
        setBase(segmentCount, halfUnits);
    }

    private void setBase(final int k, final BigInteger halfUnits)
    {
        firstIndex[k] = ceilQueries(halfUnits);
        final BigInteger[] wholeAndRemainder = halfUnits.divideAndRemainder(BIG_HALF_UNITS_PER_QUERY);
        baseWhole[k] = wholeAndRemainder[0].longValueExact();
        baseRemainder[k] = wholeAndRemainder[1].longValueExact();
        baseFraction[k] = (double) baseRemainder[k] / HALF_UNITS_PER_QUERY;
    }

    private static long ceilQueries(final BigInteger halfUnits)
    {
        final BigInteger count = halfUnits.add(BIG_HALF_UNITS_PER_QUERY.subtract(BigInteger.ONE))
            .divide(BIG_HALF_UNITS_PER_QUERY);
        if (count.compareTo(BIG_LONG_MAX) > 0)
        {
            throw new IllegalArgumentException("profile holds " + count + " queries, more than fit in a long");
        }
        return count.longValue();
    }

    /**
     * {@inheritDoc}
     */
    public long totalCount()
    {
        return firstIndex[segmentCount];
    }

    /**
     * {@inheritDoc}
     */
    public long durationNs()
    {
        return startNs[segmentCount];
    }

    /**
     * {@inheritDoc}
     */
    public long intendedTimeNs(final long index)
    {
        if (index < 0)
        {
            throw new IllegalArgumentException("query index must be >= 0, got " + index);
        }
        if (index >= firstIndex[segmentCount])
        {
            return startNs[segmentCount];
        }
        return timeInSegment(segmentOfIndex(index), index);
    }

    /**
     * {@inheritDoc}
     */
    public long countBefore(final long timeNs)
    {
        if (timeNs <= 0)
        {
            return 0;
        }
        if (timeNs >= startNs[segmentCount])
        {
            return firstIndex[segmentCount];
        }

        final int k = segmentOfTime(timeNs);
        final double localS = (double) (timeNs - startNs[k]) / NANOS_PER_SECOND;
        final double queries = baseFraction[k] + localS * (fromRps[k] + 0.5 * slope[k] * localS);
        final long estimate = baseWhole[k] + (long) Math.ceil(queries);
        long count = Math.max(firstIndex[k], Math.min(firstIndex[k + 1], estimate));

        while (count < firstIndex[segmentCount] && intendedTimeNs(count) < timeNs)
        {
            count++;
        }
        while (count > 0 && intendedTimeNs(count - 1) >= timeNs)
        {
            count--;
        }

        return count;
    }

    /**
     * {@inheritDoc}
     */
    public double rateAt(final long timeNs)
    {
        if (timeNs < 0 || timeNs >= startNs[segmentCount])
        {
            return 0.0;
        }
        final int k = segmentOfTime(timeNs);
        return fromRps[k] + slope[k] * ((double) (timeNs - startNs[k]) / NANOS_PER_SECOND);
    }

    /**
     * {@inheritDoc}
     */
    public RateProfile share(final int hostIndex, final int hostCount)
    {
        return new ShareProfile(this, hostIndex, hostCount);
    }

    /**
     * {@inheritDoc}
     */
    public String describe()
    {
        return description;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return describe();
    }

    /**
     * The first index of segment k; k == the segment count gives the total count.
     *
     * @param k segment, 0..segment count.
     * @return ceil(N(start of k)).
     */
    long firstIndex(final int k)
    {
        return firstIndex[k];
    }

    /**
     * The segment holding a query, by binary search: the last segment whose first index is &lt;= index. Empty
     * segments (pauses, or too short to hold a query) are never returned for an index below the total.
     *
     * @param index 0 &lt;= index &lt; totalCount().
     * @return the segment.
     */
    int segmentOfIndex(final long index)
    {
        int low = 0;
        int high = segmentCount - 1;
        while (low < high)
        {
            final int mid = (low + high + 1) >>> 1;
            if (firstIndex[mid] <= index)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return low;
    }

    private int segmentOfTime(final long timeNs)
    {
        final int found = Arrays.binarySearch(startNs, 0, segmentCount, timeNs);
        return found >= 0 ? found : -found - 2;
    }

    /**
     * The intended time of a query known to be in segment k (firstIndex(k) &lt;= index &lt; firstIndex(k + 1)).
     *
     * @param k     segment.
     * @param index query.
     * @return the intended time in ns from the profile start.
     */
    long timeInSegment(final int k, final long index)
    {
        final long start = startNs[k];
        final long from = fromRps[k];
        final long offset = index - baseWhole[k];

        if (from == toRps[k])
        {
            // exact: floor((offset * 2e9 - remainder) / (2 * from)) ns, split so that nothing overflows
            final long wholeSeconds = offset / from;
            final long rest = offset - wholeSeconds * from;
            return start + wholeSeconds * NANOS_PER_SECOND +
                Math.floorDiv(rest * HALF_UNITS_PER_QUERY - baseRemainder[k], 2 * from);
        }

        final long lastNs = startNs[k + 1] - start - 1;
        final double k2 = 2.0 * slope[k];
        final long localNs;
        if (k2 > 0.0)
        {
            // rising: the root from the segment start, q = N(t) - N(start) >= 0
            final double q = (double) offset - baseFraction[k];
            if (q <= 0.0)
            {
                return start;
            }
            final double a = from;
            final double rootS = (2.0 * q) / (a + Math.sqrt(a * a + k2 * q));
            localNs = (long) (rootS * NANOS_PER_SECOND + FLOOR_TOLERANCE_NS);
        }
        else
        {
            // falling: the root from the segment end, where the rate is lowest, so that a^2 + 2kq (= r(t)^2)
            // is never a difference of nearly equal numbers; r = N(end) - N(t) > 0 queries remain
            final double r = (double) (baseWhole[k + 1] - index) + baseFraction[k + 1];
            final double b = toRps[k];
            final double backS = (2.0 * r) / (b + Math.sqrt(b * b - k2 * r));
            localNs = lastNs + 1 - (long) Math.ceil(backS * NANOS_PER_SECOND - FLOOR_TOLERANCE_NS);
        }

        return start + Math.min(Math.max(localNs, 0), lastNs);
    }
}
