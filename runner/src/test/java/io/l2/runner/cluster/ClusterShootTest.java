/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cluster;

import java.io.IOException;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.l2.engine.aggregate.LatencyQuantiles;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.ShootResult;
import io.l2.runner.shoot.Replay;
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
import static io.l2.runner.cluster.ClusterChecks.read;
import static io.l2.runner.cluster.ClusterChecks.yaml;
import static io.l2.runner.test.FleetBed.map;
import static io.l2.runner.test.FleetBed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster end to end: three {@code l2 daemon} JVMs in three network namespaces (three datacenters), a real NSD in
 * a fourth, and {@code l2 shoot fire} in the root namespace driving them over UDP multicast control.
 * <ol>
 *     <li>A line profile: every host acks and shoots; the merged totals equal the sum of what each daemon's own queue
 *     holds ({@code l2 replay}); the merged p99 equals the p99 of the union of every record; the recap says ok for
 *     every host.</li>
 *     <li>The runner SIGKILLed mid-shoot: every daemon stops sending within the lease (NSD's query count stops
 *     growing), and each daemon's own result says its lease expired.</li>
 *     <li>A daemon SIGKILLed mid-shoot: the runner marks it lost, keeps the others' data (and what the lost host sent
 *     before) and exits 1.</li>
 * </ol>
 * One fixture for the three, in this order (the last one kills a daemon). Needs root.
 */
