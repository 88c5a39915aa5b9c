/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.l2.runner.base.ExitCode;
import io.l2.runner.results.HostResult;
import io.l2.runner.sinks.LunaparkItems;
import io.l2.runner.sinks.LunaparkPush;
import io.l2.runner.sinks.LunaparkServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static io.l2.runner.shoot.ShootHarness.list;
import static io.l2.runner.shoot.ShootHarness.number;
import static io.l2.runner.shoot.ShootHarness.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code l2 shoot fire} in-process at l2's embedded responder with {@code sinks.lunapark} pointing at a
 * Lunapark-protocol server on loopback that checks every request: the job is created, every second of the result is
 * pushed exactly once (through a 503 and a 423), the job is closed with the exit code; a 410 aborts the shoot; a
 * push that fails for good leaves the data on disk and {@code l2 push} pushes all of it later, the same items as live.
 */
@Tag("real-server")
class LunaparkShootTest
{
    private static final Path ZONE_FILE =
        Path.of("..", "examples", "zone", "l2.test.zone").toAbsolutePath().normalize();
    private static final String TOKEN = "t0k3n";

    private LunaparkServer server;

    @BeforeEach
    void startServer() throws IOException
    {
        server = new LunaparkServer(TOKEN);
    }

    @AfterEach
    void stopServer()
    {
        server.close();
        assertEquals(List.of(), server.violations());
    }

    @Test
    @Timeout(60)
    void shouldPushEverySecondOnceAndCloseWhenShootRunsThroughA503AndA423(@TempDir final Path dir) throws IOException
    {
        final ShootHarness harness = harness(dir, 3);
        server.script(LunaparkServer.CREATE, 503);
        server.script(LunaparkServer.PUSH, 423);
        final Path plan = harness.plan("lp.yaml", freeLoopbackPort(),
            "schedule: \"const(400,3s)\"\ninstances: 2\nmode: async\ntimeout: 500ms\n");

        final ShootHarness.Run run = harness.fire(plan, "--responder", ZONE_FILE.toString(), "--no-warmup");

        System.out.println(run.err());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        final Map<String, Object> result = run.json();
        final List<Map<String, Object>> seconds = list(result, "seconds");
        assertTrue(seconds.size() >= 3, run.err());
        final Map<String, Object> note = note(result);
        final long job = number(note, "job");
        assertEquals(LunaparkPush.PUSHED, note.get("status"), note.toString());
        assertEquals(seconds.size(), number(note, "pushed_seconds"));
        assertEquals(Boolean.TRUE, note.get("closed"));
        assertEquals(server.api() + Long.toString(job), note.get("url"));
        assertTrue(run.err().contains("lunapark: job " + job + " " + server.api() + job), run.err());
        assertEquals(2, server.requestCount(LunaparkServer.CREATE));
        assertEquals(seconds.size() + 1, server.requestCount(LunaparkServer.PUSH));

        assertPushedOnce(seconds, server.pushes(job), result);
        assertEquals(ExitCode.OK, server.closedWith(job));
        final Map<String, Object> create = server.creates().get(0);
        assertEquals("LOAD-1", create.get("task"));
        assertEquals(List.of("bob"), create.get("notify"));
        assertEquals("2", server.edit(job).get("instances"));

        final ShootHarness.Run again = ShootHarness.run(
            "push", String.valueOf(result.get("id")), "--config", harness.config().toString());
        assertEquals(ExitCode.FAILED, again.exitCode(), again.err());
        assertTrue(again.err().contains("already; --new-job pushes it to a new job"), again.err());

        final ShootHarness.Run repush = ShootHarness.run(
            "push", String.valueOf(result.get("results")), "--new-job", "--config", harness.config().toString());
        assertEquals(ExitCode.OK, repush.exitCode(), repush.err());
        final long newJob = number(note(result), "job");
        assertTrue(newJob != job);
        assertEquals(server.pushes(job), server.pushes(newJob), "replayed items equal the live ones");
        assertEquals(ExitCode.OK, server.closedWith(newJob));
    }

    @Test
    @Timeout(60)
    void shouldSetTheJobsImbalanceAndCloseWithExitThreeWhenAutostopStopsTheShoot(@TempDir final Path dir)
        throws IOException
    {
        final ShootHarness harness = harness(dir, 3);
        final Path plan = harness.plan("lp-autostop.yaml", freeLoopbackPort(),
            "schedule: \"const(400,30s)\"\ninstances: 2\nmode: async\ntimeout: 500ms\nautostop: [limit(2s)]\n");

        final ShootHarness.Run run = harness.fire(plan, "--responder", ZONE_FILE.toString(), "--no-warmup");

        assertEquals(ExitCode.AUTOSTOPPED, run.exitCode(), run.err());
        final Map<String, Object> result = run.json();
        final Map<String, Object> autostop = object(result, "autostop");
        assertEquals("limit(2s)", autostop.get("criterion"), run.err());
        assertEquals("limit", autostop.get("culprit"));
        assertEquals(400, number(autostop, "rps_at_trigger"), run.err());
        assertTrue(list(result, "seconds").size() <= 4, "stopped after 2 s: " + run.err());
        final long job = number(note(result), "job");
        final Map<String, Object> imbalance = server.imbalance(job);
        assertEquals(400, ((Number)imbalance.get("imbalance")).intValue(), imbalance.toString());
        assertEquals(server.edit(job).get("description") + "\nautostop: the shoot lasted 2s (limit(2s))",
            imbalance.get("description"));
        assertEquals(ExitCode.AUTOSTOPPED, server.closedWith(job));
        assertEquals(1, server.requestCount(LunaparkServer.SUMMARY));
    }

