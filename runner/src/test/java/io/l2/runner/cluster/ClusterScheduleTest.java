/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cluster;

import java.io.IOException;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.l2.runner.schedule.Scheduler;
import io.l2.runner.test.FleetBed;
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
import static io.l2.runner.cluster.ClusterChecks.hostEntry;
import static io.l2.runner.cluster.ClusterChecks.l2;
import static io.l2.runner.cluster.ClusterChecks.list;
import static io.l2.runner.cluster.ClusterChecks.yaml;
import static io.l2.runner.test.FleetBed.map;
import static io.l2.runner.test.FleetBed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schedules on a real cluster: three {@code l2 daemon} JVMs in three network namespaces, a real NSD in a fourth, and
 * one schedule {@value #SCHEDULE} in every {@code l2.yaml}: cron {@code * * * * *} (every minute), target NSD,
 * an inline plan of {@value #RPS} rps for {@value #SECONDS} s on the set of the three. Daemon 1 runs the scheduler.
 * <ol>
 *     <li>The next minute boundary: the schedule fires once on daemon 1 (one fire line for that due time in its log,
 *     then {@code done: exit 0}), through the fleet (one new results folder in daemon 1's results-dir, every host
 *     ok, {@code totals.sent} the plan's total), the queries reach NSD, and no second fire follows in that
 *     minute.</li>
 *     <li>{@code l2 schedule fire --dry-run --target=ADDRESS} in this JVM (the root namespace, the runner's
 *     {@code l2.yaml} with the same schedule) prints the header, the plan, the hosts and the preflight, and no query
 *     reaches NSD; without {@code --dry-run} it shoots through the fleet as {@code l2 shoot fire} (the recap says
 *     ok for the three hosts, a results folder in the runner's results-dir).</li>
 * </ol>
 * The schedule's timezone is an offset with seconds ({@code +00:00:SS}, a valid zone), chosen when the fixture
 * starts so that its minute comes {@link #FIRST_DUE_NS} later, not anywhere up to a minute later: the scheduler is
 * the same, the test waits less.
 * <p>
 * The second runs after the first, at least {@link #ON_DEMAND_BUDGET_NS} before the next minute boundary, so that the
 * scheduler's next fire never meets it. The fixture's close stops daemon 1 first, so nothing fires while the rest
 * stops. Needs root.
 */
@Tag("netns")
@Tag("long")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterScheduleTest
{
    private static final int DAEMON_COUNT = 3;
    private static final int SCHEDULER_DAEMON = 1;
    private static final String SCHEDULE = "minute";
    private static final int RPS = 300;
    private static final int SECONDS = 1;
    private static final long PLAN_QUERY_COUNT = (long)RPS * SECONDS;
    /** The runner's probe of the target before it fires ({@code TargetProbe}): one query more than the plan's. */
    private static final long PROBE_QUERY_COUNT = 1;
    private static final long MAX_MINUTE_WAIT_NS = TimeUnit.SECONDS.toNanos(70);
    /** How long after the fixture starts the schedule's first minute comes: time for the three daemons to start. */
    private static final long FIRST_DUE_NS = TimeUnit.SECONDS.toNanos(15);
    private static final long ON_DEMAND_BUDGET_NS = TimeUnit.SECONDS.toNanos(25);
    private static final long SHOOT_WAIT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long SETTLE_NS = TimeUnit.SECONDS.toNanos(2);
    private static final String FREE_STATE = "waiting for jobs";
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private static final String FIRE_LINE = Scheduler.LOG_PREFIX + "fire '" + SCHEDULE + "' (due ";
    private static final String DONE_LINE = Scheduler.LOG_PREFIX + "'" + SCHEDULE + "' done: exit ";

    private static ClusterFixture cluster;
    private static String targetHost;
    private static ZoneId zone;

    @BeforeAll
    static void startCluster() throws IOException
    {
        assumeNamespaces();
        zone = zoneWithMinuteIn(FIRST_DUE_NS);
        cluster = new ClusterFixture(DAEMON_COUNT, SCHEDULER_DAEMON, (target) -> String.join("\n",
            "schedules:",
            "  - name: " + SCHEDULE,
            "    cron: \"* * * * *\"",
            "    timezone: \"" + zone.getId() + "\"",
            "    target: \"" + target.getAddress().getHostAddress() + ":" + target.getPort() + "\"",
            "    plan: {description: \"cluster schedule test\", ammo: " + ClusterFixture.AMMO_NAME + ", set: " +
                ClusterFixture.SET_NAME + ", rps: {type: const, from: " + RPS + ", duration: " + SECONDS + "s}, " +
                "instances: 20, mode: async, timeout: 1s}",
            ""));
        targetHost = cluster.target().getAddress().getHostAddress();
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
    void shouldFireOnceOnTheSchedulerDaemonWhenTheCronMinuteComes() throws IOException
    {
        // a fire at a boundary passed while the fixture started (the other daemons maybe not up) must be over
        awaitSchedulerIdle();
        final Path results = cluster.resultsDir(SCHEDULER_DAEMON);
        final Set<Path> foldersBefore = folders(results);
        final int firesBefore = count(log(), FIRE_LINE);
        final int donesBefore = count(log(), DONE_LINE);
        final long queriesBefore = cluster.targetQueryCount();
        final Instant now = Instant.now();
        final Instant due = nextMinute(now);
        final long waitNs = Duration.between(now, due).toNanos();
        assertTrue(waitNs <= MAX_MINUTE_WAIT_NS, "the next minute boundary " + due + " is " +
            TimeUnit.NANOSECONDS.toSeconds(waitNs) + " s away, more than the bound of " +
            TimeUnit.NANOSECONDS.toSeconds(MAX_MINUTE_WAIT_NS) + " s");

        final long deadlineNs = System.nanoTime() + waitNs + SHOOT_WAIT_NS;
        awaitTrue(() -> count(log(), DONE_LINE) > donesBefore, deadlineNs,
            "the scheduled shoot due " + due + " fired and ended");
        final String dueText = FIRE_LINE + due.atZone(zone) + ", " + due + "): set " +
            ClusterFixture.SET_NAME + ", target " +
            targetHost + ":" + ClusterFixture.TARGET_PORT + ", plan inline";
        final String text = log();
        assertEquals(1, count(text, dueText), "one fire line for " + due + "; " + cluster.daemonLog(SCHEDULER_DAEMON));
        final int done = text.indexOf(DONE_LINE, text.indexOf(dueText));
        assertTrue(done > 0 && text.startsWith(DONE_LINE + "0\n", done), "its shoot ended with exit 0; " +
            cluster.daemonLog(SCHEDULER_DAEMON));

        final Set<Path> newFolders = new HashSet<>(folders(results));
        newFolders.removeAll(foldersBefore);
        assertEquals(1, newFolders.size(), "one new results folder in " + results + ": " + newFolders);
        final Path folder = newFolders.iterator().next();
        final Map<String, Object> result = yaml(Files.readString(folder.resolve("result.json")));
        final List<Map<String, Object>> hosts = list(result.get("hosts"));
        assertEquals(DAEMON_COUNT, hosts.size(), folder.toString());
        for (int i = 1; i <= DAEMON_COUNT; i++)
        {
            assertEquals("ok", hostEntry(hosts, cluster.hostName(i)).get("status"), folder.toString());
        }
        final Map<String, Object> totals = map(result.get("totals"));
        assertEquals(PLAN_QUERY_COUNT, number(totals.get("sent")), folder.toString());
        final long answered = number(totals.get("answered"));
        assertTrue(answered > 0, "answered: " + totals);
        assertTrue(Files.readString(folder.resolve("plan.yaml")).contains(SCHEDULE), "plan.yaml names the schedule");

        // NSD saw the plan's queries: at least every answered one, at most every sent one and the probe
        awaitTrue(() -> cluster.targetQueryCount() - queriesBefore >= answered, System.nanoTime() + SHOOT_WAIT_NS,
            "NSD counts the answered queries");
        final long queries = cluster.targetQueryCount() - queriesBefore;
        assertTrue(queries <= PLAN_QUERY_COUNT + PROBE_QUERY_COUNT, "NSD got " + queries + " queries");

        // no second fire in that minute
        LockSupport.parkNanos(SETTLE_NS);
        final String after = log();
        assertTrue(Instant.now().isBefore(due.plus(1, ChronoUnit.MINUTES)), "still in the minute of " + due);
        assertEquals(firesBefore + 1, count(after, FIRE_LINE), cluster.daemonLog(SCHEDULER_DAEMON));
        assertEquals(donesBefore + 1, count(after, DONE_LINE), cluster.daemonLog(SCHEDULER_DAEMON));
        assertEquals(Set.of(folder), minus(folders(results), foldersBefore), "no other results folder");
    }

    @Test
    @Order(2)
    @Timeout(120)
    void shouldSendNothingWhenDryRunAndShootThroughTheRunnerWhenNot() throws IOException
    {
        awaitOnDemandWindow();
        final Path results = cluster.runnerResultsDir();
        final Set<Path> foldersBefore = folders(results);
        final long queriesBefore = cluster.targetQueryCount();
        final StringWriter dryOut = new StringWriter();
        final StringWriter dryErr = new StringWriter();
        final int dryExit = l2(dryOut, dryErr, "--config", cluster.runnerConfig().toString(), "schedule", "fire",
            "--dry-run", "--target=" + targetHost);
        final String dry = dryOut.toString();
        assertEquals(0, dryExit, dry + dryErr);
        final String header = "=== schedule " + SCHEDULE + " (cron \"* * * * *\" " + zone.getId() + "): target " +
            targetHost + ":" + ClusterFixture.TARGET_PORT + ", set " + ClusterFixture.SET_NAME + ", plan inline";
        assertTrue(dry.startsWith(header + ", dry run\nDRY RUN: nothing is sent\n"), dry);
        assertTrue(dry.matches("(?s).*\nprofile +const.*" + RPS + ".*\n.*"), dry);
        assertTrue(dry.contains("\nqueries      " + PLAN_QUERY_COUNT + " in all\n"), dry);
        for (int i = 1; i <= DAEMON_COUNT; i++)
        {
            assertTrue(dry.matches("(?s).*\n" + cluster.datacenter(i) + " +" + cluster.hostName(i) + " +" +
                PLAN_QUERY_COUNT / DAEMON_COUNT + " .*"), "host line of " + cluster.hostName(i) + ": " + dry);
            assertTrue(dry.matches("(?s).*\n" + cluster.hostName(i) + " +: ready dc=.*"), dry);
        }
        assertTrue(dry.contains("\n" + DAEMON_COUNT + " of " + DAEMON_COUNT + " hosts ready\n"), dry);
        LockSupport.parkNanos(SETTLE_NS);
        assertEquals(queriesBefore, cluster.targetQueryCount(), "no query reaches the target in a dry run");
        assertEquals(foldersBefore, folders(results), "no results folder in a dry run");

        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = l2(out, err, "--config", cluster.runnerConfig().toString(), "schedule", "fire",
            "--target=" + targetHost + ":" + ClusterFixture.TARGET_PORT, "--lead", FleetBed.LEAD);
        final String text = out.toString();
        assertEquals(0, exit, text + err + cluster.logs());
        assertTrue((text + err).contains("firing, start in " + TimeUnit.NANOSECONDS.toMillis(FleetBed.LEAD_NS) +
            " ms"), "--lead is passed on to shoot fire: " + text + err);
        assertTrue(text.startsWith(header + "\n"), text);
        for (int i = 1; i <= DAEMON_COUNT; i++)
        {
            assertTrue(text.matches("(?s).*" + cluster.hostName(i) + " +: ok=1 failed=0 unreachable=0 lost=0.*"),
                text);
        }
        final Set<Path> newFolders = minus(folders(results), foldersBefore);
        assertEquals(1, newFolders.size(), "one results folder in " + results + ": " + newFolders);
        final Map<String, Object> result = yaml(Files.readString(newFolders.iterator().next().resolve("result.json")));
        final Map<String, Object> totals = map(result.get("totals"));
        assertEquals(PLAN_QUERY_COUNT, number(totals.get("sent")), text);
        final long answered = number(totals.get("answered"));
        awaitTrue(() -> cluster.targetQueryCount() - queriesBefore >= answered, System.nanoTime() + SHOOT_WAIT_NS,
            "NSD counts the answered queries");
        final long queries = cluster.targetQueryCount() - queriesBefore;
        assertTrue(queries <= PLAN_QUERY_COUNT + PROBE_QUERY_COUNT, "NSD got " + queries + " queries");
    }

    /**
     * @param inNs how far from now the zone's next minute should begin.
     * @return the offset zone ({@code +00:00:SS}) whose next minute begins that far from now, to the second.
     */
    private static ZoneId zoneWithMinuteIn(final long inNs)
    {
        final long dueSecond = Instant.now().plusNanos(inNs).getEpochSecond();
        return ZoneOffset.ofTotalSeconds((int)Math.floorMod(-dueSecond, 60L));
    }

    /**
     * @param now an instant.
     * @return the next start of a minute in the schedule's zone after it.
     */
    private static Instant nextMinute(final Instant now)
    {
        return now.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1).toInstant();
    }

    /**
     * Waits until the scheduler has no shoot running and the next minute boundary is at least
     * {@link #ON_DEMAND_BUDGET_NS} away; when it is nearer, waits for that boundary's fire to end first.
     */
    private static void awaitOnDemandWindow()
    {
        awaitSchedulerIdle();
        final Instant now = Instant.now();
        final Instant next = nextMinute(now);
        final long leftNs = Duration.between(now, next).toNanos();
        if (leftNs < ON_DEMAND_BUDGET_NS)
        {
            final int fires = count(log(), FIRE_LINE);
            awaitTrue(() -> count(log(), FIRE_LINE) > fires, System.nanoTime() + leftNs + SHOOT_WAIT_NS,
                "the scheduler fires at " + next);
            awaitSchedulerIdle();
        }
    }

    /**
     * Waits until every scheduled shoot ended (as many {@code done} lines as {@code fire} lines in daemon 1's log) and
     * every daemon is free again ({@code GET /status} says {@value #FREE_STATE}).
     */
    private static void awaitSchedulerIdle()
    {
        final long deadlineNs = System.nanoTime() + SHOOT_WAIT_NS;
        awaitTrue(() ->
        {
            final String text = log();
            return count(text, FIRE_LINE) == count(text, DONE_LINE);
        }, deadlineNs, "every scheduled shoot ended; " + cluster.daemonLog(SCHEDULER_DAEMON));
        for (int i = 1; i <= DAEMON_COUNT; i++)
        {
            final int host = i;
            awaitTrue(() -> FREE_STATE.equals(state(host)), deadlineNs,
                "daemon " + i + " is free: " + status(i));
        }
    }

    private static String state(final int i)
    {
        final String status = status(i);
        return status.startsWith("{") ? String.valueOf(yaml(status).get("state")) : status;
    }

    private static String status(final int i)
    {
        try
        {
            return CLIENT.send(HttpRequest.newBuilder(cluster.uri(i).resolve("/status")).timeout(HTTP_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (final IOException ex)
        {
            return "GET /status on daemon " + i + ": " + ex;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static String log()
    {
        try
        {
            return Files.readString(cluster.logFile(SCHEDULER_DAEMON), StandardCharsets.ISO_8859_1);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read " + cluster.logFile(SCHEDULER_DAEMON) + ": " + ex, ex);
        }
    }

    private static int count(final String text, final String what)
    {
        int count = 0;
        for (int from = text.indexOf(what); from >= 0; from = text.indexOf(what, from + what.length()))
        {
            count++;
        }
        return count;
    }

    private static Set<Path> folders(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.list(dir))
        {
            return new HashSet<>(paths.filter(Files::isDirectory).toList());
        }
    }

    private static Set<Path> minus(final Set<Path> all, final Set<Path> removed)
    {
        final Set<Path> rest = new HashSet<>(all);
        rest.removeAll(removed);
        return rest;
    }

}
