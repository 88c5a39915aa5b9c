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
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

/**
 * Carries some of a host's workers and the queries that fall to them: this agent sends the host's queries
 * {@code first, first + stride, first + 2·stride, …} at their intended times, reads the responses, and times out
 * what went unanswered. Every duty cycle is bounded (a batch of sends, of reads per socket) and allocation-free.
 * <p>
 * Async (open model): a due query goes out on the next worker in round robin whatever is in flight, as long as that
 * worker has a free id. Sync (closed model): a worker has at most one query in flight; a due query waits for a free
 * worker, and the wait shows as lag. Behind schedule, {@code late: discard} drops a query whose lag exceeds the
 * tolerance (recorded as discarded); {@code late: send} sends it late and counts it. Either way a shoot ends on time:
 * what is still unsent one timeout after the profile's end is discarded, so a closed model that cannot keep up
 * shows its ceiling instead of running on.
 */
public final class ShooterAgent implements Agent
{
    private static final int SEND_BATCH_LIMIT = 256;
    private static final int RECEIVE_BATCH_LIMIT = 64;
    private static final int SELECTOR_THRESHOLD = 4;
    private static final int NO_WORKER = -1;

    private final String roleName;
    private final Worker[] workers;
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

    private final int[] freeWorkers;
    private int freeHead;
    private int freeTail;
    private int nextWorker;

    private long nextIndex;
    private long stalledIndex = -1;
    private int inFlightTotal;
    private volatile boolean aborted;
    private volatile boolean done;
    private DeadlineIdleStrategy deadlineIdle;

