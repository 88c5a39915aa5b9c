/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.schedule;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.l2.config.Schedule;
import io.l2.config.ScheduleOverlap;
import io.l2.config.Schedules;
import io.l2.runner.base.ExitCode;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;

/**
 * The daemon's scheduler as an {@link Agent}: each {@link #doWork()} reads the clock once, notes the shoots that
 * ended, and fires every schedule whose cron time has come, once per due time, through a {@link ShootFirer} run on
 * the given {@link Executor}. Never two shoots of one set at once: a schedule due while its set is shooting is
 * skipped ({@link ScheduleOverlap#SKIP}), or waits for the set until its own next fire time
 * ({@link ScheduleOverlap#WAIT}). When several due times have passed at once (the host stalled, the clock jumped) it
 * fires once and logs how many it missed. A shoot that fails or throws is logged and frees its set. Every fire, skip,
 * wait and end is one line to the log.
 * <p>
 * Threads: {@link #doWork()} from one thread (the agent's); the executor's threads only report completions through a
 * concurrent queue. The log consumer is called from both and must be thread-safe.
 */
public final class Scheduler implements Agent
{
    /** The agent's role name, and so its thread's name. */
    public static final String ROLE_NAME = "l2-daemon-scheduler";

    /** The log lines' prefix. */
    public static final String LOG_PREFIX = "l2 scheduler: ";

    private static final int MISSED_COUNT_LIMIT = 10_000;

    private final List<Entry> entries = new ArrayList<>();
    private final ScheduleOverlap overlap;
    private final EpochClock clock;
    private final ShootFirer firer;
    private final Executor executor;
    private final Consumer<String> log;
    private final Map<String, String> shootingBySet = new HashMap<>();
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    private long firedCount;
    private long skippedCount;

    private record Completion(Entry entry, int exitCode, String failure)
    {
    }

    private static final class Entry
    {
        private final Schedule schedule;
        private final CronTimes times;
        private ZonedDateTime due;
        private ZonedDateTime waiting;

        Entry(final Schedule schedule)
        {
            this.schedule = schedule;
            this.times = CronTimes.of(schedule.cron(), schedule.timezone());
        }
    }

    /**
     * @param schedules the schedules and the overlap policy.
     * @param clock     the wall clock, ms since the epoch; the first due times are computed from its time now.
     * @param firer     fires a schedule (called on the executor's threads).
     * @param executor  runs each shoot; a shoot may take minutes, so not the agent's thread outside tests.
     * @param log       receives one line per event.
     */
    public Scheduler(
        final Schedules schedules,
        final EpochClock clock,
        final ShootFirer firer,
        final Executor executor,
        final Consumer<String> log)
    {
        this.overlap = Objects.requireNonNull(schedules, "schedules").overlap();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.firer = Objects.requireNonNull(firer, "firer");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.log = Objects.requireNonNull(log, "log");
        final Instant now = Instant.ofEpochMilli(clock.time());
        for (final Schedule schedule : schedules.entries())
        {
            final Entry entry = new Entry(schedule);
            entry.due = entry.times.next(now).orElse(null);
            entries.add(entry);
            log.accept(LOG_PREFIX + quote(schedule) + " cron \"" + schedule.cron() + "\" " + schedule.timezone() +
                ", set " + schedule.set() + ", target " + schedule.target().authority() + ": " +
                (null == entry.due ? "never fires" : "next at " + entry.due + " (" + entry.due.toInstant() + ")"));
        }
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return ROLE_NAME;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        final Instant now = Instant.ofEpochMilli(clock.time());
        int workCount = 0;
        Completion completion;
        while (null != (completion = completions.poll()))
        {
            final Schedule schedule = completion.entry().schedule;
            shootingBySet.remove(schedule.set());
            log.accept(LOG_PREFIX + quote(schedule) + " done: exit " + completion.exitCode() +
                (null == completion.failure() ? "" : " (" + completion.failure() + ")"));
            workCount++;
        }
        for (final Entry entry : entries)
        {
            workCount += waitOrFire(entry, now);
            workCount += due(entry, now);
        }
        return workCount;
    }

