/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * {@link DatagramIo} through NIO: one {@code write} per datagram sent, one {@code read} per datagram received, into
 * a single 64 KiB receive slot (so no datagram is ever cut). Runs on every JDK.
 */
final class NioDatagramIo extends DatagramIo
{
    /** Room for the largest UDP payload: NIO cannot tell a cut datagram, so it never cuts one. */
    static final int RECEIVE_SLOT_LENGTH = 65536;

    /** Up to this many sockets a read of each per cycle is cheaper than asking a selector. */
    private static final int POLL_THRESHOLD = 4;

    private final ByteBuffer sendView;

    NioDatagramIo(final DatagramChannel channel, final int sendSlotLength)
    {
        super(channel, sendSlotLength, RECEIVE_SLOT_LENGTH, 1);
        sendView = sendByteBuffer.duplicate();
    }

    int send(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final int offset = sendOffset(i);
            sendView.limit(offset + sendLengths[i]).position(offset);
            try
            {
                if (0 == channel.write(sendView))
                {
                    return i;
                }
            }
            catch (final IOException ex)
            {
                return 0 == i ? SEND_FAILED : i;
            }
        }
        return count;
    }

    int receive(final int limit)
    {
        receiveByteBuffer.clear();
        try
        {
            final int length = channel.read(receiveByteBuffer);
            if (length <= 0)
            {
                return 0;
            }
            receiveLengths[0] = length;
            return 1;
        }
        catch (final IOException ex)
        {
            return RECEIVE_FAILED;
        }
    }

    int pollThreshold()
    {
        return POLL_THRESHOLD;
    }

    String name()
    {
        return IoMode.NIO.alias();
    }
}
