/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.l2.config.InfluxSink;
import io.l2.config.Position;
import io.l2.engine.aggregate.SecondStats;
import io.l2.runner.results.AutostopTrigger;
import io.l2.runner.results.DohRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The write requests of both InfluxDB versions, checked by a loopback {@link HttpServer}: path, parameters, the
 * {@code Authorization} header and the body; retries on a 5xx with doubling pauses; a 4xx fails at once in one line
 * that hides the password; and the line protocol of {@link InfluxLines}.
 */
class InfluxClientTest
{
    private static final Position POSITION = new Position("l2.yaml", 1, 1);

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Long> pausesNs = new ArrayList<>();
    private HttpServer server;
    private URI url;

    @BeforeEach
    void startServer() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stopServer()
    {
        server.stop(0);
    }

    @Test
    void shouldPostToApiV2WriteWithOrgBucketAndTokenWhenVersionIs2() throws InfluxException
    {
        final InfluxSink sink = new InfluxSink(url, 2, null, null, null, null, "my org", "dns", null, "t0k3n", "l2",
            3, 1_000, 1_000_000_000L, POSITION);

        client(sink, "t0k3n").write("l2,scope=overall sent=1i 1700000000\n", "second 0");

        assertEquals(List.of("POST /api/v2/write?org=my+org&bucket=dns&precision=s|Token t0k3n|text/plain; " +
            "charset=utf-8|l2,scope=overall sent=1i 1700000000\n"), requests);
    }

    @Test
    void shouldPostToWriteWithDbRpAndCredentialsAndRetry5xxWhenVersionIs1() throws InfluxException
    {
        final InfluxSink sink = new InfluxSink(url, 1, "dns load", "week", "l2", "p&w", null, null, null, null, "l2",
            3, 1_000, 1_000_000_000L, POSITION);
        statuses.addAll(List.of(503, 500));

        client(sink, null).write("x v=1i 1\n", "second 0");

        assertEquals(3, requests.size());
        assertEquals("POST /write?db=dns+load&rp=week&u=l2&p=p%26w&precision=s|-|text/plain; charset=utf-8|x v=1i 1\n",
            requests.get(2));
        assertEquals(List.of(1_000L, 2_000L), pausesNs, "the pause doubles");
    }

    @Test
    void shouldFailInOneLineWithoutThePasswordWhen4xxOrAttemptsRunOut()
    {
        final InfluxSink sink = new InfluxSink(url, 1, "l2", null, "l2", "secret", null, null, null, null, "l2",
            2, 1_000, 1_000_000_000L, POSITION);
        statuses.addAll(List.of(404, 500, 500));

        final InfluxException notFound = assertThrows(InfluxException.class,
            () -> client(sink, null).write("x v=1i 1\n", "second 4"));
        final InfluxException gaveUp = assertThrows(InfluxException.class,
            () -> client(sink, null).write("x v=1i 1\n", "totals"));

        assertEquals("influxdb: write (second 4) to " + url + "write?db=l2&u=l2&p=***&precision=s: HTTP 404: " +
            "{\"error\":\"database not found\"}", notFound.getMessage());
        assertEquals(404, notFound.status());
        assertEquals("influxdb: write (totals) to " + url + "write?db=l2&u=l2&p=***&precision=s: HTTP 500: " +
            "{\"error\":\"database not found\"} (gave up after 2 attempts)", gaveUp.getMessage());
        assertEquals(3, requests.size(), "a 4xx is not retried");
    }

    @Test
    void shouldWriteOnePointPerScopeWithEscapedTagsWhenShootHasTwoHosts()
    {
        final InfluxLines lines = new InfluxLines("l2 dns", "20260101-000000-abc", "ns,load", "ns1.example:53",
            Map.of("h1", "dc=1"));
        final SecondStats stats = new SecondStats(3, 10);

        final String text = lines.second(1_700_000_003L, stats, Map.of("h1", stats));

        final String tags = ",shoot=20260101-000000-abc,set=ns\\,load,target=ns1.example:53";
        final String fields = " requested=10i,sent=0i,achieved=0i,answered=0i,timeouts=0i,errors=0i,dropped=0i," +
            "connect_failed=0i,resets=0i,http_errors=0i,truncated=0i,p50_ms=0.000,p90_ms=0.000,p99_ms=0.000," +
            "p999_ms=0.000,max_ms=0.000 1700000003\n";
        assertEquals("l2\\ dns" + tags + ",scope=overall" + fields +
            "l2\\ dns" + tags + ",scope=dc,dc=dc\\=1" + fields +
            "l2\\ dns" + tags + ",scope=host,dc=dc\\=1,host=h1" + fields, text);
        assertEquals("a\\ b\\,c\\=d\\ e\\\\", InfluxLines.escapeTag("a b,c=d\ne\\"));
        assertEquals(3, lines.pointsPerSecond());
        assertTrue(lines.totals(1_700_000_000L, stats, Map.of()).startsWith("l2\\ dns_totals" + tags +
            ",scope=overall "));
    }

    @Test
    void shouldWriteOneFieldPerHttpStatusAfterTheRcodesAsItDoesPerRcode()
    {
        final InfluxLines lines = new InfluxLines("l2", "20260101-000000-abc", "load", "doh.example:443", Map.of());
        final Map<Integer, Integer> statuses = new LinkedHashMap<>();
        statuses.put(500, 12);
        statuses.put(429, 3);
        final SecondStats stats = DohRecords.second(2, statuses).seconds().get(0);

        final String text = lines.second(1_700_000_000L, stats, Map.of());

        assertTrue(text.contains(",http_errors=15i,truncated=0i,rcode_NOERROR=2i,http_status_429=3i," +
            "http_status_500=12i,p50_ms="), text);
        assertTrue(lines.totals(1_700_000_000L, stats, Map.of()).contains(",http_status_500=12i,"));
    }

    @Test
    void shouldWriteTheAutostopAsOnePointWithItsReasonAsAString()
    {
        final InfluxLines lines = new InfluxLines("l2", "20260101-000000-abc", "load", "ns1.example:53", Map.of());
        final AutostopTrigger trigger = new AutostopTrigger("rcode(!NOERROR,5%,2s)", AutostopTrigger.TARGET, 7, 6,
            4200, "rcodes other than NOERROR 9% of 4100 answers >= 5% \"quoted\" (rcode(!NOERROR,5%,2s))");

        assertEquals("l2_autostop,shoot=20260101-000000-abc,set=load,target=ns1.example:53," +
            "criterion=rcode(!NOERROR\\,5%\\,2s),culprit=target second=7i,rps_at_trigger=4200i,first_second=6i," +
            "reason=\"rcodes other than NOERROR 9% of 4100 answers >= 5% \\\"quoted\\\" (rcode(!NOERROR,5%,2s))\" " +
            "1700000000\n", lines.autostop(1_700_000_000L, trigger));
    }

    private InfluxClient client(final InfluxSink sink, final String token)
    {
        return new InfluxClient(sink, token, "l2/test", pausesNs::add);
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        final String body;
        try (InputStream in = exchange.getRequestBody())
        {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + "?" +
            exchange.getRequestURI().getRawQuery() + "|" + (null == authorization ? "-" : authorization) + "|" +
            exchange.getRequestHeaders().getFirst("Content-Type") + "|" + body);
        final int call = calls.getAndIncrement();
        final int status = call < statuses.size() ? statuses.get(call) : 204;
        if (204 == status)
        {
            exchange.sendResponseHeaders(204, -1);
        }
        else
        {
            final byte[] answer = "{\"error\":\"database not found\"}\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }
}
