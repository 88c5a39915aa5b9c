package io.l2.engine.aggregate;

import java.nio.file.Path;
import java.util.function.LongUnaryOperator;

import io.l2.engine.record.ResultQueue;
import io.l2.engine.record.ResultRecordDescriptor;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Feeds a result queue into an {@link Aggregator} through a tailer: {@link #poll(int) } for live use while the shoot
 * writes, {@link #replay(Path, LongUnaryOperator)} for a recorded queue. Replay is nothing but {@code poll} until the
 * queue is exhausted, so live and offline give the same numbers.
 * <p>
 * Each record is read in place from the mapped queue file (no copy, no allocation). A document holds one or more
 * records back to back (a shooter writes a batch per document); one that is not whole valid records stops the aggregation with a one-line error naming the queue directory and the record's index.
 * Thread: one thread polls; it owns the tailer (closed by {@link #close()}), not the queue.
 */
public final class QueueAggregation implements AutoCloseable
{
    /**
     * Records read per poll during replay.
     */
    public static final int REPLAY_POLL_LIMIT = 4096;

    private final ResultQueue queue;
    private final Aggregator aggregator;
    private final ExcerptTailer tailer;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    /**
     * Aggregate a queue from its first record.
     *
     * @param queue      to read; must outlive this object.
     * @param aggregator to feed.
     */
    public QueueAggregation(final ResultQueue queue, final Aggregator aggregator)
    {
        this.queue = queue;
        this.aggregator = aggregator;
        this.tailer = queue.createTailer();
    }

    /**
     * Aggregate a recorded queue from start to end, offline.
     *
     * @param queueDirectory    of a queue written by a shoot.
     * @param requestedInSecond queries the schedule asked this host for in a given second.
     * @return the aggregator holding every record of the queue.
     * @throws IllegalArgumentException when the directory does not exist.
     * @throws IllegalStateException    when a document is not a valid record (message names queue and index).
     */
    public static Aggregator replay(final Path queueDirectory, final LongUnaryOperator requestedInSecond)
    {
        try (ResultQueue queue = ResultQueue.openReadOnly(queueDirectory);
            QueueAggregation aggregation = new QueueAggregation(queue, Aggregator.of(requestedInSecond)))
        {
            while (aggregation.poll(REPLAY_POLL_LIMIT) > 0)
            {
                // read to the end
            }
            return aggregation.aggregator();
        }
    }

    /**
     * Aggregate the records available now, whole documents until at least {@code limit} records were read; never
     * waits for more.
     *
     * @param limit records after which no further document is read.
     * @return records read (0 when the tailer is at the end).
     * @throws IllegalStateException when a document is not a valid record (message names queue and index).
     */
    public int poll(final int limit)
    {
        int count = 0;
        while (count < limit)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }

                final Bytes<?> bytes = dc.wire().bytes();
                final long length = bytes.readRemaining();
                if (0 == length || 0 != length % ResultRecordDescriptor.RECORD_LENGTH)
                {
                    throw invalid(dc.index(), "document of " + length + " bytes, expected whole records of " +
                        ResultRecordDescriptor.RECORD_LENGTH);
                }

                // the two-argument form guarantees the whole document lies in one mapping, even at a block boundary
                final long address = bytes.addressForRead(bytes.readPosition(), (int)length);
                view.wrap(address, (int)length);
                final int recordCount = (int)(length / ResultRecordDescriptor.RECORD_LENGTH);
                for (int i = 0; i < recordCount; i++)
                {
                    try
                    {
                        aggregator.onRecord(view, i * ResultRecordDescriptor.RECORD_LENGTH);
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        throw invalid(dc.index(), (recordCount > 1 ? "record " + i + " of the document: " : "") +
                            ex.getMessage());
                    }
                }
                count += recordCount;
            }
        }
        return count;
    }

    /**
     * The aggregator fed.
     *
     * @return the aggregator given to the constructor.
     */
    public Aggregator aggregator()
    {
        return aggregator;
    }

    /**
     * Close the tailer (not the queue).
     */
    @Override
    public void close()
    {
        tailer.close();
    }

    private IllegalStateException invalid(final long index, final String reason)
    {
        return new IllegalStateException(queue.directory() + ": record at index 0x" + Long.toHexString(index) +
            " (cycle " + ResultQueue.ROLL_CYCLE.toCycle(index) + ", sequence " +
            ResultQueue.ROLL_CYCLE.toSequenceNumber(index) + "): " + reason);
    }
}
