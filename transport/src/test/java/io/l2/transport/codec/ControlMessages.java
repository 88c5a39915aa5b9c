package io.l2.transport.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One sample of every message, encoded with the generated encoders, and ways to read any message back whole: for the
 * codec, adapter, verifier and hostile-input tests.
 */
public final class ControlMessages
{
    /** A host name. */
    public static final String HOST = "dns-load01i.vla.example.net";
    /** Text beyond ASCII, a surrogate pair included. */
    public static final String UNICODE = "ĸøé-中文-\uD83D\uDE80";
    static final byte[] SHA_A = sha(1);
    static final byte[] SHA_B = sha(2);
    static final byte[] PLAN = "profile: line(1000, 50000, 10s)\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] HISTOGRAM = histogramBytes();

    private ControlMessages()
    {
    }

    /**
     * A header encoder over a message, to change its fields.
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @return the header encoder.
     */
    public static MessageHeaderEncoder header(final MutableDirectBuffer buffer, final int offset)
    {
        return new MessageHeaderEncoder().wrap(buffer, offset);
    }

    /**
     * Encode an ack.
     *
     * @param buffer        to write into.
     * @param offset        of the message.
     * @param correlationId of the request acked.
     * @param shootId       of the shoot.
     * @param host          the sender.
     * @param queue         where it records.
     * @return the message's length, header included.
     */
    public static int ack(
        final MutableDirectBuffer buffer,
        final int offset,
        final long correlationId,
        final long shootId,
        final String host,
        final String queue)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new AckEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .correlationId(correlationId).shootId(shootId).host(host).queue(queue).encodedLength();
    }

    static byte[] sha(final int seed)
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

    static int encodeHello(final MutableDirectBuffer buffer, final int offset)
    {
        final HelloEncoder hello = new HelloEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .correlationId(42).epochNs(1_764_000_000_123_456_789L).state(ControlCodec.STATE_SHOOTING);
        hello.ammoCount(2)
            .next().putSha256(SHA_A, 0, SHA_A.length).name("queries.txt")
            .next().putSha256(SHA_B, 0, SHA_B.length).name(UNICODE);
        hello.host(HOST).datacenter("vla").l2Version("0.1.0-SNAPSHOT");
        return MessageHeaderEncoder.ENCODED_LENGTH + hello.encodedLength();
    }

    static int encodeFire(final MutableDirectBuffer buffer, final int offset)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new FireEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .correlationId(43).shootId(7001).startEpochNs(1_764_000_005_000_000_000L).leaseMs(3000)
            .hostIndex(2).hostCount(3).flags(ControlCodec.FLAG_DRY_RUN)
            .host(HOST).putPlan(PLAN, 0, PLAN.length)
            .encodedLength();
    }

    static int encodeAck(final MutableDirectBuffer buffer, final int offset)
    {
        return ack(buffer, offset, 43, 7001, HOST, "/q");
    }

    static int encodeRefuse(final MutableDirectBuffer buffer, final int offset)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new RefuseEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .correlationId(43).shootId(7001).host(HOST).reason("ammo hash differs: " + UNICODE)
            .encodedLength();
    }

    static int encodeSecondAggregate(final MutableDirectBuffer buffer, final int offset)
    {
        final SecondAggregateEncoder aggregate = new SecondAggregateEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .shootId(7001).secondIndex(9)
            .requested(50_000).sent(49_990).achieved(49_980).answered(49_900)
            .timeouts(80).malformed(3).sendErrors(7).discarded(10);
        aggregate.rcodesCount(3)
            .next().rcode(0).responseCount(49_000)
            .next().rcode(3).responseCount(890)
            .next().rcode(4095).responseCount(10);
        aggregate.host(HOST).putHistogram(HISTOGRAM, 0, HISTOGRAM.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + aggregate.encodedLength();
    }

    static int encodeEnd(final MutableDirectBuffer buffer, final int offset)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new EndEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .shootId(7001).status(ControlCodec.STATUS_LEASE_EXPIRED).secondCount(12).sent(60_000).answered(59_990)
            .host(HOST).reason("runner silent for 3000 ms")
            .encodedLength();
    }

    static int encodeAbort(final MutableDirectBuffer buffer, final int offset)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new AbortEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .correlationId(44).shootId(7001).reason("Ctrl-C on the runner")
            .encodedLength();
    }

    static int encodeLease(final MutableDirectBuffer buffer, final int offset)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new LeaseEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .correlationId(45).shootId(7001).epochNs(1_764_000_000_000_000_000L).leaseMs(3000).runner("runner01")
            .encodedLength();
    }

    /**
     * One sample of each message.
     *
     * @return the samples, by name.
     */
    public static List<Sample> samples()
    {
        final List<Sample> samples = new ArrayList<>();
        samples.add(new Sample("hello", ControlMessages::encodeHello));
        samples.add(new Sample("fire", ControlMessages::encodeFire));
        samples.add(new Sample("ack", ControlMessages::encodeAck));
        samples.add(new Sample("refuse", ControlMessages::encodeRefuse));
        samples.add(new Sample("secondAggregate", ControlMessages::encodeSecondAggregate));
        samples.add(new Sample("end", ControlMessages::encodeEnd));
        samples.add(new Sample("abort", ControlMessages::encodeAbort));
        samples.add(new Sample("lease", ControlMessages::encodeLease));
        return samples;
    }

    /**
     * The length a generated decoder reads when it walks a message to its end (its groups and every variable
     * field): for a validated message, the length the validator accepted.
     *
     * @param buffer holding a message the validator accepted.
     * @param offset of the message.
     * @return the header's length plus what the decoder read.
     */
    public static int decodedLength(final DirectBuffer buffer, final int offset)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final int bodyLength = switch (header.wrap(buffer, offset).templateId())
        {
            case HelloDecoder.TEMPLATE_ID -> new HelloDecoder().wrapAndApplyHeader(buffer, offset, header)
                .sbeDecodedLength();
            case FireDecoder.TEMPLATE_ID -> new FireDecoder().wrapAndApplyHeader(buffer, offset, header)
                .sbeDecodedLength();
            case AckDecoder.TEMPLATE_ID -> new AckDecoder().wrapAndApplyHeader(buffer, offset, header)
                .sbeDecodedLength();
            case RefuseDecoder.TEMPLATE_ID -> new RefuseDecoder().wrapAndApplyHeader(buffer, offset, header)
                .sbeDecodedLength();
            case SecondAggregateDecoder.TEMPLATE_ID -> new SecondAggregateDecoder()
                .wrapAndApplyHeader(buffer, offset, header).sbeDecodedLength();
            case EndDecoder.TEMPLATE_ID -> new EndDecoder().wrapAndApplyHeader(buffer, offset, header)
                .sbeDecodedLength();
            case AbortDecoder.TEMPLATE_ID -> new AbortDecoder().wrapAndApplyHeader(buffer, offset, header)
                .sbeDecodedLength();
            case LeaseDecoder.TEMPLATE_ID -> new LeaseDecoder().wrapAndApplyHeader(buffer, offset, header)
                .sbeDecodedLength();
            default -> throw new IllegalArgumentException("template " + header.templateId());
        };
        return MessageHeaderDecoder.ENCODED_LENGTH + bodyLength;
    }

    /**
     * Every field of a message as text, through the generated decoder's {@code toString}.
     *
     * @param buffer holding a message the validator accepted.
     * @param offset of the message.
     * @return the fields.
     */
    public static String describe(final DirectBuffer buffer, final int offset)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        return switch (header.wrap(buffer, offset).templateId())
        {
            case HelloDecoder.TEMPLATE_ID -> new HelloDecoder().wrapAndApplyHeader(buffer, offset, header).toString();
            case FireDecoder.TEMPLATE_ID -> new FireDecoder().wrapAndApplyHeader(buffer, offset, header).toString();
            case AckDecoder.TEMPLATE_ID -> new AckDecoder().wrapAndApplyHeader(buffer, offset, header).toString();
            case RefuseDecoder.TEMPLATE_ID -> new RefuseDecoder().wrapAndApplyHeader(buffer, offset, header)
                .toString();
            case SecondAggregateDecoder.TEMPLATE_ID -> new SecondAggregateDecoder()
                .wrapAndApplyHeader(buffer, offset, header).toString();
            case EndDecoder.TEMPLATE_ID -> new EndDecoder().wrapAndApplyHeader(buffer, offset, header).toString();
            case AbortDecoder.TEMPLATE_ID -> new AbortDecoder().wrapAndApplyHeader(buffer, offset, header).toString();
            case LeaseDecoder.TEMPLATE_ID -> new LeaseDecoder().wrapAndApplyHeader(buffer, offset, header).toString();
            default -> throw new IllegalArgumentException("template " + header.templateId());
        };
    }

    /**
     * Writes one message.
     */
    public interface Encoder
    {
        /**
         * @param buffer to write into.
         * @param offset of the message.
         * @return its length, header included.
         */
        int encode(MutableDirectBuffer buffer, int offset);
    }

    /**
     * A named sample message.
     */
    public static final class Sample
    {
        /** Its name. */
        public final String name;
        /** Writes it. */
        public final Encoder encoder;

        Sample(final String name, final Encoder encoder)
        {
            this.name = name;
            this.encoder = encoder;
        }
    }
}
