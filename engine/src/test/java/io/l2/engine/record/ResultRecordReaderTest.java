package io.l2.engine.record;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultRecordReaderTest
{
    private static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @TempDir
    Path tempDir;

    private final CachedEpochClock clock = new CachedEpochClock();

    @Test
    void shouldHandEveryRecordInOrderReadingWholeDocumentsUpToTheLimit()
    {
        final Path dir = tempDir.resolve("q");
        writeDocuments(dir);
        final List<Long> intended = new ArrayList<>();
        final List<Integer> offsets = new ArrayList<>();
        final ResultRecordFlyweight record = new ResultRecordFlyweight();
        final ResultRecordReader.RecordHandler handler = (buffer, offset) ->
        {
            intended.add(record.wrapForRead(buffer, offset).intendedNs());
            offsets.add(offset);
        };

        try (ResultQueue queue = ResultQueue.openReadOnly(dir);
            ResultRecordReader reader = new ResultRecordReader(queue))
        {
            assertEquals(3, reader.poll(handler, 2), "the first document whole, though over the limit");
            assertEquals(1, reader.poll(handler, 1));
            assertEquals(2, reader.poll(handler, 100));
            assertEquals(0, reader.poll(handler, 100), "at the end");
        }

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), intended);
        assertEquals(List.of(0, RECORD_LENGTH, 2 * RECORD_LENGTH, 0, 0, RECORD_LENGTH), offsets,
            "each record at its place in its document");
    }

    @Test
    void shouldNameQueueIndexAndRecordWhenTheHandlerRefusesARecord()
    {
        final Path dir = tempDir.resolve("q");
        writeDocuments(dir);
        final ResultRecordFlyweight record = new ResultRecordFlyweight();

        final IllegalStateException ex;
        try (ResultQueue queue = ResultQueue.openReadOnly(dir);
            ResultRecordReader reader = new ResultRecordReader(queue))
        {
            ex = assertThrows(IllegalStateException.class, () -> reader.poll((buffer, offset) ->
            {
                if (5 == record.wrapForRead(buffer, offset).intendedNs())
                {
                    throw new IllegalArgumentException("no fives");
                }
            }, 100));
        }

        assertTrue(ex.getMessage().startsWith(dir + ": record at index 0x"), ex.getMessage());
        assertTrue(ex.getMessage().contains("sequence 2"), ex.getMessage());
        assertTrue(ex.getMessage().endsWith("): record 0 of the document: no fives"), ex.getMessage());
        assertEquals(-1, ex.getMessage().indexOf('\n'), "one line");
    }

    /**
     * Three documents: records 1-3 staged and flushed as one, 4 appended alone, 5-6 staged and flushed as one.
     */
    private void writeDocuments(final Path dir)
    {
        clock.update(START_MS);
        try (ResultQueue queue = ResultQueue.open(dir, clock); ResultRecorder recorder = queue.createRecorder())
        {
            for (int i = 1; i <= 3; i++)
            {
                recorder.record(i, i + 1, i + 2, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0);
            }
            recorder.flush();
            recorder.append(4, 5, 6, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0);
            for (int i = 5; i <= 6; i++)
            {
                recorder.record(i, i + 1, i + 2, 0, 0, 1, 0, 0, Outcome.ANSWERED, 0, 0, 0);
            }
            recorder.flush();
        }
    }
}
