/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.transport.auth;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.agrona.DirectBuffer;

/**
 * HMAC-SHA256 (RFC 2104) over one {@link MessageDigest}, keyed once, with no allocation per MAC: the JDK's
 * {@code javax.crypto.Mac} allocates its inner digest on every {@code doFinal}. Bytes of a {@link DirectBuffer} are
 * copied through a small scratch array. Not thread-safe: one instance per thread.
 */
final class HmacSha256
{
    /** Length in bytes of a MAC. */
    static final int MAC_LENGTH = 32;

    private static final int BLOCK_LENGTH = 64;
    private static final int SCRATCH_LENGTH = 4096;

    private final MessageDigest digest;
    private final byte[] innerPad = new byte[BLOCK_LENGTH];
    private final byte[] outerPad = new byte[BLOCK_LENGTH];
    private final byte[] innerHash = new byte[MAC_LENGTH];
    private final byte[] scratch = new byte[SCRATCH_LENGTH];

    HmacSha256(final byte[] key)
    {
        digest = sha256();
        final byte[] block = key.length > BLOCK_LENGTH ? digest.digest(key) : key;
        for (int i = 0; i < BLOCK_LENGTH; i++)
        {
            final byte keyByte = i < block.length ? block[i] : 0;
            innerPad[i] = (byte)(keyByte ^ 0x36);
            outerPad[i] = (byte)(keyByte ^ 0x5C);
        }
        digest.reset();
    }

    static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("this JVM has no SHA-256", ex);
        }
    }

    /**
     * The MAC of a range of a buffer.
     *
     * @param buffer    holding the bytes.
     * @param offset    of the first byte.
     * @param length    of the range in bytes.
     * @param out       where the MAC goes.
     * @param outOffset of its first byte; {@link #MAC_LENGTH} bytes are written.
     */
    void mac(final DirectBuffer buffer, final int offset, final int length, final byte[] out, final int outOffset)
    {
        digest.reset();
        digest.update(innerPad, 0, BLOCK_LENGTH);
        int position = offset;
        int remaining = length;
        while (remaining > 0)
        {
            final int chunk = Math.min(remaining, SCRATCH_LENGTH);
            buffer.getBytes(position, scratch, 0, chunk);
            digest.update(scratch, 0, chunk);
            position += chunk;
            remaining -= chunk;
        }
        finish(out, outOffset);
    }

    /**
     * The MAC of a range of an array.
     *
     * @param bytes     holding the bytes.
     * @param offset    of the first byte.
     * @param length    of the range in bytes.
     * @param out       where the MAC goes.
     * @param outOffset of its first byte; {@link #MAC_LENGTH} bytes are written.
     */
    void mac(final byte[] bytes, final int offset, final int length, final byte[] out, final int outOffset)
    {
        digest.reset();
        digest.update(innerPad, 0, BLOCK_LENGTH);
        digest.update(bytes, offset, length);
        finish(out, outOffset);
    }

    private void finish(final byte[] out, final int outOffset)
    {
        try
        {
            digest.digest(innerHash, 0, MAC_LENGTH);
            digest.update(outerPad, 0, BLOCK_LENGTH);
            digest.update(innerHash, 0, MAC_LENGTH);
            digest.digest(out, outOffset, MAC_LENGTH);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException("SHA-256 digest: " + ex.getMessage(), ex);
        }
    }
}
