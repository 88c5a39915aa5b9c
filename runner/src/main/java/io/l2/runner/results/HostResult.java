/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.nio.file.Path;
import java.util.Map;

import io.l2.engine.aggregate.Aggregator;

/**
 * What one host measured in a shoot.
 *
 * @param host       the host name as in the inventory.
 * @param datacenter its datacenter.
 * @param status     {@code ok}, {@code aborted} (stopped by the user), {@code failed}, {@code lost} (went silent
 *                   during the shoot) or {@code unreachable} (never answered).
 * @param reason     why it failed or was aborted, or empty.
 * @param aggregator its per-second results and totals.
 * @param counters   the generator's own counters (its limits: short sends, no free id, lag, …), by label.
 * @param queue      where its Chronicle Queue lies (every query's outcome), or null.
 */
public record HostResult(
    String host,
    String datacenter,
    String status,
    String reason,
    Aggregator aggregator,
    Map<String, Long> counters,
    Path queue)
{
    /** The host shot its whole share. */
    public static final String OK = "ok";
    /** The host stopped early because the user aborted the shoot. */
    public static final String ABORTED = "aborted";
    /** The host could not shoot, or hit an error. */
    public static final String FAILED = "failed";
    /** The host went silent during the shoot (crash, cut link): what it sent before is kept. */
    public static final String LOST = "lost";
    /** The host never answered the runner: it did not shoot. */
    public static final String UNREACHABLE = "unreachable";
}
