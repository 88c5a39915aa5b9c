/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.fire;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import io.l2.config.ShootPlan;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.responder.Responder;
import io.l2.engine.responder.ZoneAnswers;
import io.l2.engine.shoot.DatagramIos;
import io.l2.engine.shoot.ShooterContext;
import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.runner.report.ResultFolder;
import io.l2.runner.results.Autostop;
import io.l2.runner.results.AutostopTrigger;
import io.l2.runner.results.ConsoleReport;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.results.ShootResult;
import io.l2.runner.security.Aim;
import io.l2.runner.security.AimLimits;
import io.l2.runner.shoot.ConfigSource;
import io.l2.runner.shoot.LocalShoot;
import io.l2.runner.shoot.ShootId;
import io.l2.runner.shoot.ShootSetup;
import io.l2.runner.shoot.TargetProbe;
import io.l2.runner.sinks.ShootSink;
import io.l2.transport.auth.ClusterKeys;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * The one way a shoot is fired, under every caller: {@code l2 shoot fire}, {@code l2 schedule fire}, the daemon's
 * scheduler and its {@code POST /shoots}. Takes a parsed plan and its options ({@link ShootRequest}), resolves it,
 * checks it against {@code security:}, and runs it in this process when the set is this host alone, else through
 * the set's daemons; writes the results folder and feeds the sinks. What is shown, and where, is the
 * {@link ShootListener}'s. Stateless; each call runs one shoot on the caller's thread, to its end.
 */
public final class Shoots
{
    private static final long PROBE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long INTERRUPT_GRACE_MS = 10_000;

    private Shoots()
    {
    }

    /**
     * Fires a plan.
     *
     * @param request  the plan and the options.
     * @param listener what is told of the shoot.
     * @return the exit code: {@link ExitCode#OK} when every host shot (a dry run: every host ready), else
     *     {@link ExitCode#FAILED} (also when no host of a fleet was ready: nothing was shot, no results folder).
     * @throws io.l2.config.ConfigException   bad input in the plan or {@code l2.yaml}, at file:line:column of the file
     *                                        the user wrote (the target that does not resolve, an unknown set).
     * @throws InputException                 other bad input, in one line naming the option or file.
     * @throws io.l2.engine.ammo.AmmoException an ammo file that cannot be read, at file:line.
     * @throws IOException                    when the results folder or the control channel fails.
     */
    public static int fire(final ShootRequest request, final ShootListener listener) throws IOException
    {
        request.conclude();
        final ShootPlan plan = request.plan();
        try (ShootSetup setup = ShootSetup.resolve(
            null == request.shootId() ? ShootId.next(Instant.now()) : request.shootId(), request.config(), plan,
            request.limit()))
        {
            listener.onResolved(setup);
            final boolean local = isLocal(setup);
            if (local && ShootRequest.Mode.LIST_HOSTS != request.mode())
            {
                try
                {
                    DatagramIos.resolve(request.fireOptions().io());
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new InputException("--io mmsg: not available here: " + DatagramIos.mmsgUnavailableReason());
                }
            }
            if (ShootRequest.Mode.LIST_HOSTS == request.mode())
            {
                listener.onHostList(setup);
                return ExitCode.OK;
            }
            AimLimits.of(request.config().security()).check(Aim.of(plan, Aim.targetNameOf(plan), setup.target(),
                setup.hosts().size(), false));
            if (ShootRequest.Mode.DRY_RUN == request.mode())
            {
                listener.onDryRun(setup);
                return local ? ExitCode.OK : new FleetFiring(request, setup, listener).dryRunPreflight();
            }
            if (!local && null != request.responderZone())
            {
                throw new InputException("--responder: only for a shoot from this host alone at a loopback target " +
                    "(set '" + setup.set().name() + "' has " + setup.hosts().size() + " hosts): run l2 responder " +
                    "--listen ADDR:PORT --zone " + request.responderZone() + " on the target's machine, then fire " +
                    "without --responder");
            }
            final ClusterKeys keys = local ? null : FleetFiring.runnerKeys(request.config());
            try (Responder responder = startResponder(request.responderZone(), setup.target()))
            {
                return fire(request, setup, local, keys, listener);
            }
        }
    }

