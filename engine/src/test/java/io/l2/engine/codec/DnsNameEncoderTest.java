package io.l2.engine.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link DnsNameEncoder} against its oracle, dnsjava's {@code Name.fromString(name, Name.root).toWire()}: the same
 * bytes for every name dnsjava accepts, the same reason for every name it rejects.
 */
class DnsNameEncoderTest
{
    private static final byte SENTINEL = (byte) 0xA5;
    private static final int OFFSET = 7;

    private static final String[] NAMES =
    {
        // typical
        "www.example.test", "www.example.test.", "h04799.bench.test", "WwW.ExAmPlE.TeSt.", "1.0.0.127.in-addr.arpa.",
        "_sip._tcp.example.com", "*.wildcard.test.", "xn--bcher-kva.example.", "under_score.and-dash.test.",
        "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p", "com", "com.", "a", "a.", "-", "0", "@.example", "ex@mple.test",
        // the root and near it
        ".", "@", "..", "...", ".a", ".a.", "a..b", "a..", "a...", "@.", "@@", ". ", " .", " ",
        // escapes
        "x\\.dotted.label.test.", "\\.", "\\..", "\\.\\.", "a\\\\b.test", "\\\\", "\\\\.", "\\@", "\\@.", "\\a\\b\\c",
        "\\000\\255binary.test.", "\\000", "\\0001", "\\255", "\\256", "\\300", "\\999", "\\1", "\\12", "\\12a",
        "\\1a", "a\\2", "a\\999.b", "bad\\9escape.test", "\\", "a\\", "a.\\", "\\..a", "a\\.", "a.\\.", "\\065\\066C",
        "\\046.test", "\\092", "\\0a", "\\00.", "\\\\0", "\\\\\\", "\\.\\", "\\1\\2", "\\12\\3", "\\ ", "a\\ b",
        // bytes above 0x7F and a control byte, as the loader hands them on (ISO-8859-1)
        "caf\u00e9.test", "\u00ff\u0080.\u00a0", "\\\u00e9", "\\1\u00e9", "\u0000", "a\u0000b.", "tab\there",
        // chars above 0xFF (only through the String form)
        "\u0101", "a.\u0101", "a..\u0101", "\u0101..a", "\\\u0101", "\\1\u0101", "\\12\u0101", "\u0101\\",
        "x".repeat(64) + "\u0101", "a\u20acb.test.", "a.test.\u0101", "\u0101.",
    };

    @Test
    void shouldEncodeTheNamesListedLikeDnsjava()
    {
        for (final String name : NAMES)
        {
            assertSameAsDnsjava(name);
        }
    }

    @Test
    void shouldEncodeLabelsAndNamesAtTheirLengthLimitsLikeDnsjava()
    {
        for (int labelLength = 60; labelLength <= 66; labelLength++)
        {
            final String label = "l".repeat(labelLength);
            assertSameAsDnsjava(label);
            assertSameAsDnsjava(label + ".");
            assertSameAsDnsjava(label + ".test");
            assertSameAsDnsjava("test." + label);
            assertSameAsDnsjava("test." + label + ".");
            assertSameAsDnsjava("a".repeat(labelLength - 1) + "\\.");
            assertSameAsDnsjava("a".repeat(labelLength - 1) + "\\065.x");
            assertSameAsDnsjava("a".repeat(labelLength - 1) + "\\06");
            assertSameAsDnsjava("a".repeat(labelLength) + "\\999");
        }
        for (int wireLength = 250; wireLength <= 260; wireLength++)
        {
            for (final int lastLabel : new int[]{1, 2, 62, 63})
            {
                final String name = nameOfWireLength(wireLength, lastLabel);
                assertSameAsDnsjava(name);
                assertSameAsDnsjava(name.substring(0, name.length() - 1));
                assertSameAsDnsjava(name + "a");
                assertSameAsDnsjava(name + ".");
                assertSameAsDnsjava(name + "\\");
                assertSameAsDnsjava(name.substring(0, name.length() - 1) + "\\");
                assertSameAsDnsjava(name + "x".repeat(70));
                assertSameAsDnsjava(name + "x".repeat(70) + ".");
                assertSameAsDnsjava(name.substring(0, name.length() - 1) + "\\000");
            }
        }
        final String oneByteLabels = "a.".repeat(127);
        assertSameAsDnsjava(oneByteLabels);
        assertSameAsDnsjava(oneByteLabels.substring(0, oneByteLabels.length() - 1));
        assertSameAsDnsjava(oneByteLabels + "a");
        assertSameAsDnsjava(oneByteLabels + "a.");
        assertSameAsDnsjava("\\000.".repeat(127));
        assertSameAsDnsjava("\\000.".repeat(128));
    }

