/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;

/**
 * Brings a queue's file into the page cache ahead of its writer, on the thread that calls it (not the shooter's).
 * <p>
 * Chronicle maps the queue's file, which is sparse: the first write into an untouched part faults, and the kernel
 * then reads ahead around it and zero-fills a large folio, on the writing thread. Measured on the 2-core VM this is
 * developed on: the shooter stalled 10 to 30 ms every second or two at 100k queries/s (ext4, kernel 6.18; perf showed
 * {@code zero_user_segments < ext4_mpage_readpages < page_cache_ra_order} under the shooter's store). Reading the file
 * with {@code pread} first puts those zero pages in the page cache, so the writer's faults only map them (80 MiB in
 * about 13 ms here). Chronicle's own pretoucher is not in its open-source edition.
 * <p>
 * The newest cycle file is followed: the directory is listed again when the queue's last cycle changes (the hour
 * rolled), looked at every {@link #RESCAN_NS}; as Chronicle grows the file block by block ahead of its writer, the
 * new part is read too.
 * Only reads: nothing in the queue changes, and what the writer wrote already is read from the cache. An error
 * (a file removed or unreadable) only stops the pretouching until the next rescan.
 * <p>
 * Not thread-safe: one caller thread.
 */
public final class QueuePretoucher implements AutoCloseable
{
    /** How often the directory is looked at again for a newer cycle file. */
    public static final long RESCAN_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final int READ_LENGTH = 256 << 10;
    private static final String CYCLE_FILE_SUFFIX = ".cq4";

    private final ResultQueue queue;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(READ_LENGTH);
    private Path file;
    private FileChannel channel;
    private long touchedTo;
    private long scannedNs;
    private boolean scanned;
    private int cycle;

    /**
     * @param queue the queue written to.
     */
    public QueuePretoucher(final ResultQueue queue)
    {
        this.queue = queue;
    }

    /**
     * Reads at most {@code maxBytes} more of the current cycle file, from where the last call stopped.
     *
     * @param nowNs    now, on any monotonic ns clock (for the rescans).
     * @param maxBytes the most to read in this call (bounds the call's time).
     * @return bytes read in this call.
     */
    public long poll(final long nowNs, final long maxBytes)
    {
        if (!scanned || nowNs - scannedNs >= RESCAN_NS)
        {
            scannedNs = nowNs;
            final int lastCycle = queue.lastCycle();
            if (!scanned || lastCycle != cycle || null == channel)
            {
                scanned = true;
                cycle = lastCycle;
                rescan();
            }
        }
        if (null == channel)
        {
            return 0;
        }

        long touched = 0;
        try
        {
            final long size = channel.size();
            while (touchedTo < size && touched < maxBytes)
            {
                buffer.clear().limit((int)Math.min(READ_LENGTH, Math.min(size - touchedTo, maxBytes - touched)));
                final int read = channel.read(buffer, touchedTo);
                if (read <= 0)
                {
                    break;
                }
                touchedTo += read;
                touched += read;
            }
        }
        catch (final IOException ex)
        {
            closeFile();
        }
        return touched;
    }

    /**
     * @return the cycle file followed now, or null.
     */
    public Path file()
    {
        return file;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        closeFile();
    }

    private void rescan()
    {
        final Path newest = newestCycleFile();
        if (null == newest || newest.equals(file))
        {
            return;
        }
        closeFile();
        try
        {
            channel = FileChannel.open(newest, StandardOpenOption.READ);
            file = newest;
            touchedTo = 0;
        }
        catch (final IOException ex)
        {
            channel = null;
        }
    }

    private Path newestCycleFile()
    {
        final String[] names = queue.directory().toFile().list();
        String newest = null;
        if (null != names)
        {
            for (final String name : names)
            {
                // cycle files are named by their time (yyyyMMdd-HH'F'), so the newest sorts last
                if (name.endsWith(CYCLE_FILE_SUFFIX) && (null == newest || name.compareTo(newest) > 0))
                {
                    newest = name;
                }
            }
        }
        return null == newest ? null : queue.directory().resolve(newest);
    }

    private void closeFile()
    {
        CloseHelper.quietClose(channel);
        channel = null;
        file = null;
        touchedTo = 0;
    }
}
