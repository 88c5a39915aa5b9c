/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.l2.config.Schedules;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * A {@link Scheduler} on its own thread ({@value Scheduler#ROLE_NAME}), checking the clock every
 * {@value #IDLE_MS} ms when idle; each shoot runs on a thread of its own ({@code l2-daemon-shoot-NAME}).
 * {@link #close()} stops the scheduler thread (no new fire), then waits up to {@link #CLOSE_WAIT_MS} for shoots that
 * are still running. Start and close from one thread.
 */
public final class SchedulerThread implements AutoCloseable
{
    /** How often the idle scheduler looks at the clock, ms. */
    public static final long IDLE_MS = 100;

    /** How long {@link #close()} waits for running shoots, ms. */
    public static final long CLOSE_WAIT_MS = 30_000;

    private final AgentRunner runner;
    private final Scheduler scheduler;
    private final List<Thread> shoots;
    private final Consumer<String> log;

    private SchedulerThread(
        final AgentRunner runner, final Scheduler scheduler, final List<Thread> shoots, final Consumer<String> log)
    {
        this.runner = runner;
        this.scheduler = scheduler;
        this.shoots = shoots;
        this.log = log;
    }

    /**
     * Starts the scheduler.
     *
     * @param schedules the schedules.
     * @param clock     the wall clock.
     * @param firer     fires a schedule (called on the shoot threads).
     * @param log       receives one line per event (from several threads).
     * @return the running scheduler.
     */
    public static SchedulerThread start(
        final Schedules schedules, final EpochClock clock, final ShootFirer firer, final Consumer<String> log)
    {
        Objects.requireNonNull(log, "log");
        final List<Thread> shoots = new ArrayList<>();
        final AtomicInteger shootCount = new AtomicInteger();
        final Executor executor = (task) ->
        {
            final Thread thread = new Thread(task, "l2-daemon-shoot-" + shootCount.incrementAndGet());
            synchronized (shoots)
            {
                shoots.removeIf((shoot) -> !shoot.isAlive());
                shoots.add(thread);
            }
            thread.start();
        };
        final Scheduler scheduler = new Scheduler(schedules, clock, firer, executor, log);
        final AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(IDLE_MS),
            (ex) -> log.accept(Scheduler.LOG_PREFIX + "error: " + ex), null, scheduler);
        AgentRunner.startOnThread(runner);
        log.accept(Scheduler.LOG_PREFIX + "started, " + schedules.entries().size() + " schedule(s), overlap " +
            schedules.overlap().yamlName());
        return new SchedulerThread(runner, scheduler, shoots, log);
    }

    /**
     * @return the scheduler (its counters may be read from any thread, without guarantee of freshness).
     */
    public Scheduler scheduler()
    {
        return scheduler;
    }

    /**
     * Stops firing, then waits for running shoots (at most {@link #CLOSE_WAIT_MS}). Idempotent.
     */
    public void close()
    {
        if (runner.isClosed())
        {
            return;
        }
        runner.close();
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
        final List<Thread> running;
        synchronized (shoots)
        {
            running = new ArrayList<>(shoots);
        }
        for (final Thread shoot : running)
        {
            try
            {
                shoot.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
            if (shoot.isAlive())
            {
                log.accept(Scheduler.LOG_PREFIX + "a scheduled shoot is still running after " + CLOSE_WAIT_MS +
                    " ms; leaving it");
            }
        }
        log.accept(Scheduler.LOG_PREFIX + "stopped");
    }
}