    /**
     * @return how many shoots it fired.
     */
    public long firedCount()
    {
        return firedCount;
    }

    /**
     * @return how many due times it skipped (overlap, a wait that ran out, missed times).
     */
    public long skippedCount()
    {
        return skippedCount;
    }

    /**
     * @param name a schedule name.
     * @return its next due time, or empty when it never fires or is unknown.
     */
    public Optional<ZonedDateTime> nextDue(final String name)
    {
        return entries.stream().filter((entry) -> entry.schedule.name().equals(name)).findFirst()
            .map((entry) -> entry.due);
    }

    private int waitOrFire(final Entry entry, final Instant now)
    {
        if (null == entry.waiting)
        {
            return 0;
        }
        final Schedule schedule = entry.schedule;
        if (!shootingBySet.containsKey(schedule.set()))
        {
            final ZonedDateTime due = entry.waiting;
            entry.waiting = null;
            fire(entry, due);
            return 1;
        }
        if (null != entry.due && !now.isBefore(entry.due.toInstant()))
        {
            log.accept(LOG_PREFIX + "skip " + quote(schedule) + " (due " + entry.waiting + "): set " + schedule.set() +
                " still shooting '" + shootingBySet.get(schedule.set()) + "' at its next fire time " + entry.due);
            entry.waiting = null;
            skippedCount++;
            return 1;
        }
        return 0;
    }

    private int due(final Entry entry, final Instant now)
    {
        if (null == entry.due || now.isBefore(entry.due.toInstant()))
        {
            return 0;
        }
        final Schedule schedule = entry.schedule;
        ZonedDateTime due = entry.due;
        int missedCount = 0;
        Optional<ZonedDateTime> next = entry.times.next(due.toInstant());
        while (next.isPresent() && !now.isBefore(next.get().toInstant()) && missedCount < MISSED_COUNT_LIMIT)
        {
            missedCount++;
            due = next.get();
            next = entry.times.next(due.toInstant());
        }
        if (missedCount > 0)
        {
            log.accept(LOG_PREFIX + quote(schedule) + " missed " + missedCount + " fire time(s) from " + entry.due +
                " (the host stalled or the clock jumped); firing once for " + due);
            skippedCount += missedCount;
        }
        entry.due = entry.times.next(now).orElse(null);

        final String shooting = shootingBySet.get(schedule.set());
        if (null == shooting)
        {
            fire(entry, due);
        }
        else if (ScheduleOverlap.WAIT == overlap && null != entry.due)
        {
            entry.waiting = due;
            log.accept(LOG_PREFIX + quote(schedule) + " (due " + due + ") waits: set " + schedule.set() +
                " is shooting '" + shooting + "'; at most until " + entry.due);
        }
        else
        {
            log.accept(LOG_PREFIX + "skip " + quote(schedule) + " (due " + due + "): set " + schedule.set() +
                " is shooting '" + shooting + "'" + (null == entry.due ? "" : "; next at " + entry.due));
            skippedCount++;
        }
        return 1;
    }

    private void fire(final Entry entry, final ZonedDateTime due)
    {
        final Schedule schedule = entry.schedule;
        shootingBySet.put(schedule.set(), schedule.name());
        firedCount++;
        log.accept(LOG_PREFIX + "fire " + quote(schedule) + " (due " + due + ", " + due.toInstant() + "): set " +
            schedule.set() + ", target " + schedule.target().authority() + ", plan " + schedule.planDescription() +
            (null == entry.due ? "" : "; next at " + entry.due));
        try
        {
            executor.execute(() ->
            {
                int exitCode = ExitCode.FAILED;
                String failure = null;
                try
                {
                    exitCode = firer.fire(schedule, false, false);
                }
                catch (final RuntimeException | Error ex)
                {
                    failure = ex.toString();
                }
                finally
                {
                    completions.add(new Completion(entry, exitCode, failure));
                }
            });
        }
        catch (final RuntimeException ex)
        {
            completions.add(new Completion(entry, ExitCode.FAILED, "not started: " + ex));
        }
    }

    private static String quote(final Schedule schedule)
    {
        return "'" + schedule.name() + "'";
    }
}
