/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.responder;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;

import io.l2.engine.codec.DnsDescriptor;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads queries from one UDP socket and answers each from {@link ZoneAnswers}. Bounded duty cycle; the only
 * allocation per query is the JDK's sender address when the sender changes.
 */
public final class ResponderAgent implements Agent
{
    private static final int RECEIVE_BATCH_LIMIT = 256;
    private static final int OPT_RR_LENGTH = 11;
    private static final int EDNS_UDP_SIZE = 1232;
    private static final int PLAIN_UDP_SIZE = 512;

    private final DatagramChannel channel;
    private final ZoneAnswers answers;
    private final ByteBuffer receiveByteBuffer = ByteBuffer.allocateDirect(65536);
    private final UnsafeBuffer query = new UnsafeBuffer(receiveByteBuffer);
    private final ByteBuffer sendByteBuffer = ByteBuffer.allocateDirect(65536);
    private final UnsafeBuffer response = new UnsafeBuffer(sendByteBuffer);
    private final byte[] lowerName = new byte[256];
    private volatile long answered;
    private volatile long dropped;

    /**
     * @param channel a bound, non-blocking datagram channel (owned: closed with the agent).
     * @param answers the zone's answers.
     */
    public ResponderAgent(final DatagramChannel channel, final ZoneAnswers answers)
    {
        this.channel = channel;
        this.answers = answers;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork() throws IOException
    {
        int workCount = 0;
        while (workCount < RECEIVE_BATCH_LIMIT)
        {
            receiveByteBuffer.clear();
            final SocketAddress sender = channel.receive(receiveByteBuffer);
            if (null == sender)
            {
                break;
            }
            workCount++;
            final int length = respond(receiveByteBuffer.position());
            if (length > 0)
            {
                sendByteBuffer.limit(length).position(0);
                if (0 == channel.send(sendByteBuffer, sender))
                {
                    dropped++;
                }
                else
                {
                    answered++;
                }
            }
            else
            {
                dropped++;
            }
        }
        return workCount;
    }

    /**
     * Builds the response to the query in the receive buffer.
     *
     * @param queryLength the query's length.
     * @return the response's length in the send buffer, or 0 to answer nothing (not a query at all).
     */
    int respond(final int queryLength)
    {
        if (queryLength < DnsDescriptor.HEADER_LENGTH)
        {
            return 0;
        }
        final int flags = query.getShort(DnsDescriptor.FLAGS_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (0 != (flags & 0x8000))
        {
            return 0;
        }
        final int qdCount = query.getShort(DnsDescriptor.QDCOUNT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int opcode = (flags >> 11) & 0xF;
        int offset = DnsDescriptor.HEADER_LENGTH;
        int nameLength = 0;
        boolean wellFormed = 1 == qdCount;
        while (wellFormed)
        {
            if (offset >= queryLength)
            {
                wellFormed = false;
                break;
            }
            final int labelLength = query.getByte(offset) & 0xFF;
            if (labelLength > 63 || offset + 1 + labelLength > queryLength || nameLength + 1 + labelLength > 255)
            {
                wellFormed = false;
                break;
            }
            lowerName[nameLength++] = (byte)labelLength;
            for (int i = 1; i <= labelLength; i++)
            {
                final byte b = query.getByte(offset + i);
                lowerName[nameLength++] = b >= 'A' && b <= 'Z' ? (byte)(b + 32) : b;
            }
            offset += 1 + labelLength;
            if (0 == labelLength)
            {
                break;
            }
        }
        if (!wellFormed || offset + 4 > queryLength)
        {
            return headerOnly(flags, 1);
        }
        final int qtype = query.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int qclass = query.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int questionLength = offset + 4 - DnsDescriptor.HEADER_LENGTH;
        if (0 != opcode)
        {
            return answers.writeNegative(query, questionLength, 4, false, response);
        }
        if (1 != qclass)
        {
            return answers.writeNegative(query, questionLength, 5, false, response);
        }

        final int requestorUdpSize = requestorUdpSize(offset + 4, queryLength);
        final boolean edns = requestorUdpSize > 0;
        final int entry = answers.find(lowerName, nameLength, qtype);
        int length;
        if (entry >= 0)
        {
            final byte[] bytes = answers.response(entry);
            response.putBytes(0, bytes);
            response.putBytes(DnsDescriptor.HEADER_LENGTH, query, DnsDescriptor.HEADER_LENGTH, questionLength);
            final int rcode = response.getShort(DnsDescriptor.FLAGS_OFFSET, ByteOrder.BIG_ENDIAN) & 0x000F;
            response.putShort(
                DnsDescriptor.FLAGS_OFFSET, (short)(0x8400 | (flags & 0x0100) | rcode), ByteOrder.BIG_ENDIAN);
            length = bytes.length;
        }
        else if (ZoneAnswers.REFUSED == entry)
        {
            length = answers.writeNegative(query, questionLength, 5, false, response);
        }
        else
        {
            final int rcode = ZoneAnswers.NXDOMAIN == entry ? 3 : 0;
            length = answers.writeNegative(query, questionLength, rcode, true, response);
        }
        response.putShort(DnsDescriptor.ID_OFFSET, query.getShort(DnsDescriptor.ID_OFFSET));

        final int limit = edns ? Math.max(PLAIN_UDP_SIZE, Math.min(requestorUdpSize, EDNS_UDP_SIZE)) : PLAIN_UDP_SIZE;
        if (length + (edns ? OPT_RR_LENGTH : 0) > limit)
        {
            final int truncatedFlags = response.getShort(DnsDescriptor.FLAGS_OFFSET, ByteOrder.BIG_ENDIAN) | 0x0200;
            response.putShort(DnsDescriptor.FLAGS_OFFSET, (short)truncatedFlags, ByteOrder.BIG_ENDIAN);
            response.putShort(DnsDescriptor.ANCOUNT_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
            response.putShort(DnsDescriptor.NSCOUNT_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
            response.putShort(DnsDescriptor.ARCOUNT_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
            length = DnsDescriptor.HEADER_LENGTH + questionLength;
        }
        if (edns)
        {
            response.putByte(length, (byte)0);
            response.putShort(length + 1, (short)41, ByteOrder.BIG_ENDIAN);
            response.putShort(length + 3, (short)EDNS_UDP_SIZE, ByteOrder.BIG_ENDIAN);
            response.putInt(length + 5, 0, ByteOrder.BIG_ENDIAN);
            response.putShort(length + 9, (short)0, ByteOrder.BIG_ENDIAN);
            final int arCount = response.getShort(DnsDescriptor.ARCOUNT_OFFSET, ByteOrder.BIG_ENDIAN) + 1;
            response.putShort(DnsDescriptor.ARCOUNT_OFFSET, (short)arCount, ByteOrder.BIG_ENDIAN);
            length += OPT_RR_LENGTH;
        }
        return length;
    }

    /**
     * @return the UDP payload size the query's OPT record advertises (RFC 6891), or 0 when it has no OPT.
     */
    private int requestorUdpSize(final int offset, final int queryLength)
    {
        final int arCount = query.getShort(DnsDescriptor.ARCOUNT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (arCount > 0 && offset + OPT_RR_LENGTH <= queryLength && 0 == query.getByte(offset) &&
            41 == (query.getShort(offset + 1, ByteOrder.BIG_ENDIAN) & 0xFFFF))
        {
            return Math.max(1, query.getShort(offset + 3, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        }
        return 0;
    }

    private int headerOnly(final int queryFlags, final int rcode)
    {
        response.putBytes(0, query, 0, DnsDescriptor.HEADER_LENGTH);
        response.putShort(
            DnsDescriptor.FLAGS_OFFSET, (short)(0x8000 | (queryFlags & 0x7900) | rcode), ByteOrder.BIG_ENDIAN);
        response.putLong(DnsDescriptor.QDCOUNT_OFFSET, 0L);
        return DnsDescriptor.HEADER_LENGTH;
    }

    /**
     * @return responses sent so far, from any thread (written by the agent's thread only).
     */
    public long answered()
    {
        return answered;
    }

    /**
     * @return datagrams not answered (not queries) or responses the socket refused, from any thread.
     */
    public long dropped()
    {
        return dropped;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        CloseHelper.quietClose(channel);
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "l2-responder";
    }
}
