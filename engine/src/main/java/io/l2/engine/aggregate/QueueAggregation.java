package io.l2.engine.aggregate;

import java.nio.file.Path;
import java.util.function.LongUnaryOperator;

import io.l2.engine.record.ResultQueue;
import io.l2.engine.record.ResultRecordReader;

/**
 * Feeds a result queue into an {@link Aggregator} through a tailer: {@link #poll(int) } for live use while the shoot
 * writes, {@link #replay(Path, LongUnaryOperator)} for a recorded queue. Replay is nothing but {@code poll} until the
 * queue is exhausted, so live and offline give the same numbers.
 * <p>
 * Each record is read in place from the mapped queue file by a {@link ResultRecordReader} (no copy, no allocation). A
 * document holds one or more records back to back (a shooter writes a batch per document); one that is not whole
 * valid records stops the aggregation with a one-line error naming the queue directory and the record's index.
 * Thread: one thread polls; it owns the reader and its tailer (closed by {@link #close()}), not the queue.
 */
public final class QueueAggregation implements AutoCloseable
{
    /**
     * Records read per poll during replay.
     */
    public static final int REPLAY_POLL_LIMIT = 4096;

    private final Aggregator aggregator;
    private final ResultRecordReader reader;
    private final ResultRecordReader.RecordHandler handler;

    /**
     * Aggregate a queue from its first record.
     *
     * @param queue      to read; must outlive this object.
     * @param aggregator to feed.
     */
    public QueueAggregation(final ResultQueue queue, final Aggregator aggregator)
    {
        this.aggregator = aggregator;
        this.reader = new ResultRecordReader(queue);
        this.handler = aggregator::onRecord;
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
        return reader.poll(handler, limit);
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
        reader.close();
    }
}
