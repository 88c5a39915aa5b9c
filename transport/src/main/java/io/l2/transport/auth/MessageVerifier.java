/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.transport.auth;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.l2.transport.codec.ControlCodec;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.EpochNanoClock;

import static io.l2.transport.auth.AuthTrailerDescriptor.KEY_ID_BYTE_ORDER;
import static io.l2.transport.auth.AuthTrailerDescriptor.KEY_ID_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.MAC_LENGTH;
import static io.l2.transport.auth.AuthTrailerDescriptor.MAC_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.MIN_SIGNED_LENGTH;
import static io.l2.transport.auth.AuthTrailerDescriptor.SENDER_ID_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.SEQUENCE_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.TIMESTAMP_OFFSET;
import static io.l2.transport.auth.AuthTrailerDescriptor.TRAILER_LENGTH;
import static io.l2.transport.auth.AuthTrailerDescriptor.UNSIGNED_KEY_ID;

/**
 * Checks the authentication trailer of a received message before anything decodes it, in this order:
 * <ol>
 *     <li>{@link Rejection#UNAUTHENTICATED}: shorter than a header and a trailer, unsigned (key id 0), a key id that is
 *     neither the current key's nor the previous key's (a rotation), or a MAC that does not match (compared in
 *     constant time);</li>
 *     <li>{@link Rejection#STALE}: a timestamp more than the replay window away from this clock, either way;</li>
 *     <li>{@link Rejection#REPLAYED}: a sequence not above the last one accepted from its sender id.</li>
 * </ol>
 * Senders are remembered with their last sequence and their latest timestamp in a table of at most
 * {@code maxSenders}; a sender whose latest timestamp is older than the window is forgotten (any message of it would
 * be stale anyway), at most once per window or when the table is full. A new sender that finds the table full of
 * fresh senders is rejected as {@link Rejection#REPLAYED} (a replay could not be told apart) and counted in
 * {@link #senderOverflowCount()}. A verifier made {@link #keyless} checks nothing but the length and only strips the
 * trailer: a host without a key reads what it needs to answer (hellos, and fires to refuse them).
 * <p>
 * Not thread-safe: one verifier per polling thread. Zero allocation per message.
 */
public final class MessageVerifier
{
    /**
     * Default bound of the senders remembered.
     */
    public static final int DEFAULT_MAX_SENDERS = 4096;

    private static final int NO_SLOT = -1;

    private final ClusterKey current;
    private final ClusterKey previous;
    private final HmacSha256 currentMac;
    private final HmacSha256 previousMac;
    private final long replayWindowNs;
    private final EpochNanoClock clock;
    private final int maxSenders;
    private final byte[] macBytes = new byte[MAC_LENGTH];
    private final Long2LongHashMap slotBySender;
    private final long[] senderIds;
    private final long[] lastSequences;
    private final long[] latestTimestampsNs;
    private final boolean[] used;
    private final int[] freeSlots;
    private int freeCount;
    private long nextEvictionNs;
    private long acceptedCount;
    private long unauthenticatedCount;
    private long staleCount;
    private long replayedCount;
    private long senderOverflowCount;
    private long evictedCount;
    private Detail lastDetail = Detail.NONE;
    private int lastKeyId;
    private long lastSkewNs;

    /**
     * What exactly was wrong with the last message rejected, for a log line.
     */
    private enum Detail
    {
        NONE,
        SHORT,
        UNSIGNED,
        UNKNOWN_KEY,
        BAD_MAC,
        STALE,
        REPLAYED,
        OVERFLOW
    }

    /**
     * A verifier that accepts messages signed with the current key or, during a rotation, the previous one.
     *
     * @param current        the key that signs; messages signed with it are accepted.
     * @param previous       a key also accepted (never used to sign), or null.
     * @param replayWindowNs how far a timestamp may be from this clock, either way, in ns; positive.
     * @param clock          this host's wall clock, ns since the epoch.
     * @param maxSenders     the most senders remembered; positive.
     */
    public MessageVerifier(
        final ClusterKey current,
        final ClusterKey previous,
        final long replayWindowNs,
        final EpochNanoClock clock,
        final int maxSenders)
    {
        this(Objects.requireNonNull(current, "current"), previous, replayWindowNs, clock, maxSenders, true);
    }

