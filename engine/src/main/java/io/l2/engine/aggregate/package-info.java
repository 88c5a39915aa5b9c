/**
 * Per-second aggregation of result records: {@link io.l2.engine.aggregate.Aggregator} turns records into
 * {@link io.l2.engine.aggregate.SecondStats} rows (counters plus HdrHistograms in µs),
 * {@link io.l2.engine.aggregate.QueueAggregation} drives it from a shoot's queue, live or offline, by the same code,
 * and {@link io.l2.engine.aggregate.LatencyQuantiles} reads the quantiles a report shows.
 * <p>
 * Merges across hosts are exact: counts add and histograms add; quantiles are only ever read from merged
 * histograms, never averaged. Everything here is single-threaded.
 */
package io.l2.engine.aggregate;
