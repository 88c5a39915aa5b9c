/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.schedule;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

import io.l2.config.L2Config;
import io.l2.config.Schedule;
import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.runner.cli.common.GlobalOptions;
import io.l2.runner.cli.common.ShootOptionChecks;
import io.l2.runner.fire.ShootRequest;
import io.l2.runner.schedule.EffectivePlanFirer;
import io.l2.runner.schedule.ShootFirer;
import io.l2.runner.schedule.TargetMatch;
import io.l2.runner.shoot.ConfigSource;
import io.l2.runner.shoot.FireOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2 schedule fire --target=HOST}: fires now, one after another, every schedule whose target HOST names,
 * each exactly as {@code l2 shoot fire --file PLAN} with the schedule's target.
 */
@Command(
    name = "fire",
    mixinStandardHelpOptions = true,
    description = {
        "Fire now, one after another, every schedule of l2.yaml whose target is HOST: a host, host:port, or a glob "
            + "(ns0*.example.net). Each is exactly 'l2 shoot fire --file PLAN' with the schedule's target in place of "
            + "the plan's (same preflight, fleet, results folder, recap). No schedule for HOST: exit 2, naming the "
            + "targets there are.",
        "With --dry-run, print for each a header line, then what 'l2 shoot fire --dry-run' prints (the plan, hosts, "
            + "per-host rps, ammo, start, and the preflight of the daemons), and send nothing.",
        "Exit code: the worst of the shoots' (0 all ok; 3 a shoot stopped by its plan's autostop; 1 a shoot failed, "
            + "or with --dry-run a host was not ready or could not be asked (no cluster key); "
            + "2 bad input).",
        ""
    })
public final class ScheduleFireCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = { "-t", "--target" }, required = true, paramLabel = "HOST",
        description = "fire the schedules whose target is HOST: host, host:port, or a glob such as ns0*.example.net")
    private String target;

    @Option(names = "--name", paramLabel = "NAME", description = "only the schedule of this name")
    private String name;

    @Option(names = { "-n", "--dry-run" }, description = "print what would be shot; send nothing")
    private boolean dryRun;

    @Option(names = "--limit", paramLabel = "PATTERN",
        description = "as shoot fire's: only the hosts of each schedule's set this Ansible pattern selects")
    private String limit;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
        description = "as shoot fire's: shooter threads per host (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--idle", paramLabel = "STRATEGY",
        description = "as shoot fire's: the shooters' idle strategy")
    private String idle;

    @Option(names = "--io", paramLabel = "IO", defaultValue = "auto",
        description = "as shoot fire's: auto, nio or mmsg (default: ${DEFAULT-VALUE})")
    private String io;

    @Option(names = "--sockets", paramLabel = "N", defaultValue = "0",
        description = "as shoot fire's: UDP sockets per host (default: the engine's choice)")
    private int sockets;

    @Option(names = "--cpus", paramLabel = "LIST",
        description = "as shoot fire's: the CPUs each host pins its shooter threads to (default: not pinned)")
    private String cpus;

    @Option(names = "--no-warmup", description = "as shoot fire's: skip the warm-up")
    private boolean noWarmup;

    @Option(names = "--lead", paramLabel = "DURATION",
        description = "as shoot fire's: how long after the fire the hosts start")
    private String lead;

    @Option(names = "--preflight-wait", paramLabel = "DURATION",
        description = "as shoot fire's: how long the preflight waits for the hosts to answer")
    private String preflightWait;

    @Option(names = "--control-channel", paramLabel = "CHANNEL",
        description = "as shoot fire's: the control channel for this run (multicast)")
    private String controlChannel;

    /**
     * {@inheritDoc}
     */
    public Integer call()
    {
        final GlobalOptions root = (GlobalOptions)spec.root().userObject();
        final UnaryOperator<ShootRequest> options = shootOptions();
        final L2Config config = ConfigSource.load(
            root.config(), System.getenv(), Path.of("").toAbsolutePath(), ConfigSource.SYSTEM_CONFIG);
        final List<Schedule> selected = select(config);
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final ShootFirer firer = new EffectivePlanFirer(config, out, err, options);
        int worst = ExitCode.OK;
        for (final Schedule schedule : selected)
        {
            out.println("=== schedule " + schedule.name() + " (cron \"" + schedule.cron() + "\" " +
                schedule.timezone().getId() + "): target " + schedule.target().authority() + ", set " +
                schedule.set() + ", plan " + schedule.planDescription() + (dryRun ? ", dry run" : ""));
            out.flush();
            final int exitCode = firer.fire(schedule, dryRun, root.debug());
            if (ExitCode.OK != exitCode)
            {
                err.println("l2: schedule " + schedule.name() + ": exit " + exitCode + (dryRun && ExitCode.FAILED ==
                    exitCode ? " (a host is not ready, or its readiness is unknown: see the preflight above)" : ""));
                err.flush();
            }
            worst = ExitCode.worst(worst, exitCode);
        }
        return worst;
    }

    /**
     * The options every schedule's shoot takes, checked once before any is fired.
     */
    private UnaryOperator<ShootRequest> shootOptions()
    {
        final FireOptions fireOptions = new FireOptions(ShootOptionChecks.threads(threads),
            ShootOptionChecks.idle(idle), !noWarmup, ShootOptionChecks.io(io), ShootOptionChecks.sockets(sockets),
            ShootOptionChecks.cpus(cpus));
        final long leadNs = ShootOptionChecks.leadNs(lead);
        final long preflightWaitNs = ShootOptionChecks.preflightWaitNs(preflightWait);
        final String channel = ShootOptionChecks.controlChannel(controlChannel);
        return (request) -> request.limit(limit).fireOptions(fireOptions).leadNs(leadNs)
            .preflightWaitNs(preflightWaitNs).controlChannel(channel);
    }

    private List<Schedule> select(final L2Config config)
    {
        final List<Schedule> all = config.schedules().entries();
        final String where = null == config.source() ? "the embedded default configuration" :
            config.source().toString();
        if (all.isEmpty())
        {
            throw new InputException("no schedules in " + where);
        }
        List<Schedule> candidates = all;
        if (null != name)
        {
            final Schedule named = config.schedules().named(name).orElseThrow(() -> new InputException(
                "--name " + name + ": no such schedule in " + where + " (schedules: " +
                String.join(", ", all.stream().map(Schedule::name).toList()) + ")"));
            candidates = List.of(named);
        }
        final List<Schedule> selected = new ArrayList<>();
        for (final Schedule schedule : candidates)
        {
            if (TargetMatch.matches(target, schedule.target()))
            {
                selected.add(schedule);
            }
        }
        if (selected.isEmpty())
        {
            final List<String> targets = new ArrayList<>();
            for (final Schedule schedule : candidates)
            {
                targets.add(schedule.target().authority() + " (" + schedule.name() + ")");
            }
            throw new InputException("--target " + target + ": no schedule" + (null == name ? "" : " '" + name + "'") +
                " has this target in " + where + " (targets: " + String.join(", ", targets) + ")");
        }
        return selected;
    }
}
