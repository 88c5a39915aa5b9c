/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.fleet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.l2.config.ConfigLoader;
import io.l2.runner.base.ExitCode;
import io.l2.runner.cli.L2Command;
import io.l2.runner.daemon.Daemon;
import io.l2.runner.daemon.TestChannels;
import io.l2.runner.report.HtmlReport;
import io.l2.runner.report.ReportPages;
import io.l2.runner.shoot.Replay;
import io.l2.runner.shoot.ShootId;
import io.l2.runner.sinks.LunaparkPush;
import io.l2.runner.sinks.LunaparkServer;
import io.l2.runner.test.FleetBed;
import io.l2.runner.test.TestJvm;
import io.l2.runner.test.TestKeys;
import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.codecs.SecondAggregateDecoder;
import io.l2.transport.control.ControlListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static io.l2.runner.test.FleetBed.json;
import static io.l2.runner.test.FleetBed.map;
import static io.l2.runner.test.FleetBed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shoots through two daemons in this JVM (hosts {@code a} in dc1 and {@code b} in dc2) on a loopback multicast
 * control channel, at l2's embedded responder on loopback: the merged result equals the hosts' own queues; a host
 * whose ammo differs is left out by the preflight and the other shoots the whole profile; a daemon whose l2.yaml
 * lacks the plan's set refuses the fire with a one-line reason; a fire whose plan is garbage is refused, not crashed
 * on; Ctrl-C on the runner (its own JVM) aborts every host and still writes what they measured.
 */
class FleetShootTest
{
    private static final Path AMMO = FleetBed.AMMO;
    private static final long ANSWER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    private Path tmp;

    private FleetBed bed;

    private final String channel = TestChannels.uniqueLoopbackMulticast();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private InetSocketAddress target;

    @BeforeEach
    void start()
    {
        bed = new FleetBed(tmp, channel);
    }

    @AfterEach
    void stop()
    {
        bed.close();
    }

