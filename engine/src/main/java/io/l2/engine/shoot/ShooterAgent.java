/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.DnsDescriptor;
import io.l2.engine.codec.DnsQueryEncoder;
import io.l2.engine.codec.DnsResponseDecoder;
import io.l2.engine.profile.ProfileCursor;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.record.ResultSink;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

/**
 * Carries some of a host's sockets and workers and the queries that fall to them: this agent sends the host's queries
 * {@code first, first + stride, first + 2·stride, …} at their intended times, reads the responses, and times out
 * what went unanswered. Every duty cycle is bounded (a batch of sends, of reads per socket) and allocation-free.
 * <p>
 * Workers are not sockets: a socket carries many queries at once (the DNS id and the source port tell the answers
 * apart), so due queries go out in batches of up to {@link DatagramIo#BATCH_LIMIT}, one batch per socket in round
 * robin, each in one system call where the I/O batches. Async (open model): a due query goes out whatever is in
 * flight, as long as a socket has a free id. Sync (closed model): each worker is one query in flight; a due query
 * waits for a free worker, and the wait shows as lag. Behind schedule, {@code late: discard} drops a query whose lag
 * exceeds the tolerance (recorded as discarded); {@code late: send} sends it late and counts it. Either way a shoot
 * ends on time:
 * what is still unsent one timeout after the profile's end is discarded, so a closed model that cannot keep up
 * shows its ceiling instead of running on.
 */
public final class ShooterAgent implements Agent
{
    private static final int SEND_BATCH_LIMIT = 256;
    private static final int RECEIVE_BATCH_LIMIT = 64;
    private static final int NO_SOCKET = -1;
    /** How often an idle agent looks at connections being made, at most. */
    private static final long CONNECTION_LOOK_NS = 200_000;

    private final String roleName;
    private final QuerySocket[] sockets;
    private final AmmoTable ammo;
    private final int ammoCount;
    private final int ammoOffset;
    private final ProfileCursor cursor;
    private final long totalCount;
    private final int stride;
    private final boolean sync;
    private final long timeoutNs;
    private final boolean discardLate;
    private final long lateToleranceNs;
    private final NanoClock clock;
    private final long startNs;
    private final long giveUpNs;
    private final ResultSink sink;
    private final ShooterCounters counters;
    private final DnsResponseDecoder decoder = new DnsResponseDecoder();
    private final Selector selector;
    private final boolean useSelector;
    private final Consumer<SelectionKey> readHandler = this::onReadable;
    /** True when the sockets are connections (TCP), which are made, lost and made again. */
    private final boolean streams;
    /** What carries this agent's queries, as records hold it. */
    private final int transportCode;
    /** Most queries a connection carries before it is closed and made again, or {@link Long#MAX_VALUE}. */
    private final long queriesPerConnection;
    private int unreadyCount;
    private int failingCount;

    private final long[] batchSequence = new long[MessageIo.BATCH_LIMIT];
    private final long[] batchIndex = new long[MessageIo.BATCH_LIMIT];
    private final long[] batchIntendedNs = new long[MessageIo.BATCH_LIMIT];
    private final int[] batchAmmoIndex = new int[MessageIo.BATCH_LIMIT];
    private int freeWorkers;
    private int nextSocket;

    private long nextIndex;
    private long stalledIndex = -1;
    private int inFlightTotal;
    private volatile boolean aborted;
    private volatile boolean done;
    private DeadlineIdleStrategy deadlineIdle;

