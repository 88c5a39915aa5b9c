package io.l2.engine.record;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultRecorderTest
{
    private static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @TempDir
    Path tempDir;

    private final CachedEpochClock clock = new CachedEpochClock();

    @Test
    void shouldWriteOneRawRecordPerDocumentWhenAppendingFields()
    {
        clock.update(START_MS);
        try (ResultQueue queue = ResultQueue.open(tempDir.resolve("q"), clock);
            ResultRecorder recorder = queue.createRecorder())
        {
            recorder.append(10, 11, 12, 1, 2, 28, 3, ResultRecordDescriptor.FLAG_TC, Outcome.ANSWERED, 4, 5, 6);
            recorder.append(20, -1, -1, 7, 8, 1, 0, 0, Outcome.DISCARDED, 0, 0, 9);
            assertEquals(2, recorder.appendedCount());

            try (ExcerptTailer tailer = queue.createTailer())
            {
                final ResultRecordFlyweight record = new ResultRecordFlyweight();
                final UnsafeBuffer copy = new UnsafeBuffer(new byte[RECORD_LENGTH]);

                assertTrue(readNext(tailer, copy));
                record.wrapForRead(copy, 0);
                assertEquals(10, record.intendedNs());
                assertEquals(11, record.sentNs());
                assertEquals(12, record.receivedNs());
                assertEquals(1, record.worker());
                assertEquals(2, record.ammoIndex());
                assertEquals(28, record.qtype());
                assertEquals(3, record.rcode());
                assertEquals(ResultRecordDescriptor.FLAG_TC, record.flags());
                assertEquals(Outcome.ANSWERED, record.outcome());
                assertEquals(4, record.answerCount());
                assertEquals(5, record.responseLength());
                assertEquals(6, record.queryId());
                assertEquals(ResultRecordDescriptor.VERSION, record.version());

                assertTrue(readNext(tailer, copy));
                assertEquals(20, record.intendedNs());
                assertEquals(-1, record.sentNs());
                assertEquals(Outcome.DISCARDED, record.outcome());
                assertEquals(9, record.queryId());

                assertFalse(readNext(tailer, copy));
            }
        }
    }

    @Test
    void shouldWriteStagedRecordsAsOneDocumentWhenFlushed()
    {
        clock.update(START_MS);
        try (ResultQueue queue = ResultQueue.open(tempDir.resolve("q"), clock);
            ResultRecorder recorder = new ResultRecorder(queue.createAppender(), 4);
            ExcerptTailer tailer = queue.createTailer())
        {
            for (int i = 0; i < 3; i++)
            {
                assertTrue(recorder.record(100 + i, 200 + i, 300 + i, i, i, 1, 0, 0, Outcome.ANSWERED, 1, 60, i));
            }
            assertEquals(3, recorder.stagedCount());
            assertEquals(0, recorder.appendedCount());
            assertEquals(0, documentLengths(tailer).length, "nothing written before the flush");

            recorder.flush();
            recorder.flush();
            assertEquals(0, recorder.stagedCount());
            assertEquals(3, recorder.appendedCount());

            // a full stage flushes by itself; append() writes what is staged first, keeping the order
            for (int i = 3; i < 8; i++)
            {
                recorder.record(100 + i, 200 + i, 300 + i, i, i, 1, 0, 0, Outcome.ANSWERED, 1, 60, i);
            }
            recorder.append(108, -1, -1, 8, 8, 1, 0, 0, Outcome.DISCARDED, 0, 0, 8);
            assertEquals(9, recorder.appendedCount());

            try (ExcerptTailer again = queue.createTailer())
            {
                assertArrayEquals(new long[] { 3 * RECORD_LENGTH, 4 * RECORD_LENGTH, RECORD_LENGTH, RECORD_LENGTH },
                    documentLengths(again));
            }
            try (ExcerptTailer again = queue.createTailer())
            {
                final UnsafeBuffer all = new UnsafeBuffer(new byte[9 * RECORD_LENGTH]);
                int offset = 0;
                while (true)
                {
                    try (DocumentContext dc = again.readingDocument())
                    {
                        if (!dc.isPresent())
                        {
                            break;
                        }
                        final Bytes<?> bytes = dc.wire().bytes();
                        while (bytes.readRemaining() > 0)
                        {
                            all.putByte(offset++, bytes.readByte());
                        }
                    }
                }
                final ResultRecordFlyweight record = new ResultRecordFlyweight();
                for (int i = 0; i < 9; i++)
                {
                    record.wrapForRead(all, i * RECORD_LENGTH);
                    assertEquals(100 + i, record.intendedNs(), "record " + i + " in order");
                    assertEquals(i, record.queryId());
                }
            }
        }
    }

    @Test
    void shouldWriteWhatIsStagedWhenClosed()
    {
        clock.update(START_MS);
        try (ResultQueue queue = ResultQueue.open(tempDir.resolve("q"), clock))
        {
            try (ResultRecorder recorder = queue.createRecorder())
            {
                recorder.record(1, 2, 3, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0);
                recorder.record(4, 5, 6, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 1);
            }
            try (ExcerptTailer tailer = queue.createTailer())
            {
                assertArrayEquals(new long[] { 2 * RECORD_LENGTH }, documentLengths(tailer));
            }
        }
    }

    @Test
    void shouldRefuseABatchOfNoRecords()
    {
        assertThrows(IllegalArgumentException.class, () -> new ResultRecorder(null, 0));
    }

    @Test
    void shouldCopyRecordsFromHeapAndOffHeapBuffers()
    {
        clock.update(START_MS);
        final UnsafeBuffer heap = new UnsafeBuffer(new byte[RECORD_LENGTH + 3]);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(RECORD_LENGTH + 5));
        new ResultRecordFlyweight().wrap(heap, 3).set(1, 2, 3, 4, 5, 6, 7, 0, Outcome.TIMEOUT, 8, 9, 10);
        new ResultRecordFlyweight().wrap(direct, 5).set(11, 12, 13, 14, 15, 16, 17, 0, Outcome.MALFORMED, 1, 2, 3);

        try (ResultQueue queue = ResultQueue.open(tempDir.resolve("q"), clock);
            ResultRecorder recorder = queue.createRecorder())
        {
            recorder.append(heap, 3);
            recorder.append(direct, 5);

            try (ExcerptTailer tailer = queue.createTailer())
            {
                final UnsafeBuffer copy = new UnsafeBuffer(new byte[RECORD_LENGTH]);
                assertTrue(readNext(tailer, copy));
                assertEquals(0, copy.compareTo(new UnsafeBuffer(heap, 3, RECORD_LENGTH)));
                assertTrue(readNext(tailer, copy));
                assertEquals(0, copy.compareTo(new UnsafeBuffer(direct, 5, RECORD_LENGTH)));
                assertFalse(readNext(tailer, copy));
            }
        }
    }

    @Test
    void shouldNotAllocateWhenAppendingInSteadyState()
    {
        AllocationMeter.assumeSupported();
        clock.update(START_MS);
        final int count = 100_000;
        try (ResultQueue queue = ResultQueue.open(tempDir.resolve("q"), clock);
            ResultRecorder recorder = queue.createRecorder())
        {
            final Runnable appendFields = () ->
            {
                for (int i = 0; i < count; i++)
                {
                    recorder.append(i, i + 1, i + 2, i & 7, i, 1, i & 15, 0, Outcome.ANSWERED, 1, 64, i & 0xFFFF);
                }
            };
            final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(RECORD_LENGTH));
            final ResultRecordFlyweight record = new ResultRecordFlyweight().wrap(source, 0);
            final Runnable appendCopies = () ->
            {
                for (int i = 0; i < count; i++)
                {
                    record.intendedNs(i);
                    recorder.append(source, 0);
                }
            };

            appendFields.run();
            appendCopies.run();
            final long fieldsBytes = AllocationMeter.allocatedBytes(appendFields);
            final long copiesBytes = AllocationMeter.allocatedBytes(appendCopies);

            assertTrue(fieldsBytes < count, "append(fields) allocated " + fieldsBytes + " bytes for " + count);
            assertTrue(copiesBytes < count, "append(buffer) allocated " + copiesBytes + " bytes for " + count);
            assertEquals(4L * count, recorder.appendedCount());
        }
    }

    @Test
    void shouldRefuseAppendersWhenOpenedReadOnly()
    {
        clock.update(START_MS);
        final Path dir = tempDir.resolve("q");
        try (ResultQueue queue = ResultQueue.open(dir, clock); ResultRecorder recorder = queue.createRecorder())
        {
            recorder.append(1, 2, 3, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0);
        }

        try (ResultQueue queue = ResultQueue.openReadOnly(dir))
        {
            assertTrue(queue.isReadOnly());
            final IllegalStateException ex = assertThrows(IllegalStateException.class, queue::createAppender);
            assertTrue(ex.getMessage().contains(dir.toString()), ex.getMessage());
        }
    }

    @Test
    void shouldNameTheDirectoryWhenReadOnlyQueueIsMissing()
    {
        final Path missing = tempDir.resolve("nope");

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ResultQueue.openReadOnly(missing));

        assertEquals("no queue directory " + missing, ex.getMessage());
    }

    static long[] documentLengths(final ExcerptTailer tailer)
    {
        final List<Long> lengths = new ArrayList<>();
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                lengths.add(dc.wire().bytes().readRemaining());
            }
        }
        return lengths.stream().mapToLong(Long::longValue).toArray();
    }

    static boolean readNext(final ExcerptTailer tailer, final UnsafeBuffer copy)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            assertEquals(RECORD_LENGTH, bytes.readRemaining());
            for (int i = 0; i < RECORD_LENGTH; i++)
            {
                copy.putByte(i, bytes.readByte());
            }
            return true;
        }
    }
}
