package io.l2.transport.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.l2.transport.auth.ClusterKey;
import io.l2.transport.auth.MessageSigner;
import io.l2.transport.auth.MessageVerifier;
import io.l2.transport.auth.Rejection;

import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codec.ControlMessages;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlAdapterTest
{
    private final CapturingListener listener = new CapturingListener();
    private final ControlAdapter adapter = new ControlAdapter(listener);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);

    @Test
    void shouldCountAndDropWhenMessageIsMalformedOrUnknown()
    {
        final int length = ControlMessages.ack(buffer, 0, 1, 2, "h", "/q");
        assertEquals(length, adapter.onMessage(buffer, 0, length));
        assertEquals(ControlCodec.LENGTH_PAST_END, adapter.onMessage(buffer, 0, length - 1));
        assertEquals(ControlCodec.TRAILING_BYTES, adapter.onMessage(buffer, 0, length + 1));
        assertEquals(ControlCodec.TRUNCATED, adapter.onMessage(buffer, 0, 3));

        final MessageHeaderEncoder header = ControlMessages.header(buffer, 0);
        header.templateId(999);
        assertEquals(ControlCodec.WRONG_TEMPLATE, adapter.onMessage(buffer, 0, length));
        header.templateId(AckDecoder.TEMPLATE_ID).schemaId(1);
        assertEquals(ControlCodec.WRONG_SCHEMA, adapter.onMessage(buffer, 0, length));
        header.schemaId(ControlCodec.SCHEMA_ID).version(0);
        assertEquals(ControlCodec.WRONG_VERSION, adapter.onMessage(buffer, 0, length));
        assertEquals(ControlCodec.WRONG_VERSION, adapter.lastErrorCode());

        assertEquals(1, adapter.messageCount());
        assertEquals(5, adapter.malformedCount());
        assertEquals(1, adapter.unknownTemplateCount());
        assertEquals(1, listener.messages.size());
        assertEquals("ack 1 2 h /q", listener.messages.get(0));
    }

    @Test
    void shouldNeverThrowWhenFragmentsAreRandom()
    {
        final Random random = new Random(11L);
        final byte[] bytes = buffer.byteArray();
        for (int i = 0; i < 20_000; i++)
        {
            random.nextBytes(bytes);
            if (random.nextBoolean())
            {
                ControlMessages.header(buffer, 0).schemaId(ControlCodec.SCHEMA_ID)
                    .version(ControlCodec.SCHEMA_VERSION).templateId(random.nextInt(9));
            }
            adapter.onFragment(buffer, 0, random.nextInt(bytes.length + 1), null);
        }
        assertEquals(20_000, adapter.messageCount() + adapter.malformedCount() + adapter.unknownTemplateCount());
        assertTrue(adapter.malformedCount() > 5_000);
        assertEquals(adapter.messageCount(), listener.messages.size());
    }

    @Test
    void shouldDropBeforeDecodingAndLogOncePerSourceAndReasonWhenVerifying()
    {
        final long[] nowNs = {1_790_000_000_000_000_000L};
        final byte[] keyBytes = new byte[32];
        Arrays.fill(keyBytes, (byte)9);
        final ClusterKey key = ClusterKey.of(keyBytes);
        final List<String> log = new ArrayList<>();
        final ControlAdapter verifying = new ControlAdapter(listener,
            new MessageVerifier(key, null, 10_000_000_000L, () -> nowNs[0], 64), log::add);
        final MessageSigner signer = new MessageSigner(key, () -> nowNs[0], 77);
        final int bodyLength = ControlMessages.ack(buffer, 0, 1, 2, "h", "/q");
        int length = signer.sign(buffer, 0, bodyLength);
        final byte[] first = Arrays.copyOf(buffer.byteArray(), length);
        assertEquals(bodyLength, verifying.onSignedMessage(buffer, 0, length, null));
        assertEquals(Rejection.REPLAYED.code(), verifying.onSignedMessage(buffer, 0, length, null));
        assertEquals(Rejection.REPLAYED.code(), verifying.onSignedMessage(buffer, 0, length, null));

        length = MessageSigner.unsigned(() -> nowNs[0]).sign(buffer, 0, bodyLength);
        assertEquals(Rejection.UNAUTHENTICATED.code(), verifying.onSignedMessage(buffer, 0, length, null));
        buffer.putBytes(0, first);
        buffer.putByte(20, (byte)'x');
        assertEquals(Rejection.UNAUTHENTICATED.code(), verifying.onSignedMessage(buffer, 0, first.length, null));

        ControlMessages.ack(buffer, 0, 3, 2, "h", "/q");
        length = signer.sign(buffer, 0, bodyLength);
        nowNs[0] += 10_000_000_001L;
        assertEquals(Rejection.STALE.code(), verifying.onSignedMessage(buffer, 0, length, null));

        ControlMessages.ack(buffer, 0, 4, 2, "h", "/q");
        length = signer.sign(buffer, 0, bodyLength - 1);
        assertEquals(ControlCodec.LENGTH_PAST_END, verifying.onSignedMessage(buffer, 0, length, null),
            "signed, but one byte short: malformed");
        length = signer.sign(buffer, 0, bodyLength + 1);
        assertEquals(ControlCodec.TRAILING_BYTES, verifying.onSignedMessage(buffer, 0, length, null));

        assertEquals(List.of("ack 1 2 h /q"), listener.messages, "only the first reached the listener");
        assertEquals(2, verifying.rejectedCount(Rejection.UNAUTHENTICATED));
        assertEquals(1, verifying.rejectedCount(Rejection.STALE));
        assertEquals(2, verifying.rejectedCount(Rejection.REPLAYED));
        assertEquals(2, verifying.rejectedCount(Rejection.MALFORMED));
        assertEquals(1, verifying.messageCount());
        assertEquals(4, log.size(), "one line per source and reason: " + log);
        assertEquals("control: dropped a message from unknown as replayed (sequence not above the last one " +
            "accepted from its sender: a replay or a duplicate); further replayed ones from there are counted, not " +
            "logged", log.get(0));
        assertTrue(log.get(1).contains(" as unauthenticated (unsigned: the sender has no cluster key"), log.get(1));
        assertTrue(log.get(2).contains(" as stale (timestamp 10.0 s behind this host's clock"), log.get(2));
        assertTrue(log.get(3).contains(" as malformed (LENGTH_PAST_END)"), log.get(3));
    }
}