    ShooterAgent(
        final String roleName,
        final Worker[] workers,
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
        final ShooterCounters counters) throws IOException
    {
        this.roleName = roleName;
        this.workers = workers;
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

        freeWorkers = new int[workers.length + 1];
        for (int i = 0; i < workers.length; i++)
        {
            workers[i].agentIndex = i;
            freeWorkers[freeTail++] = i;
        }

        // polled each cycle above SELECTOR_THRESHOLD workers (below, reading each socket is cheaper); always there
        // for an idle strategy that blocks until a response arrives
        selector = Selector.open();
        useSelector = workers.length > SELECTOR_THRESHOLD;
        try
        {
            for (final Worker worker : workers)
            {
                worker.channel.register(selector, SelectionKey.OP_READ, worker);
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
        int workCount = receive();
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
        for (final Worker worker : workers)
        {
            worker.close();
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
        if (nextIndex < totalCount && !aborted && (!sync || freeHead != freeTail))
        {
            deadlineNs = startNs + cursor.intendedTimeNs(nextIndex);
        }
        deadlineIdle.deadline(deadlineNs, 0 != inFlightTotal);
    }

    private int send()
    {
        int sentCount = 0;
        while (sentCount < SEND_BATCH_LIMIT && nextIndex < totalCount && !aborted)
        {
            final long intendedNs = cursor.intendedTimeNs(nextIndex);
            final long nowNs = clock.nanoTime() - startNs;
            if (intendedNs > nowNs)
            {
                break;
            }
            final int ammoIndex = (int)((ammoOffset + nextIndex) % ammoCount);
            final long lagNs = nowNs - intendedNs;
            if ((discardLate && lagNs > lateToleranceNs) || nowNs > giveUpNs)
            {
                counters.increment(ShooterCounter.DISCARDED);
                record(intendedNs, -1, -1, -1, ammoIndex, 0, 0, Outcome.DISCARDED, 0, 0, 0);
                nextIndex += stride;
                sentCount++;
                continue;
            }

            final int workerIndex = pickWorker();
            if (NO_WORKER == workerIndex)
            {
                stall(ShooterCounter.NO_FREE_ID);
                break;
            }
            final Worker worker = workers[workerIndex];
            final int length = ammo.queryLength(ammoIndex);
            final long sequence = worker.headSequence;
            final int id = worker.idOf(sequence);
            ammo.copyQuery(ammoIndex, worker.sendBuffer, 0);
            DnsQueryEncoder.stampId(worker.sendBuffer, 0, id);
            worker.sendByteBuffer.limit(length).position(0);

            int written;
            try
            {
                written = worker.channel.write(worker.sendByteBuffer);
            }
            catch (final IOException ex)
            {
                written = -1;
            }

            if (0 == written)
            {
                unpick(workerIndex);
                stall(ShooterCounter.SHORT_SENDS);
                break;
            }
            if (written < 0)
            {
                unpick(workerIndex);
                counters.increment(ShooterCounter.SEND_ERRORS);
                record(intendedNs, -1, -1, worker.index, ammoIndex, 0, 0,
                    Outcome.SEND_ERROR, 0, 0, id);
                nextIndex += stride;
                sentCount++;
                continue;
            }

            final long sentNs = clock.nanoTime() - startNs;
            final int slot = (int)(sequence & worker.mask);
            worker.slotSequence[slot] = sequence;
            worker.slotIntendedNs[slot] = intendedNs;
            worker.slotSentNs[slot] = sentNs;
            worker.slotAmmoIndex[slot] = ammoIndex;
            worker.slotState[slot] = Worker.IN_FLIGHT;
            worker.headSequence = sequence + 1;
            worker.inFlightCount++;
            inFlightTotal++;

            counters.increment(ShooterCounter.SENT);
            final long sendLagNs = sentNs - intendedNs;
            if (sendLagNs > lateToleranceNs)
            {
                counters.increment(ShooterCounter.LAGGED);
            }
            counters.proposeMax(ShooterCounter.MAX_LAG_NS, sendLagNs);
            nextIndex += stride;
            sentCount++;
        }
        return sentCount;
    }

    private void stall(final ShooterCounter reason)
    {
        if (stalledIndex != nextIndex)
        {
            stalledIndex = nextIndex;
            counters.increment(reason);
        }
    }

    private int pickWorker()
    {
        if (sync)
        {
            if (freeHead == freeTail)
            {
                return NO_WORKER;
            }
            final int workerIndex = freeWorkers[freeHead];
            freeHead = (freeHead + 1) % freeWorkers.length;
            return workerIndex;
        }

        final int workerCount = workers.length;
        for (int i = 0; i < workerCount; i++)
        {
            final int workerIndex = nextWorker;
            nextWorker = workerIndex + 1 == workerCount ? 0 : workerIndex + 1;
            if (workers[workerIndex].hasFreeSlot())
            {
                return workerIndex;
            }
        }
        return NO_WORKER;
    }

    private void unpick(final int workerIndex)
    {
        if (sync)
        {
            freeHead = (freeHead - 1 + freeWorkers.length) % freeWorkers.length;
            freeWorkers[freeHead] = workerIndex;
        }
    }

    private void release(final int workerIndex)
    {
        if (sync)
        {
            freeWorkers[freeTail] = workerIndex;
            freeTail = (freeTail + 1) % freeWorkers.length;
        }
    }

    private int receive()
    {
        if (useSelector)
        {
            try
            {
                return selector.selectNow(readHandler);
            }
            catch (final IOException ex)
            {
                counters.increment(ShooterCounter.RECEIVE_ERRORS);
                return 0;
            }
        }

        int workCount = 0;
        for (final Worker worker : workers)
        {
            workCount += drain(worker);
        }
        return workCount;
    }

    private void onReadable(final SelectionKey key)
    {
        drain((Worker)key.attachment());
    }

    private int drain(final Worker worker)
    {
        int readCount = 0;
        while (readCount < RECEIVE_BATCH_LIMIT)
        {
            worker.receiveByteBuffer.clear();
            final int length;
            try
            {
                length = worker.channel.read(worker.receiveByteBuffer);
            }
            catch (final IOException ex)
            {
                counters.increment(ShooterCounter.RECEIVE_ERRORS);
                break;
            }
            if (length <= 0)
            {
                break;
            }
            onResponse(worker, length, clock.nanoTime() - startNs);
            readCount++;
            if (0 == worker.inFlightCount)
            {
                // nothing more is awaited here: skip the read that would only say so (a stray datagram still
                // queued keeps the socket readable and is read on the next cycle)
                break;
            }
        }
        return readCount;
    }

    /**
     * Matches one datagram read into {@code worker.receiveBuffer} to the query in flight it answers, and counts it
     * exactly once: undecodable, unmatched, late, duplicate, malformed or answered. Never throws. Package-private so
     * the fuzz harness can hand it datagrams no socket would carry.
     *
     * @param worker     the worker whose socket the datagram came from.
     * @param length     the datagram's length, bytes, in the worker's receive buffer.
     * @param receivedNs when it was read, ns since the start.
     */
    void onResponse(final Worker worker, final int length, final long receivedNs)
    {
        if (length < DnsDescriptor.HEADER_LENGTH)
        {
            counters.increment(ShooterCounter.UNDECODABLE);
            return;
        }
        final int id = worker.receiveBuffer.getShort(DnsDescriptor.ID_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int slot = worker.slotOf(id);
        final byte state = worker.slotState[slot];
        if (Worker.FREE == state || worker.idOf(worker.slotSequence[slot]) != id)
        {
            counters.increment(ShooterCounter.UNMATCHED);
            return;
        }
        if (Worker.TIMED_OUT == state)
        {
            counters.increment(ShooterCounter.LATE_RESPONSES);
            return;
        }
        if (Worker.ANSWERED == state)
        {
            counters.increment(ShooterCounter.DUPLICATES);
            return;
        }

        final int ammoIndex = worker.slotAmmoIndex[slot];
        final int decoded = decoder.wrap(worker.receiveBuffer, 0, length);
        final boolean valid = DnsResponseDecoder.OK == decoded && decoder.isResponse() && decoder.questionMatches(
            ammo.buffer(), ammo.queryOffset(ammoIndex), ammo.queryLength(ammoIndex));

        worker.slotState[slot] = Worker.ANSWERED;
        worker.inFlightCount--;
        inFlightTotal--;
        release(worker.agentIndex);

        if (valid)
        {
            counters.increment(ShooterCounter.ANSWERED);
            int flags = 0;
            if (decoder.isTruncated())
            {
                flags |= ResultRecordDescriptor.FLAG_TC;
            }
            if (decoder.isAuthoritative())
            {
                flags |= ResultRecordDescriptor.FLAG_AA;
            }
            if (decoder.isRecursionAvailable())
            {
                flags |= ResultRecordDescriptor.FLAG_RA;
            }
            record(worker.slotIntendedNs[slot], worker.slotSentNs[slot], receivedNs, worker.index, ammoIndex,
                decoder.rcode(), flags, Outcome.ANSWERED, decoder.answerCount(), length, id);
        }
        else
        {
            counters.increment(ShooterCounter.MALFORMED);
            record(worker.slotIntendedNs[slot], worker.slotSentNs[slot], receivedNs, worker.index, ammoIndex,
                0, 0, Outcome.MALFORMED, 0, length, id);
        }
    }

    private int expire(final long nowNs)
    {
        int expiredCount = 0;
        for (final Worker worker : workers)
        {
            while (worker.tailSequence < worker.headSequence)
            {
                final long sequence = worker.tailSequence;
                final int slot = (int)(sequence & worker.mask);
                if (Worker.IN_FLIGHT == worker.slotState[slot] && worker.slotSequence[slot] == sequence)
                {
                    if (worker.slotSentNs[slot] + timeoutNs > nowNs)
                    {
                        break;
                    }
                    worker.slotState[slot] = Worker.TIMED_OUT;
                    worker.inFlightCount--;
                    inFlightTotal--;
                    release(worker.agentIndex);
                    counters.increment(ShooterCounter.TIMEOUTS);
                    record(worker.slotIntendedNs[slot], worker.slotSentNs[slot], -1, worker.index,
                        worker.slotAmmoIndex[slot], 0, 0, Outcome.TIMEOUT, 0, 0,
                        worker.idOf(sequence));
                    expiredCount++;
                }
                worker.tailSequence = sequence + 1;
            }
        }
        return expiredCount;
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
        if (!sink.record(intendedNs, sentNs, receivedNs, worker, ammoIndex, ammo.qtype(ammoIndex), rcode, flags,
            outcome, answerCount, responseLength, queryId))
        {
            counters.increment(ShooterCounter.RECORD_DROPS);
        }
    }
}
