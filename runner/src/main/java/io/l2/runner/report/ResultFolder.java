/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.l2.runner.results.Json;
import io.l2.runner.results.LatencyHistogramFile;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.results.ShootResult;

/**
 * A shoot's results folder once the shoot is over: the result and the per-second CSV ({@link ResultWriter}), the
 * merged latency histogram ({@link LatencyHistogramFile}), then
 * {@code report.html} ({@link HtmlReport}) with the plan of {@code shoot.json} when the folder has one. The result is
 * on disk before the report is tried: a report that cannot be rendered or written never loses it, and is one line
 * on {@code warnings}. Stateless.
 */
public final class ResultFolder
{
    private ResultFolder()
    {
    }

    /**
     * Writes the result, the per-second CSV, the latency histogram, then the report.
     *
     * @param dir      the shoot's folder.
     * @param result   the result.
     * @param warnings where a failed report is told, one line.
     * @throws IOException when the result cannot be written.
     */
    public static void write(final Path dir, final ShootResult result, final PrintWriter warnings)
        throws IOException
    {
        final Map<String, Object> json = ResultWriter.writeResult(dir, result);
        LatencyHistogramFile.write(dir, String.valueOf(json.get("id")), result);
        writeReport(dir, json, result, warnings);
    }

    /**
     * Writes (or refreshes) {@code report.html} of a results folder from a result, with the plan of
     * {@code shoot.json} when the folder has one; a failure is one line on {@code warnings}, never thrown.
     *
     * @param dir      the shoot's folder.
     * @param json     the result's JSON tree ({@link ShootResult#toJson()}).
     * @param result   the result.
     * @param warnings where a failed report is told.
     * @return the report, or null when it could not be written.
     */
    public static Path writeReport(
        final Path dir, final Map<String, Object> json, final ShootResult result, final PrintWriter warnings)
    {
        final Path report = dir.resolve(HtmlReport.REPORT_FILE);
        try
        {
            final Path shootFile = dir.resolve(ResultWriter.SHOOT_FILE);
            final Map<String, Object> shoot = Files.isRegularFile(shootFile) ? Json.read(shootFile) : null;
            return HtmlReport.write(report, HtmlReport.render(json, shoot, result));
        }
        catch (final IOException | RuntimeException ex)
        {
            final String message = null == ex.getMessage() ? ex.toString() : ex.getMessage();
            warnings.println("l2: warning: " + report + " not written (the result is): " +
                message.replace('\n', ' ').replace('\r', ' '));
            warnings.flush();
            return null;
        }
    }
}
