package io.l2.engine.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordFlyweight;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.l2.engine.aggregate.SecondStatsCodec.COUNTERS_OFFSET;
import static io.l2.engine.aggregate.SecondStatsCodec.HEADER_LENGTH;
import static io.l2.engine.aggregate.SecondStatsCodec.HISTOGRAM_LENGTHS_OFFSET;
import static io.l2.engine.aggregate.SecondStatsCodec.HTTP_STATUS_ENTRY_COUNT_OFFSET;
import static io.l2.engine.aggregate.SecondStatsCodec.HTTP_STATUS_ENTRY_LENGTH;
import static io.l2.engine.aggregate.SecondStatsCodec.MAX_ENCODED_LENGTH;
import static io.l2.engine.aggregate.SecondStatsCodec.RCODE_ENTRY_COUNT_OFFSET;
import static io.l2.engine.aggregate.SecondStatsCodec.SECOND_OFFSET;
import static io.l2.engine.aggregate.SecondStatsCodec.VERSION_OFFSET;
import static io.l2.engine.aggregate.StatsAssertions.assertSameSeconds;
import static io.l2.engine.aggregate.StatsAssertions.assertSameStats;
import static io.l2.engine.aggregate.SyntheticShoot.NS_PER_SECOND;
import static io.l2.engine.aggregate.SyntheticShoot.offset;
import static io.l2.engine.record.ResultRecordDescriptor.FLAG_AA;
import static io.l2.engine.record.ResultRecordDescriptor.FLAG_TC;
import static io.l2.engine.record.ResultRecordDescriptor.NO_TIME;
import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecondStatsCodecTest
{
    private static final double[] PERCENTILES = { 50, 90, 99, 99.9, 100 };

    private final UnsafeBuffer recordBuffer = new UnsafeBuffer(new byte[RECORD_LENGTH]);
    private final ResultRecordFlyweight record = new ResultRecordFlyweight().wrap(recordBuffer, 0);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_ENCODED_LENGTH + 64]);

    @Test
    void shouldRoundTripEveryRowAndTheTotalsOfARealAggregator()
    {
        final SyntheticShoot shoot = new SyntheticShoot(7, 40_000, new long[]{ 0, 1, 3 });
        final Aggregator aggregator = Aggregator.of(SyntheticShoot::requested);
        feedAll(shoot, aggregator);

        final List<SecondStats> rows = new ArrayList<>(aggregator.seconds());
        rows.add(aggregator.totals());
        for (final SecondStats row : rows)
        {
            final SecondStats decoded = roundTrip(row, 13);
            assertSameStats(row, decoded, true);
            assertSameQuantiles(row.latencyHistogram(), decoded.latencyHistogram());
        }
        assertEquals(SecondStats.TOTALS_SECOND, roundTrip(rows.get(rows.size() - 1), 0).second());
        assertEquals(0, aggregator.seconds().get(2).recordCount(), "second 2 is an empty row");
    }

    @Test
    void shouldRoundTripRareRcodesTruncationEmptyRowsAndTimeoutOnlyRows()
    {
        final Aggregator aggregator = Aggregator.of(second -> 50 + second);
        final long t = 2 * NS_PER_SECOND;
        feed(aggregator, t + 1_000, t + 2_000, t + 502_000, 0, FLAG_AA, Outcome.ANSWERED);
        feed(aggregator, t + 3_000, t + 3_500, t + 903_500, 23, FLAG_TC, Outcome.ANSWERED);
        feed(aggregator, t + 4_000, t + 9_000, t + 1_009_000, 4095, FLAG_TC | FLAG_AA, Outcome.ANSWERED);
        feed(aggregator, t + 5_000, t + 5_000, t + 35_000, 4095, 0, Outcome.ANSWERED);
        feed(aggregator, t + 6_000, t + 6_000, t + 7_000, 3, 0, Outcome.MALFORMED);
        feed(aggregator, t + 7_000, NO_TIME, NO_TIME, 0, 0, Outcome.SEND_ERROR);
        feed(aggregator, t + 8_000, NO_TIME, NO_TIME, 0, 0, Outcome.DISCARDED);
        final long timeoutsAt = 4 * NS_PER_SECOND;
        feed(aggregator, timeoutsAt + 10, timeoutsAt + 20, NO_TIME, 0, 0, Outcome.TIMEOUT);
        feed(aggregator, timeoutsAt + 30, timeoutsAt + 50, NO_TIME, 0, 0, Outcome.TIMEOUT);

        final SecondStats answers = roundTrip(aggregator.seconds().get(0), 0);
        assertSameStats(aggregator.seconds().get(0), answers, true);
        assertArrayEquals(new int[]{ 0, 23, 4095 }, answers.rcodes());
        assertEquals(1, answers.rcodeCount(23));
        assertEquals(2, answers.rcodeCount(4095));
        assertEquals(2, answers.truncatedCount());
        assertEquals(52, answers.requestedCount());

        final SecondStats empty = aggregator.seconds().get(1);
        final int emptyLength = SecondStatsCodec.encode(empty, buffer, 0);
        assertEquals(HEADER_LENGTH, emptyLength, "an empty row is the header alone");
        final SecondStats emptyDecoded = SecondStatsCodec.decode(buffer, 0, emptyLength);
        assertNull(emptyDecoded.latencyHistogramOrNull());
        assertNull(emptyDecoded.lagHistogramOrNull());
        assertSameStats(empty, emptyDecoded, true);
        assertEquals(53, emptyDecoded.requestedCount());

        final SecondStats timeouts = roundTrip(aggregator.seconds().get(2), 5);
        assertNull(timeouts.latencyHistogramOrNull(), "no answer, no latency histogram");
        assertSameStats(aggregator.seconds().get(2), timeouts, true);
        assertEquals(2, timeouts.timeoutCount());
        assertEquals(2, timeouts.sentCount());
        assertEquals(2, timeouts.lagHistogram().getTotalCount());
        assertEquals(0, timeouts.rcodes().length);
    }

    @Test
    void shouldRoundTripHttpStatusCountsAfterTheRcodes()
    {
        final Aggregator aggregator = Aggregator.of(second -> 20);
        for (int i = 0; i < 15; i++)
        {
            feed(aggregator, 1_000 + i, 2_000 + i, 9_000 + i, i < 12 ? 500 : 429, 0, Outcome.HTTP_STATUS);
        }
        feed(aggregator, 30_000, 31_000, 90_000, 0, FLAG_AA, Outcome.ANSWERED);
        feed(aggregator, 40_000, 41_000, 90_000, 3, 0, Outcome.ANSWERED);
        feed(aggregator, 50_000, 51_000, 90_000, 700, 0, Outcome.HTTP_STATUS); // no HTTP status: malformed
        final SecondStats row = aggregator.seconds().get(0);

        final int length = SecondStatsCodec.encode(row, buffer, 0);
        final SecondStats decoded = SecondStatsCodec.decode(buffer, 0, length);

        assertSameStats(row, decoded, true);
        assertArrayEquals(new int[]{ 429, 500 }, decoded.httpStatuses());
        assertEquals(12, decoded.httpStatusCount(500));
        assertEquals(3, decoded.httpStatusCount(429));
        assertEquals(15, decoded.httpErrorCount());
        assertEquals(1, decoded.malformedCount());
        assertEquals(4, buffer.getByte(VERSION_OFFSET));
        assertEquals(2, buffer.getShort(HTTP_STATUS_ENTRY_COUNT_OFFSET, LITTLE_ENDIAN));
        final int statuses = HEADER_LENGTH + 2 * SecondStatsCodec.RCODE_ENTRY_LENGTH;
        assertEquals(429, buffer.getShort(statuses, LITTLE_ENDIAN), "statuses ascending, after the rcodes");
        assertEquals(3, buffer.getLong(statuses + 2, LITTLE_ENDIAN));
        assertEquals(500, buffer.getShort(statuses + HTTP_STATUS_ENTRY_LENGTH, LITTLE_ENDIAN));
        assertEquals(12, buffer.getLong(statuses + HTTP_STATUS_ENTRY_LENGTH + 2, LITTLE_ENDIAN));

        final Aggregator twoHosts = Aggregator.of(second -> 0).add(decoded).add(roundTrip(row, 3));
        assertEquals(24, twoHosts.totals().httpStatusCount(500), "decoded rows merge exactly");
        assertEquals(6, twoHosts.totals().httpStatusCount(429));
    }

    @Test
    void shouldFitAWideLatencySpreadOfOneHundredThousandValues()
    {
        final Aggregator aggregator = Aggregator.of(second -> 100_000);
        final SplittableRandom random = new SplittableRandom(42);
        final double spread = Math.log(2_000_000.0); // 1 µs .. 2 s, log-uniform
        for (int i = 0; i < 100_000; i++)
        {
            final long intendedNs = random.nextLong(NS_PER_SECOND);
            final long sentNs = intendedNs + random.nextLong(30_000);
            final long latencyNs = (long)(1_000 * Math.exp(random.nextDouble() * spread));
            feed(aggregator, intendedNs, sentNs, sentNs + latencyNs, random.nextInt(6), 0, Outcome.ANSWERED);
        }
        final SecondStats row = aggregator.seconds().get(0);

        final int length = SecondStatsCodec.encode(row, buffer, 0);
        final SecondStats decoded = SecondStatsCodec.decode(buffer, 0, length);

        assertTrue(length <= MAX_ENCODED_LENGTH, "encoded " + length + " bytes");
        assertTrue(row.latencyHistogram().getMaxValue() >= 1_990_000, "the spread reaches 2 s");
        assertSameStats(row, decoded, true);
        assertSameQuantiles(row.latencyHistogram(), decoded.latencyHistogram());
        assertSameQuantiles(row.serviceTimeHistogram(), decoded.serviceTimeHistogram());
        assertSameQuantiles(row.lagHistogram(), decoded.lagHistogram());
        assertEquals(100_000, decoded.latencyHistogram().getTotalCount());
    }

    @Test
    void shouldRebuildHostsFromDecodedSecondsAndMergeThemLikeTheOriginals()
    {
        final SyntheticShoot shoot = new SyntheticShoot(3, 60_000, new long[]{ 0, 1, 2, 5 });
        final Aggregator[] hosts = new Aggregator[3];
        for (int h = 0; h < hosts.length; h++)
        {
            final long share = h + 1;
            hosts[h] = Aggregator.of(second -> share * SyntheticShoot.requested(second));
        }
        final Aggregator union = Aggregator.of(SyntheticShoot::requested);
        for (int i = 0; i < shoot.count; i++)
        {
            hosts[shoot.worker[i] % 3].onRecord(shoot.records, offset(i));
            union.onRecord(shoot.records, offset(i));
        }

        final Aggregator mergedOriginals = Aggregator.of(second -> 0);
        final Aggregator mergedDecoded = Aggregator.of(second -> 0);
        for (final Aggregator host : hosts)
        {
            final Aggregator rebuilt = Aggregator.of(second -> 0);
            for (final SecondStats row : host.seconds())
            {
                final SecondStats decoded = roundTrip(row, 0);
                rebuilt.add(decoded);
                mergedDecoded.add(decoded);
            }
            assertEquals(host.recordCount(), rebuilt.recordCount());
            assertSameSeconds(host.seconds(), rebuilt.seconds(), false); // histogram ranges grew another way
            assertSameStats(host.totals(), rebuilt.totals(), false);
            mergedOriginals.merge(host);
        }

        assertEquals(shoot.count, mergedDecoded.recordCount());
        assertEquals(mergedOriginals.recordCount(), mergedDecoded.recordCount());
        assertSameSeconds(mergedOriginals.seconds(), mergedDecoded.seconds(), false);
        assertSameStats(mergedOriginals.totals(), mergedDecoded.totals(), false);

        final Histogram unionLatency = union.totals().latencyHistogram();
        final Histogram mergedLatency = mergedDecoded.totals().latencyHistogram();
        assertEquals(unionLatency.getValueAtPercentile(99), mergedLatency.getValueAtPercentile(99), "p99");
        assertSameQuantiles(unionLatency, mergedLatency);
        assertSameQuantiles(union.totals().serviceTimeHistogram(), mergedDecoded.totals().serviceTimeHistogram());
        assertEquals(union.totals().rcodeCount(4095), mergedDecoded.totals().rcodeCount(4095));
        assertEquals(union.totals().answeredCount(), mergedDecoded.totals().answeredCount());
        assertEquals(6 * union.totals().requestedCount(), mergedDecoded.totals().requestedCount(), "shares 1+2+3");
    }

    @Test
    void shouldRejectAddingATotalsRowToAnAggregator()
    {
        final Aggregator aggregator = Aggregator.of(second -> 0);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> aggregator.add(new SecondStats(SecondStats.TOTALS_SECOND, 1)));
        assertEquals("cannot add a row of second -1: outside 0..604800", ex.getMessage());
        assertEquals(0, aggregator.seconds().size());
    }

    @Test
    void shouldFailToEncodeWithoutWritingPastTheBufferWhenSpaceIsShort()
    {
        final SecondStats row = sampleRow();
        final int length = SecondStatsCodec.encode(row, buffer, 0);
        for (final int capacity : new int[]{ 0, 50, HEADER_LENGTH, length - 1 })
        {
            final byte[] array = new byte[capacity + 32];
            Arrays.fill(array, (byte)0x5A);
            final UnsafeBuffer tight = new UnsafeBuffer(array, 0, capacity);

            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> SecondStatsCodec.encode(row, tight, 0));

            assertOneLine(ex);
            for (int i = capacity; i < array.length; i++)
            {
                assertEquals((byte)0x5A, array[i], "byte " + i + " past capacity " + capacity + " was written");
            }
        }
        final UnsafeBuffer exact = new UnsafeBuffer(new byte[length + 8]);
        assertEquals(length, SecondStatsCodec.encode(row, exact, 8));
        assertSameStats(row, SecondStatsCodec.decode(exact, 8, length), true);
        assertThrows(IllegalArgumentException.class, () -> SecondStatsCodec.encode(row, exact, -1));
        assertThrows(IllegalArgumentException.class, () -> SecondStatsCodec.encode(row, exact, length + 9));
    }

    @Test
    void shouldRefuseToEncodeARowLargerThanTheMaximum()
    {
        final SplittableRandom random = new SplittableRandom(5);
        final Histogram dense = new Histogram(SecondStats.SIGNIFICANT_DIGITS);
        long answeredCount = 0;
        for (long value = 0; value <= SecondStats.MAX_HISTOGRAM_US; value = dense.nextNonEquivalentValue(value))
        {
            final long count = 1 + random.nextLong(1L << 40);
            dense.recordValueWithCount(value, count);
            answeredCount += count;
        }
        final SecondStats row = SecondStats.restore(0, 0, 0, 0, answeredCount, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        row.restoreRcode(0, answeredCount);
        row.restoreHistograms(dense, dense, null);
        final UnsafeBuffer large = new UnsafeBuffer(new byte[4 * MAX_ENCODED_LENGTH]);

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> SecondStatsCodec.encode(row, large, 0));

        assertOneLine(ex);
        assertTrue(ex.getMessage().contains("MAX_ENCODED_LENGTH 122880"), ex.getMessage());
    }

    @Test
    void shouldRejectEveryTruncationOfARealEncoding()
    {
        final SecondStats row = sampleRow();
        final int length = SecondStatsCodec.encode(row, buffer, 0);
        for (int truncated = 0; truncated < length; truncated++)
        {
            assertInvalid(buffer, truncated, "truncated to " + truncated + " of " + length);
        }
        assertInvalid(buffer, length + 1, "one trailing byte");
        assertSameStats(row, SecondStatsCodec.decode(buffer, 0, length), true);
    }

    @Test
    void shouldRejectTamperedHeadersAndCounters()
    {
        final SecondStats row = sampleRow();
        final int length = SecondStatsCodec.encode(row, buffer, 0);
        final byte[] original = buffer.byteArray().clone();
        final int rcodes = HEADER_LENGTH;
        final int statuses = rcodeEnd(buffer);
        final int latency = HISTOGRAM_LENGTHS_OFFSET;

        final List<Case> cases = List.of(
            new Case("version 0", b -> b.putByte(VERSION_OFFSET, (byte)0), "unsupported format version 0"),
            new Case("version 1", b -> b.putByte(VERSION_OFFSET, (byte)1), "unsupported format version 1"),
            new Case("version 3", b -> b.putByte(VERSION_OFFSET, (byte)3), "unsupported format version 3 (expected 4)"),
            new Case("version 255", b -> b.putByte(VERSION_OFFSET, (byte)0xFF), "unsupported format version 255"),
            new Case("unknown flag", b -> b.putByte(1, (byte)0x0F), "unknown histogram flags 0xf"),
            new Case("absent histogram", b -> b.putByte(1, (byte)0x06), "latency histogram length"),
            new Case("rcode entries 65535", b -> b.putShort(RCODE_ENTRY_COUNT_OFFSET, (short)-1, LITTLE_ENDIAN),
                "rcode entry count 65535 above 4096"),
            new Case("rcode entries 4096", b -> b.putShort(RCODE_ENTRY_COUNT_OFFSET, (short)4096, LITTLE_ENDIAN),
                "declared content needs"),
            new Case("HTTP status entries 65535",
                b -> b.putShort(HTTP_STATUS_ENTRY_COUNT_OFFSET, (short)-1, LITTLE_ENDIAN),
                "HTTP status entry count 65535 above 499"),
            new Case("HTTP status entries 499",
                b -> b.putShort(HTTP_STATUS_ENTRY_COUNT_OFFSET, (short)499, LITTLE_ENDIAN), "declared content needs"),
            new Case("HTTP status 200", b -> b.putShort(statuses, (short)200, LITTLE_ENDIAN),
                "HTTP status 200 is not an HTTP error status (100..599 but 200)"),
            new Case("HTTP status 600", b -> b.putShort(statuses, (short)600, LITTLE_ENDIAN),
                "HTTP status 600 is not an HTTP error status"),
            new Case("HTTP status 99", b -> b.putShort(statuses, (short)99, LITTLE_ENDIAN),
                "HTTP status 99 is not an HTTP error status"),
            new Case("HTTP statuses out of order", b -> b.putShort(statuses + HTTP_STATUS_ENTRY_LENGTH,
                b.getShort(statuses, LITTLE_ENDIAN), LITTLE_ENDIAN), "(must be strictly ascending)"),
            new Case("HTTP status count 0", b -> b.putLong(statuses + 2, 0, LITTLE_ENDIAN), "count 0 not within"),
            new Case("HTTP status count huge", b -> b.putLong(statuses + 2, Long.MAX_VALUE, LITTLE_ENDIAN),
                "HTTP error count"),
            new Case("HTTP statuses short of HTTP errors", b -> addToCounter(b, 12, 1),
                "HTTP status counts add up to"),
            new Case("HTTP errors short of HTTP statuses", b -> addToCounter(b, 12, -1), "not within 1.."),
            new Case("histogram length max", b -> b.putInt(latency, Integer.MAX_VALUE, LITTLE_ENDIAN),
                "latency histogram length 2147483647 invalid"),
            new Case("histogram length -1", b -> b.putInt(latency, -1, LITTLE_ENDIAN),
                "latency histogram length -1 invalid"),
            new Case("histogram length 8", b -> b.putInt(latency, 8, LITTLE_ENDIAN),
                "latency histogram length 8 invalid"),
            new Case("histogram lengths shifted", b ->
            {
                b.putInt(latency, b.getInt(latency, LITTLE_ENDIAN) - 1, LITTLE_ENDIAN);
                b.putInt(latency + 4, b.getInt(latency + 4, LITTLE_ENDIAN) + 1, LITTLE_ENDIAN);
            }, "histogram"),
            new Case("second -2", b -> b.putLong(SECOND_OFFSET, -2, LITTLE_ENDIAN), "second -2 outside -1..604800"),
            new Case("second huge", b -> b.putLong(SECOND_OFFSET, Long.MAX_VALUE, LITTLE_ENDIAN), "outside"),
            new Case("rcode 4096", b -> b.putShort(rcodes + 20, (short)4096, LITTLE_ENDIAN), "rcode 4096 above 4095"),
            new Case("rcodes out of order", b -> b.putShort(rcodes + 10, (short)0, LITTLE_ENDIAN),
                "rcode 0 after 0 (must be strictly ascending)"),
            new Case("rcode count 0", b -> b.putLong(rcodes + 2, 0, LITTLE_ENDIAN), "rcode 0 count 0 not within"),
            new Case("rcode count huge", b -> b.putLong(rcodes + 2, Long.MAX_VALUE, LITTLE_ENDIAN), "not within"),
            new Case("rcodes short of answers", b -> b.putLong(rcodes + 2, 1, LITTLE_ENDIAN), "rcode counts add up"),
            new Case("answered above histogram", b -> addToCounter(b, 3, 1), "rcode counts add up"),
            new Case("sent above lag histogram", b -> addToCounter(b, 1, 1), "lag histogram holds"),
            new Case("truncated above answered", b -> addToCounter(b, 8, 1_000_000), "truncated count"),
            new Case("garbage histogram cookie", b -> b.putInt(entriesEnd(b), 0x12345678), "cookie 0x78563412"),
            new Case("garbage histogram length", b -> b.putByte(entriesEnd(b) + 5, (byte)0x7F), "compressed length"),
            new Case("garbage deflate data", b -> b.putByte(entriesEnd(b) + 8, (byte)0xFF), "histogram"),
            new Case("garbage deflate body", b ->
            {
                final int start = entriesEnd(b) + 10;
                final int end = start + b.getInt(latency, LITTLE_ENDIAN) - 10;
                for (int i = start; i < end; i++)
                {
                    b.putByte(i, (byte)(b.getByte(i) ^ 0xA5));
                }
            }, "histogram"));
        for (int counter = 0; counter < 13; counter++)
        {
            final int index = COUNTERS_OFFSET + counter * Long.BYTES;
            final UnsafeBuffer tampered = new UnsafeBuffer(original.clone());
            tampered.putLong(index, -1, LITTLE_ENDIAN);
            final IllegalArgumentException ex = assertInvalid(tampered, length, "counter " + counter + " = -1");
            assertTrue(ex.getMessage().endsWith(" -1 negative"), ex.getMessage());
        }
        for (final Case c : cases)
        {
            final UnsafeBuffer tampered = new UnsafeBuffer(original.clone());
            c.tamper.accept(tampered);
            final IllegalArgumentException ex = assertInvalid(tampered, length, c.name);
            assertTrue(ex.getMessage().contains(c.reason), c.name + ": " + ex.getMessage());
        }
        assertInvalid(buffer, MAX_ENCODED_LENGTH + 1, "length above the maximum");
        assertThrows(IllegalArgumentException.class, () -> SecondStatsCodec.decode(buffer, -1, length));
        assertThrows(IllegalArgumentException.class, () -> SecondStatsCodec.decode(buffer, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> SecondStatsCodec.decode(buffer, 100, Integer.MAX_VALUE));
    }

    @Test
    void shouldRejectHistogramsWhoseConfigDiffersFromSecondStats()
    {
        final List<Histogram> foreign = List.of(
            new Histogram(2),
            new Histogram(4),
            new Histogram(1, 1L << 50, 3),
            new Histogram(10, 10_000, 3));
        for (final Histogram histogram : foreign)
        {
            histogram.recordValue(500);
            final SecondStats row = SecondStats.restore(0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            row.restoreRcode(0, 1);
            row.restoreHistograms(histogram, histogram, sampleRow().lagHistogram());
            final int length = SecondStatsCodec.encode(row, buffer, 0);

            final IllegalArgumentException ex = assertInvalid(buffer, length, histogram.toString());

            assertTrue(ex.getMessage().contains("latency histogram config"), ex.getMessage());
        }
        final Histogram lagAtThreeDigits = new Histogram(SecondStats.SIGNIFICANT_DIGITS);
        lagAtThreeDigits.recordValue(7);
        final SecondStats row = SecondStats.restore(0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 7000, 0, 0, 0);
        row.restoreHistograms(null, null, lagAtThreeDigits);
        final IllegalArgumentException ex = assertInvalid(buffer, SecondStatsCodec.encode(row, buffer, 0), "lag");
        assertTrue(ex.getMessage().contains("lag histogram config (significant digits 3"), ex.getMessage());
    }

    @Test
    void shouldRejectRandomGarbageAndSurviveRandomMutationsForAThousandSeeds()
    {
        final SecondStats row = sampleRow();
        final int length = SecondStatsCodec.encode(row, buffer, 0);
        final byte[] original = Arrays.copyOf(buffer.byteArray(), length);
        int mutationsDecoded = 0;
        for (int seed = 0; seed < 1000; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);

            final byte[] garbage = new byte[random.nextInt(4 * HEADER_LENGTH)];
            random.nextBytes(garbage);
            if (garbage.length > 0 && random.nextBoolean())
            {
                garbage[0] = (byte)SecondStatsCodec.FORMAT_VERSION;
            }
            assertInvalid(new UnsafeBuffer(garbage), garbage.length, "garbage of seed " + seed);

            final byte[] histogramGarbage = original.clone();
            final int histogramStart = entriesEnd(new UnsafeBuffer(histogramGarbage));
            for (int i = histogramStart + 8; i < histogramGarbage.length; i++)
            {
                histogramGarbage[i] = (byte)random.nextInt(256);
            }
            assertInvalid(new UnsafeBuffer(histogramGarbage), length, "histogram garbage of seed " + seed);

            final byte[] mutated = original.clone();
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++)
            {
                mutated[random.nextInt(length)] = (byte)random.nextInt(256);
            }
            try
            {
                final SecondStats decoded = SecondStatsCodec.decode(new UnsafeBuffer(mutated), 0, length);
                final int again = SecondStatsCodec.encode(decoded, buffer, 0);
                assertSameStats(decoded, SecondStatsCodec.decode(buffer, 0, again), true);
                mutationsDecoded++;
            }
            catch (final IllegalArgumentException ex)
            {
                assertOneLine(ex);
            }
        }
        assertTrue(mutationsDecoded < 1000, "most mutations must be caught, " + mutationsDecoded + " decoded");
    }

    private static final class Case
    {
        final String name;
        final Consumer<UnsafeBuffer> tamper;
        final String reason;

        Case(final String name, final Consumer<UnsafeBuffer> tamper, final String reason)
        {
            this.name = name;
            this.tamper = tamper;
            this.reason = reason;
        }
    }

    private static void addToCounter(final UnsafeBuffer buffer, final int counter, final long delta)
    {
        final int index = COUNTERS_OFFSET + counter * Long.BYTES;
        buffer.putLong(index, buffer.getLong(index, LITTLE_ENDIAN) + delta, LITTLE_ENDIAN);
    }

    private static int rcodeEnd(final UnsafeBuffer buffer)
    {
        final int rcodeEntryCount = buffer.getShort(RCODE_ENTRY_COUNT_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        return HEADER_LENGTH + rcodeEntryCount * SecondStatsCodec.RCODE_ENTRY_LENGTH;
    }

    /**
     * Where the histograms start: after the rcode entries and the HTTP status entries.
     */
    private static int entriesEnd(final UnsafeBuffer buffer)
    {
        final int statusEntryCount = buffer.getShort(HTTP_STATUS_ENTRY_COUNT_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        return rcodeEnd(buffer) + statusEntryCount * HTTP_STATUS_ENTRY_LENGTH;
    }

    private SecondStats sampleRow()
    {
        final Aggregator aggregator = Aggregator.of(second -> 10);
        feedAll(new SyntheticShoot(9, 3_000, new long[]{ 0 }), aggregator);
        final SecondStats row = aggregator.seconds().get(0);
        assertTrue(row.rcodes().length >= 5, "the sample has rare rcodes");
        assertTrue(row.httpStatuses().length >= 3, "the sample has HTTP statuses");
        return row;
    }

    private SecondStats roundTrip(final SecondStats row, final int offset)
    {
        final int length = SecondStatsCodec.encode(row, buffer, offset);
        assertTrue(length >= HEADER_LENGTH && length <= MAX_ENCODED_LENGTH, "length " + length);
        return SecondStatsCodec.decode(buffer, offset, length);
    }

    private static IllegalArgumentException assertInvalid(
        final UnsafeBuffer encoded, final int length, final String what)
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> SecondStatsCodec.decode(encoded, 0, length), what);
        assertOneLine(ex);
        return ex;
    }

    private static void assertOneLine(final IllegalArgumentException ex)
    {
        assertFalse(ex.getMessage().isEmpty());
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
    }

    private static void assertSameQuantiles(final Histogram expected, final Histogram actual)
    {
        assertEquals(expected.getTotalCount(), actual.getTotalCount(), "total count");
        for (final double percentile : PERCENTILES)
        {
            assertEquals(expected.getValueAtPercentile(percentile), actual.getValueAtPercentile(percentile),
                "p" + percentile);
        }
        assertEquals(expected.getMaxValue(), actual.getMaxValue(), "max");
        assertEquals(expected, actual, "histogram");
    }

    private static void feedAll(final SyntheticShoot shoot, final Aggregator aggregator)
    {
        for (int i = 0; i < shoot.count; i++)
        {
            aggregator.onRecord(shoot.records, offset(i));
        }
    }

    private void feed(
        final Aggregator aggregator,
        final long intendedNs,
        final long sentNs,
        final long receivedNs,
        final int rcode,
        final int flags,
        final int outcome)
    {
        record.set(intendedNs, sentNs, receivedNs, 1, 2, 1, rcode, flags, outcome, 1, 100, 7);
        aggregator.onRecord(recordBuffer, 0);
    }
}
