/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes a shoot's results folder, {@code <results dir>/<shoot id>/}: {@code shoot.json} (the resolved plan, enough
 * to replay the queues), {@code plan.yaml} (the plan as given), {@code result.json}, {@code seconds.csv} (and
 * {@code report.html}, written by the report package over these). Each file is written to a temporary name and
 * moved in place, so a reader never sees half a file.
 */
public final class ResultWriter
{
    /** The resolved plan. */
    public static final String SHOOT_FILE = "shoot.json";
    /** The plan as given. */
    public static final String PLAN_FILE = "plan.yaml";
    /** The result (the JSON of {@code --output json}). */
    public static final String RESULT_FILE = "result.json";
    /** One line per second. */
    public static final String SECONDS_FILE = "seconds.csv";

    private ResultWriter()
    {
    }

    /**
     * Writes the resolved plan and the plan as given, before the shoot starts.
     *
     * @param dir      the shoot's folder (created).
     * @param shoot    the resolved plan as JSON.
     * @param planFile the plan file as given.
     * @throws IOException when the folder cannot be written.
     */
    public static void writePlan(final Path dir, final Map<String, Object> shoot, final Path planFile)
        throws IOException
    {
        writePlan(dir, shoot, Files.readString(planFile, StandardCharsets.UTF_8));
    }

    /**
     * Writes the resolved plan and the plan's text, before the shoot starts.
     *
     * @param dir      the shoot's folder (created).
     * @param shoot    the resolved plan as JSON.
     * @param planText the plan's text (as given, or as a runner fired it).
     * @throws IOException when the folder cannot be written.
     */
    public static void writePlan(final Path dir, final Map<String, Object> shoot, final String planText)
        throws IOException
    {
        Files.createDirectories(dir);
        write(dir.resolve(SHOOT_FILE), Json.write(shoot));
        write(dir.resolve(PLAN_FILE), planText);
    }

    /**
     * Writes the result and the per-second CSV ({@code report.html} is the report package's:
     * {@code io.l2.runner.report.ResultFolder} writes both).
     *
     * @param dir    the shoot's folder (created).
     * @param result the result.
     * @return the result's JSON tree, as written.
     * @throws IOException when the result cannot be written.
     */
    public static Map<String, Object> writeResult(final Path dir, final ShootResult result) throws IOException
    {
        Files.createDirectories(dir);
        final Map<String, Object> json = result.toJson();
        write(dir.resolve(RESULT_FILE), Json.write(json));
        write(dir.resolve(SECONDS_FILE), result.toCsv());
        return json;
    }

    /**
     * Writes one more file into a shoot's folder (a sink's note), whole or not at all.
     *
     * @param dir      the shoot's folder (created).
     * @param fileName the file's name.
     * @param json     its content as a JSON tree.
     * @throws IOException when the folder cannot be written.
     */
    public static void writeJson(final Path dir, final String fileName, final Map<String, Object> json)
        throws IOException
    {
        Files.createDirectories(dir);
        write(dir.resolve(fileName), Json.write(json));
    }

    private static void write(final Path file, final String text) throws IOException
    {
        final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
