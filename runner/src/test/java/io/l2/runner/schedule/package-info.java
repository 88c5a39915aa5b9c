/**
 * Tests of schedules: cron times across daylight-saving changes, target patterns, the scheduler on a fake clock, and
 * {@code l2 schedule list|fire} end to end against l2's embedded responder on loopback.
 */
package io.l2.runner.schedule;