    /**
     * Fires a plan as {@link #fire} does, and tells the listener a failure ({@link ShootListener#onFailed}) instead of
     * throwing it: for callers with no command line to report it (the scheduler, {@code POST /shoots}, each
     * schedule of {@code l2 schedule fire}).
     *
     * @param request  the plan and the options.
     * @param listener what is told of the shoot.
     * @return the exit code: as {@link #fire}'s, or {@link ExitCode#BAD_INPUT} for bad input, {@link ExitCode#FAILED}
     *     for another failure.
     */
    public static int fireAndExplain(final ShootRequest request, final ShootListener listener)
    {
        try
        {
            return fire(request, listener);
        }
        catch (final IOException | RuntimeException ex)
        {
            final int exitCode = ExitCode.of(ex);
            listener.onFailed(ex, exitCode);
            return exitCode;
        }
    }

    /**
     * Writes the resolved plan and the plan's text ({@link ShootRequest#planText()}, else the plan's file) into the
     * results folder.
     */
    static void writePlan(final ShootRequest request, final Path resultsDir, final Map<String, Object> json)
        throws IOException
    {
        ResultWriter.writePlan(resultsDir, json, null != request.planText() ? request.planText() :
            Files.readString(request.plan().source(), StandardCharsets.UTF_8));
    }

