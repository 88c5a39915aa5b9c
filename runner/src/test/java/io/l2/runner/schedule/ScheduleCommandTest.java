/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.schedule;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.config.ScheduleOverlap;
import io.l2.config.Schedules;
import io.l2.engine.responder.Responder;
import io.l2.engine.responder.ZoneAnswers;
import io.l2.engine.shoot.ShooterContext;
import io.l2.runner.base.ExitCode;
import io.l2.runner.cli.L2Command;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.shoot.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code l2 schedule list|fire} in-process, as an operator runs them: an {@code l2.yaml} with two schedules, one
 * (set {@code local}, this host alone) aimed at l2's embedded responder on a free loopback port, its plan file naming
 * another target that the schedule overrides. Also the scheduler's path: a due schedule on a fake clock fires the same
 * in-process shoot.
 */
@Tag("real-server")
class ScheduleCommandTest
{
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Responder responder;
    private String target;
    private Path config;

    private record Run(int exitCode, String out, String err)
    {
    }

    @BeforeEach
    void start() throws IOException
    {
        final int port;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            port = socket.getLocalPort();
        }
        final InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        responder = Responder.launch(address, ZoneAnswers.load(EXAMPLES.resolve("zone/l2.test.zone"), null),
            ShooterContext.IDLE_STRATEGY_DEFAULT);
        target = "127.0.0.1:" + port;
        Files.createDirectories(dir.resolve("plans"));
        Files.writeString(dir.resolve("plans/smoke.yaml"), String.join("\n",
            "description: smoke",
            "target: \"192.0.2.1:53\"",
            "ammo: ns-cache",
            "schedule: \"const(200,1s)\"",
            "instances: 2",
            "timeout: 500ms",
            "set: local",
            ""), StandardCharsets.UTF_8);
        config = dir.resolve("l2.yaml");
        Files.writeString(config, String.join("\n",
            "l2:",
            "  data-dir: data",
            "  results-dir: results",
            "  schedule-overlap: wait",
            "cluster:",
            "  local:",
            "    local: [\"" + ConfigSource.localHostName() + "\"]",
            "ammo:",
            "  ns-cache: \"" + EXAMPLES.resolve("ammo/ns-cache.txt") + "\"",
            "schedules:",
            "  - name: smoke",
            "    cron: \"0 3 * * *\"",
            "    timezone: Europe/Berlin",
            "    target: \"" + target + "\"",
            "    plan: plans/smoke.yaml",
            "  - name: other",
            "    cron: \"*/30 * * * *\"",
            "    target: ns01.example.net",
            "    plan: {ammo: ns-cache, schedule: \"const(10,1s)\", set: local}",
            ""), StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop()
    {
        responder.close();
    }

    private Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private List<Path> results() throws IOException
    {
        final Path results = dir.resolve("results");
        if (!Files.isDirectory(results))
        {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(results))
        {
            return folders.sorted().toList();
        }
    }

    @Test
    void shouldListSchedulesWithNextFireTimesInZoneAndUtc()
    {
        final Run run = run("schedule", "list", "--config", config.toString(), "--after", "2026-03-27T12:00:00Z");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("2 schedule(s) in " + config + "; scheduler off on this host (l2.scheduler), " +
            "overlap wait\n"), run.out());
        assertTrue(run.out().contains(String.join("\n",
            "smoke",
            "  cron      0 3 * * *  (Europe/Berlin)",
            "  target    " + target,
            "  set       local",
            "  plan      " + dir.resolve("plans/smoke.yaml"),
            "  next      2026-03-28 03:00 +01:00 [Europe/Berlin]  =  2026-03-28 02:00Z",
            "            2026-03-29 03:00 +02:00 [Europe/Berlin]  =  2026-03-29 01:00Z",
            "            2026-03-30 03:00 +02:00 [Europe/Berlin]  =  2026-03-30 01:00Z",
            "")), run.out());
        assertTrue(run.out().contains("  plan      inline\n  next      2026-03-27 12:30 +00:00 [UTC]  =  " +
            "2026-03-27 12:30Z\n"), run.out());
    }

