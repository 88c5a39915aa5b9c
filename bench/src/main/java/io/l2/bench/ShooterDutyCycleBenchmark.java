package io.l2.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.profile.RateProfileParser;
import io.l2.engine.record.ResultQueue;
import io.l2.engine.record.ResultSink;
import io.l2.engine.shoot.DatagramIos;
import io.l2.engine.shoot.IoMode;
import io.l2.engine.shoot.Shooter;
import io.l2.engine.shoot.ShooterContext;
import io.l2.engine.shoot.ShooterCounter;
import io.l2.engine.shoot.ShooterCounters;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One duty cycle of a real shooter agent (receive, send what is due, expire timeouts, record each outcome), run on
 * the benchmark thread.
 * <p>
 * The agent is built by {@link Shooter#launch} from a {@link ShooterContext} like any shoot, with a thread factory
 * that keeps the agent's {@link AgentRunner} instead of running it (the thread it returns does nothing), so the
 * benchmark calls the agent's {@code doWork()} itself: all public API, no reflection. The profile is
 * {@code const(10000000,1h)}, a rate no loopback reaches, so every cycle has queries due, as in a max-throughput
 * shoot. Scenarios ({@code scenario}):
 * <ul>
 *     <li>{@code sync-reflector}: closed model, {@code workers} queries in flight; each op is one shooter cycle plus
 *     one cycle of a {@link LoopbackReflector} driven on the same thread, which answers each query with itself
 *     turned into a response without allocating (so B/op is the shooter's);</li>
 *     <li>{@code async-reflector}: open model, the same sink: up to 256 sends a cycle, bounded by free ids;</li>
 *     <li>{@code async-timeout}: open model against a bound socket that never reads, timeout 1 ms: every query is
 *     sent, scanned and timed out (the timeout scan's path);</li>
 *     <li>{@code sync-responder}: as {@code sync-reflector} but answered by l2's embedded {@code ResponderAgent}
 *     (real answers from the zone); its B/op includes the responder's: the JDK's {@code DatagramChannel.receive}
 *     allocates the sender's address whenever the sender changes, i.e. with more than one worker.</li>
 * </ul>
 * {@code sink}: {@code none} (outcomes counted and dropped: the agent alone) or {@code queue} (a Chronicle Queue
 * in a temporary directory, as a shoot records). The {@code sent}, {@code answered} and {@code timeouts} events are
 * counted per iteration, so ns per query = iteration time ÷ sent, and B per query = B/op × ops ÷ sent
 * ({@code bench/jmh} prints both). An op lasts tens of µs to ms, so the few KiB the JVM allocates per iteration
 * outside the benchmark (JMH's own bookkeeping) show as bytes per op: compare KiB per iteration across scenarios
 * before blaming the agent. {@code io}: {@code nio} (a system call per datagram) or {@code mmsg} (batches through
 * {@code sendmmsg}/{@code recvmmsg}, FFM: skipped with a note on a JDK before 22); {@code sockets}: how many sockets
 * carry the {@code workers} (0: the engine's choice). Not the {@code ShooterAgent} internals: the in-flight table
 * (class {@code QuerySocket}) and the agent's constructor are package-private in the engine, so match and timeout
 * scan cannot be measured apart from the cycle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShooterDutyCycleBenchmark
{
    private static final String PROFILE = "const(10000000,1h)";
    private static final int QUERY_COUNT = 4096;

    /** {@code sync-reflector}, {@code async-reflector}, {@code async-timeout} or {@code sync-responder}. */
    @Param({ "sync-reflector", "async-reflector", "async-timeout", "sync-responder" })
    public String scenario;

    /** {@code none} or {@code queue}. */
    @Param({ "none", "queue" })
    public String sink;

    /** Workers of the agent: sync, the queries in flight at once. */
    @Param({ "10" })
    public int workers;

    /** Sockets carrying them, 0 for the engine's choice (4 per thread, at most one per worker when sync). */
    @Param({ "0" })
    public int sockets;

    /** {@code nio} or {@code mmsg} (needs JDK 22+). */
    @Param({ "nio", "mmsg" })
    public String io;

    private Path directory;
    private AmmoTable ammo;
    private LoopbackResponder responder;
    private LoopbackReflector reflector;
    private DatagramChannel silent;
    private ResultQueue queue;
    private Shooter shooter;
    private Agent agent;
    private ShooterCounters counters;
    private long lastSent;
    private long lastAnswered;
    private long lastTimeouts;

    /**
     * Queries resolved, as events (counts per iteration) beside the time per duty cycle.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Queries
    {
        /** Queries sent. */
        public long sent;
        /** Queries answered. */
        public long answered;
        /** Queries timed out. */
        public long timeouts;

        /**
         * Starts each iteration from zero.
         */
        @Setup(Level.Iteration)
        public void reset()
        {
            sent = 0;
            answered = 0;
            timeouts = 0;
        }
    }

    /**
     * Opens the target, the sink and the shooter, and takes its (only) agent.
     *
     * @throws IOException when a socket cannot be opened.
     */
    @Setup
    public void setUp() throws IOException
    {
        if (IoMode.MMSG == IoMode.of(io) && null != DatagramIos.mmsgUnavailableReason())
        {
            throw new IllegalStateException("io mmsg: " + DatagramIos.mmsgUnavailableReason() + ": run with -p io=nio");
        }
        directory = BenchData.tempDirectory("l2-bench-shooter");
        ammo = BenchData.ammo(BenchData.DEFAULT_HOST_COUNT, QUERY_COUNT);

        final InetSocketAddress target;
        final boolean sync;
        final long timeoutNs;
        switch (scenario)
        {
            case "sync-reflector":
            case "async-reflector":
                reflector = new LoopbackReflector();
                target = reflector.address();
                sync = "sync-reflector".equals(scenario);
                timeoutNs = ShooterContext.TIMEOUT_DEFAULT_NS;
                break;

            case "sync-responder":
                responder = new LoopbackResponder(directory, BenchData.DEFAULT_HOST_COUNT);
                target = responder.address();
                sync = true;
                timeoutNs = ShooterContext.TIMEOUT_DEFAULT_NS;
                break;

            case "async-timeout":
                silent = DatagramChannel.open();
                silent.bind(new InetSocketAddress("127.0.0.1", 0));
                target = (InetSocketAddress)silent.getLocalAddress();
                sync = false;
                timeoutNs = TimeUnit.MILLISECONDS.toNanos(1);
                break;

            default:
                throw new IllegalArgumentException("unknown scenario '" + scenario +
                    "' (sync-reflector, async-reflector, async-timeout, sync-responder)");
        }

        final ResultSink resultSink;
        switch (sink)
        {
            case "none":
                resultSink = new CountingSink();
                break;

            case "queue":
                queue = ResultQueue.open(directory.resolve("queue"));
                resultSink = queue.createRecorder();
                break;

            default:
                throw new IllegalArgumentException("unknown sink '" + sink + "' (none, queue)");
        }

        final AtomicReference<AgentRunner> captured = new AtomicReference<>();
        shooter = Shooter.launch(new ShooterContext()
            .target(target)
            .ammo(ammo)
            .profile(RateProfileParser.parse(PROFILE))
            .workerCount(workers)
            .socketCount(sockets)
            .ioMode(IoMode.of(io))
            .threadCount(1)
            .sync(sync)
            .timeoutNs(timeoutNs)
            .idleStrategy("noop")
            .sinkFactory((thread) -> resultSink)
            .threadFactory((runnable) ->
            {
                captured.set((AgentRunner)runnable);
                return new Thread(() ->
                {
                });
            }));
        agent = captured.get().agent();
        counters = shooter.counters().get(0);
    }

    /**
     * Closes the shooter (the agent's sockets and sink), the target and the queue, and deletes the files.
     */
    @TearDown
    public void tearDown()
    {
        shooter.abort();
        shooter.close();
        CloseHelper.quietCloseAll(responder, reflector, silent, queue);
        ammo.close();
        BenchData.deleteRecursively(directory);
    }

    /**
     * One shooter duty cycle, and one duty cycle of the reflector or the responder when there is one.
     *
     * @param queries counts what the cycle resolved.
     * @return the work count of the cycle(s).
     * @throws Exception when a duty cycle fails.
     */
    @Benchmark
    public int dutyCycle(final Queries queries) throws Exception
    {
        int workCount = agent.doWork();
        if (null != reflector)
        {
            workCount += reflector.doWork();
        }
        else if (null != responder)
        {
            workCount += responder.respondNow();
        }

        final long sent = counters.get(ShooterCounter.SENT);
        final long answered = counters.get(ShooterCounter.ANSWERED);
        final long timeouts = counters.get(ShooterCounter.TIMEOUTS);
        queries.sent += sent - lastSent;
        queries.answered += answered - lastAnswered;
        queries.timeouts += timeouts - lastTimeouts;
        lastSent = sent;
        lastAnswered = answered;
        lastTimeouts = timeouts;
        return workCount;
    }

    /**
     * Counts outcomes and keeps nothing: the agent's cost without recording.
     */
    static final class CountingSink implements ResultSink
    {
        long recordCount;

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
            recordCount++;
            return true;
        }
    }
}
