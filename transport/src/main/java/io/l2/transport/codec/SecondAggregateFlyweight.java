package io.l2.transport.codec;

import org.agrona.MutableDirectBuffer;

import static io.l2.transport.codec.ControlCodec.BYTE_ORDER;
import static io.l2.transport.codec.ControlCodec.MAX_RCODE_COUNT;
import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * Second aggregate: one host's counters for one second of a shoot, with its latency histogram as an opaque, compressed blob the runner merges.
 * <p>
 * Sent by the runner or a daemon as {@link ControlMessageFlyweight} describes: zero allocation to encode except what the caller passes, valid only while the buffer holds the message, one flyweight per thread.
 * <p>
 * Fixed block after the {@link MessageHeaderFlyweight} (offsets from the end of the header), little-endian:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        shootId (int64)                        |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      secondIndex (int64)                      |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       requested (int64)                       | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          sent (int64)                         | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        achieved (int64)                       | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        answered (int64)                       | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        timeouts (int64)                       | 48
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       malformed (int64)                       | 56
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       sendErrors (int64)                      | 64
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       discarded (int64)                       | 72
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * Then, in this order (the order in which they must be encoded):
 * <ol>
 *     <li>the rcode group: uint16 count (at most {@link ControlCodec#MAX_RCODE_COUNT}), then per entry a uint16 rcode and an int64 count of responses;</li>
 *     <li>{@code host}: uint16 length, then at most {@link ControlCodec#MAX_NAME_LENGTH} bytes of UTF-8; the sender's (or, for a fire, the addressed) host name.</li>
 *     <li>{@code histogram}: uint32 length, then at most {@link ControlCodec#MAX_BLOB_LENGTH} opaque bytes; the second's latency histogram, compressed by the runner's side.</li>
 * </ol>
 */
public final class SecondAggregateFlyweight extends ControlMessageFlyweight
{
    /**
     * Message type in the header.
     */
    public static final int TEMPLATE_ID = 5;

    /**
     * Offset in the fixed block of {@code shootId} (int64).
     */
    public static final int SHOOT_ID_OFFSET = 0;

    /**
     * Offset in the fixed block of {@code secondIndex} (int64).
     */
    public static final int SECOND_INDEX_OFFSET = SHOOT_ID_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code requested} (int64).
     */
    public static final int REQUESTED_OFFSET = SECOND_INDEX_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code sent} (int64).
     */
    public static final int SENT_OFFSET = REQUESTED_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code achieved} (int64).
     */
    public static final int ACHIEVED_OFFSET = SENT_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code answered} (int64).
     */
    public static final int ANSWERED_OFFSET = ACHIEVED_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code timeouts} (int64).
     */
    public static final int TIMEOUTS_OFFSET = ANSWERED_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code malformed} (int64).
     */
    public static final int MALFORMED_OFFSET = TIMEOUTS_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code sendErrors} (int64).
     */
    public static final int SEND_ERRORS_OFFSET = MALFORMED_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code discarded} (int64).
     */
    public static final int DISCARDED_OFFSET = SEND_ERRORS_OFFSET + SIZE_OF_LONG;

    /**
     * Length of the fixed block in bytes.
     */
    public static final int BLOCK_LENGTH = DISCARDED_OFFSET + SIZE_OF_LONG;

    private static final int HOST_FIELD = 0;
    private static final int HISTOGRAM_FIELD = 1;
    private static final int[] VAR_FIELD_MAX_LENGTHS = { ControlCodec.MAX_NAME_LENGTH, ControlCodec.MAX_BLOB_LENGTH };
    private static final boolean[] VAR_FIELD_BLOBS = { false, true };
    private static final int HEADER_LENGTH = MessageHeaderFlyweight.ENCODED_LENGTH;

    /**
     * Length in bytes of one (rcode, count) entry: uint16 rcode then int64 count.
     */
    public static final int RCODE_ENTRY_LENGTH = SIZE_OF_SHORT + SIZE_OF_LONG;

    private int rcodeCountOffset;

    /**
     * An unwrapped flyweight; wrap it to encode, or decode into it.
     */
    public SecondAggregateFlyweight()
    {
        super(TEMPLATE_ID, BLOCK_LENGTH, VAR_FIELD_MAX_LENGTHS, VAR_FIELD_BLOBS);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public SecondAggregateFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        super.wrap(buffer, offset);
        return this;
    }

    /**
     * Shoot this message belongs to.
     *
     * @return the shoot id, the same on every host.
     */
    public long shootId()
    {
        return buffer.getLong(offset + HEADER_LENGTH + SHOOT_ID_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: shoot this message belongs to.
     *
     * @param shootId the shoot id, the same on every host.
     * @return this.
     */
    public SecondAggregateFlyweight shootId(final long shootId)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + SHOOT_ID_OFFSET, shootId, BYTE_ORDER);
        return this;
    }

    /**
     * Second of the shoot these counters cover.
     *
     * @return 0 for the first second.
     */
    public long secondIndex()
    {
        return buffer.getLong(offset + HEADER_LENGTH + SECOND_INDEX_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: second of the shoot these counters cover.
     *
     * @param secondIndex 0 for the first second.
     * @return this.
     */
    public SecondAggregateFlyweight secondIndex(final long secondIndex)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + SECOND_INDEX_OFFSET, secondIndex, BYTE_ORDER);
        return this;
    }

    /**
     * Queries the schedule asked for in this second.
     *
     * @return count.
     */
    public long requested()
    {
        return buffer.getLong(offset + HEADER_LENGTH + REQUESTED_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: queries the schedule asked for in this second.
     *
     * @param requested count.
     * @return this.
     */
    public SecondAggregateFlyweight requested(final long requested)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + REQUESTED_OFFSET, requested, BYTE_ORDER);
        return this;
    }

    /**
     * Queries sent in this second.
     *
     * @return count.
     */
    public long sent()
    {
        return buffer.getLong(offset + HEADER_LENGTH + SENT_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: queries sent in this second.
     *
     * @param sent count.
     * @return this.
     */
    public SecondAggregateFlyweight sent(final long sent)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + SENT_OFFSET, sent, BYTE_ORDER);
        return this;
    }

    /**
     * Queries sent on time in this second.
     *
     * @return count.
     */
    public long achieved()
    {
        return buffer.getLong(offset + HEADER_LENGTH + ACHIEVED_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: queries sent on time in this second.
     *
     * @param achieved count.
     * @return this.
     */
    public SecondAggregateFlyweight achieved(final long achieved)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + ACHIEVED_OFFSET, achieved, BYTE_ORDER);
        return this;
    }

    /**
     * Responses received in this second.
     *
     * @return count.
     */
    public long answered()
    {
        return buffer.getLong(offset + HEADER_LENGTH + ANSWERED_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: responses received in this second.
     *
     * @param answered count.
     * @return this.
     */
    public SecondAggregateFlyweight answered(final long answered)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + ANSWERED_OFFSET, answered, BYTE_ORDER);
        return this;
    }

    /**
     * Queries that timed out in this second.
     *
     * @return count.
     */
    public long timeouts()
    {
        return buffer.getLong(offset + HEADER_LENGTH + TIMEOUTS_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: queries that timed out in this second.
     *
     * @param timeouts count.
     * @return this.
     */
    public SecondAggregateFlyweight timeouts(final long timeouts)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + TIMEOUTS_OFFSET, timeouts, BYTE_ORDER);
        return this;
    }

    /**
     * Malformed responses received in this second.
     *
     * @return count.
     */
    public long malformed()
    {
        return buffer.getLong(offset + HEADER_LENGTH + MALFORMED_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: malformed responses received in this second.
     *
     * @param malformed count.
     * @return this.
     */
    public SecondAggregateFlyweight malformed(final long malformed)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + MALFORMED_OFFSET, malformed, BYTE_ORDER);
        return this;
    }

    /**
     * Sends that failed in this second.
     *
     * @return count.
     */
    public long sendErrors()
    {
        return buffer.getLong(offset + HEADER_LENGTH + SEND_ERRORS_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: sends that failed in this second.
     *
     * @param sendErrors count.
     * @return this.
     */
    public SecondAggregateFlyweight sendErrors(final long sendErrors)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + SEND_ERRORS_OFFSET, sendErrors, BYTE_ORDER);
        return this;
    }

    /**
     * Late queries discarded by policy in this second.
     *
     * @return count.
     */
    public long discarded()
    {
        return buffer.getLong(offset + HEADER_LENGTH + DISCARDED_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: late queries discarded by policy in this second.
     *
     * @param discarded count.
     * @return this.
     */
    public SecondAggregateFlyweight discarded(final long discarded)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + DISCARDED_OFFSET, discarded, BYTE_ORDER);
        return this;
    }

    /**
     * Append an (rcode, count) entry; all entries come before {@link #host(CharSequence)}.
     *
     * @param rcode         extended response code, low 16 bits kept.
     * @param responseCount responses with that rcode in this second.
     * @return this.
     * @throws IllegalStateException when more than {@link ControlCodec#MAX_RCODE_COUNT} or after a variable field.
     */
    public SecondAggregateFlyweight addRcode(final int rcode, final long responseCount)
    {
        beginGroupEntry();
        final int count = rcodeEntryCount();
        if (count >= MAX_RCODE_COUNT)
        {
            throw new IllegalStateException("more than " + MAX_RCODE_COUNT + " rcode entries");
        }
        mutableBuffer.putShort(limit, (short) rcode, BYTE_ORDER);
        mutableBuffer.putLong(limit + SIZE_OF_SHORT, responseCount, BYTE_ORDER);
        limit += RCODE_ENTRY_LENGTH;
        mutableBuffer.putShort(rcodeCountOffset, (short) (count + 1), BYTE_ORDER);
        return this;
    }

    /**
     * Number of (rcode, count) entries.
     *
     * @return 0..{@link ControlCodec#MAX_RCODE_COUNT}.
     */
    public int rcodeEntryCount()
    {
        return buffer.getShort(rcodeCountOffset, BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Rcode of an entry.
     *
     * @param index 0..{@link #rcodeEntryCount()}-1.
     * @return the rcode, 0..65535.
     */
    public int rcode(final int index)
    {
        return buffer.getShort(rcodeEntryOffset(index), BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Count of an entry.
     *
     * @param index 0..{@link #rcodeEntryCount()}-1.
     * @return responses with that entry's rcode.
     */
    public long rcodeResponseCount(final int index)
    {
        return buffer.getLong(rcodeEntryOffset(index) + SIZE_OF_SHORT, BYTE_ORDER);
    }

    private int rcodeEntryOffset(final int index)
    {
        if (index < 0 || index >= rcodeEntryCount())
        {
            throw new IndexOutOfBoundsException("rcode entry " + index + " of " + rcodeEntryCount());
        }
        return rcodeCountOffset + SIZE_OF_SHORT + index * RCODE_ENTRY_LENGTH;
    }

    /**
     * Append {@code host}: the sender's (or, for a fire, the addressed) host name.
     *
     * @param host UTF-8 encoded, at most {@link ControlCodec#MAX_NAME_LENGTH} bytes; null for empty.
     * @return this.
     * @throws IllegalArgumentException when too long.
     * @throws IllegalStateException when out of order.
     */
    public SecondAggregateFlyweight host(final CharSequence host)
    {
        putString(HOST_FIELD, host);
        return this;
    }

    /**
     * {@code host}, decoded (allocates): the sender's (or, for a fire, the addressed) host name.
     *
     * @return the text, empty when not written.
     */
    public String host()
    {
        return getString(HOST_FIELD);
    }

    /**
     * Length of {@code host}.
     *
     * @return bytes, 0 when not written.
     */
    public int hostLength()
    {
        return varFieldLength(HOST_FIELD);
    }

    /**
     * Append {@code histogram}: the second's latency histogram, compressed by the runner's side.
     *
     * @param src       bytes to copy; may be null when length is 0.
     * @param srcOffset first byte to copy.
     * @param length    number of bytes, at most {@link ControlCodec#MAX_BLOB_LENGTH}.
     * @return this.
     * @throws IllegalArgumentException when too long.
     * @throws IllegalStateException when out of order.
     */
    public SecondAggregateFlyweight histogram(final byte[] src, final int srcOffset, final int length)
    {
        putBlob(HISTOGRAM_FIELD, src, srcOffset, length);
        return this;
    }

    /**
     * Copy {@code histogram} out.
     *
     * @param dst       with room for {@link #histogramLength()} bytes.
     * @param dstOffset where the copy starts.
     * @return bytes copied.
     */
    public int getHistogram(final byte[] dst, final int dstOffset)
    {
        return getBlob(HISTOGRAM_FIELD, dst, dstOffset);
    }

    /**
     * Offset in {@link #buffer()} of the first byte of {@code histogram}, to read it in place.
     *
     * @return offset of the first byte.
     */
    public int histogramOffset()
    {
        return varFieldValueOffset(HISTOGRAM_FIELD);
    }

    /**
     * Length of {@code histogram}.
     *
     * @return bytes, 0 when not written.
     */
    public int histogramLength()
    {
        return varFieldLength(HISTOGRAM_FIELD);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    protected int wrapGroups(final int position)
    {
        rcodeCountOffset = position;
        mutableBuffer.putShort(position, (short) 0, BYTE_ORDER);
        return position + SIZE_OF_SHORT;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    protected int decodeGroups(final int position, final int end)
    {
        final int count = decodeGroupCount(position, end, MAX_RCODE_COUNT, RCODE_ENTRY_LENGTH);
        if (count < 0)
        {
            return count;
        }
        rcodeCountOffset = position;
        return position + SIZE_OF_SHORT + count * RCODE_ENTRY_LENGTH;
    }

    /**
     * A one-line description for logs (allocates: cold path only).
     *
     * @return the fields as {@code name=value} pairs.
     */
    @Override
    public String toString()
    {
        if (null == buffer)
        {
            return "SecondAggregateFlyweight{unwrapped}";
        }

        return "SecondAggregate{shootId=" + shootId() +
            ", secondIndex=" + secondIndex() +
            ", requested=" + requested() +
            ", sent=" + sent() +
            ", achieved=" + achieved() +
            ", answered=" + answered() +
            ", timeouts=" + timeouts() +
            ", malformed=" + malformed() +
            ", sendErrors=" + sendErrors() +
            ", discarded=" + discarded() +
            ", host=" + host() +
            ", histogramLength=" + histogramLength() +
            ", rcodeEntryCount=" + rcodeEntryCount() +
            "}";
    }
}
