/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.fire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.l2.config.L2Config;
import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.runner.control.ControlChannels;
import io.l2.runner.control.ControlKeys;
import io.l2.runner.fleet.FleetControl;
import io.l2.runner.fleet.FleetShoot;
import io.l2.runner.results.HostResult;
import io.l2.runner.shoot.ConfigSource;
import io.l2.runner.shoot.HostShare;
import io.l2.runner.shoot.ShootSetup;
import io.l2.transport.auth.ClusterKeys;
import io.l2.transport.auth.KeyFileException;

/**
 * A shoot by a set of other hosts, through their daemons: the cluster key, the control channel, the preflight (for a
 * dry run, the readiness of each host), the fire and the plan written into the results folder with where every host
 * recorded. One shoot, one thread.
 */
final class FleetFiring
{
    private final ShootRequest request;
    private final ShootSetup setup;
    private final ShootListener listener;
    private boolean fired;

    FleetFiring(final ShootRequest request, final ShootSetup setup, final ShootListener listener)
    {
        this.request = request;
        this.setup = setup;
        this.listener = listener;
    }

    /**
     * The cluster keys a runner needs to fire at other hosts: refused in one line, before anything is sent, when
     * l2.yaml names none or the file cannot be used.
     *
     * @param config the configuration.
     * @return the keys.
     * @throws InputException naming the key to set, in which file, and {@code l2 keygen}.
     */
    static ClusterKeys runnerKeys(final L2Config config)
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

    /**
     * A dry run's preflight: asks every host whether it is ready and has each ready one check a dry-run fire. Without
     * a usable key the daemons cannot be asked: one line says why, with the fix.
     *
     * @return {@link ExitCode#OK} when every host is ready, else {@link ExitCode#FAILED} (readiness unknown
     *     included).
     * @throws IOException when the control channel cannot start.
     */
    int dryRunPreflight() throws IOException
    {
        // the plan is printed and needed no key; the daemons cannot be asked without one: their readiness is unknown
        final String unknown = "readiness of the " + setup.hosts().size() + " hosts unknown";
        final ClusterKeys keys;
        try
        {
            keys = ControlKeys.load(setup.config());
        }
        catch (final KeyFileException ex)
        {
            listener.onPreflightNotRun("security.cluster-key-file " + ex.getMessage() + " (" + unknown + ")");
            return ExitCode.FAILED;
        }
        if (null == keys)
        {
            listener.onPreflightNotRun("no cluster key to ask the daemons with (" + unknown + "): set " +
                "security.cluster-key-file in " + ControlKeys.configName(setup.config()) + " (make a key with: " +
                "l2 keygen FILE, and give every daemon the same)");
            return ExitCode.FAILED;
        }
        final FleetShoot fleet = newFleetShoot();
        final List<FleetShoot.Readiness> readiness;
        try (FleetControl control = startControl(fleet, keys))
        {
            final List<FleetShoot.Readiness> heard = fleet.preflight(control);
            readiness = heard.stream().anyMatch(FleetShoot.Readiness::ready) ? fleet.check(control, heard) : heard;
        }
        listener.onDryRunPreflight(channels().describe(), readiness);
        return readiness.stream().allMatch(FleetShoot.Readiness::ready) ? ExitCode.OK : ExitCode.FAILED;
    }

    /**
     * Preflight, fire, follow: the hosts' results, every host of the set included (those left out as unreachable
     * or failed), and the plan written into the results folder. When no host is ready nothing is fired and nothing
     * written (no sink started, no results folder): {@link #fired()} is false then.
     *
     * @param keys       the cluster keys ({@link #runnerKeys}).
     * @param sinks      the sinks, started once the ready hosts are known.
     * @param resultsDir the results folder.
     * @param startedAt  when the shoot started (ISO-8601).
     * @param abort      true once the shoot should stop.
     * @param why        why it stops, for the abort every host is sent (null: no more than "aborted on the runner").
     * @return every host's result.
     * @throws IOException when the control channel cannot start or the results folder cannot be written.
     */
    List<HostResult> shoot(
        final ClusterKeys keys,
        final ShootSinks sinks,
        final Path resultsDir,
        final String startedAt,
        final BooleanSupplier abort,
        final Supplier<String> why) throws IOException
    {
        final FleetShoot fleet = newFleetShoot().abortReason(why);
        try (FleetControl control = startControl(fleet, keys))
        {
            final List<FleetShoot.Readiness> readiness = fleet.preflight(control);
            listener.onPreflight(readiness, request.leadNs());
            final boolean anyReady = readiness.stream().anyMatch(FleetShoot.Readiness::ready);
            final List<HostResult> results = anyReady ? fleet.shoot(control, listener, abort,
                sinks.start(setup, listener.sinkLines(), resultsDir, startedAt)) : fleet.notShot();
            if (!anyReady)
            {
                return results;
            }
            fired = true;
            final List<String> queues = new ArrayList<>();
            for (final HostShare share : setup.hosts())
            {
                final HostResult host = results.stream().filter((r) -> r.host().equals(share.host())).findFirst()
                    .orElse(null);
                queues.add(null == host || null == host.queue() ? null : host.host() + ":" + host.queue());
            }
            Shoots.writePlan(request, resultsDir, setup.toJson(startedAt, queues));
            if (fleet.malformedSecondCount() > 0)
            {
                listener.onUnreadSeconds(fleet.malformedSecondCount());
            }
            return results;
        }
    }

    /**
     * @return true once {@link #shoot} fired at a ready host (and wrote the results folder's plan).
     */
    boolean fired()
    {
        return fired;
    }

    private FleetShoot newFleetShoot()
    {
        return new FleetShoot(setup, runnerName(), request.fireOptions(), request.leadNs())
            .preflightTimeoutNs(request.preflightWaitNs());
    }

    private ControlChannels channels()
    {
        return null == request.controlChannel() ? ControlChannels.of(setup.config().daemon()) :
            ControlChannels.multicast(request.controlChannel());
    }

    private FleetControl startControl(final FleetShoot fleet, final ClusterKeys keys) throws IOException
    {
        final Path aeronParent = setup.config().daemon().aeronDir().toAbsolutePath().getParent();
        final Path shm = null != aeronParent && Files.isDirectory(aeronParent) ? aeronParent :
            Path.of(System.getProperty("java.io.tmpdir"));
        final List<String> hosts = new ArrayList<>();
        for (final HostShare host : setup.hosts())
        {
            hosts.add(host.host());
        }
        return FleetControl.start(shm, channels().runner(hosts), setup.config().daemon().controlStream(), fleet,
            keys, (line) ->
            {
                listener.problems().println("l2: " + line);
                listener.problems().flush();
            });
    }

    private static String runnerName()
    {
        return "l2-runner@" + ConfigSource.localHostName() + "/" + ProcessHandle.current().pid();
    }
}