    @Test
    void shouldEncodeRandomNamesLikeDnsjava()
    {
        final Random random = new Random(0x15_2026L);
        final char[] alphabet =
        {
            'a', 'Z', 'q', '0', '1', '2', '5', '9', '.', '.', '.', '\\', '\\', '-', '_', '@', '*', ' ', '\u00e9',
            '\u00ff', '\u0080', '\u0000',
        };
        for (int n = 0; n < 20_000; n++)
        {
            final int length = random.nextInt(8) == 0 ? random.nextInt(400) : random.nextInt(24);
            final StringBuilder name = new StringBuilder(length);
            for (int i = 0; i < length; i++)
            {
                name.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertSameAsDnsjava(name.toString());
        }
        for (int n = 0; n < 5_000; n++)
        {
            final StringBuilder name = new StringBuilder();
            final int labels = 1 + random.nextInt(10);
            for (int l = 0; l < labels; l++)
            {
                final int labelLength = random.nextInt(4) == 0 ? 55 + random.nextInt(12) : 1 + random.nextInt(40);
                for (int i = 0; i < labelLength; i++)
                {
                    switch (random.nextInt(20))
                    {
                        case 0 -> name.append(String.format("\\%03d", random.nextInt(300)));
                        case 1 -> name.append("\\.");
                        case 2 -> name.append("\\\\");
                        case 3 -> name.append((char) (0x80 + random.nextInt(0x80)));
                        default -> name.append((char) ('a' + random.nextInt(26)));
                    }
                }
                if (l < labels - 1 || random.nextBoolean())
                {
                    name.append('.');
                }
            }
            assertSameAsDnsjava(name.toString());
        }
    }

    @Test
    void shouldEncodeEveryByteValueLikeDnsjava()
    {
        for (int b = 0; b <= 0xFF; b++)
        {
            final char c = (char) b;
            assertSameAsDnsjava(String.valueOf(c));
            assertSameAsDnsjava("a" + c + "b.test");
            assertSameAsDnsjava("\\" + c + "x.test");
            assertSameAsDnsjava(String.format("x\\%03d.test.", b));
        }
    }

    @Test
    void shouldSayWhyANameIsBadInDnsjavasWords()
    {
        assertEquals("invalid empty label", reasonOf("a..b"));
        assertEquals("invalid empty label", reasonOf(".a"));
        assertEquals("label too long", reasonOf("x".repeat(64)));
        assertEquals("bad escape", reasonOf("a\\2"));
        assertEquals("bad escape", reasonOf("a\\256"));
        assertEquals("empty name", reasonOf(""));
        assertEquals("Name too long", reasonOf(("a".repeat(63) + ".").repeat(4)));
        assertEquals("Illegal character in name", reasonOf("a\u0101"));
        assertEquals("bad name 'a..b': invalid empty label",
            assertThrows(IllegalArgumentException.class, () -> DnsQueryEncoder.nameToWire("a..b")).getMessage());
    }

    @Test
    void shouldWriteTheSameQueryFromTextAsFromWire()
    {
        final DnsQueryEncoder encoder = new DnsQueryEncoder();
        final QueryOptions[] options =
        {
            QueryOptions.defaults(), QueryOptions.withEdns(false, 1232, true), QueryOptions.withEdns(true, 4096, false),
        };
        for (final String name : new String[]{".", "@", "www.example.test", "x\\.y.\\000\\255.", "a".repeat(63)})
        {
            for (final QueryOptions option : options)
            {
                final byte[] text = name.getBytes(StandardCharsets.ISO_8859_1);
                final UnsafeBuffer fromText = new UnsafeBuffer(new byte[600]);
                final UnsafeBuffer fromWire = new UnsafeBuffer(new byte[600]);
                final int length = encoder.encode(fromText, 5, 0xABCD, text, 0, text.length, 28, 1, option);
                final int expected = encoder.encode(fromWire, 5, 0xABCD, wireOf(name), 28, 1, option);
                assertEquals(expected, length, name);
                assertArrayEquals(bytes(fromWire, 0, 600), bytes(fromText, 0, 600), name);
            }
        }
        final byte[] bad = "ok a..b".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("bad name 'a..b': invalid empty label", assertThrows(IllegalArgumentException.class,
            () -> encoder.encode(new UnsafeBuffer(new byte[600]), 0, 0, bad, 3, bad.length, 1, 1,
            QueryOptions.defaults())).getMessage());
        final byte[] text = "a.test".getBytes(StandardCharsets.ISO_8859_1);
        final int room = DnsQueryEncoder.maxEncodedLength(text.length, QueryOptions.defaults());
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(
            new UnsafeBuffer(new byte[room - 1]), 0, 0, text, 0, text.length, 1, 1, QueryOptions.defaults()));
        assertEquals(12 + 8 + 4, encoder.encode(
            new UnsafeBuffer(new byte[room]), 0, 0, text, 0, text.length, 1, 1, QueryOptions.defaults()));
    }

