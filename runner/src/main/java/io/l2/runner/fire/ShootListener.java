/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.fire;

import java.io.PrintWriter;
import java.util.List;

import io.l2.runner.fleet.FleetListener;
import io.l2.runner.fleet.FleetShoot;
import io.l2.runner.results.AutostopTrigger;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.ShootResult;
import io.l2.runner.shoot.ShootSetup;
import io.l2.runner.shoot.TargetProbe;

/**
 * What a shoot tells the one who fired it, in the order it happens: the caller decides what is printed and where
 * ({@code l2 shoot fire} attaches {@link ConsoleShootListener} on stdout/stderr, the daemon the same on its log), as
 * Ansible's output is a callback kept apart from the execution. Called on the thread that called
 * {@link Shoots#fire}; the control channel's errors are printed on {@link #problems()} from its own thread.
 */
public interface ShootListener extends FleetListener
{
    /**
     * The plan is resolved: target address pinned, ammo loaded, hosts selected and their shares split.
     *
     * @param setup the resolved shoot.
     */
    void onResolved(ShootSetup setup);

    /**
     * {@link ShootRequest.Mode#LIST_HOSTS}: the hosts that would shoot; nothing more happens.
     *
     * @param setup the resolved shoot.
     */
    void onHostList(ShootSetup setup);

    /**
     * {@link ShootRequest.Mode#DRY_RUN}: what would be shot; nothing is sent. For a set of other hosts a preflight
     * follows ({@link #onDryRunPreflight} or {@link #onPreflightNotRun}).
     *
     * @param setup the resolved shoot.
     */
    void onDryRun(ShootSetup setup);

    /**
     * A dry run could not ask the daemons (no usable cluster key): their readiness is unknown.
     *
     * @param reason one line: why, and the fix.
     */
    void onPreflightNotRun(String reason);

    /**
     * A dry run asked every daemon whether it is ready.
     *
     * @param channel   the control channel they were asked on, for people.
     * @param readiness every host's answer, in the order of the set.
     */
    void onDryRunPreflight(String channel, List<FleetShoot.Readiness> readiness);

    /**
     * An autostop criterion held on a merged second: every host is told to stop; the results are still merged and
     * written, and carry the trigger.
     *
     * @param trigger the criterion, the second, the rate at trigger and why.
     */
    default void onAutostop(final AutostopTrigger trigger)
    {
    }

    /**
     * The shoot is about to start (before the target is probed).
     *
     * @param setup the resolved shoot.
     */
    void onFire(ShootSetup setup);

    /**
     * The target did not answer the one probe query sent before the shoot as it should.
     *
     * @param outcome {@link TargetProbe.Outcome#UNREACHABLE} or {@link TargetProbe.Outcome#SILENT}.
     * @param target  the target as the plan writes it.
     * @param fatal   true when the shoot does not start because of it (a shoot from this host alone at a port that
     *                refuses).
     */
    void onProbe(TargetProbe.Outcome outcome, String target, boolean fatal);

    /**
     * A fleet's preflight before the fire: which hosts shoot.
     *
     * @param readiness every host's answer, in the order of the set.
     * @param leadNs    how long after the fire the ready ones start.
     */
    void onPreflight(List<FleetShoot.Readiness> readiness, long leadNs);

    /**
     * No host of the fleet was ready: nothing was fired, no results folder written, no sink started; the fire ends
     * with {@link io.l2.runner.base.ExitCode#FAILED}.
     *
     * @param hosts every host of the set, each unreachable or failed with its reason.
     */
    void onNothingShot(List<HostResult> hosts);

    /**
     * A shoot from this host alone is ready (its warm-up done): the profile starts at this instant. The seconds
     * follow as they complete ({@link #onSecond}).
     *
     * @param startEpochNs the profile's start, in nanoseconds since the epoch.
     */
    void onStart(long startEpochNs);

    /**
     * Some seconds the hosts sent could not be read (malformed): they are missing from the merge.
     *
     * @param secondCount how many.
     */
    void onUnreadSeconds(long secondCount);

    /**
     * @return where the sinks' own running lines go (a sink that starts, fails or is stopped). Text, one line each.
     */
    PrintWriter sinkLines();

    /**
     * The shoot is over and its result written; the sinks finish after this.
     *
     * @param result the result, every host's included.
     * @param resultsDir the results folder.
     */
    void onResult(ShootResult result, String resultsDir);

    /**
     * The sinks are done with the shoot (the last thing before {@link Shoots#fire} returns).
     *
     * @param result the result.
     */
    void onFinished(ShootResult result);

    /**
     * The shoot could not be fired or failed on the way ({@link Shoots#fireAndExplain}).
     *
     * @param failure  what was thrown.
     * @param exitCode {@link io.l2.runner.base.ExitCode#BAD_INPUT} for bad input (one line that names the file or the
     *                 option), else {@link io.l2.runner.base.ExitCode#FAILED}.
     */
    void onFailed(Exception failure, int exitCode);

    /**
     * @return where failures beside the shoot go, one line each prefixed {@code l2: }: a report that could not be
     *     rendered, the control channel's errors.
     */
    PrintWriter problems();
}
