package io.l2.engine.record;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a result queue's records in append order, in place: each document is checked to hold whole records
 * ({@link ResultRecordDescriptor#RECORD_LENGTH} bytes each, at least one) and its records are handed one by one to a
 * {@link RecordHandler} as a view of the mapped queue file (no copy, no allocation). Any reader of a recorded or
 * growing queue goes through it, so every reader checks the same.
 * <p>
 * Errors are one line naming the queue directory and the record's index (cycle and sequence): a document that is not
 * whole records, or a record the handler refused with an {@link IllegalArgumentException}.
 * <p>
 * Thread: one thread polls; it owns the tailer (closed by {@link #close()}), not the queue.
 */
public final class ResultRecordReader implements AutoCloseable
{
    /**
     * Receives each record read.
     */
    @FunctionalInterface
    public interface RecordHandler
    {
        /**
         * One record.
         *
         * @param buffer holding the record; valid only during the call, never to be written.
         * @param offset of the record's first byte.
         * @throws IllegalArgumentException with a one-line reason when the record is invalid; the reader stops
         *                                  with its index.
         */
        void onRecord(DirectBuffer buffer, int offset);
    }

    private final ResultQueue queue;
    private final ExcerptTailer tailer;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    /**
     * Read a queue from its first record.
     *
     * @param queue to read; must outlive this reader.
     */
    public ResultRecordReader(final ResultQueue queue)
    {
        this.queue = queue;
        this.tailer = queue.createTailer();
    }

    /**
     * Hand the records available now to the handler, whole documents until at least {@code limit} records were
     * read; never waits for more.
     *
     * @param handler to call once per record, in order.
     * @param limit   records after which no further document is read.
     * @return records read (0 when the tailer is at the end).
     * @throws IllegalStateException when a document is not whole records or the handler refused a record (message
     *                               names the queue and the record's index).
     */
    public int poll(final RecordHandler handler, final int limit)
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
                        handler.onRecord(view, i * ResultRecordDescriptor.RECORD_LENGTH);
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
