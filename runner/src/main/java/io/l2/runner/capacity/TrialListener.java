/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.capacity;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.l2.engine.aggregate.SecondStats;
import io.l2.runner.fire.ShootListener;
import io.l2.runner.fleet.FleetShoot;
import io.l2.runner.results.AutostopTrigger;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.ShootResult;
import io.l2.runner.shoot.ShootSetup;
import io.l2.runner.shoot.TargetProbe;

/**
 * What a trial's shoot tells the search: its id, its result and its folder are kept; warnings and failures (a host
 * lost, a target that does not answer the probe, a sink's lines) go on to the console listener given, but not the
 * shoot's banner, seconds or summary (the search prints one line per trial instead), unless {@code verbose}.
 * One trial, one thread.
 */
final class TrialListener implements ShootListener
{
    private final ShootListener console;
    private final boolean verbose;
    private String shootId = "";
    private ShootResult result;
    private String resultsDir = "";

    TrialListener(final ShootListener console, final boolean verbose)
    {
        this.console = console;
        this.verbose = verbose;
    }

    String shootId()
    {
        return shootId;
    }

    ShootResult result()
    {
        return result;
    }

    String resultsDir()
    {
        return resultsDir;
    }

    public void onResolved(final ShootSetup setup)
    {
        shootId = setup.shootId();
        console.onResolved(setup);
    }

    public void onHostList(final ShootSetup setup)
    {
        console.onHostList(setup);
    }

    public void onDryRun(final ShootSetup setup)
    {
        if (verbose)
        {
            console.onDryRun(setup);
        }
    }

    public void onPreflightNotRun(final String reason)
    {
        console.onPreflightNotRun(reason);
    }

    public void onDryRunPreflight(final String channel, final List<FleetShoot.Readiness> readiness)
    {
        console.onDryRunPreflight(channel, readiness);
    }

    public void onAutostop(final AutostopTrigger trigger)
    {
        console.onAutostop(trigger);
    }

    public void onFire(final ShootSetup setup)
    {
        if (verbose)
        {
            console.onFire(setup);
        }
    }

    public void onProbe(final TargetProbe.Outcome outcome, final String target, final boolean fatal)
    {
        console.onProbe(outcome, target, fatal);
    }

    public void onPreflight(final List<FleetShoot.Readiness> readiness, final long leadNs)
    {
        console.onPreflight(readiness, leadNs);
    }

    public void onStart(final long startEpochNs)
    {
        if (verbose)
        {
            console.onStart(startEpochNs);
        }
    }

    public void onSecond(final SecondStats merged)
    {
        if (verbose)
        {
            console.onSecond(merged);
        }
    }

    public void onDatacenterSeconds(final long second, final Map<String, SecondStats> byDatacenter)
    {
        if (verbose)
        {
            console.onDatacenterSeconds(second, byDatacenter);
        }
    }

    public void onHostNotShooting(final String host, final String reason)
    {
        console.onHostNotShooting(host, reason);
    }

    public void onNothingShot(final List<HostResult> hosts)
    {
        console.onNothingShot(hosts);
    }

    public void onAborting()
    {
        console.onAborting();
    }

    public void onHostLost(final String host, final String reason)
    {
        console.onHostLost(host, reason);
    }

    public void onHostIncomplete(final String host, final String incomplete)
    {
        console.onHostIncomplete(host, incomplete);
    }

    public void onLateAck(final String host)
    {
        console.onLateAck(host);
    }

    public void onStartSkew(final int hostCount, final long earliestUs, final long latestUs, final Instant start)
    {
        console.onStartSkew(hostCount, earliestUs, latestUs, start);
    }

    public void onUnreadSeconds(final long secondCount)
    {
        console.onUnreadSeconds(secondCount);
    }

    public PrintWriter sinkLines()
    {
        return console.sinkLines();
    }

    public void onResult(final ShootResult result, final String resultsDir)
    {
        this.result = result;
        this.resultsDir = resultsDir;
        if (verbose)
        {
            console.onResult(result, resultsDir);
        }
    }

    public void onFinished(final ShootResult result)
    {
        console.onFinished(result);
    }

    public void onFailed(final Exception failure, final int exitCode)
    {
        console.onFailed(failure, exitCode);
    }

    public PrintWriter problems()
    {
        return console.problems();
    }
}