    /**
     * The wire form from dnsjava, or null when dnsjava rejects the name (then {@code reason[0]} says why).
     */
    private static byte[] dnsjava(final String name, final String[] reason)
    {
        try
        {
            return Name.fromString(name, Name.root).toWire();
        }
        catch (final TextParseException ex)
        {
            final String message = ex.getMessage();
            final String prefix = "'" + name + "': ";
            reason[0] = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
            return null;
        }
    }

    private static void assertSameAsDnsjava(final String name)
    {
        final String[] reason = new String[1];
        final byte[] expected = dnsjava(name, reason);
        final String what = "name '" + printable(name) + "'";

        if (null != expected)
        {
            assertArrayEquals(expected, DnsQueryEncoder.nameToWire(name), what);
        }
        else
        {
            assertEquals("bad name '" + name + "': " + reason[0],
                assertThrows(IllegalArgumentException.class, () -> DnsQueryEncoder.nameToWire(name), what).getMessage(),
                what);
        }

        boolean textual = true;
        for (int i = 0; i < name.length(); i++)
        {
            textual &= name.charAt(i) <= 0xFF;
        }
        if (!textual)
        {
            return;
        }
        final byte[] text = ("  " + name + " A").getBytes(StandardCharsets.ISO_8859_1);
        final int from = 2;
        final int to = text.length - 2;
        final int room = DnsNameEncoder.maxEncodedLength(name.length());
        final UnsafeBuffer dst = new UnsafeBuffer(ByteBuffer.allocateDirect(OFFSET + 300));
        dst.setMemory(0, dst.capacity(), SENTINEL);

        final int length = DnsNameEncoder.encode(text, from, to, dst, OFFSET);

        if (null != expected)
        {
            assertEquals(expected.length, length, what);
            assertArrayEquals(expected, bytes(dst, OFFSET, length), what);
        }
        else
        {
            assertTrue(length < 0, what);
            assertEquals(reason[0], DnsNameEncoder.reason(length), what);
        }
        for (int i = 0; i < dst.capacity(); i++)
        {
            if ((i < OFFSET || i >= OFFSET + room) && SENTINEL != dst.getByte(i))
            {
                fail(what + ": wrote at " + i + ", outside the " + room + " bytes of room at " + OFFSET);
            }
        }
    }

    private static String reasonOf(final String name)
    {
        final int code = DnsNameEncoder.encode(name, new UnsafeBuffer(new byte[300]), 0);
        assertTrue(code < 0, name);
        return DnsNameEncoder.reason(code);
    }

    private static byte[] wireOf(final String name)
    {
        try
        {
            return Name.fromString(name, Name.root).toWire();
        }
        catch (final TextParseException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /**
     * An absolute name (with its trailing dot) that takes {@code wireLength} bytes on the wire, over 255 too, its
     * last label {@code lastLabel} bytes long.
     */
    private static String nameOfWireLength(final int wireLength, final int lastLabel)
    {
        final List<String> labels = new ArrayList<>();
        int remaining = wireLength - 1 - (lastLabel + 1);
        assertTrue(remaining >= 0 && remaining != 1, "no name of " + wireLength + " bytes ends in " + lastLabel);
        while (remaining > 0)
        {
            int labelLength = Math.min(DnsDescriptor.MAX_LABEL_LENGTH, remaining - 1);
            if (remaining - (labelLength + 1) == 1)
            {
                labelLength--;
            }
            labels.add("b".repeat(labelLength));
            remaining -= labelLength + 1;
        }
        labels.add("z".repeat(lastLabel));
        return String.join(".", labels) + ".";
    }

    private static byte[] bytes(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    private static String printable(final String text)
    {
        final StringBuilder printable = new StringBuilder();
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            printable.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return printable.toString();
    }
}
