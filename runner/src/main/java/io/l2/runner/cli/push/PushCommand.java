/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.push;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import io.l2.config.InfluxSink;
import io.l2.config.L2Config;
import io.l2.config.LunaparkSink;
import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.aggregate.SecondStats;
import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.runner.base.Version;
import io.l2.runner.cli.common.GlobalOptions;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.Json;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.results.ShootResult;
import io.l2.runner.shoot.ConfigSource;
import io.l2.runner.shoot.Replay;
import io.l2.runner.sinks.InfluxClient;
import io.l2.runner.sinks.InfluxException;
import io.l2.runner.sinks.InfluxLines;
import io.l2.runner.sinks.InfluxPush;
import io.l2.runner.sinks.LunaparkClient;
import io.l2.runner.sinks.LunaparkException;
import io.l2.runner.sinks.LunaparkItems;
import io.l2.runner.sinks.LunaparkJob;
import io.l2.runner.sinks.LunaparkPush;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code l2 push SHOOT_ID|PATH}: recomputes a stored shoot from its queues and pushes every second to the configured
 * sinks (Lunapark, InfluxDB), or to the one {@code --sink} names.
 */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
        "Push a stored shoot to the Lunapark of l2.yaml (sinks.lunapark): its seconds are recomputed from the "
            + "recorded queues (exactly, as 'l2 replay') and pushed to a new job, which is then closed with the "
            + "shoot's exit code. When lunapark.json in the results folder names a job that did not get every "
            + "second (the live push failed), that job gets the missing ones instead; --new-job pushes everything "
            + "to a new job. lunapark.json is updated.",
        "With sinks.influxdb, every second and the totals are written to InfluxDB again (the same points as the live "
            + "write, so InfluxDB keeps one of each); influxdb.json is updated.",
        "By default the shoot goes to every sink l2.yaml configures; --sink lunapark or --sink influxdb picks one.",
        ""
    })