    @Test
    void shouldMergeExactlyWhenTwoDaemonsShoot() throws IOException
    {
        startResponder();
        final Path config = config("l2.yaml", "pair", AMMO);
        startDaemon("a", config);
        startDaemon("b", config);

        final int exit = fire(config, plan("schedule: \"const(2000,3s)\""));

        assertEquals(ExitCode.OK, exit, err.toString());
        final Map<String, Object> result = json(out.toString());
        assertEquals(6000L, number(map(result.get("totals")).get("sent")), err.toString());
        long answered = 0;
        for (final Object entry : (List<?>)result.get("hosts"))
        {
            final Map<String, Object> host = map(entry);
            assertEquals("ok", host.get("status"), err.toString());
            assertEquals(3000L, number(map(host.get("totals")).get("sent")), "an even split: " + err);
            final long own = Replay.replay(Path.of((String)host.get("queue"))).merged().totals().answeredCount();
            assertEquals(own, number(map(host.get("totals")).get("answered")));
            answered += own;
        }
        assertEquals(answered, number(map(result.get("totals")).get("answered")));
        assertTrue(err.toString().contains("dc1: sent "), err.toString());
        assertTrue(err.toString().matches("(?s).*\\na +: ok=1 failed=0 unreachable=0 lost=0 aborted=0 sent=3000 .*"),
            err.toString());

        final Map<String, Object> report = ReportPages.data(Files.readString(
            Path.of((String)result.get("results")).resolve(HtmlReport.REPORT_FILE), StandardCharsets.UTF_8));
        assertEquals(List.of("dc1", "dc2"), ((List<?>)report.get("dcs")).stream().map((dc) -> map(dc).get("name"))
            .toList(), "the fleet's report has a series per datacenter");
        for (final Object entry : (List<?>)report.get("hosts"))
        {
            long sent = 0;
            for (final Object value : (List<?>)map(entry).get("sent"))
            {
                sent += number(value);
            }
            assertEquals(3000L, sent, "the fleet's report has each host's seconds: " + map(entry).get("name"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPushEveryDatacenterAndHostToLunaparkWhenTwoDaemonsShoot() throws IOException
    {
        startResponder();
        try (LunaparkServer lunapark = new LunaparkServer("fleet-token"))
        {
            final Path config = config("l2.yaml", "pair", AMMO);
            Files.writeString(config, "sinks:\n  lunapark: {api: \"" + lunapark.api() + "\", token: fleet-token, " +
                "task: LOAD-2, retry-pause: 10ms}\n", StandardOpenOption.APPEND);
            startDaemon("a", config);
            startDaemon("b", config);

            final int exit = fire(config, plan("schedule: \"const(500,2s)\""));

            assertEquals(ExitCode.OK, exit, err.toString());
            assertEquals(List.of(), lunapark.violations());
            final Map<String, Object> result = json(out.toString());
            final List<?> seconds = (List<?>)result.get("seconds");
            final long job = number(json(Files.readString(Path.of((String)result.get("results"))
                .resolve(LunaparkPush.FILE))).get("job"));
            final List<List<Map<String, Object>>> pushes = lunapark.pushes(job);
            assertEquals(seconds.size(), pushes.size(), err.toString());
            for (int i = 0; i < pushes.size(); i++)
            {
                final List<Map<String, Object>> items = pushes.get(i);
                assertEquals(List.of("", "dc:dc1", "dc:dc2", "host:a", "host:b"),
                    items.stream().map((item) -> item.get("case")).toList());
                final Map<String, Object> second = map(seconds.get(i));
                final List<Long> resps = items.stream()
                    .map((item) -> number(((Map<String, Object>)item.get("trail")).get("resps"))).toList();
                final List<Long> threads = items.stream()
                    .map((item) -> number(((Map<String, Object>)item.get("trail")).get("threads"))).toList();
                assertEquals(number(second.get("answered")), resps.get(0));
                assertEquals(resps.get(0), resps.get(1) + resps.get(2), "the datacenters add up");
                assertEquals(resps.get(1), resps.get(3), "dc1 is host a");
                assertEquals(resps.get(2), resps.get(4), "dc2 is host b");
                assertEquals(List.of(20L, 10L, 10L, 10L, 10L), threads);
            }
            assertEquals(ExitCode.OK, lunapark.closedWith(job));
            assertEquals("20", lunapark.edit(job).get("instances"));
        }
    }

    @Test
    void shouldLeaveOutAHostWhoseAmmoDiffersAndExitOne() throws IOException
    {
        startResponder();
        final Path other = Files.writeString(tmp.resolve("other.txt"), "h001.l2.test A\n");
        startDaemon("a", config("l2.yaml", "pair", AMMO));
        startDaemon("b", config("b.yaml", "pair", other));

        final int exit = fire(config("l2.yaml", "pair", AMMO), plan("schedule: \"const(1000,2s)\""));

        assertEquals(ExitCode.FAILED, exit, err.toString());
        assertTrue(err.toString().contains("l2: b not ready: ammo 'zone' differs: sha256 "), err.toString());
        final Map<String, Object> result = json(out.toString());
        assertEquals(2000L, number(map(result.get("totals")).get("sent")), "a shoots the whole profile: " + err);
        assertTrue(err.toString().matches("(?s).*\\nb +: ok=0 failed=1 unreachable=0 lost=0.*"), err.toString());
    }

    @Test
    void shouldRecordTheRefusalWhenTheDaemonLacksThePlansSet() throws IOException
    {
        startResponder();
        startDaemon("a", config("l2.yaml", "pair", AMMO));
        startDaemon("b", config("b.yaml", "other", AMMO));

        final int exit = fire(config("l2.yaml", "pair", AMMO), plan("schedule: \"const(1000,2s)\""));

        assertEquals(ExitCode.FAILED, exit, err.toString());
        assertTrue(err.toString().contains("l2: b does not shoot: refused: <fire from the runner>:"), err.toString());
        assertTrue(err.toString().contains("unknown set 'pair'"), err.toString());
        final Map<String, Object> result = json(out.toString());
        assertEquals(1000L, number(map(result.get("totals")).get("sent")), "a shoots its half: " + err);
    }

    @Test
    void shouldAskEveryDaemonToCheckTheFireWhenDryRun() throws IOException
    {
        startResponder();
        final Daemon a = startDaemon("a", config("l2.yaml", "pair", AMMO));
        startDaemon("b", config("b.yaml", "other", AMMO));
        final Path plan = plan("schedule: \"const(1000,2s)\"");

        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exit = commandLine.execute("--config", config("l2.yaml", "pair", AMMO).toString(), "shoot", "fire",
            "--dry-run", "--file", plan.toString(), "--control-channel", channel, "--threads", "2", "--idle",
            "backoff");

        assertEquals(ExitCode.FAILED, exit, out + "/" + err);
        final String text = out.toString();
        assertTrue(text.matches("(?s).*\\na +: ready dc=dc1 ready: waiting for jobs, .*; dry run: 1000 queries to " +
            "/127.0.0.1:" + target.getPort() + ", .*, 2 thread\\(s\\), idle backoff, io (nio|mmsg), " +
            "sockets auto\\n.*"), text);
        assertTrue(text.matches("(?s).*\\nb +: NOT READY dc=dc2 refused: <fire from the runner>:[0-9]+:[0-9]+: " +
            "unknown set 'pair'.*"), text);
        assertTrue(text.contains("1 of 2 hosts ready"), text);
        assertEquals(0, a.state().shootCount(), "a dry run starts no shoot");
        assertFalse(Files.exists(tmp.resolve("data")), "a dry run records nothing");
    }

    @Test
    void shouldRefuseWithOneLineWhenTheFiredPlanIsGarbage() throws IOException
    {
        final Path config = config("l2.yaml", "pair", AMMO);
        final Daemon daemon = startDaemon("a", config);
        final List<String> refusals = new ArrayList<>();
        final RefusalRecorder recorder = new RefusalRecorder(refusals);
        try (FleetControl control = FleetControl.start(tmp, channel,
            ConfigLoader.load(config).daemon().controlStream(), recorder, TestKeys.load(bed.keyFile(), null),
            (line) -> err.write(line + "\n")))
        {
            final byte[] garbage = "target: [unclosed\n\u0000\u0001 rps: ???".getBytes(StandardCharsets.UTF_8);
            final long shootId = ShootId.toLong(ShootId.next(java.time.Instant.now()));
            final long deadlineNs = System.nanoTime() + ANSWER_TIMEOUT_NS;
            long nextNs = System.nanoTime();
            while (refusals.isEmpty())
            {
                assertFalse(System.nanoTime() - deadlineNs > 0, "no refusal");
                if (System.nanoTime() - nextNs >= 0)
                {
                    control.proxy().fire(7, shootId, System.currentTimeMillis() * 1_000_000L + 5_000_000_000L, 3000,
                        0, 1, 0, "a", garbage, 0, garbage.length);
                    nextNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                }
                control.poll();
                Thread.onSpinWait();
            }
        }
        final String refusal = refusals.get(0);
        assertTrue(refusal.startsWith("7 a <fire from the runner>:"), refusal);
        assertEquals(1, refusal.lines().count(), refusal);
        assertEquals("waiting for jobs", daemon.state().stateName());
    }

    @Test
    void shouldAbortEveryHostAndWriteWhatTheyMeasuredWhenTheRunnerGetsCtrlC() throws Exception
    {
        startResponder();
        final Path config = config("l2.yaml", "pair", AMMO);
        final Daemon a = startDaemon("a", config);
        final Daemon b = startDaemon("b", config);
        final Path plan = plan("schedule: \"const(1000,30s)\"");
        final List<String> command = TestJvm.l2(List.of(), List.of(
            "--config", config.toString(), "shoot", "fire", "--file", plan.toString(), "--control-channel", channel));
        final Path output = tmp.resolve("runner.txt");
        final Process runner = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
            .start();
        try
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(output).contains("    1s "))
            {
                assertTrue(runner.isAlive() && System.nanoTime() - deadlineNs < 0, Files.readString(output));
                Thread.sleep(50);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(runner.pid())).start().waitFor();
            assertTrue(runner.waitFor(20, TimeUnit.SECONDS), "the runner did not stop after SIGINT");
            final String text = Files.readString(output);
            assertEquals(130, runner.exitValue(), text);
            assertTrue(text.contains("l2: aborting on every host"), text);
            assertTrue(text.matches("(?s).*\\na +: ok=0 failed=0 unreachable=0 lost=0 aborted=1 .*"), text);
            assertTrue(text.matches("(?s).*\\nb +: ok=0 failed=0 unreachable=0 lost=0 aborted=1 .*"), text);

            final Path folder;
            try (Stream<Path> folders = Files.list(tmp.resolve("results")))
            {
                folder = folders.findFirst().orElseThrow();
            }
            final Map<String, Object> result = json(Files.readString(folder.resolve("result.json")));
            final Map<String, Object> totals = map(result.get("totals"));
            final long sent = number(totals.get("sent"));
            assertTrue(sent > 0 && sent < 30_000, "sent " + sent + " of 30000: " + text);
            assertEquals(sent, number(totals.get("answered")) + number(totals.get("timeouts")) +
                number(totals.get("errors")), "what was sent resolved before the result was written");
            FleetBed.awaitWaiting(a);
            FleetBed.awaitWaiting(b);
        }
        finally
        {
            runner.destroyForcibly();
            runner.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldEndTheShootAndTellTheRunnerWhenADaemonStops() throws Exception
    {
        startResponder();
        final Path config = config("l2.yaml", "pair", AMMO);
        startDaemon("a", config);
        final Daemon b = startDaemon("b", config);
        final Path plan = plan("schedule: \"const(1000,4s)\"");
        final Thread stopper = new Thread(() ->
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (0 == b.state().shootCount() || b.state().stateName().equals("waiting for jobs"))
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    return;
                }
                Thread.onSpinWait();
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(4));
            b.close();
        }, "stopper");
        stopper.start();

        final int exit = fire(config, plan);
        stopper.join();

        assertEquals(ExitCode.FAILED, exit, err.toString());
        final Map<String, Object> result = json(out.toString());
        for (final Object entry : (List<?>)result.get("hosts"))
        {
            final Map<String, Object> host = map(entry);
            if ("b".equals(host.get("host")))
            {
                assertEquals("aborted", host.get("status"), err.toString());
                assertEquals("the daemon is stopping", host.get("reason"), err.toString());
                final long sent = number(map(host.get("totals")).get("sent"));
                assertTrue(sent > 0 && sent < 2000, "b sent " + sent + " of 2000 before it stopped");
                assertEquals(sent, Replay.replay(Path.of((String)host.get("queue"))).merged().totals().sentCount(),
                    "b's queue holds every query it sent");
            }
            else
            {
                assertEquals("ok", host.get("status"), err.toString());
            }
        }
    }

    private int fire(final Path config, final Path plan)
    {
        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute("--config", config.toString(), "shoot", "fire", "--file", plan.toString(),
            "--output", "json", "--control-channel", channel, "--lead", FleetBed.LEAD);
    }

    private void startResponder() throws IOException
    {
        target = bed.startResponder().address();
    }

    private Daemon startDaemon(final String host, final Path config) throws IOException
    {
        return bed.startDaemon(host, config);
    }

    private Path config(final String name, final String set, final Path ammo) throws IOException
    {
        return Files.writeString(tmp.resolve(name), String.join("\n",
            "l2:",
            "  data-dir: " + tmp.resolve("data"),
            "  results-dir: " + tmp.resolve("results"),
            "  aeron-dir: " + tmp.resolve("aeron-runner"),
            "cluster:",
            "  " + set + ":",
            "    dc1: [a]",
            "    dc2: [b]",
            "ammo:",
            "  zone: " + ammo,
            TestKeys.securityYaml(bed.keyFile())));
    }


    private Path plan(final String rps) throws IOException
    {
        return Files.writeString(tmp.resolve("plan.yaml"), String.join("\n",
            "target: \"127.0.0.1:" + target.getPort() + "\"",
            "ammo: zone",
            "set: pair",
            rps,
            "instances: 10",
            "timeout: 1s",
            ""));
    }


    /**
     * Keeps the refusals it hears, as {@code correlationId host reason}.
     */
    private record RefusalRecorder(List<String> refusals) implements ControlListener
    {
        public void onHello(final HelloDecoder hello)
        {
        }

        public void onFire(final FireDecoder fire)
        {
        }

        public void onAck(final AckDecoder ack)
        {
        }

        public void onRefuse(final RefuseDecoder refuse)
        {
            refusals.add(refuse.correlationId() + " " + refuse.host() + " " + refuse.reason());
        }

        public void onSecondAggregate(final SecondAggregateDecoder aggregate)
        {
        }

        public void onEnd(final EndDecoder end)
        {
        }

        public void onAbort(final AbortDecoder abort)
        {
        }

        public void onLease(final LeaseDecoder lease)
        {
        }
    }
}
