package io.l2.engine.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

/**
 * One shoot's result queue on one host: a directory of Chronicle Queue files holding nothing but result records,
 * one {@link ResultRecordDescriptor#RECORD_LENGTH}-byte record per query, in append order, one or more whole records
 * per document (see {@link ResultRecorder}).
 * <p>
 * Roll cycle: {@link #ROLL_CYCLE} = {@link RollCycles#FAST_HOURLY}. One file per hour keeps files of a busy shoot at
 * a few GiB, and an old hour can be archived or deleted while a long shoot goes on. It holds 2^32 - 1 records an
 * hour (1.19 M/s sustained for a whole hour, far above one host's UDP rate) and indexes every 256th record, where
 * the legacy {@code HOURLY} holds 2^28 (74.5 k/s, too few) and {@code LARGE_HOURLY} indexes every 64th (four times
 * the index writes on the append path for no gain: results are read sequentially, never by random index).
 * <p>
 * Threads: the queue may be shared; each appender and each tailer belongs to one thread. Close the queue after the
 * appenders and tailers made from it. No metadata is written into the queue: the plan lives beside it as JSON.
 */
public final class ResultQueue implements AutoCloseable
{
    /**
     * The roll cycle of every result queue (readers must open a queue with the cycle it was written with).
     */
    public static final RollCycle ROLL_CYCLE = RollCycles.FAST_HOURLY;

    /**
     * Block length meaning "Chronicle's default".
     */
    public static final long DEFAULT_BLOCK_LENGTH = 0;

    private final Path directory;
    private final boolean readOnly;
    private final SingleChronicleQueue queue;

    private ResultQueue(final Path directory, final boolean readOnly, final SingleChronicleQueue queue)
    {
        this.directory = directory;
        this.readOnly = readOnly;
        this.queue = queue;
    }

    /**
     * Open (create when missing) a shoot's queue for appending and reading, rolling by the system clock.
     *
     * @param directory of the queue; created with its parents when missing.
     * @return the open queue.
     * @throws UncheckedIOException when the directory cannot be created.
     */
    public static ResultQueue open(final Path directory)
    {
        return open(directory, SystemEpochClock.INSTANCE);
    }

    /**
     * Open (create when missing) a shoot's queue for appending and reading, rolling by the given clock.
     *
     * @param directory of the queue; created with its parents when missing.
     * @param clock     ms since the epoch; decides the hour file each record goes to (tests move it by hand).
     * @return the open queue.
     * @throws UncheckedIOException when the directory cannot be created.
     */
    public static ResultQueue open(final Path directory, final EpochClock clock)
    {
        return open(directory, clock, DEFAULT_BLOCK_LENGTH);
    }

    /**
     * Open (create when missing) a shoot's queue for appending and reading, with a chosen mapping block size.
     *
     * @param directory   of the queue; created with its parents when missing.
     * @param clock       ms since the epoch; decides the hour file each record goes to (tests move it by hand).
     * @param blockLength bytes of file mapped at a time, or {@link #DEFAULT_BLOCK_LENGTH} for Chronicle's default;
     *                    small blocks (Chronicle's minimum is 64 KiB plus overlap) suit small hosts and tests that
     *                    must cross block boundaries.
     * @return the open queue.
     * @throws UncheckedIOException when the directory cannot be created.
     */
    public static ResultQueue open(final Path directory, final EpochClock clock, final long blockLength)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create queue directory " + directory + ": " + ex.getMessage(), ex);
        }

        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(directory.toFile())
            .rollCycle(ROLL_CYCLE)
            .timeProvider(clock::time);
        if (DEFAULT_BLOCK_LENGTH != blockLength)
        {
            builder.blockSize(blockLength);
        }

        return new ResultQueue(directory, false, builder.build());
    }

    /**
     * The block Chronicle maps at a time for a queue opened with a requested block length, computed without touching
     * any file (Chronicle's default, and its floor for the roll cycle's index, applied as {@link #open} applies them).
     * A writer also maps an overlap of at most one block past it (see {@link #overlapLength()}).
     *
     * @param blockLength as given to {@link #open(Path, EpochClock, long)}, or {@link #DEFAULT_BLOCK_LENGTH}.
     * @return the block length in bytes.
     */
    public static long mappedBlockLength(final long blockLength)
    {
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(Path.of(".").toFile())
            .rollCycle(ROLL_CYCLE);
        if (DEFAULT_BLOCK_LENGTH != blockLength)
        {
            builder.blockSize(blockLength);
        }
        return builder.blockSize();
    }

    /**
     * Open a recorded queue for reading only (offline replay): nothing in the directory is changed.
     *
     * @param directory of a queue written by {@link #open(Path)}.
     * @return the open queue.
     * @throws IllegalArgumentException when the directory does not exist.
     */
    public static ResultQueue openReadOnly(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new IllegalArgumentException("no queue directory " + directory);
        }

        return new ResultQueue(directory, true, SingleChronicleQueueBuilder.binary(directory.toFile())
            .rollCycle(ROLL_CYCLE)
            .readOnly(true)
            .build());
    }

    /**
     * The queue's directory.
     *
     * @return directory given when opened.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * The block this queue maps at a time: a writer touches pages of the current block, then of the next.
     *
     * @return the block length in bytes.
     */
    public long blockLength()
    {
        return queue.blockSize();
    }

    /**
     * How far past a block its mapping reaches (a document may straddle two blocks); never more than a block.
     *
     * @return the overlap length in bytes.
     */
    public long overlapLength()
    {
        return queue.overlapSize();
    }

    /**
     * Was it opened read-only?
     *
     * @return true after {@link #openReadOnly(Path)}.
     */
    public boolean isReadOnly()
    {
        return readOnly;
    }

    /**
     * Creates the current cycle's file and maps it, by writing one metadata document (tailers reading data skip it),
     * so the first record of a shoot does not pay for it on the shooter's thread. Call before the shoot starts.
     */
    public void prepareForWrites()
    {
        try (ExcerptAppender appender = createAppender();
            DocumentContext dc = appender.writingDocument(true))
        {
            dc.wire().bytes().writeInt(ResultRecordDescriptor.VERSION);
        }
    }

    /**
     * @return the newest cycle (hour) that has a file, or {@link Integer#MIN_VALUE} when none has.
     */
    public int lastCycle()
    {
        return queue.lastCycle();
    }

    /**
     * A new appender for the calling thread (one per thread; close it before the queue).
     *
     * @return appender positioned at the end.
     * @throws IllegalStateException when the queue is read-only.
     */
    public ExcerptAppender createAppender()
    {
        if (readOnly)
        {
            throw new IllegalStateException("queue " + directory + " is open read-only");
        }

        return queue.createAppender();
    }

    /**
     * A recorder over a new appender, for the calling thread.
     *
     * @return recorder that owns its appender.
     */
    public ResultRecorder createRecorder()
    {
        return new ResultRecorder(createAppender());
    }

    /**
     * A new tailer at the start of the queue, for the calling thread (close it before the queue).
     *
     * @return tailer positioned at the first record.
     */
    public ExcerptTailer createTailer()
    {
        return queue.createTailer().toStart();
    }

    /**
     * Close the queue and release its mapped files.
     */
    @Override
    public void close()
    {
        queue.close();
    }

    /**
     * Has it been closed?
     *
     * @return true after {@link #close()}.
     */
    public boolean isClosed()
    {
        return queue.isClosed();
    }

    @Override
    public String toString()
    {
        return "ResultQueue{" + directory + (readOnly ? ", read-only}" : "}");
    }
}
