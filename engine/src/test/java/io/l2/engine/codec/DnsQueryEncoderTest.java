package io.l2.engine.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsQueryEncoderTest
{
    private static final String[] NAMES =
    {
        ".",
        "example.test.",
        "www.example.test",
        "WwW.ExAmPlE.TeSt.",
        "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p",
        "x\\.dotted.label.test.",
        "\\000\\255binary.test.",
        "under_score.and-dash.test.",
        "*.wildcard.test.",
        "xn--bcher-kva.example.",
        "a".repeat(63) + ".max-label.test.",
        "1.0.0.127.in-addr.arpa.",
    };

    private static final int[] QTYPES =
    {
        Type.A, Type.NS, Type.CNAME, Type.SOA, Type.PTR, Type.MX, Type.TXT, Type.AAAA, Type.SRV, Type.NAPTR,
        Type.DS, Type.RRSIG, Type.NSEC, Type.DNSKEY, Type.NSEC3, Type.TLSA, Type.SVCB, Type.HTTPS, Type.CAA,
        Type.ANY, 65280, 65535,
    };

    private final DnsQueryEncoder encoder = new DnsQueryEncoder();

    static Stream<Arguments> namesAndTypes()
    {
        final List<Arguments> arguments = new ArrayList<>();
        for (final String name : NAMES)
        {
            for (final int qtype : QTYPES)
            {
                arguments.add(Arguments.of(name, qtype));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest
    @MethodSource("namesAndTypes")
    void shouldEncodeQueryThatDnsjavaParsesToTheSameQuestionWhenEdnsIsOff(final String name, final int qtype)
        throws IOException
    {
        final byte[] wire = DnsQueryEncoder.nameToWire(name);
        final Message message = encodeAndParse(0x1234, wire, qtype, DClass.IN, QueryOptions.defaults());

        assertEquals(0x1234, message.getHeader().getID());
        assertFalse(message.getHeader().getFlag(Flags.QR));
        assertTrue(message.getHeader().getFlag(Flags.RD));
        assertEquals(Opcode.QUERY, message.getHeader().getOpcode());
        final Record question = message.getQuestion();
        assertEquals(Name.fromString(name, Name.root), question.getName());
        assertArrayEquals(wire, question.getName().toWire(), "case and bytes are kept");
        assertEquals(qtype, question.getType());
        assertEquals(DClass.IN, question.getDClass());
        assertEquals(1, message.getHeader().getCount(Section.QUESTION));
        assertEquals(0, message.getHeader().getCount(Section.ANSWER));
        assertEquals(0, message.getHeader().getCount(Section.AUTHORITY));
        assertEquals(0, message.getHeader().getCount(Section.ADDITIONAL));
        assertNull(message.getOPT());
    }

    static Stream<Arguments> ednsOptions()
    {
        return Stream.of(
            Arguments.of(QueryOptions.withEdns(true, 512, false)),
            Arguments.of(QueryOptions.withEdns(true, 1232, true)),
            Arguments.of(QueryOptions.withEdns(false, 4096, false)),
            Arguments.of(QueryOptions.withEdns(false, 65535, true)),
            Arguments.of(new QueryOptions(false, false, 1232, false)));
    }

    @ParameterizedTest
    @MethodSource("ednsOptions")
    void shouldEncodeRecursionDesiredAndOptRecordAsOptionsSay(final QueryOptions options) throws IOException
    {
        final byte[] wire = DnsQueryEncoder.nameToWire("host1.example.test.");
        final Message message = encodeAndParse(65535, wire, Type.AAAA, DClass.IN, options);

        assertEquals(65535, message.getHeader().getID());
        assertEquals(options.recursionDesired(), message.getHeader().getFlag(Flags.RD));
        final OPTRecord opt = message.getOPT();
        if (options.edns())
        {
            assertNotNull(opt);
            assertEquals(options.ednsUdpSize(), opt.getPayloadSize());
            assertEquals(0, opt.getVersion());
            assertEquals(0, opt.getExtendedRcode());
            assertEquals(options.dnssecOk(), 0 != (opt.getFlags() & ExtendedFlags.DO));
            assertTrue(opt.getOptions().isEmpty());
            assertEquals(1, message.getHeader().getCount(Section.ADDITIONAL));
        }
        else
        {
            assertNull(opt);
        }
    }

    @Test
    void shouldRoundTripRandomNamesTypesAndIdsWhenSeeded() throws IOException
    {
        final Random random = new Random(0x12_2026_11L);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        for (int iteration = 0; iteration < 3000; iteration++)
        {
            final byte[] wire = randomWireName(random);
            final Name name = new Name(wire);
            final int qtype = 1 + random.nextInt(65535);
            final int qclass = random.nextBoolean() ? DClass.IN : random.nextInt(65536);
            final int id = random.nextInt(65536);
            final boolean edns = random.nextBoolean();
            final QueryOptions options = new QueryOptions(
                random.nextBoolean(), edns, 512 + random.nextInt(65535 - 512 + 1), edns && random.nextBoolean());
            final int offset = random.nextInt(16);

            final int length = encoder.encode(buffer, offset, id, wire, qtype, qclass, options);
            assertEquals(DnsQueryEncoder.encodedLength(wire.length, options), length);
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            final Message message = new Message(bytes);

            assertEquals(id, message.getHeader().getID());
            assertEquals(options.recursionDesired(), message.getHeader().getFlag(Flags.RD));
            assertArrayEquals(wire, message.getQuestion().getName().toWire());
            assertEquals(qtype, message.getQuestion().getType());
            assertEquals(qclass, message.getQuestion().getDClass());
            assertEquals(edns, null != message.getOPT());
            if (edns)
            {
                assertEquals(options.ednsUdpSize(), message.getOPT().getPayloadSize());
                assertEquals(options.dnssecOk(), 0 != (message.getOPT().getFlags() & ExtendedFlags.DO));
            }
            assertArrayEquals(wire, DnsQueryEncoder.nameToWire(name.toString()), "presentation form round trips");
        }
    }

    @Test
    void shouldChangeOnlyTheIdWhenStampingAnEncodedQuery() throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final int length = encoder.encode(
            buffer, 7, 0, DnsQueryEncoder.nameToWire("www.example.test."), Type.A, DClass.IN,
            QueryOptions.withEdns(true, 1232, true));
        final byte[] before = new byte[128];
        buffer.getBytes(0, before);

        DnsQueryEncoder.stampId(buffer, 7, 0xBEEF);

        final byte[] after = new byte[128];
        buffer.getBytes(0, after);
        assertEquals((byte) 0xBE, after[7]);
        assertEquals((byte) 0xEF, after[8]);
        assertEquals(0xBEEF, new Message(Arrays.copyOfRange(after, 7, 7 + length)).getHeader().getID());
        after[7] = before[7];
        after[8] = before[8];
        assertArrayEquals(before, after, "nothing but the two id bytes changes");
    }

    @Test
    void shouldUseOnlyTheLow16BitsWhenStampingAnId()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2]);
        DnsQueryEncoder.stampId(buffer, 0, 0x1_0203);
        assertEquals(0x0203, buffer.getShort(0, DnsDescriptor.BYTE_ORDER));
    }

    @Test
    void shouldKeepCaseWhenConvertingANameToWire()
    {
        assertArrayEquals(
            new byte[]{3, 'W', 'w', 'W', 4, 'T', 'E', 's', 't', 0},
            DnsQueryEncoder.nameToWire("WwW.TEst"));
    }

    @Test
    void shouldSayWhyWhenANameIsBad()
    {
        assertEquals("bad name 'a..b': invalid empty label", badName("a..b"));
        assertEquals("bad name '" + "x".repeat(64) + ".test': label too long", badName("x".repeat(64) + ".test"));
        assertEquals("bad name 'a\\2': bad escape", badName("a\\2"));
        assertEquals("bad name 'a\\999.b': bad escape", badName("a\\999.b"));
        assertEquals("bad name '': empty name", badName(""));
        final String tooLong = ("a".repeat(63) + ".").repeat(4);
        assertEquals("bad name '" + tooLong + "': Name too long", badName(tooLong));
    }

    @Test
    void shouldRejectArgumentsThatCannotBeEncoded()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final byte[] wire = DnsQueryEncoder.nameToWire("a.test.");
        final QueryOptions options = QueryOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(buffer, 0, -1, wire, 1, 1, options));
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(buffer, 0, 65536, wire, 1, 1, options));
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(buffer, 0, 0, wire, 65536, 1, options));
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(buffer, 0, 0, wire, 1, -1, options));
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(buffer, 60, 0, wire, 1, 1, options));
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(buffer, -1, 0, wire, 1, 1, options));
        assertThrows(IllegalArgumentException.class,
            () -> encoder.encode(buffer, 0, 0, new byte[]{(byte) 0xC0, 12}, 1, 1, options));
        assertThrows(IllegalArgumentException.class,
            () -> encoder.encode(buffer, 0, 0, new byte[]{1, 'a'}, 1, 1, options));
        assertThrows(IllegalArgumentException.class,
            () -> encoder.encode(buffer, 0, 0, new byte[]{0, 0}, 1, 1, options));
        assertThrows(IllegalArgumentException.class,
            () -> encoder.encode(buffer, 0, 0, new byte[0], 1, 1, options));
    }

    private Message encodeAndParse(
        final int id, final byte[] wire, final int qtype, final int qclass, final QueryOptions options)
        throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
        final int length = encoder.encode(buffer, 3, id, wire, qtype, qclass, options);
        assertEquals(DnsQueryEncoder.encodedLength(wire.length, options), length);
        final byte[] bytes = new byte[length];
        buffer.getBytes(3, bytes);
        return new Message(bytes);
    }

    private static String badName(final String name)
    {
        return assertThrows(IllegalArgumentException.class, () -> DnsQueryEncoder.nameToWire(name)).getMessage();
    }

    private static byte[] randomWireName(final Random random)
    {
        final byte[] wire = new byte[DnsDescriptor.MAX_NAME_LENGTH];
        int length = 0;
        final int labels = random.nextInt(8);
        for (int i = 0; i < labels; i++)
        {
            final int labelLength = 1 + random.nextInt(DnsDescriptor.MAX_LABEL_LENGTH);
            if (length + 1 + labelLength + 1 > DnsDescriptor.MAX_NAME_LENGTH)
            {
                break;
            }
            wire[length++] = (byte) labelLength;
            for (int j = 0; j < labelLength; j++)
            {
                // mostly letters of both cases, sometimes any byte (escaped in presentation form)
                wire[length++] = random.nextInt(4) > 0 ?
                    (byte) ((random.nextBoolean() ? 'a' : 'A') + random.nextInt(26)) : (byte) random.nextInt(256);
            }
        }
        wire[length++] = 0;
        return Arrays.copyOf(wire, length);
    }
}
