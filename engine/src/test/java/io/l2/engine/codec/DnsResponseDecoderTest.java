package io.l2.engine.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.l2.engine.codec.DnsResponseDecoder.INVALID_BOUNDS;
import static io.l2.engine.codec.DnsResponseDecoder.MALFORMED_COMPRESSION;
import static io.l2.engine.codec.DnsResponseDecoder.MALFORMED_NAME;
import static io.l2.engine.codec.DnsResponseDecoder.MALFORMED_OPT;
import static io.l2.engine.codec.DnsResponseDecoder.MALFORMED_QUESTION;
import static io.l2.engine.codec.DnsResponseDecoder.MALFORMED_RECORD;
import static io.l2.engine.codec.DnsResponseDecoder.MALFORMED_SHORT_HEADER;
import static io.l2.engine.codec.DnsResponseDecoder.NOT_A_RESPONSE;
import static io.l2.engine.codec.DnsResponseDecoder.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsResponseDecoderTest
{
    private static final Name QNAME = name("Host1.Example.Test.");
    private static final Name ZONE = name("example.test.");

    private final DnsResponseDecoder decoder = new DnsResponseDecoder();

    static Stream<Arguments> responses() throws IOException
    {
        final List<Arguments> arguments = new ArrayList<>();
        final int[] rcodes = {Rcode.NOERROR, Rcode.FORMERR, Rcode.SERVFAIL, Rcode.NXDOMAIN, Rcode.REFUSED, 15};
        final int[][] flagSets =
        {
            {Flags.QR},
            {Flags.QR, Flags.AA},
            {Flags.QR, Flags.AA, Flags.TC},
            {Flags.QR, Flags.RD, Flags.RA, Flags.AD},
            {Flags.QR, Flags.RD, Flags.RA, Flags.CD, Flags.TC},
        };
        for (final int rcode : rcodes)
        {
            for (int f = 0; f < flagSets.length; f++)
            {
                for (int answers = 0; answers <= 3; answers++)
                {
                    final boolean edns = 0 == (answers + f) % 2;
                    arguments.add(Arguments.of(
                        "rcode " + rcode + " flags " + f + " answers " + answers + " edns " + edns,
                        response(0x4242 + answers, Opcode.QUERY, flagSets[f], rcode, answers, edns, 0, 0)));
                }
            }
        }
        arguments.add(Arguments.of("BADVERS via OPT",
            response(7, Opcode.QUERY, new int[]{Flags.QR}, 0, 0, true, 1, 0)));
        arguments.add(Arguments.of("BADCOOKIE via OPT",
            response(8, Opcode.QUERY, new int[]{Flags.QR}, 7, 1, true, 1, 0)));
        // dnsjava reads an OPT TTL with the top bit set as 0 (RFC 2181's rule for real TTLs), so 127 is the largest
        // extended rcode it can judge; shouldReadTheFull12BitRcodeWhenTheExtendedRcodeHasItsTopBitSet covers 255.
        arguments.add(Arguments.of("rcode 2047 via OPT",
            response(9, Opcode.QUERY, new int[]{Flags.QR}, 15, 2, true, 127, 3)));
        arguments.add(Arguments.of("NOTIFY opcode",
            response(10, Opcode.NOTIFY, new int[]{Flags.QR, Flags.AA}, 0, 0, false, 0, 0)));
        arguments.add(Arguments.of("UPDATE opcode with OPT",
            response(11, Opcode.UPDATE, new int[]{Flags.QR}, Rcode.NOTAUTH, 0, true, 0, 0)));
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void shouldReadTheSameHeaderAsDnsjavaWhenGivenADnsjavaBuiltResponse(final String description, final byte[] wire)
    {
        DnsjavaOracle.assertDecodesLikeDnsjava(decoder, wire);
    }

    @Test
    void shouldReadExtendedRcodeBadversWhenTheOptRecordCarriesIt() throws IOException
    {
        final byte[] wire = response(1, Opcode.QUERY, new int[]{Flags.QR}, 0, 0, true, 1, 0);
        final UnsafeBuffer buffer = new UnsafeBuffer(wire);

        assertEquals(OK, decoder.wrap(buffer, 0, wire.length));
        assertEquals(RcodeNames.BADVERS, decoder.rcode());
        assertEquals("BADVERS", RcodeNames.rcodeName(decoder.rcode()));
        assertTrue(decoder.hasOpt());
        assertEquals(4096, decoder.ednsUdpSize());
        assertTrue(decoder.isDnssecOk());
    }

    @Test
    void shouldReadTheFull12BitRcodeWhenTheExtendedRcodeHasItsTopBitSet()
    {
        final byte[] opt = {0, 0, 41, 16, 0, (byte) 0xFF, 0, (byte) 0x80, 0, 0, 0};
        final byte[] wire = buildRaw(1, 0, 0, 1, questionBytes("a.", Type.A), opt);
        wire[3] |= 0x0F;

        assertEquals(OK, decoder.wrap(new UnsafeBuffer(wire), 0, wire.length));
        assertEquals(4095, decoder.rcode());
        assertEquals("RCODE4095", RcodeNames.rcodeName(decoder.rcode()));
        assertTrue(decoder.isDnssecOk());
        assertEquals(4096, decoder.ednsUdpSize());
    }

    @Test
    void shouldMatchTheQuestionCaseInsensitivelyAndOnlyWithTheSameTypeAndClass() throws IOException
    {
        final byte[] wire = response(99, Opcode.QUERY, new int[]{Flags.QR, Flags.AA}, 0, 2, true, 0, 0);
        assertEquals(OK, decoder.wrap(new UnsafeBuffer(wire), 0, wire.length));

        assertTrue(matches("host1.example.test.", Type.A, DClass.IN), "same name in another case");
        assertTrue(matches("HOST1.EXAMPLE.TEST", Type.A, DClass.IN), "upper case");
        assertFalse(matches("host1.example.test.", Type.AAAA, DClass.IN), "other type");
        assertFalse(matches("host1.example.test.", Type.A, DClass.CH), "other class");
        assertFalse(matches("host2.example.test.", Type.A, DClass.IN), "other name");
        assertFalse(matches("host1.example.test.example.test.", Type.A, DClass.IN), "longer name");
        assertFalse(matches("example.test.", Type.A, DClass.IN), "shorter name");
        assertFalse(matches("host1.example.tesu.", Type.A, DClass.IN), "one byte differs");
    }

    @Test
    void shouldMatchTheQuestionWhenAnswersPointBackAtIt()
    {
        final byte[] wire = buildRaw(1, 1, 0, 0, questionBytes("www.example.test.", Type.A),
            new byte[]{(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, 0, 2, 1});
        assertEquals(OK, decoder.wrap(new UnsafeBuffer(wire), 0, wire.length));
        assertTrue(matches("WWW.example.test.", Type.A, DClass.IN));
    }

    @Test
    void shouldNotMatchWhenTheResponseHasNoQuestionOrTwoQuestions()
    {
        final byte[] none = buildRaw(0, 0, 0, 0);
        assertEquals(OK, decoder.wrap(new UnsafeBuffer(none), 0, none.length));
        assertFalse(matches("www.example.test.", Type.A, DClass.IN));

        final byte[] question = questionBytes("www.example.test.", Type.A);
        final byte[] two = buildRaw(2, 0, 0, 0, question, question);
        assertEquals(OK, decoder.wrap(new UnsafeBuffer(two), 0, two.length));
        assertEquals(2, decoder.questionCount());
        assertFalse(matches("www.example.test.", Type.A, DClass.IN));
    }

    @Test
    void shouldNotMatchWhenTheQueryBoundsAreInvalid() throws IOException
    {
        final byte[] wire = response(99, Opcode.QUERY, new int[]{Flags.QR}, 0, 1, false, 0, 0);
        assertEquals(OK, decoder.wrap(new UnsafeBuffer(wire), 0, wire.length));
        final UnsafeBuffer query = encodeQuery("host1.example.test.", Type.A, DClass.IN);
        final int queryLength = DnsQueryEncoder.encodedLength(QNAME.length(), QueryOptions.defaults());

        assertTrue(decoder.questionMatches(query, 0, queryLength));
        assertFalse(decoder.questionMatches(query, 0, queryLength - 1), "query cut short");
        assertFalse(decoder.questionMatches(query, 0, 11), "no header");
        assertFalse(decoder.questionMatches(query, -1, queryLength));
        assertFalse(decoder.questionMatches(query, 0, query.capacity() + 1));
        assertFalse(decoder.questionMatches(null, 0, queryLength));
    }

    @Test
    void shouldRejectEveryTruncationOfAValidResponse() throws IOException
    {
        final byte[] wire = response(5, Opcode.QUERY, new int[]{Flags.QR, Flags.AA}, Rcode.NOERROR, 3, true, 0, 0);
        for (int length = 0; length < wire.length; length++)
        {
            final byte[] cut = Arrays.copyOf(wire, length);
            final int result = decoder.wrap(new UnsafeBuffer(cut), 0, length);
            if (length < DnsDescriptor.HEADER_LENGTH)
            {
                assertEquals(MALFORMED_SHORT_HEADER, result, "length " + length);
                assertFalse(decoder.hasHeader());
            }
            else
            {
                assertTrue(result < 0, "length " + length + " must be malformed, got " + result);
                assertTrue(MALFORMED_QUESTION == result || MALFORMED_RECORD == result,
                    "length " + length + ": " + DnsResponseDecoder.reasonName(result));
                assertEquals(5, decoder.id(), "the header is still readable");
                assertFalse(decoder.hasOpt());
            }
        }
        assertEquals(OK, decoder.wrap(new UnsafeBuffer(wire), 0, wire.length));
    }

    @Test
    void shouldNeverThrowOnRandomBytes()
    {
        final Random random = new Random(42);
        final byte[] bytes = new byte[700];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final UnsafeBuffer query = encodeQuery("www.example.test.", Type.A, DClass.IN);
        int ok = 0;
        for (int i = 0; i < 50_000; i++)
        {
            final int length = random.nextInt(bytes.length);
            random.nextBytes(bytes);
            bytes[2] |= (byte) 0x80;
            if (0 == i % 3)
            {
                // small counts so that some random packets get past the header checks
                bytes[4] = 0;
                bytes[5] = (byte) random.nextInt(2);
                bytes[6] = 0;
                bytes[7] = (byte) random.nextInt(3);
                bytes[8] = 0;
                bytes[9] = 0;
                bytes[10] = 0;
                bytes[11] = (byte) random.nextInt(2);
            }
            final int result = decoder.wrap(buffer, 0, length);
            assertTrue(result <= 0);
            assertEquals(result, decoder.result());
            decoder.questionMatches(query, 0, 33);
            decoder.rcode();
            decoder.ednsUdpSize();
            ok += OK == result ? 1 : 0;
        }
        assertTrue(ok > 0, "some random packets should pass, so the later checks were exercised");
    }

    @Test
    void shouldRejectACompressionPointerThatPointsAtItself()
    {
        final byte[] wire = buildRaw(1, 0, 0, 0, new byte[]{(byte) 0xC0, 12, 0, 1, 0, 1});
        assertEquals(MALFORMED_COMPRESSION, decoder.wrap(new UnsafeBuffer(wire), 0, wire.length));
    }

    @Test
    void shouldRejectTwoCompressionPointersThatPointAtEachOther()
    {
        final byte[] question = questionBytes("a.", Type.A);
        final int first = 12 + question.length;
        final int second = first + 2 + 10;
        final byte[] loop = new byte[]
        {
            (byte) 0xC0, (byte) second, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0,
            (byte) 0xC0, (byte) first, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0,
        };
        final byte[] wire = buildRaw(1, 2, 0, 0, question, loop);
        assertEquals(MALFORMED_COMPRESSION, decoder.wrap(new UnsafeBuffer(wire), 0, wire.length));
    }

    @Test
    void shouldRejectPointersPastTheEndOrIntoTheHeaderOrCutInHalf()
    {
        final byte[] question = questionBytes("a.", Type.A);
        final byte[] pastEnd = buildRaw(1, 1, 0, 0, question,
            new byte[]{(byte) 0xFF, (byte) 0xFF, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0});
        assertEquals(MALFORMED_COMPRESSION, decoder.wrap(new UnsafeBuffer(pastEnd), 0, pastEnd.length));

        final byte[] intoHeader = buildRaw(1, 1, 0, 0, question,
            new byte[]{(byte) 0xC0, 2, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0});
        assertEquals(MALFORMED_COMPRESSION, decoder.wrap(new UnsafeBuffer(intoHeader), 0, intoHeader.length));

        final byte[] halfPointer = buildRaw(1, 1, 0, 0, question, new byte[]{(byte) 0xC0});
        assertEquals(MALFORMED_RECORD, decoder.wrap(new UnsafeBuffer(halfPointer), 0, halfPointer.length));
    }

    @Test
    void shouldFollowAtMostMaxPointerHopsInOneName()
    {
        final int maxHops = DnsResponseDecoder.MAX_POINTER_HOPS;
        final byte[] within = pointerChain(maxHops - 1);
        assertEquals(OK, decoder.wrap(new UnsafeBuffer(within), 0, within.length));

        final byte[] beyond = pointerChain(maxHops);
        assertEquals(MALFORMED_COMPRESSION, decoder.wrap(new UnsafeBuffer(beyond), 0, beyond.length));
    }

    @Test
    void shouldRejectHugeCountsThatThePacketDoesNotHold()
    {
        final byte[] questions = buildRaw(65535, 0, 0, 0);
        assertEquals(MALFORMED_QUESTION, decoder.wrap(new UnsafeBuffer(questions), 0, questions.length));
        assertEquals(65535, decoder.questionCount());

        final byte[] question = questionBytes("a.", Type.A);
        for (final int[] counts : new int[][]{{65535, 0, 0}, {0, 65535, 0}, {0, 0, 65535}, {65535, 65535, 65535}})
        {
            final byte[] wire = buildRaw(1, counts[0], counts[1], counts[2], question);
            assertEquals(MALFORMED_RECORD, decoder.wrap(new UnsafeBuffer(wire), 0, wire.length));
        }
    }

    @Test
    void shouldRejectRecordDataThatRunsPastTheEnd()
    {
        final byte[] wire = buildRaw(1, 1, 0, 0, questionBytes("a.", Type.A),
            new byte[]{0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 5, 1, 2, 3, 4});
        assertEquals(MALFORMED_RECORD, decoder.wrap(new UnsafeBuffer(wire), 0, wire.length));
    }

    @Test
    void shouldRejectNamesLongerThan255BytesAndReservedLabelTypes()
    {
        final byte[] tooLong = new byte[5 * 64 + 1 + 4];
        int p = 0;
        for (int i = 0; i < 5; i++)
        {
            tooLong[p++] = 63;
            Arrays.fill(tooLong, p, p + 63, (byte) 'a');
            p += 63;
        }
        tooLong[p++] = 0;
        tooLong[p++] = 0;
        tooLong[p++] = 1;
        tooLong[p++] = 0;
        tooLong[p] = 1;
        final byte[] wire = buildRaw(1, 0, 0, 0, tooLong);
        assertEquals(MALFORMED_NAME, decoder.wrap(new UnsafeBuffer(wire), 0, wire.length));

        final byte[] extended = buildRaw(1, 0, 0, 0, new byte[]{0x41, 0, 0, 1, 0, 1});
        assertEquals(MALFORMED_NAME, decoder.wrap(new UnsafeBuffer(extended), 0, extended.length));
        final byte[] reserved = buildRaw(1, 0, 0, 0, new byte[]{(byte) 0x81, 0, 0, 1, 0, 1});
        assertEquals(MALFORMED_NAME, decoder.wrap(new UnsafeBuffer(reserved), 0, reserved.length));
    }

    @Test
    void shouldAcceptANameOfExactly255Bytes()
    {
        // 3 labels of 63 + one of 61: 3 * 64 + 62 + 1 = 255
        final byte[] name = new byte[255 + 4];
        int p = 0;
        for (final int labelLength : new int[]{63, 63, 63, 61})
        {
            name[p++] = (byte) labelLength;
            Arrays.fill(name, p, p + labelLength, (byte) 'b');
            p += labelLength;
        }
        name[p++] = 0;
        name[p + 1] = 1;
        name[p + 3] = 1;
        final byte[] wire = buildRaw(1, 0, 0, 0, name);
        assertEquals(OK, decoder.wrap(new UnsafeBuffer(wire), 0, wire.length));
        DnsjavaOracle.assertDecodesLikeDnsjava(decoder, wire);
    }

    @Test
    void shouldRejectTwoOptRecordsOrAnOptRecordNotOwnedByTheRoot()
    {
        final byte[] question = questionBytes("a.", Type.A);
        final byte[] opt = {0, 0, 41, 4, (byte) 0xD0, 0, 0, 0, 0, 0, 0};
        final byte[] two = buildRaw(1, 0, 0, 2, question, opt, opt);
        assertEquals(MALFORMED_OPT, decoder.wrap(new UnsafeBuffer(two), 0, two.length));

        final byte[] owned = buildRaw(1, 0, 0, 1, question,
            new byte[]{1, 'x', 0, 0, 41, 4, (byte) 0xD0, 0, 0, 0, 0, 0, 0});
        assertEquals(MALFORMED_OPT, decoder.wrap(new UnsafeBuffer(owned), 0, owned.length));

        final byte[] inAnswer = buildRaw(1, 1, 0, 0, question, opt);
        assertEquals(OK, decoder.wrap(new UnsafeBuffer(inAnswer), 0, inAnswer.length));
        assertFalse(decoder.hasOpt(), "only the additional section carries EDNS");
    }

    @Test
    void shouldSayNotAResponseForAQueryButKeepItsHeader()
    {
        final UnsafeBuffer query = encodeQuery("www.example.test.", Type.A, DClass.IN);
        DnsQueryEncoder.stampId(query, 0, 777);
        assertEquals(NOT_A_RESPONSE, decoder.wrap(query, 0, 34));
        assertTrue(decoder.hasHeader());
        assertEquals(777, decoder.id());
        assertFalse(decoder.isResponse());
        assertFalse(decoder.questionMatches(query, 0, 34));
    }

    @Test
    void shouldReturnInvalidBoundsWhenOffsetOrLengthLieOutsideTheBuffer()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        assertEquals(INVALID_BOUNDS, decoder.wrap(buffer, -1, 12));
        assertEquals(INVALID_BOUNDS, decoder.wrap(buffer, 0, -1));
        assertEquals(INVALID_BOUNDS, decoder.wrap(buffer, 30, 12));
        assertEquals(INVALID_BOUNDS, decoder.wrap(buffer, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(INVALID_BOUNDS, decoder.wrap(null, 0, 0));
        assertEquals(0, decoder.id());
        assertFalse(decoder.hasHeader());
    }

    @Test
    void shouldForgetThePreviousMessageWhenWrappingTheNext() throws IOException
    {
        final byte[] withOpt = response(1, Opcode.QUERY, new int[]{Flags.QR}, 0, 0, true, 1, 0);
        final byte[] withoutOpt = response(2, Opcode.QUERY, new int[]{Flags.QR}, Rcode.NXDOMAIN, 0, false, 0, 0);
        assertEquals(OK, decoder.wrap(new UnsafeBuffer(withOpt), 0, withOpt.length));
        assertEquals(16, decoder.rcode());
        assertEquals(MALFORMED_SHORT_HEADER, decoder.wrap(new UnsafeBuffer(withOpt), 0, 3));
        assertEquals(0, decoder.rcode());
        assertFalse(decoder.hasOpt());
        assertEquals(OK, decoder.wrap(new UnsafeBuffer(withoutOpt), 0, withoutOpt.length));
        assertEquals(Rcode.NXDOMAIN, decoder.rcode());
        assertFalse(decoder.hasOpt());
        assertEquals(0, decoder.ednsUdpSize());
    }

    @Test
    void shouldNameEveryReason()
    {
        assertEquals("OK", DnsResponseDecoder.reasonName(OK));
        assertEquals("MALFORMED_SHORT_HEADER", DnsResponseDecoder.reasonName(MALFORMED_SHORT_HEADER));
        assertEquals("NOT_A_RESPONSE", DnsResponseDecoder.reasonName(NOT_A_RESPONSE));
        assertEquals("MALFORMED_QUESTION", DnsResponseDecoder.reasonName(MALFORMED_QUESTION));
        assertEquals("MALFORMED_RECORD", DnsResponseDecoder.reasonName(MALFORMED_RECORD));
        assertEquals("MALFORMED_COMPRESSION", DnsResponseDecoder.reasonName(MALFORMED_COMPRESSION));
        assertEquals("MALFORMED_NAME", DnsResponseDecoder.reasonName(MALFORMED_NAME));
        assertEquals("MALFORMED_OPT", DnsResponseDecoder.reasonName(MALFORMED_OPT));
        assertEquals("INVALID_BOUNDS", DnsResponseDecoder.reasonName(INVALID_BOUNDS));
        assertEquals("MALFORMED_OVERSIZE", DnsResponseDecoder.reasonName(DnsResponseDecoder.MALFORMED_OVERSIZE));
        assertEquals("UNKNOWN", DnsResponseDecoder.reasonName(-99));
        assertEquals("UNKNOWN", DnsResponseDecoder.reasonName(1));
    }

    private boolean matches(final String name, final int qtype, final int qclass)
    {
        final UnsafeBuffer query = encodeQuery(name, qtype, qclass);
        final int length = DnsQueryEncoder.encodedLength(
            DnsQueryEncoder.nameToWire(name).length, QueryOptions.withEdns(true, 1232, false));
        return decoder.questionMatches(query, 0, length);
    }

    private static UnsafeBuffer encodeQuery(final String name, final int qtype, final int qclass)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        new DnsQueryEncoder().encode(buffer, 0, 0, DnsQueryEncoder.nameToWire(name), qtype, qclass,
            QueryOptions.withEdns(true, 1232, false));
        return buffer;
    }

    /**
     * A response in dnsjava's own encoding (which compresses names).
     */
    private static byte[] response(
        final int id,
        final int opcode,
        final int[] flags,
        final int headerRcode,
        final int answerCount,
        final boolean edns,
        final int extendedRcode,
        final int ednsVersion) throws IOException
    {
        final Message message = new Message(id);
        message.getHeader().setOpcode(opcode);
        for (final int flag : flags)
        {
            message.getHeader().setFlag(flag);
        }
        message.getHeader().setRcode(headerRcode);
        message.addRecord(Record.newRecord(QNAME, Type.A, DClass.IN), Section.QUESTION);
        for (int i = 0; i < answerCount; i++)
        {
            message.addRecord(
                new ARecord(QNAME, DClass.IN, 300, InetAddress.getByAddress(new byte[]{(byte) 192, 0, 2, (byte) i})),
                Section.ANSWER);
        }
        if (Rcode.NXDOMAIN == headerRcode || 0 == answerCount)
        {
            message.addRecord(new SOARecord(ZONE, DClass.IN, 300, name("ns1.example.test."),
                name("hostmaster.example.test."), 1, 3600, 600, 86400, 300), Section.AUTHORITY);
        }
        else
        {
            message.addRecord(new NSRecord(ZONE, DClass.IN, 300, name("ns1.example.test.")), Section.AUTHORITY);
            message.addRecord(new MXRecord(ZONE, DClass.IN, 300, 10, name("mail.example.test.")), Section.AUTHORITY);
            message.addRecord(new TXTRecord(ZONE, DClass.IN, 300, "l2 test"), Section.AUTHORITY);
            message.addRecord(new AAAARecord(name("ns1.example.test."), DClass.IN, 300,
                InetAddress.getByName("2001:db8::1")), Section.ADDITIONAL);
        }
        if (edns)
        {
            message.addRecord(new OPTRecord(4096, extendedRcode, ednsVersion, ExtendedFlags.DO), Section.ADDITIONAL);
        }
        return message.toWire();
    }

    private static byte[] questionBytes(final String name, final int qtype)
    {
        final byte[] wire = DnsQueryEncoder.nameToWire(name);
        final byte[] question = Arrays.copyOf(wire, wire.length + 4);
        question[wire.length + 1] = (byte) qtype;
        question[wire.length + 3] = 1;
        return question;
    }

    private static byte[] buildRaw(
        final int qd, final int an, final int ns, final int ar, final byte[]... sections)
    {
        int length = 12;
        for (final byte[] section : sections)
        {
            length += section.length;
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        buffer.putShort(0, (short) 0x1234, DnsDescriptor.BYTE_ORDER);
        buffer.putShort(2, (short) (DnsDescriptor.QR_FLAG | DnsDescriptor.AA_FLAG), DnsDescriptor.BYTE_ORDER);
        buffer.putShort(4, (short) qd, DnsDescriptor.BYTE_ORDER);
        buffer.putShort(6, (short) an, DnsDescriptor.BYTE_ORDER);
        buffer.putShort(8, (short) ns, DnsDescriptor.BYTE_ORDER);
        buffer.putShort(10, (short) ar, DnsDescriptor.BYTE_ORDER);
        int p = 12;
        for (final byte[] section : sections)
        {
            buffer.putBytes(p, section);
            p += section.length;
        }
        return buffer.byteArray();
    }

    /**
     * No question; answer 1 is a TXT whose rdata holds a root label and {@code pointers} pointers each to the one
     * before; answer 2's owner points at the last pointer, so naming it takes {@code pointers + 1} hops.
     */
    private static byte[] pointerChain(final int pointers)
    {
        final int rdataStart = 12 + 1 + 10;
        final int rdataLength = 1 + 2 * pointers;
        final byte[] first = new byte[1 + 10 + rdataLength];
        first[2] = 16;
        first[4] = 1;
        first[9] = (byte) (rdataLength >> 8);
        first[10] = (byte) rdataLength;
        int previous = rdataStart;
        for (int i = 0; i < pointers; i++)
        {
            final int at = 11 + 1 + 2 * i;
            first[at] = (byte) (0xC0 | previous >> 8);
            first[at + 1] = (byte) previous;
            previous = rdataStart + 1 + 2 * i;
        }
        final byte[] second =
        {
            (byte) (0xC0 | previous >> 8), (byte) previous, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 10, 0, 0, 1,
        };
        return buildRaw(0, 2, 0, 0, first, second);
    }

    private static Name name(final String text)
    {
        return Name.fromConstantString(text);
    }
}
