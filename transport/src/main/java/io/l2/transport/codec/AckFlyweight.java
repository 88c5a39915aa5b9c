package io.l2.transport.codec;

import org.agrona.MutableDirectBuffer;

import static io.l2.transport.codec.ControlCodec.BYTE_ORDER;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Ack: a host accepts a fire (or another request with a correlation id).
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
 *     <li>{@code host}: uint16 length, then at most {@link ControlCodec#MAX_NAME_LENGTH} bytes of UTF-8; the sender's (or, for a fire, the addressed) host name.</li>
 *     <li>{@code queue}: uint16 length, then at most {@link ControlCodec#MAX_REASON_LENGTH} bytes of UTF-8; where the acking host records the shoot (its Chronicle Queue's directory), for replay there.</li>
 * </ol>
 */
public final class AckFlyweight extends ControlMessageFlyweight
{
    /**
     * Message type in the header.
     */
    public static final int TEMPLATE_ID = 3;

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

    private static final int HOST_FIELD = 0;
    private static final int QUEUE_FIELD = 1;
    private static final int[] VAR_FIELD_MAX_LENGTHS = { ControlCodec.MAX_NAME_LENGTH, ControlCodec.MAX_REASON_LENGTH };
    private static final boolean[] VAR_FIELD_BLOBS = { false, false };
    private static final int HEADER_LENGTH = MessageHeaderFlyweight.ENCODED_LENGTH;


    /**
     * An unwrapped flyweight; wrap it to encode, or decode into it.
     */
    public AckFlyweight()
    {
        super(TEMPLATE_ID, BLOCK_LENGTH, VAR_FIELD_MAX_LENGTHS, VAR_FIELD_BLOBS);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public AckFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
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
    public AckFlyweight correlationId(final long correlationId)
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
    public AckFlyweight shootId(final long shootId)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + SHOOT_ID_OFFSET, shootId, BYTE_ORDER);
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
    public AckFlyweight host(final CharSequence host)
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
     * Append {@code queue}: where the acking host records the shoot.
     *
     * @param queue UTF-8 encoded, at most {@link ControlCodec#MAX_REASON_LENGTH} bytes; null for empty.
     * @return this.
     * @throws IllegalArgumentException when too long.
     * @throws IllegalStateException when out of order.
     */
    public AckFlyweight queue(final CharSequence queue)
    {
        putString(QUEUE_FIELD, queue);
        return this;
    }

    /**
     * {@code queue}, decoded (allocates): where the acking host records the shoot.
     *
     * @return the text, empty when not written.
     */
    public String queue()
    {
        return getString(QUEUE_FIELD);
    }

    /**
     * Length of {@code queue}.
     *
     * @return bytes, 0 when not written.
     */
    public int queueLength()
    {
        return varFieldLength(QUEUE_FIELD);
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
            return "AckFlyweight{unwrapped}";
        }

        return "Ack{correlationId=" + correlationId() +
            ", shootId=" + shootId() +
            ", host=" + host() +
            ", queue=" + queue() +
            "}";
    }
}
