package io.l2.transport.codec;

import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.BlobEncodingDecoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.GroupSizeEncodingDecoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.MessageHeaderDecoder;
import io.l2.transport.codecs.NameEncodingDecoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.codecs.SecondAggregateDecoder;
import io.l2.transport.codecs.TextEncodingDecoder;
import org.agrona.DirectBuffer;

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

/**
 * Checks a received message against the schema before a generated decoder reads a byte of it.
 * <p>
 * Why hand-written: SBE's generated decoders trust every length and count they read. Over a buffer that holds more
 * than the message (an Aeron term buffer) a hostile length makes them read the neighbouring bytes; past the buffer's
 * end they throw; and they never check the maxima the schema puts on lengths and counts (only the encoders do). This
 * class walks the message as the decoders would: the header, the fixed block, each group (its header's block length
 * and count, each entry's fields), then the variable fields, and checks every length against the message's own
 * length and the schema's maximum. It never throws and never allocates. The layouts below are read from the
 * generated codecs; only the order of groups and variable fields is written here, and the codec tests round-trip
 * every message through it.
 * <p>
 * After a positive answer, wrapping the message's generated decoder and reading its fields in schema order stays
 * within the {@code length} bytes checked.
 */
public final class ControlMessageValidator
{
    private static final VarField NAME = new VarField(
        NameEncodingDecoder.lengthEncodingLength(), NameEncodingDecoder.lengthMaxValue());
    private static final VarField TEXT = new VarField(
        TextEncodingDecoder.lengthEncodingLength(), TextEncodingDecoder.lengthMaxValue());
    private static final VarField BLOB = new VarField(
        BlobEncodingDecoder.lengthEncodingLength(), BlobEncodingDecoder.lengthMaxValue());
    private static final int GROUP_HEADER_LENGTH = GroupSizeEncodingDecoder.ENCODED_LENGTH;
    private static final int MAX_GROUP_COUNT = GroupSizeEncodingDecoder.numInGroupMaxValue();

    private static final Layout[] LAYOUTS_BY_TEMPLATE_ID = layouts(
        new Layout(HelloDecoder.TEMPLATE_ID, HelloDecoder.BLOCK_LENGTH,
            new Group[]{ new Group(HelloDecoder.AmmoDecoder.sbeBlockLength(), NAME) }, NAME, NAME, NAME),
        new Layout(FireDecoder.TEMPLATE_ID, FireDecoder.BLOCK_LENGTH, noGroups(), NAME, BLOB),
        new Layout(AckDecoder.TEMPLATE_ID, AckDecoder.BLOCK_LENGTH, noGroups(), NAME, TEXT),
        new Layout(RefuseDecoder.TEMPLATE_ID, RefuseDecoder.BLOCK_LENGTH, noGroups(), NAME, TEXT),
        new Layout(SecondAggregateDecoder.TEMPLATE_ID, SecondAggregateDecoder.BLOCK_LENGTH,
            new Group[]{ new Group(SecondAggregateDecoder.RcodesDecoder.sbeBlockLength()) }, NAME, BLOB),
        new Layout(EndDecoder.TEMPLATE_ID, EndDecoder.BLOCK_LENGTH, noGroups(), NAME, TEXT),
        new Layout(AbortDecoder.TEMPLATE_ID, AbortDecoder.BLOCK_LENGTH, noGroups(), TEXT),
        new Layout(LeaseDecoder.TEMPLATE_ID, LeaseDecoder.BLOCK_LENGTH, noGroups(), NAME));

    private ControlMessageValidator()
    {
    }

    /**
     * Whether a template id names a message of this schema.
     *
     * @param templateId from a header.
     * @return true for a known message.
     */
    public static boolean isKnownTemplate(final int templateId)
    {
        return templateId >= 0 && templateId < LAYOUTS_BY_TEMPLATE_ID.length &&
            null != LAYOUTS_BY_TEMPLATE_ID[templateId];
    }

