/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A slow target for tests where the kernel has no {@code sch_netem}: a UDP relay that forwards every datagram it
 * receives to an upstream server (NSD) at once, from a socket of its own per client (so answers need no rewriting),
 * and sends each answer back to its client a fixed delay after the answer arrived. Every answer is thus at least the
 * delay late; answers leave in the order they arrived (the delay is constant).
 * <p>
 * {@code DelayRelay LISTEN_ADDRESS LISTEN_PORT UPSTREAM_ADDRESS UPSTREAM_PORT DELAY_MS LIFE_S}: prints
 * {@code relay ready} once bound, exits by itself after {@code LIFE_S} seconds, or after {@link #MAX_DATAGRAM_COUNT}
 * queries, or when {@link #MAX_CLIENT_COUNT} clients are exceeded; prints its counts on exit. One thread; meant to run
 * in the test's target namespace ({@code ip netns exec}) and to be stopped by its PID.
 */
final class DelayRelay
{
    /** The most queries relayed before the relay exits. */
    static final long MAX_DATAGRAM_COUNT = 2_000_000;
    /** The most distinct clients (source address and port). */
    static final int MAX_CLIENT_COUNT = 1024;
    /** The line printed once the relay listens. */
    static final String READY = "relay ready";

    private static final int MAX_DATAGRAM_LENGTH = 65_535;
    /**
     * SO_RCVBUF/SO_SNDBUF asked for every socket: a generator that fell behind (a stalled box) catches up in a burst
     * of hundreds of queries per host, which the default 208 KiB drops in part; the kernel caps this at rmem_max.
     */
    private static final int SOCKET_BUFFER_LENGTH = 4 * 1024 * 1024;

    private DelayRelay()
    {
    }

    private record Answer(long releaseNs, SocketAddress client, byte[] bytes)
    {
    }

    /**
     * @param args listen address, listen port, upstream address, upstream port, delay in ms, life in s.
     * @throws IOException when a socket fails.
     */
    public static void main(final String[] args) throws IOException
    {
        if (6 != args.length)
        {
            System.err.println("usage: DelayRelay LISTEN_ADDRESS LISTEN_PORT UPSTREAM_ADDRESS UPSTREAM_PORT " +
                "DELAY_MS LIFE_S");
            System.exit(2);
        }
        final InetSocketAddress listen = new InetSocketAddress(InetAddress.getByName(args[0]),
            Integer.parseInt(args[1]));
        final InetSocketAddress upstream = new InetSocketAddress(InetAddress.getByName(args[2]),
            Integer.parseInt(args[3]));
        final long delayNs = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[4]));
        final long endNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[5]));
        final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM_LENGTH);
        final Map<SocketAddress, DatagramChannel> upstreamByClient = new HashMap<>();
        final ArrayDeque<Answer> answers = new ArrayDeque<>();
        long queryCount = 0;
        long answerCount = 0;
        try (Selector selector = Selector.open(); DatagramChannel front = DatagramChannel.open())
        {
            buffered(front).bind(listen).configureBlocking(false).register(selector, SelectionKey.OP_READ, null);
            System.out.println(READY + " on " + listen + " for " + upstream + ", delay " + args[4] + " ms");
            System.out.flush();
            while (System.nanoTime() - endNs < 0 && queryCount < MAX_DATAGRAM_COUNT)
            {
                final Answer next = answers.peekFirst();
                final long waitNs = null == next ? TimeUnit.MILLISECONDS.toNanos(50) :
                    next.releaseNs() - System.nanoTime();
                if (waitNs >= TimeUnit.MILLISECONDS.toNanos(1))
                {
                    selector.select(TimeUnit.NANOSECONDS.toMillis(waitNs));
                }
                else
                {
                    selector.selectNow();
                }
                final Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext())
                {
                    final SelectionKey key = keys.next();
                    keys.remove();
                    final DatagramChannel channel = (DatagramChannel)key.channel();
                    SocketAddress from;
                    while (null != (from = receive(channel, buffer)))
                    {
                        if (null == key.attachment())
                        {
                            DatagramChannel out = upstreamByClient.get(from);
                            if (null == out)
                            {
                                if (upstreamByClient.size() >= MAX_CLIENT_COUNT)
                                {
                                    throw new IOException("over " + MAX_CLIENT_COUNT + " clients");
                                }
                                out = buffered(DatagramChannel.open());
                                out.connect(upstream).configureBlocking(false).register(selector,
                                    SelectionKey.OP_READ, from);
                                upstreamByClient.put(from, out);
                            }
                            out.write(buffer);
                            queryCount++;
                        }
                        else
                        {
                            final byte[] bytes = new byte[buffer.remaining()];
                            buffer.get(bytes);
                            answers.addLast(new Answer(System.nanoTime() + delayNs, (SocketAddress)key.attachment(),
                                bytes));
                        }
                    }
                }
                final long nowNs = System.nanoTime();
                while (!answers.isEmpty() && answers.peekFirst().releaseNs() - nowNs <= 0)
                {
                    final Answer answer = answers.pollFirst();
                    front.send(ByteBuffer.wrap(answer.bytes()), answer.client());
                    answerCount++;
                }
            }
        }
        finally
        {
            for (final DatagramChannel channel : upstreamByClient.values())
            {
                channel.close();
            }
            System.out.println("relay done: " + queryCount + " queries, " + answerCount + " answers, " +
                upstreamByClient.size() + " clients");
            System.out.flush();
        }
    }

    private static DatagramChannel buffered(final DatagramChannel channel) throws IOException
    {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_LENGTH);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_LENGTH);
        return channel;
    }

    private static SocketAddress receive(final DatagramChannel channel, final ByteBuffer buffer) throws IOException
    {
        buffer.clear();
        final SocketAddress from;
        if (channel.isConnected())
        {
            from = channel.read(buffer) > 0 ? channel.getRemoteAddress() : null;
        }
        else
        {
            from = channel.receive(buffer);
        }
        buffer.flip();
        return from;
    }
}
