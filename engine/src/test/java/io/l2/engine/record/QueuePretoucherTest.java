/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class QueuePretoucherTest
{
    private static final long HOUR_MS = TimeUnit.HOURS.toMillis(1);
    private static final long BLOCK_LENGTH = 1 << 20;

    @TempDir
    Path directory;

    @Test
    void shouldReadTheWholeCycleFileOnceAndThenNothingUntilItGrows() throws IOException
    {
        final CachedEpochClock clock = clockAt(HOUR_MS * 500_000);
        try (ResultQueue queue = ResultQueue.open(directory, clock, BLOCK_LENGTH);
            QueuePretoucher pretoucher = new QueuePretoucher(queue))
        {
            queue.prepareForWrites();
            final Path file = newestCycleFile();

            final long touched = pretoucher.poll(0, Long.MAX_VALUE);

            assertEquals(Files.size(file), touched, "every byte of " + file);
            assertEquals(file, pretoucher.file());
            assertEquals(0, pretoucher.poll(1, Long.MAX_VALUE), "nothing new");
        }
    }

    @Test
    void shouldReadNoMoreThanAskedPerCall() throws IOException
    {
        try (ResultQueue queue = ResultQueue.open(directory, clockAt(HOUR_MS * 500_000), BLOCK_LENGTH);
            QueuePretoucher pretoucher = new QueuePretoucher(queue))
        {
            queue.prepareForWrites();
            final long size = Files.size(newestCycleFile());

            long total = 0;
            int calls = 0;
            for (long read; (read = pretoucher.poll(calls, 100_000)) > 0; calls++)
            {
                assertEquals(Math.min(100_000, size - total), read);
                total += read;
            }

            assertEquals(size, total);
            assertEquals((size + 99_999) / 100_000, calls);
        }
    }

    @Test
    void shouldFollowTheNewCycleFileWhenTheHourRolls() throws IOException
    {
        final CachedEpochClock clock = clockAt(HOUR_MS * 500_000);
        try (ResultQueue queue = ResultQueue.open(directory, clock, BLOCK_LENGTH);
            QueuePretoucher pretoucher = new QueuePretoucher(queue))
        {
            queue.prepareForWrites();
            pretoucher.poll(0, Long.MAX_VALUE);
            final Path first = pretoucher.file();

            clock.advance(HOUR_MS);
            queue.prepareForWrites();
            assertEquals(0, pretoucher.poll(1, Long.MAX_VALUE), "not looked again before the rescan interval");
            final long touched = pretoucher.poll(1 + QueuePretoucher.RESCAN_NS, Long.MAX_VALUE);

            final Path second = newestCycleFile();
            assertNotEquals(first, second);
            assertEquals(second, pretoucher.file());
            assertEquals(Files.size(second), touched);
        }
    }

    @Test
    void shouldTouchNothingAndNotFailWhenThereIsNoCycleFile() throws IOException
    {
        try (ResultQueue queue = ResultQueue.open(directory, clockAt(HOUR_MS * 500_000), BLOCK_LENGTH);
            QueuePretoucher pretoucher = new QueuePretoucher(queue))
        {
            assertEquals(0, pretoucher.poll(0, Long.MAX_VALUE));
            assertNull(pretoucher.file());
        }
    }

    private static CachedEpochClock clockAt(final long epochMs)
    {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(epochMs);
        return clock;
    }

    private Path newestCycleFile() throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter((path) -> path.toString().endsWith(".cq4")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }
}
