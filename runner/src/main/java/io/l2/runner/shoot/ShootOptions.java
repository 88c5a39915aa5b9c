/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import io.l2.engine.shoot.CpuList;
import io.l2.engine.shoot.DatagramIos;
import io.l2.engine.shoot.IoMode;

/**
 * How a host runs its share, beyond the plan: threads carrying the workers, the idle strategy, socket buffers.
 *
 * @param threadCount        threads carrying the workers (at most the plan's instances).
 * @param idleStrategy       idle strategy alias ({@code deadline} unless the host is dedicated: then {@code spin}).
 * @param socketBufferLength SO_SNDBUF/SO_RCVBUF to ask for, bytes.
 * @param warmup             true to warm the shooter's code first, against an in-process loopback reflector.
 * @param io                 how the sockets move datagrams.
 * @param socketCount        sockets on this host, 0 for the engine's choice.
 * @param cpus               the CPUs the shooter threads are pinned to, or null.
 */
public record ShootOptions(
    int threadCount, String idleStrategy, int socketBufferLength, boolean warmup, IoMode io, int socketCount,
    CpuList cpus)
{
    /**
     * Options with the engine's I/O and socket count.
     *
     * @param threadCount        threads carrying the workers.
     * @param idleStrategy       idle strategy alias.
     * @param socketBufferLength SO_SNDBUF/SO_RCVBUF to ask for, bytes.
     * @param warmup             true to warm the shooter's code first.
     */
    public ShootOptions(
        final int threadCount, final String idleStrategy, final int socketBufferLength, final boolean warmup)
    {
        this(threadCount, idleStrategy, socketBufferLength, warmup, IoMode.AUTO, 0, null);
    }

    /**
     * @return the I/O this JVM will run, the sockets and the CPUs, as a log line says them: {@code io mmsg, sockets
     * auto} (and {@code , cpus 0-1} when pinned).
     * @throws IllegalArgumentException when {@link IoMode#MMSG} was asked for and this JVM cannot run it, with why.
     */
    public String describeIo()
    {
        return "io " + DatagramIos.resolve(io).alias() + ", sockets " +
            (0 == socketCount ? "auto" : String.valueOf(socketCount)) + (null == cpus ? "" : ", cpus " + cpus);
    }
}
