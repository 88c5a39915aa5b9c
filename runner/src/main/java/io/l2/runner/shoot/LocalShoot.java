/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;

import io.l2.config.LatePolicy;
import io.l2.config.Mode;
import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.aggregate.QueueAggregation;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.record.QueuePretoucher;
import io.l2.engine.record.ResultQueue;
import io.l2.engine.shoot.Shooter;
import io.l2.engine.shoot.ShooterContext;
import io.l2.engine.shoot.ShooterCounter;
import io.l2.engine.shoot.Warmup;
import io.l2.runner.results.HostResult;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Runs one host's share of a shoot in this process: the shooter's agents send and record into the host's queue
 * while this thread tails the queue with the aggregator and reports each second once it is complete (every query
 * intended in it answered or timed out). The same aggregator, run over the queue later, gives the same numbers.
 */
public final class LocalShoot
{
    /** Time between the launch and the first intended query: sockets open, threads start, code warms. */
    static final long START_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(200);
    /** The least time before a fleet's start instant in which a collection is made before the profile. */
    static final long COLLECT_BUDGET_NS = TimeUnit.MILLISECONDS.toNanos(500);
    /** The shortest warm-up worth running: one round of the reflector's. */
    static final long MIN_WARMUP_NS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Short, so each poll's share of work is small (the aggregator shares a core with the shooter on small hosts). */
    private static final long POLL_INTERVAL_MS = 5;
    private static final int POLL_LIMIT = 1 << 20;
    /** The most of the queue's file read ahead of the shooter per poll: 200 MB/s at most, far above any shoot's. */
    private static final long PRETOUCH_SLICE_LENGTH = 1 << 20;
    /**
     * Synthetic records run through the aggregator before the warm-up shoot: every rare path (20 new seconds, 2 new
     * aggregators) and twice C2's invocation threshold, some 20 ms; 100,000 cost 100 ms of CPU and 5 MB of rows per
     * shoot for nothing more (a daemon's JFR).
     */
    private static final int REHEARSAL_RECORDS = 20_000;
    /** The warm-up's queue maps small blocks: it holds a few megabytes and is deleted at once. */
    private static final long WARMUP_BLOCK_LENGTH = 1 << 20;

    /**
     * Receives each second of a host once it is complete, and the end.
     */
    public interface Progress
    {
        /**
         * @param second the complete second.
         */
        void onSecond(SecondStats second);

        /**
         * The profile's start instant, once fixed (before the first second).
         *
         * @param startEpochNs the wall-clock instant of second 0, ns since the epoch.
         */
        default void onStart(final long startEpochNs)
        {
        }

        /**
         * Does with a warm-up's second what {@link #onSecond} would (formats, encodes), but prints and sends
         * nothing: called before the shoot, so that code is compiled before the first real second. Default: nothing.
         *
         * @param second a second of the warm-up.
         */
        default void rehearse(final SecondStats second)
        {
        }
    }

    private LocalShoot()
    {
    }

    /**
     * The queries a profile intends in each second.
     *
     * @param profile the profile.
     * @return second index to the number of queries intended in it.
     */
    public static LongUnaryOperator requestedPerSecond(final RateProfile profile)
    {
        final long second = TimeUnit.SECONDS.toNanos(1);
        return (s) -> profile.countBefore((s + 1) * second) - profile.countBefore(s * second);
    }

    /**
     * Shoots the host's share and waits for its end.
     *
     * @param setup    the resolved shoot.
     * @param host     this host's share.
     * @param options  threads and idling.
     * @param progress told of every complete second, on this thread.
     * @param abort    polled: true stops sending; what is in flight still resolves.
     * @return what the host measured.
     * @throws IOException when the queue or the sockets cannot be opened.
     */
    public static HostResult run(
        final ShootSetup setup,
        final HostShare host,
        final ShootOptions options,
        final Progress progress,
        final BooleanSupplier abort) throws IOException
    {
        return run(setup, host, options, 0, progress, abort);
    }

    /**
     * Where a host keeps the queue of a shoot.
     *
     * @param setup the resolved shoot.
     * @param host  the host.
     * @return {@code data-dir/SHOOT_ID/HOST}, absolute.
     */
    public static Path queueDir(final ShootSetup setup, final HostShare host)
    {
        return setup.config().daemon().dataDir().resolve(setup.shootId()).resolve(host.host()).toAbsolutePath()
            .normalize();
    }

