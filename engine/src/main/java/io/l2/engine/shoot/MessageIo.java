/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Batched DNS message I/O on one socket of a shooter thread, whatever carries the messages: datagrams
 * ({@link DatagramIo}) or a stream of length-framed messages ({@link StreamIo}).
 * <p>
 * The caller fills up to {@link #BATCH_LIMIT} outgoing messages into the send slots ({@link #sendOffset(int)} in
 * {@link #sendBuffer}, lengths in {@link #sendLengths}) and calls {@link #send(int)}; {@link #receive(int)} fills
 * {@link #receiveBuffer} with whole messages ({@link #receiveOffset(int)}, lengths in {@link #receiveLengths}). Both
 * buffers are off-heap, made once and freed on close; no call on a ready socket allocates. Failures are return codes,
 * never exceptions.
 * <p>
 * A datagram socket is ready from the start. A stream is a connection with a life of its own: it is made, may fail to
 * be made, and may be closed by the peer; {@link #maintain(long)} moves it on, and a shooter sends on it only while
 * it is {@link #READY}.
 */
abstract class MessageIo implements AutoCloseable
{
    /** Most messages one call moves. */
    static final int BATCH_LIMIT = 64;
    /** {@link #send(int)}: the first message failed with an error other than a full socket buffer. */
    static final int SEND_FAILED = -1;
    /** {@link #receive(int)}: the socket reported an error (e.g. an ICMP port unreachable for a connected socket). */
    static final int RECEIVE_FAILED = -1;
    /**
     * {@link #receive(int)} of a stream: the peer closed the connection, or reset it; what was in flight on it will
     * not be answered. The socket is {@link #DOWN} after it.
     */
    static final int CLOSED = -2;

    /** {@link #receiveStatus}: the server refused or cancelled the query's exchange (an HTTP/2 RST_STREAM). */
    static final int STREAM_RESET = -1;
    /** {@link #receiveStatus}: the exchange carried a body that could not be taken as one DNS message. */
    static final int BAD_BODY = -2;

    /** Connection state: messages may be sent. */
    static final int READY = 0;
    /** Connection state: being made (TCP connect, then a handshake where the transport has one). */
    static final int CONNECTING = 1;
    /** Connection state: closed or failed; made again by {@link #maintain(long)} once its retry time has come. */
    static final int DOWN = 2;

    /** {@link #maintain(long)}: nothing changed. */
    static final int NO_EVENT = 0;
    /** {@link #maintain(long)}: the connection became {@link #READY}. */
    static final int CONNECTED = 1;
    /** {@link #maintain(long)}: the connection could not be made; it is {@link #DOWN} until its retry time. */
    static final int CONNECT_FAILED = 2;

    /** True when this I/O is a connection whose messages are framed on a byte stream. */
    final boolean stream;
    final int sendSlotLength;
    final ByteBuffer sendByteBuffer;
    final UnsafeBuffer sendBuffer;
    final int[] sendLengths = new int[BATCH_LIMIT];
    final int receiveSlotCount;
    final ByteBuffer receiveByteBuffer;
    final UnsafeBuffer receiveBuffer;
    final int[] receiveLengths;
    final int[] receiveOffsets;
    /**
     * Per message of the last {@link #receive(int)}: 0 when it is a DNS message; otherwise what became of a query
     * whose exchange carried no DNS message (DNS over HTTPS: the HTTP status, or {@link #STREAM_RESET}), the query's
     * id in {@link #receiveIds} and no bytes. Always 0 on a transport without such exchanges.
     */
    final int[] receiveStatus;
    /** Per message of the last {@link #receive(int)} whose {@link #receiveStatus} is not 0: the query's DNS id. */
    final int[] receiveIds;
    private boolean freed;

    /**
     * @param stream              whether messages are framed on a connection's byte stream.
     * @param sendSlotLength      room for the longest query, bytes.
     * @param receiveBufferLength bytes of the receive buffer.
     * @param receiveSlotCount    how many messages one {@link #receive(int)} can take.
     */
    MessageIo(
        final boolean stream, final int sendSlotLength, final int receiveBufferLength, final int receiveSlotCount)
    {
        this.stream = stream;
        this.sendSlotLength = BitUtil.align(Math.max(sendSlotLength, 1), BitUtil.CACHE_LINE_LENGTH);
        this.receiveSlotCount = receiveSlotCount;
        // not Agrona's aligned allocation: that is a slice, which cannot be freed before a GC
        sendByteBuffer = ByteBuffer.allocateDirect(this.sendSlotLength * BATCH_LIMIT);
        sendBuffer = new UnsafeBuffer(sendByteBuffer);
        receiveByteBuffer = ByteBuffer.allocateDirect(receiveBufferLength);
        receiveBuffer = new UnsafeBuffer(receiveByteBuffer);
        receiveLengths = new int[receiveSlotCount];
        receiveOffsets = new int[receiveSlotCount];
        receiveStatus = new int[receiveSlotCount];
        receiveIds = new int[receiveSlotCount];
    }

    /**
     * @param i a send slot, 0 to {@link #BATCH_LIMIT} - 1.
     * @return where message {@code i} of the next batch starts in {@link #sendBuffer}.
     */
    final int sendOffset(final int i)
    {
        return i * sendSlotLength;
    }

    /**
     * @param i a message of the last {@link #receive(int)}.
     * @return where it starts in {@link #receiveBuffer}.
     */
    final int receiveOffset(final int i)
    {
        return receiveOffsets[i];
    }

    /**
     * Sends messages {@code 0 .. count - 1} of the send slots, in order.
     *
     * @param count 1 to {@link #BATCH_LIMIT}.
     * @return how many went out (or, on a stream, were taken whole into its order), from the first: 0 when the
     * socket's send buffer is full, fewer than {@code count} when it filled or an error stopped the batch after the
     * first, or {@link #SEND_FAILED} when the first failed (on a stream: the connection broke, and is {@link #DOWN}).
     */
    abstract int send(int count);

    /**
     * Reads what the socket has queued, without waiting.
     *
     * @param limit most messages to take, at least 1.
     * @return how many messages were read (0 when none was queued), {@link #RECEIVE_FAILED}, or on a stream
     * {@link #CLOSED}. A datagram longer than its slot keeps its true length in {@link #receiveLengths} but only the
     * slot's bytes.
     */
    abstract int receive(int limit);

    /**
     * Writes what a stream still holds of messages already taken by {@link #send(int)}.
     *
     * @return 1 when bytes went out, 0 when there was nothing to write or the socket is full, {@link #SEND_FAILED}
     * when the connection broke (it is {@link #DOWN} then).
     */
    int flush()
    {
        return 0;
    }

    /**
     * @return true when bytes taken by {@link #send(int)} wait to be written.
     */
    boolean hasPending()
    {
        return false;
    }

    /**
     * @return the connection's state: {@link #READY}, {@link #CONNECTING} or {@link #DOWN}.
     */
    int state()
    {
        return READY;
    }

    /**
     * Moves a connection on: finishes a connect (or a handshake), or makes a {@link #DOWN} connection again once its
     * retry time has come. Cheap when nothing is to be done; a datagram socket has nothing to do.
     *
     * @param nowNs the shooter's clock.
     * @return {@link #NO_EVENT}, {@link #CONNECTED} or {@link #CONNECT_FAILED}.
     */
    int maintain(final long nowNs)
    {
        return NO_EVENT;
    }

    /**
     * Closes a connection after the shooter gave up on it (e.g. it broke while sending); it is made again by
     * {@link #maintain(long)} from {@code retryAtNs}.
     *
     * @param retryAtNs when to make it again, on the shooter's clock.
     */
    void disconnect(final long retryAtNs)
    {
    }

    /**
     * Closes a connection on purpose (it carried its queries per connection and awaits nothing more): tells the peer
     * where the transport has a way (HTTP/2 GOAWAY, TLS close_notify), best effort, then closes it; it is made again
     * by {@link #maintain(long)} from {@code retryAtNs}, with no back-off.
     *
     * @param retryAtNs when to make it again, on the shooter's clock.
     */
    void recycle(final long retryAtNs)
    {
        disconnect(retryAtNs);
    }

    /**
     * @return false once a connection takes no new queries though it is still up (an HTTP/2 server's GOAWAY: what it
     * took is still answered, then the connection ends); the shooter stops sending on it.
     */
    boolean accepting()
    {
        return true;
    }

    /**
     * Tells a connection that takes no new queries ({@link #accepting()} false) that the shooter awaits nothing more
     * on it: each query it carried was answered, timed out or lost. It ends then, whatever its peer still holds: the
     * next {@link #receive(int)} says {@link #CLOSED}. So a drain whose peer neither answers nor closes lasts at most
     * the query timeout, and the connection is made again. Nothing to do on a connection still accepting.
     */
    void abandon()
    {
    }

    /**
     * @return most queries the peer takes at once on this connection, as it said once {@link #CONNECTED} (an HTTP/2
     * server's concurrent streams); unlimited where the transport has no such limit.
     */
    int concurrencyLimit()
    {
        return Integer.MAX_VALUE;
    }

    /**
     * @return the socket's channel, to register with a selector; a stream makes a new one for each connection.
     */
    abstract SelectableChannel channel();

    /**
     * @return the most sockets an agent reads in turn every duty cycle; above it, it reads only those a selector
     * says are readable. A read of an empty socket must cost little and allocate nothing for this to be above 0.
     */
    abstract int pollThreshold();

    /**
     * @return the code of the transport this I/O carries, as records hold it ({@link Transport#code()}).
     */
    int transportCode()
    {
        return Transport.UDP.code();
    }

    /**
     * @return the name of this I/O, as {@link IoMode#alias()} or the transport's alias.
     */
    abstract String name();

    /**
     * Frees the buffers' memory now (a shooter makes new sockets for every shoot and warm-up round; left to the
     * garbage collector, megabytes of direct memory would wait for a GC each time). Subclasses close their socket
     * first. Once only: the buffers are gone after it.
     */
    public void close()
    {
        if (!freed)
        {
            freed = true;
            BufferUtil.free(sendByteBuffer);
            BufferUtil.free(receiveByteBuffer);
        }
    }
}
