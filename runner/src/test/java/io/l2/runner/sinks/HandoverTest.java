/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class HandoverTest
{
    private static final String END = "end";

    @Test
    void shouldDropAndCountWhatDoesNotFitWhenLive() throws Exception
    {
        final Handover<String> handover = new Handover<>(2, false);

        handover.hand("a");
        handover.hand("b");
        handover.hand("c");

        assertEquals(1, handover.droppedCount());
        assertEquals("a", handover.take());
        assertEquals("b", handover.take());
    }

    @Test
    void shouldWaitForRoomAndDropNothingWhenForAStoredShoot() throws Exception
    {
        final Handover<String> handover = new Handover<>(1, true);
        final List<String> taken = new ArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        final Thread worker = new Thread(() ->
        {
            started.countDown();
            try
            {
                for (String task = handover.take(); !END.equals(task); task = handover.take())
                {
                    TimeUnit.MILLISECONDS.sleep(2);
                    taken.add(task);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        started.await();

        for (int i = 0; i < 20; i++)
        {
            handover.hand("s" + i);
        }
        handover.finish(END, worker);

        assertEquals(0, handover.droppedCount());
        assertEquals(20, taken.size());
        assertEquals("s19", taken.get(19));
        assertFalse(worker.isAlive());
    }

    @Test
    void shouldQueueTheLastTaskAndJoinWhateverInterruptsComeAndRestoreTheInterrupt() throws Exception
    {
        final Handover<String> handover = new Handover<>(1, false);
        handover.hand("full");
        final List<String> taken = new ArrayList<>();
        final Thread worker = new Thread(() ->
        {
            try
            {
                TimeUnit.MILLISECONDS.sleep(200);
                for (String task = handover.take(); ; task = handover.take())
                {
                    taken.add(task);
                    if (END.equals(task))
                    {
                        return;
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();

        Thread.currentThread().interrupt();
        handover.finish(END, worker);

        assertTrue(Thread.interrupted(), "the caller's interrupt is restored");
        assertEquals(List.of("full", END), taken);
        assertFalse(worker.isAlive());
    }
}
