package io.l2.transport.codec;

import org.agrona.MutableDirectBuffer;

import static io.l2.transport.codec.ControlCodec.BYTE_ORDER;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Abort: the runner stops a shoot on every host.
 * <p>
 * Sent by the runner or a daemon as {@link ControlMessageFlyweight} describes: zero allocation to encode except what the caller passes, valid only while the buffer holds the message, one flyweight per thread.
 * <p>
 * Fixed block after the {@link MessageHeaderFlyweight} (offsets from the end of the header), little-endian:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     correlationId (int64)                     |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        shootId (int64)                        |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * Then, in this order (the order in which they must be encoded):
 * <ol>
 *     <li>{@code reason}: uint16 length, then at most {@link ControlCodec#MAX_REASON_LENGTH} bytes of UTF-8; why, for the operator.</li>
 * </ol>
 */
public final class AbortFlyweight extends ControlMessageFlyweight
{
    /**
     * Message type in the header.
     */
    public static final int TEMPLATE_ID = 7;

    /**
     * Offset in the fixed block of {@code correlationId} (int64).
     */
    public static final int CORRELATION_ID_OFFSET = 0;

    /**
     * Offset in the fixed block of {@code shootId} (int64).
     */
    public static final int SHOOT_ID_OFFSET = CORRELATION_ID_OFFSET + SIZE_OF_LONG;

    /**
     * Length of the fixed block in bytes.
     */
    public static final int BLOCK_LENGTH = SHOOT_ID_OFFSET + SIZE_OF_LONG;

    private static final int REASON_FIELD = 0;
    private static final int[] VAR_FIELD_MAX_LENGTHS = { ControlCodec.MAX_REASON_LENGTH };
    private static final boolean[] VAR_FIELD_BLOBS = { false };
    private static final int HEADER_LENGTH = MessageHeaderFlyweight.ENCODED_LENGTH;


    /**
     * An unwrapped flyweight; wrap it to encode, or decode into it.
     */
    public AbortFlyweight()
    {
        super(TEMPLATE_ID, BLOCK_LENGTH, VAR_FIELD_MAX_LENGTHS, VAR_FIELD_BLOBS);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public AbortFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        super.wrap(buffer, offset);
        return this;
    }

    /**
     * Correlation id of the request this message belongs to.
     *
     * @return the id the runner chose, echoed in every answer.
     */
    public long correlationId()
    {
        return buffer.getLong(offset + HEADER_LENGTH + CORRELATION_ID_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: correlation id of the request this message belongs to.
     *
     * @param correlationId the id the runner chose, echoed in every answer.
     * @return this.
     */
    public AbortFlyweight correlationId(final long correlationId)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + CORRELATION_ID_OFFSET, correlationId, BYTE_ORDER);
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
    public AbortFlyweight shootId(final long shootId)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + SHOOT_ID_OFFSET, shootId, BYTE_ORDER);
        return this;
    }

    /**
     * Append {@code reason}: why, for the operator.
     *
     * @param reason UTF-8 encoded, at most {@link ControlCodec#MAX_REASON_LENGTH} bytes; null for empty.
     * @return this.
     * @throws IllegalArgumentException when too long.
     * @throws IllegalStateException when out of order.
     */
    public AbortFlyweight reason(final CharSequence reason)
    {
        putString(REASON_FIELD, reason);
        return this;
    }

    /**
     * {@code reason}, decoded (allocates): why, for the operator.
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
            return "AbortFlyweight{unwrapped}";
        }

        return "Abort{correlationId=" + correlationId() +
            ", shootId=" + shootId() +
            ", reason=" + reason() +
            "}";
    }
}