    /**
     * Check one whole message.
     *
     * @param buffer holding the message.
     * @param offset of the header's first byte.
     * @param length of the message in bytes, as received (without the authentication trailer).
     * @return {@code length} when the message is well formed, else a negative {@link ControlCodec} code.
     */
    public static int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 0 || offset < 0 || (long) offset + length > buffer.capacity())
        {
            return TRUNCATED;
        }
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return TRUNCATED;
        }
        if (SCHEMA_ID != u16(buffer, offset + MessageHeaderDecoder.schemaIdEncodingOffset()))
        {
            return WRONG_SCHEMA;
        }
        if (SCHEMA_VERSION != u16(buffer, offset + MessageHeaderDecoder.versionEncodingOffset()))
        {
            return WRONG_VERSION;
        }
        final int templateId = u16(buffer, offset + MessageHeaderDecoder.templateIdEncodingOffset());
        if (!isKnownTemplate(templateId))
        {
            return WRONG_TEMPLATE;
        }
        final Layout layout = LAYOUTS_BY_TEMPLATE_ID[templateId];
        if (layout.blockLength != u16(buffer, offset + MessageHeaderDecoder.blockLengthEncodingOffset()))
        {
            return WRONG_BLOCK_LENGTH;
        }

        final int end = offset + length;
        int position = offset + MessageHeaderDecoder.ENCODED_LENGTH + layout.blockLength;
        if (position > end)
        {
            return TRUNCATED;
        }
        for (final Group group : layout.groups)
        {
            position = validateGroup(buffer, position, end, group);
            if (position < 0)
            {
                return position;
            }
        }
        position = validateVarFields(buffer, position, end, layout.varFields);
        if (position < 0)
        {
            return position;
        }

        return position == end ? length : TRAILING_BYTES;
    }

    private static int validateGroup(final DirectBuffer buffer, final int start, final int end, final Group group)
    {
        if (start + GROUP_HEADER_LENGTH > end)
        {
            return TRUNCATED;
        }
        if (group.entryBlockLength != u16(buffer, start + GroupSizeEncodingDecoder.blockLengthEncodingOffset()))
        {
            return WRONG_BLOCK_LENGTH;
        }
        final int count = u16(buffer, start + GroupSizeEncodingDecoder.numInGroupEncodingOffset());
        if (count > MAX_GROUP_COUNT)
        {
            return LENGTH_OVER_MAXIMUM;
        }
        int position = start + GROUP_HEADER_LENGTH;
        if (position + (long) count * group.minEntryLength > end)
        {
            return LENGTH_PAST_END;
        }
        for (int i = 0; i < count; i++)
        {
            position += group.entryBlockLength;
            position = validateVarFields(buffer, position, end, group.varFields);
            if (position < 0)
            {
                return position;
            }
        }
        return position;
    }

    private static int validateVarFields(
        final DirectBuffer buffer, final int start, final int end, final VarField[] varFields)
    {
        int position = start;
        for (final VarField field : varFields)
        {
            if (position + field.headerLength > end)
            {
                return TRUNCATED;
            }
            final long fieldLength = 2 == field.headerLength ?
                u16(buffer, position) : buffer.getInt(position, BYTE_ORDER) & 0xFFFF_FFFFL;
            if (fieldLength > field.maxLength)
            {
                return LENGTH_OVER_MAXIMUM;
            }
            if (position + field.headerLength + fieldLength > end)
            {
                return LENGTH_PAST_END;
            }
            position += field.headerLength + (int) fieldLength;
        }
        return position;
    }

    private static int u16(final DirectBuffer buffer, final int index)
    {
        return buffer.getShort(index, BYTE_ORDER) & 0xFFFF;
    }

    private static Group[] noGroups()
    {
        return new Group[0];
    }

    private static Layout[] layouts(final Layout... layouts)
    {
        int maxTemplateId = 0;
        for (final Layout layout : layouts)
        {
            maxTemplateId = Math.max(maxTemplateId, layout.templateId);
        }
        final Layout[] byTemplateId = new Layout[maxTemplateId + 1];
        for (final Layout layout : layouts)
        {
            byTemplateId[layout.templateId] = layout;
        }
        return byTemplateId;
    }

    /**
     * A variable-length field: its length prefix (uint16 or uint32) and the largest length the schema allows.
     */
    private static final class VarField
    {
        final int headerLength;
        final long maxLength;

        VarField(final int headerLength, final long maxLength)
        {
            this.headerLength = headerLength;
            this.maxLength = maxLength;
        }
    }

    /**
     * A repeating group: its entries' fixed block, then the variable fields of each entry, in order.
     */
    private static final class Group
    {
        final int entryBlockLength;
        final VarField[] varFields;
        final int minEntryLength;

        Group(final int entryBlockLength, final VarField... varFields)
        {
            this.entryBlockLength = entryBlockLength;
            this.varFields = varFields;
            int minLength = entryBlockLength;
            for (final VarField field : varFields)
            {
                minLength += field.headerLength;
            }
            this.minEntryLength = minLength;
        }
    }

    /**
     * A message: its template, fixed block, groups and variable fields, in order.
     */
    private static final class Layout
    {
        final int templateId;
        final int blockLength;
        final Group[] groups;
        final VarField[] varFields;

        Layout(final int templateId, final int blockLength, final Group[] groups, final VarField... varFields)
        {
            this.templateId = templateId;
            this.blockLength = blockLength;
            this.groups = groups;
            this.varFields = varFields;
        }
    }
}
