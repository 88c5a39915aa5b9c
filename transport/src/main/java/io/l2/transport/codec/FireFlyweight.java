package io.l2.transport.codec;

import org.agrona.MutableDirectBuffer;

import static io.l2.transport.codec.ControlCodec.BYTE_ORDER;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Fire: the runner tells one host to take part in a shoot, with its share and the instant every host starts.
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
 *  |                      startEpochNs (int64)                     | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        leaseMs (int32)                        | 24
 *  +---------------------------------------------------------------+
 *  |                       hostIndex (int32)                       | 28
 *  +---------------------------------------------------------------+
 *  |                       hostCount (int32)                       | 32
 *  +---------------------------------------------------------------+
 *  |                         flags (int32)                         | 36
 *  +---------------------------------------------------------------+
 * </pre>
 * Then, in this order (the order in which they must be encoded):
 * <ol>
 *     <li>{@code host}: uint16 length, then at most {@link ControlCodec#MAX_NAME_LENGTH} bytes of UTF-8; the sender's (or, for a fire, the addressed) host name.</li>
 *     <li>{@code plan}: uint32 length, then at most {@link ControlCodec#MAX_BLOB_LENGTH} opaque bytes; the resolved plan, opaque to the transport.</li>
 * </ol>
 */
public final class FireFlyweight extends ControlMessageFlyweight
{
    /**
     * Message type in the header.
     */
    public static final int TEMPLATE_ID = 2;

    /**
     * Offset in the fixed block of {@code correlationId} (int64).
     */
    public static final int CORRELATION_ID_OFFSET = 0;

    /**
     * Offset in the fixed block of {@code shootId} (int64).
     */
    public static final int SHOOT_ID_OFFSET = CORRELATION_ID_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code startEpochNs} (int64).
     */
    public static final int START_EPOCH_NS_OFFSET = SHOOT_ID_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code leaseMs} (int32).
     */
    public static final int LEASE_MS_OFFSET = START_EPOCH_NS_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code hostIndex} (int32).
     */
    public static final int HOST_INDEX_OFFSET = LEASE_MS_OFFSET + SIZE_OF_INT;

    /**
     * Offset in the fixed block of {@code hostCount} (int32).
     */
    public static final int HOST_COUNT_OFFSET = HOST_INDEX_OFFSET + SIZE_OF_INT;

    /**
     * Offset in the fixed block of {@code flags} (int32).
     */
    public static final int FLAGS_OFFSET = HOST_COUNT_OFFSET + SIZE_OF_INT;

    /**
     * Length of the fixed block in bytes.
     */
    public static final int BLOCK_LENGTH = FLAGS_OFFSET + SIZE_OF_INT;

    /**
     * Flag: check only. The host checks the fire as it would shoot it (plan, ammo, target) and acks or refuses, but
     * sends no query and keeps no state.
     */
    public static final int FLAG_DRY_RUN = 1;

    private static final int HOST_FIELD = 0;
    private static final int PLAN_FIELD = 1;
    private static final int[] VAR_FIELD_MAX_LENGTHS = { ControlCodec.MAX_NAME_LENGTH, ControlCodec.MAX_BLOB_LENGTH };
    private static final boolean[] VAR_FIELD_BLOBS = { false, true };
    private static final int HEADER_LENGTH = MessageHeaderFlyweight.ENCODED_LENGTH;


    /**
     * An unwrapped flyweight; wrap it to encode, or decode into it.
     */
    public FireFlyweight()
    {
        super(TEMPLATE_ID, BLOCK_LENGTH, VAR_FIELD_MAX_LENGTHS, VAR_FIELD_BLOBS);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public FireFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
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
    public FireFlyweight correlationId(final long correlationId)
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
    public FireFlyweight shootId(final long shootId)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + SHOOT_ID_OFFSET, shootId, BYTE_ORDER);
        return this;
    }

    /**
     * Instant every host starts shooting.
     *
     * @return ns since the epoch, on the hosts' clocks.
     */
    public long startEpochNs()
    {
        return buffer.getLong(offset + HEADER_LENGTH + START_EPOCH_NS_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: instant every host starts shooting.
     *
     * @param startEpochNs ns since the epoch, on the hosts' clocks.
     * @return this.
     */
    public FireFlyweight startEpochNs(final long startEpochNs)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + START_EPOCH_NS_OFFSET, startEpochNs, BYTE_ORDER);
        return this;
    }

    /**
     * Lease of the runner: a host stops by itself when it has not heard the runner for this long.
     *
     * @return ms.
     */
    public int leaseMs()
    {
        return buffer.getInt(offset + HEADER_LENGTH + LEASE_MS_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: lease of the runner: a host stops by itself when it has not heard the runner for this long.
     *
     * @param leaseMs ms.
     * @return this.
     */
    public FireFlyweight leaseMs(final int leaseMs)
    {
        mutableBuffer.putInt(offset + HEADER_LENGTH + LEASE_MS_OFFSET, leaseMs, BYTE_ORDER);
        return this;
    }

    /**
     * Index of the addressed host among the hosts of the shoot.
     *
     * @return 0..hostCount-1.
     */
    public int hostIndex()
    {
        return buffer.getInt(offset + HEADER_LENGTH + HOST_INDEX_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: index of the addressed host among the hosts of the shoot.
     *
     * @param hostIndex 0..hostCount-1.
     * @return this.
     */
    public FireFlyweight hostIndex(final int hostIndex)
    {
        mutableBuffer.putInt(offset + HEADER_LENGTH + HOST_INDEX_OFFSET, hostIndex, BYTE_ORDER);
        return this;
    }

    /**
     * Number of hosts that share the shoot.
     *
     * @return count of hosts.
     */
    public int hostCount()
    {
        return buffer.getInt(offset + HEADER_LENGTH + HOST_COUNT_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: number of hosts that share the shoot.
     *
     * @param hostCount count of hosts.
     * @return this.
     */
    public FireFlyweight hostCount(final int hostCount)
    {
        mutableBuffer.putInt(offset + HEADER_LENGTH + HOST_COUNT_OFFSET, hostCount, BYTE_ORDER);
        return this;
    }

    /**
     * Flags of the fire: {@link #FLAG_DRY_RUN}; other bits are zero.
     *
     * @return the flags.
     */
    public int flags()
    {
        return buffer.getInt(offset + HEADER_LENGTH + FLAGS_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: flags of the fire.
     *
     * @param flags {@link #FLAG_DRY_RUN} or 0.
     * @return this.
     */
    public FireFlyweight flags(final int flags)
    {
        mutableBuffer.putInt(offset + HEADER_LENGTH + FLAGS_OFFSET, flags, BYTE_ORDER);
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
    public FireFlyweight host(final CharSequence host)
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
     * Append {@code plan}: the resolved plan, opaque to the transport.
     *
     * @param src       bytes to copy; may be null when length is 0.
     * @param srcOffset first byte to copy.
     * @param length    number of bytes, at most {@link ControlCodec#MAX_BLOB_LENGTH}.
     * @return this.
     * @throws IllegalArgumentException when too long.
     * @throws IllegalStateException when out of order.
     */
    public FireFlyweight plan(final byte[] src, final int srcOffset, final int length)
    {
        putBlob(PLAN_FIELD, src, srcOffset, length);
        return this;
    }

    /**
     * Copy {@code plan} out.
     *
     * @param dst       with room for {@link #planLength()} bytes.
     * @param dstOffset where the copy starts.
     * @return bytes copied.
     */
    public int getPlan(final byte[] dst, final int dstOffset)
    {
        return getBlob(PLAN_FIELD, dst, dstOffset);
    }

    /**
     * Offset in {@link #buffer()} of the first byte of {@code plan}, to read it in place.
     *
     * @return offset of the first byte.
     */
    public int planOffset()
    {
        return varFieldValueOffset(PLAN_FIELD);
    }

    /**
     * Length of {@code plan}.
     *
     * @return bytes, 0 when not written.
     */
    public int planLength()
    {
        return varFieldLength(PLAN_FIELD);
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
            return "FireFlyweight{unwrapped}";
        }

        return "Fire{correlationId=" + correlationId() +
            ", shootId=" + shootId() +
            ", startEpochNs=" + startEpochNs() +
            ", leaseMs=" + leaseMs() +
            ", hostIndex=" + hostIndex() +
            ", hostCount=" + hostCount() +
            ", flags=" + flags() +
            ", host=" + host() +
            ", planLength=" + planLength() +
            "}";
    }
}
