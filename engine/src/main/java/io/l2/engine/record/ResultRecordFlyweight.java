package io.l2.engine.record;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.l2.engine.record.ResultRecordDescriptor.AMMO_INDEX_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.ANSWER_COUNT_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.BYTE_ORDER;
import static io.l2.engine.record.ResultRecordDescriptor.FLAGS_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.INTENDED_NS_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.NO_TIME;
import static io.l2.engine.record.ResultRecordDescriptor.OUTCOME_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.QTYPE_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.QUERY_ID_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.RCODE_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.RECEIVED_NS_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;
import static io.l2.engine.record.ResultRecordDescriptor.RESPONSE_LENGTH_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.SENT_NS_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.SETUP_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.SETUP_UNIT_NS;
import static io.l2.engine.record.ResultRecordDescriptor.TRANSPORT_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.VERSION;
import static io.l2.engine.record.ResultRecordDescriptor.VERSION_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.WORKER_OFFSET;

/**
 * Reads and writes one result record in place, at an offset in a buffer it does not own, laid out as
 * {@link ResultRecordDescriptor} says.
 * <p>
 * Zero allocation: wrap it again for every record. Not thread-safe: one flyweight per thread. Setters need a buffer
 * wrapped with {@link #wrap(MutableDirectBuffer, int)}; after {@link #wrapForRead(DirectBuffer, int)} only the
 * getters may be used. The 16-bit and 8-bit fields are unsigned: setters keep the low bits, getters return
 * {@code 0..65535} or {@code 0..255}. No setter validates: that is the reader's job (see the aggregator).
 */
public final class ResultRecordFlyweight
{
    private DirectBuffer buffer;
    private MutableDirectBuffer mutableBuffer;
    private int offset;

