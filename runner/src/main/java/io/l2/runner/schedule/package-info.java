/**
 * Schedules: their cron times ({@link io.l2.runner.schedule.CronTimes}), which ones a target names
 * ({@link io.l2.runner.schedule.TargetMatch}), firing one's effective plan through the shoot API, as
 * {@code l2 shoot fire} fires a plan ({@link io.l2.runner.schedule.EffectivePlanFirer}), and the daemon's scheduler ({@link io.l2.runner.schedule.Scheduler}).
 */
package io.l2.runner.schedule;
