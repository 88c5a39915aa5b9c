package io.l2.engine.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided differential fuzzing of {@link DnsNameEncoder} against dnsjava's {@code Name.fromString(name,
 * Name.root).toWire()}: any bytes as a name (one char per byte, as the ammo loader reads them). Properties: the
 * same wire bytes when dnsjava accepts the name, the same reason when it rejects it, and nothing written outside
 * {@link DnsNameEncoder#maxEncodedLength} bytes from the offset.
 */
class DnsNameEncoderFuzzTest
{
    private static final int OFFSET = 3;
    private static final byte SENTINEL = (byte) 0xA5;

    @FuzzTest(maxDuration = "3s")
    @DictionaryEntries({ ".", "\\\\", "\\\\.", "\\\\000", "\\\\255", "\\\\256", "@", "..", "example.test" })
    void fuzzName(final FuzzedDataProvider data)
    {
        final byte[] text = data.consumeRemainingAsBytes();
        final String name = new String(text, StandardCharsets.ISO_8859_1);
        final UnsafeBuffer dst = new UnsafeBuffer(new byte[OFFSET + DnsDescriptor.MAX_NAME_LENGTH + 8]);
        dst.setMemory(0, dst.capacity(), SENTINEL);

        final int length = DnsNameEncoder.encode(text, 0, text.length, dst, OFFSET);

        try
        {
            final byte[] expected = Name.fromString(name, Name.root).toWire();
            assertEquals(expected.length, length, name);
            final byte[] actual = new byte[length];
            dst.getBytes(OFFSET, actual);
            assertArrayEquals(expected, actual, name);
        }
        catch (final TextParseException ex)
        {
            assertTrue(length < 0, name);
            final String prefix = "'" + name + "': ";
            final String message = ex.getMessage();
            assertEquals(message.startsWith(prefix) ? message.substring(prefix.length()) : message,
                DnsNameEncoder.reason(length), name);
        }
        final int room = DnsNameEncoder.maxEncodedLength(text.length);
        for (int i = 0; i < dst.capacity(); i++)
        {
            if (i < OFFSET || i >= OFFSET + room)
            {
                assertEquals(SENTINEL, dst.getByte(i), () -> "wrote outside the room for " + Arrays.toString(text));
            }
        }
    }
}
