package io.l2.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

import io.l2.engine.record.ResultQueue;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.record.ResultRecordFlyweight;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Lists a shoot's stalls: runs of queries sent later than a threshold after their intended time, read back from the
 * recorded queue. One line per stall: when it began (ms from the shoot's start, and as a wall-clock instant when the
 * shoot's start is given), how long the queries due in it waited (the worst lag), and how many were late. A stall
 * ends at the first query sent within the threshold. Where the p99 of {@link LagReport} says how late, this says
 * when, to line up with a GC, safepoint or scheduler log.
 * <p>
 * {@code StallReport QUEUE_DIR THRESHOLD_US [START_EPOCH_MS]}. Cold path; exits 1 with a one-line error.
 */
public final class StallReport
{
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
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        final ResultRecordFlyweight record = new ResultRecordFlyweight();
        long stallStartNs = -1;
        long stallWorstNs = 0;
        long stallCount = 0;
        long stalls = 0;
        long records = 0;
        System.out.printf(Locale.ROOT, "%12s %-24s %10s %8s%n", "at_ms", "instant", "worst_us", "late");
        try (ResultQueue queue = ResultQueue.openReadOnly(queueDirectory);
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final int length = (int)bytes.readRemaining();
                    view.wrap(bytes.addressForRead(bytes.readPosition(), length), length);
                    for (int offset = 0; offset + ResultRecordDescriptor.RECORD_LENGTH <= length;
                        offset += ResultRecordDescriptor.RECORD_LENGTH)
                    {
                        record.wrapForRead(view, offset);
                        records++;
                        final long lagNs = record.sentNs() - record.intendedNs();
                        if (record.sentNs() <= 0 || lagNs <= thresholdNs)
                        {
                            if (stallStartNs >= 0)
                            {
                                print(stallStartNs, stallWorstNs, stallCount, startEpochMs);
                                stalls++;
                                stallStartNs = -1;
                            }
                            continue;
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
                }
            }
        }
        if (stallStartNs >= 0)
        {
            print(stallStartNs, stallWorstNs, stallCount, startEpochMs);
            stalls++;
        }
        System.out.printf(Locale.ROOT, "summary records=%d stalls=%d threshold_us=%d%n", records, stalls,
            thresholdNs / 1000);
    }

    private static void print(final long startNs, final long worstNs, final long count, final long startEpochMs)
    {
        final String instant = startEpochMs < 0 ? "-" :
            Instant.ofEpochMilli(startEpochMs + startNs / 1_000_000).toString();
        System.out.printf(Locale.ROOT, "%12.3f %-24s %10d %8d%n", startNs / 1e6, instant, worstNs / 1000, count);
    }
}
