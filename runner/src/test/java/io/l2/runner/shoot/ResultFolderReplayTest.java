/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.config.ShootPlan;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultQueue;
import io.l2.engine.record.ResultRecorder;
import io.l2.runner.base.InputException;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.Json;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.results.ShootResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The folders a fleet shoot leaves replay: a daemon's own folder (its one share of several, its queue, no
 * {@code result.json} when it was killed), and the runner's folder (queues named {@code HOST:PATH}, none for a host
 * that never shot).
 */
class ResultFolderReplayTest
{
    private static final int RECORD_COUNT = 7;

    @TempDir
    private Path tmp;

    @Test
    void shouldReplayTheShareOfAKilledDaemonsOwnFolderAsInterrupted() throws Exception
    {
        final L2Config config = config();
        final String id = ShootId.next(Instant.now());
        try (ShootSetup setup = ShootSetup.resolveShare(id, config, plan(config), "h3", 2, 3))
        {
            final Path queue = LocalShoot.queueDir(setup, setup.hosts().get(0));
            record(queue);
            final Path dir = tmp.resolve("results").resolve(id).resolve("host-h3");
            ResultWriter.writePlan(dir, setup.toJson("2026-11-25T00:00:00Z", List.of(queue.toString())), "plan");
            final Map<String, Object> host = firstHost(Json.read(dir.resolve(ResultWriter.SHOOT_FILE)));
            assertEquals(3L, ((Number)host.get("host_count")).longValue(), "the fleet's count, not the setup's one");
            assertEquals(queue.toString(), host.get("queue"), "host index 2, first and only queue of the list");

            final ShootResult replayed = Replay.replay(dir);
            final HostResult h3 = replayed.hosts().get(0);
            assertEquals(HostResult.LOST, h3.status());
            assertEquals(Replay.INTERRUPTED, h3.reason());
            assertEquals(RECORD_COUNT, h3.aggregator().totals().sentCount());
            assertEquals(10, LocalShoot.requestedPerSecond(setup.hosts().get(0).profile()).applyAsLong(0));
            assertEquals(10, h3.aggregator().totals().requestedCount(),
                "requested in second 0 is the host's share (a third of 30), not the fleet's");
        }
    }

    @Test
    void shouldReadRunnerQueuesNamedHostColonPathAndSkipHostsThatNeverShot() throws Exception
    {
        final L2Config config = config();
        final String id = ShootId.next(Instant.now());
        try (ShootSetup setup = ShootSetup.resolve(id, config, plan(config), null))
        {
            final Path queue = tmp.resolve("h1-queue");
            record(queue);
            final Path dir = tmp.resolve("runner").resolve(id);
            ResultWriter.writePlan(dir, setup.toJson("2026-11-25T00:00:00Z",
                Arrays.asList("h1:" + queue, null, null)), "plan");
            final ShootResult replayed = Replay.replay(dir);
            assertEquals(RECORD_COUNT, replayed.hosts().get(0).aggregator().totals().sentCount());
            assertEquals(queue, replayed.hosts().get(0).queue());
            assertEquals(0, replayed.hosts().get(1).aggregator().totals().sentCount());
            assertEquals(RECORD_COUNT, replayed.merged().totals().sentCount());

            final Path elsewhere = tmp.resolve("runner").resolve("elsewhere");
            ResultWriter.writePlan(elsewhere, setup.toJson("2026-11-25T00:00:00Z",
                Arrays.asList("h1:" + queue, "h2:/nowhere/q", null)), "plan");
            final InputException ex = assertThrows(InputException.class, () -> Replay.replay(elsewhere));
            assertEquals(elsewhere.resolve(ResultWriter.SHOOT_FILE) + ": the queue of h2 is on that host " +
                "(/nowhere/q), not here: replay its own folder there (results-dir/ID/host-h2) or copy the queue to " +
                "/nowhere/q here", ex.getMessage());
        }
    }

    private L2Config config() throws Exception
    {
        final Path ammo = Files.writeString(tmp.resolve("q.txt"), "a.example. A\nb.example. AAAA\n");
        return ConfigLoader.parse("l2.yaml", String.join("\n",
            "l2:",
            "  data-dir: " + tmp.resolve("data"),
            "cluster:",
            "  load:",
            "    dc1: [h1, h2]",
            "    dc2: [h3]",
            "ammo:",
            "  q: " + ammo,
            ""), tmp);
    }

    private ShootPlan plan(final L2Config config) throws Exception
    {
        return ConfigLoader.parsePlan("plan.yaml", String.join("\n",
            "target: \"127.0.0.1:5353\"",
            "ammo: q",
            "set: load",
            "rps: {type: const, from: 30, duration: 2s}",
            ""), tmp, config);
    }

    private static void record(final Path queue)
    {
        try (ResultQueue results = ResultQueue.open(queue); ResultRecorder recorder = results.createRecorder())
        {
            for (int i = 0; i < RECORD_COUNT; i++)
            {
                recorder.append(i * 1_000_000L, i * 1_000_000L + 10, i * 1_000_000L + 500_000, 0, 0, 1, 0, 0,
                    Outcome.ANSWERED, 1, 50, i);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstHost(final Map<String, Object> shoot)
    {
        return ((List<Map<String, Object>>)shoot.get("hosts")).get(0);
    }
}
