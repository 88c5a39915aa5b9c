/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.common;

import io.l2.config.ConfigLoader;
import io.l2.config.DaemonSettings;
import io.l2.engine.shoot.CpuList;
import io.l2.engine.shoot.DatagramIos;
import io.l2.engine.shoot.IdleStrategies;
import io.l2.engine.shoot.IoMode;
import io.l2.engine.shoot.ShooterContext;
import io.l2.runner.base.InputException;
import io.l2.runner.fleet.FleetShoot;
import io.l2.runner.shoot.FireOptions;

/**
 * The checks of the shoot options {@code l2 shoot fire} and {@code l2 schedule fire} share ({@code --threads},
 * {@code --idle}, {@code --io}, {@code --sockets}, {@code --cpus}, {@code --control-channel}, {@code --lead}): each
 * refuses in one line naming the option, before anything is read or sent. Stateless.
 */
public final class ShootOptionChecks
{
    private ShootOptionChecks()
    {
    }

    /**
     * @param threads {@code --threads}.
     * @return the value.
     * @throws InputException outside 1..{@link FireOptions#MAX_THREAD_COUNT}.
     */
    public static int threads(final int threads)
    {
        if (threads < 1 || threads > FireOptions.MAX_THREAD_COUNT)
        {
            throw new InputException("--threads " + threads + ": expected 1.." + FireOptions.MAX_THREAD_COUNT);
        }
        return threads;
    }

    /**
     * @param idle {@code --idle}, or null.
     * @return the value.
     * @throws InputException when it is not an idle strategy's alias.
     */
    public static String idle(final String idle)
    {
        try
        {
            if (null != idle)
            {
                IdleStrategies.of(idle);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException("--idle " + ex.getMessage());
        }
        return idle;
    }

    /**
     * @param io {@code --io}.
     * @return the mode.
     * @throws InputException when it is not one of {@link IoMode#ALIASES}.
     */
    public static IoMode io(final String io)
    {
        try
        {
            return IoMode.of(io);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException("--io " + ex.getMessage());
        }
    }

    /**
     * @param cpus {@code --cpus}, or null.
     * @return the CPUs, or null when not given.
     * @throws InputException when it is not a CPU list.
     */
    public static CpuList cpus(final String cpus)
    {
        try
        {
            return null == cpus ? null : CpuList.parse(cpus);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException("--cpus " + ex.getMessage());
        }
    }

    /**
     * @param sockets {@code --sockets}, 0 for the engine's choice.
     * @return the value.
     * @throws InputException outside 0..{@link ShooterContext#SOCKETS_MAX}.
     */
    public static int sockets(final int sockets)
    {
        if (sockets < 0 || sockets > ShooterContext.SOCKETS_MAX)
        {
            throw new InputException("--sockets " + sockets + ": expected 1.." + ShooterContext.SOCKETS_MAX);
        }
        return sockets;
    }

    /**
     * @param asked {@code --io} as parsed.
     * @return what this JVM runs for it, for {@code --debug}: {@code mmsg}, {@code nio (mmsg needs JDK 22 ...)}.
     */
    public static String describeIo(final IoMode asked)
    {
        final String unavailable = DatagramIos.mmsgUnavailableReason();
        if (IoMode.NIO == asked)
        {
            return "nio";
        }
        return null == unavailable ? "mmsg" : IoMode.MMSG == asked ? "nothing: mmsg " + unavailable :
            "nio (mmsg " + unavailable + ")";
    }

    /**
     * @param controlChannel {@code --control-channel}, or null.
     * @return the value.
     * @throws InputException when it is not an Aeron channel.
     */
    public static String controlChannel(final String controlChannel)
    {
        if (null != controlChannel && !controlChannel.startsWith(DaemonSettings.CHANNEL_PREFIX))
        {
            throw new InputException("--control-channel " + controlChannel + ": must start with " +
                DaemonSettings.CHANNEL_PREFIX);
        }
        return controlChannel;
    }

    /**
     * @param lead {@code --lead}, or null for the default.
     * @return the lead in nanoseconds.
     * @throws InputException when it is not a duration from 500 ms to 30 s.
     */
    public static long leadNs(final String lead)
    {
        if (null == lead)
        {
            return FleetShoot.FIRE_LEAD_NS;
        }
        final long parsedNs;
        try
        {
            parsedNs = ConfigLoader.parseDurationNs(lead);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException("--lead: " + ex.getMessage());
        }
        if (parsedNs < FleetShoot.MIN_LEAD_NS || parsedNs > FleetShoot.MAX_LEAD_NS)
        {
            throw new InputException("--lead " + lead + ": expected 500ms to 30s");
        }
        return parsedNs;
    }

    /**
     * @param wait {@code --preflight-wait}, or null for the default.
     * @return the preflight's wait in nanoseconds.
     * @throws InputException when it is not a duration from 100 ms to 30 s.
     */
    public static long preflightWaitNs(final String wait)
    {
        if (null == wait)
        {
            return FleetShoot.PREFLIGHT_TIMEOUT_NS;
        }
        final long parsedNs;
        try
        {
            parsedNs = ConfigLoader.parseDurationNs(wait);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException("--preflight-wait: " + ex.getMessage());
        }
        if (parsedNs < FleetShoot.MIN_PREFLIGHT_TIMEOUT_NS || parsedNs > FleetShoot.MAX_PREFLIGHT_TIMEOUT_NS)
        {
            throw new InputException("--preflight-wait " + wait + ": expected 100ms to 30s");
        }
        return parsedNs;
    }
}
