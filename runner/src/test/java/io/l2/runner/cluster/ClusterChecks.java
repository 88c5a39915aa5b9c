/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.l2.runner.cli.L2Command;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the cluster tests share to drive the runner and read what it wrote: whether namespaces can be made, {@code l2}
 * run in this JVM, polling until a condition holds, and the JSON result read as maps and lists ({@code map} and
 * {@code number} are {@link io.l2.runner.test.FleetBed}'s). Stateless.
 */
final class ClusterChecks
{
    /** How long {@link #awaitTrue(BooleanSupplier, String)} waits. */
    static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    private static final long PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private ClusterChecks()
    {
    }

    /**
     * Skips the test class unless it can make network namespaces: it runs as root and iproute2's {@code ip} is there.
     */
    static void assumeNamespaces()
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (network namespaces)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")) ||
            Files.isExecutable(Path.of("/usr/bin/ip")), "needs iproute2's ip");
    }

    /**
     * Runs {@code l2} in this JVM (the runner in the root namespace).
     *
     * @param out  gets its standard output.
     * @param err  gets its standard error.
     * @param args its arguments.
     * @return its exit code.
     */
    static int l2(final StringWriter out, final StringWriter err, final String... args)
    {
        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /**
     * Polls the condition every 100 ms until it holds; fails the test after {@link #WAIT_NS}.
     *
     * @param condition what is awaited.
     * @param what      its description, for the failure.
     */
    static void awaitTrue(final BooleanSupplier condition, final String what)
    {
        awaitTrue(condition, System.nanoTime() + WAIT_NS, what);
    }

    /**
     * Polls the condition every 100 ms until it holds; fails the test at the deadline.
     *
     * @param condition  what is awaited.
     * @param deadlineNs on {@link System#nanoTime()}.
     * @param what       its description, for the failure.
     */
    static void awaitTrue(final BooleanSupplier condition, final long deadlineNs, final String what)
    {
        while (!condition.getAsBoolean())
        {
            assertFalse(System.nanoTime() - deadlineNs > 0, "timed out waiting: " + what);
            LockSupport.parkNanos(PAUSE_NS);
        }
    }

    /**
     * @param file a file, maybe not there yet.
     * @return its text, empty when it is not there, or what stopped it being read.
     */
    static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file) : "";
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    /**
     * @param hosts the {@code hosts} list of a result.
     * @param name  a host's name.
     * @return its entry; fails the test when there is none.
     */
    static Map<String, Object> hostEntry(final List<Map<String, Object>> hosts, final String name)
    {
        for (final Map<String, Object> host : hosts)
        {
            if (name.equals(host.get("host")))
            {
                return host;
            }
        }
        throw new AssertionError("no host " + name + " in " + hosts);
    }

    /**
     * @param json JSON (or YAML) text, maybe empty.
     * @return its object, an empty map for empty text.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(final String json)
    {
        final Object tree = new Load(LoadSettings.builder().build()).loadFromString(json);
        return null == tree ? new LinkedHashMap<>() : (Map<String, Object>)tree;
    }

    /**
     * @param value a list of objects, or null.
     * @return it, or an empty list for null.
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(final Object value)
    {
        return null == value ? new ArrayList<>() : (List<Map<String, Object>>)value;
    }
}
