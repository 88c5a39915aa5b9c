/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.l2.transport.auth.AuthTrailerDescriptor;
import io.l2.transport.auth.ClusterKey;
import io.l2.transport.auth.MessageSigner;
import io.l2.transport.auth.MessageVerifier;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The price of the signed control plane per message: {@link MessageSigner#sign} (HMAC-SHA256 over the message and
 * its trailer) and {@link MessageVerifier#verify} (the same HMAC, compared in constant time, plus the replay window
 * and the sender's sequence), for a lease-sized message (64 bytes), a fire (1 KiB) and a typical per-second
 * aggregate (14 KiB; at most 120 KiB). A control plane sends a few messages per host per second, so this is what
 * signing costs the fleet, not the shooter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ControlAuthBenchmark
{
    @Param({"64", "1024", "14336"})
    int bodyLength;

    private final long[] nowNs = {1_764_000_000_000_000_000L};
    private final EpochNanoClock clock = () -> nowNs[0];
    private UnsafeBuffer buffer;
    private MessageSigner signer;
    private MessageVerifier verifier;
    private int signedLength;

    /**
     * A key, a signer and a verifier sharing a clock, and one message of the size.
     */
    @Setup
    public void setUp()
    {
        final byte[] keyBytes = new byte[32];
        Arrays.fill(keyBytes, (byte)0x5A);
        final ClusterKey key = ClusterKey.of(keyBytes);
        signer = new MessageSigner(key, clock, 7L);
        verifier = new MessageVerifier(key, null, 10_000_000_000L, clock, MessageVerifier.DEFAULT_MAX_SENDERS);
        buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bodyLength + AuthTrailerDescriptor.TRAILER_LENGTH));
        for (int i = 0; i < bodyLength; i++)
        {
            buffer.putByte(i, (byte)i);
        }
    }

    /**
     * Signs the message (a new sequence each time).
     *
     * @return the signed length.
     */
    @Benchmark
    public int sign()
    {
        return signer.sign(buffer, 0, bodyLength);
    }

    /**
     * Signs then verifies the message: a verifier accepts each sequence once, so every verify needs a fresh
     * signature; subtract {@link #sign} for the verify alone.
     *
     * @return the accepted body length.
     */
    @Benchmark
    public int signThenVerify()
    {
        signedLength = signer.sign(buffer, 0, bodyLength);
        return verifier.verify(buffer, 0, signedLength);
    }
}
