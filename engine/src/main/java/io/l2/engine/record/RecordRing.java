package io.l2.engine.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;
import static org.agrona.concurrent.ringbuffer.RecordDescriptor.HEADER_LENGTH;

/**
 * The hand-off between one shooter thread and one {@link RecorderAgent}: a single-producer single-consumer Agrona
 * {@link OneToOneRingBuffer} over a pre-allocated off-heap buffer, holding result records.
 * <p>
 * The producer side ({@link #tryRecord}) claims a slot, writes the record in place and commits it: no copy, no
 * allocation, no wait. A full ring drops the record, counts it in {@link #droppedCount()} and returns false: the
 * shooter never stalls on the disk. The consumer side ({@link #read(MessageHandler, int)}) belongs to the agent.
 * <p>
 * Threads: exactly one producer thread and one consumer thread. The counters are written by the producer with
 * release semantics and may be read by any thread (exact once the producer has stopped).
 */
public final class RecordRing implements ResultSink
{
    /**
     * Message type id of a result record in the ring.
     */
    public static final int RECORD_MSG_TYPE_ID = 1;

    /**
     * Bytes one record takes in the ring: header plus record, aligned.
     */
    public static final int SLOT_LENGTH = BitUtil.align(HEADER_LENGTH + RECORD_LENGTH, HEADER_LENGTH);

    private static final VarHandle RECORDED_COUNT;
    private static final VarHandle DROPPED_COUNT;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECORDED_COUNT = lookup.findVarHandle(RecordRing.class, "recordedCount", long.class);
            DROPPED_COUNT = lookup.findVarHandle(RecordRing.class, "droppedCount", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final OneToOneRingBuffer ring;
    private final ResultRecordFlyweight flyweight = new ResultRecordFlyweight();
    private final UnsafeBuffer ringBuffer;
    private long recordedCount;
    private long droppedCount;

    /**
     * A ring with room for at least the given number of records.
     *
     * @param recordCapacity records the ring must hold at once; rounded up so the ring is a power of two.
     * @return a new empty ring.
     * @throws IllegalArgumentException when recordCapacity is not positive or the ring would exceed 1 GiB.
     */
    public static RecordRing forRecords(final int recordCapacity)
    {
        if (recordCapacity <= 0 || (long) recordCapacity * SLOT_LENGTH > (1 << 30))
        {
            throw new IllegalArgumentException("ring record capacity must be 1.." + ((1 << 30) / SLOT_LENGTH) +
                ", got " + recordCapacity);
        }

        return new RecordRing(BitUtil.findNextPositivePowerOfTwo(recordCapacity * SLOT_LENGTH));
    }

    /**
     * A ring of the given data capacity.
     *
     * @param capacityLength bytes of record space, a power of two of at least 64 (the trailer is added).
     * @throws IllegalArgumentException when capacityLength is not a power of two or is too small.
     */
    public RecordRing(final int capacityLength)
    {
        if (!BitUtil.isPowerOfTwo(capacityLength) || capacityLength < SLOT_LENGTH)
        {
            throw new IllegalArgumentException(
                "ring capacity must be a power of two >= " + SLOT_LENGTH + " bytes, got " + capacityLength);
        }

        ringBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            capacityLength + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH * 2));
        ring = new OneToOneRingBuffer(ringBuffer);
    }

    /**
     * Producer: record one query's outcome by writing it into a claimed slot; never waits.
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
     * @return true when the record is in the ring; false when the ring was full and the record dropped (counted).
     */
    public boolean tryRecord(
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
        final int index = ring.tryClaim(RECORD_MSG_TYPE_ID, RECORD_LENGTH);
        if (index < 0)
        {
            DROPPED_COUNT.setRelease(this, droppedCount + 1);
            return false;
        }

        flyweight.wrap(ringBuffer, index).set(
            intendedNs, sentNs, receivedNs, worker, ammoIndex, qtype, rcode, flags, outcome, answerCount,
            responseLength, queryId);
        ring.commit(index);
        RECORDED_COUNT.setRelease(this, recordedCount + 1);
        return true;
    }

    /**
     * Producer: record a copy of a record held in a buffer; never waits.
     *
     * @param buffer holding the record.
     * @param offset of the record's first byte.
     * @return true when the record is in the ring; false when the ring was full and the record dropped (counted).
     */
    public boolean tryRecord(final DirectBuffer buffer, final int offset)
    {
        if (!ring.write(RECORD_MSG_TYPE_ID, buffer, offset, RECORD_LENGTH))
        {
            DROPPED_COUNT.setRelease(this, droppedCount + 1);
            return false;
        }

        RECORDED_COUNT.setRelease(this, recordedCount + 1);
        return true;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Same as {@link #tryRecord(long, long, long, int, int, int, int, int, int, int, int, int)}.
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
        final int queryId)
    {
        return tryRecord(
            intendedNs, sentNs, receivedNs, worker, ammoIndex, qtype, rcode, flags, outcome, answerCount,
            responseLength, queryId);
    }

    /**
     * Consumer: hand up to {@code limit} records to the handler, each as (type, buffer, offset, length), and free
     * their slots.
     *
     * @param handler called for each record; the bytes are valid only during the call.
     * @param limit   most records to read.
     * @return records read.
     */
    public int read(final MessageHandler handler, final int limit)
    {
        return ring.read(handler, limit);
    }

    /**
     * Records in the ring waiting for the consumer (approximate while both sides run).
     *
     * @return records not yet read.
     */
    public int size()
    {
        return ring.size() / SLOT_LENGTH;
    }

    /**
     * Bytes of record space.
     *
     * @return capacity in bytes, a power of two.
     */
    public int capacityLength()
    {
        return ring.capacity();
    }

    /**
     * Records the ring can hold at once.
     *
     * @return capacity in records.
     */
    public int recordCapacity()
    {
        return ring.capacity() / SLOT_LENGTH;
    }

    /**
     * Records accepted by the ring so far.
     *
     * @return count of successful {@code tryRecord} calls.
     */
    public long recordedCount()
    {
        return (long) RECORDED_COUNT.getAcquire(this);
    }

    /**
     * Records dropped because the ring was full.
     *
     * @return count of failed {@code tryRecord} calls.
     */
    public long droppedCount()
    {
        return (long) DROPPED_COUNT.getAcquire(this);
    }

    /**
     * The underlying ring (for monitoring and benchmarks).
     *
     * @return the Agrona ring buffer.
     */
    public RingBuffer ringBuffer()
    {
        return ring;
    }
}
