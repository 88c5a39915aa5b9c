/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.aeron.Publication;
import io.l2.config.ConfigException;
import io.l2.config.L2Config;
import io.l2.config.ShootPlan;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.aggregate.SecondStatsCodec;
import io.l2.engine.shoot.ShooterContext;
import io.l2.engine.shoot.ShooterCounter;
import io.l2.runner.report.ResultFolder;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.results.ShootResult;
import io.l2.runner.security.Aim;
import io.l2.runner.security.AimLimits;
import io.l2.runner.shoot.FireOptions;
import io.l2.runner.shoot.FirePlan;
import io.l2.runner.shoot.HostShare;
import io.l2.runner.shoot.LocalShoot;
import io.l2.runner.shoot.ShootId;
import io.l2.runner.shoot.ShootOptions;
import io.l2.runner.shoot.ShootSetup;
import io.l2.transport.auth.MessageSigner;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.SecondAggregateDecoder;
import io.l2.transport.codecs.SecondAggregateEncoder;
import io.l2.transport.control.ControlProxy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Runs the shoots runners fire at this daemon, one at a time, on its own thread ({@code l2-daemon-shoot}).
 * <p>
 * A fire addressed to this host is checked as {@code l2 shoot fire} checks a plan (with this host's l2.yaml: its ammo,
 * its sets), then acked with the queue's directory, or refused with a one-line reason (a dry-run fire,
 * {@link ControlCodec#FLAG_DRY_RUN}, is only checked and answered: nothing is sent, no state kept); a repeated fire of the running
 * shoot is acked again (the runner resends until it hears an answer). The shoot starts at the fire's instant; each
 * complete second goes to the runner as a {@link SecondAggregateDecoder} carrying the whole second
 * ({@link SecondStatsCodec}), then an {@link EndDecoder} with the host's status. The daemon keeps the queue and
 * writes the host's own results folder, so {@code /shoots} and {@code l2 replay} work here too.
 * <p>
 * Aim limits: a fire is refused, also a dry-run one, when this host's own {@code security:} does not allow it
 * ({@link AimLimits}: the pinned target against {@code targets}, the name the runner claims for it resolved here, this
 * host's share against the ceilings); the target is never resolved here ({@link FirePlan#pinnedTarget}).
 * <p>
 * Dead-man switch: every message of the shoot's runner (fire, lease, abort) renews the lease the fire granted; a shoot
 * that hears nothing for the lease stops sending by itself and ends with {@link ControlCodec#STATUS_LEASE_EXPIRED}.
 * <p>
 * Disk guard: a fire is refused ({@code disk full: …}) when the data directory's file system has less free space than
 * the {@link io.l2.runner.shoot.DiskGuard}'s margin, and a shoot whose free space falls under it stops sending and ends
 * {@link ControlCodec#STATUS_FAILED} with that reason (see {@link LocalShoot#run}).
 * <p>
 * {@link #onFire}, {@link #onLease} and {@link #onAbort} are called on the control thread with that thread's proxy;
 * everything else happens on the shoot thread with its own proxy (and its own signer, so each thread's sequence
 * leaves in order) over the same (thread-safe) publication.
 */
final class ShootService implements AutoCloseable
{
    /** The longest wait for a message to leave under back pressure before it is dropped, in ns. */
    static final long OFFER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);

    /** The furthest a start instant may be ahead of this host's clock, in ns. */
    static final long MAX_LEAD_NS = TimeUnit.SECONDS.toNanos(60);

    static final long CLOSE_WAIT_MS = 30_000;

    private final L2Config config;
    private final String host;
    private final DaemonState state;
    private final PrintStream log;
    private final ControlProxy proxy;
    private final AimLimits aimLimits;
    private final UnsafeBuffer secondBuffer = new UnsafeBuffer(new byte[SecondStatsCodec.MAX_ENCODED_LENGTH]);
    private final ExecutorService executor = Executors.newSingleThreadExecutor((runnable) ->
    {
        final Thread thread = new Thread(runnable, Daemon.THREAD_PREFIX + "shoot");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<Running> running = new AtomicReference<>();
    private int secondCount;

    /**
     * The shoot this daemon runs: written by the shoot thread, its flags read and set by the control thread.
     */
    static final class Running
    {
        final long shootId;
        final long correlationId;
        final long leaseNs;
        final Path queueDir;
        volatile boolean acked;
        volatile boolean abortRequested;
        volatile String abortReason = "";
        volatile long lastHeardNs;

        Running(final long shootId, final long correlationId, final long leaseNs, final Path queueDir)
        {
            this.shootId = shootId;
            this.correlationId = correlationId;
            this.leaseNs = leaseNs;
            this.queueDir = queueDir;
            this.lastHeardNs = System.nanoTime();
        }

        boolean leaseExpired(final long nowNs)
        {
            return nowNs - lastHeardNs > leaseNs;
        }
    }

    ShootService(
        final L2Config config, final String host, final DaemonState state, final Publication publication,
        final MessageSigner signer, final PrintStream log)
    {
        this.config = config;
        this.host = host;
        this.state = state;
        this.proxy = new ControlProxy(publication, signer);
        this.log = log;
        this.aimLimits = AimLimits.of(config.security());
    }

    /**
     * A fire: ignored unless addressed to this host; acked again when it is the running shoot's; refused when
     * another shoot runs; else handed to the shoot thread.
     *
     * @param fire         the message (valid only during the call).
     * @param controlProxy the control thread's proxy, for answers given on that thread.
     */
    void onFire(final FireDecoder fire, final ControlProxy controlProxy)
    {
        if (!host.equals(fire.host()))
        {
            return;
        }
        final long shootId = fire.shootId();
        final Running current = running.get();
        if (null != current)
        {
            if (current.shootId == shootId)
            {
                current.lastHeardNs = System.nanoTime();
                if (current.acked)
                {
                    controlProxy.ack(fire.correlationId(), shootId, host, current.queueDir.toString());
                }
            }
            else
            {
                controlProxy.refuse(fire.correlationId(), shootId, host,
                    "busy: shooting " + ShootId.fromLong(current.shootId));
            }
            return;
        }
        final String shootIdText;
        try
        {
            shootIdText = ShootId.fromLong(shootId);
        }
        catch (final IllegalArgumentException ex)
        {
            controlProxy.refuse(fire.correlationId(), shootId, host, ex.getMessage());
            return;
        }
        final byte[] plan = new byte[fire.planLength()];
        fire.getPlan(plan, 0, plan.length);
        final Fire request = new Fire(fire.correlationId(), shootId, shootIdText, fire.startEpochNs(),
            fire.leaseMs(), fire.hostIndex(), fire.hostCount(), plan);
        if (0 != (fire.flags() & ControlCodec.FLAG_DRY_RUN))
        {
            executor.execute(() -> check(request));
            return;
        }
        final Running next = new Running(shootId, fire.correlationId(),
            TimeUnit.MILLISECONDS.toNanos(Math.max(1, fire.leaseMs())),
            config.daemon().dataDir().resolve(shootIdText).resolve(host).toAbsolutePath().normalize());
        if (!state.beginShoot(shootIdText, () -> requestAbort(next, "aborted through the REST API")))
        {
            controlProxy.refuse(fire.correlationId(), shootId, host, "busy: shooting " + state.shootId());
            return;
        }
        running.set(next);
        executor.execute(() -> shoot(request, next));
    }

    /**
     * A lease: renews the running shoot's.
     *
     * @param lease the message.
     */
    void onLease(final LeaseDecoder lease)
    {
        final Running current = running.get();
        if (null != current && current.shootId == lease.shootId())
        {
            current.lastHeardNs = System.nanoTime();
        }
    }

    /**
     * An abort: stops the running shoot when it is the one named.
     *
     * @param abort the message.
     */
    void onAbort(final AbortDecoder abort)
    {
        final Running current = running.get();
        if (null != current && current.shootId == abort.shootId())
        {
            current.lastHeardNs = System.nanoTime();
            requestAbort(current, "aborted by the runner: " + abort.reason());
        }
    }

    /**
     * Stops the running shoot, if any (its end is still sent and its results written), and the shoot thread, waiting
     * at most {@link #CLOSE_WAIT_MS}.
     */
    public void close()
    {
        final Running current = running.get();
        if (null != current)
        {
            requestAbort(current, "the daemon is stopping");
        }
        executor.shutdown();
        try
        {
            if (!executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS))
            {
                log.println("l2 daemon: the shoot did not end within " + CLOSE_WAIT_MS + " ms of the stop");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void requestAbort(final Running shoot, final String reason)
    {
        if (!shoot.abortRequested)
        {
            shoot.abortReason = reason;
            shoot.abortRequested = true;
        }
    }

    private void check(final Fire fire)
    {
        if (null != running.get())
        {
            refuse(fire, "busy: shooting " + state.shootId());
            return;
        }
        try
        {
            final ShootPlan plan = FirePlan.decode(fire.plan, config);
            final FireOptions options = FirePlan.options(fire.plan);
            final String aimRefusal = aimRefusal(fire, plan);
            if (null != aimRefusal)
            {
                refuse(fire, aimRefusal);
                return;
            }
            try (ShootSetup setup = ShootSetup.resolveShare(fire.shootIdText, config, plan, host, fire.hostIndex,
                fire.hostCount))
            {
                final HostShare share = setup.hosts().get(0);
                final String diskFull = LocalShoot.diskGuard(setup, share).check();
                if (null != diskFull)
                {
                    refuse(fire, diskFull);
                    return;
                }
                final ShootOptions shootOptions =
                    options.shootOptions(config.daemon(), ShooterContext.SOCKET_BUFFER_DEFAULT_LENGTH);
                final String io = shootOptions.describeIo();
                offer(() -> proxy.ack(fire.correlationId, fire.shootId, host, "dry run: " +
                    share.profile().totalCount() + " queries to " + setup.target() + ", ammo " +
                    setup.ammo().count() + " queries sha256 " + setup.ammo().sha256() + ", " +
                    shootOptions.threadCount() + " thread(s), idle " + shootOptions.idleStrategy() + ", " + io));
            }
        }
        catch (final RuntimeException ex)
        {
            refuse(fire, ex instanceof ConfigException || ex instanceof IllegalArgumentException ? ex.getMessage() :
                "cannot prepare the shoot: " + ex);
        }
    }

    private void shoot(final Fire fire, final Running current)
    {
        final long[] counters = new long[ShooterCounter.values().length];
        try
        {
            final ShootSetup setup;
            final ShootPlan plan;
            final FireOptions options;
            try
            {
                plan = FirePlan.decode(fire.plan, config);
                options = FirePlan.options(fire.plan);
                final String aimRefusal = aimRefusal(fire, plan);
                if (null != aimRefusal)
                {
                    refuse(fire, aimRefusal);
                    return;
                }
                setup = ShootSetup.resolveShare(fire.shootIdText, config, plan, host, fire.hostIndex,
                    fire.hostCount);
            }
            catch (final ConfigException | IllegalArgumentException ex)
            {
                refuse(fire, ex.getMessage());
                return;
            }
            catch (final RuntimeException ex)
            {
                refuse(fire, "cannot prepare the shoot: " + ex);
                return;
            }
            try (setup)
            {
                final long lateNs = SystemEpochNanoClock.INSTANCE.nanoTime() - fire.startEpochNs;
                if (-lateNs > MAX_LEAD_NS)
                {
                    refuse(fire, "the start instant is " + TimeUnit.NANOSECONDS.toSeconds(-lateNs) + " s ahead " +
                        "(over " + TimeUnit.NANOSECONDS.toSeconds(MAX_LEAD_NS) + " s): are the clocks apart?");
                    return;
                }
                if (lateNs > 0)
                {
                    refuse(fire, "ready " + TimeUnit.NANOSECONDS.toMillis(lateNs) + " ms after the start instant " +
                        "(clocks apart, or the ammo took that long to load: a longer --lead gives it time): " +
                        "not shooting late");
                    return;
                }
                final HostShare share = setup.hosts().get(0);
                final String io;
                try
                {
                    io = options.shootOptions(config.daemon(), 0).describeIo();
                }
                catch (final IllegalArgumentException ex)
                {
                    refuse(fire, ex.getMessage());
                    return;
                }
                final String diskFull = LocalShoot.diskGuard(setup, share).check();
                if (null != diskFull)
                {
                    refuse(fire, diskFull + "; not shooting");
                    return;
                }
                final Path resultsDir = ShootResults.hostDir(config.daemon().resultsDir(), fire.shootIdText, host)
                    .toAbsolutePath().normalize();
                final String startedAt = Instant.ofEpochSecond(0, fire.startEpochNs).toString();
                ResultWriter.writePlan(resultsDir, setup.toJson(startedAt, List.of(current.queueDir.toString())),
                    new String(fire.plan, StandardCharsets.UTF_8));
                offer(() -> proxy.ack(fire.correlationId, fire.shootId, host, current.queueDir.toString()));
                current.acked = true;
                final ShootOptions shootOptions =
                    options.shootOptions(config.daemon(), ShooterContext.SOCKET_BUFFER_DEFAULT_LENGTH);
                log.println("l2 daemon: shoot " + fire.shootIdText + " acked: host " + (share.index() + 1) + " of " +
                    fire.hostCount + ", " + share.profile().totalCount() + " queries from " + startedAt + ", " +
                    shootOptions.threadCount() + " thread(s), idle " + shootOptions.idleStrategy() + ", " + io +
                    "; ready " +
                    TimeUnit.NANOSECONDS.toMillis(-lateNs) + " ms before the start");
                log.flush();

                secondCount = 0;
                final long shootId = fire.shootId;
                final LocalShoot.Progress progress = new LocalShoot.Progress()
                {
                    public void onSecond(final SecondStats second)
                    {
                        sendSecond(shootId, second);
                    }

                    public void rehearse(final SecondStats second)
                    {
                        try
                        {
                            SecondStatsCodec.encode(second, secondBuffer, 0);
                        }
                        catch (final IllegalArgumentException ex)
                        {
                            // a rehearsal: the real second says so when it is sent
                        }
                    }
                };
                final HostResult result = LocalShoot.run(setup, share, shootOptions, fire.startEpochNs, progress,
                    () -> current.abortRequested || current.leaseExpired(System.nanoTime()));
                for (final ShooterCounter counter : ShooterCounter.values())
                {
                    counters[counter.ordinal()] = result.counters().getOrDefault(counter.label().replace(' ', '_'), 0L);
                }
                final HostResult ended = ended(result, current);
                end(fire.shootId, ended);
                writeResult(setup, resultsDir, startedAt, ended);
            }
        }
        catch (final Exception ex)
        {
            log.println("l2 daemon: shoot " + fire.shootIdText + " failed: " + ex);
            log.flush();
            offer(() -> proxy.end(fire.shootId, ControlCodec.STATUS_FAILED, secondCount, 0, 0, host,
                oneLine(String.valueOf(ex))));
        }
        finally
        {
            running.set(null);
            state.endShoot(fire.shootIdText, counters);
        }
    }

    private HostResult ended(final HostResult result, final Running current)
    {
        if (HostResult.ABORTED.equals(result.status()))
        {
            final String reason = current.abortRequested ? current.abortReason :
                "lease expired: no word from the runner for " + TimeUnit.NANOSECONDS.toMillis(current.leaseNs) +
                " ms, stopped sending";
            return new HostResult(result.host(), result.datacenter(), current.abortRequested ? HostResult.ABORTED :
                HostResult.LOST, reason, result.aggregator(), result.counters(), result.queue());
        }
        return result;
    }

    private void end(final long shootId, final HostResult result)
    {
        final int status = switch (result.status())
        {
            case HostResult.OK -> ControlCodec.STATUS_COMPLETED;
            case HostResult.ABORTED -> ControlCodec.STATUS_ABORTED;
            case HostResult.LOST -> ControlCodec.STATUS_LEASE_EXPIRED;
            default -> ControlCodec.STATUS_FAILED;
        };
        final SecondStats totals = result.aggregator().totals();
        offer(() -> proxy.end(shootId, status, secondCount, totals.sentCount(), totals.answeredCount(), host,
            oneLine(result.reason())));
        log.println("l2 daemon: shoot " + ShootId.fromLong(shootId) + " ended: " + result.status() +
            (result.reason().isEmpty() ? "" : " (" + result.reason() + ")") + ", " +
            totals.sentCount() + " sent in " + secondCount + " seconds");
        log.flush();
    }

    private void sendSecond(final long shootId, final SecondStats second)
    {
        // counted even when it cannot be sent, so the runner's check against the end's count finds it missing
        secondCount++;
        final int length;
        try
        {
            length = SecondStatsCodec.encode(second, secondBuffer, 0);
        }
        catch (final IllegalArgumentException ex)
        {
            log.println("l2 daemon: second " + second.second() + " not sent: " + ex.getMessage());
            return;
        }
        offer(() ->
        {
            final SecondAggregateEncoder aggregate = proxy.secondAggregate(shootId, second.second())
                .requested(second.requestedCount())
                .sent(second.sentCount())
                .achieved(second.achievedCount())
                .answered(second.answeredCount())
                .timeouts(second.timeoutCount())
                .malformed(second.malformedCount())
                .sendErrors(second.sendErrorCount())
                .discarded(second.discardedCount());
            final int[] rcodes = second.rcodes();
            final int rcodeCount = Math.min(rcodes.length, ControlCodec.MAX_RCODE_COUNT);
            final SecondAggregateEncoder.RcodesEncoder entries = aggregate.rcodesCount(rcodeCount);
            for (int i = 0; i < rcodeCount; i++)
            {
                entries.next().rcode(rcodes[i]).responseCount(second.rcodeCount(rcodes[i]));
            }
            return proxy.offerSecondAggregate(host, secondBuffer.byteArray(), 0, length);
        });
    }

    /**
     * Why this host's {@code security:} refuses the fire, or null: the runner's pinned address (and the name it
     * claims, resolved here) against the allow-list, and this host's share against the ceilings.
     */
    private String aimRefusal(final Fire fire, final ShootPlan plan)
    {
        return aimLimits.refusal(Aim.of(plan, FirePlan.targetName(fire.plan), FirePlan.pinnedTarget(plan),
            fire.hostCount, true));
    }

    private void refuse(final Fire fire, final String reason)
    {
        log.println("l2 daemon: shoot " + fire.shootIdText + " refused: " + reason);
        log.flush();
        offer(() -> proxy.refuse(fire.correlationId, fire.shootId, host, oneLine(reason)));
    }

    private void writeResult(
        final ShootSetup setup, final Path resultsDir, final String startedAt, final HostResult result)
    {
        try
        {
            final PrintWriter warnings = new PrintWriter(System.err, true);
            ResultFolder.write(resultsDir, new ShootResult(
                setup.resultHeader(startedAt, resultsDir, setup.hosts().get(0).profile()), List.of(result)), warnings);
            warnings.flush();
        }
        catch (final IOException ex)
        {
            log.println("l2 daemon: cannot write the results of " + setup.shootId() + " to " + resultsDir + ": " +
                ex.getMessage());
        }
    }

    private static String oneLine(final String text)
    {
        final String line = text.replace('\n', ' ').replace('\r', ' ');
        return line.length() > 1000 ? line.substring(0, 1000) + "…" : line;
    }


    private static void offer(final Offer offer)
    {
        final long deadlineNs = System.nanoTime() + OFFER_TIMEOUT_NS;
        long backoffNs = 1_000;
        while (true)
        {
            final long result = offer.offer();
            if (result > 0 || Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result ||
                System.nanoTime() - deadlineNs > 0)
            {
                return;
            }
            LockSupport.parkNanos(backoffNs);
            backoffNs = Math.min(backoffNs * 2, TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @FunctionalInterface
    private interface Offer
    {
        long offer();
    }

    private record Fire(
        long correlationId, long shootId, String shootIdText, long startEpochNs, int leaseMs, int hostIndex,
        int hostCount, byte[] plan)
    {
    }
}
