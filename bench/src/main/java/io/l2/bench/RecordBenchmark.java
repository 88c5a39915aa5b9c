package io.l2.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.l2.engine.record.Outcome;
import io.l2.engine.record.RecordRing;
import io.l2.engine.record.RecorderAgent;
import io.l2.engine.record.ResultQueue;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.record.ResultRecorder;
import org.agrona.concurrent.MessageHandler;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Recording one query's outcome into the shoot's Chronicle Queue, per record, the two ways a shooter can:
 * <ul>
 *     <li>{@code direct}: {@link ResultRecorder#record} appends on the shooter's own thread (what a shoot does
 *     today);</li>
 *     <li>{@code ringThenDrain}: {@link RecordRing#tryRecord} on the same thread, and a {@link RecorderAgent} duty
 *     cycle every {@value #DRAIN_BATCH} records, also on that thread: the whole cost of the ring route on one
 *     core;</li>
 *     <li>group {@code ring}: a producer thread that only calls {@link RecordRing#tryRecord} (the shooter's share of
 *     the ring route) and a consumer thread running {@link RecorderAgent#doWork()}; records the ring had to drop
 *     show as {@code dropped} events.</li>
 * </ul>
 * Each iteration writes a fresh queue in a temporary directory, deleted after it. The record is a typical answered
 * query.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordBenchmark
{
    static final int DRAIN_BATCH = 256;
    private static final int RING_RECORD_CAPACITY = 64 * 1024;

    /**
     * A fresh queue per iteration, recorded into on the benchmark thread (directly and through a ring drained on
     * the same thread).
     */
    @State(Scope.Thread)
    public static class OneThread
    {
        Path directory;
        ResultQueue queue;
        ResultRecorder recorder;
        RecordRing ring;
        RecorderAgent agent;
        long sequence;
        final MessageHandler discard = (msgTypeId, buffer, index, length) ->
        {
        };

        /**
         * Opens the queue, the recorder, the ring and the agent.
         */
        @Setup(Level.Iteration)
        public void setUp()
        {
            directory = BenchData.tempDirectory("l2-bench-record");
            queue = ResultQueue.open(directory);
            recorder = queue.createRecorder();
            ring = RecordRing.forRecords(RING_RECORD_CAPACITY);
            agent = new RecorderAgent(ring, queue, DRAIN_BATCH);
            agent.onStart();
        }

        /**
         * Closes everything and deletes the queue.
         */
        @TearDown(Level.Iteration)
        public void tearDown()
        {
            agent.onClose();
            recorder.close();
            queue.close();
            BenchData.deleteRecursively(directory);
        }
    }

    /**
     * A ring shared by the producer and the consumer of the {@code ring} group, with a fresh queue per iteration.
     */
    @State(Scope.Group)
    public static class Shared
    {
        Path directory;
        ResultQueue queue;
        RecordRing ring;
        RecorderAgent agent;
        volatile boolean agentStarted;

        /**
         * Opens the queue and the ring; the consumer starts the agent on its own thread.
         */
        @Setup(Level.Iteration)
        public void setUp()
        {
            directory = BenchData.tempDirectory("l2-bench-ring");
            queue = ResultQueue.open(directory);
            ring = RecordRing.forRecords(RING_RECORD_CAPACITY);
            agent = new RecorderAgent(ring, queue, DRAIN_BATCH);
            agentStarted = false;
        }

        /**
         * Drains what is left, closes everything and deletes the queue.
         */
        @TearDown(Level.Iteration)
        public void tearDown()
        {
            if (!agentStarted)
            {
                agent.onStart();
            }
            agent.onClose();
            queue.close();
            BenchData.deleteRecursively(directory);
        }
    }

    /**
     * Records the producer could not put in the ring (it was full), reported as events per second.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Drops
    {
        /** Records dropped. */
        public long dropped;
    }

    /**
     * Direct append on the shooter's thread.
     *
     * @param state the queue.
     * @return true (a direct append never drops).
     */
    @Benchmark
    public boolean direct(final OneThread state)
    {
        final long n = ++state.sequence;
        return state.recorder.record(
            n * 1000, n * 1000 + 700, n * 1000 + 90_000, 3, (int)(n & 0xFFFF), 1, 0,
            ResultRecordDescriptor.FLAG_AA, Outcome.ANSWERED, 1, 61, (int)(n & 0xFFFF));
    }

    /**
     * Ring hand-off and its drain, both on this thread.
     *
     * @param state the ring and the queue.
     * @return records drained by this call (0 on most calls).
     */
    @Benchmark
    public int ringThenDrain(final OneThread state)
    {
        final long n = ++state.sequence;
        if (!state.ring.tryRecord(
            n * 1000, n * 1000 + 700, n * 1000 + 90_000, 3, (int)(n & 0xFFFF), 1, 0,
            ResultRecordDescriptor.FLAG_AA, Outcome.ANSWERED, 1, 61, (int)(n & 0xFFFF)))
        {
            throw new IllegalStateException("ring full although drained every " + DRAIN_BATCH + " records");
        }
        return 0 == (n % DRAIN_BATCH) ? state.agent.doWork() : 0;
    }

    /**
     * The ring's producer cost alone: the ring is emptied every {@value #DRAIN_BATCH} records by a read that appends
     * nothing, so this is tryRecord plus a few ns of read.
     *
     * @param state the ring.
     * @return true when the record went into the ring.
     */
    @Benchmark
    public boolean ringTryRecordOnly(final OneThread state)
    {
        final long n = ++state.sequence;
        final boolean recorded = state.ring.tryRecord(
            n * 1000, n * 1000 + 700, n * 1000 + 90_000, 3, (int)(n & 0xFFFF), 1, 0,
            ResultRecordDescriptor.FLAG_AA, Outcome.ANSWERED, 1, 61, (int)(n & 0xFFFF));
        if (0 == (n % DRAIN_BATCH))
        {
            state.ring.read(state.discard, DRAIN_BATCH);
        }
        return recorded;
    }

    /**
     * The producer side of the ring on its own thread, the consumer on another: the shooter thread's cost when a
     * recorder thread drains. Meaningful only while {@code dropped} stays near 0 (a full ring makes tryRecord a
     * cheap failure).
     *
     * @param state the shared ring.
     * @param drops counts records dropped on a full ring.
     * @param sequence this thread's record numbering.
     * @return true when the record went into the ring.
     */
    @Benchmark
    @Group("ring")
    @GroupThreads(1)
    public boolean ringProducer(final Shared state, final Drops drops, final OneThreadSequence sequence)
    {
        final long n = ++sequence.value;
        final boolean recorded = state.ring.tryRecord(
            n * 1000, n * 1000 + 700, n * 1000 + 90_000, 3, (int)(n & 0xFFFF), 1, 0,
            ResultRecordDescriptor.FLAG_AA, Outcome.ANSWERED, 1, 61, (int)(n & 0xFFFF));
        if (!recorded)
        {
            drops.dropped++;
        }
        return recorded;
    }

    /**
     * The consumer side of the ring: one recorder duty cycle (most find little or nothing to do).
     *
     * @param state the shared ring.
     * @return records appended.
     */
    @Benchmark
    @Group("ring")
    @GroupThreads(1)
    public int ringConsumer(final Shared state)
    {
        if (!state.agentStarted)
        {
            state.agent.onStart();
            state.agentStarted = true;
        }
        return state.agent.doWork();
    }

    /**
     * A producer thread's record numbering.
     */
    @State(Scope.Thread)
    public static class OneThreadSequence
    {
        long value;
    }
}
