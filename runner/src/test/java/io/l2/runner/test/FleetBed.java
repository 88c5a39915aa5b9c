/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.l2.config.ConfigLoader;
import io.l2.engine.responder.Responder;
import io.l2.engine.responder.ZoneAnswers;
import io.l2.engine.shoot.ShooterContext;
import io.l2.runner.daemon.Daemon;
import io.l2.runner.daemon.DaemonOptions;
import io.l2.runner.daemon.DaemonState;
import org.agrona.CloseHelper;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What the in-process fleet tests share: a test's temporary directory, l2's embedded responder as the target,
 * in-process daemons on loopback (each with its own socket, Aeron directory and captured log), the one cluster key
 * of the test, and the JSON helpers. Closes what it started, newest
 * first. One per test; not thread-safe.
 */
public final class FleetBed implements AutoCloseable
{
    /** The zone l2's responder answers from. */
    public static final Path ZONE = Path.of("..", "examples", "zone", "l2.test.zone").toAbsolutePath().normalize();

    /**
     * The lead fleet tests fire with ({@code --lead}), the default: their hosts are near and their ammo small, but
     * three daemons and the runner share the 2-core box the tests run on, and each daemon's first preparation takes
     * about a second there; with 2 s, clean-clone runs saw acks reach the runner after the start instant while the
     * daemons warmed up side by side.
     */
    public static final String LEAD = "3s";

    /** {@link #LEAD}, ns. */
    public static final long LEAD_NS = TimeUnit.SECONDS.toNanos(3);

    /** Ammo whose names the zone answers. */
    public static final Path AMMO = Path.of("..", "examples", "ammo", "ns-cache.txt").toAbsolutePath().normalize();

    private final Path dir;
    private final String channel;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, ByteArrayOutputStream> logs = new LinkedHashMap<>();

    /**
     * @param dir     the test's temporary directory (sockets, Aeron directories, the key go there).
     * @param channel the multicast control channel the daemons are started on, or null for their l2.yaml's.
     */
    public FleetBed(final Path dir, final String channel)
    {
        this.dir = dir;
        this.channel = channel;
    }

    /**
     * Starts l2's responder on a free port of the loopback address.
     *
     * @return it; its address is the target.
     * @throws IOException when it cannot start.
     */
    public Responder startResponder() throws IOException
    {
        return startResponder(InetAddress.getLoopbackAddress(), 0);
    }

    /**
     * Starts l2's responder on an address and port.
     *
     * @param address a loopback address.
     * @param port    its port, or 0 for a free one.
     * @return it.
     * @throws IOException when it cannot start.
     */
    public Responder startResponder(final InetAddress address, final int port) throws IOException
    {
        int listen = port;
        if (0 == listen)
        {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0)))
            {
                listen = socket.getLocalPort();
            }
        }
        return add(Responder.launch(new InetSocketAddress(address, listen), ZoneAnswers.load(ZONE, null),
            ShooterContext.IDLE_STRATEGY_DEFAULT));
    }

    /**
     * Starts a daemon in this process, its HTTP API on a free loopback port and a socket in the directory.
     *
     * @param host   its name in the inventory.
     * @param config its l2.yaml.
     * @return it, closed with the bed.
     * @throws IOException when it cannot start.
     */
    public Daemon startDaemon(final String host, final Path config) throws IOException
    {
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        logs.put(host, log);
        return add(Daemon.start(ConfigLoader.load(config), new DaemonOptions(host, "127.0.0.1", 0,
            dir.resolve(host + ".socket"), dir.resolve("aeron-" + host), channel), new DaemonState(System::nanoTime),
            new PrintStream(log, true, StandardCharsets.UTF_8)));
    }

    /**
     * @param host a daemon started here.
     * @return what it logged so far.
     */
    public String log(final String host)
    {
        return logs.get(host).toString(StandardCharsets.UTF_8);
    }

    /**
     * @return the one cluster key of every l2.yaml of the test, made on first use (mode 0600).
     */
    public Path keyFile()
    {
        final Path file = dir.resolve("cluster.key");
        return Files.exists(file) ? file : TestKeys.write(dir, "cluster.key");
    }

    /**
     * Closes something with the bed.
     *
     * @param closeable what to close, after what was added later.
     * @param <T>       its type.
     * @return it.
     */
    public <T extends AutoCloseable> T add(final T closeable)
    {
        closeables.add(closeable);
        return closeable;
    }

    /**
     * Closes something before the bed does (and no longer with it).
     *
     * @param closeable what was added.
     * @throws Exception what its close throws.
     */
    public void closeNow(final AutoCloseable closeable) throws Exception
    {
        closeables.remove(closeable);
        closeable.close();
    }

    /**
     * Waits until a daemon is waiting for jobs again.
     *
     * @param daemon  the daemon.
     * @param timeoutNs how long to wait at most.
     * @throws InterruptedException when interrupted.
     */
    public static void awaitWaiting(final Daemon daemon, final long timeoutNs) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (!DaemonState.WAITING.equals(daemon.state().stateName()))
        {
            assertFalse(System.nanoTime() - deadlineNs > 0, "the daemon still shoots");
            Thread.sleep(20);
        }
    }

    /**
     * Waits up to 10 s until a daemon is waiting for jobs again.
     *
     * @param daemon the daemon.
     * @throws InterruptedException when interrupted.
     */
    public static void awaitWaiting(final Daemon daemon) throws InterruptedException
    {
        awaitWaiting(daemon, TimeUnit.SECONDS.toNanos(10));
    }

    /**
     * @param text a JSON object.
     * @return it as maps, lists, strings and numbers.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(final String text)
    {
        return (Map<String, Object>)new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    /**
     * @param value a JSON object's value that is an object.
     * @return it as a map.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(final Object value)
    {
        return (Map<String, Object>)value;
    }

    /**
     * @param value a JSON number.
     * @return it as a long.
     */
    public static long number(final Object value)
    {
        return ((Number)value).longValue();
    }

    /**
     * Closes everything started here, newest first.
     */
    public void close()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
    }
}
