package io.l2.transport.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of each flyweight's encode ({@code wrap} and the setters) and decode (the validation):
 * a message of a template the fuzzer picks, with field values, strings (any UTF-16, cut to the field's UTF-8 limit),
 * blobs and group entries from the fuzzer, is encoded, decoded from an exactly sized buffer and read back; then some
 * of its bytes are changed, or it is cut or extended, and decoded again.
 * <p>
 * Properties: what is encoded decodes to its full length and reads back equal (strings as the JDK's UTF-8 round trip
 * gives them); a changed message decodes to its length or a negative code, never throws; a message that still
 * decodes can be read in full.
 */
class ControlFlyweightFuzzTest
{
    private final UnsafeBuffer encodeBuffer = new UnsafeBuffer(new byte[ControlCodec.MAX_MESSAGE_LENGTH]);
    private final ControlMessageFlyweight[] decoders =
    {
        new HelloFlyweight(), new FireFlyweight(), new AckFlyweight(), new RefuseFlyweight(),
        new SecondAggregateFlyweight(), new EndFlyweight(), new AbortFlyweight(), new LeaseFlyweight(),
    };

    @FuzzTest(maxDuration = "3s")
    void fuzzRoundTrip(final FuzzedDataProvider data)
    {
        final int template = data.consumeInt(0, decoders.length - 1);
        final long a = data.consumeLong();
        final long b = data.consumeLong();
        final int c = data.consumeInt();
        final String first = string(data, ControlCodec.MAX_NAME_LENGTH);
        final String second = string(data, ControlCodec.MAX_REASON_LENGTH);
        final byte[] blob = data.consumeBytes(data.consumeInt(0, 4096));
        final int entryCount = data.consumeInt(0, 4);

        final ControlMessageFlyweight decoder = decoders[template];
        final String expected;
        final ControlMessageFlyweight encoder;
        switch (template)
        {
            case 0:
            {
                final HelloFlyweight hello = new HelloFlyweight().wrap(encodeBuffer, 0).correlationId(a).epochNs(b)
                    .state(c);
                final StringBuilder names = new StringBuilder();
                for (int i = 0; i < entryCount; i++)
                {
                    final byte[] sha = Arrays.copyOf(blob, ControlCodec.SHA256_LENGTH);
                    sha[0] = (byte)i;
                    final String name = utf8Cut(first + i, ControlCodec.MAX_NAME_LENGTH);
                    hello.addAmmo(name, sha);
                    names.append(jdkRoundTrip(name)).append(',');
                }
                encoder = hello.host(first).datacenter(second.substring(0, Math.min(second.length(), 40)))
                    .l2Version("v");
                expected = "hello " + a + b + c + names + jdkRoundTrip(first);
                break;
            }
            case 1:
                encoder = new FireFlyweight().wrap(encodeBuffer, 0).correlationId(a).shootId(b).leaseMs(c).host(first)
                    .plan(blob, 0, blob.length);
                expected = "fire " + a + b + c + jdkRoundTrip(first) + Arrays.toString(blob);
                break;
            case 2:
                encoder = new AckFlyweight().wrap(encodeBuffer, 0).correlationId(a).shootId(b).host(first)
                    .queue(second);
                expected = "ack " + a + b + jdkRoundTrip(first) + jdkRoundTrip(second);
                break;
            case 3:
                encoder = new RefuseFlyweight().wrap(encodeBuffer, 0).correlationId(a).shootId(b).host(first)
                    .reason(second);
                expected = "refuse " + a + b + jdkRoundTrip(first) + jdkRoundTrip(second);
                break;
            case 4:
            {
                final SecondAggregateFlyweight aggregate = new SecondAggregateFlyweight().wrap(encodeBuffer, 0)
                    .shootId(a).secondIndex(b).sent(c);
                final StringBuilder rcodes = new StringBuilder();
                for (int i = 0; i < entryCount; i++)
                {
                    aggregate.addRcode(c + i, a - i);
                    rcodes.append((c + i) & 0xFFFF).append(':').append(a - i).append(',');
                }
                encoder = aggregate.host(first).histogram(blob, 0, blob.length);
                expected = "second " + a + b + c + rcodes + jdkRoundTrip(first) + Arrays.toString(blob);
                break;
            }
            case 5:
                encoder = new EndFlyweight().wrap(encodeBuffer, 0).shootId(a).status(c).answered(b).host(first)
                    .reason(second);
                expected = "end " + a + b + c + jdkRoundTrip(first) + jdkRoundTrip(second);
                break;
            case 6:
                encoder = new AbortFlyweight().wrap(encodeBuffer, 0).correlationId(a).shootId(b).reason(second);
                expected = "abort " + a + b + jdkRoundTrip(second);
                break;
            default:
                encoder = new LeaseFlyweight().wrap(encodeBuffer, 0).correlationId(a).shootId(b).leaseMs(c)
                    .runner(first);
                expected = "lease " + a + b + c + jdkRoundTrip(first);
                break;
        }

        final int length = encoder.encodedLength();
        final byte[] message = Arrays.copyOf(encodeBuffer.byteArray(), length);
        assertEquals(length, decoder.decode(new UnsafeBuffer(message), 0, length));
        assertEquals(expected, read(decoder, template));

        final int changeCount = data.consumeInt(0, 3);
        for (int i = 0; i < changeCount && length > 0; i++)
        {
            final int at = data.consumeInt(0, length - 1);
            message[at] ^= data.consumeByte();
        }
        final int newLength = data.consumeBoolean() ? length : data.consumeInt(0, length + 16);
        final byte[] changed = Arrays.copyOf(message, newLength);
        final int result = decoder.decode(new UnsafeBuffer(changed), 0, newLength);
        assertTrue(result == newLength || (result < 0 && result >= ControlCodec.TRAILING_BYTES), "result " + result);
        if (result >= 0)
        {
            assertTrue(read(decoder, template).length() > 0);
            assertTrue(decoder.toString().length() > 0);
        }
    }

    private static String read(final ControlMessageFlyweight decoder, final int template)
    {
        switch (template)
        {
            case 0:
            {
                final HelloFlyweight hello = (HelloFlyweight)decoder;
                final StringBuilder names = new StringBuilder();
                for (int i = 0; i < hello.ammoCount(); i++)
                {
                    final byte[] sha = new byte[ControlCodec.SHA256_LENGTH];
                    hello.getAmmoSha256(i, sha, 0);
                    names.append(hello.ammoName(i)).append(',');
                }
                return "hello " + hello.correlationId() + hello.epochNs() + hello.state() + names + hello.host();
            }
            case 1:
            {
                final FireFlyweight fire = (FireFlyweight)decoder;
                final byte[] plan = new byte[fire.planLength()];
                fire.getPlan(plan, 0);
                return "fire " + fire.correlationId() + fire.shootId() + fire.leaseMs() + fire.host() +
                    Arrays.toString(plan);
            }
            case 2:
            {
                final AckFlyweight ack = (AckFlyweight)decoder;
                return "ack " + ack.correlationId() + ack.shootId() + ack.host() + ack.queue();
            }
            case 3:
            {
                final RefuseFlyweight refuse = (RefuseFlyweight)decoder;
                return "refuse " + refuse.correlationId() + refuse.shootId() + refuse.host() + refuse.reason();
            }
            case 4:
            {
                final SecondAggregateFlyweight aggregate = (SecondAggregateFlyweight)decoder;
                final StringBuilder rcodes = new StringBuilder();
                for (int i = 0; i < aggregate.rcodeEntryCount(); i++)
                {
                    rcodes.append(aggregate.rcode(i)).append(':').append(aggregate.rcodeResponseCount(i)).append(',');
                }
                final byte[] histogram = new byte[aggregate.histogramLength()];
                aggregate.getHistogram(histogram, 0);
                return "second " + aggregate.shootId() + aggregate.secondIndex() + aggregate.sent() + rcodes +
                    aggregate.host() + Arrays.toString(histogram);
            }
            case 5:
            {
                final EndFlyweight end = (EndFlyweight)decoder;
                return "end " + end.shootId() + end.answered() + end.status() + end.host() + end.reason();
            }
            case 6:
            {
                final AbortFlyweight abort = (AbortFlyweight)decoder;
                return "abort " + abort.correlationId() + abort.shootId() + abort.reason();
            }
            default:
            {
                final LeaseFlyweight lease = (LeaseFlyweight)decoder;
                return "lease " + lease.correlationId() + lease.shootId() + lease.leaseMs() + lease.runner();
            }
        }
    }

    private static String string(final FuzzedDataProvider data, final int maxUtf8Length)
    {
        return utf8Cut(data.consumeString(maxUtf8Length), maxUtf8Length);
    }

    /**
     * The longest prefix whose UTF-8 encoding (as the flyweights write it) fits.
     */
    private static String utf8Cut(final String text, final int maxUtf8Length)
    {
        String cut = text;
        while (Utf8.encodedLength(cut) > maxUtf8Length)
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
