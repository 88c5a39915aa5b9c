package io.l2.transport.codec;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.l2.transport.codec.ControlCodec.BYTE_ORDER;
import static io.l2.transport.codec.ControlCodec.LENGTH_OVER_MAXIMUM;
import static io.l2.transport.codec.ControlCodec.LENGTH_PAST_END;
import static io.l2.transport.codec.ControlCodec.SCHEMA_ID;
import static io.l2.transport.codec.ControlCodec.SCHEMA_VERSION;
import static io.l2.transport.codec.ControlCodec.TRAILING_BYTES;
import static io.l2.transport.codec.ControlCodec.TRUNCATED;
import static io.l2.transport.codec.ControlCodec.WRONG_BLOCK_LENGTH;
import static io.l2.transport.codec.ControlCodec.WRONG_SCHEMA;
import static io.l2.transport.codec.ControlCodec.WRONG_TEMPLATE;
import static io.l2.transport.codec.ControlCodec.WRONG_VERSION;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * What every control message flyweight shares: the header, the fixed block and a running limit over the variable
 * part (SBE style).
 * <p>
 * A message is laid out as {@code header | fixed block | repeating groups | variable fields}. A string is a uint16
 * length then that many UTF-8 bytes; a blob is a uint32 length then that many bytes.
 * <p>
 * Encoding: {@link #wrap(MutableDirectBuffer, int)} writes the header and zeroes the fixed block; fixed fields may then
 * be set in any order, group entries and variable fields only in the order each message documents (an out-of-order
 * or over-long variable field is a caller bug: {@link IllegalStateException} or {@link IllegalArgumentException}).
 * {@link #encodedLength()} is the length to send.
 * <p>
 * Decoding: {@link #decode(DirectBuffer, int, int)} checks the header and every length against the bytes given and
 * answers the encoded length or a negative {@link ControlCodec} code; it never throws and never allocates. Getters of
 * variable fields are valid only after a successful decode (or an encode that wrote them); getters returning
 * {@link String} allocate. Not thread-safe; the buffer belongs to the caller and must not change while wrapped.
 */
public abstract class ControlMessageFlyweight
{
    private final int templateId;
    private final int blockLength;
    private final int varFieldCount;
    private final int[] varFieldMaxLengths;
    private final boolean[] varFieldBlobs;

    /**
     * Buffer wrapped, for reading.
     */
    protected DirectBuffer buffer;

    /**
     * Buffer wrapped, for writing; null after a decode.
     */
    protected MutableDirectBuffer mutableBuffer;

    /**
     * Offset of the header's first byte.
     */
    protected int offset;

    /**
     * Offset of the first byte after the last field written or decoded.
     */
    protected int limit;

    /**
     * Index of the next variable field to encode, to keep them in order.
     */
    protected int nextVarField;

    /**
     * Offsets of the length prefixes of the variable fields, by their index.
     */
    protected final int[] varFieldOffsets;

    /**
     * A flyweight for one template.
     *
     * @param templateId         the message type.
     * @param blockLength        length of its fixed block in bytes.
     * @param varFieldMaxLengths the largest length in bytes of each variable field after the groups, in order.
     * @param varFieldBlobs      for each variable field, true for a blob (uint32 length prefix), false for a
     *                           string (uint16 length prefix).
     */
    protected ControlMessageFlyweight(
        final int templateId, final int blockLength, final int[] varFieldMaxLengths, final boolean[] varFieldBlobs)
    {
        if (varFieldMaxLengths.length != varFieldBlobs.length)
        {
            throw new IllegalArgumentException("one max length and one blob flag per variable field");
        }
        this.templateId = templateId;
        this.blockLength = blockLength;
        this.varFieldCount = varFieldMaxLengths.length;
        this.varFieldMaxLengths = varFieldMaxLengths.clone();
        this.varFieldBlobs = varFieldBlobs.clone();
        this.varFieldOffsets = new int[varFieldCount];
    }

    /**
     * The message type this flyweight reads and writes.
     *
     * @return the template id.
     */
    public final int templateId()
    {
        return templateId;
    }

    /**
     * Length of this message's fixed block.
     *
     * @return bytes.
     */
    public final int blockLength()
    {
        return blockLength;
    }

    /**
     * The buffer wrapped.
     *
     * @return the buffer, or null before the first wrap.
     */
    public final DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Offset of the message in the buffer.
     *
     * @return offset of the header's first byte.
     */
    public final int offset()
    {
        return offset;
    }

    /**
     * Length of the message from its header to the last field written or decoded.
     *
     * @return bytes.
     */
    public final int encodedLength()
    {
        return limit - offset;
    }

    /**
     * Start encoding a message: write the header, zero the fixed block and any group headers.
     *
     * @param buffer to write into, with room for the whole message from offset.
     * @param offset of the header's first byte.
     * @return this.
     */
    public ControlMessageFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = buffer;
        this.offset = offset;
        buffer.putShort(offset + MessageHeaderFlyweight.BLOCK_LENGTH_OFFSET, (short) blockLength, BYTE_ORDER);
        buffer.putShort(offset + MessageHeaderFlyweight.TEMPLATE_ID_OFFSET, (short) templateId, BYTE_ORDER);
        buffer.putShort(offset + MessageHeaderFlyweight.SCHEMA_ID_OFFSET, (short) SCHEMA_ID, BYTE_ORDER);
        buffer.putShort(offset + MessageHeaderFlyweight.VERSION_OFFSET, (short) SCHEMA_VERSION, BYTE_ORDER);
        buffer.setMemory(offset + MessageHeaderFlyweight.ENCODED_LENGTH, blockLength, (byte) 0);
        limit = offset + MessageHeaderFlyweight.ENCODED_LENGTH + blockLength;
        nextVarField = 0;
        limit = wrapGroups(limit);
        return this;
    }

    /**
     * Decode and validate a whole message.
     *
     * @param buffer holding the message.
     * @param offset of the header's first byte.
     * @param length of the message in bytes, as received.
     * @return the encoded length ({@code == length}) or a negative {@link ControlCodec} code.
     */
    public final int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.mutableBuffer = null;
        this.offset = offset;
        this.limit = offset;
        this.nextVarField = varFieldCount;

        if (length < 0 || offset < 0 || (long) offset + length > buffer.capacity())
        {
            return TRUNCATED;
        }
        if (length < MessageHeaderFlyweight.ENCODED_LENGTH)
        {
            return TRUNCATED;
        }
        if (SCHEMA_ID != (buffer.getShort(offset + MessageHeaderFlyweight.SCHEMA_ID_OFFSET, BYTE_ORDER) & 0xFFFF))
        {
            return WRONG_SCHEMA;
        }
        if (SCHEMA_VERSION != (buffer.getShort(offset + MessageHeaderFlyweight.VERSION_OFFSET, BYTE_ORDER) & 0xFFFF))
        {
            return WRONG_VERSION;
        }
        if (templateId != (buffer.getShort(offset + MessageHeaderFlyweight.TEMPLATE_ID_OFFSET, BYTE_ORDER) & 0xFFFF))
        {
            return WRONG_TEMPLATE;
        }
        if (blockLength != (buffer.getShort(offset + MessageHeaderFlyweight.BLOCK_LENGTH_OFFSET, BYTE_ORDER) & 0xFFFF))
        {
            return WRONG_BLOCK_LENGTH;
        }

        final int end = offset + length;
        int position = offset + MessageHeaderFlyweight.ENCODED_LENGTH + blockLength;
        if (position > end)
        {
            return TRUNCATED;
        }

        position = decodeGroups(position, end);
        if (position < 0)
        {
            return position;
        }

        for (int i = 0; i < varFieldCount; i++)
        {
            final int maxLength = varFieldMaxLength(i);
            final boolean isBlob = isBlob(i);
            final int prefixLength = isBlob ? SIZE_OF_INT : SIZE_OF_SHORT;
            if (position + prefixLength > end)
            {
                return TRUNCATED;
            }
            final long fieldLength = isBlob ?
                buffer.getInt(position, BYTE_ORDER) & 0xFFFF_FFFFL :
                buffer.getShort(position, BYTE_ORDER) & 0xFFFF;
            if (fieldLength > maxLength)
            {
                return LENGTH_OVER_MAXIMUM;
            }
            if (position + prefixLength + fieldLength > end)
            {
                return LENGTH_PAST_END;
            }
            varFieldOffsets[i] = position;
            position += prefixLength + (int) fieldLength;
        }

        if (position != end)
        {
            return TRAILING_BYTES;
        }
        limit = position;

        return length;
    }

    /**
     * Largest length of a variable field.
     *
     * @param index of the variable field.
     * @return its largest length in bytes.
     */
    protected final int varFieldMaxLength(final int index)
    {
        return varFieldMaxLengths[index];
    }

    /**
     * Whether a variable field is a blob (uint32 length prefix) rather than a string (uint16 length prefix).
     *
     * @param index of the variable field.
     * @return true for a blob.
     */
    protected final boolean isBlob(final int index)
    {
        return varFieldBlobs[index];
    }

    /**
     * Write the headers of empty repeating groups at the start of the variable part.
     *
     * @param position first byte after the fixed block.
     * @return first byte after the group headers.
     */
    protected int wrapGroups(final int position)
    {
        return position;
    }

    /**
     * Validate the repeating groups.
     *
     * @param position first byte after the fixed block.
     * @param end      first byte after the message.
     * @return first byte after the groups, or a negative {@link ControlCodec} code.
     */
    protected int decodeGroups(final int position, final int end)
    {
        return position;
    }

    /**
     * Check that the next variable field to encode is the one at index.
     *
     * @param index of the variable field about to be written.
     */
    protected final void beginVarField(final int index)
    {
        if (null == mutableBuffer)
        {
            throw new IllegalStateException("not wrapped for encoding");
        }
        if (index != nextVarField)
        {
            throw new IllegalStateException(
                "variable field " + index + " written out of order: expected field " + nextVarField);
        }
        nextVarField = index + 1;
        varFieldOffsets[index] = limit;
    }

    /**
     * Append a string variable field at the limit.
     *
     * @param index     of the variable field.
     * @param value     to write as UTF-8; null writes an empty string.
     * @return this.
     */
    protected final ControlMessageFlyweight putString(final int index, final CharSequence value)
    {
        final int maxLength = varFieldMaxLength(index);
        final int length = null == value ? 0 : Utf8.encodedLength(value);
        if (length > maxLength)
        {
            throw new IllegalArgumentException(
                "string of " + length + " UTF-8 bytes over the maximum of " + maxLength + " for field " + index);
        }
        beginVarField(index);
        mutableBuffer.putShort(limit, (short) length, BYTE_ORDER);
        if (length > 0)
        {
            Utf8.encode(value, mutableBuffer, limit + SIZE_OF_SHORT);
        }
        limit += SIZE_OF_SHORT + length;
        return this;
    }

    /**
     * Append a blob variable field at the limit.
     *
     * @param index       of the variable field.
     * @param src         bytes to copy; null with length 0 writes an empty blob.
     * @param srcOffset   first byte to copy.
     * @param length      number of bytes.
     * @return this.
     */
    protected final ControlMessageFlyweight putBlob(
        final int index, final byte[] src, final int srcOffset, final int length)
    {
        final int maxLength = varFieldMaxLength(index);
        if (length < 0 || length > maxLength)
        {
            throw new IllegalArgumentException(
                "blob of " + length + " bytes outside 0.." + maxLength + " for field " + index);
        }
        beginVarField(index);
        mutableBuffer.putInt(limit, length, BYTE_ORDER);
        if (length > 0)
        {
            mutableBuffer.putBytes(limit + SIZE_OF_INT, src, srcOffset, length);
        }
        limit += SIZE_OF_INT + length;
        return this;
    }

    /**
     * Length of a written or decoded variable field.
     *
     * @param index of the variable field.
     * @return its length in bytes, 0 when it was not written.
     */
    protected final int varFieldLength(final int index)
    {
        if (index >= nextVarField)
        {
            return 0;
        }
        return isBlob(index) ?
            buffer.getInt(varFieldOffsets[index], BYTE_ORDER) :
            buffer.getShort(varFieldOffsets[index], BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Offset in the buffer of the first byte of a written or decoded variable field's value.
     *
     * @param index of the variable field.
     * @return offset of its first byte.
     */
    protected final int varFieldValueOffset(final int index)
    {
        return varFieldOffsets[index] + (isBlob(index) ? SIZE_OF_INT : SIZE_OF_SHORT);
    }

    /**
     * A string variable field (allocates).
     *
     * @param index of the variable field.
     * @return its value, decoded from UTF-8 (malformed bytes become U+FFFD); empty when not written.
     */
    protected final String getString(final int index)
    {
        final int length = varFieldLength(index);
        if (0 == length)
        {
            return "";
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(varFieldValueOffset(index), bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Copy a blob variable field.
     *
     * @param index     of the variable field.
     * @param dst       to copy into, with room for the field's length.
     * @param dstOffset where the copy starts.
     * @return the number of bytes copied.
     */
    protected final int getBlob(final int index, final byte[] dst, final int dstOffset)
    {
        final int length = varFieldLength(index);
        buffer.getBytes(varFieldValueOffset(index), dst, dstOffset, length);
        return length;
    }

    /**
     * Check the start of a group entry while encoding: wrapped for encoding and no variable field written yet.
     */
    protected final void beginGroupEntry()
    {
        if (null == mutableBuffer)
        {
            throw new IllegalStateException("not wrapped for encoding");
        }
        if (0 != nextVarField)
        {
            throw new IllegalStateException("group entries must be written before the variable fields");
        }
    }

    /**
     * Read a uint16 count of a group header and check it against its maximum and the bytes left.
     *
     * @param position    of the count.
     * @param end         first byte after the message.
     * @param maxCount    largest count allowed.
     * @param entryLength smallest length of one entry in bytes.
     * @return the count, or a negative {@link ControlCodec} code.
     */
    protected final int decodeGroupCount(final int position, final int end, final int maxCount, final int entryLength)
    {
        if (position + SIZE_OF_SHORT > end)
        {
            return TRUNCATED;
        }
        final int count = buffer.getShort(position, BYTE_ORDER) & 0xFFFF;
        if (count > maxCount)
        {
            return LENGTH_OVER_MAXIMUM;
        }
        if (position + SIZE_OF_SHORT + (long) count * entryLength > end)
        {
            return LENGTH_PAST_END;
        }
        return count;
    }
}