    @Test
    @Timeout(60)
    void shouldAbortShootWhenLunaparkAnswers410(@TempDir final Path dir) throws IOException
    {
        final ShootHarness harness = harness(dir, 3);
        server.script(LunaparkServer.PUSH, 200, 410);
        final Path plan = harness.plan("lp410.yaml", freeLoopbackPort(),
            "schedule: \"const(500,30s)\"\ninstances: 2\nmode: async\ntimeout: 500ms\n");

        final ShootHarness.Run run = harness.fire(plan, "--responder", ZONE_FILE.toString(), "--no-warmup");

        assertEquals(ExitCode.FAILED, run.exitCode(), run.err());
        final Map<String, Object> result = run.json();
        assertEquals(HostResult.ABORTED, list(result, "hosts").get(0).get("status"));
        final List<Map<String, Object>> seconds = list(result, "seconds");
        assertTrue(seconds.size() < 30, "stopped early: " + seconds.size() + " seconds");
        assertTrue(number(object(result, "totals"), "sent") < 15_000, object(result, "totals").toString());
        assertTrue(run.err().contains("was stopped from Lunapark (HTTP 410): aborting the shoot"), run.err());
        final Map<String, Object> note = note(result);
        assertEquals(LunaparkPush.STOPPED, note.get("status"));
        assertEquals(1, number(note, "pushed_seconds"));
        assertEquals(ExitCode.FAILED, server.closedWith(number(note, "job")));
        assertEquals(2, server.requestCount(LunaparkServer.PUSH), "no push after the 410");
    }

    @Test
    @Timeout(60)
    void shouldKeepDataAndPushItLaterWhenPushFailsForGood(@TempDir final Path dir) throws IOException
    {
        final ShootHarness harness = harness(dir, 2);
        server.always(LunaparkServer.PUSH, 500);
        final Path plan = harness.plan("lp500.yaml", freeLoopbackPort(),
            "schedule: \"const(300,2s)\"\ninstances: 2\nmode: async\ntimeout: 500ms\n");

        final ShootHarness.Run run = harness.fire(plan, "--responder", ZONE_FILE.toString(), "--no-warmup");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        final Map<String, Object> result = run.json();
        final List<Map<String, Object>> seconds = list(result, "seconds");
        final Path folder = Path.of(String.valueOf(result.get("results")));
        assertTrue(Files.isRegularFile(folder.resolve("result.json")));
        final Map<String, Object> note = note(result);
        final long job = number(note, "job");
        assertEquals(LunaparkPush.FAILED, note.get("status"));
        assertTrue(String.valueOf(note.get("error")).startsWith("lunapark: push_data.json (job " + job +
            ", second 0): HTTP 500"), note.toString());
        assertEquals(0, number(note, "pushed_seconds"));
        assertEquals(Boolean.FALSE, note.get("closed"));
        assertTrue(run.err().contains("'l2 push " + result.get("id") + "' pushes it later"), run.err());
        assertEquals(2, server.requestCount(LunaparkServer.PUSH), "2 attempts, then no more pushes");
        assertNull(server.closedWith(job), "a job that misses seconds stays open");

        server.always(LunaparkServer.PUSH, 0);
        final ShootHarness.Run push = ShootHarness.run(
            "push", String.valueOf(result.get("id")), "--config", harness.config().toString());

        assertEquals(ExitCode.OK, push.exitCode(), push.err());
        assertTrue(push.out().contains("lunapark: resuming job " + job), push.out());
        assertEquals(1, server.creates().size(), "the recorded job was resumed");
        assertPushedOnce(seconds, server.pushes(job), result);
        assertEquals(ExitCode.OK, server.closedWith(job));
        final Map<String, Object> after = note(result);
        assertEquals(LunaparkPush.PUSHED, after.get("status"));
        assertEquals(seconds.size(), number(after, "pushed_seconds"));
        assertFalse(after.containsKey("error"), after.toString());
    }

