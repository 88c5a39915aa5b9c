/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A slow or limited target for tests: a UDP proxy on loopback that forwards each query to a real DNS server after a
 * fixed delay and drops every Nth query (so the shoot has timeouts), relaying the answers back at once; or, made with
 * {@link #rateLimited}, one that forwards at once at most a given number of queries in any one second and drops the
 * rest, so the target's limit is exact and known. One socket toward the server per client socket, so answers find
 * their client. Daemon threads; {@link #close} stops it all.
 */
final class DelayProxy implements AutoCloseable
{
    private static final long NS_PER_S = 1_000_000_000L;
    /** A client silent this long starts afresh with the limit: the pause between two shoots. */
    private static final long IDLE_RESET_NS = 400_000_000L;

    private final DatagramSocket front;
    private final InetSocketAddress server;
    private final long delayMs;
    private final int dropEvery;
    private final int ratePerSecond;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) ->
    {
        final Thread thread = new Thread(task, "delay-proxy-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<SocketAddress, DatagramSocket> backs = new ConcurrentHashMap<>();
    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param server    the real server.
     * @param delayMs   the delay added to each query.
     * @param dropEvery every this many queries one is dropped (0: none).
     * @throws IOException when the proxy's socket cannot be bound.
     */
    DelayProxy(final InetSocketAddress server, final long delayMs, final int dropEvery) throws IOException
    {
        this(server, delayMs, dropEvery, 0);
    }

    private DelayProxy(final InetSocketAddress server, final long delayMs, final int dropEvery, final int ratePerSecond)
        throws IOException
    {
        this.server = server;
        this.delayMs = delayMs;
        this.dropEvery = dropEvery;
        this.ratePerSecond = ratePerSecond;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final Thread reader = new Thread(this::forward, "delay-proxy-front");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * A proxy with an exact limit: a query is forwarded at once when fewer than {@code ratePerSecond} were forwarded
     * in the second before it (a sliding window), else dropped; after 400 ms without a query (between two shoots)
     * the window starts empty. At a steady rate r above the limit, a shoot of whole seconds thus loses
     * {@code (r - ratePerSecond) / r} of its queries; at a rate r below it, none, unless the client stalls and catches
     * up with more than {@code ratePerSecond - r} queries within a second.
     *
     * @param server        the real server.
     * @param ratePerSecond queries forwarded in any one second, at most.
     * @return the running proxy.
     * @throws IOException when the proxy's socket cannot be bound.
     */
    static DelayProxy rateLimited(final InetSocketAddress server, final int ratePerSecond) throws IOException
    {
        return new DelayProxy(server, 0, 0, ratePerSecond);
    }

    /**
     * @return where clients send their queries.
     */
    InetSocketAddress address()
    {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), front.getLocalPort());
    }

    /**
     * @return queries dropped so far.
     */
    long dropped()
    {
        return dropped.get();
    }

    /**
     * Stops forwarding and closes every socket.
     */
    public void close()
    {
        closed = true;
        scheduler.shutdownNow();
        front.close();
        backs.values().forEach(DatagramSocket::close);
    }

    private void forward()
    {
        final byte[] buffer = new byte[65_535];
        // when the queries forwarded in the last second were forwarded, oldest first, in a ring
        final long[] forwardedNs = new long[Math.max(1, ratePerSecond)];
        int oldest = 0;
        int forwardedCount = 0;
        long lastQueryNs = System.nanoTime();
        while (!closed)
        {
            final DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try
            {
                front.receive(packet);
                final long n = queries.incrementAndGet();
                if (dropEvery > 0 && 0 == n % dropEvery)
                {
                    dropped.incrementAndGet();
                    continue;
                }
                if (ratePerSecond > 0)
                {
                    final long nowNs = System.nanoTime();
                    if (nowNs - lastQueryNs >= IDLE_RESET_NS)
                    {
                        forwardedCount = 0;
                    }
                    lastQueryNs = nowNs;
                    while (forwardedCount > 0 && nowNs - forwardedNs[oldest] >= NS_PER_S)
                    {
                        oldest = (oldest + 1) % ratePerSecond;
                        forwardedCount--;
                    }
                    if (forwardedCount == ratePerSecond)
                    {
                        dropped.incrementAndGet();
                        continue;
                    }
                    forwardedNs[(oldest + forwardedCount) % ratePerSecond] = nowNs;
                    forwardedCount++;
                }
                final DatagramSocket back = backs.computeIfAbsent(packet.getSocketAddress(), this::openBack);
                final byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
                if (0 == delayMs)
                {
                    send(back, query);
                }
                else
                {
                    scheduler.schedule(() -> send(back, query), delayMs, TimeUnit.MILLISECONDS);
                }
            }
            catch (final IOException ex)
            {
                if (!closed)
                {
                    throw new IllegalStateException(ex);
                }
            }
        }
    }

    private DatagramSocket openBack(final SocketAddress client)
    {
        try
        {
            final DatagramSocket back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            back.connect(server);
            final Thread relay = new Thread(() -> relay(back, client), "delay-proxy-back");
            relay.setDaemon(true);
            relay.start();
            return back;
        }
        catch (final SocketException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void relay(final DatagramSocket back, final SocketAddress client)
    {
        final byte[] buffer = new byte[65_535];
        while (!closed)
        {
            final DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            try
            {
                back.receive(answer);
                front.send(new DatagramPacket(answer.getData(), answer.getLength(), client));
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }

    private static void send(final DatagramSocket back, final byte[] query)
    {
        try
        {
            back.send(new DatagramPacket(query, query.length));
        }
        catch (final IOException ex)
        {
            // the proxy is closing
        }
    }
}
