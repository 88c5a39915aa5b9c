/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.schedule;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.l2.config.L2Config;
import io.l2.config.Schedule;
import io.l2.runner.fire.ConsoleShootListener;
import io.l2.runner.fire.ShootRequest;
import io.l2.runner.fire.Shoots;

/**
 * Fires a schedule's effective plan ({@link Schedule#plan()}: its plan with the schedule's target) through
 * {@link Shoots}, as {@code l2 shoot fire} fires a plan file: the same preflight, fleet runner, results folder (its
 * {@code plan.yaml} is {@link Schedule#planYaml()}, whose first comment line names the schedule) and recap, printed
 * by a {@link ConsoleShootListener}. The plan was parsed with {@code l2.yaml}, so an error points at the schedule's
 * line there (or at its plan file). A failure is printed and becomes the exit code, as on the command line.
 * <p>
 * Thread-safe: each call fires on the caller's thread with its own listener; calls from several threads print into
 * the same writers.
 */
public final class EffectivePlanFirer implements ShootFirer
{
    private final L2Config config;
    private final PrintWriter out;
    private final PrintWriter err;
    private final UnaryOperator<ShootRequest> shootOptions;

    /**
     * @param config the {@code l2.yaml} the schedules came from.
     * @param out    where each shoot's standard output goes.
     * @param err    where its errors go.
     */
    public EffectivePlanFirer(final L2Config config, final PrintWriter out, final PrintWriter err)
    {
        this(config, out, err, UnaryOperator.identity());
    }

    /**
     * @param config       the {@code l2.yaml} the schedules came from.
     * @param out          where each shoot's standard output goes.
     * @param err          where its errors go.
     * @param shootOptions sets more options of every shoot (e.g. {@code --threads 4}, {@code --limit man}, already
     *                     checked) on its request.
     */
    public EffectivePlanFirer(
        final L2Config config, final PrintWriter out, final PrintWriter err,
        final UnaryOperator<ShootRequest> shootOptions)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.shootOptions = Objects.requireNonNull(shootOptions, "shootOptions");
    }

    /**
     * {@inheritDoc}
     */
    public int fire(final Schedule schedule, final boolean dryRun, final boolean debug)
    {
        final ShootRequest request = shootOptions.apply(new ShootRequest(config, schedule.plan())
            .planText(schedule.planYaml())
            .mode(dryRun ? ShootRequest.Mode.DRY_RUN : ShootRequest.Mode.FIRE));
        try
        {
            return Shoots.fireAndExplain(request, new ConsoleShootListener(out, err, false, debug));
        }
        finally
        {
            out.flush();
            err.flush();
        }
    }
}
