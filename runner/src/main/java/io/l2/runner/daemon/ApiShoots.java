/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.l2.config.ConfigException;
import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.config.ShootPlan;

/**
 * The shoots started through {@code POST /shoots}: one at a time, each run on its own thread
 * ({@code l2-daemon-api-shoot}) by a {@link PlanFirer}, which in the daemon fires it through
 * {@link io.l2.runner.fire.Shoots}, so the same preflight, fleet runner, results folder and recap as an operator's
 * {@code l2 shoot fire}. Thread-safe: the HTTP threads start and abort, the shoot's thread ends.
 */
final class ApiShoots implements AutoCloseable
{
    /** The name plans sent to the API have in their errors. */
    static final String PLAN_NAME = "request body";

    /**
     * Runs one plan to its end.
     */
    @FunctionalInterface
    interface PlanFirer
    {
        /**
         * @param shootId        the shoot's id.
         * @param plan           the plan, as {@link #check(String)} parsed it (errors point into the request body).
         * @param planYaml       the plan's text, for the results folder.
         * @param abortRequested true once the shoot should stop (Ctrl-C for {@code shoot fire}).
         * @return the exit code.
         */
        int fire(String shootId, ShootPlan plan, String planYaml, BooleanSupplier abortRequested);
    }

    private final L2Config config;
    private final Path baseDir;
    private final PlanFirer firer;
    private final Supplier<String> ids;
    private final PrintStream log;
    private Running running;
    private String lastId;
    private Integer lastExitCode;

    private static final class Running
    {
        final String id;
        final Thread thread;
        volatile boolean abortRequested;

        Running(final String id, final Thread thread)
        {
            this.id = id;
            this.thread = thread;
        }
    }

    /**
     * @param config  the daemon's configuration, which plans are checked against.
     * @param baseDir the directory a plan's relative paths would resolve against (l2.yaml's).
     * @param firer   what runs a plan.
     * @param ids     new shoot ids.
     * @param log     where a shoot's start and end are written, one line each.
     */
    ApiShoots(
        final L2Config config, final Path baseDir, final PlanFirer firer, final Supplier<String> ids,
        final PrintStream log)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
        this.firer = Objects.requireNonNull(firer, "firer");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Checks a plan as {@code shoot fire --file} does, against the daemon's l2.yaml (its ammo names, its sets).
     *
     * @param planYaml the plan's text.
     * @return the plan.
     * @throws ConfigException in one line at {@code request body:LINE:COLUMN} for any mistake, a relative ammo path
     *                         included (it would have nothing to be relative to).
     */
    ShootPlan check(final String planYaml)
    {
        final ShootPlan plan = ConfigLoader.parsePlan(PLAN_NAME, planYaml, baseDir, config);
        if (!plan.ammo().named() && !Path.of(plan.ammo().written()).isAbsolute())
        {
            throw ConfigException.at(plan.ammo().position(), "ammo " + plan.ammo().written() +
                ": a plan sent to the API names ammo from l2.yaml or gives an absolute path");
        }
        return plan;
    }

    /**
     * Starts a checked plan on a new thread, unless a shoot started here still runs.
     *
     * @param planYaml the plan's text, checked by {@link #check(String)}.
     * @return the new shoot's id, or null when one still runs.
     */
    synchronized String start(final String planYaml)
    {
        if (null != running)
        {
            return null;
        }
        final String id = ids.get();
        final Thread thread = new Thread(() -> run(id, planYaml), Daemon.THREAD_PREFIX + "api-shoot");
        thread.setDaemon(true);
        running = new Running(id, thread);
        log.println("l2 daemon: shoot " + id + " started through the API");
        log.flush();
        thread.start();
        return id;
    }

    private void run(final String id, final String planYaml)
    {
        final Running self;
        synchronized (this)
        {
            self = running;
        }
        int exitCode = -1;
        try
        {
            exitCode = firer.fire(id, check(planYaml), planYaml, () -> self.abortRequested);
        }
        catch (final RuntimeException ex)
        {
            log.println("l2 daemon: shoot " + id + " failed: " + ex);
        }
        finally
        {
            synchronized (this)
            {
                running = null;
                lastId = id;
                lastExitCode = exitCode;
            }
            log.println("l2 daemon: shoot " + id + " (started through the API) ended with exit code " + exitCode +
                (self.abortRequested ? " (aborted)" : ""));
            log.flush();
        }
    }

    /**
     * @return the id of the shoot started here that still runs, or null.
     */
    synchronized String runningId()
    {
        return null == running ? null : running.id;
    }

    /**
     * Asks the shoot started here to stop (as Ctrl-C stops {@code shoot fire}: every host is told to abort, the
     * results are written), when it is the one named.
     *
     * @param id a shoot id.
     * @return true when that shoot runs and was asked to stop.
     */
    synchronized boolean abort(final String id)
    {
        if (null == running || !running.id.equals(id))
        {
            return false;
        }
        running.abortRequested = true;
        return true;
    }

    /**
     * @return what {@code /status} shows: the running or last shoot started here, or null when none was.
     */
    synchronized Map<String, Object> status()
    {
        if (null == running && null == lastId)
        {
            return null;
        }
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", null == running ? lastId : running.id);
        json.put("running", null != running);
        json.put("exit_code", null == running ? lastExitCode : null);
        return json;
    }

    /**
     * Stops the running shoot, if any, and waits for it to write its results.
     *
     * @param waitMs the longest wait, in ms.
     */
    void close(final long waitMs)
    {
        final Thread thread;
        synchronized (this)
        {
            if (null == running)
            {
                return;
            }
            running.abortRequested = true;
            thread = running.thread;
        }
        try
        {
            thread.join(waitMs);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@link #close(long)} with {@link Daemon#SHOOT_STOP_TIMEOUT_MS}.
     */
    public void close()
    {
        close(Daemon.SHOOT_STOP_TIMEOUT_MS);
    }
}
