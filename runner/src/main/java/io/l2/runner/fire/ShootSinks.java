/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.fire;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.l2.config.InfluxSink;
import io.l2.engine.aggregate.SecondStats;
import io.l2.config.LunaparkSink;
import io.l2.runner.base.Version;
import io.l2.runner.results.Autostop;
import io.l2.runner.results.AutostopTrigger;
import io.l2.runner.results.ShootResult;
import io.l2.runner.shoot.ConfigSource;
import io.l2.runner.shoot.ShootSetup;
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

/**
 * The sinks {@code l2.yaml} configures for one shoot: the Lunapark push ({@code sinks.lunapark}) and the InfluxDB
 * write ({@code sinks.influxdb}), started once the hosts are known, fed every second, finished with the result. A
 * sink that cannot start says why in one line and in the results folder; the shoot goes on. One shoot, one thread.
 */
final class ShootSinks
{
    private LunaparkPush lunapark;
    private InfluxPush influx;
    private Autostop autostop;
    private ShootListener autostopListener;

    /**
     * Checks every merged second the sinks are told of against the plan's autostop criteria (before the sinks'
     * {@link #start}); the listener hears of the one that holds.
     *
     * @param autostop the criteria's state.
     * @param listener told {@link ShootListener#onAutostop}.
     */
    void autostop(final Autostop autostop, final ShootListener listener)
    {
        this.autostop = autostop;
        this.autostopListener = listener;
    }

    /**
     * @return true once Lunapark asked to stop the shoot (its job was stopped there).
     */
    boolean abortRequested()
    {
        return null != lunapark && lunapark.abortRequested();
    }

    /**
     * Starts the configured sinks for the shoot's hosts (after the preflight for a fleet).
     *
     * @param setup      the resolved shoot.
     * @param lines      where a sink's own lines go.
     * @param resultsDir the results folder.
     * @param startedAt  when the shoot started (ISO-8601).
     * @return every started sink as one.
     * @throws IOException when the results folder cannot be written.
     */
    ShootSink start(final ShootSetup setup, final PrintWriter lines, final Path resultsDir, final String startedAt)
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
                    client, new LunaparkItems(setup.plan().instances(), datacenterOfHost), job, resultsDir, lines);
                sinks.add(lunapark);
            }
            catch (final LunaparkException ex)
            {
                lines.println("l2: " + ex.getMessage() + " (not pushing; 'l2 push " + setup.shootId() +
                    "' pushes the shoot later)");
                lines.flush();
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
                    setup.set().name(), setup.plan().target().authority(), datacenterOfHost), resultsDir, lines);
                sinks.add(influx);
            }
            catch (final InfluxException ex)
            {
                lines.println("l2: " + ex.getMessage() + " (not writing; 'l2 push " + setup.shootId() +
                    " --sink influxdb' writes the shoot later)");
                lines.flush();
                InfluxPush.writeNotStarted(resultsDir, ex.getMessage());
            }
        }
        final ShootSink all = ShootSink.all(sinks);
        return null == autostop || autostop.isEmpty() ? all : checking(all, autostop, autostopListener);
    }

    private static ShootSink checking(final ShootSink sink, final Autostop autostop, final ShootListener listener)
    {
        return new ShootSink()
        {
            public void onStart(final long startEpochNs)
            {
                autostop.onStart(startEpochNs);
                sink.onStart(startEpochNs);
            }

            public void onSecond(final SecondStats merged, final Map<String, SecondStats> byHost)
            {
                sink.onSecond(merged, byHost);
                final AutostopTrigger trigger = autostop.onSecond(merged);
                if (null != trigger)
                {
                    listener.onAutostop(trigger);
                }
            }

            public boolean abortRequested()
            {
                return sink.abortRequested();
            }
        };
    }

    /**
     * Closes the Lunapark job with the shoot's exit code (after setting its imbalance when autostop stopped it) and
     * writes the totals to InfluxDB.
     *
     * @param result   the result.
     * @param exitCode the shoot's exit code.
     * @throws IOException when a sink's file in the results folder cannot be written.
     */
    void finish(final ShootResult result, final int exitCode) throws IOException
    {
        if (null != lunapark)
        {
            final AutostopTrigger trigger = result.autostop();
            lunapark.finish(exitCode, result.merged().seconds().size(), null == trigger ? null :
                new LunaparkPush.Imbalance(trigger.rpsAtTrigger(), "autostop: " + trigger.reason()));
        }
        if (null != influx)
        {
            influx.finish(result);
        }
    }
}
