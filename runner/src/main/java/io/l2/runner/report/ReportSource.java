/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.l2.runner.base.InputException;
import io.l2.runner.results.Json;
import io.l2.runner.results.LatencyHistogramFile;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.results.ShootResult;
import io.l2.runner.shoot.Replay;
import org.HdrHistogram.Histogram;

/**
 * Renders the report of a past shoot from what its folder holds, the best source first: the recorded queues
 * (replayed with the live aggregator, so every chart is back, per host included) when every host's queue is on this
 * machine; else {@code result.json} (merged seconds only); or a bare queue directory (no plan). Stateless.
 */
public final class ReportSource
{
    private ReportSource()
    {
    }

    /**
     * A rendered report and what it was made from.
     *
     * @param html the page.
     * @param from what it was rendered from, for people: "the queues", "result.json", "the queue directory".
     */
    public record Rendered(String html, String from)
    {
    }

    /**
     * @param path a shoot's results folder or a queue directory.
     * @return the report.
     * @throws IOException    when a file cannot be read.
     * @throws InputException when the path holds nothing to report on, or what it holds is not what l2 writes.
     */
    public static Rendered render(final Path path) throws IOException
    {
        final Path dir = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir))
        {
            throw new InputException(path + ": no such directory (give a shoot id, a results folder or a queue " +
                "directory)");
        }
        final Path shootFile = dir.resolve(ResultWriter.SHOOT_FILE);
        final Path resultFile = dir.resolve(ResultWriter.RESULT_FILE);
        final Map<String, Object> shoot = Files.isRegularFile(shootFile) ? Json.read(shootFile) : null;
        if (null != shoot && queuesPresent(shoot))
        {
            return new Rendered(HtmlReport.render(replay(dir), shoot), "the queues");
        }
        if (Files.isRegularFile(resultFile))
        {
            final Map<String, Object> json = Json.read(resultFile);
            try
            {
                return new Rendered(HtmlReport.render(json, shoot, null, latencyHistogram(dir)),
                    ResultWriter.RESULT_FILE + (null == shoot ? "" : " (the queues are not all on this host)"));
            }
            catch (final IllegalArgumentException | ClassCastException ex)
            {
                throw new InputException(resultFile + ": not a result l2 wrote (" + ex.getMessage() + ")", ex);
            }
        }
        if (null != shoot)
        {
            throw new InputException(dir + ": has " + ResultWriter.SHOOT_FILE + " but neither " +
                ResultWriter.RESULT_FILE + " nor every host's queue on this host");
        }
        if (!hasQueueFiles(dir))
        {
            throw new InputException(path + ": neither a results folder (no " + ResultWriter.SHOOT_FILE + ", no " +
                ResultWriter.RESULT_FILE + ") nor a queue directory (no .cq4 files)");
        }
        return new Rendered(HtmlReport.render(replay(dir), null), "the queue directory");
    }

    /**
     * @param dir a results folder.
     * @return its merged latency histogram ({@code latency.hlog}), or null when it has none.
     * @throws InputException when the file is there but is not a histogram log.
     */
    static Histogram latencyHistogram(final Path dir)
    {
        final Path file = dir.resolve(LatencyHistogramFile.FILE);
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        try
        {
            return LatencyHistogramFile.read(file);
        }
        catch (final IOException ex)
        {
            throw new InputException(String.valueOf(ex.getMessage()).replace('\n', ' '), ex);
        }
    }

    private static ShootResult replay(final Path dir) throws IOException
    {
        try
        {
            return Replay.replay(dir);
        }
        catch (final InputException ex)
        {
            throw ex;
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            throw new InputException(dir + ": cannot replay the queues: " +
                String.valueOf(ex.getMessage()).replace('\n', ' '), ex);
        }
    }

    static boolean queuesPresent(final Map<String, Object> shoot)
    {
        if (!(shoot.get("hosts") instanceof List<?> hosts) || hosts.isEmpty())
        {
            return false;
        }
        for (final Object host : hosts)
        {
            if (!(host instanceof Map<?, ?> entry) || !(entry.get("queue") instanceof String queue))
            {
                return false;
            }
            try
            {
                if (!Files.isDirectory(Path.of(queue)) || !hasQueueFiles(Path.of(queue)))
                {
                    return false;
                }
            }
            catch (final InvalidPathException | IOException ex)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean hasQueueFiles(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.anyMatch((file) -> file.getFileName().toString().endsWith(".cq4"));
        }
    }
}
