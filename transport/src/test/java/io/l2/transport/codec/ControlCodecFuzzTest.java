package io.l2.transport.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.AbortEncoder;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.AckEncoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.EndEncoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.FireEncoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.HelloEncoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.LeaseEncoder;
import io.l2.transport.codecs.MessageHeaderDecoder;
import io.l2.transport.codecs.MessageHeaderEncoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.codecs.RefuseEncoder;
import io.l2.transport.codecs.SecondAggregateDecoder;
import io.l2.transport.codecs.SecondAggregateEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the generated codecs' encode and of the validation in front of their decode: a message
 * of a template the fuzzer picks, with field values, strings (any UTF-16, cut to the field's UTF-8 limit), blobs and
 * group entries from the fuzzer, is encoded, validated in an exactly sized buffer and read back; then some of its
 * bytes are changed, or it is cut or extended, and validated again.
 * <p>
 * Properties: what is encoded validates to its full length and reads back equal (strings as the JDK's UTF-8 round trip
 * gives them); a changed message validates to its length or a negative code, never throws; a message that still
 * validates can be read in full by its generated decoder, which ends exactly at the message's end.
 */
class ControlCodecFuzzTest
{
    private static final int TEMPLATE_COUNT = 8;

    private final UnsafeBuffer encodeBuffer = new UnsafeBuffer(new byte[ControlCodec.MAX_MESSAGE_LENGTH]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    @FuzzTest(maxDuration = "3s")
    void fuzzRoundTrip(final FuzzedDataProvider data)
    {
        final int template = data.consumeInt(0, TEMPLATE_COUNT - 1);
        final long a = data.consumeLong();
        final long b = data.consumeLong();
        final int c = data.consumeInt();
        final String first = string(data, ControlCodec.MAX_NAME_LENGTH);
        final String second = string(data, ControlCodec.MAX_REASON_LENGTH);
        final byte[] blob = data.consumeBytes(data.consumeInt(0, 4096));
        final int entryCount = data.consumeInt(0, 4);

        final String expected;
        final int bodyLength;
        switch (template)
        {
            case 0:
            {
                final HelloEncoder hello = new HelloEncoder().wrapAndApplyHeader(encodeBuffer, 0, headerEncoder)
                    .correlationId(a).epochNs(b).state(c);
                final HelloEncoder.AmmoEncoder ammo = hello.ammoCount(entryCount);
                final StringBuilder names = new StringBuilder();
                for (int i = 0; i < entryCount; i++)
                {
                    final byte[] sha = Arrays.copyOf(blob, ControlCodec.SHA256_LENGTH);
                    sha[0] = (byte) i;
                    final String name = utf8Cut(first + i, ControlCodec.MAX_NAME_LENGTH);
                    ammo.next().putSha256(sha, 0, sha.length).name(name);
                    names.append(jdkRoundTrip(name)).append(',');
                }
                bodyLength = hello.host(first).datacenter(second.substring(0, Math.min(second.length(), 40)))
                    .l2Version("v").encodedLength();
                expected = "hello " + a + b + c + names + jdkRoundTrip(first);
                break;
            }
            case 1:
                bodyLength = new FireEncoder().wrapAndApplyHeader(encodeBuffer, 0, headerEncoder)
                    .correlationId(a).shootId(b).leaseMs(c).host(first).putPlan(blob, 0, blob.length).encodedLength();
                expected = "fire " + a + b + c + jdkRoundTrip(first) + Arrays.toString(blob);
                break;
            case 2:
                bodyLength = new AckEncoder().wrapAndApplyHeader(encodeBuffer, 0, headerEncoder)
                    .correlationId(a).shootId(b).host(first).queue(second).encodedLength();
                expected = "ack " + a + b + jdkRoundTrip(first) + jdkRoundTrip(second);
                break;
            case 3:
                bodyLength = new RefuseEncoder().wrapAndApplyHeader(encodeBuffer, 0, headerEncoder)
                    .correlationId(a).shootId(b).host(first).reason(second).encodedLength();
                expected = "refuse " + a + b + jdkRoundTrip(first) + jdkRoundTrip(second);
                break;
            case 4:
            {
                final SecondAggregateEncoder aggregate = new SecondAggregateEncoder()
                    .wrapAndApplyHeader(encodeBuffer, 0, headerEncoder).shootId(a).secondIndex(b).sent(c);
                final SecondAggregateEncoder.RcodesEncoder entries = aggregate.rcodesCount(entryCount);
                final StringBuilder rcodes = new StringBuilder();
                for (int i = 0; i < entryCount; i++)
                {
                    entries.next().rcode((c + i) & 0xFFFF).responseCount(a - i);
                    rcodes.append((c + i) & 0xFFFF).append(':').append(a - i).append(',');
                }
                bodyLength = aggregate.host(first).putHistogram(blob, 0, blob.length).encodedLength();
                expected = "second " + a + b + c + rcodes + jdkRoundTrip(first) + Arrays.toString(blob);
                break;
            }
            case 5:
                bodyLength = new EndEncoder().wrapAndApplyHeader(encodeBuffer, 0, headerEncoder)
                    .shootId(a).status(c).answered(b).host(first).reason(second).encodedLength();
                expected = "end " + a + b + c + jdkRoundTrip(first) + jdkRoundTrip(second);
                break;
            case 6:
                bodyLength = new AbortEncoder().wrapAndApplyHeader(encodeBuffer, 0, headerEncoder)
                    .correlationId(a).shootId(b).reason(second).encodedLength();
                expected = "abort " + a + b + jdkRoundTrip(second);
                break;
            default:
                bodyLength = new LeaseEncoder().wrapAndApplyHeader(encodeBuffer, 0, headerEncoder)
                    .correlationId(a).shootId(b).leaseMs(c).runner(first).encodedLength();
                expected = "lease " + a + b + c + jdkRoundTrip(first);
                break;
        }

        final int length = MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
        final byte[] message = Arrays.copyOf(encodeBuffer.byteArray(), length);
        final UnsafeBuffer exact = new UnsafeBuffer(message);
        assertEquals(length, ControlMessageValidator.validate(exact, 0, length));
        assertEquals(expected, read(exact));
        assertEquals(length, ControlMessages.decodedLength(exact, 0));

        final int changeCount = data.consumeInt(0, 3);
        for (int i = 0; i < changeCount && length > 0; i++)
        {
            final int at = data.consumeInt(0, length - 1);
            message[at] ^= data.consumeByte();
        }
        final int newLength = data.consumeBoolean() ? length : data.consumeInt(0, length + 16);
        final UnsafeBuffer changed = new UnsafeBuffer(Arrays.copyOf(message, newLength));
        final int result = ControlMessageValidator.validate(changed, 0, newLength);
        assertTrue(result == newLength || (result < 0 && result >= ControlCodec.TRAILING_BYTES), "result " + result);
        if (result >= 0)
        {
            assertEquals(newLength, ControlMessages.decodedLength(changed, 0));
            assertTrue(read(changed).length() > 0);
            assertTrue(ControlMessages.describe(changed, 0).length() > 0);
        }
    }

    /**
     * Reads every field a test wrote, in schema order, as the listeners must.
     */
    private String read(final UnsafeBuffer buffer)
    {
        switch (headerDecoder.wrap(buffer, 0).templateId())
        {
            case HelloDecoder.TEMPLATE_ID:
            {
                final HelloDecoder hello = new HelloDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
                final StringBuilder names = new StringBuilder();
                for (final HelloDecoder.AmmoDecoder ammo : hello.ammo())
                {
                    final byte[] sha = new byte[ControlCodec.SHA256_LENGTH];
                    ammo.getSha256(sha, 0, sha.length);
                    names.append(ammo.name()).append(',');
                }
                return "hello " + hello.correlationId() + hello.epochNs() + hello.state() + names + hello.host();
            }
            case FireDecoder.TEMPLATE_ID:
            {
                final FireDecoder fire = new FireDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
                final String host = fire.host();
                final byte[] plan = new byte[fire.planLength()];
                fire.getPlan(plan, 0, plan.length);
                return "fire " + fire.correlationId() + fire.shootId() + fire.leaseMs() + host + Arrays.toString(plan);
            }
            case AckDecoder.TEMPLATE_ID:
            {
                final AckDecoder ack = new AckDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
                return "ack " + ack.correlationId() + ack.shootId() + ack.host() + ack.queue();
            }
            case RefuseDecoder.TEMPLATE_ID:
            {
                final RefuseDecoder refuse = new RefuseDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
                return "refuse " + refuse.correlationId() + refuse.shootId() + refuse.host() + refuse.reason();
            }
            case SecondAggregateDecoder.TEMPLATE_ID:
            {
                final SecondAggregateDecoder aggregate = new SecondAggregateDecoder()
                    .wrapAndApplyHeader(buffer, 0, headerDecoder);
                final StringBuilder rcodes = new StringBuilder();
                for (final SecondAggregateDecoder.RcodesDecoder entry : aggregate.rcodes())
                {
                    rcodes.append(entry.rcode()).append(':').append(entry.responseCount()).append(',');
                }
                final String host = aggregate.host();
                final byte[] histogram = new byte[aggregate.histogramLength()];
                aggregate.getHistogram(histogram, 0, histogram.length);
                return "second " + aggregate.shootId() + aggregate.secondIndex() + aggregate.sent() + rcodes + host +
                    Arrays.toString(histogram);
            }
            case EndDecoder.TEMPLATE_ID:
            {
                final EndDecoder end = new EndDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
                return "end " + end.shootId() + end.answered() + end.status() + end.host() + end.reason();
            }
            case AbortDecoder.TEMPLATE_ID:
            {
                final AbortDecoder abort = new AbortDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
                return "abort " + abort.correlationId() + abort.shootId() + abort.reason();
            }
            default:
            {
                final LeaseDecoder lease = new LeaseDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
                return "lease " + lease.correlationId() + lease.shootId() + lease.leaseMs() + lease.runner();
            }
        }
    }

    private static String string(final FuzzedDataProvider data, final int maxUtf8Length)
    {
        return utf8Cut(data.consumeString(maxUtf8Length), maxUtf8Length);
    }

    /**
     * The longest prefix whose UTF-8 encoding (as the generated encoders write it, through the JDK) fits.
     */
    private static String utf8Cut(final String text, final int maxUtf8Length)
    {
        String cut = text;
        while (cut.getBytes(StandardCharsets.UTF_8).length > maxUtf8Length)
        {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
    }

    private static String jdkRoundTrip(final String text)
    {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