    private static int fire(
        final ShootRequest request,
        final ShootSetup setup,
        final boolean local,
        final ClusterKeys keys,
        final ShootListener listener) throws IOException
    {
        listener.onFire(setup);
        final TargetProbe.Outcome probe = TargetProbe.probe(setup.target(), setup.ammo(), PROBE_TIMEOUT_NS);
        if (TargetProbe.Outcome.ANSWERED != probe)
        {
            final boolean fatal = TargetProbe.Outcome.UNREACHABLE == probe && local;
            listener.onProbe(probe, setup.plan().target().authority(), fatal);
            if (fatal)
            {
                return ExitCode.FAILED;
            }
        }

        final Path resultsDir =
            setup.config().daemon().resultsDir().resolve(setup.shootId()).toAbsolutePath().normalize();
        final String startedAt = Instant.now().toString();
        if (local)
        {
            final Path queueDir = LocalShoot.queueDir(setup, setup.hosts().get(0));
            writePlan(request, resultsDir, setup.toJson(startedAt, List.of(queueDir.toString())));
        }

        // Ctrl-C: stop sending, let what is in flight resolve, write the results, then let the JVM go
        final AtomicBoolean interrupted = new AtomicBoolean();
        final CountDownLatch written = new CountDownLatch(1);
        final long graceMs = TimeUnit.NANOSECONDS.toMillis(setup.plan().timeoutNs()) + INTERRUPT_GRACE_MS;
        final Thread onInterrupt = new Thread(() ->
        {
            interrupted.set(true);
            try
            {
                written.await(graceMs, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
        }, "l2-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try
        {
            return shootAndWrite(request, setup, local, keys, listener, resultsDir, startedAt, interrupted);
        }
        finally
        {
            written.countDown();
            removeHook(onInterrupt);
        }
    }

    private static int shootAndWrite(
        final ShootRequest request,
        final ShootSetup setup,
        final boolean local,
        final ClusterKeys keys,
        final ShootListener listener,
        final Path resultsDir,
        final String startedAt,
        final AtomicBoolean interrupted) throws IOException
    {
        final ShootSinks sinks = new ShootSinks();
        final Autostop autostop = new Autostop(setup.plan().autostop(), SystemEpochNanoClock.INSTANCE::nanoTime);
        sinks.autostop(autostop, listener);
        final BooleanSupplier stop = () -> interrupted.get() || request.abortRequested().getAsBoolean() ||
            sinks.abortRequested() || autostop.stopRequested();
        final FleetFiring fleet = local ? null : new FleetFiring(request, setup, listener);
        final List<HostResult> shot = local ?
            List.of(shootHere(request, setup, listener, sinks.start(setup, listener.sinkLines(), resultsDir, startedAt),
            stop)) : fleet.shoot(keys, sinks, resultsDir, startedAt, stop,
            () -> null == autostop.trigger() ? null : "stopped by autostop: " + autostop.trigger().criterion());
        if (null != fleet && !fleet.fired())
        {
            listener.onNothingShot(shot);
            return ExitCode.FAILED;
        }
        final AutostopTrigger trigger = autostop.trigger();
        final List<HostResult> hostResults = null == trigger ? shot : autostopped(shot, trigger);

        final ShootResult result =
            new ShootResult(setup.resultHeader(startedAt, resultsDir, setup.profile()), hostResults, trigger);
        ResultFolder.write(resultsDir, result, listener.problems());
        listener.onResult(result, resultsDir.toString());
        final int exitCode = exitCode(result);
        sinks.finish(result, exitCode);
        listener.onFinished(result);
        return exitCode;
    }

    /**
     * @param result a shoot's result.
     * @return {@link ExitCode#AUTOSTOPPED} when autostop stopped it and no host failed, else {@link ExitCode#OK}
     *     when every host shot its share, else {@link ExitCode#FAILED}.
     */
    static int exitCode(final ShootResult result)
    {
        if (result.autostopped())
        {
            return ExitCode.AUTOSTOPPED;
        }
        return result.allOk() ? ExitCode.OK : ExitCode.FAILED;
    }

    /**
     * The hosts told to stop by autostop say so (instead of "aborted by the user" or the runner's abort).
     */
    private static List<HostResult> autostopped(final List<HostResult> hosts, final AutostopTrigger trigger)
    {
        final List<HostResult> renamed = new ArrayList<>();
        for (final HostResult host : hosts)
        {
            renamed.add(!HostResult.ABORTED.equals(host.status()) ? host : new HostResult(host.host(),
                host.datacenter(), host.status(), "stopped by autostop: " + trigger.criterion(), host.aggregator(),
                host.counters(), host.queue()));
        }
        return renamed;
    }

    private static HostResult shootHere(
        final ShootRequest request,
        final ShootSetup setup,
        final ShootListener listener,
        final ShootSink sink,
        final BooleanSupplier stop) throws IOException
    {
        final String host = setup.hosts().get(0).host();
        final LocalShoot.Progress progress = new LocalShoot.Progress()
        {
            public void onSecond(final SecondStats second)
            {
                listener.onSecond(second);
                sink.onSecond(second, Map.of(host, second));
            }

            public void onStart(final long startEpochNs)
            {
                listener.onStart(startEpochNs);
                sink.onStart(startEpochNs);
            }

            public void rehearse(final SecondStats second)
            {
                ConsoleReport.rehearse(second);
            }
        };
        return LocalShoot.run(setup, setup.hosts().get(0), request.fireOptions().shootOptions(
            setup.config().daemon(), ShooterContext.SOCKET_BUFFER_DEFAULT_LENGTH), progress, stop);
    }

    private static void removeHook(final Thread hook)
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ignore)
        {
            // the JVM is already shutting down (Ctrl-C): the hook is running and lets go once the results are written
        }
    }

    private static Responder startResponder(final Path zone, final InetSocketAddress target) throws IOException
    {
        if (null == zone)
        {
            return null;
        }
        if (!target.getAddress().isLoopbackAddress())
        {
            throw new InputException("--responder: the target " + target + " is not a loopback address");
        }
        final ZoneAnswers answers;
        try
        {
            answers = ZoneAnswers.load(zone, null);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException("--responder " + ex.getMessage(), ex);
        }
        return Responder.launch(target, answers, "backoff");
    }

    private static boolean isLocal(final ShootSetup setup)
    {
        final Set<String> local = Set.of(ConfigSource.localHostName(), "localhost", "127.0.0.1", "::1");
        return 1 == setup.hosts().size() && local.contains(setup.hosts().get(0).host());
    }
}
