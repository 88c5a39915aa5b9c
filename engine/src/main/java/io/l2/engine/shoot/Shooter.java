/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.l2.engine.profile.ProfileCursor;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

/**
 * One host's shoot: its sockets and workers spread over {@code threadCount} {@link ShooterAgent}s, each on its own
 * {@link AgentRunner}. Thread t carries sockets and workers {@code s ≡ t (mod threads)} and queries
 * {@code j ≡ t (mod threads)} of the host's profile, and runs on CPU {@code cpus[t mod |cpus|]} when the context
 * pins ({@link ShooterContext#cpus(CpuList)}). Launch, poll {@link #isDone()}, close.
 */
public final class Shooter implements AutoCloseable
{
    private static final long PIN_WAIT_S = 15;

    private final List<ShooterAgent> agents;
    private final List<AgentRunner> runners;
    private final List<ShooterCounters> counters;
    private final AtomicReference<Throwable> firstError;
    private final AtomicLong errorCount;

    private Shooter(
        final List<ShooterAgent> agents,
        final List<AgentRunner> runners,
        final AtomicReference<Throwable> firstError,
        final AtomicLong errorCount)
    {
        this.agents = agents;
        this.runners = runners;
        this.firstError = firstError;
        this.errorCount = errorCount;
        final List<ShooterCounters> all = new ArrayList<>(agents.size());
        for (final ShooterAgent agent : agents)
        {
            all.add(agent.counters());
        }
        this.counters = List.copyOf(all);
    }

