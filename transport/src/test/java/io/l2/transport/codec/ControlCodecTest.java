package io.l2.transport.codec;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.AckEncoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.FireEncoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.HelloEncoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.MessageHeaderDecoder;
import io.l2.transport.codecs.MessageHeaderEncoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.codecs.RefuseEncoder;
import io.l2.transport.codecs.SecondAggregateDecoder;
import io.l2.transport.codecs.SecondAggregateEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.l2.transport.codec.ControlMessages.HISTOGRAM;
import static io.l2.transport.codec.ControlMessages.HOST;
import static io.l2.transport.codec.ControlMessages.PLAN;
import static io.l2.transport.codec.ControlMessages.SHA_A;
import static io.l2.transport.codec.ControlMessages.SHA_B;
import static io.l2.transport.codec.ControlMessages.UNICODE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated codecs against the schema's contract: every message round-trips, the validator accepts exactly what
 * the generated decoders read, and refuses (never throws on) anything truncated, oversize or malformed.
 */
class ControlCodecTest
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[ControlCodec.MAX_MESSAGE_LENGTH]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @Test
    void shouldCarryTheSchemaIdentityAndLimitsOfTheXmlSchema()
    {
        assertEquals(0x4C32, ControlCodec.SCHEMA_ID);
        assertEquals(3, ControlCodec.SCHEMA_VERSION);
        assertEquals(8, ControlCodec.HEADER_LENGTH);
        assertEquals(255, ControlCodec.MAX_NAME_LENGTH);
        assertEquals(1024, ControlCodec.MAX_REASON_LENGTH);
        assertEquals(120 * 1024, ControlCodec.MAX_BLOB_LENGTH);
        assertEquals(64, ControlCodec.MAX_AMMO_COUNT);
        assertEquals(64, ControlCodec.MAX_RCODE_COUNT);
        assertEquals(32, ControlCodec.SHA256_LENGTH);
    }

    @Test
    void shouldRoundTripHelloWhenEncodedAndDecoded()
    {
        final int length = ControlMessages.encodeHello(buffer, 16);
        assertEquals(length, ControlMessageValidator.validate(buffer, 16, length));

        final HelloDecoder hello = new HelloDecoder().wrapAndApplyHeader(buffer, 16, header);
        assertEquals(42, hello.correlationId());
        assertEquals(1_764_000_000_123_456_789L, hello.epochNs());
        assertEquals(ControlCodec.STATE_SHOOTING, hello.state());
        final HelloDecoder.AmmoDecoder ammo = hello.ammo();
        assertEquals(2, ammo.count());
        final byte[] sha = new byte[ControlCodec.SHA256_LENGTH];
        ammo.next().getSha256(sha, 0, sha.length);
        assertArrayEquals(SHA_A, sha);
        assertEquals("queries.txt", ammo.name());
        ammo.next().getSha256(sha, 0, sha.length);
        assertArrayEquals(SHA_B, sha);
        assertEquals(UNICODE, ammo.name());
        assertFalse(ammo.hasNext());
        assertEquals(HOST, hello.host());
        assertEquals("vla", hello.datacenter());
        assertEquals("0.1.0-SNAPSHOT", hello.l2Version());
        assertEquals(length, HEADER + hello.encodedLength());
    }

    @Test
    void shouldRoundTripFireWhenEncodedAndDecoded()
    {
        final int length = ControlMessages.encodeFire(buffer, 0);
        assertEquals(length, ControlMessageValidator.validate(buffer, 0, length));

        final FireDecoder fire = new FireDecoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(43, fire.correlationId());
        assertEquals(7001, fire.shootId());
        assertEquals(1_764_000_005_000_000_000L, fire.startEpochNs());
        assertEquals(3000, fire.leaseMs());
        assertEquals(2, fire.hostIndex());
        assertEquals(3, fire.hostCount());
        assertEquals(ControlCodec.FLAG_DRY_RUN, fire.flags());
        assertEquals(HOST, fire.host());
        assertEquals(PLAN.length, fire.planLength());
        final byte[] plan = new byte[fire.planLength()];
        assertEquals(PLAN.length, fire.getPlan(plan, 0, plan.length));
        assertArrayEquals(PLAN, plan);
    }

    @Test
    void shouldRoundTripAckRefuseEndAbortLeaseWhenEncodedAndDecoded()
    {
        int length = ControlMessages.encodeAck(buffer, 0);
        assertEquals(length, ControlMessageValidator.validate(buffer, 0, length));
        final AckDecoder ack = new AckDecoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(43, ack.correlationId());
        assertEquals(7001, ack.shootId());
        assertEquals(HOST, ack.host());
        assertEquals("/q", ack.queue());

        length = ControlMessages.encodeRefuse(buffer, 0);
        assertEquals(length, ControlMessageValidator.validate(buffer, 0, length));
        final RefuseDecoder refuse = new RefuseDecoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(43, refuse.correlationId());
        assertEquals(7001, refuse.shootId());
        assertEquals(HOST, refuse.host());
        assertEquals("ammo hash differs: " + UNICODE, refuse.reason());

        length = ControlMessages.encodeEnd(buffer, 0);
        assertEquals(length, ControlMessageValidator.validate(buffer, 0, length));
        final EndDecoder end = new EndDecoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(7001, end.shootId());
        assertEquals(ControlCodec.STATUS_LEASE_EXPIRED, end.status());
        assertEquals(12, end.secondCount());
        assertEquals(60_000, end.sent());
        assertEquals(59_990, end.answered());
        assertEquals(HOST, end.host());
        assertEquals("runner silent for 3000 ms", end.reason());

        length = ControlMessages.encodeAbort(buffer, 0);
        assertEquals(length, ControlMessageValidator.validate(buffer, 0, length));
        final AbortDecoder abort = new AbortDecoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(44, abort.correlationId());
        assertEquals(7001, abort.shootId());
        assertEquals("Ctrl-C on the runner", abort.reason());

        length = ControlMessages.encodeLease(buffer, 0);
        assertEquals(HEADER + LeaseDecoder.BLOCK_LENGTH + 2 + "runner01".length(), length);
        assertEquals(length, ControlMessageValidator.validate(buffer, 0, length));
        final LeaseDecoder lease = new LeaseDecoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(45, lease.correlationId());
        assertEquals(7001, lease.shootId());
        assertEquals(1_764_000_000_000_000_000L, lease.epochNs());
        assertEquals(3000, lease.leaseMs());
        assertEquals("runner01", lease.runner());
        assertEquals(ControlCodec.LENGTH_PAST_END, ControlMessageValidator.validate(buffer, 0, length - 1));
    }

    @Test
    void shouldRoundTripSecondAggregateWhenEncodedAndDecoded()
    {
        final int length = ControlMessages.encodeSecondAggregate(buffer, 8);
        assertEquals(length, ControlMessageValidator.validate(buffer, 8, length));

        final SecondAggregateDecoder aggregate = new SecondAggregateDecoder().wrapAndApplyHeader(buffer, 8, header);
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
        final SecondAggregateDecoder.RcodesDecoder rcodes = aggregate.rcodes();
        assertEquals(3, rcodes.count());
        assertEquals(0, rcodes.next().rcode());
        assertEquals(49_000, rcodes.responseCount());
        assertEquals(3, rcodes.next().rcode());
        assertEquals(890, rcodes.responseCount());
        assertEquals(4095, rcodes.next().rcode());
        assertEquals(10, rcodes.responseCount());
        assertEquals(HOST, aggregate.host());
        final byte[] histogram = new byte[aggregate.histogramLength()];
        aggregate.getHistogram(histogram, 0, histogram.length);
        assertArrayEquals(HISTOGRAM, histogram);
    }

    @Test
    void shouldAcceptExactlyWhatTheGeneratedDecoderReadsWhenGivenEverySample()
    {
        for (final ControlMessages.Sample sample : ControlMessages.samples())
        {
            final int length = sample.encoder.encode(buffer, 24);
            assertEquals(length, ControlMessageValidator.validate(buffer, 24, length), sample.name);
            assertEquals(length, ControlMessages.decodedLength(buffer, 24), sample.name);
            assertTrue(ControlMessages.describe(buffer, 24).length() > 0, sample.name);
        }
    }

    @Test
    void shouldWriteHeaderLittleEndianWhenWrapped()
    {
        final int length = ControlMessages.encodeAck(buffer, 0);
        header.wrap(buffer, 0);

        assertEquals(AckDecoder.BLOCK_LENGTH, header.blockLength());
        assertEquals(AckDecoder.TEMPLATE_ID, header.templateId());
        assertEquals(ControlCodec.SCHEMA_ID, header.schemaId());
        assertEquals(ControlCodec.SCHEMA_VERSION, header.version());
        assertEquals(AckDecoder.BLOCK_LENGTH, buffer.getByte(0));
        assertEquals(0, buffer.getByte(1));
        assertEquals(0x32, buffer.getByte(4));
        assertEquals(0x4C, buffer.getByte(5));
        assertEquals(43, buffer.getLong(HEADER, ByteOrder.LITTLE_ENDIAN));
        assertEquals(HEADER + AckDecoder.BLOCK_LENGTH + 2 + HOST.length() + 2 + 2, length);
    }

    @Test
    void shouldRejectEveryTruncationAndAnyTrailingByteWhenDecoding()
    {
        for (final ControlMessages.Sample sample : ControlMessages.samples())
        {
            final int length = sample.encoder.encode(buffer, 0);
            assertEquals(length, ControlMessageValidator.validate(buffer, 0, length), sample.name);
            for (int truncated = 0; truncated < length; truncated++)
            {
                final int result = ControlMessageValidator.validate(buffer, 0, truncated);
                assertTrue(result < 0, sample.name + " truncated to " + truncated + " gave " + result);
            }
            assertEquals(ControlCodec.TRAILING_BYTES, ControlMessageValidator.validate(buffer, 0, length + 1),
                sample.name);
            assertEquals(ControlCodec.TRUNCATED, ControlMessageValidator.validate(buffer, buffer.capacity() - 4, 8),
                sample.name);
        }
    }

    @Test
    void shouldRejectHeaderWhenSchemaVersionTemplateOrBlockLengthIsWrong()
    {
        final int length = ControlMessages.encodeAbort(buffer, 0);
        final MessageHeaderEncoder header = ControlMessages.header(buffer, 0);

        header.schemaId(ControlCodec.SCHEMA_ID + 1);
        assertEquals(ControlCodec.WRONG_SCHEMA, ControlMessageValidator.validate(buffer, 0, length));
        header.schemaId(ControlCodec.SCHEMA_ID).version(ControlCodec.SCHEMA_VERSION - 1);
        assertEquals(ControlCodec.WRONG_VERSION, ControlMessageValidator.validate(buffer, 0, length));
        header.version(ControlCodec.SCHEMA_VERSION).templateId(999);
        assertEquals(ControlCodec.WRONG_TEMPLATE, ControlMessageValidator.validate(buffer, 0, length));
        header.templateId(0);
        assertEquals(ControlCodec.WRONG_TEMPLATE, ControlMessageValidator.validate(buffer, 0, length));
        header.templateId(AbortDecoder.TEMPLATE_ID).blockLength(AbortDecoder.BLOCK_LENGTH + 8);
        assertEquals(ControlCodec.WRONG_BLOCK_LENGTH, ControlMessageValidator.validate(buffer, 0, length));
        header.blockLength(AbortDecoder.BLOCK_LENGTH);
        assertEquals(length, ControlMessageValidator.validate(buffer, 0, length));

        final int helloLength = ControlMessages.encodeHello(buffer, 0);
        final int groupHeader = HEADER + HelloDecoder.BLOCK_LENGTH;
        buffer.putShort(groupHeader, (short) (ControlCodec.SHA256_LENGTH + 2), ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.WRONG_BLOCK_LENGTH, ControlMessageValidator.validate(buffer, 0, helloLength),
            "a group entry's block length must be the schema's");
    }

    @Test
    void shouldRejectLengthFieldsWhenPastEndOrOverMaximum()
    {
        final int queuePrefix = HEADER + AckDecoder.BLOCK_LENGTH + 2 + HOST.length();
        int length = ControlMessages.encodeAck(buffer, 0);
        buffer.putShort(queuePrefix, (short) 0xFFFF, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_OVER_MAXIMUM, ControlMessageValidator.validate(buffer, 0, length));
        buffer.putShort(queuePrefix, (short) 3, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_PAST_END, ControlMessageValidator.validate(buffer, 0, length));
        buffer.putShort(queuePrefix, (short) 1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.TRAILING_BYTES, ControlMessageValidator.validate(buffer, 0, length));

        length = ControlMessages.encodeFire(buffer, 0);
        final int planPrefix = length - PLAN.length - 4;
        buffer.putInt(planPrefix, -1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_OVER_MAXIMUM, ControlMessageValidator.validate(buffer, 0, length));
        buffer.putInt(planPrefix, PLAN.length + 1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_PAST_END, ControlMessageValidator.validate(buffer, 0, length));

        length = ControlMessages.encodeSecondAggregate(buffer, 0);
        final int groupCount = HEADER + SecondAggregateDecoder.BLOCK_LENGTH + 2;
        buffer.putShort(groupCount, (short) (ControlCodec.MAX_RCODE_COUNT + 1), ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_OVER_MAXIMUM, ControlMessageValidator.validate(buffer, 0, length));
        buffer.putShort(groupCount, (short) 60, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_PAST_END, ControlMessageValidator.validate(buffer, 0, length));

        length = ControlMessages.encodeHello(buffer, 0);
        final int firstNamePrefix = HEADER + HelloDecoder.BLOCK_LENGTH + 4 + ControlCodec.SHA256_LENGTH;
        buffer.putShort(firstNamePrefix, (short) (ControlCodec.MAX_NAME_LENGTH + 1), ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_OVER_MAXIMUM, ControlMessageValidator.validate(buffer, 0, length));
        buffer.putShort(firstNamePrefix, (short) 250, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ControlCodec.LENGTH_PAST_END, ControlMessageValidator.validate(buffer, 0, length));
    }

    @Test
    void shouldNeverThrowWhenDecodingRandomBytes()
    {
        final Random random = new Random(20261125L);
        final List<ControlMessages.Sample> samples = ControlMessages.samples();
        final UnsafeBuffer sampleBuffer = new UnsafeBuffer(new byte[ControlCodec.MAX_MESSAGE_LENGTH]);
        final byte[] bytes = new byte[512];
        final UnsafeBuffer randomBuffer = new UnsafeBuffer(bytes);
        int rejected = 0;
        for (int i = 0; i < 20_000; i++)
        {
            random.nextBytes(bytes);
            if (random.nextBoolean())
            {
                // a real header (and fixed block length) so that some random messages get into the variable part
                final ControlMessages.Sample sample = samples.get(random.nextInt(samples.size()));
                sample.encoder.encode(sampleBuffer, 0);
                randomBuffer.putBytes(0, sampleBuffer, 0, HEADER);
                if (random.nextBoolean())
                {
                    // small lengths and counts
                    for (int at = HEADER + header.wrap(randomBuffer, 0).blockLength(); at < 60; at++)
                    {
                        bytes[at] = (byte) random.nextInt(4);
                    }
                }
            }
            final int length = random.nextInt(bytes.length + 1);
            final int result = ControlMessageValidator.validate(randomBuffer, 0, length);
            if (result >= 0)
            {
                assertEquals(length, result);
                assertEquals(length, ControlMessages.decodedLength(randomBuffer, 0));
                assertTrue(ControlMessages.describe(randomBuffer, 0).length() > 0);
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
        for (final ControlMessages.Sample sample : ControlMessages.samples())
        {
            final int length = sample.encoder.encode(buffer, 0);
            for (int i = 0; i < 2_000; i++)
            {
                sample.encoder.encode(buffer, 0);
                final int at = random.nextInt(length);
                buffer.putByte(at, (byte) random.nextInt(256));
                final int result = ControlMessageValidator.validate(buffer, 0, length);
                assertTrue(result == length || result < 0, sample.name + " gave " + result);
                if (result >= 0)
                {
                    assertEquals(length, ControlMessages.decodedLength(buffer, 0), sample.name);
                    assertTrue(ControlMessages.describe(buffer, 0).length() > 0);
                }
            }
        }
    }

    @Test
    void shouldThrowWhenEncodingOutOfOrderOrOverMaximum()
    {
        final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        final RefuseEncoder refuse = new RefuseEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder);
        assertThrows(IllegalStateException.class, () -> refuse.reason("why"), "reason before host");
        final char[] longName = new char[ControlCodec.MAX_NAME_LENGTH + 1];
        Arrays.fill(longName, 'x');
        assertThrows(IllegalStateException.class, () -> refuse.host(new String(longName)));
        refuse.host(HOST).reason("why");
        assertThrows(IllegalStateException.class, () -> refuse.host(HOST), "host again");

        final HelloEncoder hello = new HelloEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder);
        assertThrows(IllegalStateException.class, () -> hello.host(HOST), "host before the ammo group");
        assertThrows(IllegalArgumentException.class, () -> hello.ammoCount(ControlCodec.MAX_AMMO_COUNT + 1));

        final FireEncoder fire = new FireEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder).host(HOST);
        assertThrows(
            IllegalStateException.class,
            () -> fire.putPlan(new byte[ControlCodec.MAX_BLOB_LENGTH + 1], 0, ControlCodec.MAX_BLOB_LENGTH + 1));

        final SecondAggregateEncoder aggregate = new SecondAggregateEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder);
        assertThrows(IllegalArgumentException.class, () -> aggregate.rcodesCount(ControlCodec.MAX_RCODE_COUNT + 1));
        final SecondAggregateEncoder.RcodesEncoder rcodes = new SecondAggregateEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder).rcodesCount(1);
        rcodes.next().rcode(1).responseCount(1);
        assertThrows(NoSuchElementException.class, rcodes::next, "more entries than counted");

        final AckEncoder ack = new AckEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder);
        assertThrows(IllegalStateException.class, () -> ack.queue("/q"), "queue before host");
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
        final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();

        final SecondAggregateEncoder aggregate = new SecondAggregateEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder);
        final SecondAggregateEncoder.RcodesEncoder rcodes = aggregate.rcodesCount(ControlCodec.MAX_RCODE_COUNT);
        for (int i = 0; i < ControlCodec.MAX_RCODE_COUNT; i++)
        {
            rcodes.next().rcode(i).responseCount(i);
        }
        final int aggregateLength = HEADER + aggregate.host(maxName).putHistogram(blob, 0, blob.length)
            .encodedLength();
        assertEquals(aggregateLength, ControlMessageValidator.validate(buffer, 0, aggregateLength));

        final HelloEncoder hello = new HelloEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder);
        final HelloEncoder.AmmoEncoder ammo = hello.ammoCount(ControlCodec.MAX_AMMO_COUNT);
        for (int i = 0; i < ControlCodec.MAX_AMMO_COUNT; i++)
        {
            ammo.next().putSha256(SHA_A, 0, SHA_A.length).name(maxName);
        }
        final int helloLength = HEADER + hello.host(maxName).datacenter(maxName).l2Version(maxName).encodedLength();
        assertEquals(helloLength, ControlMessageValidator.validate(buffer, 0, helloLength));
        assertTrue(aggregateLength <= ControlCodec.MAX_MESSAGE_LENGTH);
        assertTrue(helloLength <= ControlCodec.MAX_MESSAGE_LENGTH);
    }
}
