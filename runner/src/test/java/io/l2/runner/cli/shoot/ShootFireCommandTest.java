/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.shoot;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.l2.runner.base.ExitCode;
import io.l2.runner.cli.L2Command;
import io.l2.runner.daemon.TestChannels;
import io.l2.runner.results.Json;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.shoot.ConfigSource;
import io.l2.runner.test.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShootFireCommandTest
{
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final String CONFIG = EXAMPLES.resolve("l2.yaml").toString();
    /** The preflight's wait for the dry runs at daemons that are not there ({@code --preflight-wait}). */
    private static final String WAIT = "200ms";
    private static final long WAIT_MS = 200;

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /**
     * @return examples/l2.yaml with a security section naming a new cluster key, in the temporary directory (its
     * relative paths still resolve: ammo, plans and the example plan are links to examples/).
     */
    private String keyedConfig() throws IOException
    {
        return configWithKey(TestKeys.write(tmp, "cluster.key"));
    }

    private String configWithKey(final Path keyFile) throws IOException
    {
        for (final String name : new String[] {"ammo", "plans", "l2.shoot-example.yaml"})
        {
            Files.createSymbolicLink(tmp.resolve(name), EXAMPLES.resolve(name));
        }
        final Path config = tmp.resolve("l2.yaml");
        Files.writeString(config, Files.readString(Path.of(CONFIG), StandardCharsets.UTF_8) +
            TestKeys.securityYaml(keyFile), StandardCharsets.UTF_8);
        return config.toString();
    }

    @Test
    void shouldRefuseInOneLineAndSendNothingWhenFiringAtOtherHostsWithoutAClusterKey()
    {
        final int exitCode = run("shoot", "fire", "--no-warmup", "--config", CONFIG, "--file",
            EXAMPLES.resolve("l2.shoot-example.yaml").toString(), "--control-channel",
            TestChannels.uniqueLoopbackMulticast());

        assertEquals(ExitCode.BAD_INPUT, exitCode, out + "/" + err);
        assertEquals("l2: no cluster key: set security.cluster-key-file in " + CONFIG + " to fire at other " +
            "hosts (make a key with: l2 keygen FILE, and give every daemon the same); nothing was sent\n",
            err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void shouldPrintPlanAndOneLinePreflightAndExitOneWhenDryRunOfSeedPlanWithoutAClusterKey()
    {
        final int exitCode = run("shoot", "fire", "--debug", "--dry-run", "--config", CONFIG,
            "--file=" + EXAMPLES.resolve("l2.shoot-example.yaml"));

        assertEquals(ExitCode.FAILED, exitCode, "the hosts' readiness is unknown: " + out + "/" + err);
        final String text = out.toString();
        assertTrue(text.startsWith("DRY RUN: nothing is sent"), text);
        assertTrue(text.contains("825000 in all"), text);
        assertEquals(6, text.lines().filter((line) -> line.matches(".* 137500 .*")).count(), text);
        assertTrue(text.endsWith("\n\nPREFLIGHT not run: no cluster key to ask the daemons with (readiness of the 6 " +
            "hosts unknown): set security.cluster-key-file in " + CONFIG + " (make a key with: l2 keygen FILE, and " +
            "give every daemon the same)\n"), text);
        assertTrue(err.toString().lines().allMatch((line) -> line.startsWith("debug: ")), err.toString());
    }

    @Test
    void shouldShowTheTransportWhenDryRunOfTheDnsOverTlsExample()
    {
        run("shoot", "fire", "--dry-run", "--config", CONFIG,
            "--file=" + EXAMPLES.resolve("plans").resolve("dns-over-tls.yaml"));

        final String text = out.toString();
        assertTrue(text.startsWith("DRY RUN: nothing is sent"), text + err);
        assertTrue(text.contains("127.0.0.1:853 -> 127.0.0.1 port 853 (dot, 8 connections per host, pipelined, " +
            "server name dns.example.net, certificate verified against the JDK's CAs; address pinned"), text);
    }

    @Test
    void shouldShowTheTransportWhenDryRunOfTheDnsOverHttpsExample()
    {
        run("shoot", "fire", "--dry-run", "--config", CONFIG,
            "--file=" + EXAMPLES.resolve("plans").resolve("dns-over-https.yaml"));

        final String text = out.toString();
        assertTrue(text.startsWith("DRY RUN: nothing is sent"), text + err);
        assertTrue(text.contains("127.0.0.1:443 -> 127.0.0.1 port 443 (doh, 4 connections per host, pipelined, " +
            "HTTP/2 POST /dns-query, server name dns.example.net, certificate verified against the JDK's CAs; " +
            "address pinned"), text);
    }

    @Test
    void shouldNameTheKeyFileInThePreflightLineWhenDryRunAndTheKeyFileIsMissing() throws IOException
    {
        final int exitCode = run("shoot", "fire", "--dry-run", "--config", configWithKey(tmp.resolve("missing.key")),
            "--file=" + EXAMPLES.resolve("l2.shoot-example.yaml"));

        assertEquals(ExitCode.FAILED, exitCode, out + "/" + err);
        final String last = out.toString().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("PREFLIGHT not run: security.cluster-key-file ") &&
            last.contains("missing.key") && last.endsWith("(readiness of the 6 hosts unknown)"), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void shouldShootLocalSetInProcessWhenL2YamlHasNoCluster() throws IOException
    {
        final Path config = tmp.resolve("l2.yaml");
        Files.writeString(config, String.join("\n",
            "l2:",
            "  data-dir: data",
            "  results-dir: results",
            "sinks:",
            "  influxdb:",
            "    url: http://127.0.0.1:9/",
            "    db: l2",
            ""), StandardCharsets.UTF_8);
        final Path plan = tmp.resolve("plan.yaml");
        Files.writeString(plan, String.join("\n",
            "target: 127.0.0.1:5300",
            "ammo: " + EXAMPLES.resolve("ammo/ns-cache.txt"),
            "schedule: const(10,1s)",
            ""), StandardCharsets.UTF_8);

        final int exitCode = run("shoot", "fire", "--dry-run", "--config", config.toString(), "--file",
            plan.toString());

        assertEquals(ExitCode.OK, exitCode, out + "/" + err);
        assertTrue(out.toString().contains("set          local (1 of 1 hosts)"), out.toString());
        assertTrue(out.toString().contains("local  " + ConfigSource.localHostName() + " "), out.toString());
        assertFalse(out.toString().contains("PREFLIGHT"), "this host alone shoots in-process: " + out);
    }

    private int run(final String... args)
    {
        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldShootInProcessAndWriteResultsWhenL2YamlHasNoCluster() throws IOException
    {
        final int port;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            port = socket.getLocalPort();
        }
        final Path config = tmp.resolve("l2.yaml");
        Files.writeString(config, "l2:\n  data-dir: data\n  results-dir: results\n", StandardCharsets.UTF_8);
        final Path plan = tmp.resolve("plan.yaml");
        Files.writeString(plan, String.join("\n",
            "target: 127.0.0.1:" + port,
            "ammo: " + EXAMPLES.resolve("ammo/ns-cache.txt"),
            "schedule: const(100,1s)",
            "instances: 2",
            "timeout: 500ms",
            ""), StandardCharsets.UTF_8);

        final int exitCode = run("shoot", "fire", "--no-warmup", "--config", config.toString(), "--file",
            plan.toString(), "--responder", EXAMPLES.resolve("zone/l2.test.zone").toString());

        assertEquals(ExitCode.OK, exitCode, out + "/" + err);
        assertTrue(out.toString().contains("100 queries"), out.toString());
        try (Stream<Path> folders = Files.list(tmp.resolve("results")))
        {
            final Path folder = folders.findFirst().orElseThrow();
            assertEquals("local", Json.read(folder.resolve(ResultWriter.RESULT_FILE)).get("set"), folder.toString());
        }
    }

    @Test
    void shouldPrintResolvedPlanForEveryHostWhenDryRunOfSeedPlan() throws IOException
    {
        final int exitCode = run(
            "shoot", "fire", "--dry-run", "--config", keyedConfig(), "--file", EXAMPLES.resolve("l2.shoot-example.yaml")
                .toString(), "--control-channel", TestChannels.uniqueLoopbackMulticast(), "--preflight-wait", WAIT);

        assertEquals(ExitCode.FAILED, exitCode, "no daemon answers the preflight here: " + err);
        final String text = out.toString();
        assertTrue(text.contains("PREFLIGHT"), text);
        assertTrue(text.contains("0 of 6 hosts ready"), text);
        assertTrue(text.matches("(?s).*dns-load01h.berry.yandex.net +: NOT READY dc=sas no answer within " + WAIT_MS +
            " ms .*"), text);
        assertTrue(text.startsWith("DRY RUN: nothing is sent"), text);
        assertTrue(text.contains("127.0.0.1 port 5300"), text);
        assertTrue(text.contains("line(5000,50000,30s)"), text);
        assertTrue(text.contains("825000 in all"), text);
        assertTrue(text.contains("ns+load (6 of 6 hosts)"), text);
        for (final String host : new String[] {
            "alpha-26i.lxd.tt.yandex.net", "dns-load01i.berry.yandex.net", "dns-load02i.berry.yandex.net",
            "dns-load01h.berry.yandex.net", "dns-load01v.berry.yandex.net", "build-bionic-01v.cdn.yandex.net" })
        {
            assertTrue(text.contains(host), host + " missing from " + text);
        }
        assertTrue(text.contains("137500"), "each of 6 hosts shoots 825000/6 queries: " + text);
        assertTrue(text.contains("1000 queries"), "ns-cache has 1000 queries: " + text);
    }

    @Test
    void shouldSelectHostsWhenLimitGiven() throws IOException
    {
        final int exitCode = run(
            "shoot", "fire", "--list-hosts", "--config", CONFIG, "--limit", "ns+load:&vla",
            "--file", EXAMPLES.resolve("l2.shoot-example.yaml").toString());
        assertEquals(ExitCode.OK, exitCode, err.toString());
        assertEquals("  set ns+load: hosts (2):\n    dns-load01v.berry.yandex.net\n" +
            "    build-bionic-01v.cdn.yandex.net\n", out.toString());
        out.getBuffer().setLength(0);

        final int dryRunExitCode = run(
            "shoot", "fire", "--dry-run", "--config", keyedConfig(), "--limit", "ns+load:&vla",
            "--file", EXAMPLES.resolve("l2.shoot-example.yaml").toString(),
            "--control-channel", TestChannels.uniqueLoopbackMulticast(), "--preflight-wait", WAIT);

        assertEquals(ExitCode.FAILED, dryRunExitCode, err.toString());
        assertTrue(out.toString().contains("0 of 2 hosts ready"), out.toString());
        assertTrue(out.toString().contains("ns+load (2 of 6 hosts)"), out.toString());
        assertTrue(out.toString().contains("412500"), "2 hosts share 825000: " + out);
        assertTrue(!out.toString().contains("alpha-26i"), out.toString());
    }

    @Test
    void shouldAcceptDebugAfterSubcommandWhenGivenAsInTheSeed() throws IOException
    {
        final int exitCode = run(
            "shoot", "fire", "--debug", "--dry-run", "--file=" + EXAMPLES.resolve("plans/tank-schedule.yaml"),
            "--config=" + keyedConfig(), "--control-channel=" + TestChannels.uniqueLoopbackMulticast(),
            "--preflight-wait=" + WAIT);

        assertEquals(ExitCode.FAILED, exitCode, "no daemon answers the preflight here: " + err);
        assertTrue(out.toString().contains("line(1000,20000,10s) const(20000,30s)"), out.toString());
    }

    @Test
    void shouldPrintTheParsedAutostopCriteriaWhenDryRun() throws IOException
    {
        final int exitCode = run(
            "shoot", "fire", "--dry-run", "--file=" + EXAMPLES.resolve("plans/autostop.yaml"),
            "--config=" + keyedConfig(), "--control-channel=" + TestChannels.uniqueLoopbackMulticast(),
            "--preflight-wait=" + WAIT);

        assertEquals(ExitCode.FAILED, exitCode, "no daemon answers the preflight here: " + err);
        assertTrue(out.toString().contains(
            "autostop     timeouts(5%,2s): timeouts >= 5% of the queries, 2 s in a row\n" +
            "autostop     quantile(99.9,50ms,3s): p99.9 latency > 50ms (timeouts count as slower), 3 s in a row\n" +
            "autostop     rcode(!NOERROR+NXDOMAIN,1%,5s): rcodes other than NOERROR+NXDOMAIN >= 1% of the answers, " +
            "5 s in a row\n" +
            "autostop     total_errors(100,10s): errors >= 100, over the last 10 s summed\n" +
            "autostop     achieved(90%,3s): generator: sent < 90% of the requested rate, 3 s in a row\n" +
            "autostop     limit(3m): stop once the shoot has lasted 3m\n"), out.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "indentation.yaml           | indentation.yaml:7:",
        "negative-rate.yaml         | negative-rate.yaml:7:9:",
        "duration-without-unit.yaml | duration-without-unit.yaml:5:13:",
        "unknown-ammo.yaml          | unknown-ammo.yaml:3:7:",
        "unresolvable-target.yaml   | unresolvable-target.yaml:2:9:",
        "unknown-set.yaml           | unknown-set.yaml:4:6:",
        "autostop-unknown-rcode.yaml | autostop-unknown-rcode.yaml:7:12: autostop rcode(MASK,LEVEL,N): MASK",
    })
    void shouldExitTwoWithOneLineNamingFileLineColumnWhenPlanHasMistake(final String plan, final String where)
    {
        final int exitCode = run(
            "shoot", "fire", "--dry-run", "--config", CONFIG, "--file", EXAMPLES.resolve("bad").resolve(plan)
                .toString());

        assertEquals(ExitCode.BAD_INPUT, exitCode, out + "/" + err);
        final String message = err.toString().trim();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("l2: ") && message.contains(where), message);
        assertEquals("", out.toString());
    }

    @Test
    void shouldExitTwoWhenPlanFileMissing()
    {
        assertEquals(ExitCode.BAD_INPUT, run("shoot", "fire", "--dry-run", "--config", CONFIG, "--file", "nope.yaml"));
        assertEquals("l2: --file nope.yaml: no such file", err.toString().trim());
    }

    @Test
    void shouldExitTwoWhenLimitSelectsNoHost()
    {
        final int exitCode = run(
            "shoot", "fire", "--dry-run", "--config", CONFIG, "--limit", "nowhere",
            "--file", EXAMPLES.resolve("l2.shoot-example.yaml").toString());

        assertEquals(ExitCode.BAD_INPUT, exitCode);
        assertTrue(err.toString().contains("--limit 'nowhere' selects no host of set 'ns+load'"), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "3     | l2: --lead: duration needs a unit (e.g. 30s), got '3'",
        "499ms | l2: --lead 499ms: expected 500ms to 30s",
        "31s   | l2: --lead 31s: expected 500ms to 30s",
        "-1s   | l2: --lead: duration must be positive, got '-1s'",
    })
    void shouldExitTwoWithOneLineWhenLeadIsNotADurationFrom500msTo30s(final String lead, final String message)
    {
        final int exitCode = run("shoot", "fire", "--dry-run", "--config", CONFIG, "--lead", lead,
            "--file", EXAMPLES.resolve("l2.shoot-example.yaml").toString());

        assertEquals(ExitCode.BAD_INPUT, exitCode, out + "/" + err);
        assertEquals(message, err.toString().trim());
        assertEquals("", out.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--cpus    | 0-       | l2: --cpus '' in '0-' is not a CPU number 0..1023 (expected numbers and ranges " +
            "such as 0,2-3)",
        "--cpus    | 3-1      | l2: --cpus '3-1' in '3-1' is a range that ends before it starts",
        "--cpus    | 2048     | l2: --cpus '2048' in '2048' is not a CPU number 0..1023 (expected numbers and " +
            "ranges such as 0,2-3)",
        "--sockets | 5000     | l2: --sockets 5000: expected 1..4096",
        "--io      | uring    | l2: --io unknown io 'uring' (known: auto, nio, mmsg)",
        "--threads | 0        | l2: --threads 0: expected 1..1024",
        "--preflight-wait | 99ms | l2: --preflight-wait 99ms: expected 100ms to 30s",
        "--preflight-wait | 31s  | l2: --preflight-wait 31s: expected 100ms to 30s",
        "--preflight-wait | 1    | l2: --preflight-wait: duration needs a unit (e.g. 30s), got '1'",
    })
    void shouldExitTwoWithOneLineNamingTheOptionWhenAShooterOptionIsBad(
        final String option, final String value, final String message)
    {
        final int exitCode = run("shoot", "fire", "--dry-run", "--config", CONFIG, option, value,
            "--file", EXAMPLES.resolve("l2.shoot-example.yaml").toString());

        assertEquals(ExitCode.BAD_INPUT, exitCode, out + "/" + err);
        assertEquals(message, err.toString().trim());
        assertEquals("", out.toString());
    }

    @Test
    void shouldExitTwoWhenUnknownOptionGiven()
    {
        assertEquals(ExitCode.BAD_INPUT, run("shoot", "fire", "--fiel", "x.yaml"));
    }
}
