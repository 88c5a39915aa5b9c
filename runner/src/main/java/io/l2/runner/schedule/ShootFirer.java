/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.schedule;

import io.l2.config.Schedule;

/**
 * Fires one schedule now: what {@code l2 shoot fire --file PLAN} does with the schedule's effective plan.
 * Implementations say which threads may call them.
 */
@FunctionalInterface
public interface ShootFirer
{
    /**
     * @param schedule the schedule.
     * @param dryRun   true: {@code --dry-run} (print what would be shot, send nothing).
     * @param debug    true: {@code --debug}.
     * @return the exit code of the shoot ({@link io.l2.runner.base.ExitCode}).
     */
    int fire(Schedule schedule, boolean dryRun, boolean debug);
}
