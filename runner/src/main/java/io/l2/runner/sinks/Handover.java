/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * What a sink's upload thread is handed by a shoot's progress thread: a bounded queue that, live, drops (and counts)
 * what does not fit rather than slow the progress loop, and for a stored shoot ({@code l2 push}) waits for room. At
 * the end the last task is queued whatever interrupts come and the upload thread is joined.
 * <p>
 * {@link #hand} and {@link #droppedCount} for the progress thread, {@link #take} for the upload thread,
 * {@link #finish} for the thread that started the upload, once.
 *
 * @param <T> the tasks.
 */
final class Handover<T>
{
    private static final long JOIN_POLL_MS = 1_000;

    private final BlockingQueue<T> queue;
    private final boolean wait;
    private long droppedCount;

    /**
     * @param capacity how many tasks it holds.
     * @param wait     true: {@link #hand} waits for room (a stored shoot); false: it drops what does not fit (live).
     */
    Handover(final int capacity, final boolean wait)
    {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.wait = wait;
    }

    /**
     * @param task queued, or counted as dropped (live and full, or interrupted while waiting for room).
     */
    void hand(final T task)
    {
        if (wait)
        {
            try
            {
                queue.put(task);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                droppedCount++;
            }
        }
        else if (!queue.offer(task))
        {
            droppedCount++;
        }
    }

    /**
     * @return how many tasks were dropped.
     */
    long droppedCount()
    {
        return droppedCount;
    }

    /**
     * @return the next task, waiting for it.
     * @throws InterruptedException when the upload thread is interrupted.
     */
    T take() throws InterruptedException
    {
        return queue.take();
    }

    /**
     * Queues the last task, then waits for the upload thread to end (it ends on that task), both whatever interrupts
     * come; the caller's interrupt is restored after.
     *
     * @param last   the task that ends the upload.
     * @param worker the upload thread.
     */
    void finish(final T last, final Thread worker)
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                queue.put(last);
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        while (worker.isAlive())
        {
            try
            {
                worker.join(JOIN_POLL_MS);
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
