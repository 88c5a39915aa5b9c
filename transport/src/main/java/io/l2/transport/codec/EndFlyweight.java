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
 *  |                        reserved (int32)                       | 12
 *  +---------------------------------------------------------------+
 * </pre>
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
     * Offset in the fixed block of {@code reserved} (int32).
     */
    public static final int RESERVED_OFFSET = STATUS_OFFSET + SIZE_OF_INT;

    /**
     * Length of the fixed block in bytes.
     */
    public static final int BLOCK_LENGTH = RESERVED_OFFSET + SIZE_OF_INT;

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
     * Reserved, written as zero.
     *
     * @return zero.
     */
    public int reserved()
    {
        return buffer.getInt(offset + HEADER_LENGTH + RESERVED_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: reserved, written as zero.
     *
     * @param reserved zero.
     * @return this.
     */
    public EndFlyweight reserved(final int reserved)
    {
        mutableBuffer.putInt(offset + HEADER_LENGTH + RESERVED_OFFSET, reserved, BYTE_ORDER);
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
            ", reserved=" + reserved() +
            ", host=" + host() +
            ", reason=" + reason() +
            "}";
    }
}