    /**
     * Opens the sockets and starts the agents; they send nothing before the context's start.
     *
     * @param context the shoot, concluded here.
     * @return the running shoot.
     * @throws IOException when a socket cannot be opened or connected (nothing is left open: sockets, selectors and
     *                     the sinks already made are closed).
     */
    public static Shooter launch(final ShooterContext context) throws IOException
    {
        context.conclude();
        final int threadCount = context.threadCount();
        final SecureRandom random = new SecureRandom();
        final List<List<QuerySocket>> perThread = new ArrayList<>(threadCount);
        for (int t = 0; t < threadCount; t++)
        {
            perThread.add(new ArrayList<>());
        }

        final List<ShooterAgent> agents = new ArrayList<>(threadCount);
        try
        {
            for (int s = 0; s < context.socketCount(); s++)
            {
                perThread.get(s % threadCount).add(openSocket(context, s, random.nextInt(65536)));
            }
            for (int t = 0; t < threadCount; t++)
            {
                agents.add(new ShooterAgent(
                    "l2-shooter-" + t,
                    perThread.get(t).toArray(new QuerySocket[0]),
                    (context.workerCount() - t + threadCount - 1) / threadCount,
                    context.ammo(),
                    context.ammoOffset(),
                    new ProfileCursor(context.profile()),
                    context.profile().totalCount(),
                    t,
                    threadCount,
                    context.sync(),
                    context.timeoutNs(),
                    context.discardLate(),
                    context.lateToleranceNs(),
                    context.clock(),
                    context.startNs(),
                    context.sinkFactory().apply(t),
                    new ShooterCounters(),
                    context.queriesPerConnection()));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // an agent closes its own sockets; those not yet handed to one are closed here
            agents.forEach(ShooterAgent::onClose);
            for (final List<QuerySocket> sockets : perThread)
            {
                sockets.forEach(QuerySocket::close);
            }
            throw ex;
        }

        final AtomicReference<Throwable> firstError = new AtomicReference<>();
        final AtomicLong errorCount = new AtomicLong();
        final List<AgentRunner> runners = new ArrayList<>(threadCount);
        final CpuList cpus = context.cpus();
        final CountDownLatch pinned = new CountDownLatch(null == cpus ? 0 : threadCount);
        final AtomicReference<String> pinFailure = new AtomicReference<>();
        for (int t = 0; t < threadCount; t++)
        {
            final ShooterAgent agent = agents.get(t);
            final IdleStrategy idleStrategy = IdleStrategies.of(context.idleStrategy());
            if (idleStrategy instanceof DeadlineIdleStrategy deadlineIdle)
            {
                agent.deadlineIdle(deadlineIdle.clock(context.clock()));
            }
            final AgentRunner runner = new AgentRunner(
                idleStrategy,
                (throwable) ->
                {
                    errorCount.incrementAndGet();
                    firstError.compareAndSet(null, throwable);
                },
                null,
                agent);
            runners.add(runner);
            AgentRunner.startOnThread(runner, null == cpus ? context.threadFactory() :
                pinning(context.threadFactory(), cpus.cpu(t % cpus.size()), agent, pinned, pinFailure));
        }
        awaitPinned(cpus, pinned, pinFailure, runners);
        return new Shooter(agents, runners, firstError, errorCount);
    }

    private static QuerySocket openSocket(final ShooterContext context, final int index, final int idBase)
        throws IOException
    {
        if (Transport.UDP != context.transport())
        {
            final StreamIo io = switch (context.transport())
            {
                case DOT -> new TlsStreamIo(context.target(), context.ammo().maxQueryLength(),
                    context.socketBufferLength(), context.tlsContext(), context.tlsServerName(),
                    context.tlsVerifyName());
                case DOH -> new HttpsStreamIo(context.target(), context.ammo().maxQueryLength(),
                    context.socketBufferLength(), context.tlsContext(), context.tlsServerName(),
                    context.tlsVerifyName(), authority(context), context.dohPath(), context.dohGet(),
                    context.inFlightTableLength());
                default -> new StreamIo(context.target(), context.ammo().maxQueryLength(),
                    context.socketBufferLength());
            };
            return new QuerySocket(index, context.inFlightTableLength(), idBase, io,
                context.pipelined() ? context.inFlightTableLength() : 1);
        }
        return new QuerySocket(
            index,
            context.target(),
            context.inFlightTableLength(),
            context.ammo().maxQueryLength(),
            context.socketBufferLength(),
            idBase,
            context.ioMode());
    }

    /**
     * @return a DoH request's {@code :authority}: the server's name (else its address), with the port unless 443.
     */
    private static String authority(final ShooterContext context)
    {
        final java.net.InetSocketAddress target = context.target();
        String host = context.tlsServerName();
        if (null == host)
        {
            host = target.getAddress().getHostAddress();
            if (target.getAddress() instanceof java.net.Inet6Address)
            {
                host = "[" + host + "]";
            }
        }
        return Transport.DOH.defaultPort() == target.getPort() ? host : host + ":" + target.getPort();
    }

    /**
     * A thread that pins itself to its CPU before its agent's first duty cycle; when it cannot, its agent is aborted
     * before it sends anything and the reason kept for {@link #awaitPinned}.
     */
    private static ThreadFactory pinning(
        final ThreadFactory threadFactory,
        final int cpu,
        final ShooterAgent agent,
        final CountDownLatch pinned,
        final AtomicReference<String> pinFailure)
    {
        return (runnable) -> threadFactory.newThread(() ->
        {
            try
            {
                ThreadAffinity.pinCurrentThread(cpu);
            }
            catch (final RuntimeException ex)
            {
                agent.abort();
                pinFailure.compareAndSet(null, ex.getMessage());
            }
            finally
            {
                pinned.countDown();
            }
            runnable.run();
        });
    }

    private static void awaitPinned(
        final CpuList cpus,
        final CountDownLatch pinned,
        final AtomicReference<String> pinFailure,
        final List<AgentRunner> runners) throws IOException
    {
        if (null == cpus)
        {
            return;
        }
        boolean allDone;
        try
        {
            allDone = pinned.await(PIN_WAIT_S, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            allDone = false;
        }
        if (!allDone || null != pinFailure.get())
        {
            CloseHelper.closeAll(runners);
            throw new IOException("cpus " + cpus + ": " +
                (null != pinFailure.get() ? pinFailure.get() : "the shooter threads were not pinned in " + PIN_WAIT_S +
                " s"));
        }
    }

    /**
     * @return the datagram I/O the sockets use, as {@link IoMode#alias()}.
     */
    public String ioName()
    {
        return agents.get(0).ioName();
    }

    /**
     * @return why a connection last failed to be made or ended (e.g. {@code Connection refused}, a TLS alert), or
     * null when none did; read after {@link #close()}.
     */
    public String lastConnectionFailure()
    {
        String failure = null;
        for (final ShooterAgent agent : agents)
        {
            final String agentFailure = agent.lastConnectionFailure();
            failure = null == agentFailure ? failure : agentFailure;
        }
        return failure;
    }

    /**
     * @return true once every agent resolved all its queries (or, after {@link #abort()}, all in flight).
     */
    public boolean isDone()
    {
        for (final ShooterAgent agent : agents)
        {
            if (!agent.isDone())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops sending on every agent; queries in flight still resolve. Any thread.
     */
    public void abort()
    {
        agents.forEach(ShooterAgent::abort);
    }

    /**
     * @param counter which.
     * @return its total over every agent (the largest for a {@link ShooterCounter#isMaximum() maximum}).
     */
    public long counter(final ShooterCounter counter)
    {
        return ShooterCounters.total(counter, counters);
    }

    /**
     * @return every agent's counters.
     */
    public List<ShooterCounters> counters()
    {
        return counters;
    }

    /**
     * @return the first unexpected error an agent hit (it kept running), or null.
     */
    public Throwable firstError()
    {
        return firstError.get();
    }

    /**
     * @return how many unexpected errors the agents hit.
     */
    public long errorCount()
    {
        return errorCount.get();
    }

    /**
     * Stops the agents' threads and closes the sockets.
     */
    public void close()
    {
        CloseHelper.closeAll(runners);
    }
}
