package io.l2.engine.aggregate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultQueue;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.record.ResultRecordFlyweight;
import io.l2.engine.record.ResultRecorder;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.engine.aggregate.StatsAssertions.assertSameSeconds;
import static io.l2.engine.aggregate.StatsAssertions.assertSameStats;
import static io.l2.engine.aggregate.SyntheticShoot.NS_PER_SECOND;
import static io.l2.engine.aggregate.SyntheticShoot.offset;
import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueAggregationTest
{
    private static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long HOUR_MS = 3_600_000L;
    private static final int RECORD_COUNT = 200_000;
    private static final long[] ACTIVE_SECONDS = { 0, 1, 3, 4, 6 };
    private static final int SECOND_COUNT = 7;

    @TempDir
    Path tempDir;

    private final CachedEpochClock clock = new CachedEpochClock();

    @Test
    void shouldGiveIdenticalNumbersLiveAndOnReplayAndMatchTheInputs() throws Exception
    {
        final SyntheticShoot shoot = new SyntheticShoot(42, RECORD_COUNT, ACTIVE_SECONDS);
        final Path dir = tempDir.resolve("shoot-1").resolve("host-a");
        clock.update(START_MS);

        final Aggregator live;
        // small mapping blocks: 10 MB of records cross dozens of block boundaries, live and on replay
        try (ResultQueue queue = ResultQueue.open(dir, clock, 256 * 1024);
            ResultRecorder recorder = queue.createRecorder();
            QueueAggregation aggregation = new QueueAggregation(queue, Aggregator.of(SyntheticShoot::requested)))
        {
            assertEquals(0, aggregation.poll(100), "empty queue: poll returns at once with nothing");
            final SplittableRandom chunks = new SplittableRandom(7);
            int written = 0;
            long polled = 0;
            boolean rolled = false;
            while (written < RECORD_COUNT)
            {
                final int chunk = Math.min(RECORD_COUNT - written, 1 + chunks.nextInt(5000));
                for (int i = 0; i < chunk; i++)
                {
                    recorder.append(shoot.records, offset(written++));
                }
                if (!rolled && written >= RECORD_COUNT / 2)
                {
                    clock.advance(HOUR_MS); // the rest goes to the next hour's file
                    rolled = true;
                }
                polled += aggregation.poll(1 + chunks.nextInt(7000));
                assertTrue(polled <= written, "polled " + polled + " of " + written);
                assertEquals(polled, aggregation.aggregator().recordCount());
            }
            int read;
            while ((read = aggregation.poll(1000)) > 0)
            {
                polled += read;
            }
            assertEquals(RECORD_COUNT, polled);
            live = aggregation.aggregator();
        }

        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(2, files.filter(path -> path.toString().endsWith(".cq4")).count(), "two hour files");
        }

        final Aggregator replay = QueueAggregation.replay(dir, SyntheticShoot::requested);
        final Aggregator direct = Aggregator.of(SyntheticShoot::requested);
        for (int i = 0; i < RECORD_COUNT; i++)
        {
            direct.onRecord(shoot.records, offset(i));
        }

        assertEquals(RECORD_COUNT, replay.recordCount());
        assertSameSeconds(live.seconds(), replay.seconds());
        assertSameSeconds(direct.seconds(), live.seconds());
        assertSameStats(live.totals(), replay.totals());
        assertMatchesInputs(shoot, live);
    }

    @Test
    void shouldGiveTheSameNumbersWhenRecordsAreWrittenInBatchesOfAnySize()
    {
        final SyntheticShoot shoot = new SyntheticShoot(43, 20_000, ACTIVE_SECONDS);
        final Path dir = tempDir.resolve("batched");
        clock.update(START_MS);
        final ResultRecordFlyweight record = new ResultRecordFlyweight();
        try (ResultQueue queue = ResultQueue.open(dir, clock, 256 * 1024);
            ResultRecorder recorder = new ResultRecorder(queue.createAppender(), 64);
            QueueAggregation aggregation = new QueueAggregation(queue, Aggregator.of(SyntheticShoot::requested)))
        {
            final SplittableRandom chunks = new SplittableRandom(11);
            int written = 0;
            long polled = 0;
            while (written < 20_000)
            {
                final int chunk = Math.min(20_000 - written, 1 + chunks.nextInt(150));
                for (int i = 0; i < chunk; i++)
                {
                    record.wrapForRead(shoot.records, offset(written++));
                    recorder.record(record.intendedNs(), record.sentNs(), record.receivedNs(), record.worker(),
                        record.ammoIndex(), record.qtype(), record.rcode(), record.flags(), record.outcome(),
                        record.answerCount(), record.responseLength(), record.queryId());
                }
                recorder.flush();
                polled += aggregation.poll(1 + chunks.nextInt(300));
                assertTrue(polled <= written, "polled " + polled + " of " + written);
            }
        }

        final Aggregator replay = QueueAggregation.replay(dir, SyntheticShoot::requested);
        final Aggregator direct = Aggregator.of(SyntheticShoot::requested);
        for (int i = 0; i < 20_000; i++)
        {
            direct.onRecord(shoot.records, offset(i));
        }
        assertEquals(20_000, replay.recordCount());
        assertSameSeconds(direct.seconds(), replay.seconds());
        assertSameStats(direct.totals(), replay.totals());
    }

    @Test
    void shouldNameTheRecordInTheDocumentWhenARecordOfABatchIsInvalid()
    {
        final Path dir = tempDir.resolve("q");
        clock.update(START_MS);
        final UnsafeBuffer batch = new UnsafeBuffer(new byte[3 * RECORD_LENGTH]);
        final ResultRecordFlyweight record = new ResultRecordFlyweight();
        for (int i = 0; i < 3; i++)
        {
            record.wrap(batch, i * RECORD_LENGTH).set(5, 6, 7, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0);
        }
        batch.putByte(2 * RECORD_LENGTH + ResultRecordDescriptor.VERSION_OFFSET, (byte)99);
        try (ResultQueue queue = ResultQueue.open(dir, clock); ExcerptAppender appender = queue.createAppender();
            DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(batch.byteArray());
        }

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> QueueAggregation.replay(dir, second -> 0));

        assertTrue(ex.getMessage().startsWith(dir + ": record at index 0x"), ex.getMessage());
        assertTrue(ex.getMessage().contains("record 2 of the document: "), ex.getMessage());
        assertEquals(-1, ex.getMessage().indexOf('\n'), "one line");
    }

    @Test
    void shouldNameQueueAndIndexWhenADocumentIsNotARecord()
    {
        final Path dir = tempDir.resolve("q");
        clock.update(START_MS);
        try (ResultQueue queue = ResultQueue.open(dir, clock); ExcerptAppender appender = queue.createAppender())
        {
            try (ResultRecorder recorder = new ResultRecorder(queue.createAppender()))
            {
                recorder.append(1, 2, 3, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0);
            }
            try (DocumentContext dc = appender.writingDocument())
            {
                dc.wire().bytes().write(new byte[10]);
            }
        }

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> QueueAggregation.replay(dir, second -> 0));

        assertTrue(ex.getMessage().startsWith(dir + ": record at index 0x"), ex.getMessage());
        assertTrue(ex.getMessage().contains("sequence 1"), ex.getMessage());
        assertTrue(ex.getMessage().endsWith("document of 10 bytes, expected whole records of 48"), ex.getMessage());
        assertEquals(-1, ex.getMessage().indexOf('\n'), "one line");
    }

    @Test
    void shouldNameQueueAndIndexWhenARecordIsInvalid()
    {
        final Path dir = tempDir.resolve("q");
        clock.update(START_MS);
        final UnsafeBuffer bad = new UnsafeBuffer(new byte[RECORD_LENGTH]);
        new ResultRecordFlyweight().wrap(bad, 0).set(5, 6, 7, 0, 0, 1, 0, 0, 0, 0, 0, 0);
        try (ResultQueue queue = ResultQueue.open(dir, clock); ResultRecorder recorder = queue.createRecorder())
        {
            recorder.append(bad, 0);
        }

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> QueueAggregation.replay(dir, second -> 0));

        assertTrue(ex.getMessage().startsWith(dir + ": record at index 0x"), ex.getMessage());
        assertTrue(ex.getMessage().endsWith("invalid result record: invalid outcome 0"), ex.getMessage());
    }

    @Test
    void shouldNameTheDirectoryWhenReplayingAMissingQueue()
    {
        final Path missing = tempDir.resolve("missing");

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> QueueAggregation.replay(missing, second -> 0));

        assertEquals("no queue directory " + missing, ex.getMessage());
    }

    @Test
    void shouldNotAllocatePerRecordWhenPollingInSteadyState()
    {
        io.l2.engine.record.AllocationMeter.assumeSupported();
        final int count = 100_000;
        final SyntheticShoot shoot = new SyntheticShoot(3, count, new long[]{ 0, 1 });
        clock.update(START_MS);
        try (ResultQueue queue = ResultQueue.open(tempDir.resolve("q"), clock);
            ResultRecorder recorder = queue.createRecorder();
            QueueAggregation aggregation = new QueueAggregation(queue, Aggregator.of(second -> 0)))
        {
            for (int round = 0; round < 2; round++)
            {
                for (int i = 0; i < count; i++)
                {
                    recorder.append(shoot.records, offset(i));
                }
            }
            assertEquals(count, aggregation.poll(count)); // warm-up: rows and histogram ranges exist now

            final long bytes = io.l2.engine.record.AllocationMeter.allocatedBytes(() -> aggregation.poll(count));

            assertEquals(2L * count, aggregation.aggregator().recordCount());
            assertTrue(bytes < count, "poll allocated " + bytes + " bytes for " + count + " records");
        }
    }

    private static void assertMatchesInputs(final SyntheticShoot shoot, final Aggregator aggregator)
    {
        final long[] records = new long[SECOND_COUNT];
        final long[] sent = new long[SECOND_COUNT];
        final long[] achieved = new long[SECOND_COUNT + 60];
        int rowCount = SECOND_COUNT;
        final long[][] byOutcome = new long[Outcome.MAX_VALUE + 1][SECOND_COUNT];
        final long[] truncated = new long[SECOND_COUNT];
        final long[] lagMaxNs = new long[SECOND_COUNT];
        final long[][] rcodes = new long[ResultRecordDescriptor.MAX_RCODE + 1][SECOND_COUNT];
        final long[][] httpStatuses = new long[SecondStats.MAX_HTTP_STATUS + 1][SECOND_COUNT];
        final List<List<Long>> latencyUs = new ArrayList<>();
        final List<List<Long>> serviceUs = new ArrayList<>();
        for (int s = 0; s < SECOND_COUNT; s++)
        {
            latencyUs.add(new ArrayList<>());
            serviceUs.add(new ArrayList<>());
        }

        for (int i = 0; i < shoot.count; i++)
        {
            final int s = (int) (shoot.intendedNs[i] / NS_PER_SECOND);
            records[s]++;
            byOutcome[shoot.outcome[i]][s]++;
            if (shoot.sentNs[i] >= 0)
            {
                sent[s]++;
                lagMaxNs[s] = Math.max(lagMaxNs[s], shoot.sentNs[i] - shoot.intendedNs[i]);
                final int sentSecond = (int) (shoot.sentNs[i] / NS_PER_SECOND);
                achieved[sentSecond]++;
                rowCount = Math.max(rowCount, sentSecond + 1);
            }
            if (Outcome.HTTP_STATUS == shoot.outcome[i])
            {
                httpStatuses[shoot.rcode[i]][s]++;
            }
            if (Outcome.ANSWERED == shoot.outcome[i])
            {
                rcodes[shoot.rcode[i]][s]++;
                if (0 != (shoot.flags[i] & ResultRecordDescriptor.FLAG_TC))
                {
                    truncated[s]++;
                }
                latencyUs.get(s).add((shoot.receivedNs[i] - shoot.intendedNs[i]) / 1000);
                serviceUs.get(s).add((shoot.receivedNs[i] - shoot.sentNs[i]) / 1000);
            }
        }

        final List<SecondStats> seconds = aggregator.seconds();
        assertEquals(rowCount, seconds.size(), "rows up to the last second a query was intended or sent in");
        long requestedTotal = 0;
        for (int s = SECOND_COUNT; s < rowCount; s++)
        {
            assertEquals(0, seconds.get(s).recordCount(), "second " + s + " holds only late sends");
            assertEquals(achieved[s], seconds.get(s).achievedCount(), "second " + s + " achieved");
            requestedTotal += seconds.get(s).requestedCount();
        }
        for (int s = 0; s < SECOND_COUNT; s++)
        {
            final SecondStats row = seconds.get(s);
            final String where = "second " + s + ": ";
            assertEquals(s, row.second(), where + "index");
            assertEquals(SyntheticShoot.requested(s), row.requestedCount(), where + "requested");
            requestedTotal += row.requestedCount();
            assertEquals(records[s], row.recordCount(), where + "records");
            assertEquals(sent[s], row.sentCount(), where + "sent");
            assertEquals(achieved[s], row.achievedCount(), where + "achieved (by send time)");
            assertEquals(byOutcome[Outcome.ANSWERED][s], row.answeredCount(), where + "answered");
            assertEquals(byOutcome[Outcome.TIMEOUT][s], row.timeoutCount(), where + "timeouts");
            assertEquals(byOutcome[Outcome.MALFORMED][s], row.malformedCount(), where + "malformed");
            assertEquals(byOutcome[Outcome.SEND_ERROR][s], row.sendErrorCount(), where + "send errors");
            assertEquals(byOutcome[Outcome.DISCARDED][s], row.discardedCount(), where + "discarded");
            assertEquals(byOutcome[Outcome.MALFORMED][s] + byOutcome[Outcome.SEND_ERROR][s] +
                byOutcome[Outcome.CONNECT_FAILED][s] + byOutcome[Outcome.RESET][s] + byOutcome[Outcome.HTTP_STATUS][s],
                row.errorCount());
            assertEquals(byOutcome[Outcome.HTTP_STATUS][s], row.httpErrorCount());
            assertEquals(byOutcome[Outcome.CONNECT_FAILED][s], row.connectFailedCount());
            assertEquals(byOutcome[Outcome.RESET][s], row.resetCount());
            assertEquals(truncated[s], row.truncatedCount(), where + "truncated");
            assertEquals(lagMaxNs[s], row.lagMaxNs(), where + "lag max");
            for (int rcode = 0; rcode <= ResultRecordDescriptor.MAX_RCODE; rcode++)
            {
                assertEquals(rcodes[rcode][s], row.rcodeCount(rcode), where + "rcode " + rcode);
            }
            for (int status = 0; status <= SecondStats.MAX_HTTP_STATUS; status++)
            {
                assertEquals(httpStatuses[status][s], row.httpStatusCount(status), where + "HTTP status " + status);
            }
            assertHistogramHolds(latencyUs.get(s), row.latencyHistogram(), where + "latency");
            assertHistogramHolds(serviceUs.get(s), row.serviceTimeHistogram(), where + "service time");
            assertEquals(sent[s], row.lagHistogram().getTotalCount(), where + "lag count");
        }
        assertEquals(0, seconds.get(2).recordCount(), "second 2 is empty");
        assertEquals(0, seconds.get(5).recordCount(), "second 5 is empty");

        final SecondStats totals = aggregator.totals();
        assertEquals(SecondStats.TOTALS_SECOND, totals.second());
        assertEquals(requestedTotal, totals.requestedCount());
        assertEquals(shoot.count, totals.recordCount());
        assertEquals(Arrays.stream(sent).sum(), totals.sentCount());
        assertEquals(Arrays.stream(byOutcome[Outcome.ANSWERED]).sum(), totals.answeredCount());
        assertEquals(Arrays.stream(byOutcome[Outcome.TIMEOUT]).sum(), totals.timeoutCount());
        assertEquals(Arrays.stream(byOutcome[Outcome.MALFORMED]).sum(), totals.malformedCount());
        assertEquals(Arrays.stream(byOutcome[Outcome.SEND_ERROR]).sum(), totals.sendErrorCount());
        assertEquals(Arrays.stream(byOutcome[Outcome.DISCARDED]).sum(), totals.discardedCount());
        assertEquals(Arrays.stream(truncated).sum(), totals.truncatedCount());
        assertEquals(Arrays.stream(lagMaxNs).max().getAsLong(), totals.lagMaxNs());
        for (final int rcode : new int[]{ 0, 2, 3, 5, 16, 23, 4095 })
        {
            assertEquals(Arrays.stream(rcodes[rcode]).sum(), totals.rcodeCount(rcode), "total rcode " + rcode);
            assertTrue(totals.rcodeCount(rcode) > 0, "rcode " + rcode + " occurs in the data");
        }
        assertEquals(7, totals.rcodes().length);
        final List<Long> allLatencies = new ArrayList<>();
        latencyUs.forEach(allLatencies::addAll);
        assertHistogramHolds(allLatencies, totals.latencyHistogram(), "total latency");
    }

    private static void assertHistogramHolds(final List<Long> valuesUs, final Histogram histogram, final String what)
    {
        assertEquals(valuesUs.size(), histogram.getTotalCount(), what + " count");
        if (valuesUs.isEmpty())
        {
            return;
        }

        final long[] sorted = valuesUs.stream().mapToLong(Long::longValue).sorted().toArray();
        final Histogram independent = new Histogram(SecondStats.SIGNIFICANT_DIGITS);
        for (final long value : sorted)
        {
            independent.recordValue(value);
        }
        assertEquals(independent, histogram, what + " histogram");
        assertTrue(histogram.valuesAreEquivalent(sorted[sorted.length - 1], histogram.getMaxValue()), what + " max");
        for (final double percentile : LatencyQuantiles.percentiles())
        {
            final int rank = (int) Math.max(1, Math.ceil(percentile / 100.0 * sorted.length - 1e-10));
            final long expected = sorted[rank - 1];
            final long actual = histogram.getValueAtPercentile(percentile);
            assertTrue(histogram.valuesAreEquivalent(expected, actual),
                what + " p" + percentile + ": expected ~" + expected + " got " + actual);
        }
    }
}
