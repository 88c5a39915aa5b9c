/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.schedule;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.l2.config.ConfigLoader;
import io.l2.config.Schedule;
import io.l2.config.Schedules;
import io.l2.runner.base.ExitCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduler on a fake clock and a hand-run executor: right due times (Berlin's spring-forward night), one fire
 * per due time, the overlap policies, a throwing shoot, missed times. No sleeping, no threads.
 */
class SchedulerTest
{
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> fired = new ArrayList<>();
    private final List<Runnable> shoots = new ArrayList<>();
    private long nowMs;

    private static Schedules schedules(final String overlap, final String... entries)
    {
        final StringBuilder yaml = new StringBuilder(
            "l2:\n  scheduler: true\n  schedule-overlap: " + overlap + "\n" +
            "cluster:\n  a: {dc: [h1]}\n  b: {dc: [h2]}\nschedules:\n");
        for (final String entry : entries)
        {
            yaml.append("  - ").append(entry).append('\n');
        }
        return ConfigLoader.parse("l2.yaml", yaml.toString(), Path.of("/etc/l2")).schedules();
    }

    private static String entry(final String name, final String cron, final String timezone, final String set)
    {
        return "{name: " + name + ", cron: \"" + cron + "\", timezone: " + timezone + ", target: t.example.net, " +
            "plan: {ammo: q.txt, schedule: \"const(1,1s)\", set: " + set + "}}";
    }

    private Scheduler scheduler(final Schedules schedules, final String start)
    {
        nowMs = Instant.parse(start).toEpochMilli();
        return new Scheduler(schedules, () -> nowMs, this::fire, shoots::add, log::add);
    }

    private int fire(final Schedule schedule, final boolean dryRun, final boolean debug)
    {
        fired.add(schedule.name() + "@" + Instant.ofEpochMilli(nowMs));
        if ("boom".equals(schedule.name()))
        {
            throw new IllegalStateException("the shoot blew up");
        }
        return dryRun || debug ? ExitCode.BAD_INPUT : ExitCode.OK;
    }

    private void at(final String instant)
    {
        nowMs = Instant.parse(instant).toEpochMilli();
    }

    private void finishShoots()
    {
        final List<Runnable> running = new ArrayList<>(shoots);
        shoots.clear();
        running.forEach(Runnable::run);
    }

    @Test
    void shouldFireOncePerDueTimeAcrossSpringForwardNight()
    {
        final Scheduler scheduler = scheduler(
            schedules("skip", entry("hourly", "0 * * * *", "Europe/Berlin", "a")), "2026-03-28T23:30:00Z");
        final List<Instant> fireTimes = new ArrayList<>();
        for (long minute = 0; minute < 4 * 60; minute++)
        {
            nowMs = Instant.parse("2026-03-28T23:30:00Z").plus(Duration.ofMinutes(minute)).toEpochMilli();
            for (int i = 0; i < 3; i++)
            {
                if (scheduler.doWork() > 0 && !shoots.isEmpty())
                {
                    fireTimes.add(Instant.ofEpochMilli(nowMs));
                }
                finishShoots();
            }
        }

        assertEquals(List.of(Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T01:00:00Z"),
            Instant.parse("2026-03-29T02:00:00Z"), Instant.parse("2026-03-29T03:00:00Z")), fireTimes, log.toString());
        assertEquals(4, scheduler.firedCount());
        assertEquals(0, scheduler.skippedCount());
        assertEquals(4, fired.size());
        assertTrue(log.stream().anyMatch((line) -> line.contains("fire 'hourly' (due 2026-03-29T03:00+02:00[Europe" +
            "/Berlin], 2026-03-29T01:00:00Z)")), log.toString());
        assertEquals(4, log.stream().filter((line) -> line.contains("'hourly' done: exit 0")).count(), log.toString());
    }

    @Test
    void shouldFireDailyOnceOnFallBackNightWhenWallClockTimeRepeats()
    {
        final Scheduler scheduler = scheduler(schedules("skip",
            entry("berlin", "30 2 * * *", "Europe/Berlin", "a"), entry("moscow", "30 2 * * *", "Europe/Moscow", "b")),
            "2026-10-24T20:00:00Z");
        for (long minute = 0; minute < 8 * 60; minute++)
        {
            nowMs = Instant.parse("2026-10-24T20:00:00Z").plus(Duration.ofMinutes(minute)).toEpochMilli();
            scheduler.doWork();
            finishShoots();
            scheduler.doWork();
        }

        assertEquals(List.of("moscow@2026-10-24T23:30:00Z", "berlin@2026-10-25T00:30:00Z"), fired, log.toString());
        assertEquals(Instant.parse("2026-10-26T01:30:00Z"), scheduler.nextDue("berlin").orElseThrow().toInstant());
        assertEquals(Instant.parse("2026-10-25T23:30:00Z"), scheduler.nextDue("moscow").orElseThrow().toInstant());
    }

    @Test
    void shouldComputeFirstDueInScheduleZone()
    {
        final Scheduler scheduler = scheduler(schedules("skip",
            entry("moscow", "30 2 * * *", "Europe/Moscow", "a"), entry("berlin", "30 2 * * *", "Europe/Berlin", "b")),
            "2026-03-28T12:00:00Z");

        assertEquals(Instant.parse("2026-03-28T23:30:00Z"), scheduler.nextDue("moscow").orElseThrow().toInstant());
        assertEquals(Instant.parse("2026-03-30T00:30:00Z"), scheduler.nextDue("berlin").orElseThrow().toInstant());
        assertEquals(0, scheduler.doWork());
        assertTrue(log.get(0).contains("'moscow' cron \"30 2 * * *\" Europe/Moscow, set a, target t.example.net:53: " +
            "next at 2026-03-29T02:30+03:00[Europe/Moscow]"), log.toString());
    }

    @Test
    void shouldSkipWhenSetIsStillShootingAndPolicyIsSkip()
    {
        final Scheduler scheduler = scheduler(schedules("skip",
            entry("first", "0 * * * *", "UTC", "a"), entry("second", "0 * * * *", "UTC", "a"),
            entry("other", "0 * * * *", "UTC", "b")), "2026-05-01T00:30:00Z");

        at("2026-05-01T01:00:00Z");
        assertEquals(3, scheduler.doWork());
        assertEquals(List.of("first@2026-05-01T01:00:00Z", "other@2026-05-01T01:00:00Z"), runAndList());
        assertLogged("l2 scheduler: skip 'second' " +
            "(due 2026-05-01T01:00Z[UTC]): set a is shooting 'first'; next at 2026-05-01T02:00Z[UTC]");
        assertEquals(1, scheduler.skippedCount());

        at("2026-05-01T01:30:00Z");
        scheduler.doWork();
        at("2026-05-01T02:00:00Z");
        scheduler.doWork();
        assertEquals(List.of("first@2026-05-01T02:00:00Z", "other@2026-05-01T02:00:00Z"), runAndList());
        assertEquals(4, scheduler.firedCount());
        assertEquals(2, scheduler.skippedCount());
    }

    @Test
    void shouldWaitForSetUntilNextFireTimeWhenPolicyIsWait()
    {
        final Scheduler scheduler = scheduler(schedules("wait",
            entry("long", "0 * * * *", "UTC", "a"), entry("short", "0 * * * *", "UTC", "a")), "2026-05-01T00:30:00Z");

        at("2026-05-01T01:00:00Z");
        scheduler.doWork();
        assertEquals(1, shoots.size());
        assertTrue(log.stream().anyMatch((line) -> line.contains("'short' (due 2026-05-01T01:00Z[UTC]) waits: set a " +
            "is shooting 'long'; at most until 2026-05-01T02:00Z[UTC]")), log.toString());

        at("2026-05-01T01:20:00Z");
        assertEquals(0, scheduler.doWork());
        finishShoots();
        assertEquals(2, scheduler.doWork());
        assertEquals(1, shoots.size());
        assertEquals(List.of("long@2026-05-01T01:20:00Z"), fired);
        finishShoots();
        assertEquals("short@2026-05-01T01:20:00Z", fired.get(1));

        at("2026-05-01T02:00:00Z");
        scheduler.doWork();
        assertEquals(1, shoots.size());
        at("2026-05-01T03:00:00Z");
        scheduler.doWork();
        assertLogged("l2 scheduler: skip 'short' (due 2026-05-01T02:00Z[UTC]): set a still shooting 'long' " +
            "at its next fire time 2026-05-01T03:00Z[UTC]");
        assertEquals(3, scheduler.firedCount());
    }

    @Test
    void shouldSurviveFailingShootAndFireAgainNextTime()
    {
        final Scheduler scheduler = scheduler(
            schedules("skip", entry("boom", "*/5 * * * *", "UTC", "a")), "2026-05-01T00:01:00Z");

        at("2026-05-01T00:05:00Z");
        scheduler.doWork();
        finishShoots();
        scheduler.doWork();
        assertLogged("l2 scheduler: 'boom' done: exit 1 " +
            "(java.lang.IllegalStateException: the shoot blew up)");

        at("2026-05-01T00:10:00Z");
        scheduler.doWork();
        assertEquals(1, shoots.size());
        assertEquals(2, scheduler.firedCount());
    }

    @Test
    void shouldFireOnceAndCountMissedTimesWhenClockJumps()
    {
        final Scheduler scheduler = scheduler(
            schedules("skip", entry("minutely", "* * * * *", "UTC", "a")), "2026-05-01T00:00:30Z");

        at("2026-05-01T00:10:30Z");
        scheduler.doWork();
        scheduler.doWork();

        assertEquals(1, scheduler.firedCount());
        assertEquals(9, scheduler.skippedCount());
        assertTrue(log.stream().anyMatch((line) -> line.contains("'minutely' missed 9 fire time(s) from " +
            "2026-05-01T00:01Z[UTC]")), log.toString());
        assertEquals(Instant.parse("2026-05-01T00:11:00Z"), scheduler.nextDue("minutely").orElseThrow().toInstant());
    }

    private void assertLogged(final String line)
    {
        assertTrue(log.contains(line), () -> "no line '" + line + "' in " + log);
    }

    private List<String> runAndList()
    {
        finishShoots();
        final List<String> result = new ArrayList<>(fired);
        fired.clear();
        return result;
    }
}
