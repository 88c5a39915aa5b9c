/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

import org.agrona.BitUtil;
import org.agrona.CloseHelper;

/**
 * One socket of a shooter thread — a connected, non-blocking UDP socket (its own source port, as a real client) or a
 * TCP connection — its batched I/O, and the queries it has in flight, keyed by DNS id: many at once, whatever the
 * workers and the mode (one at a time on a connection that does not pipeline). Owned by one agent thread.
 * <p>
 * Ids are handed out in sequence (from a random start) and a query's slot is its id masked by the table's size (a
 * power of two), so lookups are an index and the oldest query in flight is always at the tail: timeouts are found by
 * looking at the tail only. A slot keeps the last query it carried after it resolved, so a response to it can be told
 * apart as late (it had timed out) or duplicate (it had been answered).
 */
final class QuerySocket
{
    static final byte FREE = 0;
    static final byte IN_FLIGHT = 1;
    static final byte ANSWERED = 2;
    static final byte TIMED_OUT = 3;

    /** This socket's number on its host (recorded as each query's {@code worker}). */
    final int index;
    final MessageIo io;
    /** Most queries in flight at once as configured: the table's length, or 1 on a connection not pipelined. */
    final int maxInFlightLimit;
    /** Most queries in flight at once now: {@link #maxInFlightLimit}, lowered to what the connection's peer takes. */
    int maxInFlight;

    final int mask;
    final long[] slotSequence;
    final long[] slotIntendedNs;
    final long[] slotSentNs;
    final int[] slotAmmoIndex;
    final byte[] slotState;

    final int idBase;
    /** True while queries may be sent: always for UDP; for a connection, while it is up. */
    boolean ready;
    /** True while this socket's last attempt to make its connection failed. */
    boolean failing;
    long headSequence;
    long tailSequence;
    int inFlightCount;
    /** The set-up time of the connection just made, until its first query goes out ({@code SETUP_UNIT_NS} units). */
    int pendingSetupUnits;
    /** The first query sent on the current connection (-1: none yet), whose record carries {@link #setupUnits}. */
    long setupSequence = -1;
    /** The set-up time of the connection {@link #setupSequence} was the first on. */
    int setupUnits;
    /**
     * Queries sent on the current connection (from 0 at each connection made): once it reaches the queries per
     * connection, the connection drains and is then made again.
     */
    long sentOnConnection;

    /**
     * @param index            the socket's number on this host.
     * @param target           the target, already resolved.
     * @param tableLength      in-flight table length: a power of two, at most 65536.
     * @param maxQueryLength   the longest query in the ammo, in bytes.
     * @param socketBufferLength SO_SNDBUF/SO_RCVBUF asked for (the kernel may cap it), or 0 for the default.
     * @param idBase           the first id (randomised per socket).
     * @param ioMode           how datagrams move, {@link DatagramIos#resolve(IoMode) resolved}.
     * @throws IOException when the socket cannot be opened or connected.
     */
    QuerySocket(
        final int index,
        final InetSocketAddress target,
        final int tableLength,
        final int maxQueryLength,
        final int socketBufferLength,
        final int idBase,
        final IoMode ioMode) throws IOException
    {
        this(index, tableLength, idBase, openDatagram(target, maxQueryLength, socketBufferLength, ioMode), tableLength);
    }

    /**
     * @param index       the socket's number on this host.
     * @param tableLength in-flight table length: a power of two, at most 65536.
     * @param idBase      the first id (randomised per socket).
     * @param io          the socket's I/O, open; closed with this.
     * @param maxInFlight most queries in flight at once, 1 to {@code tableLength}.
     */
    QuerySocket(final int index, final int tableLength, final int idBase, final MessageIo io, final int maxInFlight)
    {
        if (!BitUtil.isPowerOfTwo(tableLength) || tableLength > 65536)
        {
            CloseHelper.quietClose(io);
            throw new IllegalArgumentException(
                "in-flight table length must be a power of two <= 65536: " + tableLength);
        }
        this.index = index;
        this.mask = tableLength - 1;
        this.maxInFlightLimit = Math.max(1, Math.min(maxInFlight, tableLength));
        this.maxInFlight = maxInFlightLimit;
        this.idBase = idBase & 0xFFFF;
        this.io = io;
        this.ready = MessageIo.READY == io.state();
        slotSequence = new long[tableLength];
        slotIntendedNs = new long[tableLength];
        slotSentNs = new long[tableLength];
        slotAmmoIndex = new int[tableLength];
        slotState = new byte[tableLength];
    }

    private static DatagramIo openDatagram(
        final InetSocketAddress target,
        final int maxQueryLength,
        final int socketBufferLength,
        final IoMode ioMode) throws IOException
    {
        final boolean ipv6 = target.getAddress() instanceof java.net.Inet6Address;
        DatagramChannel opened = null;
        try
        {
            opened = DatagramChannel.open(ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            if (socketBufferLength > 0)
            {
                opened.setOption(StandardSocketOptions.SO_SNDBUF, socketBufferLength);
                opened.setOption(StandardSocketOptions.SO_RCVBUF, socketBufferLength);
            }
            opened.configureBlocking(false);
            opened.connect(target);
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietClose(opened);
            throw ex;
        }
        return DatagramIos.open(ioMode, opened, maxQueryLength);
    }

    /**
     * @param sequence a sequence number of this worker.
     * @return the DNS id that sequence carries.
     */
    int idOf(final long sequence)
    {
        return (int)((idBase + sequence) & 0xFFFF);
    }

    /**
     * @param id a DNS id.
     * @return the slot a query with that id uses.
     */
    int slotOf(final int id)
    {
        return (id - idBase) & mask;
    }

    /**
     * @return true when a query may be sent now: the socket is ready and fewer than {@link #maxInFlight} are in flight.
     */
    boolean hasFreeSlot()
    {
        return ready && inFlightCount < maxInFlight;
    }

    void close()
    {
        CloseHelper.quietClose(io);
    }
}
