package io.l2.engine.record;

import java.nio.file.Path;

import net.openhft.chronicle.queue.ExcerptTailer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordRingTest
{
    private static final long START_MS = 1_767_225_600_000L;

    @TempDir
    Path tempDir;

    private final CachedEpochClock clock = new CachedEpochClock();

    @Test
    void shouldHoldAtLeastTheRequestedRecordsAsAPowerOfTwo()
    {
        final RecordRing ring = RecordRing.forRecords(100);

        assertEquals(8192, ring.capacityLength());
        assertTrue(ring.recordCapacity() >= 100);
        assertEquals(56, RecordRing.SLOT_LENGTH);
        assertThrows(IllegalArgumentException.class, () -> RecordRing.forRecords(0));
        assertThrows(IllegalArgumentException.class, () -> new RecordRing(1000));
    }

    @Test
    void shouldCountDropsWithoutWaitingWhenFull()
    {
        final RecordRing ring = RecordRing.forRecords(100);
        int accepted = 0;
        for (int i = 0; i < 1000; i++)
        {
            if (ring.tryRecord(i, i, i, 0, i, 1, 0, 0, Outcome.ANSWERED, 0, 0, i))
            {
                accepted++;
            }
        }

        assertEquals(ring.capacityLength() / RecordRing.SLOT_LENGTH, accepted);
        assertEquals(accepted, ring.recordedCount());
        assertEquals(1000 - accepted, ring.droppedCount());
        assertEquals(accepted, ring.size());
        assertFalse(ring.record(0, 0, 0, 0, 0, 0, 0, 0, Outcome.ANSWERED, 0, 0, 0));
        assertFalse(ring.tryRecord(new UnsafeBuffer(new byte[RECORD_LENGTH]), 0));
        assertEquals(1000 - accepted + 2, ring.droppedCount());
    }

    @Test
    void shouldDrainEveryAcceptedRecordIntoTheQueueInOrder()
    {
        clock.update(START_MS);
        final RecordRing ring = RecordRing.forRecords(64);
        final UnsafeBuffer source = new UnsafeBuffer(new byte[RECORD_LENGTH]);
        final ResultRecordFlyweight sourceRecord = new ResultRecordFlyweight().wrap(source, 0);

        try (ResultQueue queue = ResultQueue.open(tempDir.resolve("q"), clock))
        {
            final RecorderAgent agent = new RecorderAgent(ring, queue, 10);
            assertThrows(IllegalStateException.class, agent::doWork);
            agent.onStart();

            long next = 0;
            long expectedDrained = 0;
            for (int round = 0; round < 50; round++)
            {
                for (int i = 0; i < 40; i++)
                {
                    final boolean accepted = 0 == (next & 1) ?
                        ring.tryRecord(next, next + 1, next + 2, round, i, 1, 0, 0, Outcome.ANSWERED, 1, 2, 3) :
                        ring.tryRecord(sourceRecord.reset().intendedNs(next).worker(round).outcome(Outcome.TIMEOUT)
                            .buffer(), 0);
                    assertTrue(accepted, "ring with room must accept record " + next);
                    next++;
                }
                while (ring.size() > 0)
                {
                    final int work = agent.doWork();
                    assertTrue(work <= 10, "doWork must honour its drain limit, did " + work);
                    expectedDrained += work;
                }
            }
            agent.onClose();
            assertThrows(IllegalStateException.class, agent::doWork);

            assertEquals(0, ring.droppedCount());
            assertEquals(next, ring.recordedCount());
            assertEquals(next, expectedDrained);
            assertEquals(next, agent.drainedCount());
            assertQueueHoldsIntendedSequence(queue, next);
        }
    }

    @Test
    void shouldDrainLeftoversWhenClosed()
    {
        clock.update(START_MS);
        final RecordRing ring = RecordRing.forRecords(32);
        try (ResultQueue queue = ResultQueue.open(tempDir.resolve("q"), clock))
        {
            final RecorderAgent agent = new RecorderAgent(ring, queue, 4);
            agent.onStart();
            for (int i = 0; i < 30; i++)
            {
                assertTrue(ring.tryRecord(i, i, i, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0));
            }
            assertEquals(4, agent.doWork());

            agent.onClose();

            assertEquals(30, agent.drainedCount());
            assertEquals(0, ring.size());
            assertQueueHoldsIntendedSequence(queue, 30);
        }
    }

    @Test
    void shouldLoseNothingButCountedDropsWhenAgentRunsOnItsOwnThread()
    {
        clock.update(START_MS);
        final RecordRing ring = RecordRing.forRecords(256);
        final int total = 50_000;
        long refused = 0;
        try (ResultQueue queue = ResultQueue.open(tempDir.resolve("q"), clock))
        {
            final RecorderAgent agent = new RecorderAgent(ring, queue, 64);
            final AgentRunner runner = new AgentRunner(new YieldingIdleStrategy(), Throwable::printStackTrace, null,
                agent);
            AgentRunner.startOnThread(runner);
            try
            {
                long intendedNs = 0;
                while (intendedNs < total)
                {
                    if (ring.tryRecord(intendedNs, 0, 1, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0))
                    {
                        intendedNs++;
                    }
                    else
                    {
                        refused++;
                        Thread.yield();
                    }
                }
            }
            finally
            {
                runner.close();
            }

            assertEquals(total, ring.recordedCount());
            assertEquals(refused, ring.droppedCount());
            assertEquals(total, agent.drainedCount());
            assertQueueHoldsIntendedSequence(queue, total);
        }
    }

    @Test
    void shouldNotAllocateWhenRecordingAndDraining()
    {
        AllocationMeter.assumeSupported();
        clock.update(START_MS);
        final RecordRing ring = RecordRing.forRecords(1024);
        final int count = 100_000;
        try (ResultQueue queue = ResultQueue.open(tempDir.resolve("q"), clock))
        {
            final RecorderAgent agent = new RecorderAgent(ring, queue, 256);
            agent.onStart();
            final Runnable work = () ->
            {
                for (int i = 0; i < count; i++)
                {
                    ring.tryRecord(i, i, i + 100, 0, i, 1, 0, 0, Outcome.ANSWERED, 1, 60, i & 0xFFFF);
                    if (0 == (i & 255))
                    {
                        agent.drainAll();
                    }
                }
                agent.drainAll();
            };
            work.run();
            final long bytes = AllocationMeter.allocatedBytes(work);
            agent.onClose();

            assertTrue(bytes < count, "ring + agent allocated " + bytes + " bytes for " + count + " records");
            assertEquals(2L * count, ring.recordedCount());
            assertEquals(0, ring.droppedCount());
            assertEquals(2L * count, agent.drainedCount());
        }
    }

    private static void assertQueueHoldsIntendedSequence(final ResultQueue queue, final long count)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[RECORD_LENGTH]);
        final ResultRecordFlyweight record = new ResultRecordFlyweight().wrapForRead(copy, 0);
        try (ExcerptTailer tailer = queue.createTailer())
        {
            for (long i = 0; i < count; i++)
            {
                assertTrue(ResultRecorderTest.readNext(tailer, copy), "record " + i + " missing");
                assertEquals(i, record.intendedNs(), "record order");
                assertEquals(ResultRecordDescriptor.VERSION, record.version());
            }
            assertFalse(ResultRecorderTest.readNext(tailer, copy), "more records than accepted");
        }
    }
}
