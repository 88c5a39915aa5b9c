/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import io.l2.engine.profile.RateProfile;
import io.l2.engine.record.ResultRecordDescriptor;

/**
 * The free-space guard of a shoot's queue: Chronicle Queue memory-maps its files, and a write into a mapped page that
 * a full file system cannot back raises SIGBUS (a crash or an {@code InternalError}, never a clean error), so a shoot
 * must stop while there is still room, not when a write fails.
 * <p>
 * The margin is what the recorder may touch before the next look: {@link #MARGIN_BLOCK_COUNT} Chronicle blocks (the
 * block being written and the next one, its overlap being at most a block) plus {@link #MARGIN_SECOND_COUNT} seconds
 * of records at the profile's busiest second. {@link #check()} compares the usable space of the queue's file system
 * (the nearest existing directory of the queue's path) with it; {@link #poll(long)} does so at most once per
 * {@link #CHECK_INTERVAL_NS}. The reason given is one line, e.g.
 * {@code disk full: /var/lib/l2 has 2.0 MiB free, under the 128.1 MiB margin (2 Chronicle blocks of 64.0 MiB + 2 s
 * of records at 500/s)}.
 * <p>
 * A file system whose free space cannot be read (the look-up returns a negative count) is not stopped for. Not
 * thread-safe: one shoot thread.
 */
public final class DiskGuard
{
    /** The interval of {@link #poll(long)}'s looks, in ns. */
    public static final long CHECK_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    /** Blocks in the margin: the one being written and the next (an overlap is never more than a block). */
    public static final int MARGIN_BLOCK_COUNT = 2;

    /** Seconds of records in the margin: the interval between two looks, twice. */
    public static final int MARGIN_SECOND_COUNT = 2;

    private static final double MIB = 1024.0 * 1024.0;

    private final Path directory;
    private final long blockLength;
    private final long peakRecordsPerSecond;
    private final long marginLength;
    private final ToLongFunction<Path> usableSpace;
    private long nextCheckNs;
    private boolean checked;

    /**
     * A guard reading the file system's usable space ({@link java.nio.file.FileStore#getUsableSpace()}).
     *
     * @param directory            the queue's directory (need not exist yet).
     * @param blockLength          the Chronicle block the queue maps, bytes.
     * @param peakRecordsPerSecond the most records a second of the shoot writes.
     */
    public DiskGuard(final Path directory, final long blockLength, final long peakRecordsPerSecond)
    {
        this(directory, blockLength, peakRecordsPerSecond, DiskGuard::usableSpaceOf);
    }

    /**
     * A guard with its own look-up of the usable space (tests).
     *
     * @param directory            the queue's directory (need not exist yet).
     * @param blockLength          the Chronicle block the queue maps, bytes.
     * @param peakRecordsPerSecond the most records a second of the shoot writes.
     * @param usableSpace          bytes usable on the file system of an existing directory; negative when unknown.
     */
    public DiskGuard(
        final Path directory,
        final long blockLength,
        final long peakRecordsPerSecond,
        final ToLongFunction<Path> usableSpace)
    {
        if (blockLength <= 0 || peakRecordsPerSecond < 0)
        {
            throw new IllegalArgumentException("block " + blockLength + ", peak " + peakRecordsPerSecond);
        }
        this.directory = directory.toAbsolutePath().normalize();
        this.blockLength = blockLength;
        this.peakRecordsPerSecond = peakRecordsPerSecond;
        this.marginLength = MARGIN_BLOCK_COUNT * blockLength +
            MARGIN_SECOND_COUNT * peakRecordsPerSecond * ResultRecordDescriptor.RECORD_LENGTH;
        this.usableSpace = usableSpace;
    }

    /**
     * The most queries a profile intends in one second.
     *
     * @param profile the profile.
     * @return the count of its busiest second.
     */
    public static long peakPerSecond(final RateProfile profile)
    {
        final long secondNs = TimeUnit.SECONDS.toNanos(1);
        long peak = 0;
        for (long s = 0; s * secondNs < profile.durationNs(); s++)
        {
            peak = Math.max(peak, profile.countBefore((s + 1) * secondNs) - profile.countBefore(s * secondNs));
        }
        return peak;
    }

    /**
     * @return the free bytes the shoot needs, in bytes.
     */
    public long marginLength()
    {
        return marginLength;
    }

    /**
     * Looks at the free space now.
     *
     * @return null when there is room, else the one-line reason ({@code disk full: …}).
     */
    public String check()
    {
        final Path existing = nearestExisting(directory);
        final long usable = usableSpace.applyAsLong(existing);
        if (usable < 0 || usable >= marginLength)
        {
            return null;
        }
        return String.format(Locale.ROOT, "disk full: %s has %s free, under the %s margin (%d Chronicle blocks of " +
            "%s + %d s of records at %d/s)", existing, size(usable), size(marginLength), MARGIN_BLOCK_COUNT,
            size(blockLength), MARGIN_SECOND_COUNT, peakRecordsPerSecond);
    }

    /**
     * Looks at the free space when the first call or {@link #CHECK_INTERVAL_NS} after the last look.
     *
     * @param nowNs a monotonic clock, ns.
     * @return null when there is room or it is not time to look, else the one-line reason.
     */
    public String poll(final long nowNs)
    {
        if (checked && nowNs - nextCheckNs < 0)
        {
            return null;
        }
        checked = true;
        nextCheckNs = nowNs + CHECK_INTERVAL_NS;
        return check();
    }

    private static String size(final long bytes)
    {
        return bytes < 1024 * 1024 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
    }

    private static Path nearestExisting(final Path path)
    {
        Path candidate = path;
        while (null != candidate.getParent() && !Files.isDirectory(candidate))
        {
            candidate = candidate.getParent();
        }
        return candidate;
    }

    private static long usableSpaceOf(final Path directory)
    {
        try
        {
            return Files.getFileStore(directory).getUsableSpace();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }
}
