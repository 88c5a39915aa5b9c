/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.DatagramChannel;
import java.util.Locale;

/**
 * Chooses a shooter's datagram I/O. The batched one ({@code MmsgDatagramIo}, FFM) is compiled for JDK 22 into the
 * same jar and loaded by name only where it can run: JDK 22 or later, on Linux, x86-64 or aarch64. Anywhere else, or
 * when its native calls are refused, {@link IoMode#AUTO} falls back to NIO and {@link IoMode#MMSG} is refused with
 * the reason. The check runs once per JVM.
 */
public final class DatagramIos
{
    private static final String MMSG_CLASS = "io.l2.engine.shoot.MmsgDatagramIo";
    private static final MethodHandle MMSG_CONSTRUCTOR;
    private static final String MMSG_UNAVAILABLE;

    static
    {
        MethodHandle constructor = null;
        String unavailable = null;
        final int feature = Runtime.version().feature();
        final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        final String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (feature < 22)
        {
            unavailable = "needs JDK 22 or later (this is JDK " + feature + ")";
        }
        else if (!os.startsWith("linux") || !("amd64".equals(arch) || "x86_64".equals(arch) || "aarch64".equals(arch)))
        {
            unavailable = "needs Linux on x86-64 or aarch64 (this is " + os + " " + arch + ")";
        }
        else
        {
            try
            {
                final Class<?> type = Class.forName(MMSG_CLASS);
                constructor = MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findConstructor(
                    type, MethodType.methodType(void.class, DatagramChannel.class, int.class));
            }
            catch (final ClassNotFoundException ex)
            {
                unavailable = "this build of l2 has no FFM part (it was built without a JDK 22+ compiler)";
            }
            catch (final ReflectiveOperationException | LinkageError | RuntimeException ex)
            {
                unavailable = "the FFM part cannot load: " + oneLine(ex);
            }
        }
        MMSG_CONSTRUCTOR = constructor;
        MMSG_UNAVAILABLE = unavailable;
    }

    private DatagramIos()
    {
    }

    /**
     * @return null when {@link IoMode#MMSG} can run in this JVM, else why not (one line).
     */
    public static String mmsgUnavailableReason()
    {
        return MMSG_UNAVAILABLE;
    }

    /**
     * @param requested what the shoot asked for.
     * @return the mode a shooter will use: {@link IoMode#AUTO} resolved to what this JVM has.
     * @throws IllegalArgumentException when {@link IoMode#MMSG} was asked for and cannot run here, with the reason.
     */
    public static IoMode resolve(final IoMode requested)
    {
        switch (requested)
        {
            case AUTO:
                return null == MMSG_UNAVAILABLE ? IoMode.MMSG : IoMode.NIO;
            case MMSG:
                if (null != MMSG_UNAVAILABLE)
                {
                    throw new IllegalArgumentException("io mmsg is not available: " + MMSG_UNAVAILABLE);
                }
                return IoMode.MMSG;
            default:
                return IoMode.NIO;
        }
    }

    /**
     * @param mode           a mode {@link #resolve(IoMode) resolved} in this JVM.
     * @param channel        connected, non-blocking; owned by the result from here on.
     * @param sendSlotLength room for the longest query, bytes.
     * @return the socket's I/O.
     * @throws IllegalStateException when the batched I/O cannot be made for this socket (the channel is closed).
     */
    static DatagramIo open(final IoMode mode, final DatagramChannel channel, final int sendSlotLength)
    {
        if (IoMode.NIO == resolve(mode))
        {
            return new NioDatagramIo(channel, sendSlotLength);
        }
        try
        {
            return (DatagramIo)MMSG_CONSTRUCTOR.invoke(channel, sendSlotLength);
        }
        catch (final Throwable ex)
        {
            org.agrona.CloseHelper.quietClose(channel);
            throw new IllegalStateException("io mmsg: " + oneLine(ex), ex);
        }
    }

    private static String oneLine(final Throwable ex)
    {
        final Throwable cause = ex instanceof ExceptionInInitializerError && null != ex.getCause() ? ex.getCause() : ex;
        final String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (null == message ? "" : ": " + message.replace('\n', ' '));
    }
}
