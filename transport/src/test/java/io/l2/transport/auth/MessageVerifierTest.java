/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.transport.auth;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codec.ControlMessageValidator;
import io.l2.transport.codec.ControlMessages;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.MessageHeaderDecoder;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.l2.transport.auth.AuthTrailerDescriptor.KEY_ID_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.MAC_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.SENDER_ID_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.SEQUENCE_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.TIMESTAMP_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.TRAILER_LENGTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageVerifierTest
{
    private static final long WINDOW_NS = 10_000_000_000L;
    private static final long START_NS = 1_790_000_000_000_000_000L;

    private final ManualClock clock = new ManualClock();
    private final ClusterKey key = key(1);
    private final ClusterKey previous = key(2);
    private final ClusterKey third = key(3);
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));

    MessageVerifierTest()
    {
        clock.update(START_NS);
    }

    @Test
    void shouldAcceptAndStripTheTrailerWhenSignedWithTheKey() throws Exception
    {
        final MessageSigner signer = new MessageSigner(key, clock, 42L);
        final int bodyLength = encodeAck(7);
        final int length = signer.sign(buffer, 0, bodyLength);
        assertEquals(bodyLength + TRAILER_LENGTH, length);

        final int trailer = bodyLength;
        final byte[] keyBytes = new byte[32];
        Arrays.fill(keyBytes, (byte)1);
        final byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBytes);
        final byte[] keyId = new byte[4];
        buffer.getBytes(trailer + KEY_ID_OFFSET, keyId);
        assertArrayEquals(Arrays.copyOf(digest, 4), keyId, "the key id is the first 4 bytes of SHA-256(key)");
        assertEquals(42L, buffer.getLong(trailer + SENDER_ID_OFFSET, ControlCodec.BYTE_ORDER));
        assertEquals(1L, buffer.getLong(trailer + SEQUENCE_OFFSET, ControlCodec.BYTE_ORDER));
        assertEquals(START_NS, buffer.getLong(trailer + TIMESTAMP_OFFSET, ControlCodec.BYTE_ORDER));
        final Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
        final byte[] signed = new byte[trailer + MAC_OFFSET];
        buffer.getBytes(0, signed);
        final byte[] mac = new byte[32];
        buffer.getBytes(trailer + MAC_OFFSET, mac);
        assertArrayEquals(jdk.doFinal(signed), mac, "HMAC-SHA256 over header, body and trailer fields");

        final MessageVerifier verifier = verifier(null);
        assertEquals(bodyLength, verifier.verify(buffer, 0, length));
        assertEquals(bodyLength, ControlMessageValidator.validate(buffer, 0, bodyLength));
        assertEquals(7, new AckDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder()).correlationId());
        assertEquals(1, verifier.acceptedCount());
        assertEquals(1, verifier.senderCount());
    }

    @Test
    void shouldRejectAsUnauthenticatedWhenTheTrailerIsMissingUnsignedForeignOrAltered()
    {
        final MessageVerifier verifier = verifier(null);
        final int bodyLength = encodeAck(1);
        final int unauthenticated = Rejection.UNAUTHENTICATED.code();

        assertEquals(unauthenticated, verifier.verify(buffer, 0, AuthTrailerDescriptor.MIN_SIGNED_LENGTH - 1));
        assertTrue(verifier.describeLastRejection().startsWith("no authentication trailer"));
        buffer.setMemory(bodyLength, TRAILER_LENGTH, (byte)0x5A);
        assertEquals(unauthenticated, verifier.verify(buffer, 0, bodyLength + TRAILER_LENGTH), "no trailer");
        assertTrue(verifier.describeLastRejection().startsWith("unknown key id 5a5a5a5a"));

        final int unsignedLength = MessageSigner.unsigned(clock).sign(buffer, 0, bodyLength);
        assertEquals(unauthenticated, verifier.verify(buffer, 0, unsignedLength));
        assertTrue(verifier.describeLastRejection().startsWith("unsigned"), verifier.describeLastRejection());

        final int thirdLength = new MessageSigner(third, clock, 1).sign(buffer, 0, bodyLength);
        assertEquals(unauthenticated, verifier.verify(buffer, 0, thirdLength), "another cluster's key");

        final MessageSigner signer = new MessageSigner(key, clock, 2);
        final int[] offsets = {0, 9, bodyLength - 1, bodyLength + SENDER_ID_OFFSET, bodyLength + SEQUENCE_OFFSET + 7,
            bodyLength + TIMESTAMP_OFFSET, bodyLength + MAC_OFFSET, bodyLength + TRAILER_LENGTH - 1};
        for (final int offset : offsets)
        {
            final int length = signer.sign(buffer, 0, encodeAck(1));
            buffer.putByte(offset, (byte)(buffer.getByte(offset) ^ 0x10));
            assertEquals(unauthenticated, verifier.verify(buffer, 0, length), "a bit flipped at " + offset);
            assertTrue(verifier.describeLastRejection().startsWith("bad MAC"), verifier.describeLastRejection());
        }
        final int length = signer.sign(buffer, 0, encodeAck(1));
        assertEquals(unauthenticated, verifier.verify(buffer, 0, length - 1), "one byte short");
        assertEquals(unauthenticated, verifier.verify(buffer, 1, length - 1), "one byte off");

        assertEquals(4 + offsets.length + 2, verifier.rejectedCount(Rejection.UNAUTHENTICATED));
        assertEquals(0, verifier.acceptedCount());
        assertEquals(0, verifier.senderCount(), "no sender is remembered for an unauthenticated message");
        assertEquals(bodyLength, verifier.verify(buffer, 0, length), "the untouched message still passes");
    }

    @Test
    void shouldRejectAsStaleWhenTheTimestampIsOutsideTheWindowEitherWay()
    {
        final MessageVerifier verifier = verifier(null);
        final MessageSigner signer = new MessageSigner(key, clock, 3);
        final int bodyLength = encodeAck(1);

        int length = signer.sign(buffer, 0, bodyLength);
        clock.update(START_NS + WINDOW_NS + 1);
        assertEquals(Rejection.STALE.code(), verifier.verify(buffer, 0, length), "too old");
        assertTrue(verifier.describeLastRejection().startsWith("timestamp 10.0 s behind this host's clock"),
            verifier.describeLastRejection());

        clock.update(START_NS - WINDOW_NS - 1);
        assertEquals(Rejection.STALE.code(), verifier.verify(buffer, 0, length), "from the future");
        assertEquals(2, verifier.rejectedCount(Rejection.STALE));

        clock.update(START_NS + WINDOW_NS);
        assertEquals(bodyLength, verifier.verify(buffer, 0, length), "at the window's edge");
        clock.update(START_NS);
        length = signer.sign(buffer, 0, bodyLength);
        clock.update(START_NS - WINDOW_NS);
        assertEquals(bodyLength, verifier.verify(buffer, 0, length), "at the other edge");
        assertEquals(0, verifier.rejectedCount(Rejection.UNAUTHENTICATED));
    }

    @Test
    void shouldRejectAsReplayedWhenTheSequenceIsNotAboveTheSendersLast()
    {
        final MessageVerifier verifier = verifier(null);
        final MessageSigner one = new MessageSigner(key, clock, 10);
        final MessageSigner two = new MessageSigner(key, clock, 11);
        final int bodyLength = encodeAck(1);
        final byte[] first = signed(one, bodyLength);
        final byte[] second = signed(one, bodyLength);
        final byte[] other = signed(two, bodyLength);

        assertEquals(bodyLength, verify(verifier, first));
        assertEquals(Rejection.REPLAYED.code(), verify(verifier, first), "the same bytes again");
        assertEquals(bodyLength, verify(verifier, other), "another sender's first");
        assertEquals(bodyLength, verify(verifier, second));
        assertEquals(Rejection.REPLAYED.code(), verify(verifier, first), "an older sequence");
        assertEquals(Rejection.REPLAYED.code(), verify(verifier, second));
        assertEquals(Rejection.REPLAYED.code(), verify(verifier, other));
        assertEquals(4, verifier.rejectedCount(Rejection.REPLAYED));
        assertEquals(3, verifier.acceptedCount());
        assertTrue(verifier.describeLastRejection().startsWith("sequence not above"));
    }

    @Test
    void shouldAcceptThePreviousKeyAndRefuseAThirdWhenRotating()
    {
        final MessageVerifier rotating = verifier(previous);
        final int bodyLength = encodeAck(1);
        assertEquals(bodyLength, verify(rotating, signed(new MessageSigner(key, clock, 1), bodyLength)));
        assertEquals(bodyLength, verify(rotating, signed(new MessageSigner(previous, clock, 2), bodyLength)),
            "a sender still signing with the previous key");
        assertEquals(Rejection.UNAUTHENTICATED.code(),
            verify(rotating, signed(new MessageSigner(third, clock, 3), bodyLength)));
        assertTrue(rotating.describeLastRejection().contains("(this host accepts " + key.keyIdHex() + " and " +
            previous.keyIdHex() + ")"), rotating.describeLastRejection());

        final MessageVerifier done = verifier(null);
        assertEquals(Rejection.UNAUTHENTICATED.code(),
            verify(done, signed(new MessageSigner(previous, clock, 4), bodyLength)),
            "once the rotation is over, the previous key is refused");
    }

    @Test
    void shouldForgetSendersOutsideTheWindowAndCountOverflowWhenTheTableIsFull()
    {
        final MessageVerifier verifier = new MessageVerifier(key, null, WINDOW_NS, clock, 4);
        final int bodyLength = encodeAck(1);
        final byte[] oldFirst = signed(new MessageSigner(key, clock, 100), bodyLength);
        assertEquals(bodyLength, verify(verifier, oldFirst));
        for (int sender = 101; sender < 104; sender++)
        {
            assertEquals(bodyLength, verify(verifier, signed(new MessageSigner(key, clock, sender), bodyLength)));
        }
        assertEquals(4, verifier.senderCount());

        clock.update(START_NS + WINDOW_NS / 2);
        assertEquals(Rejection.REPLAYED.code(),
            verify(verifier, signed(new MessageSigner(key, clock, 200), bodyLength)), "the table is full");
        assertEquals(1, verifier.senderOverflowCount());
        assertEquals(1, verifier.rejectedCount(Rejection.REPLAYED));
        final MessageSigner stillThere = new MessageSigner(key, clock, 103);
        for (int i = 0; i < 5; i++)
        {
            signed(stillThere, bodyLength);
        }
        assertEquals(bodyLength, verify(verifier, signed(stillThere, bodyLength)), "a known sender goes on");

        clock.update(START_NS + WINDOW_NS + 1);
        assertEquals(bodyLength, verify(verifier, signed(new MessageSigner(key, clock, 201), bodyLength)));
        assertEquals(3, verifier.evictedCount(), "the senders last heard a window ago are forgotten");
        assertEquals(2, verifier.senderCount());
        assertEquals(Rejection.STALE.code(), verify(verifier, oldFirst), "a forgotten sender's message is stale");

        for (int round = 0; round < 50; round++)
        {
            clock.update(START_NS + (round + 2) * WINDOW_NS * 2);
            for (int sender = 0; sender < 4; sender++)
            {
                assertEquals(bodyLength,
                    verify(verifier, signed(new MessageSigner(key, clock, 1000 + round * 4 + sender), bodyLength)));
            }
            assertTrue(verifier.senderCount() <= 4);
        }
        assertEquals(1, verifier.senderOverflowCount(), "eviction made room every time");
    }

    @Test
    void shouldStripTheTrailerUncheckedWhenKeyless()
    {
        final MessageVerifier keyless = MessageVerifier.keyless(clock);
        final int bodyLength = encodeAck(1);
        assertEquals(bodyLength, verify(keyless, signed(MessageSigner.unsigned(clock), bodyLength)));
        assertEquals(bodyLength, verify(keyless, signed(new MessageSigner(third, clock, 1), bodyLength)));
        assertEquals(ControlCodec.TRUNCATED, keyless.verify(buffer, 0, AuthTrailerDescriptor.MIN_SIGNED_LENGTH - 1));
        assertEquals(false, keyless.isAuthenticating());
    }

    @Test
    void shouldNotAllocateWhenSigningAndVerifying()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final MessageVerifier verifier = verifier(previous);
        final MessageSigner signer = new MessageSigner(key, clock, 5);
        final MessageSigner old = new MessageSigner(previous, clock, 6);
        final int bodyLength = encodeAck(1);
        long sum = 0;
        for (int i = 0; i < 20_000; i++)
        {
            sum += signAndVerify(verifier, signer, old, bodyLength);
        }
        final long threadId = Thread.currentThread().getId();
        threads.getThreadAllocatedBytes(threadId);
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < 10_000; i++)
        {
            sum += signAndVerify(verifier, signer, old, bodyLength);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertEquals(30_000L * 3 * bodyLength, sum);
        // an allocation per message would be 16 bytes or more each: 480000 or more; the JVM itself may allocate a few
        // hundred bytes on this thread now and then (deoptimisation, profiling), hence less than a byte per message
        assertTrue(allocated < 30_000L, "allocated " + allocated + " bytes for 30000 signed and verified messages");
    }

    private int signAndVerify(
        final MessageVerifier verifier, final MessageSigner signer, final MessageSigner old, final int bodyLength)
    {
        int length = signer.sign(buffer, 0, bodyLength);
        int sum = verifier.verify(buffer, 0, length);
        sum += -verifier.verify(buffer, 0, length) > 0 ? bodyLength : 0;
        length = old.sign(buffer, 0, bodyLength);
        return sum + verifier.verify(buffer, 0, length);
    }

    private MessageVerifier verifier(final ClusterKey previousKey)
    {
        return new MessageVerifier(key, previousKey, WINDOW_NS, clock, MessageVerifier.DEFAULT_MAX_SENDERS);
    }

    private int encodeAck(final long correlationId)
    {
        return ControlMessages.ack(buffer, 0, correlationId, 2, "load01", "/var/lib/l2/q");
    }

    private byte[] signed(final MessageSigner signer, final int bodyLength)
    {
        encodeAck(1);
        final int length = signer.sign(buffer, 0, bodyLength);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private int verify(final MessageVerifier verifier, final byte[] message)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[message.length + 16]);
        copy.putBytes(16, message);
        return verifier.verify(copy, 16, message.length);
    }

    private static ClusterKey key(final int fill)
    {
        final byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte)fill);
        return ClusterKey.of(bytes);
    }

    /**
     * A wall clock moved by hand.
     */
    private static final class ManualClock implements EpochNanoClock
    {
        private long nowNs;

        void update(final long nowNs)
        {
            this.nowNs = nowNs;
        }

        public long nanoTime()
        {
            return nowNs;
        }
    }
}
