/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import io.l2.config.DaemonSettings;
import io.l2.engine.shoot.CpuList;
import io.l2.engine.shoot.IdleStrategies;
import io.l2.engine.shoot.IoMode;
import io.l2.engine.shoot.ShooterContext;

/**
 * How each daemon runs the shooter of a fired shoot, as {@code l2 shoot fire --threads/--idle/--no-warmup/--io/
 * --sockets/--cpus} says for a local one. Travels in the fire as comment lines of the plan ({@link FirePlan}). Immutable.
 *
 * @param threadCount  shooter threads carrying the workers on each host, 1..{@link #MAX_THREAD_COUNT}.
 * @param idleStrategy the idle strategy's alias ({@link IdleStrategies}), or null for each host's default (spin on a
 *                     dedicated host, else deadline).
 * @param warmup       whether each host warms its shooter up against an in-process reflector first.
 * @param io           how each host's sockets move datagrams ({@link IoMode#AUTO}: batched where its JVM can).
 * @param socketCount  sockets on each host, or 0 for the engine's choice ({@link ShooterContext#socketCount(int)}).
 * @param cpus         the CPUs each host pins its shooter threads to ({@link ShooterContext#cpus(CpuList)}), or null
 *                     to leave them to the scheduler.
 */
public record FireOptions(
    int threadCount, String idleStrategy, boolean warmup, IoMode io, int socketCount, CpuList cpus)
{
    /** The most shooter threads per host. */
    public static final int MAX_THREAD_COUNT = 1024;

    /** One thread, each host's default idle strategy, warm-up on: what {@code l2 shoot fire} does by default. */
    public static final FireOptions DEFAULT = new FireOptions(1, null, true);

    /**
     * Options with the engine's I/O and socket count.
     *
     * @param threadCount  shooter threads on each host.
     * @param idleStrategy the idle strategy's alias, or null for each host's default.
     * @param warmup       whether each host warms its shooter up first.
     */
    public FireOptions(final int threadCount, final String idleStrategy, final boolean warmup)
    {
        this(threadCount, idleStrategy, warmup, IoMode.AUTO, 0);
    }

    /**
     * Options that leave the shooter threads to the scheduler.
     *
     * @param threadCount  shooter threads on each host.
     * @param idleStrategy the idle strategy's alias, or null for each host's default.
     * @param warmup       whether each host warms its shooter up first.
     * @param io           how each host's sockets move datagrams.
     * @param socketCount  sockets on each host, or 0 for the engine's choice.
     */
    public FireOptions(
        final int threadCount, final String idleStrategy, final boolean warmup, final IoMode io, final int socketCount)
    {
        this(threadCount, idleStrategy, warmup, io, socketCount, null);
    }

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException with a one-line reason naming the option.
     */
    public FireOptions
    {
        if (threadCount < 1 || threadCount > MAX_THREAD_COUNT)
        {
            throw new IllegalArgumentException("threads " + threadCount + ": expected 1.." + MAX_THREAD_COUNT);
        }
        if (null != idleStrategy)
        {
            try
            {
                IdleStrategies.of(idleStrategy);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("idle " + ex.getMessage(), ex);
            }
        }
        if (null == io)
        {
            throw new IllegalArgumentException("io: expected one of " + IoMode.ALIASES);
        }
        if (socketCount < 0 || socketCount > ShooterContext.SOCKETS_MAX)
        {
            throw new IllegalArgumentException("sockets " + socketCount + ": expected 1.." +
                ShooterContext.SOCKETS_MAX + " (or 0: the engine's choice)");
        }
    }

    /**
     * The options a host shoots with, by its own {@code l2:} settings where the fire leaves a choice.
     *
     * @param host               the host's settings: {@code dedicated} (spin by default) and {@code shooter-cpus}.
     * @param socketBufferLength the shooter sockets' buffer length in bytes.
     * @return the shoot options.
     */
    public ShootOptions shootOptions(final DaemonSettings host, final int socketBufferLength)
    {
        final ShootOptions options = shootOptions(host.dedicated(), socketBufferLength);
        if (null != cpus || null == host.shooterCpus())
        {
            return options;
        }
        return new ShootOptions(options.threadCount(), options.idleStrategy(), socketBufferLength, warmup, io,
            socketCount, CpuList.parse(host.shooterCpus()));
    }

    /**
     * The options a host shoots with.
     *
     * @param dedicated          whether this host is dedicated ({@code l2.dedicated}): its default idle strategy is
     *                           spin.
     * @param socketBufferLength the shooter sockets' buffer length in bytes.
     * @return the shoot options.
     */
    public ShootOptions shootOptions(final boolean dedicated, final int socketBufferLength)
    {
        final String idle = null != idleStrategy ? idleStrategy :
            dedicated ? "spin" : ShooterContext.IDLE_STRATEGY_DEFAULT;
        return new ShootOptions(threadCount, idle, socketBufferLength, warmup, io, socketCount, cpus);
    }
}
