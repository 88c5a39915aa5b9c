package io.l2.engine.aggregate;

import org.HdrHistogram.AbstractHistogram;

/**
 * The quantiles a report shows, in µs, read from one histogram: p50, p90, p95, p99, p99.9, p99.99 and the maximum.
 * <p>
 * Each quantile is HdrHistogram's value at that percentile (the highest value equivalent to the recorded one, so
 * within the histogram's precision and never under it). All zero for an empty histogram. Immutable.
 *
 * @param count  values in the histogram.
 * @param p50Us  median, µs.
 * @param p90Us  90th percentile, µs.
 * @param p95Us  95th percentile, µs.
 * @param p99Us  99th percentile, µs.
 * @param p999Us 99.9th percentile, µs.
 * @param p9999Us 99.99th percentile, µs.
 * @param maxUs  largest value, µs.
 */
public record LatencyQuantiles(
    long count, long p50Us, long p90Us, long p95Us, long p99Us, long p999Us, long p9999Us, long maxUs)
{
    /**
     * The percentiles reported, in order.
     */
    private static final double[] PERCENTILES = { 50.0, 90.0, 95.0, 99.0, 99.9, 99.99 };

    /**
     * Read the quantiles of a histogram of µs values.
     *
     * @param histogram of µs values (read only).
     * @return its quantiles.
     */
    public static LatencyQuantiles of(final AbstractHistogram histogram)
    {
        if (0 == histogram.getTotalCount())
        {
            return new LatencyQuantiles(0, 0, 0, 0, 0, 0, 0, 0);
        }

        return new LatencyQuantiles(
            histogram.getTotalCount(),
            histogram.getValueAtPercentile(PERCENTILES[0]),
            histogram.getValueAtPercentile(PERCENTILES[1]),
            histogram.getValueAtPercentile(PERCENTILES[2]),
            histogram.getValueAtPercentile(PERCENTILES[3]),
            histogram.getValueAtPercentile(PERCENTILES[4]),
            histogram.getValueAtPercentile(PERCENTILES[5]),
            histogram.getMaxValue());
    }

    /**
     * The percentiles reported, in the order of this record's quantile fields.
     *
     * @return a copy of {50, 90, 95, 99, 99.9, 99.99}.
     */
    public static double[] percentiles()
    {
        return PERCENTILES.clone();
    }
}
