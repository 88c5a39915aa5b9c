/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.schedule;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.l2.config.Schedule;
import io.l2.runner.cli.L2Command;
import picocli.CommandLine;

/**
 * Fires a schedule by running {@code l2 --config L2YAML shoot fire --file EFFECTIVE_PLAN [--dry-run] [--debug]} in
 * this process, with the given output: the same command as an operator's, so the same preflight, fleet runner,
 * results folder and recap. The effective plan ({@link Schedule#planYaml()}: the plan with the schedule's target) is
 * written to a temporary file for the shoot and deleted after it; the results folder keeps its text.
 * <p>
 * Thread-safe: each call builds its own command line; calls from several threads print into the same writers.
 */
public final class InProcessShootFirer implements ShootFirer
{
    private final Path configFile;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * @param configFile the {@code l2.yaml} the schedules came from (passed as {@code --config}).
     * @param out        where the shoot's standard output goes.
     * @param err        where its errors go.
     */
    public InProcessShootFirer(final Path configFile, final PrintWriter out, final PrintWriter err)
    {
        this.configFile = Objects.requireNonNull(configFile, "configFile");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /**
     * The arguments of the {@code l2} command line that fires a plan file.
     *
     * @param configFile the {@code l2.yaml}.
     * @param planFile   the effective plan.
     * @param dryRun     add {@code --dry-run}.
     * @param debug      add {@code --debug}.
     * @return the arguments.
     */
    public static List<String> arguments(
        final Path configFile, final Path planFile, final boolean dryRun, final boolean debug)
    {
        final List<String> args = new ArrayList<>(List.of(
            "--config", configFile.toString(), "shoot", "fire", "--file", planFile.toString()));
        if (dryRun)
        {
            args.add("--dry-run");
        }
        if (debug)
        {
            args.add("--debug");
        }
        return args;
    }

    /**
     * {@inheritDoc}
     */
    public int fire(final Schedule schedule, final boolean dryRun, final boolean debug)
    {
        final Path planFile;
        try
        {
            planFile = Files.createTempFile("l2-schedule-" + schedule.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-",
                ".yaml");
            Files.writeString(planFile, schedule.planYaml(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the plan of schedule " + schedule.name() + ": " +
                ex.getMessage(), ex);
        }
        try
        {
            final CommandLine commandLine = L2Command.newCommandLine();
            commandLine.setOut(out);
            commandLine.setErr(err);
            return commandLine.execute(arguments(configFile, planFile, dryRun, debug).toArray(new String[0]));
        }
        finally
        {
            out.flush();
            err.flush();
            try
            {
                Files.deleteIfExists(planFile);
            }
            catch (final IOException ex)
            {
                err.println("l2: cannot delete " + planFile + ": " + ex.getMessage());
            }
        }
    }
}