    /**
     * The free-space guard of a host's queue: the block its queue maps (Chronicle's default) and the busiest second
     * of its share.
     *
     * @param setup the resolved shoot.
     * @param host  the host.
     * @return the guard of {@link #queueDir(ShootSetup, HostShare)}.
     */
    public static DiskGuard diskGuard(final ShootSetup setup, final HostShare host)
    {
        return new DiskGuard(queueDir(setup, host), ResultQueue.mappedBlockLength(ResultQueue.DEFAULT_BLOCK_LENGTH),
            DiskGuard.peakPerSecond(host.profile()));
    }

    /**
     * Shoots the host's share from a given instant (a runner's, common to every host) and waits for its end.
     *
     * @param setup        the resolved shoot.
     * @param host         this host's share.
     * @param options      threads and idling.
     * @param startEpochNs the wall-clock instant of the profile's start, ns since the epoch; 0 to start as soon as
     *                     the shooter is ready. An instant already past when the shooter is ready starts it at once,
     *                     and the queries intended before then are late (sent at once or discarded, per the plan).
     * @param progress     told of every complete second, on this thread.
     * @param abort        polled: true stops sending; what is in flight still resolves.
     * @return what the host measured; {@link HostResult#FAILED} with the {@link DiskGuard}'s reason when the queue's
     * file system has less free space than the guard's margin before the start (nothing is opened or sent then) or at
     * any look during the shoot (sending stops, what is in flight still resolves, what was recorded is kept).
     * @throws IOException when the queue or the sockets cannot be opened.
     */
    public static HostResult run(
        final ShootSetup setup,
        final HostShare host,
        final ShootOptions options,
        final long startEpochNs,
        final Progress progress,
        final BooleanSupplier abort) throws IOException
    {
        final Path queueDir = queueDir(setup, host);
        final long timeoutNs = setup.plan().timeoutNs();
        final LongUnaryOperator requested = requestedPerSecond(host.profile());
        final DiskGuard diskGuard = diskGuard(setup, host);
        final String fullAtStart = diskGuard.check();
        if (null != fullAtStart)
        {
            return new HostResult(host.host(), host.datacenter(), HostResult.FAILED, fullAtStart + "; not shooting",
                Aggregator.of(requested), Map.of(), null);
        }
        Files.createDirectories(queueDir);

        try (ResultQueue queue = ResultQueue.open(queueDir);
            QueueAggregation aggregation = new QueueAggregation(queue, Aggregator.of(requested));
            QueuePretoucher pretoucher = new QueuePretoucher(queue))
        {
            final SystemNanoClock clock = SystemNanoClock.INSTANCE;
            final ShooterContext context = new ShooterContext()
                .target(setup.target())
                .ammo(setup.ammo())
                .ammoOffset(host.ammoOffset())
                .profile(host.profile())
                .workerCount(setup.plan().instances())
                .threadCount(Math.min(options.threadCount(), setup.plan().instances()))
                .sync(Mode.SYNC == setup.plan().mode())
                .timeoutNs(timeoutNs)
                .discardLate(LatePolicy.DISCARD == setup.plan().late())
                .idleStrategy(options.idleStrategy())
                .socketBufferLength(options.socketBufferLength())
                .ioMode(options.io())
                .socketCount(0 != options.socketCount() ? options.socketCount() :
                    setup.plan().transport().connections())
                .cpus(options.cpus())
                .clock(clock)
                .sinkFactory((thread) -> new QueueSink(queue));
            TransportText.configure(context, setup.plan().transport(), setup.plan().target());
            queue.prepareForWrites();
            // the whole first file now, the rest as the shoot goes (see QueuePretoucher)
            pretoucher.poll(clock.nanoTime(), Long.MAX_VALUE);
            if (options.warmup() && warmupNs(startEpochNs) >= MIN_WARMUP_NS)
            {
                warmUp(context, queueDir.resolveSibling(host.host() + ".warmup"), requested, startEpochNs, progress);
            }
            collectBeforeStart(startEpochNs);
            final long nowNs = clock.nanoTime();
            final long startNs = 0 == startEpochNs ? nowNs + START_DELAY_NS :
                nowNs + (startEpochNs - SystemEpochNanoClock.INSTANCE.nanoTime());
            context.startNs(startNs);
            progress.onStart(0 == startEpochNs ?
                SystemEpochNanoClock.INSTANCE.nanoTime() + (startNs - clock.nanoTime()) : startEpochNs);

            boolean aborted = false;
            String diskFull = null;
            long reported = 0;
            final Shooter shooter = Shooter.launch(context);
            try
            {
                while (!shooter.isDone())
                {
                    if (!aborted && abort.getAsBoolean())
                    {
                        shooter.abort();
                        aborted = true;
                    }
                    if (!aborted && null != (diskFull = diskGuard.poll(clock.nanoTime())))
                    {
                        shooter.abort();
                        aborted = true;
                    }
                    aggregation.poll(POLL_LIMIT);
                    pretoucher.poll(clock.nanoTime(), PRETOUCH_SLICE_LENGTH);
                    final long completeSeconds = (clock.nanoTime() - startNs - timeoutNs) / TimeUnit.SECONDS.toNanos(1);
                    reported = report(aggregation.aggregator(), reported, completeSeconds, progress);
                    sleep();
                }
            }
            finally
            {
                shooter.close();
            }
            while (aggregation.poll(POLL_LIMIT) > 0)
            {
                // drain what was recorded until the agents closed
            }
            report(aggregation.aggregator(), reported, Long.MAX_VALUE, progress);

            final Map<String, Long> counters = new LinkedHashMap<>();
            for (final ShooterCounter counter : ShooterCounter.values())
            {
                counters.put(counter.label().replace(' ', '_'), shooter.counter(counter));
            }
            final Throwable error = shooter.firstError();
            final String status = null != error || null != diskFull ? HostResult.FAILED :
                aborted ? HostResult.ABORTED : HostResult.OK;
            final String reason = null != error ? String.valueOf(error) :
                null != diskFull ? diskFull + "; stopped sending" : aborted ? "aborted by the user" :
                connectionTrouble(shooter);
            return new HostResult(
                host.host(), host.datacenter(), status, reason, aggregation.aggregator(), counters, queueDir);
        }
    }

