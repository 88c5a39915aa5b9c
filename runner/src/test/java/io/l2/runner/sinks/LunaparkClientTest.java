/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.l2.config.ConfigLoader;
import io.l2.config.LunaparkSink;
import io.l2.engine.aggregate.SecondStats;
import io.l2.runner.results.DohRecords;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against the protocol-checking server: the happy path, 503 then success, 423 then success, 410, a 4xx
 * that is not retried, and 500 until the attempts run out (pauses recorded, never slept).
 */
class LunaparkClientTest
{
    private static final String TOKEN = "s3cret token";
    private static final long RETRY_PAUSE_NS = 2_000_000_000L;
    private static final long MAINTENANCE_PAUSE_NS = 10_000_000_000L;

    private final List<Long> pauses = new ArrayList<>();
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
    void shouldCreateEditPushAndCloseWhenServerIsHealthy() throws IOException
    {
        final LunaparkClient client = client(3);

        final LunaparkClient.Job job = client.create(createBody());
        client.edit(job.number(), editBody());
        client.push(job, items(1_700_000_000L), "second 0");
        client.close(job.number(), 1);

        assertEquals(1, server.creates().size());
        assertEquals("T-1", server.creates().get(0).get("task"));
        assertEquals("a run", server.edit(job.number()).get("name"));
        assertEquals(1, server.pushes(job.number()).size());
        assertEquals("1700000000", trail(server.pushes(job.number()).get(0).get(0)).get("time"));
        assertEquals(1, server.closedWith(job.number()));
        assertEquals(server.api().resolve(Long.toString(job.number())), client.jobUrl(job.number()));
        assertEquals(List.of(), pauses);
    }

    @Test
    void shouldRetryWhenServerAnswers503ThenSucceeds() throws IOException
    {
        server.script(LunaparkServer.CREATE, 503, 502);
        final LunaparkClient client = client(3);

        final LunaparkClient.Job job = client.create(createBody());

        assertEquals(3, server.requestCount(LunaparkServer.CREATE));
        assertEquals(1, server.creates().size());
        assertTrue(job.number() > 0);
        assertEquals(List.of(RETRY_PAUSE_NS, 2 * RETRY_PAUSE_NS), pauses);
    }

    @Test
    void shouldWaitWhenServerIsUnderMaintenanceThenSucceeds() throws IOException
    {
        final LunaparkClient client = client(3);
        final LunaparkClient.Job job = client.create(createBody());
        server.script(LunaparkServer.PUSH, 423);

        client.push(job, items(1_700_000_001L), "second 1");

        assertEquals(2, server.requestCount(LunaparkServer.PUSH));
        assertEquals(1, server.pushes(job.number()).size());
        assertEquals(List.of(MAINTENANCE_PAUSE_NS), pauses);
    }

    @Test
    void shouldReportStoppedFromOnlineWhenServerAnswers410() throws IOException
    {
        final LunaparkClient client = client(5);
        final LunaparkClient.Job job = client.create(createBody());
        server.script(LunaparkServer.PUSH, 410);

        final LunaparkException ex = assertThrows(
            LunaparkException.StoppedFromOnline.class, () -> client.push(job, items(1_700_000_002L), "second 2"));

        assertEquals(410, ex.status());
        assertEquals("lunapark: push_data.json (job " + job.number() + ", second 2): HTTP 410, the job was stopped " +
            "from Lunapark", ex.getMessage());
        assertEquals(1, server.requestCount(LunaparkServer.PUSH));
        assertEquals(List.of(), pauses);
    }

    @Test
    void shouldFailAtOnceInOneLineWhenServerAnswersOther4xx() throws IOException
    {
        final LunaparkClient client = client(5);
        final LunaparkClient.Job job = client.create(createBody());
        server.script(LunaparkServer.EDIT, 403);

        final LunaparkException ex = assertThrows(LunaparkException.class, () -> client.edit(job.number(),
            editBody()));

        assertEquals(403, ex.status());
        assertEquals("lunapark: edit.json (job " + job.number() + "): HTTP 403: {\"error\": \"scripted 403\"}",
            ex.getMessage());
        assertEquals(1, server.requestCount(LunaparkServer.EDIT));
    }

