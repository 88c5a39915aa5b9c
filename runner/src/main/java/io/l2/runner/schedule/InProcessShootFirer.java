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
import java.util.function.BooleanSupplier;

import io.l2.config.Schedule;
import io.l2.runner.cli.L2Command;
import io.l2.runner.cli.shoot.ShootFireCommand;
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
    private final List<String> shootOptions;

    /**
     * @param configFile the {@code l2.yaml} the schedules came from (passed as {@code --config}), or null to let the
     *                   command find it as {@code l2} does ($L2_CONFIG, ./l2.yaml, /etc/l2/l2.yaml, embedded default).
     * @param out        where the shoot's standard output goes.
     * @param err        where its errors go.
     */
    public InProcessShootFirer(final Path configFile, final PrintWriter out, final PrintWriter err)
    {
        this(configFile, out, err, List.of());
    }

    /**
     * @param configFile   the {@code l2.yaml} the schedules came from (passed as {@code --config}), or null to let
     *                     the command find it as {@code l2} does.
     * @param out          where the shoot's standard output goes.
     * @param err          where its errors go.
     * @param shootOptions more options of {@code shoot fire} for every shoot, as written on its command line (e.g.
     *                     {@code --threads 4}, {@code --limit man}); {@code shoot fire} checks them.
     */
    public InProcessShootFirer(
        final Path configFile, final PrintWriter out, final PrintWriter err, final List<String> shootOptions)
    {
        this.configFile = configFile;
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.shootOptions = List.copyOf(shootOptions);
    }

    /**
     * The arguments of the {@code l2} command line that fires a plan file.
     *
     * @param configFile the {@code l2.yaml}, or null for none.
     * @param planFile   the effective plan.
     * @param dryRun     add {@code --dry-run}.
     * @param debug      add {@code --debug}.
     * @return the arguments.
     */
    public static List<String> arguments(
        final Path configFile, final Path planFile, final boolean dryRun, final boolean debug)
    {
        final List<String> args = new ArrayList<>();
        if (null != configFile)
        {
            args.addAll(List.of("--config", configFile.toString()));
        }
        args.addAll(List.of("shoot", "fire", "--file", planFile.toString()));
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
        return firePlan("schedule " + schedule.name(), schedule.planYaml(), null, () -> false, dryRun, debug);
    }

    /**
     * Fires a plan given as text: {@code l2 --config L2YAML shoot fire --file PLAN [--dry-run] [--debug]} in this
     * process, the plan written to a temporary file for the shoot and deleted after it. Blocks the caller for the
     * whole shoot.
     *
     * @param name           what the plan is, for the temporary file's name and errors (e.g. {@code schedule smoke}).
     * @param planYaml       the plan's text: a relative ammo path in it resolves against the temporary directory, so
     *                       name ammo from l2.yaml or give an absolute path.
     * @param shootId        the id the shoot gets, or null for a new one.
     * @param abortRequested true once the shoot should stop, as Ctrl-C stops {@code shoot fire}; polled on the caller's
     *                       thread while it shoots.
     * @param dryRun         add {@code --dry-run}.
     * @param debug          add {@code --debug}.
     * @return the exit code of the shoot ({@link io.l2.runner.base.ExitCode}).
     * @throws UncheckedIOException when the plan cannot be written to a temporary file.
     */
    public int firePlan(
        final String name,
        final String planYaml,
        final String shootId,
        final BooleanSupplier abortRequested,
        final boolean dryRun,
        final boolean debug)
    {
        final Path planFile;
        try
        {
            planFile = Files.createTempFile("l2-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "-", ".yaml");
            Files.writeString(planFile, planYaml, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the plan of " + name + ": " + ex.getMessage(), ex);
        }
        try
        {
            final CommandLine commandLine = L2Command.newCommandLine();
            commandLine.setOut(out);
            commandLine.setErr(err);
            final ShootFireCommand fire = commandLine.getSubcommands().get("shoot").getSubcommands().get("fire")
                .getCommand();
            fire.inProcess(shootId, abortRequested);
            final List<String> args = arguments(configFile, planFile, dryRun, debug);
            args.addAll(shootOptions);
            return commandLine.execute(args.toArray(new String[0]));
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
