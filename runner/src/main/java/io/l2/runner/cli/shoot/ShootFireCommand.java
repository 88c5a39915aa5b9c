/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.shoot;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import io.l2.config.ConfigLoader;
import io.l2.config.DaemonSettings;
import io.l2.config.InfluxSink;
import io.l2.config.L2Config;
import io.l2.config.LunaparkSink;
import io.l2.config.ShootPlan;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.responder.Responder;
import io.l2.engine.responder.ZoneAnswers;
import io.l2.engine.shoot.IdleStrategies;
import io.l2.engine.shoot.ShooterContext;
import io.l2.runner.base.Version;
import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.runner.cli.L2Command;
import io.l2.runner.control.ControlChannels;
import io.l2.runner.control.ControlKeys;
import io.l2.runner.fleet.FleetControl;
import io.l2.runner.fleet.FleetShoot;
import io.l2.runner.results.ConsoleReport;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.Json;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.results.ShootResult;
import io.l2.runner.security.Aim;
import io.l2.runner.security.AimLimits;
import io.l2.runner.shoot.ConfigSource;
import io.l2.runner.shoot.DryRunPrinter;
import io.l2.runner.shoot.FireOptions;
import io.l2.runner.shoot.HostShare;
import io.l2.runner.shoot.LocalShoot;
import io.l2.runner.shoot.ShootId;
import io.l2.runner.shoot.ShootSetup;
import io.l2.runner.shoot.TargetProbe;
import io.l2.runner.sinks.InfluxClient;
import io.l2.runner.sinks.InfluxException;
import io.l2.runner.sinks.InfluxLines;
import io.l2.runner.sinks.InfluxPush;
import io.l2.runner.sinks.LunaparkClient;
import io.l2.runner.sinks.LunaparkException;
import io.l2.runner.sinks.LunaparkItems;
import io.l2.runner.sinks.LunaparkJob;
import io.l2.runner.sinks.LunaparkPush;
import io.l2.runner.sinks.ShootSink;
import io.l2.transport.auth.ClusterKeys;
import io.l2.transport.auth.KeyFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2 shoot fire --file=PLAN}: every selected host of the plan's set shoots the target along the profile.
 */
@Command(
    name = "fire",
    mixinStandardHelpOptions = true,
    description = {
        "Fire a shoot plan: every host of the plan's set (or those --limit selects) shoots the target at once. "
            + "One line per complete second while it runs, then a summary; the results folder keeps the plan, the "
            + "result (result.json, seconds.csv) and where every query's outcome was recorded.",
        "Before anything is sent (--dry-run too), the shoot is checked against l2.yaml's security: section: the "
            + "target's pinned address against targets, each host's share of the peak rate against max-rps-per-host, "
            + "instances against max-workers-per-host, the profile's length against max-duration; a refusal is one "
            + "line and exit code 2. Every daemon checks each fire again with its own l2.yaml.",
        "With --dry-run, print the resolved plan (shoot id, target address, ammo, hosts and their shares, first and "
            + "last intended send times), ask every selected daemon whether it is ready (reachable on the control "
            + "channel, waiting for jobs, same ammo by SHA-256) and send no query; exit 1 when a host is not ready.",
        "A set of other hosts shoots through their l2 daemons: preflight, one start instant for all, the seconds "
            + "merged as they arrive (a line per datacenter), a recap per host; a host silent for the lease is lost "
            + "and the exit code is 1.",
        "Ctrl-C stops sending; what is in flight still resolves and the results are written.",
        "With sinks.lunapark in l2.yaml, a Lunapark job is created and each second is pushed as it is printed; the "
            + "job is closed with the exit code and lunapark.json in the results folder says what was pushed. A job "
            + "stopped from Lunapark (HTTP 410) aborts the shoot; a push that fails leaves the data for 'l2 push'.",
        "A set of other hosts needs the cluster key (security.cluster-key-file in l2.yaml, made by 'l2 keygen'): "
            + "every control message is signed with it; without it nothing is sent and the exit code is 2 (with "
            + "--dry-run: the plan is printed, the preflight says in one line why it could not ask the daemons, and "
            + "the exit code is 1).",
        "With sinks.influxdb in l2.yaml, each second is written to InfluxDB as line protocol as it is printed, the "
            + "totals at the end; influxdb.json in the results folder says what was written.",
        ""
    })