    @Test
    void shouldListExampleConfigSchedules()
    {
        final Run run = run("schedule", "list", "--config", EXAMPLES.resolve("l2.yaml").toString(), "--after",
            "2026-11-25T12:00:00Z", "--count", "1");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("nightly-unbound\n  cron      0 3 * * *  (Europe/Moscow)\n  target    " +
            "127.0.0.1:5300\n  set       ns+load\n  plan      " + EXAMPLES.resolve("l2.shoot-example.yaml") +
            "\n  next      2026-11-26 03:00 +03:00 [Europe/Moscow]  =  2026-11-26 00:00Z\n"), run.out());
        assertTrue(run.out().contains("weekday-auth-ramp\n"), run.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldListSchedulesAsJson()
    {
        final Run run = run("schedule", "list", "--config", config.toString(), "--output", "json", "--after",
            "2026-10-24T12:00:00Z", "--count", "2");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        final Map<String, Object> json = (Map<String, Object>)new Load(LoadSettings.builder().build())
            .loadFromString(run.out());
        assertEquals(false, json.get("scheduler"));
        assertEquals("wait", json.get("overlap"));
        final List<Map<String, Object>> schedules = (List<Map<String, Object>>)json.get("schedules");
        assertEquals(List.of("smoke", "other"), schedules.stream().map((s) -> s.get("name")).toList());
        assertEquals(target, schedules.get(0).get("target"));
        assertEquals("local", schedules.get(0).get("set"));
        assertEquals(List.of(
            Map.of("local", "2026-10-25T03:00+01:00", "utc", "2026-10-25T02:00:00Z"),
            Map.of("local", "2026-10-26T03:00+01:00", "utc", "2026-10-26T02:00:00Z")),
            schedules.get(0).get("next"));
    }

    @Test
    void shouldExitTwoListingTargetsWhenNoScheduleMatches() throws IOException
    {
        final Run run = run("schedule", "fire", "--config", config.toString(), "--target", "ns02.example.net");

        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertEquals("l2: --target ns02.example.net: no schedule has this target in " + config + " (targets: " +
            target + " (smoke), ns01.example.net:53 (other))\n", run.err());
        assertEquals("", run.out());
        assertEquals(List.of(), results());

        final Run named = run("schedule", "fire", "--config", config.toString(), "--target", "ns01*",
            "--name", "smoke");
        assertEquals(ExitCode.BAD_INPUT, named.exitCode());
        assertTrue(named.err().startsWith("l2: --target ns01*: no schedule 'smoke' has this target"), named.err());
        final Run unknown = run("schedule", "fire", "--config", config.toString(), "--target", "*", "--name", "x");
        assertEquals("l2: --name x: no such schedule in " + config + " (schedules: smoke, other)\n", unknown.err());
    }

    @Test
    void shouldPrintHeaderAndShootFireDryRunAndSendNothing() throws IOException
    {
        final Run run = run("schedule", "fire", "--config", config.toString(), "--target", "127.0.0.*", "--dry-run");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("=== schedule smoke (cron \"0 3 * * *\" Europe/Berlin): target " + target +
            ", set local, plan " + dir.resolve("plans/smoke.yaml") + ", dry run\nDRY RUN: nothing is sent\n"),
            run.out());
        assertTrue(run.out().contains(target), run.out());
        assertFalse(run.out().contains("192.0.2.1"), run.out());
        assertFalse(run.out().contains("=== schedule other"), run.out());
        assertEquals(List.of(), results());
    }

    @Test
    void shouldPrintPlanAndOneLinePreflightAndExitOneWhenDryRunAtAFleetWithoutAClusterKey()
    {
        final String examples = EXAMPLES.resolve("l2.yaml").toString();

        final Run run = run("schedule", "fire", "--config", examples, "--target", "127.0.0.1:5300", "--dry-run");

        assertEquals(ExitCode.FAILED, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("=== schedule nightly-unbound "), run.out());
        assertTrue(run.out().contains("\nDRY RUN: nothing is sent\n"), run.out());
        assertTrue(run.out().contains("825000 in all"), run.out());
        assertTrue(run.out().endsWith("\n\nPREFLIGHT not run: no cluster key to ask the daemons with (readiness of " +
            "the 6 hosts unknown): set security.cluster-key-file in " + examples + " (make a key with: l2 keygen " +
            "FILE, and give every daemon the same)\n"), run.out());
        assertEquals("l2: schedule nightly-unbound: exit 1 (a host is not ready, or its readiness is unknown: see " +
            "the preflight above)\n", run.err());
    }

