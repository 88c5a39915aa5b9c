/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * The latency percentile distribution a page draws on HdrHistogram's {@code 1/(1-p)} log axis: one fixed grid of
 * percentiles for every shoot (ten points a decade of {@code 1/(1-p)}: 0, 20.6, 36.9 ... 90, ... 99, ... 99.999 %),
 * and at each the value HdrHistogram gives ({@link AbstractHistogram#getValueAtPercentile}) for the shoot's answered
 * latencies plus its timeouts recorded at the timeout value, so loss shows as a tail at the timeout (as DNS Shotgun
 * draws it). A shoot's points stop at the first percentile that one query alone exceeds (beyond it every value is
 * the maximum). Each percentile is written as the page's JSON writes it (6 significant digits), so the page's data
 * reads back the very percentile each value was taken at. Stateless.
 */
public final class PercentileDistribution
{
    /** Points per decade of {@code 1/(1-p)}. */
    public static final int POINTS_PER_DECADE = 10;

    /** The last point is {@code 1/(1-p)} = 10^DECADES (99.999 %). */
    public static final int DECADES = 5;

    private static final double[] PERCENTILES = grid();

    private PercentileDistribution()
    {
    }

    /**
     * @return a copy of the grid, percent, ascending.
     */
    public static double[] percentiles()
    {
        return PERCENTILES.clone();
    }

    /**
     * @param answeredUs the answered queries' latencies, µs (read only).
     * @param timeouts   queries that timed out.
     * @param timeoutUs  the timeout, µs; 0 or less when unknown (then the timeouts are left out).
     * @return a new histogram: the answered latencies and the timeouts at the timeout.
     */
    public static Histogram withTimeouts(final AbstractHistogram answeredUs, final long timeouts, final long timeoutUs)
    {
        final Histogram all = new Histogram(answeredUs.getNumberOfSignificantValueDigits());
        all.add(answeredUs);
        if (timeouts > 0 && timeoutUs > 0)
        {
            all.recordValueWithCount(timeoutUs, timeouts);
        }
        return all;
    }

    /**
     * @param histogram µs values (answered latencies and timeouts, {@link #withTimeouts}).
     * @return one value per grid percentile, µs, or null past the shoot's last point (and everywhere when empty).
     */
    public static List<Long> valuesUs(final AbstractHistogram histogram)
    {
        final long count = histogram.getTotalCount();
        final List<Long> values = new ArrayList<>(PERCENTILES.length);
        for (int i = 0; i < PERCENTILES.length; i++)
        {
            final boolean past = 0 == count || (i > 0 && xOf(i - 1) >= count);
            values.add(past ? null : histogram.getValueAtPercentile(PERCENTILES[i]));
        }
        return values;
    }

    /**
     * @param label     the series' name.
     * @param histogram µs values ({@link #withTimeouts}).
     * @return {@code {"label", "count", "us": [...]}} for a page's data.
     */
    public static Map<String, Object> series(final String label, final AbstractHistogram histogram)
    {
        final Map<String, Object> series = new LinkedHashMap<>();
        series.put("label", label);
        series.put("count", histogram.getTotalCount());
        series.put("us", valuesUs(histogram));
        return series;
    }

    /**
     * @param timeoutUs the timeout drawn, µs, or 0 when unknown.
     * @param series    the series ({@link #series}).
     * @return {@code {"p": [grid], "timeout_us", "series": [...]}} for a page's data.
     */
    public static Map<String, Object> data(final long timeoutUs, final List<Map<String, Object>> series)
    {
        final Map<String, Object> data = new LinkedHashMap<>();
        final List<Object> grid = new ArrayList<>(PERCENTILES.length);
        for (final double percentile : PERCENTILES)
        {
            grid.add(percentile);
        }
        data.put("p", grid);
        data.put("timeout_us", timeoutUs);
        data.put("series", series);
        return data;
    }

    private static double xOf(final int index)
    {
        return Math.pow(10, (double)index / POINTS_PER_DECADE);
    }

    private static double[] grid()
    {
        final double[] grid = new double[DECADES * POINTS_PER_DECADE + 1];
        for (int i = 0; i < grid.length; i++)
        {
            final double percentile = 100.0 * (1.0 - 1.0 / xOf(i));
            grid[i] = 0 == i ? 0.0 : Double.parseDouble(String.format(Locale.ROOT, "%.6g", percentile));
        }
        grid[POINTS_PER_DECADE] = 90.0;
        grid[2 * POINTS_PER_DECADE] = 99.0;
        grid[3 * POINTS_PER_DECADE] = 99.9;
        grid[4 * POINTS_PER_DECADE] = 99.99;
        grid[5 * POINTS_PER_DECADE] = 99.999;
        return grid;
    }
}
