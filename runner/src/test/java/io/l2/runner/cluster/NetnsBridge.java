/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Test hosts on one machine: {@code hostCount} network namespaces {@code l2t<hex>-<n>}, each with {@code lo} up and a
 * veth whose outer end is enslaved to a bridge {@code l2br<hex>} in the root namespace. The bridge has
 * {@code 10.213.R.1/24} (R random among the /24s no root interface uses), host n has {@code 10.213.R.(10+n)/24} and a
 * route {@code 224.0.0.0/4} on its veth, so UDP multicast with TTL 1 reaches every host; multicast snooping is off.
 * <p>
 * Cleanup: {@link #close()} deletes every veth, namespace and the bridge this instance created (each attempted, errors
 * collected into one exception), also after a setup that failed half-way (the constructor cleans up before it throws);
 * a JVM shutdown hook does the same if the JVM exits without {@link #close()}. Nothing survives a SIGKILL of the test
 * JVM. Processes started with {@link #exec(int, List)} must be stopped by the caller before {@link #close()}: a
 * namespace lives on, unnamed, while a process is still in it. Needs root and iproute2's {@code ip}. Not thread-safe.
 */
final class NetnsBridge implements AutoCloseable
{
    private static final long COMMAND_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final String id;
    private final int subnet;
    private final String bridge;
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> outerVeths = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean bridgeCreated;
    private boolean closed;

    /**
     * Create the bridge and the hosts.
     *
     * @param hostCount number of namespaces, 1 to 9.
     * @throws IOException when a step fails; whatever was created by then is deleted first.
     */
    NetnsBridge(final int hostCount) throws IOException
    {
        if (hostCount < 1 || hostCount > 9)
        {
            throw new IllegalArgumentException("hostCount must be 1 to 9: " + hostCount);
        }
        id = String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        subnet = freeSubnet();
        bridge = "l2br" + id;
        shutdownHook = new Thread(this::deleteQuietly, "netns-cleanup-" + id);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try
        {
            ip("link", "add", "name", bridge, "type", "bridge", "mcast_snooping", "0");
            bridgeCreated = true;
            ip("addr", "add", "10.213." + subnet + ".1/24", "dev", bridge);
            ip("link", "set", bridge, "up");
            for (int n = 1; n <= hostCount; n++)
            {
                addHost(n);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            try
            {
                close();
            }
            catch (final IOException cleanupEx)
            {
                ex.addSuppressed(cleanupEx);
            }
            throw ex;
        }
    }

    /**
     * @return the third octet R of the hosts' subnet {@code 10.213.R.0/24}.
     */
    int subnet()
    {
        return subnet;
    }

    /**
     * @return number of hosts.
     */
    int hostCount()
    {
        return namespaces.size();
    }

    /**
     * @param host 1 to {@link #hostCount()}.
     * @return the host's namespace name.
     */
    String namespace(final int host)
    {
        return namespaces.get(host - 1);
    }

    /**
     * @param host 1 to {@link #hostCount()}.
     * @return the host's IPv4 address, {@code 10.213.R.(10+host)}.
     */
    String address(final int host)
    {
        namespace(host);
        return "10.213." + subnet + "." + (10 + host);
    }

    /**
     * @return the bridge's name in the root namespace.
     */
    String bridgeName()
    {
        return bridge;
    }

    /**
     * @param host 1 to {@link #hostCount()}.
     * @return the name of the veth end in the root namespace, enslaved to the bridge.
     */
    String outerVeth(final int host)
    {
        namespace(host);
        return "l2v" + id + "-" + host;
    }

    /**
     * @param host 1 to {@link #hostCount()}.
     * @return the name of the veth end inside the host's namespace.
     */
    String innerVeth(final int host)
    {
        namespace(host);
        return "l2p" + id + "-" + host;
    }

    /**
     * The command line that runs a command in a host's namespace.
     *
     * @param host    1 to {@link #hostCount()}.
     * @param command the command and its arguments.
     * @return {@code ip netns exec <namespace> command...}, a new list.
     */
    List<String> exec(final int host, final List<String> command)
    {
        final List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        line.addAll(command);
        return line;
    }

    /**
     * Cuts or restores a host's link as a pulled cable would: its veth end on the bridge goes down (the end in the
     * namespace loses its carrier, its addresses and routes stay) or up again.
     *
     * @param host 1 to {@link #hostCount()}.
     * @param up   true to restore, false to cut.
     * @throws IOException when {@code ip} fails.
     */
    void setLink(final int host, final boolean up) throws IOException
    {
        ip("link", "set", outerVeth(host), up ? "up" : "down");
    }

    /**
     * Delete every veth, namespace and the bridge this instance created; each deletion is attempted.
     *
     * @throws IOException naming every deletion that failed.
     */
    @Override
    public void close() throws IOException
    {
        final List<String> errors = delete();
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException ignore)
        {
            // the JVM is already shutting down: the hook runs delete() again, which finds nothing left to do
        }
        if (!errors.isEmpty())
        {
            throw new IOException("netns cleanup failed: " + String.join("; ", errors));
        }
    }

    private void addHost(final int n) throws IOException
    {
        final String namespace = "l2t" + id + "-" + n;
        final String outer = "l2v" + id + "-" + n;
        final String inner = "l2p" + id + "-" + n;
        ip("netns", "add", namespace);
        namespaces.add(namespace);
        ip("link", "add", outer, "type", "veth", "peer", "name", inner, "netns", namespace);
        outerVeths.add(outer);
        ip("link", "set", outer, "master", bridge);
        ip("link", "set", outer, "up");
        ip("-n", namespace, "link", "set", "lo", "up");
        ip("-n", namespace, "addr", "add", "10.213." + subnet + "." + (10 + n) + "/24", "dev", inner);
        ip("-n", namespace, "link", "set", inner, "up");
        ip("-n", namespace, "route", "add", "224.0.0.0/4", "dev", inner);
    }

    private synchronized List<String> delete()
    {
        final List<String> errors = new ArrayList<>();
        if (closed)
        {
            return errors;
        }
        closed = true;
        for (final String veth : outerVeths)
        {
            deleteOne(errors, "link", "del", veth);
        }
        for (final String namespace : namespaces)
        {
            deleteOne(errors, "netns", "del", namespace);
        }
        if (bridgeCreated)
        {
            deleteOne(errors, "link", "del", bridge);
        }
        return errors;
    }

    private void deleteQuietly()
    {
        for (final String error : delete())
        {
            System.err.println("netns cleanup at JVM exit: " + error);
        }
    }

    private static void deleteOne(final List<String> errors, final String... arguments)
    {
        try
        {
            ip(arguments);
        }
        catch (final IOException | RuntimeException ex)
        {
            errors.add(ex.getMessage());
        }
    }

    private static int freeSubnet() throws IOException
    {
        final String addresses = ip("-4", "-o", "addr", "show");
        final int start = ThreadLocalRandom.current().nextInt(256);
        for (int i = 0; i < 256; i++)
        {
            final int candidate = (start + i) % 256;
            if (!addresses.contains(" 10.213." + candidate + "."))
            {
                return candidate;
            }
        }
        throw new IOException("no free /24 in 10.213.0.0/16");
    }

    private static String ip(final String... arguments) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add("ip");
        Collections.addAll(command, arguments);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try
        {
            process.getOutputStream().close();
            final byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_NS, TimeUnit.NANOSECONDS))
            {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no exit within 10 s");
            }
            final String text = new String(output, StandardCharsets.UTF_8).trim();
            if (0 != process.exitValue())
            {
                throw new IOException(String.join(" ", command) + ": exit " + process.exitValue() + ": " + text);
            }
            return text;
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + ": interrupted", ex);
        }
    }
}
