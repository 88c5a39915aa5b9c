/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Batched datagram I/O on one connected, non-blocking UDP socket, owned by one shooter thread.
 * <p>
 * The caller fills up to {@link #BATCH_LIMIT} outgoing datagrams into the send slots ({@link #sendOffset(int)} in
 * {@link #sendBuffer}, lengths in {@link #sendLengths}) and calls {@link #send(int)}; {@link #receive(int)} fills
 * receive slots ({@link #receiveOffset(int)} in {@link #receiveBuffer}, lengths in {@link #receiveLengths}). Both
 * buffers are off-heap, slots a multiple of 64 bytes apart, made once and freed on close; no call allocates. Failures are return codes, never exceptions.
 */
abstract class DatagramIo implements AutoCloseable
{
    /** Most datagrams one call moves. */
    static final int BATCH_LIMIT = 64;
    /** {@link #send(int)}: the first datagram failed with an error other than a full socket buffer. */
    static final int SEND_FAILED = -1;
    /** {@link #receive(int)}: the socket reported an error (e.g. an ICMP port unreachable for a connected socket). */
    static final int RECEIVE_FAILED = -1;

    final DatagramChannel channel;
    final int sendSlotLength;
    final ByteBuffer sendByteBuffer;
    final UnsafeBuffer sendBuffer;
    final int[] sendLengths = new int[BATCH_LIMIT];
    final int receiveSlotLength;
    final int receiveSlotCount;
    final ByteBuffer receiveByteBuffer;
    final UnsafeBuffer receiveBuffer;
    final int[] receiveLengths;
    private boolean freed;

    /**
     * @param channel           connected and non-blocking; closed by {@link #close()}.
     * @param sendSlotLength    room for the longest query, bytes.
     * @param receiveSlotLength room for the longest response taken whole, bytes.
     * @param receiveSlotCount  how many responses one {@link #receive(int)} can take.
     */
    DatagramIo(
        final DatagramChannel channel,
        final int sendSlotLength,
        final int receiveSlotLength,
        final int receiveSlotCount)
    {
        this.channel = channel;
        this.sendSlotLength = BitUtil.align(Math.max(sendSlotLength, 1), BitUtil.CACHE_LINE_LENGTH);
        this.receiveSlotLength = BitUtil.align(Math.max(receiveSlotLength, 1), BitUtil.CACHE_LINE_LENGTH);
        this.receiveSlotCount = receiveSlotCount;
        // not Agrona's aligned allocation: that is a slice, which cannot be freed before a GC
        sendByteBuffer = ByteBuffer.allocateDirect(this.sendSlotLength * BATCH_LIMIT);
        sendBuffer = new UnsafeBuffer(sendByteBuffer);
        receiveByteBuffer = ByteBuffer.allocateDirect(this.receiveSlotLength * receiveSlotCount);
        receiveBuffer = new UnsafeBuffer(receiveByteBuffer);
        receiveLengths = new int[receiveSlotCount];
    }

    /**
     * @param i a send slot, 0 to {@link #BATCH_LIMIT} - 1.
     * @return where datagram {@code i} of the next batch starts in {@link #sendBuffer}.
     */
    final int sendOffset(final int i)
    {
        return i * sendSlotLength;
    }

    /**
     * @param i a receive slot.
     * @return where the {@code i}-th datagram of the last {@link #receive(int)} starts in {@link #receiveBuffer}.
     */
    final int receiveOffset(final int i)
    {
        return i * receiveSlotLength;
    }

    /**
     * Sends datagrams {@code 0 .. count - 1} of the send slots, in order.
     *
     * @param count 1 to {@link #BATCH_LIMIT}.
     * @return how many went out, from the first: 0 when the socket's send buffer is full, fewer than {@code count}
     * when it filled or an error stopped the batch after the first, or {@link #SEND_FAILED} when the first failed.
     */
    abstract int send(int count);

    /**
     * Reads what the socket has queued, without waiting.
     *
     * @param limit most datagrams to take, at least 1.
     * @return how many datagrams were read into the receive slots (0 when none was queued), or
     * {@link #RECEIVE_FAILED}. A datagram longer than {@link #receiveSlotLength} keeps its true length in
     * {@link #receiveLengths} but only its first {@link #receiveSlotLength} bytes in its slot.
     */
    abstract int receive(int limit);

    /**
     * @return the most sockets an agent reads in turn every duty cycle; above it, it reads only those a selector
     * says are readable. A read of an empty socket must cost little and allocate nothing for this to be above 0.
     */
    abstract int pollThreshold();

    /**
     * @return the name of this I/O, as {@link IoMode#alias()}.
     */
    abstract String name();

    /**
     * Closes the socket and frees the slots' memory now (a shooter makes new sockets for every shoot and warm-up
     * round; left to the garbage collector, megabytes of direct memory would wait for a GC each time). Once only:
     * the slots are gone after it.
     */
    public void close()
    {
        if (channel.isOpen() || !freed)
        {
            org.agrona.CloseHelper.quietClose(channel);
            if (!freed)
            {
                freed = true;
                BufferUtil.free(sendByteBuffer);
                BufferUtil.free(receiveByteBuffer);
            }
        }
    }
}
