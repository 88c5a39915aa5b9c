/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cluster;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static io.l2.runner.cluster.ClusterChecks.assumeNamespaces;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real {@code l2 daemon} JVMs, each in its own network namespace ({@link ClusterFixture}): each answers
 * {@code GET /status} over TCP from the root namespace and over its unix socket (curl), as the host it was named,
 * waiting for jobs; the socket is mode 0660; each hears the others' hellos over UDP multicast across the bridge;
 * a SIGKILLed daemon is gone; and after {@link ClusterFixture#close()} no process, namespace, file or Aeron directory
 * of the fixture is left.
 */
@Tag("netns")
class ClusterDaemonTest
{
    private static final int DAEMON_COUNT = 3;
    private static final long HELLO_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(15);
    private static final long POLL_PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long COMMAND_TIMEOUT_S = 10;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    @Test
    @Timeout(120)
    void shouldAnswerOnTcpAndSocketAndHearEachOtherWhenDaemonsRunInNamespaces() throws Exception
    {
        assumeNamespaces();

        final List<String> namespaces = new ArrayList<>();
        final List<Path> leftovers = new ArrayList<>();
        final List<Long> pids = new ArrayList<>();
        try (ClusterFixture cluster = new ClusterFixture(DAEMON_COUNT))
        {
            namespaces.add(cluster.targetNamespace());
            leftovers.add(cluster.directory());
            pids.add(cluster.targetPid());
            assertTrue(cluster.targetQueryCount() > 0, "NSD counted the fixture's SOA probe");
            assertTrue(Files.readString(cluster.runnerConfig()).contains(cluster.controlChannel()),
                "the runner's l2.yaml has the daemons' control channel");
            for (int i = 1; i <= DAEMON_COUNT; i++)
            {
                namespaces.add(cluster.namespace(i));
                leftovers.add(cluster.aeronDir(i));
                pids.add(cluster.daemon(i).pid());
                assertTrue(Files.isDirectory(cluster.aeronDir(i)), "the daemon's driver uses its own aeron-dir");

                final Map<String, Object> tcp = json(tcpStatus(cluster, i), cluster, i);
                assertEquals("waiting for jobs", tcp.get("state"), cluster.daemonLog(i));
                assertEquals(cluster.hostName(i), tcp.get("host"), cluster.daemonLog(i));
                assertEquals(cluster.address(i), config(tcp).get("bind"));
                assertEquals(cluster.socket(i).toString(), config(tcp).get("l2-socket"));
                assertEquals(cluster.resultsDir(i).toString(), config(tcp).get("results-dir"));

                final Map<String, Object> unix = json(curlStatus(cluster.socket(i)), cluster, i);
                assertEquals("waiting for jobs", unix.get("state"));
                assertEquals(cluster.hostName(i), unix.get("host"));
                assertEquals(tcp.get("pid"), unix.get("pid"), "one daemon behind both connectors");
                assertEquals(cluster.daemon(i).pid(), ((Number)unix.get("pid")).longValue(),
                    "ip netns exec execs the daemon's JVM");

                assertEquals("rw-rw----",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.socket(i))));
            }

            for (int i = 1; i <= DAEMON_COUNT; i++)
            {
                assertTrue(awaitControlMessages(cluster, i) > 0,
                    cluster.hostName(i) + " heard no hello from the others; " + cluster.daemonLog(i));
            }

            cluster.kill(DAEMON_COUNT);
            assertFalse(cluster.daemon(DAEMON_COUNT).isAlive());
            assertEquals(128 + 9, cluster.daemon(DAEMON_COUNT).exitValue(), "SIGKILL");
            assertTrue(cluster.daemon(1).isAlive(), "the others run on");
        }

        final String netns = run("ip", "netns", "list");
        for (final String namespace : namespaces)
        {
            assertFalse(netns.contains(namespace), namespace + " left in: " + netns);
        }
        for (final Path path : leftovers)
        {
            assertFalse(Files.exists(path), path + " left");
        }
        for (final long pid : pids)
        {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " left");
        }
    }

    private String tcpStatus(final ClusterFixture cluster, final int i) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(cluster.uri(i).resolve("/status")).timeout(HTTP_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private long awaitControlMessages(final ClusterFixture cluster, final int i)
        throws IOException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + HELLO_TIMEOUT_NS;
        long messageCount = 0;
        while (0 == messageCount && System.nanoTime() - deadlineNs < 0)
        {
            final Map<String, Object> status = json(tcpStatus(cluster, i), cluster, i);
            @SuppressWarnings("unchecked")
            final Map<String, Object> control = (Map<String, Object>)status.get("control");
            messageCount = ((Number)control.get("messages")).longValue();
            assertEquals(0L, ((Number)control.get("malformed")).longValue(), cluster.daemonLog(i));
            if (0 == messageCount)
            {
                LockSupport.parkNanos(POLL_PAUSE_NS);
            }
        }
        return messageCount;
    }

    private static String curlStatus(final Path socket) throws IOException, InterruptedException
    {
        return run("curl", "--silent", "--show-error", "--fail", "--max-time", "5", "--unix-socket",
            socket.toString(), "http://l2/status");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(final String text, final ClusterFixture cluster, final int i)
    {
        final Object value = new Load(LoadSettings.builder().build()).loadFromString(text);
        assertTrue(value instanceof Map, "not a JSON object: " + text + "; " + cluster.daemonLog(i));
        return (Map<String, Object>)value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(final Map<String, Object> status)
    {
        return (Map<String, Object>)status.get("config");
    }

    private static String run(final String... command) throws IOException, InterruptedException
    {
        final Path out = Files.createTempFile("l2t-run-", ".out");
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS);
            }
            final String text = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + text);
            return text;
        }
        finally
        {
            Files.deleteIfExists(out);
        }
    }
}
