/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.transport.auth;

import java.security.SecureRandom;
import java.util.Objects;

import io.l2.transport.codec.ControlCodec;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

import static io.l2.transport.auth.AuthTrailerDescriptor.KEY_ID_BYTE_ORDER;
import static io.l2.transport.auth.AuthTrailerDescriptor.KEY_ID_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.MAC_LENGTH;
import static io.l2.transport.auth.AuthTrailerDescriptor.MAC_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.SENDER_ID_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.SEQUENCE_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.TIMESTAMP_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.TRAILER_LENGTH;
import static io.l2.transport.auth.AuthTrailerDescriptor.UNSIGNED_KEY_ID;

/**
 * Appends the authentication trailer ({@link AuthTrailerDescriptor}) to an encoded message: the key id, this signer's
 * sender id (random, chosen when it is made), the next sequence (1, 2, 3, ...), the clock's time and the HMAC-SHA256
 * of every byte before the MAC. An {@link #unsigned} signer (a host without a cluster key) writes key id 0 and a zero
 * MAC, which every keyed receiver rejects. Not thread-safe and zero allocation per message: one signer per sending
 * thread (two threads sharing a sender id could deliver its sequences out of order, and the receiver would drop the
 * late ones as replayed).
 */
public final class MessageSigner
{
    private final ClusterKey key;
    private final HmacSha256 mac;
    private final EpochNanoClock clock;
    private final long senderId;
    private final byte[] macBytes = new byte[MAC_LENGTH];
    private long sequence;

    /**
     * A signer with a given sender id (tests; {@link #of} picks a random one).
     *
     * @param key      the cluster key, or null for an unsigned signer.
     * @param clock    the wall clock of the timestamps, ns since the epoch.
     * @param senderId this signer's id.
     */
    public MessageSigner(final ClusterKey key, final EpochNanoClock clock, final long senderId)
    {
        this.key = key;
        this.mac = null == key ? null : key.newMac();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.senderId = senderId;
    }

    /**
     * A signer with a random sender id.
     *
     * @param key   the cluster key.
     * @param clock the wall clock of the timestamps, ns since the epoch.
     * @return the signer.
     */
    public static MessageSigner of(final ClusterKey key, final EpochNanoClock clock)
    {
        return new MessageSigner(Objects.requireNonNull(key, "key"), clock, randomSenderId());
    }

    /**
     * A signer for a host without a cluster key: trailers with key id 0 and no MAC, which keyed receivers reject.
     *
     * @param clock the wall clock of the timestamps, ns since the epoch.
     * @return the signer.
     */
    public static MessageSigner unsigned(final EpochNanoClock clock)
    {
        return new MessageSigner(null, clock, randomSenderId());
    }

    /**
     * Appends the trailer after a message's body.
     *
     * @param buffer     holding the body; must have {@link AuthTrailerDescriptor#TRAILER_LENGTH} bytes after it.
     * @param offset     of the message's first byte.
     * @param bodyLength of the encoded message in bytes.
     * @return the signed message's length: {@code bodyLength + TRAILER_LENGTH}.
     */
    public int sign(final MutableDirectBuffer buffer, final int offset, final int bodyLength)
    {
        final int trailer = offset + bodyLength;
        buffer.putInt(trailer + KEY_ID_OFFSET, null == key ? UNSIGNED_KEY_ID : key.keyId(), KEY_ID_BYTE_ORDER);
        buffer.putLong(trailer + SENDER_ID_OFFSET, senderId, ControlCodec.BYTE_ORDER);
        buffer.putLong(trailer + SEQUENCE_OFFSET, ++sequence, ControlCodec.BYTE_ORDER);
        buffer.putLong(trailer + TIMESTAMP_OFFSET, clock.nanoTime(), ControlCodec.BYTE_ORDER);
        if (null == mac)
        {
            buffer.setMemory(trailer + MAC_OFFSET, MAC_LENGTH, (byte)0);
        }
        else
        {
            mac.mac(buffer, offset, bodyLength + MAC_OFFSET, macBytes, 0);
            buffer.putBytes(trailer + MAC_OFFSET, macBytes, 0, MAC_LENGTH);
        }
        return bodyLength + TRAILER_LENGTH;
    }

    /**
     * @return true when this signer has a key; false for an {@link #unsigned} one.
     */
    public boolean isSigning()
    {
        return null != key;
    }

    /**
     * @return the key, or null for an unsigned signer.
     */
    public ClusterKey key()
    {
        return key;
    }

    /**
     * @return this signer's sender id.
     */
    public long senderId()
    {
        return senderId;
    }

    /**
     * @return the sequence of the last message signed, 0 before the first.
     */
    public long sequence()
    {
        return sequence;
    }

    private static long randomSenderId()
    {
        return new SecureRandom().nextLong();
    }
}
