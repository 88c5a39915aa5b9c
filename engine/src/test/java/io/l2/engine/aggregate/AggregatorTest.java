package io.l2.engine.aggregate;

import java.util.List;

import io.l2.engine.record.AllocationMeter;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.l2.engine.aggregate.StatsAssertions.assertSameSeconds;
import static io.l2.engine.aggregate.StatsAssertions.assertSameStats;
import static io.l2.engine.aggregate.SyntheticShoot.offset;
import static io.l2.engine.record.ResultRecordDescriptor.FLAG_AA;
import static io.l2.engine.record.ResultRecordDescriptor.FLAG_TC;
import static io.l2.engine.record.ResultRecordDescriptor.NO_TIME;
import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AggregatorTest
{
    private static final long SECOND_NS = 1_000_000_000L;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RECORD_LENGTH]);
    private final ResultRecordFlyweight record = new ResultRecordFlyweight().wrap(buffer, 0);
    private final Aggregator aggregator = Aggregator.of(second -> 100 + second);

    @Test
    void shouldCountEverySyntheticRecordWhenRehearsingSoEachIsAValidRecord()
    {
        assertEquals(25_000, Aggregator.rehearse((second) -> 1_000, 25_000), "25 seconds, 3 aggregators");
        assertEquals(0, Aggregator.rehearse((second) -> 1_000, 0));
    }

    @Test
    void shouldCountEveryOutcomeOfOneSecond()
    {
        final long t = 3 * SECOND_NS;
        feed(t + 10_000, t + 210_000, t + 1_210_000, 3, FLAG_TC | FLAG_AA, Outcome.ANSWERED);
        feed(t + 20_000, t + 20_500, t + 520_500, 0, 0, Outcome.ANSWERED);
        feed(t + 30_000, t + 30_000, NO_TIME, 0, 0, Outcome.TIMEOUT);
        feed(t + 40_000, t + 41_000, t + 90_000, 2, FLAG_TC, Outcome.MALFORMED);
        feed(t + 50_000, NO_TIME, NO_TIME, 0, 0, Outcome.SEND_ERROR);
        feed(t + 60_000, NO_TIME, NO_TIME, 0, 0, Outcome.DISCARDED);

        assertEquals(1, aggregator.seconds().size());
        final SecondStats row = aggregator.seconds().get(0);
        assertEquals(3, row.second());
        assertEquals(103, row.requestedCount());
        assertEquals(4, row.sentCount());
        assertEquals(2, row.answeredCount());
        assertEquals(1, row.timeoutCount());
        assertEquals(1, row.malformedCount());
        assertEquals(1, row.sendErrorCount());
        assertEquals(1, row.discardedCount());
        assertEquals(2, row.errorCount());
        assertEquals(6, row.recordCount());
        assertEquals(1, row.truncatedCount(), "TC of answers only");
        assertEquals(200_000, row.lagMaxNs());
        assertArrayEquals(new int[]{ 0, 3 }, row.rcodes(), "rcodes of answers only");
        assertEquals(1, row.rcodeCount(3));
        assertEquals(1, row.rcodeCount(0));
        assertEquals(0, row.rcodeCount(2));
        assertEquals(2, row.latencyHistogram().getTotalCount());
        assertTrue(row.latencyHistogram().valuesAreEquivalent(1200, row.latencyHistogram().getMaxValue()));
        assertTrue(row.latencyHistogram().valuesAreEquivalent(500, row.latencyHistogram().getMinValue()));
        assertTrue(row.serviceTimeHistogram().valuesAreEquivalent(1000, row.serviceTimeHistogram().getMaxValue()));
        assertTrue(row.serviceTimeHistogram().valuesAreEquivalent(500, row.serviceTimeHistogram().getMinValue()));
        assertEquals(4, row.lagHistogram().getTotalCount());
        assertTrue(row.lagHistogram().valuesAreEquivalent(200, row.lagHistogram().getMaxValue()));
        assertEquals(6, aggregator.recordCount());
    }

    @Test
    void shouldPlaceQueriesByIntendedTimeNotBySendTime()
    {
        feed(SECOND_NS - 1, 5 * SECOND_NS, 5 * SECOND_NS + 1000, 0, 0, Outcome.ANSWERED);

        assertEquals(0, aggregator.firstSecond());
        assertEquals(5, aggregator.lastSecond(), "the second it was sent in has a row too");
        assertEquals(1, aggregator.seconds().get(0).sentCount());
        assertEquals(0, aggregator.seconds().get(0).achievedCount());
        assertEquals(1, aggregator.seconds().get(5).achievedCount(), "achieved counts by send time");
        assertEquals(0, aggregator.seconds().get(5).sentCount());
        assertEquals(4 * SECOND_NS + 1, aggregator.seconds().get(0).lagMaxNs());
    }

    @Test
    void shouldFillEmptySecondsWithZeroRowsBothAfterAndBeforeTheFirstSeen()
    {
        assertEquals(-1, aggregator.firstSecond());
        assertEquals(List.of(), aggregator.seconds());

        feed(5 * SECOND_NS, 5 * SECOND_NS, NO_TIME, 0, 0, Outcome.TIMEOUT);
        feed(8 * SECOND_NS + 5, NO_TIME, NO_TIME, 0, 0, Outcome.DISCARDED);
        feed(2 * SECOND_NS + 7, NO_TIME, NO_TIME, 0, 0, Outcome.SEND_ERROR);

        final List<SecondStats> seconds = aggregator.seconds();
        assertEquals(2, aggregator.firstSecond());
        assertEquals(8, aggregator.lastSecond());
        assertEquals(7, seconds.size());
        for (int i = 0; i < seconds.size(); i++)
        {
            assertEquals(2 + i, seconds.get(i).second());
            assertEquals(102 + i, seconds.get(i).requestedCount());
        }
        assertEquals(1, seconds.get(0).sendErrorCount());
        assertEquals(1, seconds.get(3).timeoutCount());
        assertEquals(1, seconds.get(6).discardedCount());
        for (final int empty : new int[]{ 1, 2, 4, 5 })
        {
            assertEquals(0, seconds.get(empty).recordCount(), "second " + (2 + empty));
            assertEquals(0, seconds.get(empty).latencyHistogram().getTotalCount());
        }

        final SecondStats totals = aggregator.totals();
        assertEquals(3, totals.recordCount());
        assertEquals(7 * 100 + (2 + 3 + 4 + 5 + 6 + 7 + 8), totals.requestedCount());
    }

    @Test
    void shouldCountRareExtendedRcodesExactly()
    {
        final int[] rcodes = { 16, 23, 4095, 16, 0, 15, 4095, 16 };
        for (final int rcode : rcodes)
        {
            feed(1000, 2000, 3000, rcode, 0, Outcome.ANSWERED);
        }

        final SecondStats row = aggregator.seconds().get(0);
        assertArrayEquals(new int[]{ 0, 15, 16, 23, 4095 }, row.rcodes());
        assertEquals(3, row.rcodeCount(16));
        assertEquals(1, row.rcodeCount(23));
        assertEquals(2, row.rcodeCount(4095));
        assertEquals(0, row.rcodeCount(4094));

        final SecondStats doubled = new SecondStats(0, 0).add(row).add(row);
        assertEquals(6, doubled.rcodeCount(16));
        assertEquals(4, doubled.rcodeCount(4095));
        assertEquals(2, doubled.rcodeCount(15));
    }

    @Test
    void shouldCountHttpErrorsPerStatusAndAStatusThatIsNoHttpErrorAsMalformed()
    {
        final long t = 2 * SECOND_NS;
        final int[] statuses = { 500, 429, 500, 503, 100, 500, 599, 429 };
        for (final int status : statuses)
        {
            feed(t + 1_000, t + 2_000, t + 3_000, status, 0, Outcome.HTTP_STATUS);
        }
        for (final int notAnError : new int[]{ 200, 600, 999, 99, 0, 4095 })
        {
            feed(t + 1_000, t + 2_000, t + 3_000, notAnError, 0, Outcome.HTTP_STATUS);
        }
        feed(t + 1_000, t + 2_000, t + 3_000, 500, 0, Outcome.MALFORMED); // the rcode of other outcomes is no status

        final SecondStats row = aggregator.seconds().get(0);
        assertEquals(8, row.httpErrorCount());
        assertArrayEquals(new int[]{ 100, 429, 500, 503, 599 }, row.httpStatuses());
        assertEquals(3, row.httpStatusCount(500));
        assertEquals(2, row.httpStatusCount(429));
        assertEquals(1, row.httpStatusCount(503));
        assertEquals(1, row.httpStatusCount(100));
        assertEquals(1, row.httpStatusCount(599));
        for (final int none : new int[]{ 200, 600, 999, 0, 404, -1 })
        {
            assertEquals(0, row.httpStatusCount(none), "status " + none);
        }
        assertEquals(6 + 1, row.malformedCount(), "200, 600, 999, 99, 0, 4095 and the malformed answer");
        assertEquals(8 + 7, row.errorCount());
        assertEquals(15, row.recordCount());
        assertEquals(0, row.answeredCount());
        assertArrayEquals(new int[0], row.rcodes(), "statuses are not rcodes");
        assertEquals(0, row.latencyHistogram().getTotalCount(), "an HTTP error has no latency");
        assertTrue(row.toString().contains("httpStatuses=[100, 429, 500, 503, 599]"), row.toString());

        final SecondStats doubled = new SecondStats(0, 0).add(row).add(row);
        assertEquals(16, doubled.httpErrorCount());
        assertEquals(6, doubled.httpStatusCount(500));
        assertArrayEquals(row.httpStatuses(), doubled.httpStatuses());
        assertArrayEquals(new int[0], new SecondStats(0, 0).add(new SecondStats(0, 0)).httpStatuses());
    }

    @Test
    void shouldMergeTheHttpStatusesOfTwoHostsSecondBySecond()
    {
        final Aggregator hostB = Aggregator.of(second -> 100 + second);
        feed(1_000, 2_000, 3_000, 500, 0, Outcome.HTTP_STATUS);
        feed(2_000, 3_000, 4_000, 500, 0, Outcome.HTTP_STATUS);
        feed(SECOND_NS + 1_000, SECOND_NS + 2_000, SECOND_NS + 3_000, 503, 0, Outcome.HTTP_STATUS);
        final Aggregator hostA = aggregator;
        final UnsafeBuffer other = new UnsafeBuffer(new byte[RECORD_LENGTH]);
        final ResultRecordFlyweight otherRecord = new ResultRecordFlyweight().wrap(other, 0);
        for (final int status : new int[]{ 500, 429, 429 })
        {
            otherRecord.set(5_000, 6_000, 7_000, 1, 2, 1, status, 0, Outcome.HTTP_STATUS, 1, 100, 7);
            hostB.onRecord(other, 0);
        }
        otherRecord.set(9_000, 9_500, 9_900, 1, 2, 1, 0, 0, Outcome.ANSWERED, 1, 100, 7);
        hostB.onRecord(other, 0);

        final Aggregator merged = Aggregator.of(second -> 0).merge(hostA).merge(hostB);

        final SecondStats first = merged.seconds().get(0);
        assertArrayEquals(new int[]{ 429, 500 }, first.httpStatuses());
        assertEquals(3, first.httpStatusCount(500));
        assertEquals(2, first.httpStatusCount(429));
        assertEquals(5, first.httpErrorCount());
        final SecondStats second = merged.seconds().get(1);
        assertArrayEquals(new int[]{ 503 }, second.httpStatuses());
        final SecondStats totals = merged.totals();
        assertArrayEquals(new int[]{ 429, 500, 503 }, totals.httpStatuses());
        assertEquals(3, totals.httpStatusCount(500));
        assertEquals(6, totals.httpErrorCount());
        assertEquals(1, totals.answeredCount());
        assertEquals(2, hostA.seconds().get(0).httpStatusCount(500), "the merged hosts are left unchanged");
        assertEquals(0, hostA.seconds().get(0).httpStatusCount(429));
    }

    @Test
    void shouldClampOutOfRangeDurationsInsteadOfFailing()
    {
        feed(0, 0, 2 * 3_600 * SECOND_NS, 0, 0, Outcome.ANSWERED);
        feed(10, 5, 7, 0, 0, Outcome.ANSWERED); // sent before intended: lag and latency clamp to 0

        final SecondStats row = aggregator.seconds().get(0);
        assertTrue(row.latencyHistogram().valuesAreEquivalent(
            SecondStats.MAX_HISTOGRAM_US, row.latencyHistogram().getMaxValue()));
        assertEquals(0, row.latencyHistogram().getMinValue());
        assertEquals(0, row.lagMaxNs());
    }

    @Test
    void shouldRejectInvalidRecordsWithAOneLineReasonAndCountNothing()
    {
        assertInvalid("unsupported record version 2 (expected 1)",
            () -> record.set(1, 1, 2, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0).version(2));
        assertInvalid("invalid outcome 0", () -> record.set(1, 1, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0));
        assertInvalid("invalid outcome 9", () -> record.set(1, 1, 2, 0, 0, 1, 0, 0, 9, 0, 0, 0));
        assertInvalid("HTTP_STATUS needs 0 <= sentNs <= receivedNs, got sentNs=-1 receivedNs=-1",
            () -> record.set(1, -1, -1, 0, 0, 1, 500, 0, Outcome.HTTP_STATUS, 0, 0, 0));
        assertInvalid("RESET needs sentNs >= 0, got -1",
            () -> record.set(1, NO_TIME, NO_TIME, 0, 0, 1, 0, 0, Outcome.RESET, 0, 0, 0));
        assertInvalid("rcode 4096 above 4095", () -> record.set(1, 1, 2, 0, 0, 1, 4096, 0, Outcome.ANSWERED, 0, 0, 0));
        assertInvalid("intendedNs -5 outside 0..604800 s",
            () -> record.set(-5, NO_TIME, NO_TIME, 0, 0, 1, 0, 0, Outcome.DISCARDED, 0, 0, 0));
        assertInvalid("intendedNs 604801000000000 outside 0..604800 s",
            () -> record.set(604_801 * SECOND_NS, NO_TIME, NO_TIME, 0, 0, 1, 0, 0, Outcome.DISCARDED, 0, 0, 0));
        assertInvalid("ANSWERED needs 0 <= sentNs <= receivedNs, got sentNs=5 receivedNs=-1",
            () -> record.set(1, 5, NO_TIME, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0));
        assertInvalid("MALFORMED needs 0 <= sentNs <= receivedNs, got sentNs=-1 receivedNs=9",
            () -> record.set(1, NO_TIME, 9, 0, 0, 1, 0, 0, Outcome.MALFORMED, 0, 0, 0));
        assertInvalid("TIMEOUT needs sentNs >= 0, got -1",
            () -> record.set(1, NO_TIME, NO_TIME, 0, 0, 1, 0, 0, Outcome.TIMEOUT, 0, 0, 0));

        assertEquals(0, aggregator.recordCount());
        assertEquals(List.of(), aggregator.seconds());
    }

    @Test
    void shouldMergeExactlyLikeAggregatingTheUnion()
    {
        final SyntheticShoot shoot = new SyntheticShoot(11, 60_000, new long[]{ 0, 1, 2, 4 });
        final Aggregator hostA = Aggregator.of(second -> 10 * second + 1);
        final Aggregator hostB = Aggregator.of(second -> 20 * second + 2);
        final Aggregator union = Aggregator.of(second -> 30 * second + 3);
        for (int i = 0; i < shoot.count; i++)
        {
            (0 == (shoot.worker[i] & 1) ? hostA : hostB).onRecord(shoot.records, offset(i));
        }
        for (int i = shoot.count - 1; i >= 0; i--)
        {
            union.onRecord(shoot.records, offset(i)); // another order: the result must not care
        }
        final SecondStats totalsA = hostA.totals();
        final SecondStats totalsB = hostB.totals();

        final Aggregator merged = hostA.merge(hostB);

        assertEquals(union.recordCount(), merged.recordCount());
        assertSameSeconds(union.seconds(), merged.seconds(), false);
        assertSameStats(union.totals(), merged.totals(), false);
        assertSameStats(
            union.totals(), new SecondStats(SecondStats.TOTALS_SECOND, 0).add(totalsA).add(totalsB), false);
        assertEquals(shoot.count, merged.totals().recordCount());
    }

    @Test
    void shouldNotAllocatePerRecordInSteadyState()
    {
        AllocationMeter.assumeSupported();
        final SyntheticShoot shoot = new SyntheticShoot(5, 100_000, new long[]{ 0, 1, 2 });
        final Aggregator steady = Aggregator.of(second -> 0);
        final Runnable feedAll = () ->
        {
            for (int i = 0; i < shoot.count; i++)
            {
                steady.onRecord(shoot.records, offset(i));
            }
        };
        feedAll.run(); // warm-up: creates the rows and grows histograms to cover the values

        final long bytes = AllocationMeter.allocatedBytes(feedAll);

        assertEquals(2L * shoot.count, steady.recordCount());
        assertTrue(bytes < shoot.count, "onRecord allocated " + bytes + " bytes for " + shoot.count + " records");
    }

    private void feed(
        final long intendedNs,
        final long sentNs,
        final long receivedNs,
        final int rcode,
        final int flags,
        final int outcome)
    {
        record.set(intendedNs, sentNs, receivedNs, 1, 2, 1, rcode, flags, outcome, 1, 100, 7);
        aggregator.onRecord(buffer, 0);
    }

    private void assertInvalid(final String reason, final Runnable writeRecord)
    {
        writeRecord.run();
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> aggregator.onRecord(buffer, 0));
        assertEquals("invalid result record: " + reason, ex.getMessage());
    }
}
