package io.l2.engine.record;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test helper: bytes allocated on the calling thread by a piece of work, from
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}. An allocation check, not a timing check.
 */
public final class AllocationMeter
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter()
    {
    }

    /**
     * Skip the calling test when the JVM cannot count allocated bytes per thread.
     */
    public static void assumeSupported()
    {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported(), "per-thread allocation counting unsupported");
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    /**
     * Bytes the calling thread allocated while running the work.
     *
     * @param work to run on the calling thread.
     * @return bytes allocated.
     */
    public static long allocatedBytes(final Runnable work)
    {
        final long threadId = Thread.currentThread().getId();
        final long before = THREADS.getThreadAllocatedBytes(threadId);
        work.run();
        return THREADS.getThreadAllocatedBytes(threadId) - before;
    }
}