    @Test
    void shouldRefuseInOneLineWhenPushNamesNoShoot(@TempDir final Path dir)
    {
        final ShootHarness harness = harness(dir, 2);

        final ShootHarness.Run unknown = ShootHarness.run("push", "20260101-000000-xyz", "--config",
            harness.config().toString());
        final ShootHarness.Run notShoot = ShootHarness.run("push", dir.toString(), "--config",
            harness.config().toString());

        assertEquals(ExitCode.BAD_INPUT, unknown.exitCode());
        assertEquals("l2: push 20260101-000000-xyz: no such results folder, and no shoot of that id in " +
            dir.resolve("results") + "\n", unknown.err());
        assertEquals(ExitCode.BAD_INPUT, notShoot.exitCode());
        assertEquals("l2: push " + dir + ": not a shoot's results folder (no shoot.json)\n", notShoot.err());
    }

    private ShootHarness harness(final Path dir, final int attempts)
    {
        final ShootHarness harness = new ShootHarness(dir, List.of("h001.l2.test A", "nx.l2.test A"));
        try
        {
            Files.writeString(dir.resolve("lp.token"), TOKEN + "\n", StandardCharsets.UTF_8);
            Files.writeString(harness.config(),
                "sinks:\n" +
                "  lunapark:\n" +
                "    api: \"" + server.api() + "\"\n" +
                "    token-file: lp.token\n" +
                "    task: LOAD-1\n" +
                "    notify: [bob]\n" +
                "    attempts: " + attempts + "\n" +
                "    retry-pause: 10ms\n" +
                "    maintenance-pause: 10ms\n" +
                "    timeout: 5s\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
        return harness;
    }

    /**
     * Every second of the result is in exactly one accepted push, in order, one unix second apart, and its overall
     * item says what the result says.
     */
    @SuppressWarnings("unchecked")
    private static void assertPushedOnce(
        final List<Map<String, Object>> seconds, final List<List<Map<String, Object>>> pushes,
        final Map<String, Object> result)
    {
        assertEquals(seconds.size(), pushes.size(), "one push per second");
        long firstTime = -1;
        for (int i = 0; i < seconds.size(); i++)
        {
            final Map<String, Object> second = seconds.get(i);
            final List<Map<String, Object>> items = pushes.get(i);
            assertEquals(1, items.size(), "one host: only the overall item");
            final Map<String, Object> overall = items.get(0);
            assertEquals(1, overall.get("overall"));
            final Map<String, Object> trail = (Map<String, Object>)overall.get("trail");
            final long time = Long.parseLong((String)trail.get("time"));
            firstTime = 0 == i ? time - number(second, "t") : firstTime;
            assertEquals(firstTime + number(second, "t"), time, "second " + i);
            assertEquals(number(second, "requested"), number(trail, "reqps"), "second " + i);
            assertEquals(number(second, "answered"), number(trail, "resps"), "second " + i);
            assertEquals(2, number(trail, "threads"));
            final Map<Long, Long> netCodes = codes((List<Map<String, Object>>)overall.get("net_codes"));
            assertEquals(number(second, "answered"), netCodes.getOrDefault(0L, 0L));
            assertEquals(number(second, "timeouts"), netCodes.getOrDefault((long)LunaparkItems.NET_CODE_TIMEOUT, 0L));
            final Map<Long, Long> rcodes = codes((List<Map<String, Object>>)overall.get("http_codes"));
            final Map<String, Object> expected = object(second, "rcodes");
            assertEquals(number(expected, "NOERROR"), rcodes.getOrDefault(0L, 0L), "second " + i);
            assertEquals(number(expected, "NXDOMAIN"), rcodes.getOrDefault(3L, 0L), "second " + i);
            long binned = 0;
            for (final Map<String, Object> interval : (List<Map<String, Object>>)overall.get("time_intervals"))
            {
                binned += number(interval, "count");
            }
            assertEquals(number(second, "answered"), binned, "every answer in a latency bin, second " + i);
            final double p99Ms = number(object(second, "latency_us"), "p99") / 1000.0;
            assertEquals(p99Ms, ((Number)trail.get("q99")).doubleValue(), 1e-3 * Math.max(1, p99Ms));
        }
        final long startedAt = Instant.parse(String.valueOf(result.get("started_at"))).getEpochSecond();
        assertTrue(firstTime >= startedAt && firstTime <= startedAt + 3,
            "second 0 is at " + firstTime + ", the shoot started at " + startedAt);
    }

    private static Map<Long, Long> codes(final List<Map<String, Object>> entries)
    {
        final Map<Long, Long> codes = new HashMap<>();
        for (final Map<String, Object> entry : entries)
        {
            codes.put(number(entry, "code"), number(entry, "count"));
        }
        return codes;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> note(final Map<String, Object> result) throws IOException
    {
        final Path file = Path.of(String.valueOf(result.get("results"))).resolve(LunaparkPush.FILE);
        assertTrue(Files.isRegularFile(file), file + " was written");
        return (Map<String, Object>)new Load(LoadSettings.builder().build())
            .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static InetSocketAddress freeLoopbackPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
    }
}
