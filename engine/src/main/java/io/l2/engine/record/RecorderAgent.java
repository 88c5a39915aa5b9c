package io.l2.engine.record;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;

/**
 * Drains one {@link RecordRing} into the shoot's queue: the consumer side of the ring hand-off.
 * <p>
 * {@link #onStart()} opens the agent's own appender on the agent's thread; each {@link #doWork()} appends at most
 * {@code drainLimit} records and returns how many; {@link #onClose()} drains whatever is left, then closes the
 * appender (not the queue). Run it on an {@code AgentRunner} (or call the three methods on one thread).
 * Zero allocation per record.
 */
public final class RecorderAgent implements Agent
{
    private final RecordRing ring;
    private final ResultQueue queue;
    private final int drainLimit;
    private final String roleName;
    private final MessageHandler handler = this::onMessage;
    private ResultRecorder recorder;
    private long drainedCount;

    /**
     * An agent draining a ring into a queue.
     *
     * @param ring       to drain (this agent is its only consumer).
     * @param queue      to append to; stays open after the agent closes.
     * @param drainLimit most records appended per {@link #doWork()}, bounding the duty cycle.
     * @throws IllegalArgumentException when drainLimit is not positive.
     */
    public RecorderAgent(final RecordRing ring, final ResultQueue queue, final int drainLimit)
    {
        if (drainLimit <= 0)
        {
            throw new IllegalArgumentException("drainLimit must be positive, got " + drainLimit);
        }

        this.ring = ring;
        this.queue = queue;
        this.drainLimit = drainLimit;
        this.roleName = "l2-recorder:" + queue.directory().getFileName();
    }

    /**
     * Open this agent's appender on the calling (agent) thread.
     */
    @Override
    public void onStart()
    {
        if (null == recorder)
        {
            recorder = queue.createRecorder();
        }
    }

    /**
     * Append up to {@code drainLimit} records from the ring to the queue.
     *
     * @return records appended; 0 does not prove the ring empty (a read may only step over wrap-around padding).
     * @throws IllegalStateException when called before {@link #onStart()} or after {@link #onClose()}.
     */
    @Override
    public int doWork()
    {
        if (null == recorder)
        {
            throw new IllegalStateException(roleName + ": doWork() without onStart(), or after onClose()");
        }

        return ring.read(handler, drainLimit);
    }

    /**
     * Drain the ring to empty (the producer must have stopped), then close this agent's appender.
     */
    @Override
    public void onClose()
    {
        if (null != recorder)
        {
            drainAll();
            recorder.close();
            recorder = null;
        }
    }

    /**
     * Append everything in the ring now, in bounded steps, until two reads in a row find nothing (one read can
     * return 0 while stepping over the ring's wrap-around padding). Call only when the producer has stopped, or
     * accept that records arriving meanwhile are drained too.
     *
     * @return records appended.
     * @throws IllegalStateException when called before {@link #onStart()} or after {@link #onClose()}.
     */
    public int drainAll()
    {
        int total = 0;
        int emptyReads = 0;
        while (emptyReads < 2)
        {
            final int read = doWork();
            total += read;
            emptyReads = 0 == read ? emptyReads + 1 : 0;
        }
        return total;
    }

    /**
     * Records appended to the queue by this agent.
     *
     * @return count appended so far; exact on the agent thread or after close.
     */
    public long drainedCount()
    {
        return drainedCount;
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    private void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        // the ring carries nothing but records (RecordRing.RECORD_MSG_TYPE_ID) of RECORD_LENGTH bytes
        recorder.append(buffer, index);
        drainedCount++;
    }
}
