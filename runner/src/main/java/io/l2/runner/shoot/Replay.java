/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;

import io.l2.config.Position;
import io.l2.config.RpsKind;
import io.l2.config.RpsSegment;
import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.aggregate.QueueAggregation;
import io.l2.engine.profile.RateProfile;
import io.l2.runner.base.InputException;
import io.l2.runner.results.AutostopTrigger;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.Json;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.results.ShootResult;

/**
 * Offline replay: the same aggregator as during the shoot, run over recorded queues, so a past shoot's numbers come
 * back exactly. Takes a shoot's results folder (with {@code shoot.json}) or a bare queue directory (then the
 * requested counts, which come from the profile, are unknown and shown as 0).
 * <p>
 * A results folder with {@code shoot.json} but no {@code result.json} is a shoot that never ended there (its daemon
 * was killed or crashed mid-shoot): its hosts replay as {@link HostResult#LOST} with {@link #INTERRUPTED} as the
 * reason, their numbers being what their queues recorded until then.
 */
public final class Replay
{
    /** The reason of the hosts of a results folder without {@code result.json}. */
    public static final String INTERRUPTED = "interrupted: no " + ResultWriter.RESULT_FILE + " (the shoot never " +
        "ended here: killed or crashed); the numbers are what its queue recorded until then";

    private Replay()
    {
    }

    /**
     * @param path a results folder or a queue directory.
     * @return the result, recomputed from the queues.
     * @throws IOException when a file cannot be read.
     */
    public static ShootResult replay(final Path path) throws IOException
    {
        if (!Files.isDirectory(path))
        {
            throw new InputException(path + ": not a directory (give a shoot's results folder or a queue directory)");
        }
        final Path shootFile = path.resolve(ResultWriter.SHOOT_FILE);
        if (Files.isRegularFile(shootFile))
        {
            return replayShoot(path, shootFile);
        }
        if (!hasQueueFiles(path))
        {
            throw new InputException(path + ": neither a results folder (no " + ResultWriter.SHOOT_FILE +
                ") nor a queue directory (no .cq4 files)");
        }
        final Map<String, Object> header = new LinkedHashMap<>();
        header.put("id", null);
        header.put("queue", path.toString());
        final Aggregator aggregator = QueueAggregation.replay(path, (second) -> 0);
        return new ShootResult(header, List.of(new HostResult(
            path.getFileName().toString(), "", HostResult.OK, "", aggregator, Map.of(), path)));
    }

    @SuppressWarnings("unchecked")
    private static ShootResult replayShoot(final Path dir, final Path shootFile) throws IOException
    {
        final Map<String, Object> shoot = Json.read(shootFile);
        final boolean ended = Files.isRegularFile(dir.resolve(ResultWriter.RESULT_FILE));
        final Map<String, Object> stored = ended ? Json.read(dir.resolve(ResultWriter.RESULT_FILE)) : Map.of();
        try
        {
            final List<RpsSegment> segments = new ArrayList<>();
            for (final Object item : (List<Object>)shoot.get("rps"))
            {
                final Map<String, Object> segment = (Map<String, Object>)item;
                segments.add(new RpsSegment(
                    RpsKind.valueOf(((String)segment.get("type")).toUpperCase(java.util.Locale.ROOT)),
                    number(segment.get("from")), number(segment.get("to")), number(segment.get("step")),
                    number(segment.get("duration_ns")), Position.ofFile(shootFile.toString())));
            }
            final RateProfile profile = ShootSetup.buildProfile(segments);
            final boolean perHost = Boolean.TRUE.equals(shoot.get("per_host"));

            final Map<String, Map<String, Object>> storedHosts = new LinkedHashMap<>();
            if (stored.get("hosts") instanceof List<?> list)
            {
                for (final Object item : list)
                {
                    final Map<String, Object> host = (Map<String, Object>)item;
                    storedHosts.put((String)host.get("host"), host);
                }
            }

            final List<HostResult> hosts = new ArrayList<>();
            for (final Object item : (List<Object>)shoot.get("hosts"))
            {
                final Map<String, Object> host = (Map<String, Object>)item;
                final int index = (int)number(host.get("index"));
                final int hostCount = (int)number(host.get("host_count"));
                final RateProfile share = perHost ? profile : profile.share(index, hostCount);
                final LongUnaryOperator requested = LocalShoot.requestedPerSecond(share);
                final String name = (String)host.get("host");
                final Path queue = queuePath(shootFile, name, (String)host.get("queue"));
                final Map<String, Object> was = storedHosts.getOrDefault(name, Map.of());
                final Map<String, Long> counters = new LinkedHashMap<>();
                if (was.get("counters") instanceof Map<?, ?> map)
                {
                    map.forEach((key, value) -> counters.put(String.valueOf(key), number(value)));
                }
                hosts.add(new HostResult(
                    (String)host.get("host"),
                    (String)host.get("dc"),
                    was.containsKey("status") ? (String)was.get("status") : ended ? HostResult.OK : HostResult.LOST,
                    was.containsKey("reason") ? (String)was.get("reason") : ended ? "" : INTERRUPTED,
                    null == queue ? Aggregator.of(requested) : QueueAggregation.replay(queue, requested),
                    counters,
                    queue));
            }

            final Map<String, Object> header = new LinkedHashMap<>();
            for (final String key : List.of("id", "description", "target", "mode", "started_at", "profile", "set"))
            {
                header.put(key, shoot.get(key));
            }
            header.put("ammo", stored.containsKey("ammo") ? stored.get("ammo") : shoot.get("ammo"));
            header.put("results", dir.toString());
            return new ShootResult(reorder(header), hosts, AutostopTrigger.fromJson(stored.get("autostop")));
        }
        catch (final ClassCastException | NullPointerException | IllegalArgumentException ex)
        {
            throw new InputException(shootFile + ": not a shoot file l2 wrote (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * A host's queue as {@code shoot.json} names it: a path; or {@code HOST:PATH} in a runner's folder, the queue
     * being on that host (read here when the path is here too: a shared or copied directory, one machine); or none
     * for a host that never shot.
     */
    private static Path queuePath(final Path shootFile, final String host, final String queue)
    {
        if (null == queue)
        {
            return null;
        }
        if (!queue.startsWith(host + ":"))
        {
            return Path.of(queue);
        }
        final Path path = Path.of(queue.substring(host.length() + 1));
        if (!Files.isDirectory(path))
        {
            throw new InputException(shootFile + ": the queue of " + host + " is on that host (" + path + "), not " +
                "here: replay its own folder there (results-dir/ID/host-" + host + ") or copy the queue to " +
                path + " here");
        }
        return path;
    }

    private static Map<String, Object> reorder(final Map<String, Object> header)
    {
        final Map<String, Object> ordered = new LinkedHashMap<>();
        for (final String key : List.of("id", "description", "target", "ammo", "mode", "started_at"))
        {
            ordered.put(key, header.get(key));
        }
        ordered.putAll(header);
        return ordered;
    }

    private static long number(final Object value)
    {
        if (value instanceof Number number)
        {
            return number.longValue();
        }
        throw new IllegalArgumentException("expected a number, got " + value);
    }

    private static boolean hasQueueFiles(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.anyMatch((file) -> file.getFileName().toString().endsWith(".cq4"));
        }
    }
}
