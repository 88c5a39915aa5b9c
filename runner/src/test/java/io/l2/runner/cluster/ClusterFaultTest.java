/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.l2.engine.record.ResultQueue;
import io.l2.runner.fleet.FleetShoot;
import io.l2.runner.shoot.DiskGuard;
import io.l2.runner.shoot.Replay;
import io.l2.runner.test.FleetBed;
import io.l2.runner.test.TestJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import static io.l2.runner.cluster.ClusterChecks.assumeNamespaces;
import static io.l2.runner.cluster.ClusterChecks.awaitTrue;
import static io.l2.runner.cluster.ClusterChecks.l2;
import static io.l2.runner.cluster.ClusterChecks.list;
import static io.l2.runner.cluster.ClusterChecks.read;
import static io.l2.runner.cluster.ClusterChecks.yaml;
import static io.l2.runner.test.FleetBed.map;
import static io.l2.runner.test.FleetBed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults in a real cluster (three daemons in three network namespaces, NSD in a fourth, the runner in the root
 * namespace), each shoot a few seconds of {@code const} load, every result written afterwards read back by
 * {@code l2 replay} (the runner's folder, each daemon's own folder and queue):
 * <ol>
 *     <li>a link cut shorter than the lease: the host stays ok, every second it reported arrives (Aeron retransmits
 *     what the cut dropped), the queries sent during the cut time out;</li>
 *     <li>a link cut longer than the lease: the daemon stops by itself (lease expired), the runner loses it, the
 *     others finish, exit 1;</li>
 *     <li>a daemon SIGKILLed and started again mid-shoot: lost, it comes back waiting and sends nothing, its
 *     interrupted queue replays;</li>
 *     <li>a slow target (netem when the kernel has it, else {@link DelayRelay} in the target's namespace): latency,
 *     not failure; a delay over the timeout shows as timeouts, exit 0;</li>
 *     <li>a data directory on a small tmpfs that fills mid-shoot: the disk guard stops that host with a one-line
 *     {@code disk full: …}, and refuses the next fire, the others go on, the daemon lives.</li>
 * </ol>
 * One fixture, in this order; each case leaves every daemon running and waiting, except the last, which leaves its
 * daemon on the full tmpfs for the fixture's close to stop and unmount (a stop, an unmount and a daemon JVM's start
 * less). Each shoot lasts what its case needs: the fault at about second 2, and a few seconds after it that show
 * what went on (the other hosts' whole share, a stop a lease later). Needs root.
 */
@Tag("netns")
@Tag("long")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultTest
{
    private static final int DAEMON_COUNT = 3;
    private static final int TOTAL_RPS = 1500;
    private static final int HOST_RPS = TOTAL_RPS / DAEMON_COUNT;
    private static final long SHORT_CUT_MS = 1_500;
    private static final long LONG_CUT_MS = 5_000;
    private static final long INTO_SHOOT_MS = 2_000;
    private static final long QUIET_NS = TimeUnit.SECONDS.toNanos(2);
    private static final int TMPFS_MIB = 160;
    private static final long LEFT_FREE_LENGTH = 2L << 20;
    private static final int RELAY_PORT = 5300;
    private static final int DELAY_MS = 30;
    private static final int LONG_DELAY_MS = 300;
    /** The live table's line of the first merged second: every host has shot its second 0. */
    private static final Pattern FIRST_SECOND_LINE = Pattern.compile("(?m)^ +0s +\\d");

    private static ClusterFixture cluster;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startCluster() throws IOException
    {
        assumeNamespaces();
        cluster = new ClusterFixture(DAEMON_COUNT);
    }

    @AfterAll
    static void stopCluster() throws IOException
    {
        if (null != cluster)
        {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(120)
    void shouldKeepAHostWhoseLinkIsCutForLessThanTheLease() throws Exception
    {
        awaitAllWaiting();
        final Path plan = writePlan("short-cut", TOTAL_RPS, "6s", "1s", ClusterFixture.TARGET_PORT);
        final StringWriter err = new StringWriter();
        final Fault cut = Fault.start("short-cut", () ->
        {
            // timed from the first merged second, not from the start instant: a fresh daemon may start its profile
            // a second late and catch up in a burst, and a cut on that burst drops more than its own 1.5 s of queries
            awaitTrue(() -> FIRST_SECOND_LINE.matcher(err.toString()).find(), "the first merged second");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(INTO_SHOOT_MS - 1_000));
            cluster.link(1, false);
            try
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SHORT_CUT_MS));
            }
            finally
            {
                cluster.link(1, true);
            }
        });
        final Shot shot = fire(plan, err);
        cut.join();
        assertEquals(0, shot.exit, shot.err + cluster.logs());

        final Map<String, Object> cutHost = hostEntry(shot, 1);
        assertEquals("ok", cutHost.get("status"), shot.err);
        final Map<String, Object> totals = map(cutHost.get("totals"));
        assertEquals(6L * HOST_RPS, number(totals.get("sent")), "it shot its whole share: " + shot.err);
        // the queries (and answers) of the cut were dropped on the wire: they time out
        final long timeouts = number(totals.get("timeouts"));
        assertTrue(timeouts >= HOST_RPS * SHORT_CUT_MS / 1000 * 8 / 10 && timeouts <= HOST_RPS * 3,
            "about " + SHORT_CUT_MS + " ms of queries time out: " + timeouts);
        // every second arrived, those reported during the cut too (Aeron retransmitted them): the runner's numbers
        // are the daemon's own queue's, exactly
        final Map<String, Object> own = replayJson(cluster.resultsDir(1).resolve(shot.id)
            .resolve("host-" + cluster.hostName(1)));
        assertEquals(totals, map(own.get("totals")), "the runner has every second of the cut host");
        assertFalse(shot.err.contains("incomplete"), shot.err);
        for (int i = 2; i <= DAEMON_COUNT; i++)
        {
            assertEquals("ok", hostEntry(shot, i).get("status"), shot.err);
            assertEquals(0, number(map(hostEntry(shot, i).get("totals")).get("timeouts")), shot.err);
        }
        assertEveryResultReplays(shot);
    }

    @Test
    @Order(2)
    @Timeout(120)
    void shouldStopAndLoseAHostWhoseLinkIsCutForLongerThanTheLease() throws Exception
    {
        awaitAllWaiting();
        final Path plan = writePlan("long-cut", TOTAL_RPS, "8s", "1s", ClusterFixture.TARGET_PORT);
        final Fault cut = Fault.start("long-cut", () ->
        {
            awaitShooting(1);
            LockSupport.parkNanos(FleetBed.LEAD_NS + TimeUnit.MILLISECONDS.toNanos(INTO_SHOOT_MS));
            cluster.link(1, false);
            try
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(LONG_CUT_MS));
            }
            finally
            {
                cluster.link(1, true);
            }
        });
        final Shot shot = fire(plan);
        cut.join();
        assertEquals(1, shot.exit, shot.err + cluster.logs());

        final Map<String, Object> lost = hostEntry(shot, 1);
        assertEquals("lost", lost.get("status"), shot.err);
        assertTrue(((String)lost.get("reason")).startsWith("silent for "), shot.err);
        assertTrue(shot.err.contains(cluster.hostName(1) + " lost: silent for "), shot.err);
        assertTrue(shot.err.matches("(?s).*" + cluster.hostName(1) + " +: ok=0 failed=0 unreachable=0 lost=1.*"),
            shot.err);
        for (int i = 2; i <= DAEMON_COUNT; i++)
        {
            assertEquals("ok", hostEntry(shot, i).get("status"), shot.err);
            assertEquals(8L * HOST_RPS, number(map(hostEntry(shot, i).get("totals")).get("sent")), shot.err);
        }

        // the dead-man switch: the daemon stopped by itself within the lease, and says so in its own result
        awaitTrue(() -> "waiting for jobs".equals(status(1).get("state")), "daemon 1 waits after the cut");
        final Path ownDir = cluster.resultsDir(1).resolve(shot.id).resolve("host-" + cluster.hostName(1));
        awaitTrue(() -> Files.isRegularFile(ownDir.resolve("result.json")), "daemon 1 wrote its result");
        final Map<String, Object> own = replayJson(ownDir);
        final Map<String, Object> ownHost = list(own.get("hosts")).get(0);
        assertEquals("lost", ownHost.get("status"));
        assertTrue(((String)ownHost.get("reason")).startsWith("lease expired: no word from the runner for 3000 ms"),
            String.valueOf(ownHost.get("reason")));
        long lastSentSecond = -1;
        for (final Map<String, Object> second : list(own.get("seconds")))
        {
            if (number(second.get("sent")) > 0)
            {
                lastSentSecond = number(second.get("t"));
            }
        }
        final long cutSecond = INTO_SHOOT_MS / 1000;
        final long leaseSeconds = FleetShoot.LEASE_MS / 1000;
        assertTrue(lastSentSecond >= cutSecond + leaseSeconds - 1 && lastSentSecond <= cutSecond + leaseSeconds + 1,
            "stopped sending a lease after the cut (second " + cutSecond + " + " + leaseSeconds + "): last " +
            lastSentSecond);
        assertTrue(number(map(own.get("totals")).get("sent")) < 8L * HOST_RPS);
        assertEveryResultReplays(shot);
    }

    @Test
    @Order(3)
    @Timeout(180)
    void shouldNotResumeTheStaleShootWhenAKilledDaemonIsStartedAgain() throws Exception
    {
        awaitAllWaiting();
        final Path plan = writePlan("restart", TOTAL_RPS, "4s", "1s", ClusterFixture.TARGET_PORT);
        final int victim = DAEMON_COUNT;
        final AtomicReference<Map<String, Long>> dataAfterKill = new AtomicReference<>();
        final Fault restart = Fault.start("restart", () ->
        {
            awaitShooting(victim);
            LockSupport.parkNanos(FleetBed.LEAD_NS + TimeUnit.MILLISECONDS.toNanos(INTO_SHOOT_MS));
            cluster.kill(victim);
            dataAfterKill.set(files(cluster.dataDir(victim)));
            cluster.restart(victim);
        });
        final Shot shot = fire(plan);
        restart.join();
        assertEquals(1, shot.exit, shot.err + cluster.logs());

        final Map<String, Object> lost = hostEntry(shot, victim);
        assertEquals("lost", lost.get("status"), shot.err);
        assertTrue(number(map(lost.get("totals")).get("sent")) > 0, "what it sent before is kept");
        for (int i = 1; i < victim; i++)
        {
            assertEquals("ok", hostEntry(shot, i).get("status"), shot.err);
            assertEquals(4L * HOST_RPS, number(map(hostEntry(shot, i).get("totals")).get("sent")), shot.err);
        }

        // back, waiting, and silent: nothing reaches the target, nothing new is written into its data directory
        assertEquals("waiting for jobs", status(victim).get("state"));
        assertNull(status(victim).get("shoot"));
        final long queries = cluster.targetQueryCount();
        LockSupport.parkNanos(QUIET_NS);
        assertEquals(queries, cluster.targetQueryCount(), "no query reaches the target after the restart");
        assertEquals("waiting for jobs", status(victim).get("state"));
        assertEquals(dataAfterKill.get(), files(cluster.dataDir(victim)),
            "the restarted daemon leaves the killed shoot's queue as it was");
        final String log = Files.readString(cluster.logFile(victim), StandardCharsets.ISO_8859_1);
        assertFalse(log.substring(log.lastIndexOf("l2 daemon: waiting for jobs")).contains(shot.id),
            "the restarted daemon never names the stale shoot: " + log);

        // its interrupted results replay: the queue as recorded until the kill, the folder as lost
        final Path queue = cluster.dataDir(victim).resolve(shot.id).resolve(cluster.hostName(victim));
        final Map<String, Object> fromQueue = replayJson(queue);
        assertTrue(number(map(fromQueue.get("totals")).get("sent")) >= number(map(lost.get("totals")).get("sent")),
            "the queue holds at least what reached the runner");
        final Map<String, Object> own = replayJson(cluster.resultsDir(victim).resolve(shot.id)
            .resolve("host-" + cluster.hostName(victim)));
        assertEquals("lost", list(own.get("hosts")).get(0).get("status"));
        assertEquals(Replay.INTERRUPTED, list(own.get("hosts")).get(0).get("reason"));
        assertEquals(map(fromQueue.get("totals")).get("sent"), map(own.get("totals")).get("sent"));
        assertEveryResultReplays(shot);
    }

    @Test
    @Order(4)
    @Timeout(180)
    void shouldShowASlowTargetAsLatencyAndADelayOverTheTimeoutAsTimeouts() throws Exception
    {
        awaitAllWaiting();
        try (SlowTarget slow = SlowTarget.start(DELAY_MS))
        {
            final Shot shot = fire(writePlan("slow", TOTAL_RPS, "4s", "1s", slow.port));
            assertEquals(0, shot.exit, slow + ": " + shot.err + cluster.logs());
            final Map<String, Object> totals = map(shot.result.get("totals"));
            final long sent = number(totals.get("sent"));
            assertEquals(4L * TOTAL_RPS, sent, shot.err);
            assertTrue(number(totals.get("answered")) >= sent * 999 / 1000,
                slow + ": answered ≈ sent: " + totals + "\n" + shot.err);
            assertTrue(number(totals.get("timeouts")) <= sent / 1000,
                slow + ": no timeouts: " + totals + "\n" + shot.err);
            assertEquals(0, number(totals.get("errors")), "not a generator failure: " + totals);
            assertTrue(number(map(totals.get("latency_us")).get("p50")) >= DELAY_MS * 1000L,
                slow + ": p50 at least the delay: " + totals.get("latency_us"));
            for (int i = 1; i <= DAEMON_COUNT; i++)
            {
                assertEquals("ok", hostEntry(shot, i).get("status"), shot.err);
            }
            assertEveryResultReplays(shot);
        }
        awaitAllWaiting();
        try (SlowTarget slower = SlowTarget.start(LONG_DELAY_MS))
        {
            final Shot shot = fire(writePlan("slower", TOTAL_RPS, "3s", "100ms", slower.port));
            assertEquals(0, shot.exit, slower + ": " + shot.err + cluster.logs());
            final Map<String, Object> totals = map(shot.result.get("totals"));
            final long sent = number(totals.get("sent"));
            assertEquals(3L * TOTAL_RPS, sent, shot.err);
            assertTrue(number(totals.get("timeouts")) >= sent * 999 / 1000, slower + ": timeouts ≈ sent: " + totals);
            assertEquals(0, number(totals.get("errors")), "not a generator failure: " + totals);
            for (int i = 1; i <= DAEMON_COUNT; i++)
            {
                assertEquals("ok", hostEntry(shot, i).get("status"), shot.err);
            }
            assertEveryResultReplays(shot);
        }
    }

    @Test
    @Order(5)
    @Timeout(180)
    void shouldStopOnlyTheHostWhoseDiskFillsWithAOneLineReason() throws Exception
    {
        awaitAllWaiting();
        final int full = 2;
        final Path filler = cluster.dataDir(full).resolve("filler");
        cluster.stop(full);
        cluster.mountTmpfs(full, TMPFS_MIB);
        try
        {
            cluster.restart(full);
            awaitAllWaiting();
            final Path plan = writePlan("disk-full", TOTAL_RPS, "5s", "1s", ClusterFixture.TARGET_PORT);
            final Fault fill = Fault.start("fill", () ->
            {
                awaitShooting(full);
                LockSupport.parkNanos(FleetBed.LEAD_NS + TimeUnit.MILLISECONDS.toNanos(INTO_SHOOT_MS));
                fill(filler, LEFT_FREE_LENGTH);
            });
            final Shot shot = fire(plan);
            fill.join();
            assertEquals(1, shot.exit, shot.err + cluster.logs());

            final Map<String, Object> stopped = hostEntry(shot, full);
            assertEquals("failed", stopped.get("status"), shot.err);
            final String reason = (String)stopped.get("reason");
            assertTrue(reason.matches("disk full: " + Pattern.quote(cluster.dataDir(full).toString()) + "/" +
                shot.id + "/" + cluster.hostName(full) + " has [0-9.]+ MiB free, under the " +
                "[0-9.]+ MiB margin \\(2 Chronicle blocks of [0-9.]+ MiB \\+ 2 s of records at " + HOST_RPS +
                "/s\\); stopped sending"), reason);
            assertTrue(shot.err.matches("(?s).*" + cluster.hostName(full) + " +: ok=0 failed=1 unreachable=0 " +
                "lost=0 [^\n]* reason=\"disk full: [^\n]*\n.*"), shot.err);
            final long sent = number(map(stopped.get("totals")).get("sent"));
            assertTrue(sent > 0 && sent < 5L * HOST_RPS, "stopped early: " + sent);
            for (int i = 1; i <= DAEMON_COUNT; i++)
            {
                if (i != full)
                {
                    assertEquals("ok", hostEntry(shot, i).get("status"), shot.err);
                    assertEquals(5L * HOST_RPS, number(map(hostEntry(shot, i).get("totals")).get("sent")));
                }
            }
            // stopped cleanly, not by SIGBUS: the daemon lives, its own result says why, its queue replays whole
            assertTrue(cluster.daemon(full).isAlive(), cluster.daemonLog(full));
            final String log = Files.readString(cluster.logFile(full), StandardCharsets.ISO_8859_1);
            assertFalse(log.contains("SIGBUS") || log.contains("InternalError"), log);
            final Map<String, Object> own = replayJson(cluster.resultsDir(full).resolve(shot.id)
                .resolve("host-" + cluster.hostName(full)));
            assertEquals("failed", list(own.get("hosts")).get(0).get("status"));
            assertEquals(reason, list(own.get("hosts")).get(0).get("reason"));
            assertEquals(map(stopped.get("totals")), map(own.get("totals")), "every second arrived");
            assertEveryResultReplays(shot);

            // before a shoot: the guard refuses the fire, the others shoot
            awaitAllWaiting();
            final Shot next = fire(writePlan("disk-still-full", TOTAL_RPS, "2s", "1s", ClusterFixture.TARGET_PORT));
            assertEquals(1, next.exit, next.err);
            final Map<String, Object> refused = hostEntry(next, full);
            assertEquals("failed", refused.get("status"), next.err);
            assertTrue(((String)refused.get("reason")).matches("refused: disk full: " +
                Pattern.quote(cluster.dataDir(full).toString()) + " has [0-9.]+ MiB free, under the [0-9.]+ MiB " +
                "margin .*; not shooting"), next.err);
            assertTrue(next.err.contains(cluster.hostName(full) + " does not shoot: refused: disk full: "), next.err);
            assertFalse(Files.exists(cluster.dataDir(full).resolve(next.id)), "nothing opened on the full disk");
            for (int i = 1; i <= DAEMON_COUNT; i++)
            {
                if (i != full)
                {
                    assertEquals("ok", hostEntry(next, i).get("status"), next.err);
                }
            }
            assertEveryResultReplays(next);
        }
        finally
        {
            // the last case: the fixture's close stops the daemon and unmounts its tmpfs
            Files.deleteIfExists(filler);
        }
    }

    /**
     * The target made slow: netem on the target's interface when the kernel has it (the plan targets NSD), else a
     * {@link DelayRelay} process in the target's namespace in front of NSD (the plan targets the relay's port).
     */
    private static final class SlowTarget implements AutoCloseable
    {
        private final int port;
        private final Process relay;
        private final Path relayLog;

        private SlowTarget(final int port, final Process relay, final Path relayLog)
        {
            this.port = port;
            this.relay = relay;
            this.relayLog = relayLog;
        }

        static SlowTarget start(final int delayMs) throws IOException
        {
            try
            {
                ClusterFixture.run(cluster.targetExec(List.of("tc", "qdisc", "add", "dev",
                    cluster.targetInterface(), "root", "netem", "delay", delayMs + "ms")));
                return new SlowTarget(ClusterFixture.TARGET_PORT, null, null);
            }
            catch (final IOException ex)
            {
                // no sch_netem here ("Specified qdisc kind is unknown"): a relay does the delaying
                System.out.println("netem unavailable, relaying instead: " + ex.getMessage());
            }
            final String address = cluster.target().getAddress().getHostAddress();
            final Path log = cluster.directory().resolve("relay-" + delayMs + ".log");
            final List<String> command = cluster.targetExec(TestJvm.command(DelayRelay.class.getName(),
                List.of("-Xmx64m", "-XX:+UseSerialGC"), List.of(address, Integer.toString(RELAY_PORT), address,
                Integer.toString(ClusterFixture.TARGET_PORT), Integer.toString(delayMs), "90")));
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
            final SlowTarget target = new SlowTarget(RELAY_PORT, process, log);
            try
            {
                awaitTrue(() -> read(log).contains(DelayRelay.READY) || !process.isAlive(), "the relay starts");
                if (!process.isAlive())
                {
                    throw new IOException("the relay exited: " + read(log));
                }
            }
            catch (final IOException | RuntimeException | AssertionError ex)
            {
                target.close();
                throw ex;
            }
            return target;
        }

        @Override
        public void close() throws IOException
        {
            if (null == relay)
            {
                ClusterFixture.run(cluster.targetExec(List.of("tc", "qdisc", "del", "dev", cluster.targetInterface(),
                    "root")));
                return;
            }
            relay.destroy();
            try
            {
                if (!relay.waitFor(10, TimeUnit.SECONDS))
                {
                    relay.destroyForcibly();
                    relay.waitFor(5, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                relay.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString()
        {
            return null == relay ? "netem" : "relay (" + read(relayLog).trim().replace('\n', ' ') + ")";
        }
    }

    /**
     * A fault run beside the shoot, on its own thread; {@link #join()} rethrows what it threw.
     */
    private static final class Fault
    {
        private final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        private Fault(final String name, final Step step)
        {
            thread = new Thread(() ->
            {
                try
                {
                    step.run();
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            }, "fault-" + name);
        }

        static Fault start(final String name, final Step step)
        {
            final Fault fault = new Fault(name, step);
            fault.thread.start();
            return fault;
        }

        void join() throws Exception
        {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(thread.isAlive(), "the fault thread ends");
            final Throwable ex = failure.get();
            if (ex instanceof Exception exception)
            {
                throw exception;
            }
            if (ex instanceof Error error)
            {
                throw error;
            }
        }
    }

    @FunctionalInterface
    private interface Step
    {
        void run() throws Exception;
    }

    /**
     * A shoot fired in-process: exit code, the runner's JSON and its human lines (stderr, the recap).
     */
    private record Shot(int exit, Map<String, Object> result, String id, String err)
    {
    }

    private static Shot fire(final Path plan)
    {
        return fire(plan, new StringWriter());
    }

    /**
     * Fires the plan from the runner, in this JVM.
     *
     * @param plan the plan.
     * @param err  what the runner prints to its standard error (the live table among it), readable while it runs.
     * @return the shot.
     */
    private static Shot fire(final Path plan, final StringWriter err)
    {
        final StringWriter out = new StringWriter();
        final int exit = l2(out, err, "--config", cluster.runnerConfig().toString(), "shoot", "fire",
            "--file", plan.toString(), "--output", "json", "--lead", FleetBed.LEAD);
        final Map<String, Object> result = yaml(out.toString());
        // what the operator sees, kept in the test's output for docs/security-faults.md
        System.out.println("--- l2 shoot fire --file " + plan.getFileName() + ": exit " + exit + "\n" + err);
        return new Shot(exit, result, String.valueOf(result.get("id")), err.toString());
    }

    /**
     * Every result of the shoot that was written reads back with {@code l2 replay}: the runner's folder, and each
     * daemon's own folder and queue (those that exist).
     */
    private static void assertEveryResultReplays(final Shot shot)
    {
        final Path runnerDir = cluster.runnerResultsDir().resolve(shot.id);
        assertTrue(Files.isDirectory(runnerDir), runnerDir + " written");
        replayJson(runnerDir);
        for (int i = 1; i <= DAEMON_COUNT; i++)
        {
            for (final Path dir : List.of(
                cluster.resultsDir(i).resolve(shot.id).resolve("host-" + cluster.hostName(i)),
                cluster.dataDir(i).resolve(shot.id).resolve(cluster.hostName(i))))
            {
                if (Files.isDirectory(dir))
                {
                    replayJson(dir);
                }
            }
        }
    }

    private static Map<String, Object> replayJson(final Path dir)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = l2(out, err, "replay", dir.toString(), "--output", "json");
        assertEquals(0, exit, "l2 replay " + dir + ": " + err);
        return yaml(out.toString());
    }

    private static void fill(final Path filler, final long leftFreeLength) throws IOException
    {
        final byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler))
        {
            long toWrite = Files.getFileStore(filler).getUsableSpace() - leftFreeLength;
            while (toWrite > 0)
            {
                final int length = (int)Math.min(chunk.length, toWrite);
                out.write(chunk, 0, length);
                toWrite -= length;
            }
        }
        final long usable = Files.getFileStore(filler).getUsableSpace();
        final long marginLength = new DiskGuard(filler,
            ResultQueue.mappedBlockLength(ResultQueue.DEFAULT_BLOCK_LENGTH), HOST_RPS).marginLength();
        assertTrue(usable <= leftFreeLength + (1 << 20) && usable < marginLength,
            "filled to " + usable + " bytes free, under the guard's margin of " + marginLength);
    }

    private static Map<String, Long> files(final Path dir) throws IOException
    {
        final Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.filter(Files::isRegularFile).toList())
            {
                files.put(dir.relativize(path) + " " + Files.getLastModifiedTime(path).toMillis(), Files.size(path));
            }
        }
        return files;
    }

    private static Path writePlan(
        final String name, final int rps, final String duration, final String timeout, final int port)
        throws IOException
    {
        return Files.writeString(cluster.directory().resolve(name + ".yaml"), String.join("\n",
            "description: \"cluster fault " + name + "\"",
            "target: \"" + cluster.target().getAddress().getHostAddress() + ":" + port + "\"",
            "ammo: " + cluster.ammoName(),
            "set: " + cluster.setName(),
            "rps: {type: const, from: " + rps + ", duration: " + duration + "}",
            "instances: 20",
            "mode: async",
            "timeout: " + timeout,
            ""));
    }

    private void awaitAllWaiting()
    {
        for (int i = 1; i <= DAEMON_COUNT; i++)
        {
            final int host = i;
            awaitTrue(() -> "waiting for jobs".equals(status(host).get("state")), "daemon " + i + " waits");
        }
    }

    private void awaitShooting(final int i)
    {
        awaitTrue(() -> "shooting".equals(status(i).get("state")), "daemon " + i + " shoots");
    }

    private Map<String, Object> status(final int i)
    {
        try
        {
            final HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(cluster.uri(i).resolve("/status")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
            return yaml(response.body());
        }
        catch (final IOException ex)
        {
            return Map.of("state", "unreachable: " + ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, Object> hostEntry(final Shot shot, final int i)
    {
        final String name = cluster.hostName(i);
        for (final Map<String, Object> host : list(shot.result.get("hosts")))
        {
            if (name.equals(host.get("host")))
            {
                return host;
            }
        }
        throw new AssertionError("no host " + name + " in " + shot.result + "\n" + shot.err);
    }

}
