package io.l2.engine.codec;

import org.agrona.MutableDirectBuffer;

import static io.l2.engine.codec.DnsDescriptor.MAX_LABEL_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.MAX_NAME_LENGTH;

/**
 * Converts a domain name from presentation form ({@code www.example.test.}) to uncompressed wire form, writing the
 * labels straight into the destination buffer (cold path: once per ammo line). No allocation, no exception: a bad
 * name is a negative reason code, which {@link #reason} turns into text.
 * <p>
 * It accepts exactly the names dnsjava's {@code Name.fromString(name, Name.root)} accepts, and writes the bytes
 * that {@code toWire()} gives for them:
 * <ul>
 *     <li>a name is absolute whether or not it ends in a dot ({@code www.example.test} is {@code
 *     www.example.test.}); {@code .} and {@code @} are the root;</li>
 *     <li>{@code \DDD} (exactly three decimal digits, at most 255) is that byte; a backslash before any other
 *     character is that character ({@code \.} a dot inside a label, {@code \\} a backslash);</li>
 *     <li>every other byte, 0x80..0xFF included, is itself: case is kept as written;</li>
 *     <li>a label is 1..{@value DnsDescriptor#MAX_LABEL_LENGTH} bytes, the name at most
 *     {@value DnsDescriptor#MAX_NAME_LENGTH} bytes on the wire, its root label included.</li>
 * </ul>
 * When two things are wrong, the reason is the first one met from the left, as with dnsjava. Stateless and thread
 * safe.
 */
public final class DnsNameEncoder
{
    /** The name has no characters. */
    public static final int EMPTY_NAME = -1;
    /** A dot begins the name or follows another dot ({@code a..b}). */
    public static final int EMPTY_LABEL = -2;
    /** A label of more than {@value DnsDescriptor#MAX_LABEL_LENGTH} bytes. */
    public static final int LABEL_TOO_LONG = -3;
    /** A backslash at the end, or {@code \D} or {@code \DD} not followed by a digit, or {@code \DDD} above 255. */
    public static final int BAD_ESCAPE = -4;
    /** More than {@value DnsDescriptor#MAX_NAME_LENGTH} bytes on the wire. */
    public static final int NAME_TOO_LONG = -5;
    /** A {@code char} above 0xFF (only from {@link #encode(CharSequence, MutableDirectBuffer, int)}). */
    public static final int ILLEGAL_CHARACTER = -6;

    private static final int ROOT_LABEL = 0;

    private DnsNameEncoder()
    {
    }

    /**
     * The most bytes {@link #encode} may write for a name of {@code textLength} characters: the room to leave.
     *
     * @param textLength length of the name in presentation form, characters.
     * @return {@code min(textLength + 2, 255)}: one length byte per label, the root label; escapes only shrink.
     */
    public static int maxEncodedLength(final int textLength)
    {
        return Math.min(textLength + 2, MAX_NAME_LENGTH);
    }

    /**
     * Writes the wire form of the name held in {@code text[from, to)}, one byte per character (ISO-8859-1, as ammo
     * is read).
     *
     * @param text   holds the name in presentation form.
     * @param from   index of its first byte.
     * @param to     index after its last byte.
     * @param dst    destination, with room for {@link #maxEncodedLength maxEncodedLength(to - from)} bytes from
     *               {@code offset}; after a negative return the bytes there are undefined.
     * @param offset where the name starts in {@code dst}.
     * @return the length of the wire form, 1..255 bytes, or a negative reason code ({@link #EMPTY_NAME} …).
     */
    public static int encode(
        final byte[] text, final int from, final int to, final MutableDirectBuffer dst, final int offset)
    {
        return encode(text, from, to, to, dst, offset);
    }

    /**
     * Writes the wire form of a name given as text; see {@link #encode(byte[], int, int, MutableDirectBuffer,
     * int)}. Allocates a copy of the name.
     *
     * @param name   the name in presentation form; a {@code char} above 0xFF is {@link #ILLEGAL_CHARACTER}.
     * @param dst    destination, with room for {@link #maxEncodedLength maxEncodedLength(name.length())} bytes.
     * @param offset where the name starts in {@code dst}.
     * @return the length of the wire form, 1..255 bytes, or a negative reason code.
     */
    public static int encode(final CharSequence name, final MutableDirectBuffer dst, final int offset)
    {
        final int length = name.length();
        final byte[] text = new byte[length];
        int limit = length;
        for (int i = length - 1; i >= 0; i--)
        {
            final char c = name.charAt(i);
            if (c > 0xFF)
            {
                limit = i;
            }
            text[i] = (byte) c;
        }
        return encode(text, 0, length, limit, dst, offset);
    }

