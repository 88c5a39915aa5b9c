package io.l2.bench;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.record.ResultRecordFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;

/**
 * The aggregator, per record: {@link Aggregator#onRecord} checks one result record, finds its second's row and
 * counts it (counters, rcode, latency, service time and lag histograms). The records, {@value #RECORD_COUNT} of them
 * spread over {@value #SECONDS} seconds, are encoded once into an off-heap buffer like a mapped queue file: 93%
 * answered (9% of those NXDOMAIN, latencies from 40 µs to about 20 ms), 3% timeouts, 2% malformed, 2% discarded. They
 * are fed once in setup, so the rows exist and the histograms cover the values: the benchmark is the steady state of
 * a long shoot. Thread: one state per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AggregatorBenchmark
{
    static final int RECORD_COUNT = 1 << 16;
    static final int SECONDS = 4;
    private static final long NS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private UnsafeBuffer records;
    private Aggregator aggregator;
    private int index;

    /**
     * Encodes the records and feeds them all once.
     */
    @Setup
    public void setUp()
    {
        records = new UnsafeBuffer(ByteBuffer.allocateDirect(RECORD_COUNT * RECORD_LENGTH));
        final ResultRecordFlyweight record = new ResultRecordFlyweight();
        final SplittableRandom random = new SplittableRandom(7);
        final long spacingNs = SECONDS * NS_PER_SECOND / RECORD_COUNT;
        for (int i = 0; i < RECORD_COUNT; i++)
        {
            final long intendedNs = i * spacingNs;
            final long sentNs = intendedNs + random.nextLong(1_000, 60_000);
            final long latencyNs = (long)(40_000 * Math.exp(random.nextDouble() * 6.2));
            final int kind = random.nextInt(100);
            final int outcome = kind < 93 ? Outcome.ANSWERED : kind < 96 ? Outcome.TIMEOUT :
                kind < 98 ? Outcome.MALFORMED : Outcome.DISCARDED;
            final boolean sent = Outcome.DISCARDED != outcome;
            final boolean received = Outcome.ANSWERED == outcome || Outcome.MALFORMED == outcome;
            final int rcode = Outcome.ANSWERED == outcome && random.nextInt(100) < 9 ? 3 : 0;
            record.wrap(records, i * RECORD_LENGTH).set(
                intendedNs,
                sent ? sentNs : ResultRecordDescriptor.NO_TIME,
                received ? sentNs + latencyNs : ResultRecordDescriptor.NO_TIME,
                i % 10,
                i,
                1,
                rcode,
                ResultRecordDescriptor.FLAG_AA,
                outcome,
                Outcome.ANSWERED == outcome && 0 == rcode ? 1 : 0,
                received ? 61 : 0,
                i & 0xFFFF);
        }

        aggregator = Aggregator.of((second) -> RECORD_COUNT / SECONDS);
        for (int i = 0; i < RECORD_COUNT; i++)
        {
            aggregator.onRecord(records, i * RECORD_LENGTH);
        }
    }

    /**
     * Count the next record.
     *
     * @return records counted so far.
     */
    @Benchmark
    public long onRecord()
    {
        final int i = index;
        index = (i + 1) & (RECORD_COUNT - 1);
        aggregator.onRecord(records, i * RECORD_LENGTH);
        return aggregator.recordCount();
    }
}