public final class ShootFireCommand implements Callable<Integer>
{
    private static final long PROBE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long INTERRUPT_GRACE_MS = 10_000;

    private LunaparkPush lunapark;
    private InfluxPush influx;
    private String presetShootId;
    private BooleanSupplier abortRequested = () -> false;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = { "-f", "--file" }, required = true, paramLabel = "PLAN", description = "the shoot plan (YAML)")
    private Path file;

    @Option(names = { "-n", "--dry-run" }, description = "resolve and print the plan; send nothing")
    private boolean dryRun;

    @Option(
        names = { "-l", "--limit" },
        paramLabel = "PATTERN",
        description = "only these hosts of the set, as Ansible's --limit: man, 'ns+load:&vla', '!dns-load02i*', @file")
    private String limit;

    @Option(names = "--list-hosts", description = "print the hosts that would shoot (after --limit), one per line, "
        + "and send nothing, as ansible-playbook --list-hosts")
    private boolean listHosts;

    @Option(
        names = "--control-channel",
        paramLabel = "CHANNEL",
        description = "a multicast Aeron channel to reach the daemons on, overriding l2.yaml's control-mode "
            + "(default: as l2.yaml says: control-mode multicast on control-channel, else UDP multicast "
            + "aeron:udp?endpoint=239.255.98.83:9884|ttl=8; or control-mode unicast to every host's control-port)")
    private String controlChannel;

    @Option(
        names = "--output",
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text (default) or json: the result as JSON on stdout, everything else on stderr")
    private String output;

    @Option(
        names = "--threads",
        paramLabel = "N",
        defaultValue = "1",
        description = "threads carrying the workers on each host (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(
        names = "--idle",
        paramLabel = "STRATEGY",
        description = "idle strategy of the shooter threads: " + IdleStrategies.ALIASES +
            " (default: spin when l2.yaml says the host is dedicated, else deadline: park until the next query is" +
            " due, sending what falls due within 50 us together; deadline:NS sets that window)")
    private String idle;

    @Option(
        names = "--no-warmup",
        description = "skip the warm-up (by default the shooter first runs against an in-process loopback " +
            "reflector for 0.6 s and on until the JIT is quiet, at most 3 s more, so the code is compiled before the " +
            "first second of the real profile; on a fleet it always ends before the start, cut short if need be)")
    private boolean noWarmup;

    @Option(
        names = "--lead",
        paramLabel = "DURATION",
        description = "a set of other hosts starts this long after the fire, all at once: time for every host to " +
            "get the fire, load the plan and warm up (the warm-up is cut short to fit); 500ms to 30s (default: 3s)")
    private String lead;
    private long leadNs = FleetShoot.FIRE_LEAD_NS;

    @Option(
        names = "--responder",
        paramLabel = "ZONE",
        description = "start l2's embedded responder on the (loopback) target, answering from ZONE, for the shoot")
    private Path responderZone;

    /**
     * For a caller that runs this command inside its own process (the daemon's {@code POST /shoots}): the id the shoot
     * gets instead of a new one, and a second way to stop it besides Ctrl-C (polled while it shoots; true stops it as
     * Ctrl-C does: sending stops, the fleet is told to abort, the results are written). Call before {@link #call()}.
     *
     * @param shootId        the shoot's id, as {@link ShootId#next(Instant)} makes them, or null for a new one.
     * @param abortRequested true once the shoot should stop; called on the shooting thread.
     */
    public void inProcess(final String shootId, final BooleanSupplier abortRequested)
    {
        if (null != shootId)
        {
            ShootId.toLong(shootId);
        }
        this.presetShootId = shootId;
        this.abortRequested = Objects.requireNonNull(abortRequested, "abortRequested");
    }

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        final L2Command root = (L2Command)spec.root().userObject();
        validateOptions();
        final L2Config config = ConfigSource.load(
            root.config(), System.getenv(), Path.of("").toAbsolutePath(), ConfigSource.SYSTEM_CONFIG);
        final ShootPlan plan = ConfigLoader.loadPlan(file, config);
        try (ShootSetup setup = ShootSetup.resolve(
            null == presetShootId ? ShootId.next(Instant.now()) : presetShootId, config, plan, limit))
        {
            if (root.debug())
            {
                final PrintWriter err = spec.commandLine().getErr();
                err.println("debug: config " + (null == config.source() ? "embedded default (no l2.yaml found)" :
                    config.source()));
                err.println("debug: plan " + plan.source() + ", target " + plan.target().authority() + " resolved to " +
                    setup.target() + ", ammo " + plan.ammo().file() + " (" + setup.ammo().count() + " queries)");
                err.flush();
            }
            final boolean local = isLocal(setup);
            if (listHosts)
            {
                final PrintWriter out = spec.commandLine().getOut();
                out.println("  set " + setup.set().name() + ": hosts (" + setup.hosts().size() + "):");
                for (final HostShare host : setup.hosts())
                {
                    out.println("    " + host.host());
                }
                out.flush();
                return ExitCode.OK;
            }
            AimLimits.of(config.security()).check(Aim.of(plan, Aim.targetNameOf(plan), setup.target(),
                setup.hosts().size(), false));
            if (dryRun)
            {
                DryRunPrinter.print(setup, spec.commandLine().getOut());
                return local ? ExitCode.OK : dryRunPreflight(setup, config);
            }
            final ClusterKeys keys = local ? null : runnerKeys(config);
            if (!local && null != responderZone)
            {
                throw new InputException("--responder: only for a shoot from this host alone (set '" +
                    setup.set().name() + "' has " + setup.hosts().size() + " hosts)");
            }
            try (Responder responder = startResponder(setup.target()))
            {
                return fire(setup, local, keys, root.debug());
            }
        }
    }

    private void validateOptions()
    {
        if (!Files.isRegularFile(file))
        {
            throw new InputException("--file " + file + ": no such file");
        }
        if (!"text".equals(output) && !"json".equals(output))
        {
            throw new InputException("--output " + output + ": expected text or json");
        }
        if (threads < 1 || threads > 1024)
        {
            throw new InputException("--threads " + threads + ": expected 1..1024");
        }
        try
        {
            if (null != idle)
            {
                IdleStrategies.of(idle);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException("--idle " + ex.getMessage());
        }
        if (null != controlChannel && !controlChannel.startsWith(DaemonSettings.CHANNEL_PREFIX))
        {
            throw new InputException("--control-channel " + controlChannel + ": must start with " +
                DaemonSettings.CHANNEL_PREFIX);
        }
        if (null != responderZone && !Files.isRegularFile(responderZone))
        {
            throw new InputException("--responder " + responderZone + ": no such file");
        }
        if (null != lead)
        {
            leadNs = parseLead(lead);
        }
    }

    private static long parseLead(final String text)
    {
        final long parsedNs;
        try
        {
            parsedNs = ConfigLoader.parseDurationNs(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException("--lead: " + ex.getMessage());
        }
        if (parsedNs < FleetShoot.MIN_LEAD_NS || parsedNs > FleetShoot.MAX_LEAD_NS)
        {
            throw new InputException("--lead " + text + ": expected 500ms to 30s");
        }
        return parsedNs;
    }

    /**
     * The cluster keys a runner needs to fire at other hosts: refused in one line, before anything is sent, when
     * l2.yaml names none or the file cannot be used.
     */
    private static ClusterKeys runnerKeys(final L2Config config)
    {
        final ClusterKeys keys;
        try
        {
            keys = ControlKeys.load(config);
        }
        catch (final KeyFileException ex)
        {
            throw new InputException("security.cluster-key-file " + ex.getMessage(), ex);
        }
        if (null == keys)
        {
            throw new InputException("no cluster key: set security.cluster-key-file in " +
                ControlKeys.configName(config) + " to fire at other hosts (make a key with: l2 keygen FILE, and give " +
                "every daemon the same); nothing was sent");
        }
        return keys;
    }

    private int dryRunPreflight(final ShootSetup setup, final L2Config config) throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        // the plan is printed and needed no key; the daemons cannot be asked without one: their readiness is unknown
        final String unknown = "readiness of the " + setup.hosts().size() + " hosts unknown";
        final ClusterKeys keys;
        try
        {
            keys = ControlKeys.load(config);
        }
        catch (final KeyFileException ex)
        {
            return preflightNotRun("security.cluster-key-file " + ex.getMessage() + " (" + unknown + ")");
        }
        if (null == keys)
        {
            return preflightNotRun("no cluster key to ask the daemons with (" + unknown + "): set " +
                "security.cluster-key-file in " + ControlKeys.configName(config) + " (make a key with: l2 keygen " +
                "FILE, and give every daemon the same)");
        }
        final FleetShoot fleet =
            new FleetShoot(setup, runnerName(), new FireOptions(threads, idle, !noWarmup), leadNs);
        final List<FleetShoot.Readiness> readiness;
        try (FleetControl control = startControl(setup, fleet, keys))
        {
            final List<FleetShoot.Readiness> heard = fleet.preflight(control);
            readiness = heard.stream().anyMatch(FleetShoot.Readiness::ready) ? fleet.check(control, heard) : heard;
        }
        out.println();
        out.println("PREFLIGHT (asked every host on " + channels(setup).describe() +
            "; each ready host checked a dry-run fire)");
        int readyCount = 0;
        for (final FleetShoot.Readiness host : readiness)
        {
            out.printf(Locale.ROOT, "%-32s : %s dc=%s %s%n", host.host(), host.ready() ? "ready" : "NOT READY",
                host.datacenter(), host.detail());
            readyCount += host.ready() ? 1 : 0;
        }
        out.println(readyCount + " of " + readiness.size() + " hosts ready");
        out.flush();
        return readyCount == readiness.size() ? ExitCode.OK : ExitCode.FAILED;
    }

    private int preflightNotRun(final String reason)
    {
        final PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.println("PREFLIGHT not run: " + reason);
        out.flush();
        return ExitCode.FAILED;
    }

    private ControlChannels channels(final ShootSetup setup)
    {
        return null == controlChannel ? ControlChannels.of(setup.config().daemon()) :
            ControlChannels.multicast(controlChannel);
    }

    private FleetControl startControl(final ShootSetup setup, final FleetShoot fleet, final ClusterKeys keys)
        throws IOException
    {
        final Path aeronParent = setup.config().daemon().aeronDir().toAbsolutePath().getParent();
        final Path shm = null != aeronParent && Files.isDirectory(aeronParent) ? aeronParent :
            Path.of(System.getProperty("java.io.tmpdir"));
        final List<String> hosts = new ArrayList<>();
        for (final HostShare host : setup.hosts())
        {
            hosts.add(host.host());
        }
        final PrintWriter err = spec.commandLine().getErr();
        return FleetControl.start(shm, channels(setup).runner(hosts), setup.config().daemon().controlStream(), fleet,
            keys, (line) ->
            {
                err.println("l2: " + line);
                err.flush();
            });
    }

    private static String runnerName()
    {
        return "l2-runner@" + ConfigSource.localHostName() + "/" + ProcessHandle.current().pid();
    }

    private int fire(final ShootSetup setup, final boolean local, final ClusterKeys keys, final boolean debug)
        throws IOException
    {
        final boolean json = "json".equals(output);
        final PrintWriter human = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        final ShootPlan plan = setup.plan();
        human.printf("shoot %s: %s -> %s, %s, %s, %d workers, %d queries%n", setup.shootId(),
            plan.description().isEmpty() ? "-" : plan.description(), plan.target().authority(),
            setup.profile().describe(), plan.mode().yamlName(), plan.instances(), setup.totalQueries());
        human.flush();

        final TargetProbe.Outcome probe = TargetProbe.probe(setup.target(), setup.ammo(), PROBE_TIMEOUT_NS);
        if (TargetProbe.Outcome.UNREACHABLE == probe && local)
        {
            spec.commandLine().getErr().println("l2: target " + plan.target().authority() +
                " refused the probe query (ICMP port unreachable): nothing listens there");
            return ExitCode.FAILED;
        }
        if (TargetProbe.Outcome.UNREACHABLE == probe)
        {
            human.println("warning: the target refused a probe query from this host (ICMP port unreachable); the " +
                "load hosts may see it otherwise: shooting anyway");
        }
        if (TargetProbe.Outcome.SILENT == probe)
        {
            human.println("warning: the target did not answer a probe query within 1s; shooting anyway");
        }

        final Path resultsDir =
            setup.config().daemon().resultsDir().resolve(setup.shootId()).toAbsolutePath().normalize();
        final String startedAt = Instant.now().toString();
        if (local)
        {
            final Path queueDir = LocalShoot.queueDir(setup, setup.hosts().get(0));
            ResultWriter.writePlan(resultsDir, setup.toJson(startedAt, List.of(queueDir.toString())), plan.source());
        }

        final AtomicBoolean abort = new AtomicBoolean();
        final CountDownLatch written = new CountDownLatch(1);
        final long graceMs = TimeUnit.NANOSECONDS.toMillis(plan.timeoutNs()) + INTERRUPT_GRACE_MS;
        final Thread onInterrupt = new Thread(() ->
        {
            abort.set(true);
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
            return shootAndWrite(setup, local, keys, human, resultsDir, startedAt, abort, debug);
        }
        finally
        {
            written.countDown();
            removeHook(onInterrupt);
        }
    }

    private int shootAndWrite(
        final ShootSetup setup,
        final boolean local,
        final ClusterKeys keys,
        final PrintWriter human,
        final Path resultsDir,
        final String startedAt,
        final AtomicBoolean abort,
        final boolean debug) throws IOException
    {
        final ShootPlan plan = setup.plan();
        final ConsoleReport report = new ConsoleReport(human);
        final BooleanSupplier stop = () -> abort.get() || abortRequested.getAsBoolean() ||
            (null != lunapark && lunapark.abortRequested());
        final List<HostResult> hostResults;
        if (local)
        {
            final ShootSink sink = startSinks(setup, human, resultsDir, startedAt);
            final String host = setup.hosts().get(0).host();
            final LocalShoot.Progress progress = new LocalShoot.Progress()
            {
                public void onSecond(final SecondStats second)
                {
                    report.second(second);
                    sink.onSecond(second, Map.of(host, second));
                }

                public void onStart(final long startEpochNs)
                {
                    report.starts(startEpochNs);
                    sink.onStart(startEpochNs);
                }

                public void rehearse(final SecondStats second)
                {
                    ConsoleReport.rehearse(second);
                }
            };
            hostResults = List.of(LocalShoot.run(setup, setup.hosts().get(0), new FireOptions(threads, idle, !noWarmup)
                .shootOptions(setup.config().daemon().dedicated(), ShooterContext.SOCKET_BUFFER_DEFAULT_LENGTH),
                progress, stop));
        }
        else
        {
            hostResults = fleetShoot(setup, keys, report, human, resultsDir, startedAt, stop);
        }

        final ShootResult result =
            new ShootResult(setup.resultHeader(startedAt, resultsDir, setup.profile()), hostResults);
        ResultWriter.writeResult(resultsDir, result, spec.commandLine().getErr());

        report.summary(result, resultsDir.toString());
        if (null != lunapark)
        {
            lunapark.finish(result.allOk() ? ExitCode.OK : ExitCode.FAILED, result.merged().seconds().size());
        }
        if (null != influx)
        {
            influx.finish(result);
        }
        if ("json".equals(output))
        {
            spec.commandLine().getOut().print(Json.write(result.toJson()));
            spec.commandLine().getOut().flush();
        }
        if (debug && !result.allOk())
        {
            for (final HostResult host : hostResults)
            {
                if (!host.reason().isEmpty())
                {
                    spec.commandLine().getErr().println("l2: " + host.host() + ": " + host.reason());
                }
            }
        }
        return result.allOk() ? ExitCode.OK : ExitCode.FAILED;
    }

    private List<HostResult> fleetShoot(
        final ShootSetup setup,
        final ClusterKeys keys,
        final ConsoleReport report,
        final PrintWriter human,
        final Path resultsDir,
        final String startedAt,
        final BooleanSupplier abort) throws IOException
    {
        final FleetShoot fleet =
            new FleetShoot(setup, runnerName(), new FireOptions(threads, idle, !noWarmup), leadNs);
        try (FleetControl control = startControl(setup, fleet, keys))
        {
            final List<FleetShoot.Readiness> readiness = fleet.preflight(control);
            int readyCount = 0;
            for (final FleetShoot.Readiness host : readiness)
            {
                if (!host.ready())
                {
                    human.println("l2: " + host.host() + " not ready: " + host.detail());
                }
                readyCount += host.ready() ? 1 : 0;
            }
            human.println("preflight: " + readyCount + " of " + readiness.size() + " hosts ready" +
                (readyCount > 0 ? "; firing, start in " + TimeUnit.NANOSECONDS.toMillis(leadNs) +
                " ms" : ""));
            human.flush();
            final List<HostResult> results = readyCount > 0 ?
                fleet.shoot(control, report, human, abort, startSinks(setup, human, resultsDir, startedAt)) :
                fleet.notShot();
            final List<String> queues = new ArrayList<>();
            for (final HostShare share : setup.hosts())
            {
                final HostResult host = results.stream().filter((r) -> r.host().equals(share.host())).findFirst()
                    .orElse(null);
                queues.add(null == host || null == host.queue() ? null : host.host() + ":" + host.queue());
            }
            ResultWriter.writePlan(resultsDir, setup.toJson(startedAt, queues), setup.plan().source());
            if (fleet.malformedSecondCount() > 0)
            {
                human.println("warning: " + fleet.malformedSecondCount() + " seconds from hosts could not be read");
            }
            return results;
        }
    }

    /**
     * Starts the configured sinks for the shoot's hosts (after the preflight for a fleet): the Lunapark push when
     * {@code sinks.lunapark} is configured, the InfluxDB write when {@code sinks.influxdb} is. A sink that cannot
     * start says why in one line and in the results folder; the shoot goes on.
     */
    private ShootSink startSinks(
        final ShootSetup setup, final PrintWriter human, final Path resultsDir, final String startedAt)
        throws IOException
    {
        final Map<String, String> datacenterOfHost = new LinkedHashMap<>();
        setup.hosts().forEach((host) -> datacenterOfHost.put(host.host(), host.datacenter()));
        final List<ShootSink> sinks = new ArrayList<>();
        final LunaparkSink sink = setup.config().sinks().lunapark();
        if (null != sink)
        {
            try
            {
                final LunaparkClient client = LunaparkClient.of(sink, "l2/" + Version.current());
                final LunaparkJob job = LunaparkJob.of(sink, setup.toJson(startedAt, List.of()),
                    ConfigSource.localHostName(), System.getProperty("user.name", ""), Version.current());
                lunapark = LunaparkPush.start(
                    client, new LunaparkItems(setup.plan().instances(), datacenterOfHost), job, resultsDir, human);
                sinks.add(lunapark);
            }
            catch (final LunaparkException ex)
            {
                human.println("l2: " + ex.getMessage() + " (not pushing; 'l2 push " + setup.shootId() +
                    "' pushes the shoot later)");
                human.flush();
                LunaparkPush.writeNotStarted(resultsDir, sink.api().toString(), ex.getMessage());
            }
        }
        final InfluxSink influxSink = setup.config().sinks().influxdb();
        if (null != influxSink)
        {
            try
            {
                final InfluxClient client = InfluxClient.of(influxSink, "l2/" + Version.current());
                influx = InfluxPush.start(client, new InfluxLines(influxSink.measurement(), setup.shootId(),
                    setup.set().name(), setup.plan().target().authority(), datacenterOfHost), resultsDir, human);
                sinks.add(influx);
            }
            catch (final InfluxException ex)
            {
                human.println("l2: " + ex.getMessage() + " (not writing; 'l2 push " + setup.shootId() +
                    " --sink influxdb' writes the shoot later)");
                human.flush();
                InfluxPush.writeNotStarted(resultsDir, ex.getMessage());
            }
        }
        return ShootSink.all(sinks);
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

    private Responder startResponder(final InetSocketAddress target) throws IOException
    {
        if (null == responderZone)
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
            answers = ZoneAnswers.load(responderZone, null);
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
