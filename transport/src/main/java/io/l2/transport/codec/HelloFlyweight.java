package io.l2.transport.codec;

import org.agrona.MutableDirectBuffer;

import static io.l2.transport.codec.ControlCodec.BYTE_ORDER;
import static io.l2.transport.codec.ControlCodec.LENGTH_OVER_MAXIMUM;
import static io.l2.transport.codec.ControlCodec.LENGTH_PAST_END;
import static io.l2.transport.codec.ControlCodec.MAX_AMMO_COUNT;
import static io.l2.transport.codec.ControlCodec.MAX_NAME_LENGTH;
import static io.l2.transport.codec.ControlCodec.SHA256_LENGTH;
import static io.l2.transport.codec.ControlCodec.TRUNCATED;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * Hello and heartbeat: a daemon announces itself (answering a runner's request with its correlation id) and repeats it every second with correlation id 0 while it lives.
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
 *  |                        epochNs (int64)                        |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                         state (int32)                         | 16
 *  +---------------------------------------------------------------+
 * </pre>
 * Then, in this order (the order in which they must be encoded):
 * <ol>
 *     <li>the ammo group: uint16 count (at most {@link ControlCodec#MAX_AMMO_COUNT}), then per entry the 32-byte SHA-256 of the ammo, a uint16 name length and at most {@link ControlCodec#MAX_NAME_LENGTH} bytes of UTF-8 name;</li>
 *     <li>{@code host}: uint16 length, then at most {@link ControlCodec#MAX_NAME_LENGTH} bytes of UTF-8; the sender's (or, for a fire, the addressed) host name.</li>
 *     <li>{@code datacenter}: uint16 length, then at most {@link ControlCodec#MAX_NAME_LENGTH} bytes of UTF-8; the datacenter of the host.</li>
 *     <li>{@code l2Version}: uint16 length, then at most {@link ControlCodec#MAX_NAME_LENGTH} bytes of UTF-8; the l2 version the daemon runs.</li>
 * </ol>
 */
public final class HelloFlyweight extends ControlMessageFlyweight
{
    /**
     * Message type in the header.
     */
    public static final int TEMPLATE_ID = 1;

    /**
     * Offset in the fixed block of {@code correlationId} (int64).
     */
    public static final int CORRELATION_ID_OFFSET = 0;

    /**
     * Offset in the fixed block of {@code epochNs} (int64).
     */
    public static final int EPOCH_NS_OFFSET = CORRELATION_ID_OFFSET + SIZE_OF_LONG;

    /**
     * Offset in the fixed block of {@code state} (int32).
     */
    public static final int STATE_OFFSET = EPOCH_NS_OFFSET + SIZE_OF_LONG;

    /**
     * Length of the fixed block in bytes.
     */
    public static final int BLOCK_LENGTH = STATE_OFFSET + SIZE_OF_INT;

    private static final int HOST_FIELD = 0;
    private static final int DATACENTER_FIELD = 1;
    private static final int L2_VERSION_FIELD = 2;
    private static final int[] VAR_FIELD_MAX_LENGTHS =
        { ControlCodec.MAX_NAME_LENGTH, ControlCodec.MAX_NAME_LENGTH, ControlCodec.MAX_NAME_LENGTH };
    private static final boolean[] VAR_FIELD_BLOBS = { false, false, false };
    private static final int HEADER_LENGTH = MessageHeaderFlyweight.ENCODED_LENGTH;

    /**
     * State: the daemon waits for a shoot.
     */
    public static final int STATE_WAITING = 0;

    /**
     * State: the daemon is shooting.
     */
    public static final int STATE_SHOOTING = 1;

    /**
     * Length in bytes of an ammo entry without its name: the digest and the name's uint16 length.
     */
    public static final int AMMO_ENTRY_MIN_LENGTH = SHA256_LENGTH + SIZE_OF_SHORT;

    private final int[] ammoEntryOffsets = new int[MAX_AMMO_COUNT];
    private int ammoCountOffset;

    /**
     * An unwrapped flyweight; wrap it to encode, or decode into it.
     */
    public HelloFlyweight()
    {
        super(TEMPLATE_ID, BLOCK_LENGTH, VAR_FIELD_MAX_LENGTHS, VAR_FIELD_BLOBS);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public HelloFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
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
    public HelloFlyweight correlationId(final long correlationId)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + CORRELATION_ID_OFFSET, correlationId, BYTE_ORDER);
        return this;
    }

    /**
     * Wall-clock time at the sender when it sent this.
     *
     * @return ns since the epoch.
     */
    public long epochNs()
    {
        return buffer.getLong(offset + HEADER_LENGTH + EPOCH_NS_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: wall-clock time at the sender when it sent this.
     *
     * @param epochNs ns since the epoch.
     * @return this.
     */
    public HelloFlyweight epochNs(final long epochNs)
    {
        mutableBuffer.putLong(offset + HEADER_LENGTH + EPOCH_NS_OFFSET, epochNs, BYTE_ORDER);
        return this;
    }

    /**
     * State of the daemon.
     *
     * @return {@link #STATE_WAITING} or {@link #STATE_SHOOTING}.
     */
    public int state()
    {
        return buffer.getInt(offset + HEADER_LENGTH + STATE_OFFSET, BYTE_ORDER);
    }

    /**
     * Set: state of the daemon.
     *
     * @param state {@link #STATE_WAITING} or {@link #STATE_SHOOTING}.
     * @return this.
     */
    public HelloFlyweight state(final int state)
    {
        mutableBuffer.putInt(offset + HEADER_LENGTH + STATE_OFFSET, state, BYTE_ORDER);
        return this;
    }

    /**
     * Append an ammo entry; all entries come before {@link #host(CharSequence)}.
     *
     * @param name   of the ammo file, at most {@link ControlCodec#MAX_NAME_LENGTH} UTF-8 bytes.
     * @param sha256 digest of its content, {@link ControlCodec#SHA256_LENGTH} bytes.
     * @return this.
     * @throws IllegalArgumentException when the name is too long or the digest has the wrong length.
     * @throws IllegalStateException when more than {@link ControlCodec#MAX_AMMO_COUNT} or after a variable field.
     */
    public HelloFlyweight addAmmo(final CharSequence name, final byte[] sha256)
    {
        beginGroupEntry();
        final int count = ammoCount();
        if (count >= MAX_AMMO_COUNT)
        {
            throw new IllegalStateException("more than " + MAX_AMMO_COUNT + " ammo entries");
        }
        if (SHA256_LENGTH != sha256.length)
        {
            throw new IllegalArgumentException("sha256 of " + sha256.length + " bytes, not " + SHA256_LENGTH);
        }
        final int nameLength = Utf8.encodedLength(name);
        if (nameLength > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException(
                "ammo name of " + nameLength + " UTF-8 bytes over the maximum of " + MAX_NAME_LENGTH);
        }
        ammoEntryOffsets[count] = limit;
        mutableBuffer.putBytes(limit, sha256);
        mutableBuffer.putShort(limit + SHA256_LENGTH, (short) nameLength, BYTE_ORDER);
        Utf8.encode(name, mutableBuffer, limit + AMMO_ENTRY_MIN_LENGTH);
        limit += AMMO_ENTRY_MIN_LENGTH + nameLength;
        mutableBuffer.putShort(ammoCountOffset, (short) (count + 1), BYTE_ORDER);
        return this;
    }

    /**
     * Number of ammo entries.
     *
     * @return 0..{@link ControlCodec#MAX_AMMO_COUNT}.
     */
    public int ammoCount()
    {
        return buffer.getShort(ammoCountOffset, BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Name of an ammo entry (allocates).
     *
     * @param index 0..{@link #ammoCount()}-1.
     * @return the name.
     */
    public String ammoName(final int index)
    {
        final int entryOffset = ammoEntryOffset(index);
        final int nameLength = buffer.getShort(entryOffset + SHA256_LENGTH, BYTE_ORDER) & 0xFFFF;
        return buffer.getStringWithoutLengthUtf8(entryOffset + AMMO_ENTRY_MIN_LENGTH, nameLength);
    }

    /**
     * Copy the SHA-256 digest of an ammo entry.
     *
     * @param index     0..{@link #ammoCount()}-1.
     * @param dst       with room for {@link ControlCodec#SHA256_LENGTH} bytes.
     * @param dstOffset where the copy starts.
     */
    public void getAmmoSha256(final int index, final byte[] dst, final int dstOffset)
    {
        buffer.getBytes(ammoEntryOffset(index), dst, dstOffset, SHA256_LENGTH);
    }

    private int ammoEntryOffset(final int index)
    {
        if (index < 0 || index >= ammoCount())
        {
            throw new IndexOutOfBoundsException("ammo entry " + index + " of " + ammoCount());
        }
        return ammoEntryOffsets[index];
    }

    /**
     * Append {@code host}: the sender's (or, for a fire, the addressed) host name.
     *
     * @param host UTF-8 encoded, at most {@link ControlCodec#MAX_NAME_LENGTH} bytes; null for empty.
     * @return this.
     * @throws IllegalArgumentException when too long.
     * @throws IllegalStateException when out of order.
     */
    public HelloFlyweight host(final CharSequence host)
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
     * Append {@code datacenter}: the datacenter of the host.
     *
     * @param datacenter UTF-8 encoded, at most {@link ControlCodec#MAX_NAME_LENGTH} bytes; null for empty.
     * @return this.
     * @throws IllegalArgumentException when too long.
     * @throws IllegalStateException when out of order.
     */
    public HelloFlyweight datacenter(final CharSequence datacenter)
    {
        putString(DATACENTER_FIELD, datacenter);
        return this;
    }

    /**
     * {@code datacenter}, decoded (allocates): the datacenter of the host.
     *
     * @return the text, empty when not written.
     */
    public String datacenter()
    {
        return getString(DATACENTER_FIELD);
    }

    /**
     * Length of {@code datacenter}.
     *
     * @return bytes, 0 when not written.
     */
    public int datacenterLength()
    {
        return varFieldLength(DATACENTER_FIELD);
    }

    /**
     * Append {@code l2Version}: the l2 version the daemon runs.
     *
     * @param l2Version UTF-8 encoded, at most {@link ControlCodec#MAX_NAME_LENGTH} bytes; null for empty.
     * @return this.
     * @throws IllegalArgumentException when too long.
     * @throws IllegalStateException when out of order.
     */
    public HelloFlyweight l2Version(final CharSequence l2Version)
    {
        putString(L2_VERSION_FIELD, l2Version);
        return this;
    }

    /**
     * {@code l2Version}, decoded (allocates): the l2 version the daemon runs.
     *
     * @return the text, empty when not written.
     */
    public String l2Version()
    {
        return getString(L2_VERSION_FIELD);
    }

    /**
     * Length of {@code l2Version}.
     *
     * @return bytes, 0 when not written.
     */
    public int l2VersionLength()
    {
        return varFieldLength(L2_VERSION_FIELD);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    protected int wrapGroups(final int position)
    {
        ammoCountOffset = position;
        mutableBuffer.putShort(position, (short) 0, BYTE_ORDER);
        return position + SIZE_OF_SHORT;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    protected int decodeGroups(final int position, final int end)
    {
        final int count = decodeGroupCount(position, end, MAX_AMMO_COUNT, AMMO_ENTRY_MIN_LENGTH);
        if (count < 0)
        {
            return count;
        }
        ammoCountOffset = position;
        int entryOffset = position + SIZE_OF_SHORT;
        for (int i = 0; i < count; i++)
        {
            if (entryOffset + AMMO_ENTRY_MIN_LENGTH > end)
            {
                return TRUNCATED;
            }
            final int nameLength = buffer.getShort(entryOffset + SHA256_LENGTH, BYTE_ORDER) & 0xFFFF;
            if (nameLength > MAX_NAME_LENGTH)
            {
                return LENGTH_OVER_MAXIMUM;
            }
            if (entryOffset + AMMO_ENTRY_MIN_LENGTH + nameLength > end)
            {
                return LENGTH_PAST_END;
            }
            ammoEntryOffsets[i] = entryOffset;
            entryOffset += AMMO_ENTRY_MIN_LENGTH + nameLength;
        }
        return entryOffset;
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
            return "HelloFlyweight{unwrapped}";
        }

        return "Hello{correlationId=" + correlationId() +
            ", epochNs=" + epochNs() +
            ", state=" + state() +
            ", host=" + host() +
            ", datacenter=" + datacenter() +
            ", l2Version=" + l2Version() +
            ", ammoCount=" + ammoCount() +
            "}";
    }
}