@Tag("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterShootTest
{
    private static final int DAEMON_COUNT = 3;
    private static final long LEASE_NS = TimeUnit.MILLISECONDS.toNanos(3_000);
    private static final long SETTLE_NS = TimeUnit.MILLISECONDS.toNanos(2_000);

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
    void shouldMergeExactlyWhenThreeDaemonsShootOverMulticast() throws IOException
    {
        // over TCP: the fired plan carries the transport to every daemon, each keeps its own connections to NSD
        final Path plan = writePlan("line", "schedule: \"line(600,3000,5s)\"\ntransport: tcp");
        final long tcpBefore = cluster.targetTcpQueryCount();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = l2(out, err, "--config", cluster.runnerConfig().toString(), "shoot", "fire",
            "--file", plan.toString(), "--output", "json", "--lead", FleetBed.LEAD);
        final String text = err.toString();
        assertEquals(0, exit, text + cluster.logs());

        final Map<String, Object> result = yaml(out.toString());
        final List<Map<String, Object>> hosts = list(result.get("hosts"));
        assertEquals(DAEMON_COUNT, hosts.size(), text);
        final List<HostResult> replayed = new ArrayList<>();
        long answeredInQueues = 0;
        for (int i = 1; i <= DAEMON_COUNT; i++)
        {
            final Map<String, Object> host = hostEntry(hosts, cluster.hostName(i));
            assertEquals("ok", host.get("status"), text);
            assertEquals(cluster.datacenter(i), host.get("dc"));
            final Path queue = Path.of((String)host.get("queue"));
            assertTrue(queue.startsWith(cluster.dataDir(i)), queue + " is daemon " + i + "'s own queue");
            final ShootResult own = Replay.replay(queue);
            replayed.addAll(own.hosts());
            final long answered = own.merged().totals().answeredCount();
            assertTrue(answered > 0, "daemon " + i + " answered nothing");
            assertEquals(answered, number(map(host.get("totals")).get("answered")), "host " + i);
            answeredInQueues += answered;
            assertTrue(text.matches("(?s).*" + cluster.hostName(i) + " +: ok=1 failed=0 unreachable=0 lost=0.*"),
                text);
        }
        final Map<String, Object> totals = map(result.get("totals"));
        assertEquals(answeredInQueues, number(totals.get("answered")));
        assertEquals(number(totals.get("sent")), number(totals.get("answered")) + number(totals.get("timeouts")) +
            number(totals.get("errors")));
        final ShootResult union = new ShootResult(Map.of("id", "union"), replayed);
        final LatencyQuantiles unionLatency = LatencyQuantiles.of(union.merged().totals().latencyHistogram());
        assertEquals(unionLatency.p99Us(), number(map(totals.get("latency_us")).get("p99")));
        assertEquals(unionLatency.p50Us(), number(map(totals.get("latency_us")).get("p50")));
        assertTrue(text.contains("start skew: "), text);
        assertTrue(text.contains(cluster.datacenter(1) + ": sent "), "a line per datacenter: " + text);
        assertEquals(number(totals.get("sent")), cluster.targetTcpQueryCount() - tcpBefore,
            "NSD took over TCP what the daemons sent");
        assertEquals(0, number(totals.get("connect_failed")) + number(totals.get("resets")), text);
    }

    @Test
    @Order(2)
    @Timeout(120)
    void shouldStopEveryDaemonWithinTheLeaseWhenTheRunnerIsKilled() throws Exception
    {
        final Path plan = writePlan("long", "rps: {type: const, from: 1500, duration: 60s}");
        final Path runnerLog = cluster.directory().resolve("runner-killed.log");
        final Process runner = new ProcessBuilder(ClusterFixture.l2Command(List.of(
            "--config", cluster.runnerConfig().toString(), "shoot", "fire", "--file", plan.toString())))
            .redirectErrorStream(true).redirectOutput(runnerLog.toFile()).start();
        try
        {
            awaitAllShooting(runnerLog);
            final long fired = cluster.targetQueryCount();
            awaitTrue(() -> cluster.targetQueryCount() > fired + 1000, "queries reach the target; runner: " +
                read(runnerLog));
            final long before = cluster.targetQueryCount();
            runner.destroyForcibly();
            assertTrue(runner.waitFor(10, TimeUnit.SECONDS));
            final long killedNs = System.nanoTime();
            LockSupport.parkNanos(SETTLE_NS);
            assertTrue(cluster.targetQueryCount() > before, "still shooting right after the kill (lease holds)");

            LockSupport.parkNanos(Math.max(0, killedNs + LEASE_NS + SETTLE_NS - System.nanoTime()));
            final long afterLease = cluster.targetQueryCount();
            LockSupport.parkNanos(SETTLE_NS);
            assertEquals(afterLease, cluster.targetQueryCount(), "no query reaches the target after the lease");
            for (int i = 1; i <= DAEMON_COUNT; i++)
            {
                final int host = i;
                awaitTrue(() -> "waiting for jobs".equals(status(host).get("state")), "daemon " + i + " waits");
                final Map<String, Object> shoots = yaml(get(i, "/shoots"));
                final Map<String, Object> last = list(shoots.get("shoots")).get(0);
                assertEquals("lost", map(list(last.get("hosts")).get(0)).get("status"), cluster.daemonLog(i));
                assertTrue(cluster.daemonLog(i).contains("lease expired"), cluster.daemonLog(i));
            }
        }
        finally
        {
            runner.destroyForcibly();
            runner.waitFor(10, TimeUnit.SECONDS);
            deleteRunnerShm(runner.pid());
        }
    }

    @Test
    @Order(3)
    @Timeout(120)
    void shouldMarkAHostLostAndExitOneWhenADaemonIsKilled() throws Exception
    {
        for (int i = 1; i <= DAEMON_COUNT; i++)
        {
            final int host = i;
            awaitTrue(() -> "waiting for jobs".equals(status(host).get("state")), "daemon " + i + " waits");
        }
        final Path plan = writePlan("lost", "rps: {type: const, from: 1500, duration: 6s}");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Thread killer = new Thread(() ->
        {
            awaitTrue(() -> "shooting".equals(status(DAEMON_COUNT).get("state")), "daemon 3 shoots");
            // the start instant is the lead after the fire; a second reaches the runner once it is complete
            LockSupport.parkNanos(FleetBed.LEAD_NS + 3 * SETTLE_NS / 2);
            cluster.kill(DAEMON_COUNT);
        }, "killer");
        killer.start();
        final int exit = l2(out, err, "--config", cluster.runnerConfig().toString(), "shoot", "fire",
            "--file", plan.toString(), "--output", "json", "--lead", FleetBed.LEAD);
        killer.join(TimeUnit.SECONDS.toMillis(30));
        final String text = err.toString();
        assertEquals(1, exit, text);

        final Map<String, Object> result = yaml(out.toString());
        final List<Map<String, Object>> hosts = list(result.get("hosts"));
        final Map<String, Object> lost = hostEntry(hosts, cluster.hostName(DAEMON_COUNT));
        assertEquals("lost", lost.get("status"), text);
        assertTrue(number(map(lost.get("totals")).get("sent")) > 0, "what the lost host sent before is kept");
        long answered = 0;
        for (int i = 1; i <= DAEMON_COUNT; i++)
        {
            final Map<String, Object> host = hostEntry(hosts, cluster.hostName(i));
            answered += number(map(host.get("totals")).get("answered"));
            if (i < DAEMON_COUNT)
            {
                assertEquals("ok", host.get("status"), text);
                assertEquals(6 * 1500 / DAEMON_COUNT, number(map(host.get("totals")).get("sent")), text);
            }
        }
        assertEquals(answered, number(map(result.get("totals")).get("answered")));
        assertTrue(text.contains(cluster.hostName(DAEMON_COUNT) + " lost: "), text);
        assertTrue(text.matches("(?s).*" + cluster.hostName(DAEMON_COUNT) + " +: ok=0 failed=0 unreachable=0 " +
            "lost=1.*"), text);
    }

    private static Path writePlan(final String name, final String rps) throws IOException
    {
        return Files.writeString(cluster.directory().resolve(name + ".yaml"), String.join("\n",
            "description: \"cluster test " + name + "\"",
            "target: \"" + cluster.target().getAddress().getHostAddress() + ":" + cluster.target().getPort() + "\"",
            "ammo: " + cluster.ammoName(),
            "set: " + cluster.setName(),
            rps,
            "instances: 20",
            "mode: async",
            "timeout: 1s",
            ""));
    }

    private void awaitAllShooting(final Path runnerLog)
    {
        for (int i = 1; i <= DAEMON_COUNT; i++)
        {
            final int host = i;
            awaitTrue(() -> "shooting".equals(status(host).get("state")), "daemon " + i + " shoots; runner: " +
                read(runnerLog));
        }
    }

    private Map<String, Object> status(final int i)
    {
        return yaml(get(i, "/status"));
    }

    private String get(final int i, final String path)
    {
        try
        {
            final HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(cluster.uri(i).resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
            return response.body();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("GET " + path + " on daemon " + i + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void deleteRunnerShm(final long pid) throws IOException
    {
        try (var dirs = Files.newDirectoryStream(Path.of("/dev/shm"), "l2-runner-" + pid + "-*"))
        {
            for (final Path dir : dirs)
            {
                try (var files = Files.walk(dir))
                {
                    for (final Path file : files.sorted(java.util.Comparator.reverseOrder()).toList())
                    {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
    }

}