    @Test
    void shouldGiveUpAfterAttemptsWhenServerAnswers500Always() throws IOException
    {
        final LunaparkClient client = client(4);
        final LunaparkClient.Job job = client.create(createBody());
        server.always(LunaparkServer.CLOSE, 500);

        final LunaparkException ex = assertThrows(LunaparkException.class, () -> client.close(job.number(), 0));

        assertEquals(500, ex.status());
        assertTrue(ex.getMessage().startsWith("lunapark: close.json (job " + job.number() + "): HTTP 500"),
            ex.getMessage());
        assertTrue(ex.getMessage().endsWith("(gave up after 4 attempts)"), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"));
        assertEquals(4, server.requestCount(LunaparkServer.CLOSE));
        assertEquals(List.of(RETRY_PAUSE_NS, 2 * RETRY_PAUSE_NS, 4 * RETRY_PAUSE_NS), pauses);
    }

    @Test
    void shouldReadTokenFromFileWhenConfigNamesOne(@TempDir final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("token"), "  " + TOKEN + "  \nsecond line\n", StandardCharsets.UTF_8);
        final LunaparkSink sink = ConfigLoader.parse("l2.yaml", "sinks:\n  lunapark:\n    api: " + server.api() +
            "\n    token-file: token\n    task: T-1\n", dir).sinks().lunapark();

        assertEquals(TOKEN, LunaparkClient.readToken(sink));
        Files.writeString(dir.resolve("token"), "\n", StandardCharsets.UTF_8);
        assertEquals("lunapark: token-file " + dir.resolve("token") + " is empty",
            assertThrows(LunaparkException.class, () -> LunaparkClient.readToken(sink)).getMessage());
        Files.delete(dir.resolve("token"));
        assertTrue(assertThrows(LunaparkException.class, () -> LunaparkClient.readToken(sink)).getMessage()
            .startsWith("lunapark: token-file " + dir.resolve("token") + ": cannot read it"));
    }

    @Test
    void shouldBinLatencyIntoBoundedIntervalsWhenHistogramIsWide()
    {
        final Histogram histogram = new Histogram(SecondStats.SIGNIFICANT_DIGITS);
        histogram.recordValue(50);
        histogram.recordValue(99);
        histogram.recordValue(100);
        histogram.recordValueWithCount(1_234, 3);
        histogram.recordValue(SecondStats.MAX_HISTOGRAM_US);

        final List<Object> intervals = LunaparkItems.intervals(histogram);

        assertEquals(4, intervals.size(), intervals.toString());
        assertEquals(Map.of("from", 0.0, "to", 0.1, "count", 2L), intervals.get(0));
        assertEquals(Map.of("from", 0.1, "to", 0.2, "count", 1L), intervals.get(1));
        assertEquals(Map.of("from", 1.0, "to", 1.5, "count", 3L), intervals.get(2));
        assertEquals(60_000.0, ((Map<?, ?>)intervals.get(3)).get("from"));
        assertTrue(intervals.size() <= LunaparkItems.BIN_COUNT);
        assertEquals(List.of(), LunaparkItems.intervals(new Histogram(SecondStats.SIGNIFICANT_DIGITS)));
    }

    @Test
    void shouldPutHttpStatusesInHttpCodesBesideTheRcodesAndTheirTotalInNetCode71()
    {
        final Map<Integer, Integer> statuses = new LinkedHashMap<>();
        statuses.put(500, 12);
        statuses.put(429, 3);
        final SecondStats stats = DohRecords.second(2, statuses).seconds().get(0);

        final Map<String, Object> item = LunaparkItems.item(1, "", 1_700_000_000L, stats, 2);

        assertEquals(List.of(Map.of("code", 0, "count", 2L), Map.of("code", LunaparkItems.NET_CODE_HTTP_ERROR,
            "count", 15L)), item.get("net_codes"));
        assertEquals(List.of(Map.of("code", 0, "count", 2L), Map.of("code", 429, "count", 3L),
            Map.of("code", 500, "count", 12L)), item.get("http_codes"));
        assertEquals(2L, trail(item).get("resps"));
    }

    private LunaparkClient client(final int attempts)
    {
        return new LunaparkClient(server.api(), TOKEN, attempts, RETRY_PAUSE_NS, MAINTENANCE_PAUSE_NS,
            5_000_000_000L, "l2/test", pauses::add);
    }

    private static Map<String, Object> createBody()
    {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", "T-1");
        body.put("person", "alice");
        body.put("tank", "load01");
        body.put("host", "ns1.example.net");
        body.put("port", 53);
        body.put("loadscheme", List.of("const(10,1s)"));
        body.put("detailed_time", "interval_real");
        body.put("notify", List.of("bob"));
        return body;
    }

    private static Map<String, Object> editBody()
    {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "a run");
        body.put("description", "l2 shoot x");
        body.put("instances", "4");
        body.put("ammo", "test");
        body.put("loop", 0);
        body.put("version", "l2 test");
        body.put("component", "dns");
        body.put("tank_type", 0);
        body.put("command_line", "l2 shoot fire --file=p.yaml");
        body.put("starred", 0);
        return body;
    }

    private static List<Map<String, Object>> items(final long epochSecond)
    {
        return new LunaparkItems(2, Map.of("load01", "man")).items(epochSecond, new SecondStats(0, 10), Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> trail(final Map<String, Object> item)
    {
        return (Map<String, Object>)item.get("trail");
    }
}
