/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.l2.runner.base.ExitCode;
import io.l2.runner.sinks.InfluxPush;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code l2 shoot fire} in-process at l2's embedded responder with {@code sinks.influxdb} pointing at a real InfluxDB
 * 1.x ({@code influxd} from Debian's {@code influxdb}) that the test starts on loopback ports with its own config and
 * directories: the points read back by a query are one overall point per second of the result, their sums equal the
 * result's totals, and the totals point equals the totals; {@code l2 push --sink influxdb} writes the same points
 * again (InfluxDB still has one per second). Skipped only when {@code influxd} is not installed outside CI.
 */
@Tag("real-server")
class InfluxShootTest
{
    private static final Path INFLUXD = Path.of("/usr/bin/influxd");
    private static final Path ZONE_FILE =
        Path.of("..", "examples", "zone", "l2.test.zone").toAbsolutePath().normalize();
    private static final String DB = "l2 test";
    private static final long START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path influxDir;
    private Process influxd;
    private URI url;

    @BeforeEach
    void startInfluxd() throws IOException, InterruptedException
    {
        if (!Files.isExecutable(INFLUXD))
        {
            if (null != System.getenv("CI"))
            {
                fail(INFLUXD + " is not installed (apt-get install influxdb): CI must not skip this test");
            }
            Assumptions.abort(INFLUXD + " is not installed (apt-get install influxdb)");
        }
        influxDir = Files.createTempDirectory("l2-influxd-");
        final int httpPort = freeTcpPort();
        final int rpcPort = freeTcpPort();
        final Path conf = influxDir.resolve("influxdb.conf");
        Files.writeString(conf,
            "reporting-disabled = true\n" +
            "bind-address = \"127.0.0.1:" + rpcPort + "\"\n" +
            "[meta]\n  dir = \"" + influxDir.resolve("meta") + "\"\n" +
            "[data]\n  dir = \"" + influxDir.resolve("data") + "\"\n" +
            "  wal-dir = \"" + influxDir.resolve("wal") + "\"\n  query-log-enabled = false\n" +
            "[monitor]\n  store-enabled = false\n" +
            "[continuous_queries]\n  enabled = false\n" +
            "[http]\n  bind-address = \"127.0.0.1:" + httpPort + "\"\n  log-enabled = false\n",
            StandardCharsets.UTF_8);
        influxd = new ProcessBuilder(INFLUXD.toString(), "-config", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(influxDir.resolve("influxd.log").toFile())
            .start();
        url = URI.create("http://127.0.0.1:" + httpPort + "/");
        final long deadlineNs = System.nanoTime() + START_TIMEOUT_NS;
        while (true)
        {
            try
            {
                final HttpResponse<String> ping = http.send(HttpRequest.newBuilder(url.resolve("ping")).build(),
                    HttpResponse.BodyHandlers.ofString());
                if (204 == ping.statusCode())
                {
                    break;
                }
            }
            catch (final IOException ex)
            {
                // not listening yet
            }
            if (!influxd.isAlive() || System.nanoTime() > deadlineNs)
            {
                fail("influxd did not answer /ping: " + Files.readString(influxDir.resolve("influxd.log")));
            }
            Thread.sleep(100);
        }
        final HttpResponse<String> created = http.send(HttpRequest.newBuilder(url.resolve("query"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("q=" + encode("CREATE DATABASE \"" + DB + "\""))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, created.statusCode(), created.body());
    }

    @AfterEach
    void stopInfluxd() throws IOException, InterruptedException
    {
        if (null != influxd)
        {
            final ProcessHandle handle = influxd.toHandle();
            handle.destroy();
            if (!influxd.waitFor(10, TimeUnit.SECONDS))
            {
                handle.destroyForcibly();
                influxd.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (null != influxDir)
        {
            try (Stream<Path> paths = Files.walk(influxDir))
            {
                for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    @Timeout(90)
    void shouldReadBackOnePointPerSecondSummingToTotalsWhenShootWritesToRealInfluxdb(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        final ShootHarness harness = new ShootHarness(dir, List.of("h001.l2.test A", "nx.l2.test A"));
        Files.writeString(harness.config(),
            "sinks:\n" +
            "  influxdb:\n" +
            "    url: \"" + url + "\"\n" +
            "    db: \"" + DB + "\"\n" +
            "    attempts: 2\n" +
            "    retry-pause: 10ms\n" +
            "    timeout: 5s\n",
            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        final Path plan = harness.plan("influx.yaml", freeLoopbackPort(),
            "schedule: \"const(300,3s)\"\ninstances: 2\nmode: async\ntimeout: 500ms\n");

        final ShootHarness.Run run = harness.fire(plan, "--responder", ZONE_FILE.toString(), "--no-warmup");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        final Map<String, Object> result = run.json();
        final String shootId = String.valueOf(result.get("id"));
        final Map<String, Object> totals = object(result, "totals");
        final int secondCount = list(result, "seconds").size();
        assertTrue(secondCount >= 3, run.err());
        final Map<String, Object> note = note(result);
        assertEquals(InfluxPush.WRITTEN, note.get("status"), note.toString());
        assertEquals(secondCount, number(note, "written_seconds"));
        assertTrue(run.err().contains("influxdb: " + secondCount + " seconds and the totals written"), run.err());

        assertPoints(shootId, secondCount, totals, result);

        final ShootHarness.Run push = ShootHarness.run(
            "push", shootId, "--sink", "influxdb", "--config", harness.config().toString());
        assertEquals(ExitCode.OK, push.exitCode(), push.err());
        assertPoints(shootId, secondCount, totals, result);
    }

    private void assertPoints(
        final String shootId, final int secondCount, final Map<String, Object> totals, final Map<String, Object> result)
        throws IOException, InterruptedException
    {
        final List<List<Object>> seconds = query("SELECT \"sent\", \"answered\", \"timeouts\", \"requested\" FROM " +
            "\"l2\" WHERE \"scope\" = 'overall' AND \"shoot\" = '" + shootId + "'");
        assertEquals(secondCount, seconds.size(), "one overall point per second: " + seconds);
        long sent = 0;
        long answered = 0;
        long timeouts = 0;
        long requested = 0;
        final long firstTime = ((Number)seconds.get(0).get(0)).longValue();
        for (int i = 0; i < seconds.size(); i++)
        {
            final List<Object> row = seconds.get(i);
            assertEquals(firstTime + i, ((Number)row.get(0)).longValue(), "one point per unix second");
            sent += ((Number)row.get(1)).longValue();
            answered += ((Number)row.get(2)).longValue();
            timeouts += ((Number)row.get(3)).longValue();
            requested += ((Number)row.get(4)).longValue();
        }
        assertEquals(number(totals, "sent"), sent);
        assertEquals(number(totals, "answered"), answered);
        assertEquals(number(totals, "timeouts"), timeouts);
        assertEquals(number(totals, "requested"), requested);

        final List<List<Object>> total = query("SELECT \"sent\", \"answered\", \"timeouts\", \"rcode_NXDOMAIN\", " +
            "\"p99_ms\", \"set\", \"target\" FROM \"l2_totals\" WHERE \"scope\" = 'overall' AND \"shoot\" = '" +
            shootId + "'");
        assertEquals(1, total.size(), total.toString());
        final List<Object> row = total.get(0);
        assertEquals(firstTime, ((Number)row.get(0)).longValue(), "the totals are at second 0");
        assertEquals(number(totals, "sent"), ((Number)row.get(1)).longValue());
        assertEquals(number(totals, "answered"), ((Number)row.get(2)).longValue());
        assertEquals(number(totals, "timeouts"), ((Number)row.get(3)).longValue());
        assertEquals(number(object(totals, "rcodes"), "NXDOMAIN"), ((Number)row.get(4)).longValue());
        assertEquals(number(object(totals, "latency_us"), "p99") / 1000.0, ((Number)row.get(5)).doubleValue(), 1e-9);
        assertEquals("local", row.get(6));
        assertEquals(result.get("target"), row.get(7));

        final List<List<Object>> hosts = query("SELECT \"sent\" FROM \"l2\" WHERE \"scope\" = 'host' AND \"host\" = '" +
            ConfigSource.localHostName() + "' AND \"shoot\" = '" + shootId + "'");
        assertEquals(secondCount, hosts.size(), "one host point per second");
    }

    @SuppressWarnings("unchecked")
    private List<List<Object>> query(final String influxQl) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve(
            "query?db=" + encode(DB) + "&epoch=s&q=" + encode(influxQl))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        final Map<String, Object> tree = (Map<String, Object>)new Load(LoadSettings.builder().build())
            .loadFromString(response.body());
        final Map<String, Object> first = ((List<Map<String, Object>>)tree.get("results")).get(0);
        assertTrue(!first.containsKey("error"), response.body());
        final List<Map<String, Object>> series = (List<Map<String, Object>>)first.get("series");
        return null == series ? List.of() : new ArrayList<>((List<List<Object>>)series.get(0).get("values"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> note(final Map<String, Object> result) throws IOException
    {
        final Path file = Path.of(String.valueOf(result.get("results"))).resolve(InfluxPush.FILE);
        assertTrue(Files.isRegularFile(file), file + " was written");
        return (Map<String, Object>)new Load(LoadSettings.builder().build())
            .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static String encode(final String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static int freeTcpPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private static InetSocketAddress freeLoopbackPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
    }
}
