package io.l2.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultQueue;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.record.ResultRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Recording one query's outcome into the shoot's Chronicle Queue on the shooter's own thread
 * ({@link ResultRecorder#record}: staged off-heap, written one document per batch), per record. Each iteration writes
 * a fresh queue in a temporary directory, deleted after it. The record is a typical answered query.
 * <p>
 * (A ring hand-off to a recorder thread was measured here beside it until issue 18 removed the ring: see
 * {@code io.l2.engine.record}'s package documentation.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordBenchmark
{
    /**
     * A fresh queue per iteration, recorded into on the benchmark thread.
     */
    @State(Scope.Thread)
    public static class OneThread
    {
        Path directory;
        ResultQueue queue;
        ResultRecorder recorder;
        long sequence;

        /**
         * Opens the queue and the recorder.
         */
        @Setup(Level.Iteration)
        public void setUp()
        {
            directory = BenchData.tempDirectory("l2-bench-record");
            queue = ResultQueue.open(directory);
            recorder = queue.createRecorder();
        }

        /**
         * Closes everything and deletes the queue.
         */
        @TearDown(Level.Iteration)
        public void tearDown()
        {
            recorder.close();
            queue.close();
            BenchData.deleteRecursively(directory);
        }
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
}
