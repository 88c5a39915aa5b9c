/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;

import org.agrona.BitUtil;
import org.agrona.CloseHelper;

/**
 * Batched datagram I/O on one connected, non-blocking UDP socket, owned by one shooter thread: a message is a
 * datagram, each received one in its own slot of {@link #receiveSlotLength} bytes (a multiple of 64 bytes apart).
 * Ready from the start; it has no connection to make or lose.
 */
abstract class DatagramIo extends MessageIo
{
    final DatagramChannel channel;
    final int receiveSlotLength;

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
        super(false, sendSlotLength, slotLength(receiveSlotLength) * receiveSlotCount, receiveSlotCount);
        this.channel = channel;
        this.receiveSlotLength = slotLength(receiveSlotLength);
        for (int i = 0; i < receiveSlotCount; i++)
        {
            receiveOffsets[i] = i * this.receiveSlotLength;
        }
    }

    private static int slotLength(final int length)
    {
        return BitUtil.align(Math.max(length, 1), BitUtil.CACHE_LINE_LENGTH);
    }

    /**
     * {@inheritDoc}
     */
    SelectableChannel channel()
    {
        return channel;
    }

    /**
     * Closes the socket and frees the slots' memory now.
     */
    public void close()
    {
        CloseHelper.quietClose(channel);
        super.close();
    }
}