    @Test
    void shouldPointAtTheSchedulesTargetLineInL2YamlWhenItsTargetDoesNotResolve() throws IOException
    {
        final Path unresolvable = dir.resolve("unresolvable.yaml");
        Files.writeString(unresolvable, String.join("\n",
            "l2:",
            "  results-dir: results",
            "ammo:",
            "  ns-cache: \"" + EXAMPLES.resolve("ammo/ns-cache.txt") + "\"",
            "schedules:",
            "  - name: nightly",
            "    cron: \"0 3 * * *\"",
            "    target: \"ns01e.name.invalid\"",
            "    plan: {ammo: ns-cache, schedule: \"const(10,1s)\"}",
            ""), StandardCharsets.UTF_8);

        final Run run = run("schedule", "fire", "--config", unresolvable.toString(), "--target",
            "ns01e.name.invalid", "--dry-run");

        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.out() + run.err());
        assertEquals("l2: " + unresolvable + ":8:13: cannot resolve target host 'ns01e.name.invalid'\n" +
            "l2: schedule nightly: exit 2\n", run.err());
        assertFalse(run.out().contains("DRY RUN"), run.out());
    }

    @Test
    void shouldShootScheduleTargetAndWriteResultsWhenFired() throws IOException
    {
        final Run run = run("schedule", "fire", "--config", config.toString(), "--target", target);

        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("=== schedule smoke "), run.out());
        assertTrue(run.out().contains("-> " + target), run.out());
        final List<Path> results = results();
        assertEquals(1, results.size(), results.toString());
        assertTrue(Files.isRegularFile(results.get(0).resolve(ResultWriter.RESULT_FILE)));
        final String plan = Files.readString(results.get(0).resolve(ResultWriter.PLAN_FILE), StandardCharsets.UTF_8);
        assertTrue(plan.startsWith("# schedule 'smoke' ("), plan);
        assertTrue(plan.contains("target: " + target) || plan.contains("target: '" + target + "'"), plan);
        final String result = Files.readString(results.get(0).resolve(ResultWriter.RESULT_FILE));
        assertTrue(result.contains("\"answered\": 200") || result.contains("\"answered\":200"), result);
    }

    @Test
    void shouldPassShootOptionsOnToShootFireWhenGiven() throws IOException
    {
        final Run bad = run("schedule", "fire", "--config", config.toString(), "--target", target, "--threads", "0");
        assertEquals(ExitCode.BAD_INPUT, bad.exitCode(), bad.out() + bad.err());
        assertTrue(bad.err().contains("l2: --threads 0: expected 1..1024"), bad.err());
        final Run idle = run("schedule", "fire", "--config", config.toString(), "--target", target, "--idle", "dance");
        assertEquals(ExitCode.BAD_INPUT, idle.exitCode(), idle.out() + idle.err());
        assertTrue(idle.err().contains("l2: --idle "), idle.err());
        assertEquals(List.of(), results(), "nothing shot");

        final Run run = run("schedule", "fire", "--config", config.toString(), "--target", target, "--threads", "2",
            "--idle", "backoff", "--no-warmup");
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        assertEquals(1, results().size());
    }

    @Test
    void shouldFireDueScheduleThroughSameShootOnSchedulerPath() throws IOException
    {
        final L2Config loaded = ConfigLoader.load(config);
        final StringWriter out = new StringWriter();
        final PrintWriter writer = new PrintWriter(out, true);
        final long[] nowMs = { Instant.parse("2026-03-29T00:59:00Z").toEpochMilli() };
        final StringBuilder log = new StringBuilder();
        final Schedules smoke = new Schedules(true, ScheduleOverlap.SKIP,
            List.of(loaded.schedules().named("smoke").orElseThrow()));
        final Scheduler scheduler = new Scheduler(smoke, () -> nowMs[0],
            new EffectivePlanFirer(loaded, writer, writer), Runnable::run, (line) -> log.append(line).append('\n'));

        assertEquals(0, scheduler.doWork());
        nowMs[0] = Instant.parse("2026-03-29T01:00:00Z").toEpochMilli();
        scheduler.doWork();
        scheduler.doWork();

        assertEquals(1, scheduler.firedCount(), log.toString());
        assertTrue(log.toString().contains("'smoke' done: exit 0"), log + "\n" + out);
        assertEquals(1, results().size(), log + "\n" + out);
        assertTrue(Files.isRegularFile(results().get(0).resolve(ResultWriter.RESULT_FILE)));
    }
}
