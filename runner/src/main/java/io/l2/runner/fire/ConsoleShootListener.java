/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.fire;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.l2.engine.aggregate.SecondStats;
import io.l2.runner.base.ExitCode;
import io.l2.runner.fleet.FleetShoot;
import io.l2.runner.results.AutostopTrigger;
import io.l2.runner.results.ConsoleReport;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.Json;
import io.l2.runner.results.ShootResult;
import io.l2.runner.shoot.DryRunPrinter;
import io.l2.runner.shoot.HostShare;
import io.l2.runner.shoot.ShootSetup;
import io.l2.runner.shoot.TargetProbe;

/**
 * Prints a shoot as {@code l2 shoot fire} shows it: the lines for people on {@code out} (on {@code err} with JSON
 * output, whose result then goes alone on {@code out}), failures on {@code err}. The daemon attaches one with both
 * writers on its log. One shoot, one thread (the control channel's errors excepted, each one {@code println}).
 */
public final class ConsoleShootListener implements ShootListener
{
    private final PrintWriter out;
    private final PrintWriter err;
    private final PrintWriter human;
    private final boolean json;
    private final boolean debug;
    private final ConsoleReport report;

    /**
     * @param out   the standard output.
     * @param err   the standard error.
     * @param json  true for {@code --output json}: the result as JSON on {@code out}, everything else on {@code err}.
     * @param debug true for {@code --debug}: which files were read, how the target resolved, each failed host's
     *              reason.
     */
    public ConsoleShootListener(final PrintWriter out, final PrintWriter err, final boolean json, final boolean debug)
    {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.json = json;
        this.debug = debug;
        this.human = json ? err : out;
        this.report = new ConsoleReport(human);
    }