    /**
     * Wrap a record for reading and writing.
     *
     * @param buffer holding the record, at least {@link ResultRecordDescriptor#RECORD_LENGTH} bytes from offset.
     * @param offset of the record's first byte.
     * @return this.
     */
    public ResultRecordFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Wrap a record for reading only.
     *
     * @param buffer holding the record, at least {@link ResultRecordDescriptor#RECORD_LENGTH} bytes from offset.
     * @param offset of the record's first byte.
     * @return this.
     */
    public ResultRecordFlyweight wrapForRead(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = null;
        this.offset = offset;
        return this;
    }

    /**
     * The buffer wrapped.
     *
     * @return the buffer wrapped, or null before the first wrap.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * The offset of the record in the buffer.
     *
     * @return the offset of the record's first byte.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * Zero the whole record, then set the current {@link ResultRecordDescriptor#VERSION} and mark both
     * {@code sentNs} and {@code receivedNs} as {@link ResultRecordDescriptor#NO_TIME}.
     *
     * @return this.
     */
    public ResultRecordFlyweight reset()
    {
        mutableBuffer.setMemory(offset, RECORD_LENGTH, (byte) 0);
        mutableBuffer.putByte(offset + VERSION_OFFSET, VERSION);
        mutableBuffer.putLong(offset + SENT_NS_OFFSET, NO_TIME, BYTE_ORDER);
        mutableBuffer.putLong(offset + RECEIVED_NS_OFFSET, NO_TIME, BYTE_ORDER);
        return this;
    }

    /**
     * Write every field of the record, the version included; transport UDP (0), no set-up time (see
     * {@link #connection(int, int)}).
     *
     * @param intendedNs     intended send time, ns from the shoot's start.
     * @param sentNs         actual send time, ns from the shoot's start, or -1 when never sent.
     * @param receivedNs     receive time, ns from the shoot's start, or -1 when nothing was received.
     * @param worker         number of the worker (socket) that shot the query.
     * @param ammoIndex      index of the ammo line shot.
     * @param qtype          query type (uint16).
     * @param rcode          12-bit extended response code.
     * @param flags          response flag bits ({@code FLAG_TC}, {@code FLAG_AA}, {@code FLAG_RA}).
     * @param outcome        one of {@link Outcome}.
     * @param answerCount    ANCOUNT of the response (uint16).
     * @param responseLength length of the response in bytes (uint16).
     * @param queryId        DNS message id of the query (uint16).
     * @return this.
     */
    public ResultRecordFlyweight set(
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
        final MutableDirectBuffer buffer = this.mutableBuffer;
        final int offset = this.offset;
        buffer.putLong(offset + INTENDED_NS_OFFSET, intendedNs, BYTE_ORDER);
        buffer.putLong(offset + SENT_NS_OFFSET, sentNs, BYTE_ORDER);
        buffer.putLong(offset + RECEIVED_NS_OFFSET, receivedNs, BYTE_ORDER);
        buffer.putInt(offset + WORKER_OFFSET, worker, BYTE_ORDER);
        buffer.putInt(offset + AMMO_INDEX_OFFSET, ammoIndex, BYTE_ORDER);
        buffer.putShort(offset + QTYPE_OFFSET, (short) qtype, BYTE_ORDER);
        buffer.putShort(offset + RCODE_OFFSET, (short) rcode, BYTE_ORDER);
        buffer.putShort(offset + ANSWER_COUNT_OFFSET, (short) answerCount, BYTE_ORDER);
        buffer.putShort(offset + RESPONSE_LENGTH_OFFSET, (short) responseLength, BYTE_ORDER);
        buffer.putShort(offset + QUERY_ID_OFFSET, (short) queryId, BYTE_ORDER);
        buffer.putByte(offset + FLAGS_OFFSET, (byte) flags);
        buffer.putByte(offset + OUTCOME_OFFSET, (byte) outcome);
        // version byte, transport and set-up time in one little-endian int: version first, then zeros.
        buffer.putInt(offset + VERSION_OFFSET, VERSION & 0xFF, BYTE_ORDER);
        return this;
    }

    /**
     * What carried the query, after {@link #set}.
     *
     * @param transport  the transport's code (0 UDP, 1 TCP, 2 DoT, 3 DoH).
     * @param setupUnits the set-up time of the connection the query was the first on, in
     *                   {@link ResultRecordDescriptor#SETUP_UNIT_NS} units ({@link ResultRecordDescriptor#setupUnits});
     *                   0 for none.
     * @return this.
     */
    public ResultRecordFlyweight connection(final int transport, final int setupUnits)
    {
        mutableBuffer.putByte(offset + TRANSPORT_OFFSET, (byte)transport);
        mutableBuffer.putShort(offset + SETUP_OFFSET, (short)setupUnits, BYTE_ORDER);
        return this;
    }

    /**
     * @return the transport's code: 0 UDP (and every record written before the field), 1 TCP, 2 DoT, 3 DoH.
     */
    public int transport()
    {
        return buffer.getByte(offset + TRANSPORT_OFFSET) & 0xFF;
    }

    /**
     * @return the set-up time of the connection this query was the first on, ns ({@code SETUP_UNIT_NS} resolution);
     * 0 for every other query.
     */
    public long setupNs()
    {
        return (buffer.getShort(offset + SETUP_OFFSET, BYTE_ORDER) & 0xFFFF) * SETUP_UNIT_NS;
    }

    /**
     * Intended send time.
     *
     * @return ns from the shoot's start.
     */
    public long intendedNs()
    {
        return buffer.getLong(offset + INTENDED_NS_OFFSET, BYTE_ORDER);
    }

    /**
     * Set the intended send time.
     *
     * @param intendedNs ns from the shoot's start.
     * @return this.
     */
    public ResultRecordFlyweight intendedNs(final long intendedNs)
    {
        mutableBuffer.putLong(offset + INTENDED_NS_OFFSET, intendedNs, BYTE_ORDER);
        return this;
    }

    /**
     * Actual send time.
     *
     * @return ns from the shoot's start, or -1 when never sent.
     */
    public long sentNs()
    {
        return buffer.getLong(offset + SENT_NS_OFFSET, BYTE_ORDER);
    }

    /**
     * Set the actual send time.
     *
     * @param sentNs ns from the shoot's start, or -1 when never sent.
     * @return this.
     */
    public ResultRecordFlyweight sentNs(final long sentNs)
    {
        mutableBuffer.putLong(offset + SENT_NS_OFFSET, sentNs, BYTE_ORDER);
        return this;
    }

    /**
     * Receive time.
     *
     * @return ns from the shoot's start, or -1 when nothing was received.
     */
    public long receivedNs()
    {
        return buffer.getLong(offset + RECEIVED_NS_OFFSET, BYTE_ORDER);
    }

    /**
     * Set the receive time.
     *
     * @param receivedNs ns from the shoot's start, or -1 when nothing was received.
     * @return this.
     */
    public ResultRecordFlyweight receivedNs(final long receivedNs)
    {
        mutableBuffer.putLong(offset + RECEIVED_NS_OFFSET, receivedNs, BYTE_ORDER);
        return this;
    }

    /**
     * Worker that shot the query.
     *
     * @return worker number.
     */
    public int worker()
    {
        return buffer.getInt(offset + WORKER_OFFSET, BYTE_ORDER);
    }

    /**
     * Set the worker that shot the query.
     *
     * @param worker worker number.
     * @return this.
     */
    public ResultRecordFlyweight worker(final int worker)
    {
        mutableBuffer.putInt(offset + WORKER_OFFSET, worker, BYTE_ORDER);
        return this;
    }

    /**
     * Index of the ammo line shot.
     *
     * @return ammo index.
     */
    public int ammoIndex()
    {
        return buffer.getInt(offset + AMMO_INDEX_OFFSET, BYTE_ORDER);
    }

    /**
     * Set the index of the ammo line shot.
     *
     * @param ammoIndex ammo index.
     * @return this.
     */
    public ResultRecordFlyweight ammoIndex(final int ammoIndex)
    {
        mutableBuffer.putInt(offset + AMMO_INDEX_OFFSET, ammoIndex, BYTE_ORDER);
        return this;
    }

    /**
     * Query type.
     *
     * @return qtype, 0..65535.
     */
    public int qtype()
    {
        return buffer.getShort(offset + QTYPE_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Set the query type.
     *
     * @param qtype qtype, low 16 bits kept.
     * @return this.
     */
    public ResultRecordFlyweight qtype(final int qtype)
    {
        mutableBuffer.putShort(offset + QTYPE_OFFSET, (short) qtype, BYTE_ORDER);
        return this;
    }

    /**
     * Extended response code.
     *
     * @return rcode as stored, 0..65535 (valid records hold 0..4095).
     */
    public int rcode()
    {
        return buffer.getShort(offset + RCODE_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Set the extended response code.
     *
     * @param rcode 12-bit extended rcode.
     * @return this.
     */
    public ResultRecordFlyweight rcode(final int rcode)
    {
        mutableBuffer.putShort(offset + RCODE_OFFSET, (short) rcode, BYTE_ORDER);
        return this;
    }

    /**
     * Response flag bits.
     *
     * @return flags, 0..255.
     */
    public int flags()
    {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    /**
     * Set the response flag bits.
     *
     * @param flags bits of {@code FLAG_TC}, {@code FLAG_AA}, {@code FLAG_RA}.
     * @return this.
     */
    public ResultRecordFlyweight flags(final int flags)
    {
        mutableBuffer.putByte(offset + FLAGS_OFFSET, (byte) flags);
        return this;
    }

    /**
     * Outcome of the query.
     *
     * @return one of {@link Outcome}, or another value for an invalid record.
     */
    public int outcome()
    {
        return buffer.getByte(offset + OUTCOME_OFFSET) & 0xFF;
    }

    /**
     * Set the outcome of the query.
     *
     * @param outcome one of {@link Outcome}.
     * @return this.
     */
    public ResultRecordFlyweight outcome(final int outcome)
    {
        mutableBuffer.putByte(offset + OUTCOME_OFFSET, (byte) outcome);
        return this;
    }

    /**
     * ANCOUNT of the response.
     *
     * @return answer count, 0..65535.
     */
    public int answerCount()
    {
        return buffer.getShort(offset + ANSWER_COUNT_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Set the ANCOUNT of the response.
     *
     * @param answerCount answer count, low 16 bits kept.
     * @return this.
     */
    public ResultRecordFlyweight answerCount(final int answerCount)
    {
        mutableBuffer.putShort(offset + ANSWER_COUNT_OFFSET, (short) answerCount, BYTE_ORDER);
        return this;
    }

    /**
     * Length of the response.
     *
     * @return bytes, 0..65535.
     */
    public int responseLength()
    {
        return buffer.getShort(offset + RESPONSE_LENGTH_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Set the length of the response.
     *
     * @param responseLength bytes, low 16 bits kept.
     * @return this.
     */
    public ResultRecordFlyweight responseLength(final int responseLength)
    {
        mutableBuffer.putShort(offset + RESPONSE_LENGTH_OFFSET, (short) responseLength, BYTE_ORDER);
        return this;
    }

    /**
     * DNS message id used for the query.
     *
     * @return id, 0..65535.
     */
    public int queryId()
    {
        return buffer.getShort(offset + QUERY_ID_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Set the DNS message id used for the query.
     *
     * @param queryId id, low 16 bits kept.
     * @return this.
     */
    public ResultRecordFlyweight queryId(final int queryId)
    {
        mutableBuffer.putShort(offset + QUERY_ID_OFFSET, (short) queryId, BYTE_ORDER);
        return this;
    }

    /**
     * Layout version of the record.
     *
     * @return version, 0..255; {@link ResultRecordDescriptor#VERSION} for records this code wrote.
     */
    public int version()
    {
        return buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
    }

    /**
     * Set the layout version (tests and migration tools; {@link #reset()} and {@code set(...)} write it already).
     *
     * @param version layout version.
     * @return this.
     */
    public ResultRecordFlyweight version(final int version)
    {
        mutableBuffer.putByte(offset + VERSION_OFFSET, (byte) version);
        return this;
    }

    /**
     * Copy this record's bytes to another buffer.
     *
     * @param destination to copy into.
     * @param destinationOffset where the copy starts.
     */
    public void copyTo(final MutableDirectBuffer destination, final int destinationOffset)
    {
        destination.putBytes(destinationOffset, buffer, offset, RECORD_LENGTH);
    }

    /**
     * A one-line description for logs and error messages (allocates: cold path only).
     *
     * @return the fields as {@code name=value} pairs.
     */
    @Override
    public String toString()
    {
        if (null == buffer)
        {
            return "ResultRecordFlyweight{unwrapped}";
        }

        return "ResultRecord{intendedNs=" + intendedNs() +
            ", sentNs=" + sentNs() +
            ", receivedNs=" + receivedNs() +
            ", worker=" + worker() +
            ", ammoIndex=" + ammoIndex() +
            ", qtype=" + qtype() +
            ", rcode=" + rcode() +
            ", flags=0x" + Integer.toHexString(flags()) +
            ", outcome=" + Outcome.name(outcome()) +
            ", answerCount=" + answerCount() +
            ", responseLength=" + responseLength() +
            ", queryId=" + queryId() +
            ", version=" + version() + "}";
    }
}
