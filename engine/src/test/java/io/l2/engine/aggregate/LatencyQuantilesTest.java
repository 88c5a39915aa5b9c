package io.l2.engine.aggregate;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencyQuantilesTest
{
    @Test
    void shouldReadEveryReportedQuantileInMicroseconds()
    {
        final Histogram histogram = new Histogram(3);
        for (long us = 1; us <= 10_000; us++)
        {
            histogram.recordValue(us);
        }

        final LatencyQuantiles quantiles = LatencyQuantiles.of(histogram);

        assertEquals(10_000, quantiles.count());
        assertEquals(histogram.highestEquivalentValue(5_000), quantiles.p50Us());
        assertEquals(histogram.highestEquivalentValue(9_000), quantiles.p90Us());
        assertEquals(histogram.highestEquivalentValue(9_500), quantiles.p95Us());
        assertEquals(histogram.highestEquivalentValue(9_900), quantiles.p99Us());
        assertEquals(histogram.highestEquivalentValue(9_990), quantiles.p999Us());
        assertEquals(histogram.highestEquivalentValue(9_999), quantiles.p9999Us());
        assertEquals(histogram.highestEquivalentValue(10_000), quantiles.maxUs());
        assertEquals(1000, LatencyQuantiles.of(withValues(1000)).p50Us(), "exact below 2048");
    }

    @Test
    void shouldShowTheTailThatAnAverageWouldHide()
    {
        final Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(100, 9_990);
        histogram.recordValueWithCount(1_000_000, 10);

        final LatencyQuantiles quantiles = LatencyQuantiles.of(histogram);

        assertEquals(100, quantiles.p99Us());
        assertEquals(100, quantiles.p999Us());
        assertEquals(histogram.highestEquivalentValue(1_000_000), quantiles.p9999Us());
        assertEquals(histogram.highestEquivalentValue(1_000_000), quantiles.maxUs());
    }

    @Test
    void shouldBeAllZeroForAnEmptyHistogram()
    {
        assertEquals(new LatencyQuantiles(0, 0, 0, 0, 0, 0, 0, 0), LatencyQuantiles.of(new Histogram(3)));
        assertArrayEquals(new double[]{ 50, 90, 95, 99, 99.9, 99.99 }, LatencyQuantiles.percentiles());
    }

    private static Histogram withValues(final long... values)
    {
        final Histogram histogram = new Histogram(3);
        for (final long value : values)
        {
            histogram.recordValue(value);
        }
        return histogram;
    }
}