    private MessageVerifier(
        final ClusterKey current,
        final ClusterKey previous,
        final long replayWindowNs,
        final EpochNanoClock clock,
        final int maxSenders,
        final boolean checked)
    {
        if (replayWindowNs <= 0)
        {
            throw new IllegalArgumentException("replayWindowNs must be positive: " + replayWindowNs);
        }
        if (maxSenders <= 0)
        {
            throw new IllegalArgumentException("maxSenders must be positive: " + maxSenders);
        }
        if (null != previous && null != current && previous.keyId() == current.keyId())
        {
            throw new IllegalArgumentException("the previous key is the current key (" + current.keyIdHex() + ")");
        }
        this.current = current;
        this.previous = previous;
        this.currentMac = null == current ? null : current.newMac();
        this.previousMac = null == previous ? null : previous.newMac();
        this.replayWindowNs = replayWindowNs;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxSenders = maxSenders;
        this.slotBySender = new Long2LongHashMap(2 * maxSenders, 0.6f, NO_SLOT);
        this.senderIds = new long[maxSenders];
        this.lastSequences = new long[maxSenders];
        this.latestTimestampsNs = new long[maxSenders];
        this.used = new boolean[maxSenders];
        this.freeSlots = new int[maxSenders];
        for (int i = 0; i < maxSenders; i++)
        {
            freeSlots[i] = maxSenders - 1 - i;
        }
        this.freeCount = maxSenders;
        this.nextEvictionNs = clock.nanoTime() + replayWindowNs;
    }

    /**
     * A verifier for a host without a cluster key: it authenticates nothing, only checks that a trailer fits and
     * strips it. The host must not act on what it reads beyond answering (see the daemon's refusal of every fire).
     *
     * @param clock this host's wall clock, ns since the epoch.
     * @return the verifier; {@link #isAuthenticating()} is false.
     */
    public static MessageVerifier keyless(final EpochNanoClock clock)
    {
        return new MessageVerifier(null, null, 1, clock, 1, false);
    }

    /**
     * Checks a received message.
     *
     * @param buffer holding the message.
     * @param offset of its first byte.
     * @param length of the message with its trailer, in bytes.
     * @return the length of its body (the message without the trailer) when it is accepted, else the negative
     * {@link Rejection#code()} of {@link Rejection#UNAUTHENTICATED}, {@link Rejection#STALE} or
     * {@link Rejection#REPLAYED} (a keyless verifier answers {@link ControlCodec#TRUNCATED} for a message too short
     * for a trailer: it is malformed, not unauthenticated, as nothing is authenticated there).
     */
    public int verify(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == current)
        {
            if (length < MIN_SIGNED_LENGTH)
            {
                lastDetail = Detail.SHORT;
                return ControlCodec.TRUNCATED;
            }
            acceptedCount++;
            return length - TRAILER_LENGTH;
        }
        if (length < MIN_SIGNED_LENGTH)
        {
            return unauthenticated(Detail.SHORT);
        }
        final int trailer = offset + length - TRAILER_LENGTH;
        final int keyId = buffer.getInt(trailer + KEY_ID_OFFSET, KEY_ID_BYTE_ORDER);
        final HmacSha256 mac;
        if (keyId == current.keyId())
        {
            mac = currentMac;
        }
        else if (null != previous && keyId == previous.keyId())
        {
            mac = previousMac;
        }
        else
        {
            lastKeyId = keyId;
            return unauthenticated(UNSIGNED_KEY_ID == keyId ? Detail.UNSIGNED : Detail.UNKNOWN_KEY);
        }
        mac.mac(buffer, offset, length - TRAILER_LENGTH + MAC_OFFSET, macBytes, 0);
        int difference = 0;
        for (int i = 0; i < MAC_LENGTH; i++)
        {
            difference |= macBytes[i] ^ buffer.getByte(trailer + MAC_OFFSET + i);
        }
        if (0 != difference)
        {
            lastKeyId = keyId;
            return unauthenticated(Detail.BAD_MAC);
        }

        final long nowNs = clock.nanoTime();
        final long timestampNs = buffer.getLong(trailer + TIMESTAMP_OFFSET, ControlCodec.BYTE_ORDER);
        if (nowNs - timestampNs > replayWindowNs || timestampNs - nowNs > replayWindowNs)
        {
            staleCount++;
            lastDetail = Detail.STALE;
            lastSkewNs = timestampNs - nowNs;
            return Rejection.STALE.code();
        }