    /**
     * @return for a connection transport whose connections failed or were lost, e.g. {@code 12 connect failures, 0
     * connections closed (last: Connection refused)}; else empty.
     */
    private static String connectionTrouble(final Shooter shooter)
    {
        final long failures = shooter.counter(ShooterCounter.CONNECT_FAILURES);
        final long closes = shooter.counter(ShooterCounter.CONNECTION_CLOSES);
        final String last = shooter.lastConnectionFailure();
        if (0 == failures + closes || null == last)
        {
            return "";
        }
        return failures + " connect failure" + (1 == failures ? "" : "s") + ", " + closes + " connection" +
            (1 == closes ? "" : "s") + " closed (last: " + last.replace('\n', ' ') + ")";
    }

    /**
     * The warm-up: synthetic records through the aggregator, then the warm-up shoot, recording into a throwaway queue
     * read while it shoots and deleted after, then its seconds through the progress's rehearsal, so the recording,
     * aggregation and reporting code is compiled before the real shoot too, not only the shooter's.
     */
    private static void warmUp(
        final ShooterContext context,
        final Path warmupDir,
        final LongUnaryOperator requested,
        final long startEpochNs,
        final Progress progress) throws IOException
    {
        try
        {
            Aggregator.rehearse(requested, REHEARSAL_RECORDS);
            try (ResultQueue warmupQueue = ResultQueue.open(warmupDir, SystemEpochClock.INSTANCE, WARMUP_BLOCK_LENGTH);
                QueueAggregation aggregation = new QueueAggregation(warmupQueue, Aggregator.of(requested)))
            {
                // written and read as the real shoot's queue is (prepared, then read while it shoots), so the same
                // paths are compiled
                warmupQueue.prepareForWrites();
                // measured now, after the rehearsal and the queue's opening, so a fleet's start is never passed
                final long durationNs = warmupNs(startEpochNs);
                if (durationNs < MIN_WARMUP_NS)
                {
                    return;
                }
                Warmup.run(context, Warmup.RATE_DEFAULT, durationNs, settleNs(startEpochNs),
                    (thread) -> new QueueSink(warmupQueue), () -> aggregation.poll(POLL_LIMIT));
                while (aggregation.poll(POLL_LIMIT) > 0)
                {
                    // the rest of the warm-up's records
                }
                for (final SecondStats second : aggregation.aggregator().seconds())
                {
                    progress.rehearse(second);
                }
            }
        }
        finally
        {
            deleteTree(warmupDir);
        }
    }

