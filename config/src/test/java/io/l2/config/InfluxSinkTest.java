/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.l2.config.Fixtures.BASE_DIR;
import static io.l2.config.Fixtures.assertError;
import static io.l2.config.Fixtures.configError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class InfluxSinkTest
{
    @Test
    void shouldReadEveryVersion1KeyWhenAllAreGiven()
    {
        final String yaml = String.join("\n",
            "sinks:",
            "  influxdb:",
            "    url: http://influx.example.net:8086",
            "    version: 1",
            "    db: dns load",
            "    retention-policy: week",
            "    username: l2",
            "    password: \" s3cret \"",
            "    measurement: dns",
            "    attempts: 3",
            "    retry-pause: 250ms",
            "    timeout: 5s",
            "");
        final L2Config config = ConfigLoader.parse("l2.yaml", yaml, BASE_DIR);
        final InfluxSink sink = config.sinks().influxdb();

        assertNull(config.sinks().lunapark());
        assertEquals(URI.create("http://influx.example.net:8086/"), sink.url());
        assertEquals(1, sink.version());
        assertEquals("dns load", sink.db());
        assertEquals("week", sink.retentionPolicy());
        assertEquals("l2", sink.username());
        assertEquals(" s3cret ", sink.password(), "a password is taken as written");
        assertNull(sink.org());
        assertNull(sink.token());
        assertEquals("dns", sink.measurement());
        assertEquals(3, sink.attempts());
        assertEquals(250_000_000L, sink.retryPauseNs());
        assertEquals(5_000_000_000L, sink.timeoutNs());
        assertEquals(new Position("l2.yaml", 3, 5), sink.position());
    }

    @Test
    void shouldApplyDefaultsWhenOnlyUrlAndDbAreGiven()
    {
        final InfluxSink sink = ConfigLoader.parse("l2.yaml",
            "sinks:\n  influxdb: {url: \"https://127.0.0.1:8086/\", db: l2}\n", BASE_DIR).sinks().influxdb();

        assertEquals(URI.create("https://127.0.0.1:8086/"), sink.url());
        assertEquals(InfluxSink.DEFAULT_VERSION, sink.version());
        assertNull(sink.retentionPolicy());
        assertNull(sink.username());
        assertNull(sink.password());
        assertEquals(InfluxSink.DEFAULT_MEASUREMENT, sink.measurement());
        assertEquals(InfluxSink.DEFAULT_ATTEMPTS, sink.attempts());
        assertEquals(InfluxSink.DEFAULT_RETRY_PAUSE_NS, sink.retryPauseNs());
        assertEquals(InfluxSink.DEFAULT_TIMEOUT_NS, sink.timeoutNs());
    }

    @Test
    void shouldReadVersion2WithTokenFileRelativeToTheConfig()
    {
        final InfluxSink sink = ConfigLoader.parse("l2.yaml",
            "sinks:\n  influxdb:\n    url: http://i:8086\n    version: 2\n    org: ops\n    bucket: dns\n" +
            "    token-file: secrets/influx.token\n", BASE_DIR).sinks().influxdb();

        assertEquals(2, sink.version());
        assertEquals("ops", sink.org());
        assertEquals("dns", sink.bucket());
        assertEquals(Path.of("/etc/l2/secrets/influx.token"), sink.tokenFile());
        assertNull(sink.token());
        assertNull(sink.db());
    }

    static Stream<Arguments> mistakes()
    {
        final String head = "sinks:\n  influxdb:\n";
        final String v2 = head + "    url: http://i:8086\n    version: 2\n";
        return Stream.of(
            arguments("not a map", "sinks:\n  influxdb: yes\n", "l2.yaml:2:13",
                "sinks.influxdb: expected a map (url, version"),
            arguments("unknown key", head + "    url: http://i/\n    db: l2\n    measurment: x\n", "l2.yaml:5:5",
                "unknown key 'measurment' in sinks.influxdb; did you mean 'measurement'?"),
            arguments("no url", head + "    db: l2\n", "l2.yaml:3:5", "sinks.influxdb needs url"),
            arguments("udp url", head + "    url: udp://i:8089\n    db: l2\n", "l2.yaml:3:10",
                "url must be an http or https URL (e.g. http://influx.example.net:8086)"),
            arguments("url with query", head + "    url: \"http://i/?db=x\"\n    db: l2\n", "l2.yaml:3:10",
                "url must not have a query"),
            arguments("version 3", head + "    url: http://i/\n    version: 3\n", "l2.yaml:4:14",
                "version must be 1..2, got 3"),
            arguments("no db", head + "    url: http://i/\n", "l2.yaml:3:5", "sinks.influxdb needs db"),
            arguments("empty db", head + "    url: http://i/\n    db: \"\"\n", "l2.yaml:4:9", "db is empty"),
            arguments("user without password", head + "    url: http://i/\n    db: l2\n    username: u\n",
                "l2.yaml:3:5", "sinks.influxdb needs username and password together"),
            arguments("v2 key on v1", head + "    url: http://i/\n    db: l2\n    bucket: b\n", "l2.yaml:5:5",
                "bucket is for InfluxDB version 2 (set version: 2)"),
            arguments("v1 key on v2", v2 + "    org: o\n    bucket: b\n    token: t\n    db: l2\n", "l2.yaml:8:5",
                "db is for InfluxDB version 1; version 2 takes org, bucket and token-file or token"),
            arguments("v2 without org", v2 + "    bucket: b\n    token: t\n", "l2.yaml:3:5",
                "sinks.influxdb version 2 needs org"),
            arguments("v2 without token", v2 + "    org: o\n    bucket: b\n", "l2.yaml:3:5",
                "needs exactly one of token-file"),
            arguments("v2 with both tokens", v2 + "    org: o\n    bucket: b\n    token: t\n    token-file: f\n",
                "l2.yaml:3:5", "needs exactly one of token-file"),
            arguments("attempts zero", head + "    url: http://i/\n    db: l2\n    attempts: 0\n", "l2.yaml:5:15",
                "attempts must be 1..1000, got 0"),
            arguments("retry-pause without unit", head + "    url: http://i/\n    db: l2\n    retry-pause: 2\n",
                "l2.yaml:5:18", "retry-pause needs a unit"),
            arguments("measurement with a newline", head + "    url: http://i/\n    db: l2\n    measurement: \"a\\nb\"\n",
                "l2.yaml:5:18", "measurement has a control character"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void shouldReportMistakeAtItsPosition(
        final String name, final String yaml, final String expectedPosition, final String expectedReason)
    {
        assertError(configError(yaml), expectedPosition, expectedReason);
    }
}
