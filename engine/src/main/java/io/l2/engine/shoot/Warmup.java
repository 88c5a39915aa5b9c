/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.record.ResultSink;
import org.agrona.CloseHelper;

/**
 * Warms the shooter's code before a shoot, so the first seconds of the real profile are not spent interpreted: a
 * short, bounded shoot of the same ammo, with the same workers and mode, against an in-process reflector on
 * loopback (it answers every query with itself, QR set). Nothing leaves the host; results go to the sinks given (a
 * throwaway queue warms the recording path too), or nowhere.
 */
public final class Warmup
{
    /** Default rate of the warm-up shoot. */
    public static final long RATE_DEFAULT = 40_000;
    /** Default duration of the warm-up shoot. */
    public static final long DURATION_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(600);

    private static final long TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long END_GRACE_MS = 5_000;

    private Warmup()
    {
    }

    /**
     * Runs the warm-up shoot and waits for its end (at most the duration plus a few seconds).
     *
     * @param context    the real shoot's context: its ammo, workers, threads, mode and idle strategy are used.
     * @param rate       queries per second of the warm-up.
     * @param durationNs how long it lasts.
     * @return the number of queries the reflector answered.
     * @throws IOException when the loopback sockets cannot be opened.
     */
    public static long run(final ShooterContext context, final long rate, final long durationNs) throws IOException
    {
        return run(context, rate, durationNs, (t) -> ResultSink.DISCARD);
    }

    /**
     * Runs the warm-up shoot, recording into the sinks given, and waits for its end (at most the duration plus a few
     * seconds).
     *
     * @param context     the real shoot's context: its ammo, workers, threads, mode and idle strategy are used.
     * @param rate        queries per second of the warm-up.
     * @param durationNs  how long it lasts.
     * @param sinkFactory a sink per shooter thread for the warm-up's results (not the real shoot's queue).
     * @return the number of queries the reflector answered.
     * @throws IOException when the loopback sockets cannot be opened.
     */
    public static long run(
        final ShooterContext context,
        final long rate,
        final long durationNs,
        final IntFunction<ResultSink> sinkFactory) throws IOException
    {
        final AmmoTable ammo = context.ammo();
        final DatagramChannel reflector = DatagramChannel.open();
        final Thread thread;
        final long[] reflected = new long[1];
        try
        {
            reflector.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(() -> reflect(reflector, reflected), "l2-warmup-reflector");
            thread.setDaemon(true);
            thread.start();
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietClose(reflector);
            throw ex;
        }

        final ShooterContext warmup = new ShooterContext()
            .target((InetSocketAddress)reflector.getLocalAddress())
            .ammo(ammo)
            .ammoOffset(0)
            .profile(new RateProfileBuilder().constant(rate, durationNs).build())
            .workerCount(context.workerCount())
            .threadCount(context.threadCount())
            .sync(context.sync())
            .timeoutNs(TIMEOUT_NS)
            .idleStrategy(context.idleStrategy())
            .socketBufferLength(context.socketBufferLength())
            .threadFactory(context.threadFactory())
            .sinkFactory(sinkFactory);
        try (Shooter shooter = Shooter.launch(warmup))
        {
            final long deadlineMs = System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(durationNs) +
                END_GRACE_MS;
            while (!shooter.isDone() && System.currentTimeMillis() < deadlineMs)
            {
                sleep();
            }
            shooter.abort();
        }
        finally
        {
            CloseHelper.quietClose(reflector);
            join(thread);
        }
        return reflected[0];
    }

    private static void reflect(final DatagramChannel channel, final long[] reflected)
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
        try
        {
            while (true)
            {
                buffer.clear();
                final SocketAddress sender = channel.receive(buffer);
                buffer.flip();
                if (buffer.limit() > 2)
                {
                    buffer.put(2, (byte)(buffer.get(2) | 0x80));
                    channel.send(buffer, sender);
                    reflected[0]++;
                }
            }
        }
        catch (final ClosedChannelException ex)
        {
            // closed at the end of the warm-up
        }
        catch (final IOException ex)
        {
            // the warm-up only loses its answers
        }
    }

    private static void sleep()
    {
        try
        {
            Thread.sleep(10);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(final Thread thread)
    {
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
