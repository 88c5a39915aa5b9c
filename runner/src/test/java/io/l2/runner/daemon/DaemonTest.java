/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.engine.shoot.ShooterCounter;
import io.l2.runner.base.InputException;
import io.l2.runner.shoot.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonTest
{
    private static final String SHOOT_ID = "20261125-173512-3f9a1c";
    private static final Pattern SAMPLE =
        Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-z_]+=\"[a-z_]+\"})? -?[0-9]+(\\.[0-9]+)?");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+");

    @TempDir
    Path tmp;

    private final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private DaemonState state;
    private Daemon daemon;

    @BeforeEach
    void start() throws IOException
    {
        final Path results = tmp.resolve("results");
        Files.createDirectories(results.resolve(SHOOT_ID));
        Files.writeString(results.resolve(SHOOT_ID).resolve("result.json"), """
            {
              "id": "20261125-173512-3f9a1c",
              "description": "unbound:1.9.0/threads:54",
              "started_at": "2026-11-25T17:35:12Z",
              "totals": {"requested": 30, "sent": 30, "answered": 28, "timeouts": 2},
              "seconds": [
                {"t": 0, "sent": 10, "answered": 10, "timeouts": 0},
                {"t": 1, "sent": 20, "answered": 18, "timeouts": 2}
              ],
              "hosts": [{"host": "alpha", "dc": "man", "status": "ok"}, {"host": "beta", "dc": "vla", "status": "lost"}]
            }
            """);
        Files.createDirectories(results.resolve("not a shoot"));
        final L2Config config = ConfigLoader.parse("l2.yaml", """
            l2:
              results-dir: results
              data-dir: data
            cluster:
              local:
                local:
                  - localhost
            """, tmp);
        state = new DaemonState(nanoTime::get);
        daemon = Daemon.start(config, TestChannels.loopback(tmp.resolve("l2.socket"), tmp.resolve("aeron"),
            TestChannels.uniqueLoopbackMulticast()), state, new PrintStream(logBytes, true));
    }

    @AfterEach
    void stop()
    {
        daemon.close();
    }

    @Test
    void shouldAnswerStatusOnTcpAndUnixSocketWhenWaitingForJobs() throws Exception
    {
        nanoTime.addAndGet(42_500_000_000L);
        for (final Response response : List.of(tcp("GET", "/status"), unix("GET", "/status", "")))
        {
            assertEquals(200, response.status, response.body);
            final Map<String, Object> status = json(response.body);
            assertEquals("waiting for jobs", status.get("state"));
            assertEquals(42, status.get("uptime_s"));
            assertEquals(ProcessHandle.current().pid(), ((Number)status.get("pid")).longValue());
            assertNotNull(status.get("version"));
            assertNotNull(status.get("host"));
            final Map<?, ?> config = (Map<?, ?>)status.get("config");
            assertEquals(tmp.resolve("results").toString(), config.get("results-dir"));
            assertEquals(tmp.resolve("l2.socket").toString(), config.get("l2-socket"));
        }
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("l2 daemon: waiting for jobs as host " +
            ConfigSource.localHostName() + " ("));
    }

    @Test
    void shouldShowShootingStateAndAbortOnlyTheRunningShoot() throws Exception
    {
        final AtomicInteger aborts = new AtomicInteger();
        assertTrue(state.beginShoot("20261125-180000-000001", aborts::incrementAndGet));
        assertEquals("shooting", json(tcp("GET", "/status").body).get("state"));

        final Response other = unix("POST", "/shoots/" + SHOOT_ID + "/abort", "");
        assertEquals(409, other.status);
        assertTrue(((String)json(other.body).get("error")).contains("shooting 20261125-180000-000001"));
        assertEquals(0, aborts.get());

        final Response running = unix("POST", "/shoots/20261125-180000-000001/abort", "");
        assertEquals(202, running.status, running.body);
        assertEquals(1, aborts.get());
    }

    @Test
    void shouldRefuseAbortWhenNothingIsShooting() throws Exception
    {
        final Response response = unix("POST", "/shoots/" + SHOOT_ID + "/abort", "");
        assertEquals(409, response.status);
        assertTrue(((String)json(response.body).get("error")).contains("waiting for jobs"), response.body);
    }

    @Test
    void shouldListShootsWithTheirSummaries() throws Exception
    {
        for (final Response response : List.of(tcp("GET", "/shoots"), unix("GET", "/shoots", "")))
        {
            assertEquals(200, response.status, response.body);
            final List<?> shoots = (List<?>)json(response.body).get("shoots");
            assertEquals(1, shoots.size());
            final Map<?, ?> shoot = (Map<?, ?>)shoots.get(0);
            assertEquals(SHOOT_ID, shoot.get("id"));
            assertEquals("unbound:1.9.0/threads:54", shoot.get("description"));
            assertEquals("2026-11-25T17:35:12Z", shoot.get("started_at"));
            assertEquals(Map.of("sent", 30, "answered", 28, "timeouts", 2), shoot.get("totals"));
            assertEquals(List.of(Map.of("host", "alpha", "status", "ok"), Map.of("host", "beta", "status", "lost")),
                shoot.get("hosts"));
        }
    }

    @Test
    void shouldServeOneShootAndItsSeconds() throws Exception
    {
        final Response result = unix("GET", "/shoots/" + SHOOT_ID, "");
        assertEquals(200, result.status);
        assertEquals(Files.readString(tmp.resolve("results").resolve(SHOOT_ID).resolve("result.json")), result.body);

        final Response seconds = tcp("GET", "/shoots/" + SHOOT_ID + "/seconds");
        assertEquals(200, seconds.status);
        final List<?> list = (List<?>)json(seconds.body).get("seconds");
        assertEquals(2, list.size());
        assertEquals(18, ((Map<?, ?>)list.get(1)).get("answered"));
    }

    @Test
    void shouldAnswerJsonErrorsForUnknownShootPathAndMethod() throws Exception
    {
        assertError(tcp("GET", "/shoots/20261125-000000-ffffff"), 404, "no such shoot");
        assertError(tcp("GET", "/shoots/20261125-000000-ffffff/seconds"), 404, "no such shoot");
        assertError(tcp("GET", "/nope"), 404, "no such path");
        assertError(tcp("GET", "/shoots/" + SHOOT_ID + "/nope"), 404, "no such path");
        assertError(tcp("DELETE", "/status"), 405, "not allowed");
        assertError(tcp("GET", "/shoots/" + SHOOT_ID + "/abort"), 405, "not allowed");
        assertError(unix("POST", "/metrics", ""), 405, "not allowed");
        assertError(tcp("GET", "/shoots/bad.id"), 400, "bad shoot id");
    }

    @Test
    void shouldRefusePathTraversal() throws Exception
    {
        Files.createDirectories(tmp.resolve("secret"));
        Files.writeString(tmp.resolve("secret").resolve("result.json"), "{\"marker\": \"secret-marker\"}");
        for (final String path : List.of(
            "/shoots/..%2F..%2Fetc", "/shoots/..%2Fsecret", "/shoots/%2e%2e%2Fsecret", "/shoots/..%2Fsecret/seconds",
            "/shoots/%2E%2E/secret", "/shoots/secret%00"))
        {
            for (final Response response : List.of(unix("GET", path, ""), tcp("GET", path)))
            {
                assertTrue(400 == response.status || 404 == response.status, path + " -> " + response.status);
                assertNotNull(json(response.body).get("error"), response.body);
                assertFalse(response.body.contains("secret-marker"), response.body);
            }
        }
    }

    @Test
    void shouldRefuseBodiesOver1MiB() throws Exception
    {
        final String body = "x".repeat(ApiHandler.MAX_BODY_LENGTH + 1);
        assertError(unix("POST", "/shoots/" + SHOOT_ID + "/abort", body), 413, "over 1048576 bytes");
        final HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(uri("/status")).method("GET", HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertEquals(409, unix("POST", "/shoots/" + SHOOT_ID + "/abort", "x".repeat(1000)).status);
    }

    @Test
    void shouldServePrometheusTextWithZeroCountersWhenIdle() throws Exception
    {
        nanoTime.addAndGet(1_500_000_000L);
        final Response response = tcp("GET", "/metrics");
        assertEquals(200, response.status);
        assertTrue(response.contentType.startsWith("text/plain; version=0.0.4"), response.contentType);
        final List<String> samples = samples(response.body);
        assertTrue(samples.contains("l2_up 1"), samples.toString());
        assertTrue(samples.contains("l2_uptime_seconds 1.500"), samples.toString());
        assertTrue(samples.contains("l2_shoots_total 0"), samples.toString());
        assertTrue(samples.contains("l2_shooter_sent_total 0"), samples.toString());
        assertTrue(samples.contains("l2_shooter_send_errors_total 0"), samples.toString());
        assertTrue(samples.contains("l2_shooter_max_lag_ns 0"), samples.toString());
        assertTrue(samples.contains("l2_control_messages_total 0"), samples.toString());
        assertTrue(samples.contains("l2_control_malformed_total 0"), samples.toString());
        for (final ApiRejection reason : ApiRejection.values())
        {
            assertTrue(samples.contains("l2_api_rejected_total{reason=\"" + reason.label() + "\"} 0"),
                samples.toString());
        }
        for (final String reason : List.of("unauthenticated", "stale", "replayed", "malformed"))
        {
            assertTrue(samples.contains("l2_control_rejected_total{reason=\"" + reason + "\"} 0"), samples.toString());
        }
        assertTrue(samples.contains("l2_control_authenticated 0"), "no cluster key here: " + samples);
        assertEquals(5 + 4 + 1 + ShooterCounter.values().length + ApiRejection.values().length, samples.size());
    }

    @Test
    void shouldSumShooterCountersOfEndedShoots() throws Exception
    {
        final long[] counters = new long[ShooterCounter.values().length];
        counters[ShooterCounter.SENT.ordinal()] = 100;
        counters[ShooterCounter.MAX_LAG_NS.ordinal()] = 7;
        for (int i = 0; i < 2; i++)
        {
            assertTrue(state.beginShoot("s" + i, () -> {}));
            state.endShoot("s" + i, counters);
        }
        final List<String> samples = samples(unix("GET", "/metrics", "").body);
        assertTrue(samples.contains("l2_shoots_total 2"), samples.toString());
        assertTrue(samples.contains("l2_shooter_sent_total 200"), samples.toString());
        assertTrue(samples.contains("l2_shooter_max_lag_ns 7"), samples.toString());
    }

    @Test
    void shouldCreateSocketWithMode0660AndRemoveItAndItsThreadsOnStop() throws Exception
    {
        final Path socket = tmp.resolve("l2.socket");
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertFalse(daemonThreads().isEmpty());
        assertEquals(200, tcp("GET", "/status").status);
        daemon.close();
        assertFalse(Files.exists(socket));
        assertEquals(List.of(), daemonThreads());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("l2 daemon: stopped"));
    }

    @Test
    void shouldReplaceStaleSocketAndRefuseLiveOne() throws Exception
    {
        final Path socket = tmp.resolve("l2.socket");
        final L2Config config = ConfigLoader.embeddedDefault("localhost");
        final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true);
        final InputException live = assertThrows(InputException.class,
            () -> Daemon.start(config, TestChannels.loopback(socket, tmp.resolve("aeron2"),
                TestChannels.uniqueLoopbackMulticast()), new DaemonState(nanoTime::get), log));
        assertTrue(live.getMessage().contains("in use"), live.getMessage());
        assertTrue(Files.exists(socket));
        daemon.close();

        final Path regular = tmp.resolve("regular");
        Files.writeString(regular, "keep");
        assertThrows(InputException.class,
            () -> Daemon.start(config, TestChannels.loopback(regular, tmp.resolve("aeron2"),
                TestChannels.uniqueLoopbackMulticast()), new DaemonState(nanoTime::get), log));
        assertEquals("keep", Files.readString(regular));

        try (SocketChannel stale = SocketChannel.open(StandardProtocolFamily.UNIX))
        {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket));
        daemon = Daemon.start(config, TestChannels.loopback(socket, tmp.resolve("aeron2"),
                TestChannels.uniqueLoopbackMulticast()), new DaemonState(nanoTime::get), log);
        assertEquals(200, unix("GET", "/status", "").status);
    }

    static List<String> daemonThreads()
    {
        final List<String> names = new ArrayList<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.isAlive() && thread.getName().startsWith(Daemon.THREAD_PREFIX))
            {
                names.add(thread.getName());
            }
        }
        return names;
    }

    private static List<String> samples(final String text)
    {
        final List<String> samples = new ArrayList<>();
        assertTrue(text.endsWith("\n"));
        for (final String line : text.split("\n"))
        {
            if (line.startsWith("#"))
            {
                assertTrue(COMMENT.matcher(line).matches(), line);
            }
            else
            {
                assertTrue(SAMPLE.matcher(line).matches(), line);
                samples.add(line);
            }
        }
        return samples;
    }

    private static void assertError(final Response response, final int status, final String message)
    {
        assertEquals(status, response.status, response.body);
        assertTrue(response.contentType.startsWith("application/json"), response.contentType);
        final Object error = json(response.body).get("error");
        assertTrue(error instanceof String text && text.contains(message), response.body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(final String text)
    {
        return (Map<String, Object>)new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    private URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + daemon.port() + path);
    }

    private Response tcp(final String method, final String path) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        return new Response(
            response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    /**
     * One HTTP/1.1 request over the unix socket, written by hand, read until the server closes.
     */
    private Response unix(final String method, final String path, final String body) throws IOException
    {
        final byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        final String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" +
            (0 == bodyBytes.length ? "" : "Content-Length: " + bodyBytes.length + "\r\n") + "\r\n";
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX))
        {
            channel.connect(UnixDomainSocketAddress.of(daemon.socketPath()));
            final ByteBuffer request = ByteBuffer.allocate(head.length() + bodyBytes.length);
            request.put(head.getBytes(StandardCharsets.US_ASCII)).put(bodyBytes).flip();
            try
            {
                while (request.hasRemaining())
                {
                    channel.write(request);
                }
            }
            catch (final IOException ex)
            {
                // the server may answer (413) and close before taking the whole body: read what it said
            }
            final ByteBuffer buffer = ByteBuffer.allocate(8192);
            try
            {
                while (-1 != channel.read(buffer))
                {
                    received.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
            }
            catch (final IOException ex)
            {
                // a server that closed with the body still unread resets the connection once its answer is read
                // (CI saw it on JDK 25): what it said before is the answer; nothing read at all is a failure
                received.write(buffer.array(), 0, buffer.position());
                if (0 == received.size())
                {
                    throw ex;
                }
            }
        }
        return Response.parse(received.toString(StandardCharsets.UTF_8));
    }

    private record Response(int status, String contentType, String body)
    {
        static Response parse(final String text)
        {
            final int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, text);
            final String[] lines = text.substring(0, end).split("\r\n");
            final int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = "";
            int length = -1;
            for (final String line : lines)
            {
                final String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-type:"))
                {
                    contentType = line.substring(line.indexOf(':') + 1).trim();
                }
                else if (lower.startsWith("content-length:"))
                {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            final byte[] body = text.substring(end + 4).getBytes(StandardCharsets.UTF_8);
            assertEquals(length, body.length, text);
            return new Response(status, contentType, new String(body, StandardCharsets.UTF_8));
        }
    }
}
