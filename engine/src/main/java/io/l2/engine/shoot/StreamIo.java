/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * DNS over TCP on one non-blocking connection (RFC 1035 4.2.2, RFC 7766): each message framed by its two-byte length,
 * the due queries of a batch gathered into one write, the responses parsed in place from the bytes one read brings.
 * Owned by one shooter thread; allocation-free while the connection lives.
 * <p>
 * What {@link #send(int)} takes is committed to the stream: bytes the socket did not take at once wait in an out
 * buffer (two batches long) and go first on the next send or {@link #flush()}; while it is full, sends take nothing
 * (as a full UDP socket buffer). When the peer closes or resets the connection, {@link #receive(int)} says
 * {@link #CLOSED} and the connection is made again at once by {@link #maintain(long)} — after a back-off (10 ms
 * doubling to 1 s) when it could not be made, or was closed before it carried a single answer.
 */
class StreamIo extends MessageIo
{
    /** Bytes of the length that frames each message. */
    static final int FRAME_HEADER_LENGTH = 2;
    /** Longest message a frame carries. */
    static final int MAX_MESSAGE_LENGTH = 65535;

    private static final int RECEIVE_BUFFER_LENGTH = 2 * (FRAME_HEADER_LENGTH + MAX_MESSAGE_LENGTH);
    private static final long RETRY_MIN_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long RETRY_MAX_NS = TimeUnit.SECONDS.toNanos(1);
    /** Up to this many connections a read of each per cycle is cheaper than asking a selector. */
    private static final int POLL_THRESHOLD = 4;

    private final InetSocketAddress target;
    private final int socketBufferLength;
    /** Longest a framed message can be in the out buffer. */
    private final int maxFramedLength;
    /** Bytes at the end of the out buffer no message takes: room for a transport's own control frames. */
    private final int controlReserve;
    final ByteBuffer outByteBuffer;
    final UnsafeBuffer outBuffer;
    int outStart;
    int outEnd;
    int readStart;
    int readEnd;

    SocketChannel channel;
    private boolean tcpConnected;
    private int state = DOWN;
    private long retryAtNs = Long.MIN_VALUE;
    private long backoffNs;
    private long connectStartNs;
    private long setupNs;
    private long framesOnConnection;
    private long connectionCount;
    private long connectFailureCount;
    private long closeCount;
    private String lastFailure;
    private boolean backoffFromNextLook;
    private boolean freed;

    /**
     * Makes nothing yet: the first {@link #maintain(long)} starts the first connection.
     *
     * @param target             the server, resolved.
     * @param sendSlotLength     room for the longest query, bytes.
     * @param socketBufferLength SO_SNDBUF/SO_RCVBUF asked for, or 0 for the kernel's default.
     */
    StreamIo(final InetSocketAddress target, final int sendSlotLength, final int socketBufferLength)
    {
        this(target, sendSlotLength, socketBufferLength, FRAME_HEADER_LENGTH, 0, RECEIVE_BUFFER_LENGTH);
    }

    /**
     * For a transport with its own framing.
     *
     * @param framingOverhead     most bytes a message's framing adds to it.
     * @param controlReserve      bytes of the out buffer kept for the transport's own frames.
     * @param receiveBufferLength bytes of the receive buffer.
     */
    StreamIo(
        final InetSocketAddress target,
        final int sendSlotLength,
        final int socketBufferLength,
        final int framingOverhead,
        final int controlReserve,
        final int receiveBufferLength)
    {
        super(true, sendSlotLength, receiveBufferLength, BATCH_LIMIT);
        this.target = target;
        this.socketBufferLength = socketBufferLength;
        this.maxFramedLength = this.sendSlotLength + framingOverhead;
        this.controlReserve = controlReserve;
        outByteBuffer = ByteBuffer.allocateDirect(2 * BATCH_LIMIT * maxFramedLength + controlReserve);
        outBuffer = new UnsafeBuffer(outByteBuffer);
    }

    int send(final int count)
    {
        if (READY != state)
        {
            return 0;
        }
        if (outEnd > outStart && SEND_FAILED == write())
        {
            return SEND_FAILED;
        }
        if (outStart > 0 && outEnd == outStart)
        {
            outStart = 0;
            outEnd = 0;
        }
        int room = outBuffer.capacity() - controlReserve - outEnd;
        if (outStart > 0 && room < maxFramedLength * count)
        {
            compactOut();
            room = outBuffer.capacity() - controlReserve - outEnd;
        }

        int taken = 0;
        while (taken < count)
        {
            final int framed = frame(taken, outEnd, room);
            if (framed <= 0)
            {
                break;
            }
            outEnd += framed;
            room -= framed;
            taken++;
        }
        if (0 != taken && SEND_FAILED == write())
        {
            // the connection broke under this very write: nothing of the batch can be told to have gone
            return SEND_FAILED;
        }
        return taken;
    }

    /**
     * Frames message {@code i} of the send slots into the out buffer.
     *
     * @param i     a send slot.
     * @param at    where in {@link #outBuffer} its frame starts.
     * @param room  bytes free from there.
     * @return bytes written, or 0 when it does not fit or cannot be sent now (it is due again on the next send).
     */
    int frame(final int i, final int at, final int room)
    {
        final int length = sendLengths[i];
        if (FRAME_HEADER_LENGTH + length > room)
        {
            return 0;
        }
        outBuffer.putShort(at, (short)length, ByteOrder.BIG_ENDIAN);
        outBuffer.putBytes(at + FRAME_HEADER_LENGTH, sendBuffer, sendOffset(i), length);
        return FRAME_HEADER_LENGTH + length;
    }

    /**
     * Moves what waits in the out buffer to its start.
     */
    final void compactOut()
    {
        if (outStart > 0)
        {
            outByteBuffer.limit(outEnd).position(outStart);
            outByteBuffer.compact();
            outEnd -= outStart;
            outStart = 0;
        }
    }

    int flush()
    {
        return READY == state && outEnd > outStart ? write() : 0;
    }

    boolean hasPending()
    {
        return outEnd > outStart;
    }

    private int write()
    {
        outByteBuffer.limit(outEnd).position(outStart);
        try
        {
            final int written = writeBytes(outByteBuffer);
            outStart += written;
            if (outStart == outEnd)
            {
                outStart = 0;
                outEnd = 0;
            }
            return 0 == written ? 0 : 1;
        }
        catch (final IOException ex)
        {
            broken(ex, false);
            return SEND_FAILED;
        }
    }

    int receive(final int limit)
    {
        if (READY != state)
        {
            return 0;
        }
        try
        {
            int count = parse(limit);
            if (0 != count)
            {
                framesOnConnection += count;
                return count;
            }
            if (readBuffered() < 0)
            {
                broken(null, true);
                return CLOSED;
            }
            count = parse(limit);
            framesOnConnection += count;
            return count;
        }
        catch (final IOException ex)
        {
            broken(ex, true);
            return CLOSED;
        }
    }

    /**
     * Reads what the connection has into the receive buffer, after what waits there (moved to its start first).
     *
     * @return bytes read, maybe 0, or -1 when the peer closed the stream.
     * @throws IOException when the connection broke.
     */
    final int readBuffered() throws IOException
    {
        if (readStart > 0)
        {
            receiveByteBuffer.limit(readEnd).position(readStart);
            receiveByteBuffer.compact();
            readEnd -= readStart;
            readStart = 0;
        }
        receiveByteBuffer.limit(readCapacity()).position(readEnd);
        final int read = readBytes(receiveByteBuffer);
        if (read > 0)
        {
            readEnd += read;
        }
        return read;
    }

    /**
     * @return how much of the receive buffer reads may fill (the rest is the transport's own).
     */
    int readCapacity()
    {
        return receiveByteBuffer.capacity();
    }

    /**
     * Takes the whole messages that wait in the receive buffer between {@link #readStart} and {@link #readEnd}.
     *
     * @param limit most messages to take.
     * @return how many were taken (their offsets and lengths in {@link #receiveOffsets} and {@link #receiveLengths}).
     * @throws IOException when the bytes break the transport's framing (the connection is then closed).
     */
    int parse(final int limit) throws IOException
    {
        final int most = Math.min(limit, receiveSlotCount);
        int count = 0;
        while (count < most && readEnd - readStart >= FRAME_HEADER_LENGTH)
        {
            final int length = receiveBuffer.getShort(readStart, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (readEnd - readStart - FRAME_HEADER_LENGTH < length)
            {
                break;
            }
            receiveOffsets[count] = readStart + FRAME_HEADER_LENGTH;
            receiveLengths[count] = length;
            readStart += FRAME_HEADER_LENGTH + length;
            count++;
        }
        if (readStart == readEnd)
        {
            // the bytes stay where they are until the caller has read them: the next receive writes from 0
            readStart = 0;
            readEnd = 0;
        }
        return count;
    }

    /**
     * A read can bring more whole messages than one {@link #receive(int)} takes; those wait in the buffer, and a
     * selector does not report them (the socket itself may hold nothing more). The caller asks here, after reading
     * through a selector, and receives again while this holds.
     *
     * @return true when a whole message already read waits in the buffer.
     */
    boolean hasUnreadMessage()
    {
        final int buffered = readEnd - readStart;
        return buffered >= FRAME_HEADER_LENGTH &&
            buffered - FRAME_HEADER_LENGTH >= (receiveBuffer.getShort(readStart, ByteOrder.BIG_ENDIAN) & 0xFFFF);
    }

    int state()
    {
        return state;
    }

    int maintain(final long nowNs)
    {
        if (CONNECTING == state)
        {
            try
            {
                if (!tcpConnected)
                {
                    if (!channel.finishConnect())
                    {
                        return NO_EVENT;
                    }
                    tcpConnected = true;
                }
                return handshake() ? connected() : NO_EVENT;
            }
            catch (final IOException ex)
            {
                failed(nowNs, ex);
                return CONNECT_FAILED;
            }
        }
        if (DOWN == state && backoffFromNextLook)
        {
            backoffFromNextLook = false;
            retryAtNs = nowNs + backoffNs;
        }
        if (DOWN == state && retryAtNs <= nowNs)
        {
            return open(nowNs);
        }
        return NO_EVENT;
    }

    void disconnect(final long retryAtNs)
    {
        closeChannel();
        state = DOWN;
        backoffFromNextLook = false;
        this.retryAtNs = retryAtNs;
    }

    void recycle(final long retryAtNs)
    {
        if (READY == state)
        {
            try
            {
                sayGoodbye();
            }
            catch (final IOException | RuntimeException ex)
            {
                // the connection is closed anyway: a goodbye that could not be said changes nothing
            }
        }
        disconnect(retryAtNs);
    }

    /**
     * Tells the peer, best effort and without waiting, that this side closes the connection; called on a ready
     * connection just before it is closed on purpose. TCP: nothing (the close's FIN says it).
     *
     * @throws IOException when it could not be written.
     */
    void sayGoodbye() throws IOException
    {
    }

    private int open(final long nowNs)
    {
        closeChannel();
        connectStartNs = System.nanoTime();
        try
        {
            channel = SocketChannel.open(target.getAddress() instanceof java.net.Inet6Address ?
                StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (socketBufferLength > 0)
            {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, socketBufferLength);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, socketBufferLength);
            }
            state = CONNECTING;
            tcpConnected = false;
            opened();
            if (channel.connect(target))
            {
                tcpConnected = true;
                return handshake() ? connected() : NO_EVENT;
            }
            return NO_EVENT;
        }
        catch (final IOException | RuntimeException ex)
        {
            failed(nowNs, ex);
            return CONNECT_FAILED;
        }
    }

    private int connected()
    {
        state = READY;
        setupNs = System.nanoTime() - connectStartNs;
        framesOnConnection = 0;
        connectionCount++;
        return CONNECTED;
    }

    private void failed(final long nowNs, final Exception ex)
    {
        connectFailureCount++;
        lastFailure = describe(ex);
        closeChannel();
        state = DOWN;
        backOff();
        retryAtNs = nowNs + backoffNs;
    }

    /**
     * The connection ended under a read or a write: made again at once when it had carried answers, after the
     * back-off when it had not (a server that closes every connection at once is not hammered with connects).
     */
    private void broken(final IOException ex, final boolean byPeer)
    {
        closeCount++;
        if (null != ex)
        {
            lastFailure = describe(ex);
        }
        else if (byPeer)
        {
            lastFailure = "closed by the server";
        }
        closeChannel();
        state = DOWN;
        if (0 == framesOnConnection)
        {
            backOff();
            backoffFromNextLook = true;
        }
        else
        {
            backoffNs = 0;
            retryAtNs = Long.MIN_VALUE;
        }
    }

    /**
     * Writes bytes of the stream to the connection; a transport with a record layer (TLS) wraps them first.
     *
     * @param bytes from its position to its limit; the position moves past what was taken.
     * @return how many of them were taken, maybe 0.
     * @throws IOException when the connection broke.
     */
    int writeBytes(final ByteBuffer bytes) throws IOException
    {
        return channel.write(bytes);
    }

    /**
     * Reads bytes of the stream from the connection; a transport with a record layer (TLS) unwraps them first.
     *
     * @param into from its position to its limit; the position moves past what was read.
     * @return how many bytes were read, maybe 0, or -1 when the peer closed the stream.
     * @throws IOException when the connection broke.
     */
    int readBytes(final ByteBuffer into) throws IOException
    {
        return channel.read(into);
    }

    /**
     * Called when a new channel was opened, before its connect: a transport with a handshake prepares it here.
     */
    void opened() throws IOException
    {
    }

    /**
     * Moves the transport's own handshake on once TCP is connected; called until it says done.
     *
     * @return true when the connection is ready for queries.
     * @throws IOException when the handshake failed (the connection is then failed and made again later).
     */
    boolean handshake() throws IOException
    {
        return true;
    }

    /**
     * @return the target.
     */
    final InetSocketAddress target()
    {
        return target;
    }

    /**
     * Doubles the back-off before the next attempt, from {@code RETRY_MIN_NS} up to {@code RETRY_MAX_NS}.
     */
    private void backOff()
    {
        backoffNs = Math.min(RETRY_MAX_NS, Math.max(RETRY_MIN_NS, backoffNs * 2));
    }

    /**
     * @return true while bytes of an earlier read wait in the receive buffer.
     */
    final boolean hasBuffered()
    {
        return readEnd > readStart;
    }

    private void closeChannel()
    {
        if (null != channel)
        {
            CloseHelper.quietClose(channel);
        }
        outStart = 0;
        outEnd = 0;
        readStart = 0;
        readEnd = 0;
    }

    private static String describe(final Exception ex)
    {
        final String message = ex.getMessage();
        return null == message ? ex.getClass().getSimpleName() : message;
    }

    /**
     * @return how long the last connection took to be made (TCP connect, and a handshake where there is one), ns.
     */
    long setupNs()
    {
        return setupNs;
    }

    /**
     * @return connections made so far.
     */
    long connectionCount()
    {
        return connectionCount;
    }

    /**
     * @return connections that could not be made.
     */
    long connectFailureCount()
    {
        return connectFailureCount;
    }

    /**
     * @return connections that ended under a read or a write (closed or reset by the server).
     */
    long closeCount()
    {
        return closeCount;
    }

    /**
     * @return why the last connection failed or ended, or null.
     */
    String lastFailure()
    {
        return lastFailure;
    }

    SelectableChannel channel()
    {
        return channel;
    }

    int pollThreshold()
    {
        return POLL_THRESHOLD;
    }

    String name()
    {
        return Transport.TCP.alias();
    }

    int transportCode()
    {
        return Transport.TCP.code();
    }

    /**
     * Closes the connection and frees the buffers now.
     */
    public void close()
    {
        closeChannel();
        state = DOWN;
        if (!freed)
        {
            freed = true;
            BufferUtil.free(outByteBuffer);
        }
        super.close();
    }
}
