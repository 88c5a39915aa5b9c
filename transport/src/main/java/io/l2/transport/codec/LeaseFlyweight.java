package io.l2.transport.codec;

import org.agrona.MutableDirectBuffer;

import static io.l2.transport.codec.ControlCodec.BYTE_ORDER;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Lease: the runner's heartbeat during a shoot. A daemon that hears no lease (nor any other message of the shoot's
 * runner) for {@code leaseMs} stops shooting by itself: a killed runner leaves no load behind.
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
 *  |                        epochNs (int64)                        | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        leaseMs (int32)                        | 24
 *  +---------------------------------------------------------------+
 *  |                        reserved (int32)                       | 28
 *  +---------------------------------------------------------------+
 * </pre>
 * Then, in this order (the order in which they must be encoded):
 * <ol>
 *     <li>{@code runner}: uint16 length, then at most {@link ControlCodec#MAX_NAME_LENGTH} bytes of UTF-8; the runner's host, for logs.</li>
 * </ol>
 */
public final class LeaseFlyweight extends ControlMessageFlyweight
{
    /**
     * Message type in the header.
     */
    public static final int TEMPLATE_ID = 8;

    /**
     * Offset in the fixed block of {@code correlationId} (int64).
     */
    public static final int CORRELATION_ID_OFFSET = 0;

    /**
     * Offset in the fixed block of {@code shootId} (int64).
     */
    public static final int SHOOT_ID_OFFSET = CORRELATION_ID_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code epochNs} (int64).
     */
    public static final int EPOCH_NS_OFFSET = SHOOT_ID_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code leaseMs} (int32).
     */
    public static final int LEASE_MS_OFFSET = EPOCH_NS_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code reserved} (int32).
     */
    public static final int RESERVED_OFFSET = LEASE_MS_OFFSET + SIZE_OF_INT;

    /**
     * Length of the fixed block in bytes.
     */
    public static final int BLOCK_LENGTH = RESERVED_OFFSET + SIZE_OF_INT;

    private static final int RUNNER_FIELD = 0;
    private static final int[] VAR_FIELD_MAX_LENGTHS = { ControlCodec.MAX_NAME_LENGTH };
    private static final boolean[] VAR_FIELD_BLOBS = { false };
    private static final int HEADER_LENGTH = MessageHeaderFlyweight.ENCODED_LENGTH;


    /**
     * An unwrapped flyweight; wrap it to encode, or decode into it.
     */
    public LeaseFlyweight()
    {
        super(TEMPLATE_ID, BLOCK_LENGTH, VAR_FIELD_MAX_LENGTHS, VAR_FIELD_BLOBS);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public LeaseFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
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
    public LeaseFlyweight correlationId(final long correlationId)
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
    public LeaseFlyweight shootId(final long shootId)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + SHOOT_ID_OFFSET, shootId, BYTE_ORDER);
        return this;
    }

    /**
     * The runner's wall clock when it sent the lease.
     *
     * @return ns since the epoch.
     */
    public long epochNs()
    {
        return buffer.getLong(offset + HEADER_LENGTH + EPOCH_NS_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: the runner's wall clock when it sent the lease.
     *
     * @param epochNs ns since the epoch.
     * @return this.
     */
    public LeaseFlyweight epochNs(final long epochNs)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + EPOCH_NS_OFFSET, epochNs, BYTE_ORDER);
        return this;
    }

    /**
     * How long the lease holds after this message.
     *
     * @return ms.
     */
    public int leaseMs()
    {
        return buffer.getInt(offset + HEADER_LENGTH + LEASE_MS_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: how long the lease holds after this message.
     *
     * @param leaseMs ms.
     * @return this.
     */
    public LeaseFlyweight leaseMs(final int leaseMs)
    {
        mutableBuffer.putInt(offset + HEADER_LENGTH + LEASE_MS_OFFSET, leaseMs, BYTE_ORDER);
        mutableBuffer.putInt(offset + HEADER_LENGTH + RESERVED_OFFSET, 0, BYTE_ORDER);
        return this;
    }

    /**
     * Append {@code runner}: the runner's host, for logs.
     *
     * @param runner UTF-8 encoded, at most {@link ControlCodec#MAX_NAME_LENGTH} bytes; null for empty.
     * @return this.
     * @throws IllegalArgumentException when too long.
     * @throws IllegalStateException when out of order.
     */
    public LeaseFlyweight runner(final CharSequence runner)
    {
        putString(RUNNER_FIELD, runner);
        return this;
    }

    /**
     * {@code runner}, decoded (allocates): the runner's host.
     *
     * @return the text, empty when not written.
     */
    public String runner()
    {
        return getString(RUNNER_FIELD);
    }

    /**
     * Length of {@code runner}.
     *
     * @return bytes, 0 when not written.
     */
    public int runnerLength()
    {
        return varFieldLength(RUNNER_FIELD);
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
            return "LeaseFlyweight{unwrapped}";
        }

        return "Lease{correlationId=" + correlationId() +
            ", shootId=" + shootId() +
            ", epochNs=" + epochNs() +
            ", leaseMs=" + leaseMs() +
            ", runner=" + runner() +
            "}";
    }
}
