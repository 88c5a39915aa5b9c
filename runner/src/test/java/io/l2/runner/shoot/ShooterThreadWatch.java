/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the shooter's threads ({@code l2-shooter-*}) of this JVM from the kernel's side while a shoot runs, to
 * tell a shooter that fell behind by itself from one the operating system kept off the CPU: every 5 ms it reads
 * {@code /proc/self/task/TID/schedstat} (time on a CPU, time waiting on a run queue) of the threads it found (it
 * looks for new ones every 200 ms). A diagnostic for
 * failure messages, never asserted on. Linux only; elsewhere it reports that it saw nothing. Started and stopped
 * by the test thread; samples on its own daemon thread.
 */
final class ShooterThreadWatch implements AutoCloseable
{
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final String THREAD_PREFIX = "l2-shooter";
    private static final long SAMPLE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long SCAN_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Map<String, long[]> lastByTask = new HashMap<>();
    private final Set<Path> shooterTasks = new HashSet<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private long onCpuNs;
    private long waitingNs;
    private long longestWaitNs;
    private long longestWaitIntervalNs;

    private ShooterThreadWatch()
    {
        sampler = new Thread(this::sample, "l2-test-shooter-watch");
        sampler.setDaemon(true);
    }

    /**
     * @return a watch, sampling from now until {@link #close()}.
     */
    static ShooterThreadWatch start()
    {
        final ShooterThreadWatch watch = new ShooterThreadWatch();
        watch.sampler.start();
        return watch;
    }

    /**
     * Stops sampling (idempotent).
     */
    public void close()
    {
        running = false;
        try
        {
            sampler.join(TimeUnit.SECONDS.toMillis(1));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return what the kernel says about the shooter threads, one line.
     */
    @Override
    public synchronized String toString()
    {
        if (lastByTask.isEmpty())
        {
            return "shooter threads: not seen (no /proc/self/task, or the shoot ended before a sample)";
        }
        return String.format(Locale.ROOT,
            "shooter threads (kernel schedstat): %.1f ms on a CPU, %.1f ms runnable but waiting for a CPU; " +
            "longest wait seen %.1f ms within %.1f ms",
            onCpuNs / 1e6, waitingNs / 1e6, longestWaitNs / 1e6, longestWaitIntervalNs / 1e6);
    }

    private void sample()
    {
        long lastSampleNs = System.nanoTime();
        long lastScanNs = lastSampleNs - SCAN_INTERVAL_NS;
        while (running)
        {
            LockSupport.parkNanos(SAMPLE_INTERVAL_NS);
            final long nowNs = System.nanoTime();
            if (nowNs - lastScanNs >= SCAN_INTERVAL_NS)
            {
                scanTasks();
                lastScanNs = nowNs;
            }
            for (final Iterator<Path> it = shooterTasks.iterator(); it.hasNext(); )
            {
                final Path task = it.next();
                try
                {
                    final String[] stat =
                        Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII).trim().split(" ");
                    record(task.getFileName().toString(), Long.parseLong(stat[0]), Long.parseLong(stat[1]),
                        nowNs - lastSampleNs);
                }
                catch (final IOException | RuntimeException ex)
                {
                    it.remove();
                }
            }
            lastSampleNs = nowNs;
        }
    }

    private void scanTasks()
    {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS))
        {
            for (final Path task : tasks)
            {
                if (shooterTasks.contains(task))
                {
                    continue;
                }
                try
                {
                    if (Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).startsWith(THREAD_PREFIX))
                    {
                        shooterTasks.add(task);
                    }
                }
                catch (final IOException ex)
                {
                    // the thread ended meanwhile
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            running = false;
        }
    }

    private synchronized void record(final String tid, final long cpuNs, final long waitNs, final long intervalNs)
    {
        final long[] last = lastByTask.get(tid);
        if (null == last)
        {
            lastByTask.put(tid, new long[] { cpuNs, waitNs });
            onCpuNs += cpuNs;
            waitingNs += waitNs;
            return;
        }
        final long waitDeltaNs = waitNs - last[1];
        onCpuNs += cpuNs - last[0];
        waitingNs += waitDeltaNs;
        if (waitDeltaNs > longestWaitNs)
        {
            longestWaitNs = waitDeltaNs;
            longestWaitIntervalNs = intervalNs;
        }
        last[0] = cpuNs;
        last[1] = waitNs;
    }
}
