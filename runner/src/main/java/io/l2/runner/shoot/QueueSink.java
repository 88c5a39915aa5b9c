/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import io.l2.engine.record.ResultQueue;
import io.l2.engine.record.ResultRecorder;
import io.l2.engine.record.ResultSink;
import org.agrona.CloseHelper;

/**
 * A shooter thread's sink into the host's queue: its recorder (Chronicle appender) is made when the agent starts (or
 * at the first record), on the shooter's own thread (appenders belong to one thread), and closed with the agent.
 * Records are staged and written as one document per duty cycle ({@link #flush()}).
 */
final class QueueSink implements ResultSink, AutoCloseable
{
    private final ResultQueue queue;
    private ResultRecorder recorder;

    QueueSink(final ResultQueue queue)
    {
        this.queue = queue;
    }

    /**
     * Takes this thread's recorder (an appender of the queue) before the first record.
     */
    public void onStart()
    {
        if (null == recorder)
        {
            recorder = queue.createRecorder();
        }
    }

    /**
     * {@inheritDoc}
     */
    public boolean record(
        final long intendedNs,
        final long sentNs,
        final long receivedNs,
        final int worker,
        final int ammoIndex,
        final int qtype,
        final int rcode,
        final int flags,
        final int outcome,
        final int answerCount,
        final int responseLength,
        final int queryId,
        final int transport,
        final int setupUnits)
    {
        if (null == recorder)
        {
            onStart();
        }
        return recorder.record(intendedNs, sentNs, receivedNs, worker, ammoIndex, qtype, rcode, flags, outcome,
            answerCount, responseLength, queryId, transport, setupUnits);
    }

    /**
     * {@inheritDoc}
     */
    public void flush()
    {
        if (null != recorder)
        {
            recorder.flush();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.quietClose(recorder);
    }
}
