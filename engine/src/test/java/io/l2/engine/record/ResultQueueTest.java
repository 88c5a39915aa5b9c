package io.l2.engine.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.openhft.chronicle.core.io.AbstractCloseable;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultQueueTest
{
    private static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long HOUR_MS = 3_600_000L;

    /**
     * Chronicle's JVM-wide daemon threads, started once on first use and shared by every queue: not leaks.
     */
    private static final List<String> JVM_WIDE_CHRONICLE_THREADS =
        List.of("background~resource~releaser", "disk~space~checker");

    @TempDir
    Path tempDir;

    private final CachedEpochClock clock = new CachedEpochClock();

    @Test
    void shouldTellTheMappedBlockBeforeOpeningAndKeepTheOverlapWithinABlock()
    {
        for (final long requested : new long[]{ResultQueue.DEFAULT_BLOCK_LENGTH, 1 << 20, 64 << 20})
        {
            final Path dir = tempDir.resolve("q" + requested);
            final long predicted = ResultQueue.mappedBlockLength(requested);
            assertFalse(Files.exists(dir), "computed without touching the disk");
            try (ResultQueue queue = ResultQueue.open(dir, clock, requested))
            {
                assertEquals(predicted, queue.blockLength(), "block of " + requested);
                assertTrue(queue.overlapLength() > 0 && queue.overlapLength() <= queue.blockLength(),
                    "overlap " + queue.overlapLength() + " within block " + queue.blockLength());
                if (ResultQueue.DEFAULT_BLOCK_LENGTH != requested)
                {
                    assertEquals(requested, queue.blockLength());
                }
            }
        }
    }

    @Test
    void shouldRollToANewFileEachHourOfTheClockAndReadAcrossFiles() throws IOException
    {
        clock.update(START_MS);
        final Path dir = tempDir.resolve("q");
        try (ResultQueue queue = ResultQueue.open(dir, clock); ResultRecorder recorder = queue.createRecorder())
        {
            recorder.append(1, 1, 2, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0);
            clock.advance(HOUR_MS);
            recorder.append(2, 2, 3, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0);
            clock.advance(30 * 60_000L);
            recorder.append(3, 3, 4, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0);

            final UnsafeBuffer copy = new UnsafeBuffer(new byte[RECORD_LENGTH]);
            final ResultRecordFlyweight record = new ResultRecordFlyweight().wrapForRead(copy, 0);
            try (ExcerptTailer tailer = queue.createTailer())
            {
                for (long expected = 1; expected <= 3; expected++)
                {
                    assertTrue(ResultRecorderTest.readNext(tailer, copy));
                    assertEquals(expected, record.intendedNs());
                }
                assertFalse(ResultRecorderTest.readNext(tailer, copy));
            }
        }

        try (Stream<Path> files = Files.list(dir))
        {
            final List<String> cycles = files.map(p -> p.getFileName().toString())
                .filter(name -> name.endsWith(".cq4")).sorted().collect(Collectors.toList());
            assertEquals(List.of("20260101-00F.cq4", "20260101-01F.cq4"), cycles);
        }
    }

    @Test
    void shouldLeaveNoThreadsNoOpenResourcesAndNothingInTheHomeDirectoryWhenClosed() throws IOException
    {
        assertEquals("true", System.getProperty("chronicle.analytics.disable"),
            "Chronicle analytics must be disabled (surefire argLine / system property)");
        final long startMs = System.currentTimeMillis() - 2_000;
        final Set<Thread> threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
        AbstractCloseable.enableCloseableTracing();
        try
        {
            clock.update(START_MS);
            try (ResultQueue queue = ResultQueue.open(tempDir.resolve("q"), clock))
            {
                try (ResultRecorder recorder = queue.createRecorder())
                {
                    for (int i = 0; i < 1000; i++)
                    {
                        recorder.append(i, i, i + 1, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0);
                    }
                }
                final UnsafeBuffer copy = new UnsafeBuffer(new byte[RECORD_LENGTH]);
                try (ExcerptTailer tailer = queue.createTailer())
                {
                    int count = 0;
                    while (ResultRecorderTest.readNext(tailer, copy))
                    {
                        count++;
                    }
                    assertEquals(1000, count);
                }
                assertFalse(queue.isClosed());
            }
            try (ResultQueue queue = ResultQueue.openReadOnly(tempDir.resolve("q"));
                ExcerptTailer tailer = queue.createTailer())
            {
                assertTrue(ResultRecorderTest.readNext(tailer, new UnsafeBuffer(new byte[RECORD_LENGTH])));
            }

            BackgroundResourceReleaser.releasePendingResources();
            AbstractCloseable.assertCloseablesClosed();
        }
        finally
        {
            AbstractCloseable.disableCloseableTracing();
        }

        final List<String> leaked = Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .filter(thread -> !threadsBefore.contains(thread))
            .filter(thread -> !isJvmWideChronicleDaemon(thread))
            .filter(thread -> !isJdkSystemThread(thread))
            .map(thread -> thread.getName() + (thread.isDaemon() ? " (daemon)" : ""))
            .collect(Collectors.toList());
        assertEquals(List.of(), leaked, "threads left running after every queue was closed");

        final Path home = Path.of(System.getProperty("user.home"));
        try (Stream<Path> entries = Files.list(home))
        {
            final List<String> written = entries
                .filter(path -> path.getFileName().toString().toLowerCase().contains("chronicle"))
                .filter(path -> modifiedSince(path, startMs))
                .map(Path::toString)
                .collect(Collectors.toList());
            assertEquals(List.of(), written, "Chronicle wrote into the home directory");
        }
    }

    private static boolean isJdkSystemThread(final Thread thread)
    {
        // e.g. the JDK's "process reaper", started when anything in the JVM runs a process, kept by the JDK (in the
        // system group up to JDK 21; JDK 25 starts it as an innocuous thread of another group, so its name counts)
        final ThreadGroup group = thread.getThreadGroup();
        return thread.isDaemon() && ((null != group && "system".equals(group.getName())) ||
            thread.getName().startsWith("process reaper"));
    }

    private static boolean isJvmWideChronicleDaemon(final Thread thread)
    {
        if (!thread.isDaemon())
        {
            return false;
        }
        for (final String name : JVM_WIDE_CHRONICLE_THREADS)
        {
            if (thread.getName().endsWith(name))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean modifiedSince(final Path path, final long sinceMs)
    {
        try
        {
            final FileTime modified = Files.getLastModifiedTime(path);
            return modified.toMillis() >= sinceMs;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
