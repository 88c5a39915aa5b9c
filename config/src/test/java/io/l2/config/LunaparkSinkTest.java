/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LunaparkSinkTest
{
    @Test
    void shouldReadEveryKeyWhenAllAreGiven()
    {
        final String yaml = String.join("\n",
            "sinks:",
            "  lunapark:",
            "    api: https://lunapark.example.net",
            "    token-file: secrets/lunapark.token",
            "    task: LOAD-42",
            "    person: alice",
            "    notify: [bob, carol]",
            "    attempts: 3",
            "    retry-pause: 250ms",
            "    maintenance-pause: 1m",
            "    timeout: 5s",
            "  influxdb: {url: \"http://127.0.0.1:8086\", db: l2}",
            "");
        final L2Config config = ConfigLoader.parse("l2.yaml", yaml, BASE_DIR);
        final LunaparkSink sink = config.sinks().lunapark();

        assertEquals(URI.create("https://lunapark.example.net/"), sink.api());
        assertEquals(Path.of("/etc/l2/secrets/lunapark.token"), sink.tokenFile());
        assertNull(sink.token());
        assertEquals("LOAD-42", sink.task());
        assertEquals("alice", sink.person());
        assertEquals(List.of("bob", "carol"), sink.notifyLogins());
        assertEquals(3, sink.attempts());
        assertEquals(250_000_000L, sink.retryPauseNs());
        assertEquals(60_000_000_000L, sink.maintenancePauseNs());
        assertEquals(5_000_000_000L, sink.timeoutNs());
        assertEquals(new Position("l2.yaml", 3, 5), sink.position());
        final Map<?, ?> raw = (Map<?, ?>) config.reserved().get("sinks");
        assertEquals(Map.of("url", "http://127.0.0.1:8086", "db", "l2"), raw.get("influxdb"));
        assertEquals("l2", config.sinks().influxdb().db());
    }

    @Test
    void shouldApplyDefaultsWhenOnlyRequiredKeysAreGiven()
    {
        final LunaparkSink sink = ConfigLoader.parse("l2.yaml",
            "sinks:\n  lunapark: {api: \"http://127.0.0.1:8080/lp/\", token: \" t0k \", task: T-1}\n", BASE_DIR)
            .sinks().lunapark();

        assertEquals(URI.create("http://127.0.0.1:8080/lp/"), sink.api());
        assertEquals("t0k", sink.token());
        assertNull(sink.tokenFile());
        assertEquals("", sink.person());
        assertEquals(List.of(), sink.notifyLogins());
        assertEquals(LunaparkSink.DEFAULT_ATTEMPTS, sink.attempts());
        assertEquals(LunaparkSink.DEFAULT_RETRY_PAUSE_NS, sink.retryPauseNs());
        assertEquals(LunaparkSink.DEFAULT_MAINTENANCE_PAUSE_NS, sink.maintenancePauseNs());
        assertEquals(LunaparkSink.DEFAULT_TIMEOUT_NS, sink.timeoutNs());
    }

    @Test
    void shouldHaveNoSinkWhenSinksHasNoLunapark()
    {
        assertSame(Sinks.NONE, ConfigLoader.parse("l2.yaml", "sinks:\n  influx: {db: l2}\n", BASE_DIR).sinks());
        assertSame(Sinks.NONE, ConfigLoader.parse("l2.yaml", "l2:\n  l2-port: 1\n", BASE_DIR).sinks());
        assertSame(Sinks.NONE, ConfigLoader.parse("l2.yaml", "", BASE_DIR).sinks());
    }

    static Stream<Arguments> mistakes()
    {
        final String head = "sinks:\n  lunapark:\n";
        final String base = "    api: https://lp.example.net/\n    token: t\n    task: T\n";
        return Stream.of(
            arguments("unknown key with suggestion", head + base + "    atempts: 3\n", "l2.yaml:6:5",
                "unknown key 'atempts' in sinks.lunapark; did you mean 'attempts'?"),
            arguments("not a map", "sinks:\n  lunapark: yes\n", "l2.yaml:2:13",
                "sinks.lunapark: expected a map (api, token-file or token"),
            arguments("no api", head + "    token: t\n    task: T\n", "l2.yaml:3:5", "sinks.lunapark needs api"),
            arguments("no task", head + "    api: https://lp/\n    token: t\n", "l2.yaml:3:5",
                "sinks.lunapark needs task"),
            arguments("no token", head + "    api: https://lp/\n    task: T\n", "l2.yaml:3:5",
                "needs exactly one of token-file"),
            arguments("both tokens", head + base + "    token-file: /t\n", "l2.yaml:3:5",
                "needs exactly one of token-file"),
            arguments("ftp api", head + "    api: ftp://lp.example.net/\n    token: t\n    task: T\n", "l2.yaml:3:10",
                "api must be an http or https URL"),
            arguments("api without scheme", head + "    api: lp.example.net\n    token: t\n    task: T\n",
                "l2.yaml:3:10", "api must be an http or https URL"),
            arguments("api not a URL", head + "    api: \"http://lp example\"\n    token: t\n    task: T\n",
                "l2.yaml:3:10", "api is not a valid URL"),
            arguments("api with query", head + "    api: \"http://lp/?a=1\"\n    token: t\n    task: T\n",
                "l2.yaml:3:10", "api must not have a query"),
            arguments("api without host", head + "    api: \"http:///x\"\n    token: t\n    task: T\n",
                "l2.yaml:3:10", "api has no host"),
            arguments("attempts zero", head + base + "    attempts: 0\n", "l2.yaml:6:15",
                "attempts must be 1..1000, got 0"),
            arguments("retry-pause without unit", head + base + "    retry-pause: 2\n", "l2.yaml:6:18",
                "retry-pause needs a unit"),
            arguments("timeout unknown unit", head + base + "    timeout: 3days\n", "l2.yaml:6:14",
                "timeout has an unknown unit 'days'"),
            arguments("maintenance-pause negative", head + base + "    maintenance-pause: -1s\n", "l2.yaml:6:24",
                "maintenance-pause must be positive"),
            arguments("notify not a list", head + base + "    notify: bob\n", "l2.yaml:6:13",
                "notify: expected a list of logins"),
            arguments("notify empty login", head + base + "    notify: [bob, \"\"]\n", "l2.yaml:6:19",
                "a login in notify is empty"),
            arguments("task empty", head + "    api: https://lp/\n    token: t\n    task: \"\"\n", "l2.yaml:5:11",
                "task is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void shouldReportMistakeAtItsPosition(
        final String name, final String yaml, final String expectedPosition, final String expectedReason)
    {
        assertError(configError(yaml), expectedPosition, expectedReason);
    }
}
