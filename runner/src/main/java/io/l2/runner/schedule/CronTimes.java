/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * The fire times of a 5-field (UNIX) cron expression in a time zone, computed by cron-utils. Immutable and
 * thread-safe.
 * <p>
 * Around daylight-saving changes (cron-utils' behaviour, pinned by tests): a wall-clock time that does not exist
 * that day (spring forward, e.g. 02:30 in Europe/Berlin on 2026-03-29) is skipped that day; a wall-clock time that
 * occurs twice (fall back) fires once, at its first occurrence, for a daily entry; an hourly entry fires every real
 * hour.
 */
public final class CronTimes
{
    private static final CronParser PARSER =
        new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String cron;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private CronTimes(final String cron, final ZoneId zone, final ExecutionTime executionTime)
    {
        this.cron = cron;
        this.zone = zone;
        this.executionTime = executionTime;
    }

    /**
     * @param cron a 5-field cron expression (as validated by the config).
     * @param zone the zone its fields are read in.
     * @return its fire times.
     * @throws IllegalArgumentException with cron-utils' message when the expression is not valid.
     */
    public static CronTimes of(final String cron, final ZoneId zone)
    {
        Objects.requireNonNull(zone, "zone");
        return new CronTimes(cron, zone, ExecutionTime.forCron(PARSER.parse(cron).validate()));
    }

    /**
     * @return the expression.
     */
    public String cron()
    {
        return cron;
    }

    /**
     * @return the zone.
     */
    public ZoneId zone()
    {
        return zone;
    }

    /**
     * The first fire time strictly after an instant.
     *
     * @param after the instant.
     * @return the next fire time in the zone, or empty when the expression never fires (e.g. {@code 0 0 31 2 *}).
     */
    public Optional<ZonedDateTime> next(final Instant after)
    {
        return executionTime.nextExecution(ZonedDateTime.ofInstant(after, zone));
    }

    /**
     * The next fire times strictly after an instant.
     *
     * @param after the instant.
     * @param count how many, at least 0.
     * @return up to {@code count} times in the zone, in order (fewer only when the expression stops firing).
     */
    public List<ZonedDateTime> next(final Instant after, final int count)
    {
        final List<ZonedDateTime> times = new ArrayList<>(count);
        Instant from = after;
        for (int i = 0; i < count; i++)
        {
            final Optional<ZonedDateTime> next = next(from);
            if (next.isEmpty())
            {
                break;
            }
            times.add(next.get());
            from = next.get().toInstant();
        }
        return times;
    }
}