    /**
     * {@inheritDoc}
     */
    public void onResolved(final ShootSetup setup)
    {
        if (debug)
        {
            err.println("debug: config " + (null == setup.config().source() ?
                "embedded default (no l2.yaml found)" : setup.config().source()));
            err.println("debug: plan " + setup.plan().source() + ", target " + setup.plan().target().authority() +
                " resolved to " + setup.target() + ", ammo " + setup.plan().ammo().file() + " (" +
                setup.ammo().count() + " queries)");
            err.flush();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onHostList(final ShootSetup setup)
    {
        out.println("  set " + setup.set().name() + ": hosts (" + setup.hosts().size() + "):");
        for (final HostShare host : setup.hosts())
        {
            out.println("    " + host.host());
        }
        out.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onDryRun(final ShootSetup setup)
    {
        DryRunPrinter.print(setup, out);
    }

    /**
     * {@inheritDoc}
     */
    public void onPreflightNotRun(final String reason)
    {
        out.println();
        out.println("PREFLIGHT not run: " + reason);
        out.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onDryRunPreflight(final String channel, final List<FleetShoot.Readiness> readiness)
    {
        out.println();
        out.println("PREFLIGHT (asked every host on " + channel + "; each ready host checked a dry-run fire)");
        int readyCount = 0;
        for (final FleetShoot.Readiness host : readiness)
        {
            out.printf(Locale.ROOT, "%-32s : %s dc=%s %s%n", host.host(), host.ready() ? "ready" : "NOT READY",
                host.datacenter(), host.detail());
            readyCount += host.ready() ? 1 : 0;
        }
        out.println(readyCount + " of " + readiness.size() + " hosts ready");
        out.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onFire(final ShootSetup setup)
    {
        human.printf("shoot %s: %s -> %s, %s, %s, %d workers, %d queries%n", setup.shootId(),
            setup.plan().description().isEmpty() ? "-" : setup.plan().description(),
            setup.plan().target().authority(), setup.profile().describe(), setup.plan().mode().yamlName(),
            setup.plan().instances(), setup.totalQueries());
        human.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onProbe(final TargetProbe.Outcome outcome, final String target, final boolean fatal)
    {
        if (fatal)
        {
            err.println("l2: target " + target + " refused the probe query (ICMP port unreachable): nothing " +
                "listens there");
            err.flush();
        }
        else if (TargetProbe.Outcome.UNREACHABLE == outcome)
        {
            human.println("warning: the target refused a probe query from this host (ICMP port unreachable); the " +
                "load hosts may see it otherwise: shooting anyway");
        }
        else if (TargetProbe.Outcome.SILENT == outcome)
        {
            human.println("warning: the target did not answer a probe query within 1s; shooting anyway");
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onPreflight(final List<FleetShoot.Readiness> readiness, final long leadNs)
    {
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
            (readyCount > 0 ? "; firing, start in " + TimeUnit.NANOSECONDS.toMillis(leadNs) + " ms" : ""));
        human.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onNothingShot(final List<HostResult> hosts)
    {
        human.println("nothing was shot: no host is ready (no results folder written)");
        human.flush();
        report.recap(hosts);
    }

    /**
     * {@inheritDoc}
     */
    public void onStart(final long startEpochNs)
    {
        report.starts(startEpochNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onSecond(final SecondStats merged)
    {
        report.second(merged);
    }

    /**
     * {@inheritDoc}
     */
    public void onDatacenterSeconds(final long second, final Map<String, SecondStats> byDatacenter)
    {
        report.datacenters(second, byDatacenter);
    }

    /**
     * {@inheritDoc}
     */
    public void onHostNotShooting(final String host, final String reason)
    {
        human.println("l2: " + host + " does not shoot: " + reason);
        human.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onAutostop(final AutostopTrigger trigger)
    {
        human.println("l2: autostop: " + trigger.criterion() + " held at second " + trigger.second() + " (" +
            trigger.rpsAtTrigger() + " rps requested at second " + trigger.firstSecond() + "): " + trigger.reason() +
            "; stopping every host");
        human.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onAborting()
    {
        human.println("l2: aborting on every host; what they measured so far is kept");
        human.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onHostLost(final String host, final String reason)
    {
        human.println("l2: " + host + " lost: " + reason);
        human.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onHostIncomplete(final String host, final String incomplete)
    {
        human.println("l2: " + host + " " + incomplete);
        human.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onLateAck(final String host)
    {
        human.println("l2: " + host + " acked after the runner gave up on it: whatever it sent is not counted (a " +
            "longer --lead gives it time)");
        human.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onStartSkew(final int hostCount, final long earliestUs, final long latestUs, final Instant start)
    {
        human.printf(Locale.ROOT, "start skew: %.3f ms across %d hosts (first sends %.3f to %.3f ms after %s)%n",
            (latestUs - earliestUs) / 1e3, hostCount, earliestUs / 1e3, latestUs / 1e3, start);
        human.flush();
    }

    /**
     * {@inheritDoc}
     */
    public void onUnreadSeconds(final long secondCount)
    {
        human.println("warning: " + secondCount + " seconds from hosts could not be read");
    }

    /**
     * {@inheritDoc}
     */
    public PrintWriter sinkLines()
    {
        return human;
    }

    /**
     * {@inheritDoc}
     */
    public void onResult(final ShootResult result, final String resultsDir)
    {
        report.summary(result, resultsDir);
    }

    /**
     * {@inheritDoc}
     */
    public void onFinished(final ShootResult result)
    {
        if (json)
        {
            out.print(Json.write(result.toJson()));
            out.flush();
        }
        if (debug && !result.allOk())
        {
            for (final HostResult host : result.hosts())
            {
                if (!host.reason().isEmpty())
                {
                    err.println("l2: " + host.host() + ": " + host.reason());
                }
            }
            err.flush();
        }
    }

    /**
     * Prints as the {@code l2} command line does: bad input as {@code l2: MESSAGE}, anything else as
     * {@code l2: internal error: FAILURE}; the stack trace with {@code --debug}.
     */
    public void onFailed(final Exception failure, final int exitCode)
    {
        err.println(ExitCode.BAD_INPUT == exitCode ? "l2: " + failure.getMessage() :
            "l2: internal error: " + failure);
        if (debug)
        {
            failure.printStackTrace(err);
        }
        err.flush();
    }

    /**
     * {@inheritDoc}
     */
    public PrintWriter problems()
    {
        return err;
    }
}