        if (nowNs - nextEvictionNs >= 0)
        {
            evictExpired(nowNs);
        }
        final long senderId = buffer.getLong(trailer + SENDER_ID_OFFSET, ControlCodec.BYTE_ORDER);
        final long sequence = buffer.getLong(trailer + SEQUENCE_OFFSET, ControlCodec.BYTE_ORDER);
        int slot = (int)slotBySender.get(senderId);
        if (NO_SLOT == slot)
        {
            if (0 == freeCount)
            {
                evictExpired(nowNs);
            }
            if (0 == freeCount)
            {
                senderOverflowCount++;
                replayedCount++;
                lastDetail = Detail.OVERFLOW;
                return Rejection.REPLAYED.code();
            }
            slot = freeSlots[--freeCount];
            slotBySender.put(senderId, slot);
            used[slot] = true;
            senderIds[slot] = senderId;
            lastSequences[slot] = sequence;
            latestTimestampsNs[slot] = timestampNs;
        }
        else
        {
            if (sequence <= lastSequences[slot])
            {
                replayedCount++;
                lastDetail = Detail.REPLAYED;
                return Rejection.REPLAYED.code();
            }
            lastSequences[slot] = sequence;
            latestTimestampsNs[slot] = Math.max(latestTimestampsNs[slot], timestampNs);
        }
        acceptedCount++;
        return length - TRAILER_LENGTH;
    }

    /**
     * @return true when this verifier checks keys; false for a {@link #keyless} one.
     */
    public boolean isAuthenticating()
    {
        return null != current;
    }

    /**
     * @return the key that signs, or null for a keyless verifier.
     */
    public ClusterKey currentKey()
    {
        return current;
    }

    /**
     * @return the previous key still accepted, or null.
     */
    public ClusterKey previousKey()
    {
        return previous;
    }

    /**
     * @return the replay window in ns.
     */
    public long replayWindowNs()
    {
        return replayWindowNs;
    }

    /**
     * @param rejection a reason.
     * @return messages rejected for it since construction ({@link Rejection#MALFORMED}: always 0 here, the decoder
     * counts those).
     */
    public long rejectedCount(final Rejection rejection)
    {
        return switch (rejection)
        {
            case UNAUTHENTICATED -> unauthenticatedCount;
            case STALE -> staleCount;
            case REPLAYED -> replayedCount;
            case MALFORMED -> 0;
        };
    }

    /**
     * @return messages accepted since construction.
     */
    public long acceptedCount()
    {
        return acceptedCount;
    }

    /**
     * @return new senders rejected because the table was full of fresh senders (also counted as replayed).
     */
    public long senderOverflowCount()
    {
        return senderOverflowCount;
    }

    /**
     * @return senders forgotten because their latest timestamp left the window.
     */
    public long evictedCount()
    {
        return evictedCount;
    }

    /**
     * @return senders remembered now.
     */
    public int senderCount()
    {
        return maxSenders - freeCount;
    }

    /**
     * @return the most senders remembered.
     */
    public int maxSenders()
    {
        return maxSenders;
    }

    /**
     * What was wrong with the last message rejected, for a log line (allocates: not for every message).
     *
     * @return a short phrase, e.g. {@code "bad MAC (key id 1a2b3c4d)"}.
     */
    public String describeLastRejection()
    {
        return switch (lastDetail)
        {
            case NONE -> "none";
            case SHORT -> null == current ? "too short for an authentication trailer" :
                "no authentication trailer (too short)";
            case UNSIGNED -> "unsigned: the sender has no cluster key (security.cluster-key-file)";
            case UNKNOWN_KEY -> "unknown key id " + ClusterKey.keyIdHex(lastKeyId) + " (this host accepts " +
                current.keyIdHex() + (null == previous ? "" : " and " + previous.keyIdHex()) +
                "): the sender has another cluster key";
            case BAD_MAC -> "bad MAC under key id " + ClusterKey.keyIdHex(lastKeyId) + ": forged or altered";
            case STALE -> "timestamp " + String.format(Locale.ROOT, "%.1f", Math.abs(lastSkewNs) / 1e9) +
                " s " + (lastSkewNs < 0 ? "behind" : "ahead of") + " this host's clock (replay-window " +
                TimeUnit.NANOSECONDS.toMillis(replayWindowNs) / 1000.0 + " s): replayed, or the clocks are apart";
            case REPLAYED -> "sequence not above the last one accepted from its sender: a replay or a duplicate";
            case OVERFLOW -> "a new sender while " + maxSenders + " fresh senders are remembered";
        };
    }

    private int unauthenticated(final Detail detail)
    {
        unauthenticatedCount++;
        lastDetail = detail;
        return Rejection.UNAUTHENTICATED.code();
    }

    private void evictExpired(final long nowNs)
    {
        for (int slot = 0; slot < maxSenders; slot++)
        {
            if (used[slot] && nowNs - latestTimestampsNs[slot] > replayWindowNs)
            {
                slotBySender.remove(senderIds[slot]);
                used[slot] = false;
                freeSlots[freeCount++] = slot;
                evictedCount++;
            }
        }
        nextEvictionNs = nowNs + replayWindowNs;
    }
}
