/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.DnsQueryEncoder;
import io.l2.engine.codec.DnsResponseDecoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The preflight: one query from the ammo to the target, to tell a live target from a dead one before a shoot.
 */
public final class TargetProbe
{
    /**
     * What the probe found.
     */
    public enum Outcome
    {
        /** A response with the query's id came back. */
        ANSWERED,
        /** Nothing came back in time (the target may drop, or be slow). */
        SILENT,
        /** The target's host said no one listens there (ICMP port unreachable). */
        UNREACHABLE
    }

    private TargetProbe()
    {
    }

    /**
     * Sends the ammo's first query and waits for its response.
     *
     * @param target    the target.
     * @param ammo      the ammo.
     * @param timeoutNs how long to wait.
     * @return what happened.
     * @throws IOException when no socket could be opened at all.
     */
    public static Outcome probe(final InetSocketAddress target, final AmmoTable ammo, final long timeoutNs)
        throws IOException
    {
        final ByteBuffer query = ByteBuffer.allocateDirect(ammo.maxQueryLength());
        final UnsafeBuffer queryBuffer = new UnsafeBuffer(query);
        ammo.copyQuery(0, queryBuffer, 0);
        final int id = ThreadLocalRandom.current().nextInt(65536);
        DnsQueryEncoder.stampId(queryBuffer, 0, id);
        query.limit(ammo.queryLength(0));

        final ByteBuffer response = ByteBuffer.allocateDirect(65536);
        final DnsResponseDecoder decoder = new DnsResponseDecoder();
        try (DatagramChannel channel = DatagramChannel.open(target.getAddress() instanceof java.net.Inet6Address ?
            StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            Selector selector = Selector.open())
        {
            channel.configureBlocking(false);
            channel.connect(target);
            channel.register(selector, SelectionKey.OP_READ);
            channel.write(query);
            final long deadlineNs = System.nanoTime() + timeoutNs;
            long leftNs;
            while ((leftNs = deadlineNs - System.nanoTime()) > 0)
            {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs)));
                selector.selectedKeys().clear();
                response.clear();
                final int length = channel.read(response);
                if (length > 0 && DnsResponseDecoder.OK == decoder.wrap(new UnsafeBuffer(response), 0, length) &&
                    decoder.id() == id)
                {
                    return Outcome.ANSWERED;
                }
            }
            return Outcome.SILENT;
        }
        catch (final PortUnreachableException ex)
        {
            return Outcome.UNREACHABLE;
        }
    }
}
