/**
 * Schedules: their cron times ({@link io.l2.runner.schedule.CronTimes}), which ones a target names
 * ({@link io.l2.runner.schedule.TargetMatch}), firing one through the very {@code l2 shoot fire} command
 * ({@link io.l2.runner.schedule.ShootFirer}), and the daemon's scheduler ({@link io.l2.runner.schedule.Scheduler}).
 */
package io.l2.runner.schedule;
