/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.transport.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HmacSha256Test
{
    @Test
    void shouldMatchRfc4231WhenKeyIsJefe()
    {
        final byte[] out = new byte[HmacSha256.MAC_LENGTH];
        final byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        new HmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII)).mac(data, 0, data.length, out, 0);
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", HexFormat.of().formatHex(out));
    }

    @Test
    void shouldMatchTheJdksMacWhenKeysAndLengthsVary() throws Exception
    {
        final Random random = new Random(7L);
        final int[] keyLengths = {32, 63, 64, 65, 200};
        final int[] lengths = {0, 1, 55, 56, 63, 64, 65, 4095, 4096, 4097, 9000, 130_000};
        final ByteBuffer direct = ByteBuffer.allocateDirect(140_000);
        final UnsafeBuffer buffer = new UnsafeBuffer(direct);
        for (final int keyLength : keyLengths)
        {
            final byte[] key = new byte[keyLength];
            random.nextBytes(key);
            final HmacSha256 mine = new HmacSha256(key);
            final Mac jdk = Mac.getInstance("HmacSHA256");
            jdk.init(new SecretKeySpec(key, "HmacSHA256"));
            for (final int length : lengths)
            {
                final byte[] data = new byte[length + 3];
                random.nextBytes(data);
                buffer.putBytes(5, data, 0, data.length);
                jdk.update(data, 3, length);
                final byte[] expected = jdk.doFinal();
                final byte[] fromArray = new byte[40];
                mine.mac(data, 3, length, fromArray, 8);
                final byte[] fromBuffer = new byte[32];
                mine.mac(buffer, 8, length, fromBuffer, 0);
                final byte[] copied = new byte[32];
                System.arraycopy(fromArray, 8, copied, 0, 32);
                assertArrayEquals(expected, copied, "key " + keyLength + " length " + length);
                assertArrayEquals(expected, fromBuffer, "key " + keyLength + " length " + length);
            }
        }
    }
}