public final class PushCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SHOOT_ID|PATH", description = "a shoot id (a folder in results-dir) or a results folder")
    private String shoot;

    @Option(names = "--new-job", description = "push to a new job even when lunapark.json names one")
    private boolean newJob;

    @Option(names = "--sink", paramLabel = "SINK", defaultValue = "all",
        description = "lunapark, influxdb or all (default: every sink l2.yaml configures)")
    private String sinkName;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        final GlobalOptions root = (GlobalOptions)spec.root().userObject();
        final L2Config config = ConfigSource.load(
            root.config(), System.getenv(), Path.of("").toAbsolutePath(), ConfigSource.SYSTEM_CONFIG);
        if (!List.of("all", "lunapark", "influxdb").contains(sinkName))
        {
            throw new InputException("--sink " + sinkName + ": expected lunapark, influxdb or all");
        }
        final String source = null == config.source() ? "the embedded default config" : config.source().toString();
        final LunaparkSink lunapark = "influxdb".equals(sinkName) ? null : config.sinks().lunapark();
        final InfluxSink influxdb = "lunapark".equals(sinkName) ? null : config.sinks().influxdb();
        if (!"all".equals(sinkName) && null == lunapark && null == influxdb)
        {
            throw new InputException(source + " has no sinks." + sinkName + ": nowhere to push");
        }
        if (null == lunapark && null == influxdb)
        {
            throw new InputException(source + " has no sinks.lunapark nor sinks.influxdb: nowhere to push");
        }
        final Path folder = folder(config);
        final ShootResult result = Replay.replay(folder);
        final Map<String, Object> shootJson = Json.read(folder.resolve(ResultWriter.SHOOT_FILE));
        int exitCode = ExitCode.OK;
        if (null != lunapark)
        {
            exitCode = pushLunapark(lunapark, folder, result, shootJson);
        }
        if (null != influxdb && ExitCode.OK != writeInflux(influxdb, folder, result, shootJson))
        {
            exitCode = ExitCode.FAILED;
        }
        return exitCode;
    }

    private int writeInflux(
        final InfluxSink sink, final Path folder, final ShootResult result, final Map<String, Object> shootJson)
        throws IOException
    {
        final PrintWriter err = spec.commandLine().getErr();
        final InfluxClient client;
        try
        {
            client = InfluxClient.of(sink, "l2/" + Version.current());
        }
        catch (final InfluxException ex)
        {
            err.println("l2: " + ex.getMessage());
            err.flush();
            return ExitCode.FAILED;
        }
        final Path notePath = folder.resolve(InfluxPush.FILE);
        final Map<String, Object> note = Files.isRegularFile(notePath) ? Json.read(notePath) : Map.of();
        final Map<String, String> datacenterOfHost = new LinkedHashMap<>();
        result.hosts().forEach((host) -> datacenterOfHost.put(host.host(), host.datacenter()));
        final InfluxLines lines = new InfluxLines(sink.measurement(), String.valueOf(folder.getFileName()),
            String.valueOf(shootJson.getOrDefault("set", "")), String.valueOf(shootJson.getOrDefault("target", "")),
            datacenterOfHost);
        final InfluxPush push = InfluxPush.replay(
            client, lines, startEpochNs(note, shootJson, folder), folder, spec.commandLine().getOut());
        for (final SecondStats second : result.merged().seconds())
        {
            push.onSecond(second, byHost(result, second.second()));
        }
        final InfluxPush.Outcome outcome = push.finish(result);
        return InfluxPush.WRITTEN.equals(outcome.status()) ? ExitCode.OK : ExitCode.FAILED;
    }

    private int pushLunapark(
        final LunaparkSink sink, final Path folder, final ShootResult result, final Map<String, Object> shootJson)
        throws IOException
    {
        final Path notePath = folder.resolve(LunaparkPush.FILE);
        final Map<String, Object> note = Files.isRegularFile(notePath) ? Json.read(notePath) : Map.of();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();

        final Object noteJob = note.get("job");
        final boolean recorded = !newJob && noteJob instanceof Number && note.get("upload_token") instanceof String;
        if (recorded && (LunaparkPush.PUSHED.equals(note.get("status")) ||
            LunaparkPush.STOPPED.equals(note.get("status"))))
        {
            err.println("l2: " + folder + " was " + note.get("status") + " to Lunapark job " + noteJob + " (" +
                note.get("url") + ") already; --new-job pushes it to a new job");
            err.flush();
            return ExitCode.FAILED;
        }

        final LunaparkClient client;
        try
        {
            client = LunaparkClient.of(sink, "l2/" + Version.current());
        }
        catch (final LunaparkException ex)
        {
            err.println("l2: " + ex.getMessage());
            err.flush();
            return ExitCode.FAILED;
        }
        final Map<String, String> datacenterOfHost = new LinkedHashMap<>();
        result.hosts().forEach((host) -> datacenterOfHost.put(host.host(), host.datacenter()));
        final int instances = shootJson.get("instances") instanceof Number number ? number.intValue() : 1;
        final LunaparkJob job = LunaparkJob.of(sink, shootJson, ConfigSource.localHostName(),
            System.getProperty("user.name", ""), Version.current());
        final Set<Long> alreadyPushed = new TreeSet<>();
        if (recorded && note.get("pushed") instanceof List<?> list)
        {
            list.stream().filter(Number.class::isInstance).forEach((second) -> alreadyPushed.add(
                ((Number)second).longValue()));
        }
        final LunaparkPush push = LunaparkPush.resume(
            client,
            new LunaparkItems(instances, datacenterOfHost),
            job,
            recorded ? new LunaparkClient.Job(((Number)noteJob).longValue(), (String)note.get("upload_token")) : null,
            alreadyPushed,
            startEpochNs(note, shootJson, folder),
            folder,
            out);
        for (final SecondStats second : result.merged().seconds())
        {
            push.onSecond(second, byHost(result, second.second()));
        }
        final int exitCode = note.get("exit_code") instanceof Number code ? code.intValue() :
            result.autostopped() ? ExitCode.AUTOSTOPPED : result.allOk() ? ExitCode.OK : ExitCode.FAILED;
        final LunaparkPush.Outcome outcome = push.finish(exitCode, result.merged().seconds().size(),
            null == result.autostop() ? null : new LunaparkPush.Imbalance(result.autostop().rpsAtTrigger(),
            "autostop: " + result.autostop().reason()));
        if (!LunaparkPush.PUSHED.equals(outcome.status()))
        {
            err.println("l2: " + outcome.error() + (recorded ? " (resuming job " + noteJob +
                "; --new-job pushes to a new job)" : ""));
            err.flush();
            return ExitCode.FAILED;
        }
        return ExitCode.OK;
    }

    private Path folder(final L2Config config)
    {
        final Path resultsDir = config.daemon().resultsDir();
        try
        {
            final Path given = Path.of(shoot);
            if (Files.isDirectory(given))
            {
                return requireShoot(given.toAbsolutePath().normalize());
            }
            if (!shoot.isEmpty() && 1 == given.getNameCount() && !shoot.startsWith(".") &&
                Files.isDirectory(resultsDir.resolve(shoot)))
            {
                return requireShoot(resultsDir.resolve(shoot).toAbsolutePath().normalize());
            }
        }
        catch (final InvalidPathException ex)
        {
            throw new InputException("push " + shoot + ": not a path nor a shoot id (" + ex.getReason() + ")");
        }
        throw new InputException("push " + shoot + ": no such results folder, and no shoot of that id in " +
            resultsDir.toAbsolutePath().normalize());
    }

    private static Path requireShoot(final Path folder)
    {
        if (!Files.isRegularFile(folder.resolve(ResultWriter.SHOOT_FILE)))
        {
            throw new InputException("push " + folder + ": not a shoot's results folder (no " +
                ResultWriter.SHOOT_FILE + ")");
        }
        return folder;
    }

    private static long startEpochNs(final Map<String, Object> note, final Map<String, Object> shoot, final Path dir)
    {
        if (note.get("start_epoch_ns") instanceof Number start)
        {
            return start.longValue();
        }
        try
        {
            final Instant startedAt = Instant.parse(String.valueOf(shoot.get("started_at")));
            return startedAt.getEpochSecond() * 1_000_000_000L + startedAt.getNano();
        }
        catch (final DateTimeParseException ex)
        {
            throw new InputException(dir.resolve(ResultWriter.SHOOT_FILE) + ": started_at is not an instant: " +
                shoot.get("started_at"));
        }
    }

    private static Map<String, SecondStats> byHost(final ShootResult result, final long second)
    {
        final Map<String, SecondStats> byHost = new LinkedHashMap<>();
        for (final HostResult host : result.hosts())
        {
            final SecondStats row = row(host.aggregator(), second);
            if (null != row)
            {
                byHost.put(host.host(), row);
            }
        }
        return byHost;
    }

    private static SecondStats row(final Aggregator aggregator, final long second)
    {
        final long first = aggregator.firstSecond();
        if (first < 0 || second < first || second > aggregator.lastSecond())
        {
            return null;
        }
        return aggregator.seconds().get((int)(second - first));
    }
}
