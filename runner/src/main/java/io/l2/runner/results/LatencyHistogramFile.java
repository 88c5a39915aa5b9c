/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.l2.engine.aggregate.SecondStats;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@code latency.hlog} in a results folder: the merged latency histogram of the whole shoot (every answered query's
 * latency from its intended send time, µs, all hosts added exactly), in HdrHistogram's own log format (one interval,
 * compressed and base64-encoded), so HdrHistogram's tools read it too
 * ({@code java -cp HdrHistogram.jar org.HdrHistogram.HistogramLogProcessor -i latency.hlog}). Timeouts are not in it:
 * their count is {@code totals.timeouts} of {@code result.json}, the timeout {@code timeout_ms} of {@code shoot.json}.
 * Cold path; stateless.
 */
public final class LatencyHistogramFile
{
    /** The file's name in a results folder. */
    public static final String FILE = "latency.hlog";

    private LatencyHistogramFile()
    {
    }

    /**
     * Writes the merged latency histogram of a result, whole or not at all.
     *
     * @param dir    the shoot's folder (exists).
     * @param id     the shoot's id, for the file's comment.
     * @param result the result.
     * @return the file.
     * @throws IOException when it cannot be written.
     */
    public static Path write(final Path dir, final String id, final ShootResult result) throws IOException
    {
        final SecondStats totals = result.merged().totals();
        final Histogram histogram = totals.latencyHistogram().copy();
        final long seconds = result.merged().seconds().size();
        histogram.setStartTimeStamp(0);
        histogram.setEndTimeStamp(seconds * 1000);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8))
        {
            final HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("l2 shoot " + id + ": latency from the intended send time of " +
                "every answered query, us, merged over hosts; timeouts are not in it");
            writer.outputLogFormatVersion();
            writer.outputLegend();
            writer.outputIntervalHistogram(histogram);
        }
        final Path file = dir.resolve(FILE);
        final Path temporary = file.resolveSibling(FILE + ".tmp");
        Files.write(temporary, bytes.toByteArray());
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /**
     * Reads a histogram file back: every interval in it, added.
     *
     * @param file the file.
     * @return the histogram (µs values).
     * @throws IOException when it cannot be read or holds no histogram.
     */
    public static Histogram read(final Path file) throws IOException
    {
        final Histogram all = new Histogram(SecondStats.SIGNIFICANT_DIGITS);
        boolean any = false;
        try (InputStream in = Files.newInputStream(file))
        {
            final HistogramLogReader reader = new HistogramLogReader(in);
            for (EncodableHistogram next = reader.nextIntervalHistogram(); null != next;
                next = reader.nextIntervalHistogram())
            {
                if (!(next instanceof Histogram histogram))
                {
                    throw new IOException(file + ": holds a histogram that is not of long counts");
                }
                all.add(histogram);
                any = true;
            }
        }
        catch (final RuntimeException ex)
        {
            throw new IOException(file + ": not an HdrHistogram log (" + ex.getMessage() + ")", ex);
        }
        if (!any)
        {
            throw new IOException(file + ": holds no histogram");
        }
        return all;
    }
}
