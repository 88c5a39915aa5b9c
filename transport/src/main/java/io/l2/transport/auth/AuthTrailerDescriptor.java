/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.transport.auth;

import java.nio.ByteOrder;

import io.l2.transport.codec.ControlCodec;

import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of the authentication trailer every control and aggregation message ends with, right after its body.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  keyId: the first 4 bytes of SHA-256(key), in digest order    |  0
 *  +---------------------------------------------------------------+
 *  |                     senderId (int64)                          |  4
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     sequence (int64)                          |  12
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   timestampNs (int64, epoch ns)               |  20
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   mac: HMAC-SHA256(key, every byte from the message's first   |  28
 *  |   byte to the end of timestampNs), 32 bytes                   |
 *  +---------------------------------------------------------------+  60
 * </pre>
 * The int64 fields are little-endian, as every field of the schema. Key id 0 marks an unsigned message (a sender
 * without a cluster key): never accepted by a verifier that has a key. Constants only.
 */
public final class AuthTrailerDescriptor
{
    /**
     * Offset of the key id within the trailer (4 bytes, big-endian as the digest's bytes).
     */
    public static final int KEY_ID_OFFSET = 0;

    /**
     * Offset of the sender id (int64): random per signer, chosen when it is made.
     */
    public static final int SENDER_ID_OFFSET = KEY_ID_OFFSET + SIZE_OF_INT;

    /**
     * Offset of the sequence (int64): 1, 2, 3, ... per sender.
     */
    public static final int SEQUENCE_OFFSET = SENDER_ID_OFFSET + SIZE_OF_LONG;

    /**
     * Offset of the sender's wall-clock time when it signed (int64, ns since the epoch).
     */
    public static final int TIMESTAMP_OFFSET = SEQUENCE_OFFSET + SIZE_OF_LONG;

    /**
     * Offset of the HMAC-SHA256.
     */
    public static final int MAC_OFFSET = TIMESTAMP_OFFSET + SIZE_OF_LONG;

    /**
     * Length in bytes of the MAC.
     */
    public static final int MAC_LENGTH = 32;

    /**
     * Length in bytes of the trailer.
     */
    public static final int TRAILER_LENGTH = MAC_OFFSET + MAC_LENGTH;

    /**
     * The shortest signed message: a header and a trailer.
     */
    public static final int MIN_SIGNED_LENGTH = ControlCodec.HEADER_LENGTH + TRAILER_LENGTH;

    /**
     * The key id of an unsigned message.
     */
    public static final int UNSIGNED_KEY_ID = 0;

    /**
     * Byte order of the key id.
     */
    public static final ByteOrder KEY_ID_BYTE_ORDER = ByteOrder.BIG_ENDIAN;

    private AuthTrailerDescriptor()
    {
    }
}