    /**
     * @param sockets     this agent's sockets, open; closed with it.
     * @param workerCount sync: how many queries may be in flight at once on this agent (async: ignored).
     * @param queriesPerConnection connections: most queries each carries before it is closed and made again, or 0
     *                    for no limit (UDP: 0).
     */
    ShooterAgent(
        final String roleName,
        final QuerySocket[] sockets,
        final int workerCount,
        final AmmoTable ammo,
        final int ammoOffset,
        final ProfileCursor cursor,
        final long totalCount,
        final int first,
        final int stride,
        final boolean sync,
        final long timeoutNs,
        final boolean discardLate,
        final long lateToleranceNs,
        final NanoClock clock,
        final long startNs,
        final ResultSink sink,
        final ShooterCounters counters,
        final long queriesPerConnection) throws IOException
    {
        this.roleName = roleName;
        this.sockets = sockets;
        this.freeWorkers = workerCount;
        this.ammo = ammo;
        this.ammoCount = ammo.count();
        this.ammoOffset = ammoOffset;
        this.cursor = cursor;
        this.totalCount = totalCount;
        this.nextIndex = first;
        this.stride = stride;
        this.sync = sync;
        this.timeoutNs = timeoutNs;
        this.discardLate = discardLate;
        this.lateToleranceNs = lateToleranceNs;
        this.clock = clock;
        this.startNs = startNs;
        this.giveUpNs = cursor.profile().durationNs() + timeoutNs;
        this.sink = sink;
        this.counters = counters;
        this.queriesPerConnection = 0 == queriesPerConnection ? Long.MAX_VALUE : queriesPerConnection;

        // polled each cycle above the I/O's threshold of sockets (below, reading each socket is cheaper); always
        // there for an idle strategy that blocks until a response arrives
        selector = Selector.open();
        useSelector = sockets.length > sockets[0].io.pollThreshold();
        streams = sockets[0].io.stream;
        transportCode = sockets[0].io.transportCode();
        try
        {
            for (final QuerySocket socket : sockets)
            {
                if (socket.ready || MessageIo.CONNECTING == socket.io.state())
                {
                    socket.io.channel().register(selector, SelectionKey.OP_READ, socket);
                }
                if (!socket.ready)
                {
                    unreadyCount++;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietClose(selector);
            throw ex;
        }
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        final long nowNs = clock.nanoTime() - startNs;
        int workCount = streams ? maintain(nowNs) : 0;
        workCount += receive();
        workCount += send();
        workCount += expire(nowNs);
        sink.flush();
        if (0 == inFlightTotal && (nextIndex >= totalCount || aborted) && !done)
        {
            done = true;
        }
        if (null != deadlineIdle)
        {
            tellDeadline();
        }
        return workCount;
    }

    /**
     * Lowers this thread's timer slack when it idles by deadline, so its parks end close to when asked, and lets the
     * sink take what it needs on this thread before the first record.
     */
    public void onStart()
    {
        if (null != deadlineIdle)
        {
            TimerSlack.setForCurrentThread(1);
        }
        sink.onStart();
    }

    /**
     * Tell this agent's idle strategy of each next deadline (set before the agent starts).
     *
     * @param deadlineIdle the idle strategy of this agent's thread.
     */
    void deadlineIdle(final DeadlineIdleStrategy deadlineIdle)
    {
        this.deadlineIdle = deadlineIdle;
        deadlineIdle.readableWait(this::awaitReadable);
    }

    /**
     * Blocks until a socket is readable (or the timeout), reading what arrived; on the agent's thread, when idle.
     */
    private void awaitReadable(final long timeoutMs)
    {
        try
        {
            selector.select(readHandler, timeoutMs);
        }
        catch (final IOException ex)
        {
            counters.increment(ShooterCounter.RECEIVE_ERRORS);
        }
    }

    /**
     * Stops sending; what is in flight still resolves (answer or timeout). Any thread.
     */
    public void abort()
    {
        aborted = true;
    }

    /**
     * @return true once every query of this agent was resolved (or, after an abort, every query in flight). Any thread.
     */
    public boolean isDone()
    {
        return done;
    }

    /**
     * @return this agent's counters, readable from any thread.
     */
    public ShooterCounters counters()
    {
        return counters;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        if (sink instanceof AutoCloseable closeable)
        {
            CloseHelper.quietClose(closeable);
        }
        CloseHelper.quietClose(selector);
        for (final QuerySocket socket : sockets)
        {
            socket.close();
        }
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return roleName;
    }

    private void tellDeadline()
    {
        long deadlineNs = DeadlineIdleStrategy.NO_DEADLINE;
        long intervalNs = DeadlineIdleStrategy.NO_INTERVAL;
        if (nextIndex < totalCount && !aborted && (!sync || 0 != freeWorkers))
        {
            final long intendedNs = cursor.intendedTimeNs(nextIndex);
            deadlineNs = startNs + intendedNs;
            // the schedule's pace here: the query after the next one is due this much later
            intervalNs = cursor.intendedTimeNs(nextIndex + stride) - intendedNs;
        }
        if (0 != unreadyCount)
        {
            // a connection is being made, or waits to be made again: look again soon
            deadlineNs = Math.min(deadlineNs, clock.nanoTime() + CONNECTION_LOOK_NS);
        }
        deadlineIdle.deadline(deadlineNs, 0 != inFlightTotal, intervalNs);
    }

    /**
     * @return why the last of this agent's connections failed to be made or ended, or null (UDP: always null). Read
     * once the agent stopped.
     */
    String lastConnectionFailure()
    {
        String failure = null;
        for (final QuerySocket socket : sockets)
        {
            if (socket.io instanceof StreamIo stream && null != stream.lastFailure())
            {
                failure = stream.lastFailure();
            }
        }
        return failure;
    }

    /**
     * @return the I/O of this agent's sockets, as {@link IoMode#alias()}.
     */
    String ioName()
    {
        return sockets[0].io.name();
    }

    private int send()
    {
        int sentCount = 0;
        while (sentCount < SEND_BATCH_LIMIT && nextIndex < totalCount && !aborted)
        {
            final long nowNs = clock.nanoTime() - startNs;
            if (cursor.intendedTimeNs(nextIndex) > nowNs)
            {
                break;
            }
            if (discardIfLate(nowNs))
            {
                sentCount++;
                continue;
            }
            final int socketIndex = pickSocket();
            if (NO_SOCKET == socketIndex)
            {
                if (streams && unreadyCount == sockets.length && 0 != failingCount && (!sync || 0 != freeWorkers))
                {
                    // no connection can be made: the query is recorded as such instead of waiting for one
                    connectFailed(nowNs);
                    sentCount++;
                    continue;
                }
                stall(ShooterCounter.NO_FREE_ID);
                break;
            }
            final QuerySocket socket = sockets[socketIndex];
            final MessageIo io = socket.io;
            final int batchLimit = (int)Math.min(Math.min(socket.maxInFlight - socket.inFlightCount,
                sync ? Math.min(MessageIo.BATCH_LIMIT, freeWorkers) : MessageIo.BATCH_LIMIT),
                queriesPerConnection - socket.sentOnConnection);
            final long firstSequence = socket.headSequence;
            final long lastSequence = firstSequence + socket.mask;

            // gather the due queries into this socket's send slots, ids in sequence; a slot whose query is still in
            // flight (a slow answer, or one that will time out) keeps its id and is stepped over, so one lost query
            // never blocks a socket; a batch spans at most the table (its ids are marked in flight once it went out)
            long sequence = firstSequence;
            int count = 0;
            while (count < batchLimit && nextIndex < totalCount)
            {
                final long intendedNs = cursor.intendedTimeNs(nextIndex);
                if (intendedNs > nowNs)
                {
                    break;
                }
                if (discardIfLate(nowNs))
                {
                    sentCount++;
                    continue;
                }
                while (sequence <= lastSequence &&
                    QuerySocket.IN_FLIGHT == socket.slotState[(int)(sequence & socket.mask)])
                {
                    sequence++;
                }
                if (sequence > lastSequence)
                {
                    break;
                }
                final int ammoIndex = (int)((ammoOffset + nextIndex) % ammoCount);
                final int offset = io.sendOffset(count);
                ammo.copyQuery(ammoIndex, io.sendBuffer, offset);
                DnsQueryEncoder.stampId(io.sendBuffer, offset, socket.idOf(sequence));
                io.sendLengths[count] = ammo.queryLength(ammoIndex);
                batchSequence[count] = sequence++;
                batchIndex[count] = nextIndex;
                batchIntendedNs[count] = intendedNs;
                batchAmmoIndex[count] = ammoIndex;
                nextIndex += stride;
                count++;
            }
            if (0 == count)
            {
                continue;
            }

            final int sent = io.send(count);
            final long sentNs = clock.nanoTime() - startNs;
            if (MessageIo.SEND_FAILED == sent && streams)
            {
                // the connection broke: what it had in flight is lost, this batch is due again on another
                lost(socket, sentNs);
                nextIndex = batchIndex[0];
                continue;
            }
            if (MessageIo.SEND_FAILED == sent)
            {
                counters.increment(ShooterCounter.SEND_ERRORS);
                record(batchIntendedNs[0], -1, -1, socket.index, batchAmmoIndex[0], 0, 0,
                    Outcome.SEND_ERROR, 0, 0, socket.idOf(batchSequence[0]));
                nextIndex = 1 < count ? batchIndex[1] : batchIndex[0] + stride;
                socket.headSequence = batchSequence[0] + 1;
                sentCount++;
                continue;
            }
            for (int i = 0; i < sent; i++)
            {
                final long sentSequence = batchSequence[i];
                final int slot = (int)(sentSequence & socket.mask);
                final long intendedNs = batchIntendedNs[i];
                socket.slotSequence[slot] = sentSequence;
                socket.slotIntendedNs[slot] = intendedNs;
                socket.slotSentNs[slot] = sentNs;
                socket.slotAmmoIndex[slot] = batchAmmoIndex[i];
                socket.slotState[slot] = QuerySocket.IN_FLIGHT;
                socket.headSequence = sentSequence + 1;
                final long sendLagNs = sentNs - intendedNs;
                if (sendLagNs > lateToleranceNs)
                {
                    counters.increment(ShooterCounter.LAGGED);
                }
                counters.proposeMax(ShooterCounter.MAX_LAG_NS, sendLagNs);
            }
            if (0 != socket.pendingSetupUnits && sent > 0)
            {
                // the first query on a new connection: its record carries the connection's set-up time
                socket.setupSequence = batchSequence[0];
                socket.setupUnits = socket.pendingSetupUnits;
                socket.pendingSetupUnits = 0;
            }
            socket.inFlightCount += sent;
            inFlightTotal += sent;
            socket.sentOnConnection += sent;
            if (streams && socket.sentOnConnection >= queriesPerConnection)
            {
                // the connection carried its share: no more on it; once its queries resolve it is made again
                socket.ready = false;
                unreadyCount++;
            }
            if (sync)
            {
                freeWorkers -= sent;
            }
            counters.add(ShooterCounter.SENT, sent);
            sentCount += sent;
            if (sent < count)
            {
                // the socket's buffer filled: what did not go out is due again, from the first unsent
                nextIndex = batchIndex[sent];
                if (0 == sent)
                {
                    stall(ShooterCounter.SHORT_SENDS);
                    break;
                }
            }
        }
        return sentCount;
    }

    /**
     * Discards the next query, recorded, when it is too late to send: past the tolerance with {@code late: discard},
     * or past the give-up time whatever the policy.
     *
     * @return true when it was discarded (the next one is then due to be looked at).
     */
    private boolean discardIfLate(final long nowNs)
    {
        final long intendedNs = cursor.intendedTimeNs(nextIndex);
        if ((discardLate && nowNs - intendedNs > lateToleranceNs) || nowNs > giveUpNs)
        {
            counters.increment(ShooterCounter.DISCARDED);
            record(intendedNs, -1, -1, -1, (int)((ammoOffset + nextIndex) % ammoCount), 0, 0, Outcome.DISCARDED,
                0, 0, 0);
            nextIndex += stride;
            return true;
        }
        return false;
    }

    private void stall(final ShooterCounter reason)
    {
        if (stalledIndex != nextIndex)
        {
            stalledIndex = nextIndex;
            counters.increment(reason);
        }
    }

    /**
     * @return the next socket in round robin whose next id is free, or {@link #NO_SOCKET} (sync: also when every
     * worker has a query in flight).
     */
    private int pickSocket()
    {
        if (sync && 0 == freeWorkers)
        {
            return NO_SOCKET;
        }
        final int socketCount = sockets.length;
        for (int i = 0; i < socketCount; i++)
        {
            final int socketIndex = nextSocket;
            nextSocket = socketIndex + 1 == socketCount ? 0 : socketIndex + 1;
            if (sockets[socketIndex].hasFreeSlot())
            {
                return socketIndex;
            }
        }
        return NO_SOCKET;
    }

    private void resolved(final QuerySocket socket)
    {
        socket.inFlightCount--;
        inFlightTotal--;
        if (sync)
        {
            freeWorkers++;
        }
    }

    private int receive()
    {
        if (useSelector)
        {
            int workCount = 0;
            try
            {
                workCount = selector.selectNow(readHandler);
            }
            catch (final IOException ex)
            {
                counters.increment(ShooterCounter.RECEIVE_ERRORS);
            }
            if (streams)
            {
                // answers a read brought beyond what one drain takes: the selector does not see them
                for (final QuerySocket socket : sockets)
                {
                    if (((StreamIo)socket.io).hasUnreadMessage())
                    {
                        workCount += drain(socket);
                    }
                }
            }
            return workCount;
        }

        int workCount = 0;
        for (final QuerySocket socket : sockets)
        {
            workCount += drain(socket);
        }
        return workCount;
    }

    private void onReadable(final SelectionKey key)
    {
        drain((QuerySocket)key.attachment());
    }

    private int drain(final QuerySocket socket)
    {
        final MessageIo io = socket.io;
        int readCount = 0;
        while (readCount < RECEIVE_BATCH_LIMIT)
        {
            final int received = io.receive(RECEIVE_BATCH_LIMIT - readCount);
            if (received <= 0)
            {
                if (MessageIo.CLOSED == received)
                {
                    lost(socket, clock.nanoTime() - startNs);
                }
                else if (MessageIo.RECEIVE_FAILED == received)
                {
                    counters.increment(ShooterCounter.RECEIVE_ERRORS);
                }
                break;
            }
            final long receivedNs = clock.nanoTime() - startNs;
            for (int i = 0; i < received; i++)
            {
                final int length = io.receiveLengths[i];
                if (0 != io.receiveStatus[i])
                {
                    onExchangeFailed(socket, io.receiveIds[i], io.receiveStatus[i], receivedNs);
                }
                else if (0 != length)
                {
                    // an empty datagram is no response at all (NIO cannot even tell it from none): ignored
                    onResponse(socket, io.receiveBuffer, io.receiveOffset(i), length, receivedNs);
                }
            }
            readCount += received;
            if (received < io.receiveSlotCount || 0 == socket.inFlightCount)
            {
                // the socket is empty (a batch came back short) or nothing more is awaited here: skip the read that
                // would only say so (a datagram still queued keeps the socket readable and is read next cycle)
                break;
            }
        }
        if (socket.ready && streams && !io.accepting())
        {
            // the server takes no new queries on this connection: it is read until it ends, then made again
            socket.ready = false;
            unreadyCount++;
        }
        return readCount;
    }

    /**
     * Matches one datagram read from a socket to the query in flight it answers, and counts it exactly once:
     * undecodable, unmatched, late, duplicate, malformed or answered. Never throws. Package-private so the fuzz
     * harness can hand it datagrams no socket would carry.
     *
     * @param socket     the socket the datagram came from.
     * @param buffer     holds the datagram.
     * @param offset     where it starts in the buffer.
     * @param length     the datagram's length, bytes.
     * @param receivedNs when it was read, ns since the start.
     */
    void onResponse(
        final QuerySocket socket,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receivedNs)
    {
        if (length < DnsDescriptor.HEADER_LENGTH)
        {
            counters.increment(ShooterCounter.UNDECODABLE);
            return;
        }
        final int id = buffer.getShort(offset + DnsDescriptor.ID_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int slot = socket.slotOf(id);
        final byte state = socket.slotState[slot];
        if (QuerySocket.FREE == state || socket.idOf(socket.slotSequence[slot]) != id)
        {
            counters.increment(ShooterCounter.UNMATCHED);
            return;
        }
        if (QuerySocket.TIMED_OUT == state)
        {
            counters.increment(ShooterCounter.LATE_RESPONSES);
            return;
        }
        if (QuerySocket.ANSWERED == state)
        {
            counters.increment(ShooterCounter.DUPLICATES);
            return;
        }

        final int ammoIndex = socket.slotAmmoIndex[slot];
        final int decoded = decoder.wrap(buffer, offset, length);
        final boolean valid = DnsResponseDecoder.OK == decoded && decoder.isResponse() && decoder.questionMatches(
            ammo.buffer(), ammo.queryOffset(ammoIndex), ammo.queryLength(ammoIndex));

        socket.slotState[slot] = QuerySocket.ANSWERED;
        resolved(socket);

        if (valid)
        {
            counters.increment(ShooterCounter.ANSWERED);
            record(socket, socket.slotSequence[slot], socket.slotIntendedNs[slot], socket.slotSentNs[slot],
                receivedNs, ammoIndex, decoder.rcode(), ResultRecordDescriptor.responseFlags(decoder.flags()),
                Outcome.ANSWERED, decoder.answerCount(), length, id);
        }
        else
        {
            counters.increment(ShooterCounter.MALFORMED);
            record(socket, socket.slotSequence[slot], socket.slotIntendedNs[slot], socket.slotSentNs[slot],
                receivedNs, ammoIndex, 0, 0, Outcome.MALFORMED, 0, length, id);
        }
    }

    /**
     * A query's exchange ended without a DNS message (DNS over HTTPS): an HTTP status other than 200, a stream the
     * server reset, or a body that was no message. Counted exactly once, as {@link #onResponse} counts answers.
     *
     * @param id     the query's DNS id.
     * @param status an HTTP status, {@link MessageIo#STREAM_RESET} or {@link MessageIo#BAD_BODY}.
     */
    private void onExchangeFailed(final QuerySocket socket, final int id, final int status, final long receivedNs)
    {
        final int slot = socket.slotOf(id);
        final byte state = socket.slotState[slot];
        if (QuerySocket.IN_FLIGHT != state || socket.idOf(socket.slotSequence[slot]) != id)
        {
            counters.increment(
                QuerySocket.TIMED_OUT == state ? ShooterCounter.LATE_RESPONSES : ShooterCounter.UNMATCHED);
            return;
        }
        socket.slotState[slot] = QuerySocket.ANSWERED;
        resolved(socket);
        final long intendedNs = socket.slotIntendedNs[slot];
        final long sentNs = socket.slotSentNs[slot];
        final int ammoIndex = socket.slotAmmoIndex[slot];
        final long sequence = socket.slotSequence[slot];
        if (MessageIo.STREAM_RESET == status)
        {
            counters.increment(ShooterCounter.RESETS);
            record(socket, sequence, intendedNs, sentNs, receivedNs, ammoIndex, 0, 0, Outcome.RESET, 0, 0, id);
        }
        else if (MessageIo.BAD_BODY == status)
        {
            counters.increment(ShooterCounter.MALFORMED);
            record(socket, sequence, intendedNs, sentNs, receivedNs, ammoIndex, 0, 0, Outcome.MALFORMED, 0, 0, id);
        }
        else
        {
            counters.increment(ShooterCounter.HTTP_ERRORS);
            record(socket, sequence, intendedNs, sentNs, receivedNs, ammoIndex,
                Math.min(status, ResultRecordDescriptor.MAX_RCODE), 0, Outcome.HTTP_STATUS, 0, 0, id);
        }
    }

    /**
     * Moves the connections on: finishes those being made, makes again those that are down once their retry time has
     * come (not once every query was sent: nothing would use them), writes what a connection still holds of its
     * last sends, and gives up on a draining one (it takes no new queries) once nothing is in flight on it: the
     * receive that follows ends it as if the server had closed it, at most one query timeout after its GOAWAY was
     * read, however the server behaves. A connection that carried its queries per connection is closed once nothing
     * is in flight on it (and it is still needed) and made again at once.
     */
    private int maintain(final long nowNs)
    {
        int workCount = 0;
        final boolean moreToSend = nextIndex < totalCount && !aborted;
        for (final QuerySocket socket : sockets)
        {
            if (streams && socket.sentOnConnection >= queriesPerConnection && moreToSend &&
                MessageIo.READY == socket.io.state() && 0 == socket.inFlightCount && !socket.io.hasPending())
            {
                // it carried its share and drained: a planned close, not a failure; made again below, no back-off
                socket.io.recycle(nowNs);
                counters.increment(ShooterCounter.RECYCLED);
                workCount++;
            }
            final boolean up = MessageIo.READY == socket.io.state();
            if (!socket.ready && moreToSend && !up)
            {
                final int event = socket.io.maintain(nowNs);
                if (MessageIo.CONNECTED == event)
                {
                    connected(socket);
                    workCount++;
                }
                else if (MessageIo.CONNECT_FAILED == event)
                {
                    counters.increment(ShooterCounter.CONNECT_FAILURES);
                    if (!socket.failing)
                    {
                        socket.failing = true;
                        failingCount++;
                    }
                    workCount++;
                }
            }
            else if (up && socket.io.hasPending() && MessageIo.SEND_FAILED == socket.io.flush())
            {
                lost(socket, nowNs);
                workCount++;
            }
            else if (up && !socket.ready && 0 == socket.inFlightCount && !socket.io.accepting())
            {
                // draining, and every query on it went out before its GOAWAY was read: they all timed out by now
                socket.io.abandon();
            }
        }
        return workCount;
    }

    private void connected(final QuerySocket socket)
    {
        socket.ready = true;
        socket.sentOnConnection = 0;
        unreadyCount--;
        if (socket.failing)
        {
            socket.failing = false;
            failingCount--;
        }
        counters.increment(ShooterCounter.CONNECTIONS);
        final StreamIo io = (StreamIo)socket.io;
        socket.maxInFlight = Math.max(1, Math.min(socket.maxInFlightLimit, io.concurrencyLimit()));
        counters.proposeMax(ShooterCounter.MAX_SETUP_NS, io.setupNs());
        socket.pendingSetupUnits = ResultRecordDescriptor.setupUnits(io.setupNs());
        try
        {
            io.channel().register(selector, SelectionKey.OP_READ, socket);
        }
        catch (final IOException ex)
        {
            // a channel closed between its connect and here: its first read says so
            counters.increment(ShooterCounter.RECEIVE_ERRORS);
        }
    }

    /**
     * A connection ended under a read or a write: every query in flight on it is resolved as reset (its answer will
     * not come), and it is made again by {@link #maintain(long)}.
     */
    private void lost(final QuerySocket socket, final long nowNs)
    {
        counters.increment(ShooterCounter.CONNECTION_CLOSES);
        if (socket.ready)
        {
            socket.ready = false;
            unreadyCount++;
        }
        for (long sequence = socket.tailSequence; sequence < socket.headSequence; sequence++)
        {
            final int slot = (int)(sequence & socket.mask);
            if (QuerySocket.IN_FLIGHT == socket.slotState[slot] && socket.slotSequence[slot] == sequence)
            {
                socket.slotState[slot] = QuerySocket.TIMED_OUT;
                resolved(socket);
                counters.increment(ShooterCounter.RESETS);
                record(socket, sequence, socket.slotIntendedNs[slot], socket.slotSentNs[slot], nowNs,
                    socket.slotAmmoIndex[slot], 0, 0, Outcome.RESET, 0, 0, socket.idOf(sequence));
            }
        }
        socket.tailSequence = socket.headSequence;
    }

    /**
     * Records the next query as not sent for want of a connection (every connection is down and the last attempt
     * failed).
     */
    private void connectFailed(final long nowNs)
    {
        final int ammoIndex = (int)((ammoOffset + nextIndex) % ammoCount);
        counters.increment(ShooterCounter.NOT_CONNECTED);
        record(cursor.intendedTimeNs(nextIndex), -1, -1, -1, ammoIndex, 0, 0, Outcome.CONNECT_FAILED, 0, 0, 0);
        nextIndex += stride;
    }

    private int expire(final long nowNs)
    {
        int expiredCount = 0;
        for (final QuerySocket socket : sockets)
        {
            while (socket.tailSequence < socket.headSequence)
            {
                final long sequence = socket.tailSequence;
                final int slot = (int)(sequence & socket.mask);
                if (QuerySocket.IN_FLIGHT == socket.slotState[slot] && socket.slotSequence[slot] == sequence)
                {
                    if (socket.slotSentNs[slot] + timeoutNs > nowNs)
                    {
                        break;
                    }
                    socket.slotState[slot] = QuerySocket.TIMED_OUT;
                    resolved(socket);
                    counters.increment(ShooterCounter.TIMEOUTS);
                    record(socket, sequence, socket.slotIntendedNs[slot], socket.slotSentNs[slot], -1,
                        socket.slotAmmoIndex[slot], 0, 0, Outcome.TIMEOUT, 0, 0, socket.idOf(sequence));
                    expiredCount++;
                }
                socket.tailSequence = sequence + 1;
            }
        }
        return expiredCount;
    }

    /**
     * Records a query that went out on {@code socket} as {@code sequence}: with the set-up time of its connection when
     * it was the first on it.
     */
    private void record(
        final QuerySocket socket,
        final long sequence,
        final long intendedNs,
        final long sentNs,
        final long receivedNs,
        final int ammoIndex,
        final int rcode,
        final int flags,
        final int outcome,
        final int answerCount,
        final int responseLength,
        final int queryId)
    {
        record(intendedNs, sentNs, receivedNs, socket.index, ammoIndex, rcode, flags, outcome, answerCount,
            responseLength, queryId, sequence == socket.setupSequence ? socket.setupUnits : 0);
    }

    private void record(
        final long intendedNs,
        final long sentNs,
        final long receivedNs,
        final int worker,
        final int ammoIndex,
        final int rcode,
        final int flags,
        final int outcome,
        final int answerCount,
        final int responseLength,
        final int queryId)
    {
        record(intendedNs, sentNs, receivedNs, worker, ammoIndex, rcode, flags, outcome, answerCount, responseLength,
            queryId, 0);
    }

    private void record(
        final long intendedNs,
        final long sentNs,
        final long receivedNs,
        final int worker,
        final int ammoIndex,
        final int rcode,
        final int flags,
        final int outcome,
        final int answerCount,
        final int responseLength,
        final int queryId,
        final int setupUnits)
    {
        if (!sink.record(intendedNs, sentNs, receivedNs, worker, ammoIndex, ammo.qtype(ammoIndex), rcode, flags,
            outcome, answerCount, responseLength, queryId, transportCode, setupUnits))
        {
            counters.increment(ShooterCounter.RECORD_DROPS);
        }
    }
}
