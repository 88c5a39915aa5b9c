/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.l2.engine.profile.RateProfileParser;
import io.l2.engine.record.ResultRecordDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DiskGuardTest
{
    private static final long MIB = 1 << 20;

    @TempDir
    Path tempDir;

    private final List<Path> looked = new ArrayList<>();
    private long usable;

    @Test
    void shouldStopUnderTwoBlocksAndTwoSecondsOfRecordsWhenTheDiskFills()
    {
        final DiskGuard guard = new DiskGuard(tempDir, 64 * MIB, 500, this::usable);
        final long margin = 2 * 64 * MIB + 2 * 500 * ResultRecordDescriptor.RECORD_LENGTH;
        assertEquals(margin, guard.marginLength());

        usable = margin;
        assertNull(guard.check());
        usable = margin - 1;
        assertEquals("disk full: " + tempDir + " has 128.0 MiB free, under the 128.0 MiB margin " +
            "(2 Chronicle blocks of 64.0 MiB + 2 s of records at 500/s)", guard.check());
        usable = 0;
        assertEquals("disk full: " + tempDir + " has 0 bytes free, under the 128.0 MiB margin " +
            "(2 Chronicle blocks of 64.0 MiB + 2 s of records at 500/s)", guard.check());
    }

    @Test
    void shouldLookAtMostOncePerIntervalWhenPolled()
    {
        final DiskGuard guard = new DiskGuard(tempDir, MIB, 0, this::usable);
        usable = 0;
        final long startNs = 123_456_789L;
        assertEquals("disk full", guard.poll(startNs).substring(0, 9), "the first poll looks");
        assertNull(guard.poll(startNs + DiskGuard.CHECK_INTERVAL_NS - 1), "not yet");
        assertEquals(1, looked.size());
        assertEquals("disk full", guard.poll(startNs + DiskGuard.CHECK_INTERVAL_NS).substring(0, 9));
        assertEquals(2, looked.size());
        usable = 2 * MIB;
        assertNull(guard.poll(startNs + 2 * DiskGuard.CHECK_INTERVAL_NS));
        assertEquals(3, looked.size());
    }

    @Test
    void shouldLookAtTheNearestExistingDirectoryWhenTheQueueIsNotMadeYet()
    {
        final DiskGuard guard = new DiskGuard(tempDir.resolve("20261125-173512-3f9a1c/host1"), MIB, 10, this::usable);
        usable = 0;
        assertEquals("disk full: " + tempDir + " has 0 bytes free, under the 2.0 MiB margin " +
            "(2 Chronicle blocks of 1.0 MiB + 2 s of records at 10/s)", guard.check());
        assertEquals(List.of(tempDir), looked);
    }

    @Test
    void shouldNotStopWhenTheFreeSpaceIsUnknown()
    {
        final DiskGuard guard = new DiskGuard(tempDir, MIB, 10, this::usable);
        usable = -1;
        assertNull(guard.check());
    }

    @Test
    void shouldReadTheRealFileSystemByDefault()
    {
        assertNull(new DiskGuard(tempDir, 1, 0).check(), "a temporary directory has 2 bytes free");
        assertEquals("disk full: " + tempDir + " has ", new DiskGuard(tempDir, Long.MAX_VALUE / 4, 0).check()
            .substring(0, 16 + tempDir.toString().length()));
    }

    @Test
    void shouldTakeTheBusiestSecondOfAProfile()
    {
        assertEquals(300, DiskGuard.peakPerSecond(RateProfileParser.parse("const(100,2s) const(300,1s) const(50,1s)")));
        assertEquals(0, DiskGuard.peakPerSecond(RateProfileParser.parse("const(0,3s)")));
        assertEquals(1500, DiskGuard.peakPerSecond(RateProfileParser.parse("const(1500,8s)")));
        assertThrows(IllegalArgumentException.class, () -> new DiskGuard(tempDir, 0, 1));
    }

    private long usable(final Path directory)
    {
        looked.add(directory);
        return usable;
    }
}
