package io.l2.transport.codec;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlCodecTest
{
    private static final String HOST = "dns-load01i.vla.example.net";
    private static final String UNICODE = "ĸøé-中文-\uD83D\uDE80";
    private static final byte[] SHA_A = sha(1);
    private static final byte[] SHA_B = sha(2);
    private static final byte[] PLAN = "profile: line(1000, 50000, 10s)\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HISTOGRAM = histogramBytes();

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[ControlCodec.MAX_MESSAGE_LENGTH]);

    private static byte[] sha(final int seed)
    {
        final byte[] sha = new byte[ControlCodec.SHA256_LENGTH];
        for (int i = 0; i < sha.length; i++)
        {
            sha[i] = (byte) (seed * 31 + i);
        }
        return sha;
    }

    private static byte[] histogramBytes()
    {
        final byte[] bytes = new byte[300];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    static int encodeHello(final UnsafeBuffer buffer, final int offset)
    {
        return new HelloFlyweight().wrap(buffer, offset)
            .correlationId(42).epochNs(1_764_000_000_123_456_789L).state(HelloFlyweight.STATE_SHOOTING)
            .addAmmo("queries.txt", SHA_A)
            .addAmmo(UNICODE, SHA_B)
            .host(HOST).datacenter("vla").l2Version("0.1.0-SNAPSHOT")
            .encodedLength();
    }

    static int encodeFire(final UnsafeBuffer buffer, final int offset)
    {
        return new FireFlyweight().wrap(buffer, offset)
            .correlationId(43).shootId(7001).startEpochNs(1_764_000_005_000_000_000L).leaseMs(3000)
            .hostIndex(2).hostCount(3).flags(FireFlyweight.FLAG_DRY_RUN)
            .host(HOST).plan(PLAN, 0, PLAN.length)
            .encodedLength();
    }

    static int encodeAck(final UnsafeBuffer buffer, final int offset)
    {
        return new AckFlyweight().wrap(buffer, offset).correlationId(43).shootId(7001).host(HOST)
            .queue("/q").encodedLength();
    }

    static int encodeRefuse(final UnsafeBuffer buffer, final int offset)
    {
        return new RefuseFlyweight().wrap(buffer, offset)
            .correlationId(43).shootId(7001).host(HOST).reason("ammo hash differs: " + UNICODE)
            .encodedLength();
    }

    static int encodeSecondAggregate(final UnsafeBuffer buffer, final int offset)
    {
        return new SecondAggregateFlyweight().wrap(buffer, offset)
            .shootId(7001).secondIndex(9)
            .requested(50_000).sent(49_990).achieved(49_980).answered(49_900)
            .timeouts(80).malformed(3).sendErrors(7).discarded(10)
            .addRcode(0, 49_000).addRcode(3, 890).addRcode(4095, 10)
            .host(HOST).histogram(HISTOGRAM, 0, HISTOGRAM.length)
            .encodedLength();
    }

    static int encodeEnd(final UnsafeBuffer buffer, final int offset)
    {
        return new EndFlyweight().wrap(buffer, offset)
            .shootId(7001).status(EndFlyweight.STATUS_LEASE_EXPIRED).secondCount(12).sent(60_000).answered(59_990)
            .host(HOST).reason("runner silent for 3000 ms")
            .encodedLength();
    }

    static int encodeAbort(final UnsafeBuffer buffer, final int offset)
    {
        return new AbortFlyweight().wrap(buffer, offset)
            .correlationId(44).shootId(7001).reason("Ctrl-C on the runner")
            .encodedLength();
    }

    static int encodeLease(final UnsafeBuffer buffer, final int offset)
    {
        return new LeaseFlyweight().wrap(buffer, offset)
            .correlationId(45).shootId(7001).epochNs(1_764_000_000_000_000_000L).leaseMs(3000).runner("runner01")
            .encodedLength();
    }

    @Test
    void shouldRoundTripHelloWhenEncodedAndDecoded()
    {
        final int length = encodeHello(buffer, 16);
        final HelloFlyweight hello = new HelloFlyweight();

        assertEquals(length, hello.decode(buffer, 16, length));
        assertEquals(42, hello.correlationId());
        assertEquals(1_764_000_000_123_456_789L, hello.epochNs());
        assertEquals(HelloFlyweight.STATE_SHOOTING, hello.state());
        assertEquals(HOST, hello.host());
        assertEquals("vla", hello.datacenter());
        assertEquals("0.1.0-SNAPSHOT", hello.l2Version());
        assertEquals(2, hello.ammoCount());
        assertEquals("queries.txt", hello.ammoName(0));
        assertEquals(UNICODE, hello.ammoName(1));
        final byte[] sha = new byte[ControlCodec.SHA256_LENGTH];
        hello.getAmmoSha256(1, sha, 0);
        assertArrayEquals(SHA_B, sha);
        hello.getAmmoSha256(0, sha, 0);
        assertArrayEquals(SHA_A, sha);
        assertThrows(IndexOutOfBoundsException.class, () -> hello.ammoName(2));
    }

    @Test
    void shouldRoundTripFireWhenEncodedAndDecoded()
    {
        final int length = encodeFire(buffer, 0);
        final FireFlyweight fire = new FireFlyweight();

        assertEquals(length, fire.decode(buffer, 0, length));
        assertEquals(43, fire.correlationId());
        assertEquals(7001, fire.shootId());
        assertEquals(1_764_000_005_000_000_000L, fire.startEpochNs());
        assertEquals(3000, fire.leaseMs());
        assertEquals(2, fire.hostIndex());
        assertEquals(3, fire.hostCount());
        assertEquals(FireFlyweight.FLAG_DRY_RUN, fire.flags());
        assertEquals(HOST, fire.host());
        assertEquals(PLAN.length, fire.planLength());
        final byte[] plan = new byte[fire.planLength()];
        assertEquals(PLAN.length, fire.getPlan(plan, 0));
        assertArrayEquals(PLAN, plan);
        assertEquals(PLAN[0], fire.buffer().getByte(fire.planOffset()));
    }

    @Test
    void shouldRoundTripAckRefuseEndAbortLeaseWhenEncodedAndDecoded()
    {
        final AckFlyweight ack = new AckFlyweight();
        int length = encodeAck(buffer, 0);
        assertEquals(length, ack.decode(buffer, 0, length));
        assertEquals(43, ack.correlationId());
        assertEquals(7001, ack.shootId());
        assertEquals(HOST, ack.host());
        assertEquals("/q", ack.queue());

        final RefuseFlyweight refuse = new RefuseFlyweight();
        length = encodeRefuse(buffer, 0);
        assertEquals(length, refuse.decode(buffer, 0, length));
        assertEquals(43, refuse.correlationId());
        assertEquals(7001, refuse.shootId());
        assertEquals(HOST, refuse.host());
        assertEquals("ammo hash differs: " + UNICODE, refuse.reason());

        final EndFlyweight end = new EndFlyweight();
        length = encodeEnd(buffer, 0);
        assertEquals(length, end.decode(buffer, 0, length));
        assertEquals(7001, end.shootId());
        assertEquals(EndFlyweight.STATUS_LEASE_EXPIRED, end.status());
        assertEquals(12, end.secondCount());
        assertEquals(60_000, end.sent());
        assertEquals(59_990, end.answered());
        assertEquals(HOST, end.host());
        assertEquals("runner silent for 3000 ms", end.reason());

        final AbortFlyweight abort = new AbortFlyweight();
        length = encodeAbort(buffer, 0);
        assertEquals(length, abort.decode(buffer, 0, length));
        assertEquals(44, abort.correlationId());
        assertEquals(7001, abort.shootId());
        assertEquals("Ctrl-C on the runner", abort.reason());

        final LeaseFlyweight lease = new LeaseFlyweight();
        length = encodeLease(buffer, 0);
        assertEquals(LeaseFlyweight.BLOCK_LENGTH + 2 + "runner01".length() + MessageHeaderFlyweight.ENCODED_LENGTH,
            length);
        assertEquals(length, lease.decode(buffer, 0, length));
        assertEquals(45, lease.correlationId());
        assertEquals(7001, lease.shootId());
        assertEquals(1_764_000_000_000_000_000L, lease.epochNs());
        assertEquals(3000, lease.leaseMs());
        assertEquals("runner01", lease.runner());
        assertEquals(ControlCodec.LENGTH_PAST_END, lease.decode(buffer, 0, length - 1));
    }

    @Test
    void shouldRoundTripSecondAggregateWhenEncodedAndDecoded()
    {
        final int length = encodeSecondAggregate(buffer, 8);
        final SecondAggregateFlyweight aggregate = new SecondAggregateFlyweight();

        assertEquals(length, aggregate.decode(buffer, 8, length));
        assertEquals(7001, aggregate.shootId());
        assertEquals(9, aggregate.secondIndex());
        assertEquals(50_000, aggregate.requested());
        assertEquals(49_990, aggregate.sent());
        assertEquals(49_980, aggregate.achieved());
        assertEquals(49_900, aggregate.answered());
        assertEquals(80, aggregate.timeouts());
        assertEquals(3, aggregate.malformed());
        assertEquals(7, aggregate.sendErrors());
        assertEquals(10, aggregate.discarded());
        assertEquals(3, aggregate.rcodeEntryCount());
        assertEquals(0, aggregate.rcode(0));
        assertEquals(49_000, aggregate.rcodeResponseCount(0));
        assertEquals(3, aggregate.rcode(1));
        assertEquals(890, aggregate.rcodeResponseCount(1));
        assertEquals(4095, aggregate.rcode(2));
        assertEquals(10, aggregate.rcodeResponseCount(2));
        assertEquals(HOST, aggregate.host());
        final byte[] histogram = new byte[aggregate.histogramLength()];
        aggregate.getHistogram(histogram, 0);
        assertArrayEquals(HISTOGRAM, histogram);
    }

    @Test
    void shouldWriteHeaderLittleEndianWhenWrapped()
    {
        final int length = encodeAck(buffer, 0);
        final MessageHeaderFlyweight header = new MessageHeaderFlyweight().wrapForRead(buffer, 0);

        assertEquals(AckFlyweight.BLOCK_LENGTH, header.blockLength());
        assertEquals(AckFlyweight.TEMPLATE_ID, header.templateId());
        assertEquals(ControlCodec.SCHEMA_ID, header.schemaId());
        assertEquals(ControlCodec.SCHEMA_VERSION, header.version());
        assertEquals(AckFlyweight.BLOCK_LENGTH, buffer.getByte(0));
        assertEquals(0, buffer.getByte(1));
        assertEquals(0x32, buffer.getByte(4));
        assertEquals(0x4C, buffer.getByte(5));
        assertEquals(43, buffer.getLong(MessageHeaderFlyweight.ENCODED_LENGTH, ByteOrder.LITTLE_ENDIAN));
        assertEquals(MessageHeaderFlyweight.ENCODED_LENGTH + AckFlyweight.BLOCK_LENGTH + 2 + HOST.length() + 2 + 2,
            length);
    }

    @Test
    void shouldRejectEveryTruncationAndAnyTrailingByteWhenDecoding()
    {
        for (final Sample sample : samples())
        {
            final int length = sample.encoder.encode(buffer, 0);
            final ControlMessageFlyweight flyweight = sample.decoder.get();
            assertEquals(length, flyweight.decode(buffer, 0, length), sample.name);
            for (int truncated = 0; truncated < length; truncated++)
            {
                final int result = flyweight.decode(buffer, 0, truncated);
                assertTrue(result < 0, sample.name + " truncated to " + truncated + " gave " + result);
            }
            assertEquals(ControlCodec.TRAILING_BYTES, flyweight.decode(buffer, 0, length + 1), sample.name);
            assertEquals(ControlCodec.TRUNCATED, flyweight.decode(buffer, buffer.capacity() - 4, 8), sample.name);
        }
    }

    @Test
    void shouldRejectHeaderWhenSchemaVersionTemplateOrBlockLengthIsWrong()
    {
        final int length = encodeAbort(buffer, 0);
        final AbortFlyweight abort = new AbortFlyweight();
        final MessageHeaderFlyweight header = new MessageHeaderFlyweight().wrap(buffer, 0);

        header.schemaId(ControlCodec.SCHEMA_ID + 1);
        assertEquals(ControlCodec.WRONG_SCHEMA, abort.decode(buffer, 0, length));
        header.schemaId(ControlCodec.SCHEMA_ID).version(ControlCodec.SCHEMA_VERSION + 1);
        assertEquals(ControlCodec.WRONG_VERSION, abort.decode(buffer, 0, length));
        header.version(ControlCodec.SCHEMA_VERSION).templateId(AckFlyweight.TEMPLATE_ID);
        assertEquals(ControlCodec.WRONG_TEMPLATE, abort.decode(buffer, 0, length));
        header.templateId(AbortFlyweight.TEMPLATE_ID).blockLength(AbortFlyweight.BLOCK_LENGTH + 8);
        assertEquals(ControlCodec.WRONG_BLOCK_LENGTH, abort.decode(buffer, 0, length));
        header.blockLength(AbortFlyweight.BLOCK_LENGTH);
        assertEquals(length, abort.decode(buffer, 0, length));
    }

    @Test
    void shouldRejectLengthFieldsWhenPastEndOrOverMaximum()
    {
        final int queuePrefix = MessageHeaderFlyweight.ENCODED_LENGTH + AckFlyweight.BLOCK_LENGTH + 2 + HOST.length();
        final AckFlyweight ack = new AckFlyweight();
        int length = encodeAck(buffer, 0);
        buffer.putShort(queuePrefix, (short) 0xFFFF, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_OVER_MAXIMUM, ack.decode(buffer, 0, length));
        buffer.putShort(queuePrefix, (short) 3, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_PAST_END, ack.decode(buffer, 0, length));
        buffer.putShort(queuePrefix, (short) 1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.TRAILING_BYTES, ack.decode(buffer, 0, length));

        final FireFlyweight fire = new FireFlyweight();
        length = encodeFire(buffer, 0);
        final int planPrefix = length - PLAN.length - 4;
        buffer.putInt(planPrefix, -1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_OVER_MAXIMUM, fire.decode(buffer, 0, length));
        buffer.putInt(planPrefix, PLAN.length + 1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_PAST_END, fire.decode(buffer, 0, length));

        final SecondAggregateFlyweight aggregate = new SecondAggregateFlyweight();
        length = encodeSecondAggregate(buffer, 0);
        final int groupCount = MessageHeaderFlyweight.ENCODED_LENGTH + SecondAggregateFlyweight.BLOCK_LENGTH;
        buffer.putShort(groupCount, (short) (ControlCodec.MAX_RCODE_COUNT + 1), ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_OVER_MAXIMUM, aggregate.decode(buffer, 0, length));
        buffer.putShort(groupCount, (short) 60, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_PAST_END, aggregate.decode(buffer, 0, length));

        final HelloFlyweight hello = new HelloFlyweight();
        length = encodeHello(buffer, 0);
        final int firstNamePrefix = MessageHeaderFlyweight.ENCODED_LENGTH + HelloFlyweight.BLOCK_LENGTH + 2 +
            ControlCodec.SHA256_LENGTH;
        buffer.putShort(firstNamePrefix, (short) (ControlCodec.MAX_NAME_LENGTH + 1), ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_OVER_MAXIMUM, hello.decode(buffer, 0, length));
        buffer.putShort(firstNamePrefix, (short) 250, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_PAST_END, hello.decode(buffer, 0, length));
    }

    @Test
    void shouldNeverThrowWhenDecodingRandomBytes()
    {
        final Random random = new Random(20261125L);
        final List<Sample> samples = samples();
        final byte[] bytes = new byte[512];
        final UnsafeBuffer randomBuffer = new UnsafeBuffer(bytes);
        int rejected = 0;
        for (int i = 0; i < 20_000; i++)
        {
            random.nextBytes(bytes);
            final Sample sample = samples.get(random.nextInt(samples.size()));
            final ControlMessageFlyweight flyweight = sample.decoder.get();
            if (random.nextBoolean())
            {
                new MessageHeaderFlyweight().wrap(randomBuffer, 0).set(flyweight.blockLength(), flyweight.templateId());
                if (random.nextBoolean())
                {
                    // small lengths and counts so that some random messages get deep into the variable part
                    for (int at = MessageHeaderFlyweight.ENCODED_LENGTH + flyweight.blockLength(); at < 60; at++)
                    {
                        bytes[at] = (byte) random.nextInt(4);
                    }
                }
            }
            final int length = random.nextInt(bytes.length + 1);
            final int result = flyweight.decode(randomBuffer, 0, length);
            if (result >= 0)
            {
                assertEquals(length, result);
                assertTrue(flyweight.toString().length() > 0);
            }
            else
            {
                assertTrue(ControlCodec.codeName(result).length() > 0);
                rejected++;
            }
        }
        assertTrue(rejected > 10_000, "rejected " + rejected);
    }

    @Test
    void shouldAnswerFullLengthOrCodeWhenOneByteIsCorrupted()
    {
        final Random random = new Random(5L);
        for (final Sample sample : samples())
        {
            final int length = sample.encoder.encode(buffer, 0);
            final ControlMessageFlyweight flyweight = sample.decoder.get();
            for (int i = 0; i < 2_000; i++)
            {
                sample.encoder.encode(buffer, 0);
                final int at = random.nextInt(length);
                buffer.putByte(at, (byte) random.nextInt(256));
                final int result = flyweight.decode(buffer, 0, length);
                assertTrue(result == length || result < 0, sample.name + " gave " + result);
                if (result >= 0)
                {
                    assertTrue(flyweight.toString().length() > 0);
                }
            }
        }
    }

    @Test
    void shouldThrowWhenEncodingOutOfOrderOrOverMaximum()
    {
        final RefuseFlyweight refuse = new RefuseFlyweight().wrap(buffer, 0);
        assertThrows(IllegalStateException.class, () -> refuse.reason("why"));
        final char[] longName = new char[ControlCodec.MAX_NAME_LENGTH + 1];
        Arrays.fill(longName, 'x');
        assertThrows(IllegalArgumentException.class, () -> refuse.host(new String(longName)));
        refuse.host(HOST).reason("why");
        assertThrows(IllegalStateException.class, () -> refuse.host(HOST));

        final HelloFlyweight hello = new HelloFlyweight().wrap(buffer, 0);
        assertThrows(IllegalArgumentException.class, () -> hello.addAmmo("a", new byte[31]));
        hello.host(HOST);
        assertThrows(IllegalStateException.class, () -> hello.addAmmo("a", SHA_A));

        final FireFlyweight fire = new FireFlyweight().wrap(buffer, 0).host(HOST);
        assertThrows(
            IllegalArgumentException.class,
            () -> fire.plan(new byte[ControlCodec.MAX_BLOB_LENGTH + 1], 0, ControlCodec.MAX_BLOB_LENGTH + 1));

        final SecondAggregateFlyweight aggregate = new SecondAggregateFlyweight().wrap(buffer, 0);
        for (int i = 0; i < ControlCodec.MAX_RCODE_COUNT; i++)
        {
            aggregate.addRcode(i, i);
        }
        assertThrows(IllegalStateException.class, () -> aggregate.addRcode(99, 1));
    }

    @Test
    void shouldEncodeUtf8AsTheJdkDoesWhenGivenAnyString()
    {
        final String[] samples = {"", "ascii", UNICODE, "lone \uD800 high", "lone \uDC00 low", "end \uD83D"};
        for (final String sample : samples)
        {
            final byte[] expected = sample.getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.length, Utf8.encodedLength(sample), sample);
            assertEquals(expected.length, Utf8.encode(sample, buffer, 3), sample);
            final byte[] actual = new byte[expected.length];
            buffer.getBytes(3, actual);
            assertArrayEquals(expected, actual, sample);
        }
    }

    @Test
    void shouldFitEveryLargestMessageWhenEncodedAtMaximum()
    {
        final byte[] blob = new byte[ControlCodec.MAX_BLOB_LENGTH];
        final char[] name = new char[ControlCodec.MAX_NAME_LENGTH];
        Arrays.fill(name, 'n');
        final String maxName = new String(name);
        final SecondAggregateFlyweight aggregate = new SecondAggregateFlyweight().wrap(buffer, 0);
        for (int i = 0; i < ControlCodec.MAX_RCODE_COUNT; i++)
        {
            aggregate.addRcode(i, i);
        }
        final int aggregateLength = aggregate.host(maxName).histogram(blob, 0, blob.length).encodedLength();
        assertEquals(aggregateLength, new SecondAggregateFlyweight().decode(buffer, 0, aggregateLength));

        final HelloFlyweight hello = new HelloFlyweight().wrap(buffer, 0);
        for (int i = 0; i < ControlCodec.MAX_AMMO_COUNT; i++)
        {
            hello.addAmmo(maxName, SHA_A);
        }
        final int helloLength = hello.host(maxName).datacenter(maxName).l2Version(maxName).encodedLength();
        assertEquals(helloLength, new HelloFlyweight().decode(buffer, 0, helloLength));
        assertTrue(aggregateLength <= ControlCodec.MAX_MESSAGE_LENGTH);
        assertTrue(helloLength <= ControlCodec.MAX_MESSAGE_LENGTH);
    }

    static List<Sample> samples()
    {
        final List<Sample> samples = new ArrayList<>();
        samples.add(new Sample("hello", ControlCodecTest::encodeHello, HelloFlyweight::new));
        samples.add(new Sample("fire", ControlCodecTest::encodeFire, FireFlyweight::new));
        samples.add(new Sample("ack", ControlCodecTest::encodeAck, AckFlyweight::new));
        samples.add(new Sample("refuse", ControlCodecTest::encodeRefuse, RefuseFlyweight::new));
        samples.add(new Sample("secondAggregate", ControlCodecTest::encodeSecondAggregate,
            SecondAggregateFlyweight::new));
        samples.add(new Sample("end", ControlCodecTest::encodeEnd, EndFlyweight::new));
        samples.add(new Sample("abort", ControlCodecTest::encodeAbort, AbortFlyweight::new));
        samples.add(new Sample("lease", ControlCodecTest::encodeLease, LeaseFlyweight::new));
        return samples;
    }

    interface Encoder
    {
        int encode(UnsafeBuffer buffer, int offset);
    }

    static final class Sample
    {
        final String name;
        final Encoder encoder;
        final Supplier<ControlMessageFlyweight> decoder;

        Sample(final String name, final Encoder encoder, final Supplier<ControlMessageFlyweight> decoder)
        {
            this.name = name;
            this.encoder = encoder;
            this.decoder = decoder;
        }
    }
}
