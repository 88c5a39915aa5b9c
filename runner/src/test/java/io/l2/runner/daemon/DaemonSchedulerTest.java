/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.runner.schedule.Scheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon runs the scheduler thread only with {@code l2.scheduler: true}, and {@link Daemon#close()} stops it.
 */
class DaemonSchedulerTest
{
    @TempDir
    Path tmp;

    private static long schedulerThreadCount()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter((thread) -> Scheduler.ROLE_NAME.equals(thread.getName()) && thread.isAlive()).count();
    }

    private L2Config config(final boolean scheduler)
    {
        return ConfigLoader.parse("l2.yaml", String.join("\n",
            "l2:",
            "  results-dir: results",
            "  data-dir: data",
            "  scheduler: " + scheduler,
            "cluster:",
            "  local:",
            "    local: [localhost]",
            "schedules:",
            "  - name: leap",
            "    cron: \"0 0 29 2 *\"",
            "    timezone: Europe/Moscow",
            "    target: \"127.0.0.1:5300\"",
            "    plan: {ammo: q.txt, schedule: \"const(1,1s)\"}",
            ""), tmp);
    }

    @Test
    void shouldRunSchedulerThreadUntilCloseWhenSchedulerIsOn() throws IOException
    {
        final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        final long before = schedulerThreadCount();
        final Daemon daemon = Daemon.start(config(true), TestChannels.loopback(tmp.resolve("l2.socket"),
            tmp.resolve("aeron"), TestChannels.uniqueLoopbackMulticast()), new DaemonState(System::nanoTime),
            new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        try
        {
            assertNotNull(daemon.scheduler());
            assertEquals(before + 1, schedulerThreadCount());
        }
        finally
        {
            daemon.close();
        }
        final String log = logBytes.toString(StandardCharsets.UTF_8);
        assertEquals(before, schedulerThreadCount());
        assertTrue(log.contains("l2 scheduler: 'leap' cron \"0 0 29 2 *\" Europe/Moscow, set local, target " +
            "127.0.0.1:5300: next at "), log);
        assertTrue(log.contains("-02-29T00:00+03:00[Europe/Moscow]"), log);
        assertTrue(log.contains("l2 scheduler: started, 1 schedule(s), overlap skip\n"), log);
        assertTrue(log.indexOf("l2 scheduler: stopped") < log.indexOf("l2 daemon: stopped"), log);
        assertEquals(0, daemon.scheduler().scheduler().firedCount());
    }

    @Test
    void shouldNotRunSchedulerWhenSchedulerIsOff() throws IOException
    {
        final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        final long before = schedulerThreadCount();
        try (Daemon daemon = Daemon.start(config(false), TestChannels.loopback(tmp.resolve("l2.socket"),
            tmp.resolve("aeron"), TestChannels.uniqueLoopbackMulticast()), new DaemonState(System::nanoTime),
            new PrintStream(logBytes, true, StandardCharsets.UTF_8)))
        {
            assertNull(daemon.scheduler());
            assertEquals(before, schedulerThreadCount());
        }
        assertFalse(logBytes.toString(StandardCharsets.UTF_8).contains("l2 scheduler"));
    }
}
