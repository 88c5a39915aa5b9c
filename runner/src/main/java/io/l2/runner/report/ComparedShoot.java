/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.l2.engine.codec.RcodeNames;
import io.l2.runner.base.InputException;
import io.l2.runner.results.Json;
import io.l2.runner.results.LatencyHistogramFile;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.shoot.Replay;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * One shoot of a comparison, read from its results folder: {@code result.json} (totals and seconds),
 * {@code shoot.json} (the timeout, when there) and the merged latency histogram ({@code latency.hlog}; for a folder
 * written before l2 wrote that file, the queues replayed when they are on this host). Immutable once loaded.
 *
 * @param argument  the shoot as given on the command line (an id or a path), for messages.
 * @param folder    its results folder.
 * @param result    {@code result.json}.
 * @param shoot     {@code shoot.json}, or null.
 * @param latencyUs the merged latency histogram of the answered queries, µs (do not change it).
 * @param timeoutUs the plan's timeout, µs, or 0 when unknown.
 */
public record ComparedShoot(
    String argument, Path folder, Map<String, Object> result, Map<String, Object> shoot, AbstractHistogram latencyUs,
    long timeoutUs)
{
    /**
     * Reads a results folder.
     *
     * @param argument the shoot as given (an id or a path), named in every message.
     * @param folder   its results folder (a directory).
     * @return the shoot.
     * @throws IOException    when a file cannot be read.
     * @throws InputException when the folder holds no result, or no histogram and no queues (one line naming
     *                        {@code argument}).
     */
    public static ComparedShoot load(final String argument, final Path folder) throws IOException
    {
        final Path resultFile = folder.resolve(ResultWriter.RESULT_FILE);
        if (!Files.isRegularFile(resultFile))
        {
            throw new InputException(argument + ": no " + ResultWriter.RESULT_FILE + " in " + folder +
                " (not a results folder, or its shoot has not ended)");
        }
        final Path shootFile = folder.resolve(ResultWriter.SHOOT_FILE);
        try
        {
            final Map<String, Object> result = Json.read(resultFile);
            final Map<String, Object> shoot = Files.isRegularFile(shootFile) ? Json.read(shootFile) : null;
            Maps.list(result, "seconds").forEach((second) -> Maps.number(second, "answered"));
            Maps.object(Maps.object(result, "totals"), "rcodes");
            final long timeoutUs = null == shoot ? 0 : Maps.number(shoot, "timeout_ms") * 1000;
            return new ComparedShoot(argument, folder, result, shoot, histogram(argument, folder, shoot), timeoutUs);
        }
        catch (final InputException ex)
        {
            throw ex.getMessage().startsWith(argument + ": ") ? ex :
                new InputException(argument + ": " + ex.getMessage(), ex);
        }
        catch (final IllegalArgumentException | ClassCastException ex)
        {
            throw new InputException(argument + ": " + resultFile + " is not a result l2 wrote (" + ex.getMessage() +
                ")", ex);
        }
    }

    /**
     * @return the shoot's id (from {@code result.json}), or the folder's name.
     */
    public String id()
    {
        final String id = Maps.string(result, "id");
        return id.isEmpty() ? String.valueOf(folder.getFileName()) : id;
    }

    /**
     * @return the shoot's totals ({@code totals} of {@code result.json}).
     */
    public Map<String, Object> totals()
    {
        return Maps.object(result, "totals");
    }

    /**
     * @param key a count of the totals: requested, sent, achieved, answered, timeouts, errors, dropped, truncated.
     * @return its value.
     */
    public long count(final String key)
    {
        return Maps.number(totals(), key);
    }

    /**
     * @return the seconds the shoot lasted (seconds of {@code result.json}).
     */
    public int seconds()
    {
        return Maps.list(result, "seconds").size();
    }

    /**
     * @param rcode an rcode's name (any case).
     * @return the answers with that rcode.
     */
    public long rcodeCount(final String rcode)
    {
        final String name = RcodeNames.rcodeName(RcodeNames.rcodeValue(rcode));
        return Maps.number(Maps.object(totals(), "rcodes"), name);
    }

    /**
     * @param percentile 0 to 100.
     * @return the answered queries' latency at that percentile (HdrHistogram's value), µs; 0 without answers.
     */
    public long latencyUs(final double percentile)
    {
        return 0 == latencyUs.getTotalCount() ? 0 : latencyUs.getValueAtPercentile(percentile);
    }

    /**
     * @return the answered latencies with the timeouts at the timeout, for the distribution chart.
     */
    public Histogram distribution()
    {
        return PercentileDistribution.withTimeouts(latencyUs, count("timeouts"), timeoutUs);
    }

    private static AbstractHistogram histogram(final String argument, final Path folder,
        final Map<String, Object> shoot) throws IOException
    {
        final Histogram fromFile = ReportSource.latencyHistogram(folder);
        if (null != fromFile)
        {
            return fromFile;
        }
        if (null != shoot && ReportSource.queuesPresent(shoot))
        {
            try
            {
                return Replay.replay(folder).merged().totals().latencyHistogram();
            }
            catch (final IllegalArgumentException | IllegalStateException ex)
            {
                throw new InputException(argument + ": cannot replay the queues of " + folder + ": " +
                    String.valueOf(ex.getMessage()).replace('\n', ' '), ex);
            }
        }
        throw new InputException(argument + ": no " + LatencyHistogramFile.FILE + " in " + folder + " (a shoot " +
            "written before l2 kept its histogram) and its queues are not on this host");
    }
}
