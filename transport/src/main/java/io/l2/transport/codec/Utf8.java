package io.l2.transport.codec;

import org.agrona.MutableDirectBuffer;

/**
 * UTF-8 encoding of a {@link CharSequence} straight into a buffer, without the garbage of {@code String.getBytes}.
 * An unpaired surrogate is written as {@code '?'}, as {@link java.nio.charset.StandardCharsets#UTF_8} does.
 */
public final class Utf8
{
    private Utf8()
    {
    }

    /**
     * Length of a text in UTF-8.
     *
     * @param value the text.
     * @return its length in bytes once encoded.
     */
    public static int encodedLength(final CharSequence value)
    {
        int length = 0;
        final int n = value.length();
        for (int i = 0; i < n; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                length += 1;
            }
            else if (c < 0x800)
            {
                length += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                length += 4;
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                length += 1;
            }
            else
            {
                length += 3;
            }
        }
        return length;
    }

    /**
     * Encode a text as UTF-8 into a buffer.
     *
     * @param value  the text.
     * @param buffer with room for {@link #encodedLength(CharSequence)} bytes from the offset.
     * @param offset of the first byte written.
     * @return the number of bytes written.
     */
    public static int encode(final CharSequence value, final MutableDirectBuffer buffer, final int offset)
    {
        int position = offset;
        final int n = value.length();
        for (int i = 0; i < n; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                buffer.putByte(position++, (byte) c);
            }
            else if (c < 0x800)
            {
                buffer.putByte(position++, (byte) (0xC0 | (c >> 6)));
                buffer.putByte(position++, (byte) (0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                final int codePoint = Character.toCodePoint(c, value.charAt(++i));
                buffer.putByte(position++, (byte) (0xF0 | (codePoint >> 18)));
                buffer.putByte(position++, (byte) (0x80 | ((codePoint >> 12) & 0x3F)));
                buffer.putByte(position++, (byte) (0x80 | ((codePoint >> 6) & 0x3F)));
                buffer.putByte(position++, (byte) (0x80 | (codePoint & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                buffer.putByte(position++, (byte) '?');
            }
            else
            {
                buffer.putByte(position++, (byte) (0xE0 | (c >> 12)));
                buffer.putByte(position++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                buffer.putByte(position++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        return position - offset;
    }
}
