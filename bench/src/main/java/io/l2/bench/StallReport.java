package io.l2.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

import io.l2.engine.record.ResultQueue;
import io.l2.engine.record.ResultRecordFlyweight;
import io.l2.engine.record.ResultRecordReader;
import org.agrona.DirectBuffer;

/**
 * Lists a shoot's stalls: runs of queries sent later than a threshold after their intended time, read back from the
 * recorded queue. One line per stall: when it began (ms from the shoot's start, and as a wall-clock instant when the
 * shoot's start is given), how long the queries due in it waited (the worst lag), and how many were late. A stall
 * ends at the first query sent within the threshold. Where the p99 of {@link LagReport} says how late, this says
 * when, to line up with a GC, safepoint or scheduler log.
 * <p>
 * {@code StallReport QUEUE_DIR THRESHOLD_US [START_EPOCH_MS]}. Cold path; exits 1 with a one-line error (a document
 * that is not whole records names its index, as {@code l2 replay} does: both read through {@link ResultRecordReader}).
 */
public final class StallReport
{
    private static final int POLL_LIMIT = 4096;

    private StallReport()
    {
    }

    /**
     * Prints the stalls.
     *
     * @param args queue directory, threshold in µs, optional start of the shoot in ms since the epoch.
     */
    public static void main(final String[] args)
    {
        if (args.length < 2 || args.length > 3)
        {
            System.err.println("usage: StallReport QUEUE_DIR THRESHOLD_US [START_EPOCH_MS]");
            System.exit(2);
        }
        try
        {
            final Path queueDirectory = Path.of(args[0]);
            if (!Files.isDirectory(queueDirectory))
            {
                throw new IllegalArgumentException(queueDirectory + ": no such queue directory");
            }
            final long thresholdNs = Long.parseLong(args[1]) * 1000L;
            final long startEpochMs = args.length > 2 ? Long.parseLong(args[2]) : -1;
            report(queueDirectory, thresholdNs, startEpochMs);
        }
        catch (final RuntimeException ex)
        {
            System.err.println("StallReport: " + ex.getMessage());
            System.exit(1);
        }
    }

    private static void report(final Path queueDirectory, final long thresholdNs, final long startEpochMs)
    {
        final StallFinder finder = new StallFinder(thresholdNs, startEpochMs);
        System.out.printf(Locale.ROOT, "%12s %-24s %10s %8s%n", "at_ms", "instant", "worst_us", "late");
        try (ResultQueue queue = ResultQueue.openReadOnly(queueDirectory);
            ResultRecordReader reader = new ResultRecordReader(queue))
        {
            while (reader.poll(finder, POLL_LIMIT) > 0)
            {
                // read to the end
            }
        }
        finder.end();
        System.out.printf(Locale.ROOT, "summary records=%d stalls=%d threshold_us=%d%n", finder.records,
            finder.stalls, thresholdNs / 1000);
    }

    /**
     * Finds the stalls in the records handed to it, in order, and prints each when it ends.
     */
    private static final class StallFinder implements ResultRecordReader.RecordHandler
    {
        private final ResultRecordFlyweight record = new ResultRecordFlyweight();
        private final long thresholdNs;
        private final long startEpochMs;
        private long stallStartNs = -1;
        private long stallWorstNs;
        private long stallCount;
        private long stalls;
        private long records;

        StallFinder(final long thresholdNs, final long startEpochMs)
        {
            this.thresholdNs = thresholdNs;
            this.startEpochMs = startEpochMs;
        }

        @Override
        public void onRecord(final DirectBuffer buffer, final int offset)
        {
            record.wrapForRead(buffer, offset);
            records++;
            final long lagNs = record.sentNs() - record.intendedNs();
            if (record.sentNs() <= 0 || lagNs <= thresholdNs)
            {
                end();
                return;
            }
            if (stallStartNs < 0)
            {
                stallStartNs = record.intendedNs();
                stallWorstNs = 0;
                stallCount = 0;
            }
            stallWorstNs = Math.max(stallWorstNs, lagNs);
            stallCount++;
        }

        /**
         * Prints the stall going on, if any.
         */
        void end()
        {
            if (stallStartNs >= 0)
            {
                print(stallStartNs, stallWorstNs, stallCount, startEpochMs);
                stalls++;
                stallStartNs = -1;
            }
        }
    }

    private static void print(final long startNs, final long worstNs, final long count, final long startEpochMs)
    {
        final String instant = startEpochMs < 0 ? "-" :
            Instant.ofEpochMilli(startEpochMs + startNs / 1_000_000).toString();
        System.out.printf(Locale.ROOT, "%12.3f %-24s %10d %8d%n", startNs / 1e6, instant, worstNs / 1000, count);
    }
}
