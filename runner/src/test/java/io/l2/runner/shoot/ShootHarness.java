/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.l2.runner.cli.L2Command;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs {@code l2} in-process against a real target, the way an operator would: a temporary directory holds an
 * {@code l2.yaml} (data and results under the directory, one set {@code local} with this host only, one ammo
 * {@code test}), the ammo file and the plans; {@link #fire} and {@link #replay} run the command line with captured
 * output and parse {@code --output json}. One test thread; not thread-safe.
 */
final class ShootHarness
{
    private static final Pattern READY = Pattern.compile("(?m)^ready: the profile starts at (\\S+)$");

    /** The ammo name in the generated {@code l2.yaml}. */
    static final String AMMO_NAME = "test";

    private final Path directory;
    private final Path config;

    /**
     * What one command did.
     *
     * @param exitCode the exit code.
     * @param out      what it printed on stdout.
     * @param err      what it printed on stderr.
     * @param wallNs   how long the command took, ns.
     * @param endEpochMs when it ended, ms since the epoch.
     * @param shooterThreads what the kernel said about the shooter's threads meanwhile ({@link ShooterThreadWatch}),
     *                 or empty.
     */
    record Run(int exitCode, String out, String err, long wallNs, long endEpochMs, String shooterThreads)
    {
        /**
         * @return ms from the profile's start (the {@code ready: the profile starts at} line a local shoot prints
         * once warmed up) to the command's end.
         */
        long msFromProfileStart()
        {
            final Matcher ready = READY.matcher(err);
            if (!ready.find())
            {
                throw new AssertionError("no 'ready: the profile starts at' line in:\n" + err);
            }
            return endEpochMs - Instant.parse(ready.group(1)).toEpochMilli();
        }

        /**
         * @return stdout parsed as JSON (JSON is YAML 1.2).
         */
        @SuppressWarnings("unchecked")
        Map<String, Object> json()
        {
            final Object tree = new Load(LoadSettings.builder().build()).loadFromString(out);
            if (!(tree instanceof Map<?, ?>))
            {
                fail("stdout is not a JSON object: " + out + "\nstderr: " + err);
            }
            return (Map<String, Object>)tree;
        }
    }

    /**
     * Writes {@code l2.yaml} and the ammo into {@code directory}.
     *
     * @param directory  a fresh temporary directory.
     * @param ammoLines  the ammo, one dnsperf query per line.
     */
    ShootHarness(final Path directory, final List<String> ammoLines)
    {
        this.directory = directory;
        this.config = directory.resolve("l2.yaml");
        final Path ammo = directory.resolve("ammo.txt");
        write(ammo, String.join("\n", ammoLines) + "\n");
        write(config,
            "l2:\n" +
            "  data-dir: \"" + directory.resolve("data") + "\"\n" +
            "  results-dir: \"" + directory.resolve("results") + "\"\n" +
            "cluster:\n" +
            "  local:\n" +
            "    local:\n" +
            "      - \"" + ConfigSource.localHostName() + "\"\n" +
            "ammo:\n" +
            "  " + AMMO_NAME + ": \"" + ammo + "\"\n");
    }

    /**
     * @return the generated {@code l2.yaml}.
     */
    Path config()
    {
        return config;
    }

    /**
     * @return the temporary directory.
     */
    Path directory()
    {
        return directory;
    }

    /**
     * Writes a plan shooting {@code target} with the test ammo.
     *
     * @param name   the file name.
     * @param target where to shoot.
     * @param body   the rest of the plan (schedule, instances, mode, timeout, ...), YAML lines.
     * @return the plan file.
     */
    Path plan(final String name, final InetSocketAddress target, final String body)
    {
        final Path plan = directory.resolve(name);
        write(plan,
            "description: \"" + name + "\"\n" +
            "target: \"" + target.getAddress().getHostAddress() + ":" + target.getPort() + "\"\n" +
            "ammo: \"" + AMMO_NAME + "\"\n" +
            body);
        return plan;
    }

    /**
     * {@code l2 shoot fire --config L2YAML --file PLAN --output json --threads 1 --idle backoff EXTRA...}.
     *
     * @param plan  the plan.
     * @param extra more arguments.
     * @return what it did.
     */
    Run fire(final Path plan, final String... extra)
    {
        final List<String> args = new ArrayList<>(List.of(
            "shoot", "fire", "--config", config.toString(), "--file", plan.toString(), "--output", "json",
            "--threads", "1", "--idle", "backoff"));
        args.addAll(List.of(extra));
        final Run run;
        final String threads;
        try (ShooterThreadWatch watch = ShooterThreadWatch.start())
        {
            run = run(args.toArray(new String[0]));
            watch.close();
            threads = watch.toString();
        }
        return new Run(run.exitCode(), run.out(), run.err(), run.wallNs(), run.endEpochMs(), threads);
    }

    /**
     * {@code l2 replay FOLDER --output json}.
     *
     * @param folder a results folder.
     * @return what it did.
     */
    Run replay(final Path folder)
    {
        return run("replay", folder.toString(), "--output", "json");
    }

    /**
     * Runs {@code l2} in this process with captured output.
     *
     * @param args the arguments.
     * @return what it did.
     */
    static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final long startNs = System.nanoTime();
        final int exitCode = commandLine.execute(args);
        final long wallNs = System.nanoTime() - startNs;
        return new Run(exitCode, out.toString(), err.toString(), wallNs, System.currentTimeMillis(), "");
    }

    /**
     * @param tree a JSON object.
     * @param key  a key whose value is an object.
     * @return that object.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final Map<String, Object> tree, final String key)
    {
        final Object value = tree.get(key);
        assertTrue(value instanceof Map<?, ?>, key + " is not an object in " + tree);
        return (Map<String, Object>)value;
    }

    /**
     * @param tree a JSON object.
     * @param key  a key whose value is a list of objects.
     * @return that list.
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(final Map<String, Object> tree, final String key)
    {
        final Object value = tree.get(key);
        assertTrue(value instanceof List<?>, key + " is not a list in " + tree);
        return (List<Map<String, Object>>)value;
    }

    /**
     * @param tree a JSON object.
     * @param key  a key whose value is an integer.
     * @return that integer (0 when absent, as the rcode map leaves out rcodes that did not occur).
     */
    static long number(final Map<String, Object> tree, final String key)
    {
        final Object value = tree.get(key);
        if (null == value)
        {
            return 0;
        }
        assertTrue(value instanceof Number, key + " is not a number in " + tree);
        return ((Number)value).longValue();
    }

    /**
     * One line per second, for failure messages and the test's log: {@code t requested sent achieved answered
     * timeouts dropped lag_p99_us lag_max_us}.
     *
     * @param seconds the {@code seconds} list of a result.
     * @return the table.
     */
    static String table(final List<Map<String, Object>> seconds)
    {
        final StringBuilder sb =
            new StringBuilder("t requested sent achieved answered timeouts dropped lag_p99_us lag_max_us\n");
        for (final Map<String, Object> second : seconds)
        {
            sb.append(number(second, "t")).append(' ')
                .append(number(second, "requested")).append(' ')
                .append(number(second, "sent")).append(' ')
                .append(number(second, "achieved")).append(' ')
                .append(number(second, "answered")).append(' ')
                .append(number(second, "timeouts")).append(' ')
                .append(number(second, "dropped")).append(' ')
                .append(number(object(second, "lag_us"), "p99")).append(' ')
                .append(number(object(second, "lag_us"), "max")).append('\n');
        }
        return sb.toString();
    }

    /**
     * Datagrams the kernel dropped on the UDP sockets bound to a local port because their receive buffer was full
     * (the {@code drops} column of {@code /proc/net/udp}), to tell losses at the target from losses in l2 when a
     * shoot has timeouts.
     *
     * @param port the local port, e.g. the target's.
     * @return the drops summed over the sockets on that port, or -1 when {@code /proc/net/udp} cannot be read.
     */
    static long socketDrops(final int port)
    {
        final Path udp = Path.of("/proc/net/udp");
        try
        {
            final String portHex = String.format(Locale.ROOT, ":%04X", port);
            long drops = 0;
            for (final String line : Files.readAllLines(udp, StandardCharsets.US_ASCII))
            {
                final String[] fields = line.trim().split("\\s+");
                if (fields.length > 12 && fields[1].endsWith(portHex))
                {
                    drops += Long.parseLong(fields[fields.length - 1]);
                }
            }
            return drops;
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    private static void write(final Path file, final String text)
    {
        try
        {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }
}
