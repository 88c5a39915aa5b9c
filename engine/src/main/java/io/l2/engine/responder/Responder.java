/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.responder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

import io.l2.engine.shoot.IdleStrategies;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

/**
 * A running embedded responder: one {@link ResponderAgent} on its own thread, answering on a UDP address.
 */
public final class Responder implements AutoCloseable
{
    private final AgentRunner runner;
    private final ResponderAgent agent;
    private final InetSocketAddress address;

    private Responder(final AgentRunner runner, final ResponderAgent agent, final InetSocketAddress address)
    {
        this.runner = runner;
        this.agent = agent;
        this.address = address;
    }

    /**
     * Binds the address and starts answering.
     *
     * @param listen       where to listen (port 0 picks a free port).
     * @param answers      the zone's answers.
     * @param idleStrategy an idle strategy alias, see {@link IdleStrategies}.
     * @return the running responder.
     * @throws IOException when the address cannot be bound.
     * @throws IllegalArgumentException when the idle strategy is unknown (nothing is bound then).
     */
    public static Responder launch(
        final InetSocketAddress listen, final ZoneAnswers answers, final String idleStrategy) throws IOException
    {
        final IdleStrategy idle = IdleStrategies.of(idleStrategy);
        final boolean ipv6 = listen.getAddress() instanceof java.net.Inet6Address;
        final DatagramChannel channel =
            DatagramChannel.open(ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try
        {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
            channel.bind(listen);
            channel.configureBlocking(false);
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietClose(channel);
            throw ex;
        }
        final InetSocketAddress bound = (InetSocketAddress)channel.getLocalAddress();
        final ResponderAgent agent = new ResponderAgent(channel, answers);
        final AgentRunner runner = new AgentRunner(idle, Throwable::printStackTrace, null, agent);
        AgentRunner.startOnThread(runner);
        return new Responder(runner, agent, bound);
    }

    /**
     * @return the address it answers on.
     */
    public InetSocketAddress address()
    {
        return address;
    }

    /**
     * @return responses sent so far.
     */
    public long answered()
    {
        return agent.answered();
    }

    /**
     * Stops answering and closes the socket.
     */
    public void close()
    {
        CloseHelper.quietClose(runner);
    }
}