    /**
     * Collects the garbage of the set-up and the warm-up before the profile starts, so a shoot begins with an empty
     * young generation: a daemon runs shoot after shoot in one JVM and had a young collection fall inside every few
     * shoots' profiles (56 and 93 ms with the serial collector a JVM on one CPU gets, in 2 of 13 shoots of
     * bench/daemon-series), while a shoot's own allocation is far below the young generation's size. Skipped when a
     * fleet's start instant is less than {@link #COLLECT_BUDGET_NS} away (a late start is worse than a collection
     * later), and a no-op under -XX:+DisableExplicitGC.
     */
    private static void collectBeforeStart(final long startEpochNs)
    {
        if (0 == startEpochNs || startEpochNs - SystemEpochNanoClock.INSTANCE.nanoTime() >= COLLECT_BUDGET_NS)
        {
            System.gc();
        }
    }

    /**
     * The warm-up's least duration: {@link Warmup#DURATION_DEFAULT_NS}, less when a fleet's start instant comes
     * sooner (it ends {@link #START_DELAY_NS} before it; under {@link #MIN_WARMUP_NS} there is no warm-up).
     */
    static long warmupNs(final long startEpochNs)
    {
        if (0 == startEpochNs)
        {
            return Warmup.DURATION_DEFAULT_NS;
        }
        return Math.max(0, Math.min(Warmup.DURATION_DEFAULT_NS, warmupLeftNs(startEpochNs)));
    }

    /**
     * How long the warm-up may go on while the JIT is busy: {@link Warmup#SETTLE_DEFAULT_NS}, less when a fleet's
     * start instant comes sooner (the warm-up ends {@link #START_DELAY_NS} before it, or at its least duration).
     */
    static long settleNs(final long startEpochNs)
    {
        if (0 == startEpochNs)
        {
            return Warmup.SETTLE_DEFAULT_NS;
        }
        final long afterLeastNs = warmupLeftNs(startEpochNs) - Warmup.DURATION_DEFAULT_NS;
        return Math.max(0, Math.min(Warmup.SETTLE_DEFAULT_NS, afterLeastNs));
    }

    /**
     * @return the time from now until the warm-up must end: {@link #START_DELAY_NS} before a fleet's start instant.
     */
    private static long warmupLeftNs(final long startEpochNs)
    {
        return startEpochNs - SystemEpochNanoClock.INSTANCE.nanoTime() - START_DELAY_NS;
    }

    private static void deleteTree(final Path directory) throws IOException
    {
        if (Files.exists(directory))
        {
            try (Stream<Path> paths = Files.walk(directory))
            {
                for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
                {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /**
     * Reports the seconds that are complete, in order: a second is complete once every query the profile intended
     * in it has its record (answered, timed out, failed or dropped), so a second is never reported short, however
     * late the shooter runs (a daemon's reported seconds are final); and, as a bound, once its timeout has passed.
     * With {@code completeSeconds} {@link Long#MAX_VALUE} (the end) every remaining second is reported.
     */
    private static long report(
        final Aggregator aggregator, final long reported, final long completeSeconds, final Progress progress)
    {
        long next = reported;
        final boolean end = Long.MAX_VALUE == completeSeconds;
        final List<SecondStats> seconds = aggregator.seconds();
        for (final SecondStats second : seconds)
        {
            if (second.second() < next)
            {
                continue;
            }
            if (!end && (second.second() >= completeSeconds || second.recordCount() < second.requestedCount()))
            {
                break;
            }
            progress.onSecond(second);
            next = second.second() + 1;
        }
        return next;
    }


    private static void sleep()
    {
        try
        {
            Thread.sleep(POLL_INTERVAL_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
