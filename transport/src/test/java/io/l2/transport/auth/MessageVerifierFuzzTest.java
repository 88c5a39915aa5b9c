/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.transport.auth;

import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.l2.transport.codec.ControlCodec;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@link MessageVerifier#verify}, the first thing every received control message meets:
 * arbitrary bytes, and messages really signed with the cluster key then altered (one byte flipped anywhere, cut
 * short, or offered a second time).
 * <p>
 * Properties: nothing throws; the answer is the body length or a known negative code; raw bytes are never accepted;
 * a signed message is accepted once, exactly as signed, and refused as {@link Rejection#REPLAYED} the second time;
 * one flipped bit anywhere in it, or a cut, is never accepted; the verifier's sender table stays within its bound.
 */
class MessageVerifierFuzzTest
{
    private static final long NOW_NS = 1_764_000_000_000_000_000L;
    private static final int MAX_SENDERS = 64;
    private static final EpochNanoClock CLOCK = () -> NOW_NS;

    private final ClusterKey key = ClusterKey.of(fill(7));
    private final MessageSigner signer = new MessageSigner(key, CLOCK, 4242L);
    private final MessageVerifier verifier =
        new MessageVerifier(key, ClusterKey.of(fill(9)), 10_000_000_000L, CLOCK, MAX_SENDERS);

    @FuzzTest(maxDuration = "3s")
    void fuzzVerify(final FuzzedDataProvider data)
    {
        final int mode = data.consumeInt(0, 3);
        final int where = data.consumeInt();
        final byte flip = (byte)data.consumeInt(1, 255);
        final byte[] body = data.consumeRemainingAsBytes();
        if (0 == mode)
        {
            final UnsafeBuffer raw = new UnsafeBuffer(body);
            final int result = verifier.verify(raw, 0, body.length);
            assertTrue(result < 0, "raw bytes accepted: " + Arrays.toString(body));
            assertKnown(result);
            return;
        }
        final byte[] signed = new byte[body.length + AuthTrailerDescriptor.TRAILER_LENGTH];
        System.arraycopy(body, 0, signed, 0, body.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(signed);
        final int length = signer.sign(buffer, 0, body.length);
        switch (mode)
        {
            case 1 ->
            {
                final int index = Math.floorMod(where, length);
                signed[index] ^= flip;
                final int result = verifier.verify(buffer, 0, length);
                assertTrue(result < 0, "a message altered at byte " + index + " of " + length + " was accepted");
                assertKnown(result);
            }
            case 2 ->
            {
                final int cut = Math.floorMod(where, length);
                final int result = verifier.verify(buffer, 0, cut);
                assertTrue(result < 0, "a message cut to " + cut + " of " + length + " bytes was accepted");
                assertKnown(result);
            }
            default ->
            {
                if (body.length < ControlCodec.HEADER_LENGTH)
                {
                    return;
                }
                assertEquals(body.length, verifier.verify(buffer, 0, length), "a signed message was refused");
                assertEquals(Rejection.REPLAYED.code(), verifier.verify(buffer, 0, length), "a replay was accepted");
            }
        }
        assertTrue(verifier.senderCount() <= MAX_SENDERS, "sender table past its bound: " + verifier.senderCount());
    }

    private static void assertKnown(final int result)
    {
        assertTrue(ControlCodec.TRUNCATED == result || null != Rejection.ofCode(result), "unknown code " + result);
    }

    private static byte[] fill(final int value)
    {
        final byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte)value);
        return bytes;
    }
}
