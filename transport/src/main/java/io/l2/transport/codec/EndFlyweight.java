package io.l2.transport.codec;

import org.agrona.MutableDirectBuffer;

import static io.l2.transport.codec.ControlCodec.BYTE_ORDER;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * End: a host has stopped shooting, and says how it ended.
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
 *  |                         status (int32)                        |  8
 *  +---------------------------------------------------------------+
 *  |                      secondCount (int32)                      | 12
 *  +---------------------------------------------------------------+
 *  |                          sent (int64)                         | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        answered (int64)                       | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * The final totals let the runner check that it merged every second the host sent: {@code secondCount} second
 * aggregates, adding up to {@code sent} queries sent and {@code answered} answered.
 * Then, in this order (the order in which they must be encoded):
 * <ol>
 *     <li>{@code host}: uint16 length, then at most {@link ControlCodec#MAX_NAME_LENGTH} bytes of UTF-8; the sender's (or, for a fire, the addressed) host name.</li>
 *     <li>{@code reason}: uint16 length, then at most {@link ControlCodec#MAX_REASON_LENGTH} bytes of UTF-8; why, for the operator; empty when completed.</li>
 * </ol>
 */
public final class EndFlyweight extends ControlMessageFlyweight
{
    /**
     * Message type in the header.
     */
    public static final int TEMPLATE_ID = 6;

    /**
     * Offset in the fixed block of {@code shootId} (int64).
     */
    public static final int SHOOT_ID_OFFSET = 0;

    /**
     * Offset in the fixed block of {@code status} (int32).
     */
    public static final int STATUS_OFFSET = SHOOT_ID_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code secondCount} (int32).
     */
    public static final int SECOND_COUNT_OFFSET = STATUS_OFFSET + SIZE_OF_INT;

    /**
     * Offset in the fixed block of {@code sent} (int64).
     */
    public static final int SENT_OFFSET = SECOND_COUNT_OFFSET + SIZE_OF_INT;

    /**
     * Offset in the fixed block of {@code answered} (int64).
     */
    public static final int ANSWERED_OFFSET = SENT_OFFSET + SIZE_OF_LONG;

    /**
     * Length of the fixed block in bytes.
     */
    public static final int BLOCK_LENGTH = ANSWERED_OFFSET + SIZE_OF_LONG;

    private static final int HOST_FIELD = 0;
    private static final int REASON_FIELD = 1;
    private static final int[] VAR_FIELD_MAX_LENGTHS = { ControlCodec.MAX_NAME_LENGTH, ControlCodec.MAX_REASON_LENGTH };
    private static final boolean[] VAR_FIELD_BLOBS = { false, false };
    private static final int HEADER_LENGTH = MessageHeaderFlyweight.ENCODED_LENGTH;

    /**
     * Status: the shoot ran to its end.
     */
    public static final int STATUS_COMPLETED = 0;

    /**
     * Status: the shoot was aborted on request.
     */
    public static final int STATUS_ABORTED = 1;

    /**
     * Status: the shoot failed on this host.
     */
    public static final int STATUS_FAILED = 2;

    /**
     * Status: the host stopped by itself because the runner's lease ran out.
     */
    public static final int STATUS_LEASE_EXPIRED = 3;

    /**
     * An unwrapped flyweight; wrap it to encode, or decode into it.
     */
    public EndFlyweight()
    {
        super(TEMPLATE_ID, BLOCK_LENGTH, VAR_FIELD_MAX_LENGTHS, VAR_FIELD_BLOBS);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public EndFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
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
    public EndFlyweight shootId(final long shootId)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + SHOOT_ID_OFFSET, shootId, BYTE_ORDER);
        return this;
    }

    /**
     * How the shoot ended on this host.
     *
     * @return one of the {@code STATUS_} constants.
     */
    public int status()
    {
        return buffer.getInt(offset + HEADER_LENGTH + STATUS_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: how the shoot ended on this host.
     *
     * @param status one of the {@code STATUS_} constants.
     * @return this.
     */
    public EndFlyweight status(final int status)
    {
        mutableBuffer.putInt(offset + HEADER_LENGTH + STATUS_OFFSET, status, BYTE_ORDER);
        return this;
    }

    /**
     * Second aggregates the host sent for the shoot.
     *
     * @return the count.
     */
    public int secondCount()
    {
        return buffer.getInt(offset + HEADER_LENGTH + SECOND_COUNT_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: second aggregates the host sent for the shoot.
     *
     * @param secondCount the count.
     * @return this.
     */
    public EndFlyweight secondCount(final int secondCount)
    {
        mutableBuffer.putInt(offset + HEADER_LENGTH + SECOND_COUNT_OFFSET, secondCount, BYTE_ORDER);
        return this;
    }

    /**
     * Queries the host sent in the whole shoot.
     *
     * @return the count.
     */
    public long sent()
    {
        return buffer.getLong(offset + HEADER_LENGTH + SENT_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: queries the host sent in the whole shoot.
     *
     * @param sent the count.
     * @return this.
     */
    public EndFlyweight sent(final long sent)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + SENT_OFFSET, sent, BYTE_ORDER);
        return this;
    }

    /**
     * Responses the host matched in the whole shoot.
     *
     * @return the count.
     */
    public long answered()
    {
        return buffer.getLong(offset + HEADER_LENGTH + ANSWERED_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: responses the host matched in the whole shoot.
     *
     * @param answered the count.
     * @return this.
     */
    public EndFlyweight answered(final long answered)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + ANSWERED_OFFSET, answered, BYTE_ORDER);
        return this;
    }

    /**
     * Append {@code host}: the sender's (or, for a fire, the addressed) host name.
     *
     * @param host UTF-8 encoded, at most {@link ControlCodec#MAX_NAME_LENGTH} bytes; null for empty.
     * @return this.
     * @throws IllegalArgumentException when too long.
     * @throws IllegalStateException when out of order.
     */
    public EndFlyweight host(final CharSequence host)
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
     * Append {@code reason}: why, for the operator; empty when completed.
     *
     * @param reason UTF-8 encoded, at most {@link ControlCodec#MAX_REASON_LENGTH} bytes; null for empty.
     * @return this.
     * @throws IllegalArgumentException when too long.
     * @throws IllegalStateException when out of order.
     */
    public EndFlyweight reason(final CharSequence reason)
    {
        putString(REASON_FIELD, reason);
        return this;
    }

    /**
     * {@code reason}, decoded (allocates): why, for the operator; empty when completed.
     *
     * @return the text, empty when not written.
     */
    public String reason()
    {
        return getString(REASON_FIELD);
    }

    /**
     * Length of {@code reason}.
     *
     * @return bytes, 0 when not written.
     */
    public int reasonLength()
    {
        return varFieldLength(REASON_FIELD);
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
            return "EndFlyweight{unwrapped}";
        }

        return "End{shootId=" + shootId() +
            ", status=" + status() +
            ", secondCount=" + secondCount() +
            ", sent=" + sent() +
            ", answered=" + answered() +
            ", host=" + host() +
            ", reason=" + reason() +
            "}";
    }
}
