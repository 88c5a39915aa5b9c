/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.shoot;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.l2.runner.base.ExitCode;
import io.l2.runner.cli.L2Command;
import io.l2.runner.shoot.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code l2 shoot capacity}: bad input is one line naming the option, exit 2, and nothing is shot; the help names the
 * exit codes.
 */
class ShootCapacityCommandTest
{
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--slo=loss<1|l2: --slo 'loss<1': a share needs %, e.g. loss<=1%",
        "--slo=p99<=20|l2: --slo 'p99<=20': a latency needs a unit: us, ms or s (e.g. p99<=20ms)",
        "--slo=latency<=20ms|l2: --slo 'latency<=20ms': unknown name 'latency' (expected loss, timeouts, errors, " +
            "pQ such as p99.9, max, or an rcode such as servfail)",
        "--from=2000|l2: --from 2000 is above --to 1000",
        "--hold=10|l2: --hold 10: duration needs a unit (e.g. 30s), got '10'",
        "--hold=500ms|l2: --hold 500ms: expected whole milliseconds, at least 1s",
        "--trial=abc|l2: --trial abc: duration is not valid (e.g. 500ms, 30s, 1m30s, 1h), got 'abc'",
        "--resolution=two|l2: --resolution two: expected a percentage such as 2%",
        "--resolution=80%|l2: --resolution 80.00%: expected 0.1% to 50%",
        "--output=xml|l2: --output xml: expected text or json",
        "--file=no-such-plan.yaml|l2: --file no-such-plan.yaml: no such file"
    })
    void shouldRefuseInOneLineWhenAnOptionIsBad(final String option, final String message)
    {
        final List<String> args = new ArrayList<>(List.of("shoot", "capacity", "--config",
            EXAMPLES.resolve("l2.yaml").toString(), option));
        for (final String given : List.of("--file=" + EXAMPLES.resolve("l2.shoot-example.yaml"), "--slo=loss<=1%",
            "--to=1000"))
        {
            if (!option.startsWith(given.substring(0, given.indexOf('=') + 1)))
            {
                args.add(given);
            }
        }
        final int exitCode = run(args.toArray(new String[0]));
        assertEquals(ExitCode.BAD_INPUT, exitCode, err.toString());
        assertEquals(message, err.toString().strip(), "one line");
        assertEquals("", out.toString(), "nothing shot, nothing printed");
    }

    @Test
    void shouldRefuseBeforeAnyTrialWhenToIsAboveTheCeiling(@TempDir final Path dir) throws Exception
    {
        final Path config = dir.resolve("l2.yaml");
        Files.writeString(config, "l2:\n  results-dir: \"" + dir.resolve("results") + "\"\ncluster:\n  local:\n" +
            "    local: [\"" + ConfigSource.localHostName() + "\"]\nammo:\n  test: \"" +
            EXAMPLES.resolve("ammo").resolve("ns-cache.txt") + "\"\nsecurity:\n  max-rps-per-host: 1000\n");
        final Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, "target: 127.0.0.1:9\nammo: test\nschedule: const(10,1s)\n");
        final int exitCode = run("shoot", "capacity", "--config", config.toString(), "--file", plan.toString(),
            "--slo", "loss<=1%", "--from", "100", "--to", "5000");
        assertEquals(ExitCode.BAD_INPUT, exitCode, err.toString());
        assertTrue(err.toString().strip().startsWith("l2: each host's share peaks at 5000 rps, above " +
            "security.max-rps-per-host 1000"), err.toString());
        assertEquals(1, err.toString().strip().split("\n").length, "one line: " + err);
        assertEquals("", out.toString(), "no trial");
        assertTrue(!Files.exists(dir.resolve("results")), "nothing shot, no results folder");
    }

    @Test
    void shouldNameTheExitCodesInItsHelp()
    {
        assertEquals(0, run("shoot", "capacity", "--help"));
        final String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("Usage: l2 shoot capacity "), help);
        assertTrue(help.contains("5 the generator could not keep a trial's rate"), help);
        assertTrue(help.contains("--slo=SLO"), help);
    }

    private int run(final String... args)
    {
        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
