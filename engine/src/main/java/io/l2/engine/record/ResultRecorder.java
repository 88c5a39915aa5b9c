package io.l2.engine.record;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;

/**
 * Appends result records to a queue through one appender, with zero allocation per record.
 * <p>
 * A queue document holds one or more whole records of {@link ResultRecordDescriptor#RECORD_LENGTH} raw bytes each,
 * back to back: {@link #append} writes one record as its own document; {@link #record} stages records in a private
 * off-heap buffer and {@link #flush()} writes all staged records as one document (one memory copy), which costs
 * about what one record's document costs: the queue's per-document work is paid once per batch. A full stage
 * flushes by itself. No wire format, no marshallable objects, no garbage.
 * <p>
 * Thread: one recorder per thread (the appender is single-threaded); it owns its appender and closes it. Counts
 * are plain fields, exact when read on the owning thread or after {@link #close()}.
 */
public final class ResultRecorder implements ResultSink, AutoCloseable
{
    /**
     * Records staged by {@link #record} before they are written as one document (by default).
     */
    public static final int BATCH_RECORD_COUNT_DEFAULT = 64;

    private final ExcerptAppender appender;
    private final int batchRecordCount;
    private final UnsafeBuffer scratch =
        new UnsafeBuffer(BufferUtil.allocateDirectAligned(RECORD_LENGTH, BitUtil.CACHE_LINE_LENGTH));
    private final ResultRecordFlyweight flyweight = new ResultRecordFlyweight().wrap(scratch, 0);
    private final UnsafeBuffer stage;
    private final ResultRecordFlyweight stageFlyweight = new ResultRecordFlyweight();
    private int stagedCount;
    private long appendedCount;

    /**
     * Record through an appender, which this recorder then owns; {@link #record} stages up to
     * {@link #BATCH_RECORD_COUNT_DEFAULT} records per document.
     *
     * @param appender of the shoot's queue, used only on the recorder's thread from now on.
     */
    public ResultRecorder(final ExcerptAppender appender)
    {
        this(appender, BATCH_RECORD_COUNT_DEFAULT);
    }

    /**
     * Record through an appender, which this recorder then owns.
     *
     * @param appender         of the shoot's queue, used only on the recorder's thread from now on.
     * @param batchRecordCount most records {@link #record} stages into one document (1: a document per record).
     * @throws IllegalArgumentException when batchRecordCount is not positive.
     */
    public ResultRecorder(final ExcerptAppender appender, final int batchRecordCount)
    {
        if (batchRecordCount < 1)
        {
            throw new IllegalArgumentException("batchRecordCount must be positive: " + batchRecordCount);
        }
        this.appender = appender;
        this.batchRecordCount = batchRecordCount;
        this.stage = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(batchRecordCount * RECORD_LENGTH, BitUtil.CACHE_LINE_LENGTH));
    }

    /**
     * Append one record built from its fields (see {@link ResultSink#record}) as its own document, now (after any
     * staged records are written, so the queue keeps the order of the calls).
     *
     * @param intendedNs     intended send time, ns from the shoot's start.
     * @param sentNs         actual send time, ns from the shoot's start, or -1 when never sent.
     * @param receivedNs     receive time, ns from the shoot's start, or -1 when nothing was received.
     * @param worker         number of the worker (socket) that shot the query.
     * @param ammoIndex      index of the ammo line shot.
     * @param qtype          query type (uint16).
     * @param rcode          12-bit extended response code.
     * @param flags          response flag bits of {@link ResultRecordDescriptor}.
     * @param outcome        one of {@link Outcome}.
     * @param answerCount    ANCOUNT of the response (uint16).
     * @param responseLength length of the response in bytes (uint16).
     * @param queryId        DNS message id of the query (uint16).
     */
    public void append(
        final long intendedNs,
        final long sentNs,
        final long receivedNs,
        final int worker,
        final int ammoIndex,
        final int qtype,
        final int rcode,
        final int flags,
        final int outcome,
        final int answerCount,
        final int responseLength,
        final int queryId)
    {
        flyweight.set(
            intendedNs, sentNs, receivedNs, worker, ammoIndex, qtype, rcode, flags, outcome, answerCount,
            responseLength, queryId);
        append(scratch, 0);
    }

    /**
     * Append one record copied from a buffer (a ring slot, or a record built elsewhere).
     *
     * @param buffer holding the record; off-heap or heap backed.
     * @param offset of the record's first byte.
     */
    public void append(final DirectBuffer buffer, final int offset)
    {
        flush();
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final byte[] array = buffer.byteArray();
            if (null == array)
            {
                bytes.unsafeWrite(buffer.addressOffset() + offset, RECORD_LENGTH);
            }
            else
            {
                bytes.unsafeWriteObject(array, (int) (buffer.addressOffset() + offset), RECORD_LENGTH);
            }
        }
        appendedCount++;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Stages the record; it reaches the queue at the next {@link #flush()}, or now when the stage is full: always
     * true.
     */
    @Override
    public boolean record(
        final long intendedNs,
        final long sentNs,
        final long receivedNs,
        final int worker,
        final int ammoIndex,
        final int qtype,
        final int rcode,
        final int flags,
        final int outcome,
        final int answerCount,
        final int responseLength,
        final int queryId,
        final int transport,
        final int setupUnits)
    {
        stageFlyweight.wrap(stage, stagedCount * RECORD_LENGTH).set(
            intendedNs, sentNs, receivedNs, worker, ammoIndex, qtype, rcode, flags, outcome, answerCount,
            responseLength, queryId).connection(transport, setupUnits);
        if (++stagedCount == batchRecordCount)
        {
            flush();
        }
        return true;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Writes the staged records, in the order staged, as one document; nothing when none are staged.
     */
    @Override
    public void flush()
    {
        final int count = stagedCount;
        if (0 != count)
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                dc.wire().bytes().unsafeWrite(stage.addressOffset(), count * RECORD_LENGTH);
            }
            stagedCount = 0;
            appendedCount += count;
        }
    }

    /**
     * Records staged by {@link #record} and not yet written.
     *
     * @return count staged.
     */
    public int stagedCount()
    {
        return stagedCount;
    }

    /**
     * Records appended so far.
     *
     * @return count of records appended by this recorder.
     */
    public long appendedCount()
    {
        return appendedCount;
    }

    /**
     * Index of the last record appended (Chronicle index: cycle and sequence).
     *
     * @return the queue index of the last append.
     */
    public long lastIndexAppended()
    {
        return appender.lastIndexAppended();
    }

    /**
     * Write what is staged, then close the appender (not the queue).
     */
    @Override
    public void close()
    {
        flush();
        appender.close();
    }
}
