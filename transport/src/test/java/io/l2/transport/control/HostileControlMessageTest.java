package io.l2.transport.control;

import java.util.Arrays;
import java.util.stream.Stream;

import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.AckEncoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.FireEncoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.HelloEncoder;
import io.l2.transport.codecs.MessageHeaderDecoder;
import io.l2.transport.codecs.MessageHeaderEncoder;
import io.l2.transport.codecs.SecondAggregateDecoder;
import io.l2.transport.codecs.SecondAggregateEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.l2.transport.codec.ControlCodec.LENGTH_OVER_MAXIMUM;
import static io.l2.transport.codec.ControlCodec.LENGTH_PAST_END;
import static io.l2.transport.codec.ControlCodec.TRAILING_BYTES;
import static io.l2.transport.codec.ControlCodec.TRUNCATED;
import static io.l2.transport.codec.ControlCodec.WRONG_BLOCK_LENGTH;
import static io.l2.transport.codec.ControlCodec.WRONG_SCHEMA;
import static io.l2.transport.codec.ControlCodec.WRONG_TEMPLATE;
import static io.l2.transport.codec.ControlCodec.WRONG_VERSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The bad-input matrix of control messages where they enter ({@link ControlAdapter#onMessage}, what Aeron's fragment
 * handler calls), one row per case: each is counted once (as malformed, or as an unknown template) with its
 * {@link ControlCodec} code, dropped before the listener, and never thrown.
 */
class HostileControlMessageTest
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int SCHEMA_ID_AT = MessageHeaderDecoder.schemaIdEncodingOffset();
    private static final int VERSION_AT = MessageHeaderDecoder.versionEncodingOffset();
    private static final int TEMPLATE_ID_AT = MessageHeaderDecoder.templateIdEncodingOffset();
    private static final int BLOCK_LENGTH_AT = MessageHeaderDecoder.blockLengthEncodingOffset();
    private static final int ACK_HOST_LENGTH_AT = HEADER + AckDecoder.BLOCK_LENGTH;
    private static final int FIRE_PLAN_LENGTH_AT = HEADER + FireDecoder.BLOCK_LENGTH + 2 + 1;
    private static final int HELLO_AMMO_BLOCK_LENGTH_AT = HEADER + HelloDecoder.BLOCK_LENGTH;
    private static final int HELLO_AMMO_COUNT_AT = HELLO_AMMO_BLOCK_LENGTH_AT + 2;
    private static final int SECOND_RCODE_COUNT_AT = HEADER + SecondAggregateDecoder.BLOCK_LENGTH + 2;

    static Stream<Arguments> hostileMessages()
    {
        final byte[] ack = ack();
        final byte[] fire = fire();
        final byte[] hello = hello();
        final byte[] second = second();
        return Stream.of(
            row("empty", new byte[0], TRUNCATED),
            row("truncated header (7 bytes)", Arrays.copyOf(ack, HEADER - 1), TRUNCATED),
            row("header only", Arrays.copyOf(ack, HEADER), TRUNCATED),
            row("truncated body (fixed block cut)", Arrays.copyOf(ack, HEADER + AckDecoder.BLOCK_LENGTH - 1),
                TRUNCATED),
            row("truncated body (a string cut)", Arrays.copyOf(ack, ack.length - 1), LENGTH_PAST_END),
            row("truncated body (a length prefix cut)", Arrays.copyOf(ack, ACK_HOST_LENGTH_AT + 1), TRUNCATED),
            row("wrong schema id", u16(ack, SCHEMA_ID_AT, 0x4C33), WRONG_SCHEMA),
            row("wrong version", u16(ack, VERSION_AT, ControlCodec.SCHEMA_VERSION + 1),
                WRONG_VERSION),
            row("unknown template (999)", u16(ack, TEMPLATE_ID_AT, 999), WRONG_TEMPLATE),
            row("template 0", u16(ack, TEMPLATE_ID_AT, 0), WRONG_TEMPLATE),
            row("wrong block length", u16(ack, BLOCK_LENGTH_AT, 8), WRONG_BLOCK_LENGTH),
            row("block length 65535", u16(ack, BLOCK_LENGTH_AT, 0xFFFF),
                WRONG_BLOCK_LENGTH),
            row("string length past the end", u16(ack, ACK_HOST_LENGTH_AT, 200), LENGTH_PAST_END),
            row("string length over MAX_NAME_LENGTH (256)", u16(ack, ACK_HOST_LENGTH_AT, 256), LENGTH_OVER_MAXIMUM),
            row("string length 65535", u16(ack, ACK_HOST_LENGTH_AT, 0xFFFF), LENGTH_OVER_MAXIMUM),
            row("blob length past the end", u32(fire, FIRE_PLAN_LENGTH_AT, 1000), LENGTH_PAST_END),
            row("blob length over MAX_BLOB_LENGTH", u32(fire, FIRE_PLAN_LENGTH_AT, ControlCodec.MAX_BLOB_LENGTH + 1),
                LENGTH_OVER_MAXIMUM),
            row("blob length negative as int32 (-1)", u32(fire, FIRE_PLAN_LENGTH_AT, -1), LENGTH_OVER_MAXIMUM),
            row("blob length Integer.MIN_VALUE", u32(fire, FIRE_PLAN_LENGTH_AT, Integer.MIN_VALUE),
                LENGTH_OVER_MAXIMUM),
            row("group count over MAX_AMMO_COUNT", u16(hello, HELLO_AMMO_COUNT_AT, ControlCodec.MAX_AMMO_COUNT + 1),
                LENGTH_OVER_MAXIMUM),
            row("group count past the end", u16(hello, HELLO_AMMO_COUNT_AT, 10), LENGTH_PAST_END),
            row("group entry block length not the schema's", u16(hello, HELLO_AMMO_BLOCK_LENGTH_AT, 0),
                WRONG_BLOCK_LENGTH),
            row("group header cut", Arrays.copyOf(hello, HELLO_AMMO_COUNT_AT), TRUNCATED),
            row("group entry name over MAX_NAME_LENGTH",
                u16(hello, HELLO_AMMO_COUNT_AT + 2 + ControlCodec.SHA256_LENGTH, 256), LENGTH_OVER_MAXIMUM),
            row("rcode group count past the end", u16(second, SECOND_RCODE_COUNT_AT, 60), LENGTH_PAST_END),
            row("rcode group count 65535", u16(second, SECOND_RCODE_COUNT_AT, 0xFFFF), LENGTH_OVER_MAXIMUM),
            row("trailing garbage", Arrays.copyOf(ack, ack.length + 3), TRAILING_BYTES),
            row("largest blob plus trailing garbage", largestFirePlus(5), TRAILING_BYTES),
            arguments("a length that claims more than the buffer holds", ack, 0, ack.length + 1, TRUNCATED),
            arguments("a length past the end of the buffer at an offset", ack, 3, ack.length - 2, TRUNCATED),
            arguments("a header's length over a 4-byte buffer", Arrays.copyOf(ack, 4), 0, HEADER, TRUNCATED),
            arguments("a negative length", ack, 0, -1, TRUNCATED),
            arguments("a negative offset", ack, -4, ack.length, TRUNCATED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileMessages")
    void shouldCountAndDropWithTheRightCodeWhenTheMessageIsHostile(
        final String name, final byte[] bytes, final int offset, final int length, final int expectedCode)
    {
        final CapturingListener listener = new CapturingListener();
        final ControlAdapter adapter = new ControlAdapter(listener);

        assertEquals(expectedCode, adapter.onMessage(new UnsafeBuffer(bytes), offset, length),
            ControlCodec.codeName(expectedCode));

        assertEquals(expectedCode, adapter.lastErrorCode());
        assertEquals(0, adapter.messageCount());
        assertEquals(WRONG_TEMPLATE == expectedCode ? 0 : 1, adapter.malformedCount());
        assertEquals(WRONG_TEMPLATE == expectedCode ? 1 : 0, adapter.unknownTemplateCount());
        assertEquals(0, listener.messages.size());
    }

    private static Arguments row(final String name, final byte[] bytes, final int code)
    {
        return arguments(name, bytes, 0, bytes.length, code);
    }

    private static byte[] ack()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int length = HEADER + new AckEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .correlationId(1).shootId(2).host("h1").queue("/q").encodedLength();
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private static byte[] fire()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int length = HEADER + new FireEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .correlationId(1).shootId(2).host("h").putPlan(new byte[]{ 1, 2, 3 }, 0, 3).encodedLength();
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private static byte[] largestFirePlus(final int garbageLength)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[ControlCodec.MAX_MESSAGE_LENGTH + garbageLength]);
        final int length = HEADER + new FireEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .host("h".repeat(ControlCodec.MAX_NAME_LENGTH))
            .putPlan(new byte[ControlCodec.MAX_BLOB_LENGTH], 0, ControlCodec.MAX_BLOB_LENGTH).encodedLength();
        return Arrays.copyOf(buffer.byteArray(), length + garbageLength);
    }

    private static byte[] hello()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final HelloEncoder hello = new HelloEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .correlationId(1).epochNs(2).state(0);
        hello.ammoCount(1).next().putSha256(new byte[ControlCodec.SHA256_LENGTH], 0, ControlCodec.SHA256_LENGTH)
            .name("a");
        final int length = HEADER + hello.host("h").datacenter("dc").l2Version("1").encodedLength();
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private static byte[] second()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final SecondAggregateEncoder second = new SecondAggregateEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).shootId(1).secondIndex(0);
        second.rcodesCount(2).next().rcode(0).responseCount(10).next().rcode(3).responseCount(1);
        final int length = HEADER + second.host("h").putHistogram(new byte[]{ 9 }, 0, 1).encodedLength();
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private static byte[] u16(final byte[] message, final int at, final int value)
    {
        final byte[] changed = message.clone();
        new UnsafeBuffer(changed).putShort(at, (short)value, ControlCodec.BYTE_ORDER);
        return changed;
    }

    private static byte[] u32(final byte[] message, final int at, final int value)
    {
        final byte[] changed = message.clone();
        new UnsafeBuffer(changed).putInt(at, value, ControlCodec.BYTE_ORDER);
        return changed;
    }
}