    /**
     * dnsjava's words for a reason code, as they follow the name in its message.
     *
     * @param code a negative value returned by {@link #encode}.
     * @return e.g. {@code invalid empty label}.
     */
    public static String reason(final int code)
    {
        return switch (code)
        {
            case EMPTY_NAME -> "empty name";
            case EMPTY_LABEL -> "invalid empty label";
            case LABEL_TOO_LONG -> "label too long";
            case BAD_ESCAPE -> "bad escape";
            case NAME_TOO_LONG -> "Name too long";
            case ILLEGAL_CHARACTER -> "Illegal character in name";
            default -> "unknown reason " + code;
        };
    }

    /**
     * The state machine of dnsjava's {@code Name(String, Name)}, with the same order of checks. {@code limit} is
     * where the first illegal character sits ({@code to} when there is none): reaching it before {@code to} is
     * {@link #ILLEGAL_CHARACTER}, whatever was being parsed, since dnsjava checks each character before using it.
     */
    private static int encode(
        final byte[] text,
        final int from,
        final int to,
        final int limit,
        final MutableDirectBuffer dst,
        final int offset)
    {
        final int textLength = to - from;
        if (1 == textLength && limit == to && ('.' == text[from] || '@' == text[from]))
        {
            dst.putByte(offset, (byte) ROOT_LABEL);
            return 1;
        }
        if (0 == textLength)
        {
            return EMPTY_NAME;
        }

        final int end = offset + MAX_NAME_LENGTH;
        int labelOffset = offset;
        int labelLength = 0;
        int i = from;
        while (i < limit)
        {
            int c = text[i++] & 0xFF;
            if ('.' == c)
            {
                if (0 == labelLength)
                {
                    return EMPTY_LABEL;
                }
                final int nextLabelOffset = labelOffset + 1 + labelLength;
                if (nextLabelOffset - offset > MAX_NAME_LENGTH)
                {
                    return NAME_TOO_LONG;
                }
                dst.putByte(labelOffset, (byte) labelLength);
                labelOffset = nextLabelOffset;
                labelLength = 0;
                continue;
            }
            if ('\\' == c)
            {
                if (i == limit)
                {
                    return limit < to ? ILLEGAL_CHARACTER : BAD_ESCAPE;
                }
                c = text[i++] & 0xFF;
                if (c >= '0' && c <= '9')
                {
                    c -= '0';
                    for (int digits = 1; digits < 3; digits++)
                    {
                        if (i == limit)
                        {
                            return limit < to ? ILLEGAL_CHARACTER : BAD_ESCAPE;
                        }
                        final int digit = (text[i++] & 0xFF) - '0';
                        if (digit < 0 || digit > 9)
                        {
                            return BAD_ESCAPE;
                        }
                        c = c * 10 + digit;
                    }
                    if (c > 0xFF)
                    {
                        return BAD_ESCAPE;
                    }
                }
            }
            if (MAX_LABEL_LENGTH == labelLength)
            {
                return LABEL_TOO_LONG;
            }
            final int position = labelOffset + 1 + labelLength;
            if (position < end)
            {
                dst.putByte(position, (byte) c);
            }
            labelLength++;
        }
        if (limit < to)
        {
            return ILLEGAL_CHARACTER;
        }

        if (labelLength > 0)
        {
            final int nextLabelOffset = labelOffset + 1 + labelLength;
            if (nextLabelOffset - offset > MAX_NAME_LENGTH)
            {
                return NAME_TOO_LONG;
            }
            dst.putByte(labelOffset, (byte) labelLength);
            labelOffset = nextLabelOffset;
        }
        if (labelOffset - offset + 1 > MAX_NAME_LENGTH)
        {
            return NAME_TOO_LONG;
        }
        dst.putByte(labelOffset, (byte) ROOT_LABEL);
        return labelOffset - offset + 1;
    }
}
