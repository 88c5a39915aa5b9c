/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
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
    private static final byte[] THREAD_PREFIX = "l2-shooter".getBytes(StandardCharsets.US_ASCII);
    private static final long SAMPLE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long SCAN_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Map<Path, long[]> lastByTask = new HashMap<>();
    /**
     * The shooter threads' schedstat files, kept open and read again from 0 into {@link #buffer}: sampling allocates
     * next to nothing (reading each file anew made some 3 MB/s of garbage in the JVM whose shooter it watches).
     */
    private final Map<Path, FileChannel> shooterTasks = new HashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(256);
    private final long[] fields = new long[2];
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
            for (final Iterator<Map.Entry<Path, FileChannel>> it = shooterTasks.entrySet().iterator(); it.hasNext(); )
            {
                final Map.Entry<Path, FileChannel> task = it.next();
                if (readTwoNumbers(task.getValue()))
                {
                    record(task.getKey(), fields[0], fields[1], nowNs - lastSampleNs);
                }
                else
                {
                    closeQuietly(task.getValue());
                    it.remove();
                }
            }
            lastSampleNs = nowNs;
        }
        shooterTasks.values().forEach(ShooterThreadWatch::closeQuietly);
        shooterTasks.clear();
    }

    /**
     * Reads a {@code schedstat} ({@code CPU_NS WAIT_NS SLICES}) from its start into {@link #fields}.
     *
     * @return false when the thread is gone or the file says something else.
     */
    private boolean readTwoNumbers(final FileChannel channel)
    {
        try
        {
            buffer.clear();
            final int length = channel.read(buffer, 0);
            int i = 0;
            for (int f = 0; f < fields.length; f++)
            {
                long value = 0;
                int digits = 0;
                while (i < length && buffer.get(i) >= '0' && buffer.get(i) <= '9')
                {
                    value = value * 10 + (buffer.get(i++) - '0');
                    digits++;
                }
                if (0 == digits || i >= length || buffer.get(i++) != ' ')
                {
                    return false;
                }
                fields[f] = value;
            }
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
    }

    private boolean isShooter(final Path task)
    {
        try (FileChannel comm = FileChannel.open(task.resolve("comm")))
        {
            buffer.clear();
            final int length = comm.read(buffer, 0);
            if (length < THREAD_PREFIX.length)
            {
                return false;
            }
            for (int i = 0; i < THREAD_PREFIX.length; i++)
            {
                if (buffer.get(i) != THREAD_PREFIX[i])
                {
                    return false;
                }
            }
            return true;
        }
        catch (final IOException ex)
        {
            return false; // the thread ended meanwhile
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            // a /proc file: nothing to flush
        }
    }

    private void scanTasks()
    {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS))
        {
            for (final Path task : tasks)
            {
                if (shooterTasks.containsKey(task) || !isShooter(task))
                {
                    continue;
                }
                try
                {
                    shooterTasks.put(task, FileChannel.open(task.resolve("schedstat")));
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

    private synchronized void record(final Path tid, final long cpuNs, final long waitNs, final long intervalNs)
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
