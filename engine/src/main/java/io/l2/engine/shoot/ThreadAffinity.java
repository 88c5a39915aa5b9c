/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Pins the calling thread to one CPU (Linux), so a busy-spinning shooter has a core to itself and nothing of its own
 * JVM is scheduled there in its place: on a shared core, any other thread that wakes (the aggregator, a compiler, the
 * GC) takes it for a scheduler slice, milliseconds of lag for every query due meanwhile. The rest of the process is
 * kept off that CPU from outside ({@code taskset -c}, systemd's {@code CPUAffinity=}), as an Aeron media driver is.
 * <p>
 * On JDK 22 or later the thread calls {@code sched_setaffinity(2)} itself through FFM ({@code FfmThreadAffinity},
 * loaded by name); on JDK 17 it asks {@code taskset -p -c CPU TID} (util-linux) for its own thread id, read from
 * {@code /proc/thread-self}. Either way once, when the thread starts: it allocates.
 */
public final class ThreadAffinity
{
    private static final String FFM_CLASS = "io.l2.engine.shoot.FfmThreadAffinity";
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final MethodHandle FFM_PIN;

    static
    {
        MethodHandle pin = null;
        if (Runtime.version().feature() >= 22 &&
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"))
        {
            try
            {
                final Class<?> type = Class.forName(FFM_CLASS);
                pin = MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findStatic(
                    type, "pinCurrentThread", MethodType.methodType(void.class, int.class));
            }
            catch (final ReflectiveOperationException | LinkageError | RuntimeException ex)
            {
                pin = null; // a build without the FFM part, or native access refused: taskset does it
            }
        }
        FFM_PIN = pin;
    }

    private ThreadAffinity()
    {
    }

    /**
     * @return how this JVM pins threads: {@code sched_setaffinity} (FFM) or {@code taskset}.
     */
    public static String method()
    {
        return null != FFM_PIN ? "sched_setaffinity" : "taskset";
    }

    /**
     * Pins the calling thread to one CPU.
     *
     * @param cpu the CPU, 0..{@link CpuList#MAX_CPU}.
     * @throws IllegalStateException with a one-line reason when the thread could not be pinned (a CPU that is
     *                               offline or outside the process's cpuset, no /proc, no taskset).
     */
    public static void pinCurrentThread(final int cpu)
    {
        if (cpu < 0 || cpu > CpuList.MAX_CPU)
        {
            throw new IllegalStateException("CPU " + cpu + " is not 0.." + CpuList.MAX_CPU);
        }
        if (null != FFM_PIN)
        {
            try
            {
                FFM_PIN.invokeExact(cpu);
                return;
            }
            catch (final IllegalStateException ex)
            {
                throw ex;
            }
            catch (final Throwable ex)
            {
                throw new IllegalStateException("cannot pin to CPU " + cpu + ": " + ex, ex);
            }
        }
        pinWithTaskset(cpu);
    }

    /**
     * @return the CPUs the calling thread may run on, as Linux lists them ({@code Cpus_allowed_list}), or null where
     * /proc cannot tell.
     */
    public static String currentThreadCpus()
    {
        try
        {
            for (final String line : Files.readAllLines(THREAD_SELF.resolve("status"), StandardCharsets.US_ASCII))
            {
                if (line.startsWith("Cpus_allowed_list:"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return null;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * @return the calling thread's id in the kernel (its TID), read from {@code /proc/thread-self}.
     * @throws IOException when /proc cannot tell.
     */
    static String currentThreadId() throws IOException
    {
        final String target = Files.readSymbolicLink(THREAD_SELF).toString();
        return target.substring(target.lastIndexOf('/') + 1);
    }

    private static void pinWithTaskset(final int cpu)
    {
        final String tid;
        try
        {
            tid = currentThreadId();
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException("cannot pin to CPU " + cpu + ": no /proc/thread-self to name this " +
                "thread (" + ex.getMessage() + ")", ex);
        }
        try
        {
            final Process taskset = new ProcessBuilder(List.of("taskset", "-p", "-c", Integer.toString(cpu), tid))
                .redirectErrorStream(true).start();
            final String output;
            try (InputStream in = taskset.getInputStream())
            {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!taskset.waitFor(10, TimeUnit.SECONDS))
            {
                taskset.destroyForcibly();
                throw new IllegalStateException("cannot pin to CPU " + cpu + ": taskset did not finish in 10 s");
            }
            if (0 != taskset.exitValue())
            {
                final String last = output.isEmpty() ? "exit " + taskset.exitValue() :
                    output.substring(output.lastIndexOf('\n') + 1);
                throw new IllegalStateException("cannot pin to CPU " + cpu + ": " + last);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot pin to CPU " + cpu + ": cannot run taskset (util-linux): " +
                ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cannot pin to CPU " + cpu + ": interrupted", ex);
        }
    }
}
