package io.l2.transport.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.l2.transport.codec.ControlCodec.BYTE_ORDER;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * The SBE-shaped header in front of every control message.
 * <p>
 * All fields are unsigned 16-bit, little-endian:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |      blockLength (uint16)     |      templateId (uint16)      |  0
 *  +-------------------------------+-------------------------------+
 *  |       schemaId (uint16)       |       version (uint16)        |  4
 *  +-------------------------------+-------------------------------+
 * </pre>
 * {@code blockLength} is the length of the message's fixed block that follows the header. Zero allocation; not
 * thread-safe; the buffer belongs to the caller. Getters need {@link #ENCODED_LENGTH} bytes from the offset: the
 * caller checks that first.
 */
public final class MessageHeaderFlyweight
{
    /**
     * Offset of the fixed block's length (uint16).
     */
    public static final int BLOCK_LENGTH_OFFSET = 0;

    /**
     * Offset of the template (message type) id (uint16).
     */
    public static final int TEMPLATE_ID_OFFSET = BLOCK_LENGTH_OFFSET + SIZE_OF_SHORT;

    /**
     * Offset of the schema id (uint16).
     */
    public static final int SCHEMA_ID_OFFSET = TEMPLATE_ID_OFFSET + SIZE_OF_SHORT;

    /**
     * Offset of the schema version (uint16).
     */
    public static final int VERSION_OFFSET = SCHEMA_ID_OFFSET + SIZE_OF_SHORT;

    /**
     * Length of the header in bytes.
     */
    public static final int ENCODED_LENGTH = VERSION_OFFSET + SIZE_OF_SHORT;

    private DirectBuffer buffer;
    private MutableDirectBuffer mutableBuffer;
    private int offset;

    /**
     * Wrap a header for reading and writing.
     *
     * @param buffer holding the header.
     * @param offset of the header's first byte.
     * @return this.
     */
    public MessageHeaderFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Wrap a header for reading only.
     *
     * @param buffer holding the header.
     * @param offset of the header's first byte.
     * @return this.
     */
    public MessageHeaderFlyweight wrapForRead(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = null;
        this.offset = offset;
        return this;
    }

    /**
     * Write all four fields, with this schema's id and version.
     *
     * @param blockLength length of the fixed block in bytes.
     * @param templateId  message type.
     * @return this.
     */
    public MessageHeaderFlyweight set(final int blockLength, final int templateId)
    {
        return blockLength(blockLength)
            .templateId(templateId)
            .schemaId(ControlCodec.SCHEMA_ID)
            .version(ControlCodec.SCHEMA_VERSION);
    }

    /**
     * Length of the fixed block.
     *
     * @return bytes, 0..65535.
     */
    public int blockLength()
    {
        return buffer.getShort(offset + BLOCK_LENGTH_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Set the length of the fixed block.
     *
     * @param blockLength bytes, low 16 bits kept.
     * @return this.
     */
    public MessageHeaderFlyweight blockLength(final int blockLength)
    {
        mutableBuffer.putShort(offset + BLOCK_LENGTH_OFFSET, (short) blockLength, BYTE_ORDER);
        return this;
    }

    /**
     * Message type.
     *
     * @return template id, 0..65535.
     */
    public int templateId()
    {
        return buffer.getShort(offset + TEMPLATE_ID_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Set the message type.
     *
     * @param templateId low 16 bits kept.
     * @return this.
     */
    public MessageHeaderFlyweight templateId(final int templateId)
    {
        mutableBuffer.putShort(offset + TEMPLATE_ID_OFFSET, (short) templateId, BYTE_ORDER);
        return this;
    }

    /**
     * Schema id.
     *
     * @return schema id, 0..65535.
     */
    public int schemaId()
    {
        return buffer.getShort(offset + SCHEMA_ID_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Set the schema id.
     *
     * @param schemaId low 16 bits kept.
     * @return this.
     */
    public MessageHeaderFlyweight schemaId(final int schemaId)
    {
        mutableBuffer.putShort(offset + SCHEMA_ID_OFFSET, (short) schemaId, BYTE_ORDER);
        return this;
    }

    /**
     * Schema version.
     *
     * @return version, 0..65535.
     */
    public int version()
    {
        return buffer.getShort(offset + VERSION_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    /**
     * Set the schema version.
     *
     * @param version low 16 bits kept.
     * @return this.
     */
    public MessageHeaderFlyweight version(final int version)
    {
        mutableBuffer.putShort(offset + VERSION_OFFSET, (short) version, BYTE_ORDER);
        return this;
    }
}
