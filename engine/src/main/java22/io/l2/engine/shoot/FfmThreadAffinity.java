/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@link ThreadAffinity} through {@code sched_setaffinity(2)} called with FFM (JDK 22+, Linux): pid 0 is the calling
 * thread. Compiled with {@code --release 22}; loaded by name only on a JVM that can run it.
 */
final class FfmThreadAffinity
{
    private static final int EINVAL = 22;
    private static final int EPERM = 1;
    // a cpu_set_t of CpuList.MAX_CPU + 1 bits
    private static final long MASK_LENGTH = (CpuList.MAX_CPU + 1) / 8;
    private static final MethodHandle SCHED_SETAFFINITY;
    private static final long ERRNO_OFFSET;
    private static final MemoryLayout CAPTURE;

    static
    {
        final Linker linker = Linker.nativeLinker();
        CAPTURE = Linker.Option.captureStateLayout();
        ERRNO_OFFSET = CAPTURE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
        // int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask)
        SCHED_SETAFFINITY = linker.downcallHandle(
            linker.defaultLookup().find("sched_setaffinity").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                ValueLayout.ADDRESS),
            Linker.Option.captureCallState("errno"));
    }

    private FfmThreadAffinity()
    {
    }

    static void pinCurrentThread(final int cpu) throws Throwable
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mask = arena.allocate(MASK_LENGTH, 8);
            mask.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte)(1 << (cpu % 8)));
            final MemorySegment errno = arena.allocate(CAPTURE);
            final int result = (int)SCHED_SETAFFINITY.invokeExact(errno, 0, MASK_LENGTH, mask);
            if (0 != result)
            {
                final int error = errno.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
                throw new IllegalStateException("cannot pin to CPU " + cpu + ": sched_setaffinity: " +
                    (EINVAL == error ? "CPU " + cpu + " is offline or outside this process's cpuset" :
                    EPERM == error ? "not permitted" : "errno " + error));
            }
        }
    }
}
