/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.l2.config.AutostopCriterion;
import io.l2.config.ConfigLoader;
import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.record.ResultRecordFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The autostop criteria on synthetic merged seconds, built from records through the real aggregator.
 */
class AutostopTest
{
    private static final long NS_PER_SECOND = 1_000_000_000L;
    private static final long NS_PER_MS = 1_000_000L;

    private final UnsafeBuffer buffer =
        new UnsafeBuffer(ByteBuffer.allocateDirect(ResultRecordDescriptor.RECORD_LENGTH));
    private final ResultRecordFlyweight record = new ResultRecordFlyweight().wrap(buffer, 0);

    /** One second's outcomes. */
    private final class Second
    {
        private final long index;
        private final long requested;
        private final List<long[]> records = new ArrayList<>();

        Second(final long index, final long requested)
        {
            this.index = index;
            this.requested = requested;
        }

        /** {@code count} answers with the rcode, {@code latencyMs} after the intended send time. */
        Second answers(final int count, final int rcode, final double latencyMs)
        {
            for (int i = 0; i < count; i++)
            {
                records.add(new long[] {Outcome.ANSWERED, rcode, (long)(latencyMs * NS_PER_MS), 0});
            }
            return this;
        }

        Second timeouts(final int count)
        {
            for (int i = 0; i < count; i++)
            {
                records.add(new long[] {Outcome.TIMEOUT, 0, 0, 0});
            }
            return this;
        }

        Second sendErrors(final int count)
        {
            for (int i = 0; i < count; i++)
            {
                records.add(new long[] {Outcome.SEND_ERROR, 0, 0, 0});
            }
            return this;
        }

        /** Answers sent {@code lagMs} late (latency = lag + 1 ms). */
        Second late(final int count, final double lagMs)
        {
            for (int i = 0; i < count; i++)
            {
                records.add(new long[] {Outcome.ANSWERED, 0, (long)((lagMs + 1) * NS_PER_MS),
                    (long)(lagMs * NS_PER_MS)});
            }
            return this;
        }

        SecondStats stats()
        {
            final Aggregator aggregator = Aggregator.of((second) -> second == index ? requested : 0);
            for (int i = 0; i < records.size(); i++)
            {
                final long[] r = records.get(i);
                final long intendedNs = index * NS_PER_SECOND + (long)i * (NS_PER_SECOND / 2) / records.size();
                final int outcome = (int)r[0];
                final boolean answered = Outcome.ANSWERED == outcome;
                final long sentNs = Outcome.SEND_ERROR == outcome ? ResultRecordDescriptor.NO_TIME : intendedNs + r[3];
                record.set(intendedNs, sentNs, answered ? intendedNs + r[2] : ResultRecordDescriptor.NO_TIME, 0, i, 1,
                    (int)r[1], 0, outcome, answered ? 1 : 0, 100, i & 0xFFFF);
                aggregator.onRecord(buffer, 0);
            }
            for (final SecondStats second : aggregator.seconds())
            {
                if (second.second() == index)
                {
                    return second;
                }
            }
            return new SecondStats(index, requested);
        }
    }

    private Second second(final long index, final long requested)
    {
        return new Second(index, requested);
    }

    private static List<AutostopCriterion> criteria(final String... criteria)
    {
        final StringBuilder yaml = new StringBuilder("target: 127.0.0.1:53\nammo: ./a.txt\nschedule: const(1,1s)\n" +
            "autostop:\n");
        for (final String criterion : criteria)
        {
            yaml.append("  - \"").append(criterion).append("\"\n");
        }
        return ConfigLoader.parsePlan("plan.yaml", yaml.toString(), Path.of("/tmp"),
            ConfigLoader.embeddedDefault("localhost")).autostop();
    }

    private static Autostop autostop(final String... criteria)
    {
        return new Autostop(criteria(criteria), () -> 0);
    }

    @Test
    void shouldStopAfterNBadSecondsInARowAndResetOnAGoodOne()
    {
        final Autostop autostop = autostop("timeouts(5%, 2s)");

        assertNull(autostop.onSecond(second(0, 100).answers(90, 0, 1).timeouts(10).stats()), "1 of 2 bad");
        assertNull(autostop.onSecond(second(1, 200).answers(200, 0, 1).stats()), "a good second resets");
        assertNull(autostop.onSecond(second(2, 300).answers(285, 0, 1).timeouts(15).stats()), "5% is bad: 1 of 2");
        assertFalse(autostop.stopRequested());
        final AutostopTrigger trigger = autostop.onSecond(second(3, 400).answers(300, 0, 1).timeouts(100).stats());

        assertEquals(new AutostopTrigger("timeouts(5%,2s)", AutostopTrigger.TARGET, 3, 2, 300,
            "timeouts 25% of 400 queries >= 5% for 2 s in a row (seconds 2-3) (timeouts(5%,2s))"), trigger);
        assertTrue(autostop.stopRequested());
        assertEquals(trigger, autostop.trigger());
        assertNull(autostop.onSecond(second(4, 500).timeouts(500).stats()), "nothing is checked after the trigger");
        assertEquals(trigger, autostop.trigger());
    }

    @Test
    void shouldWeighAWindowByQueriesNotByMeanOfPercentages()
    {
        // second 0: 100% timeouts of 10 queries, second 1: 0% of 990: by queries 1%, as a mean of shares 50%
        final Autostop autostop = autostop("total_timeouts(2%, 2s)");

        assertNull(autostop.onSecond(second(0, 10).timeouts(10).stats()), "the window is not full");
        assertNull(autostop.onSecond(second(1, 990).answers(990, 0, 1).stats()), "1% by queries");
        final AutostopTrigger trigger = autostop.onSecond(second(2, 120).answers(90, 0, 1).timeouts(30).stats());

        assertEquals(new AutostopTrigger("total_timeouts(2%,2s)", AutostopTrigger.TARGET, 2, 1, 990,
            "timeouts 2.7% of 1110 queries >= 2% over the last 2 s (seconds 1-2) (total_timeouts(2%,2s))"), trigger);
    }

    @Test
    void shouldSlideAWindowAndSumCounts()
    {
        final Autostop autostop = autostop("total_errors(30, 3s)");

        assertNull(autostop.onSecond(second(0, 100).answers(90, 0, 1).sendErrors(10).stats()));
        assertNull(autostop.onSecond(second(1, 100).answers(90, 0, 1).sendErrors(10).stats()));
        assertNull(autostop.onSecond(second(2, 100).answers(91, 0, 1).sendErrors(9).stats()), "29 in 3 s");
        final AutostopTrigger trigger = autostop.onSecond(second(3, 100).answers(89, 0, 1).sendErrors(11).stats());

        assertEquals(1, trigger.firstSecond());
        assertEquals("errors 30 >= 30 over the last 3 s (seconds 1-3) (total_errors(30,3s))", trigger.reason());
    }

    @Test
    void shouldCountASecondWithoutAnswersAsFailingAndOneWithoutQueriesAsGood()
    {
        final Autostop autostop = autostop("rcode(SERVFAIL, 1%, 2s)");

        assertNull(autostop.onSecond(second(0, 0).stats()), "nothing asked: good");
        assertNull(autostop.onSecond(second(1, 100).timeouts(100).stats()), "no answers: bad, 1 of 2");
        final AutostopTrigger trigger = autostop.onSecond(second(2, 100).answers(98, 0, 1).answers(2, 2, 1).stats());

        assertEquals("SERVFAIL 2% of 100 answers >= 1% for 2 s in a row (seconds 1-2) (rcode(SERVFAIL,1%,2s))",
            trigger.reason());
    }

    @Test
    void shouldMatchANegatedMask()
    {
        final Autostop autostop = autostop("rcode(!NOERROR+NXDOMAIN, 5%, 1s)");

        assertNull(autostop.onSecond(second(0, 100).answers(50, 0, 1).answers(46, 3, 1).answers(4, 5, 1).stats()));
        final AutostopTrigger trigger =
            autostop.onSecond(second(1, 100).answers(50, 0, 1).answers(45, 3, 1).answers(5, 2, 1).stats());

        assertEquals("rcodes other than NOERROR+NXDOMAIN 5% of 100 answers >= 5% in second 1 " +
            "(rcode(!NOERROR+NXDOMAIN,5%,1s))", trigger.reason());
    }

    @Test
    void shouldReadAnyQuantileAndCountTimeoutsAsSlower()
    {
        final Autostop tail = autostop("quantile(99.9, 50ms, 1s)");
        // 1000 answers: 998 at 1 ms, 2 at 80 ms: p99.9 is 80 ms, p99 1 ms
        assertNull(autostop("quantile(99, 50ms, 1s)").onSecond(
            second(0, 1000).answers(998, 0, 1).answers(2, 0, 80).stats()));
        final AutostopTrigger slow = tail.onSecond(second(0, 1000).answers(998, 0, 1).answers(2, 0, 80).stats());
        assertTrue(slow.reason().startsWith("p99.9 latency 80"), slow.reason());

        // every answer fast, but 2% lost: p99 is a timeout
        final AutostopTrigger lost =
            autostop("quantile(99, 50ms, 1s)").onSecond(second(0, 1000).answers(980, 0, 1).timeouts(20).stats());
        assertEquals("p99 is a timeout (20 of 1000 queries timed out) > 50ms in second 0 (quantile(99,50ms,1s))",
            lost.reason());
        assertNull(autostop("quantile(95, 50ms, 1s)").onSecond(
            second(0, 1000).answers(980, 0, 1).timeouts(20).stats()), "p95 is an answer, fast");
    }

    @Test
    void shouldWindowAQuantileOverMergedHistograms()
    {
        final Autostop autostop = autostop("total_quantile(90, 10ms, 2s)");

        assertNull(autostop.onSecond(second(0, 100).answers(100, 0, 20).stats()), "not full");
        final AutostopTrigger trigger = autostop.onSecond(second(1, 100).answers(100, 0, 1).stats());

        assertEquals(0, trigger.firstSecond(), "p90 of the 200 answers of seconds 0-1 is 20 ms");
        assertTrue(trigger.reason().startsWith("p90 latency 20"), trigger.reason());
        assertNull(autostop.onSecond(second(2, 100).answers(100, 0, 1).stats()), "checked no more");
        final Autostop later = autostop("total_quantile(90, 10ms, 2s)");
        later.onSecond(second(0, 100).answers(100, 0, 20).stats());
        later.onSecond(second(1, 100).answers(100, 0, 1).answers(100, 0, 1).answers(100, 0, 1).stats());
        assertNull(later.onSecond(second(2, 100).answers(100, 0, 1).stats()), "second 0 left the window");
    }

    @Test
    void shouldCheckMeanLatency()
    {
        final Autostop autostop = autostop("time(5ms, 1s)");

        assertNull(autostop.onSecond(second(0, 100).answers(90, 0, 1).answers(10, 0, 40).stats()), "mean 4.9 ms");
        final AutostopTrigger trigger = autostop.onSecond(second(1, 100).answers(80, 0, 1).answers(20, 0, 40).stats());

        assertTrue(trigger.reason().startsWith("mean latency 8.8"), trigger.reason());
    }

    @Test
    void shouldBlameTheGeneratorForLagAndAchievedRate()
    {
        final AutostopTrigger achieved = autostop("achieved(95%, 1s)").onSecond(second(4, 1000).answers(900, 0, 1)
            .stats());
        assertEquals(AutostopTrigger.GENERATOR, achieved.culprit());
        assertEquals("the generator, not the target: l2's hosts could not keep the requested rate: sent 90% of the " +
            "requested rate (900 of 1000 queries) < 95% in second 4 (achieved(95%,1s))", achieved.reason());
        assertNull(autostop("achieved(900, 1s)").onSecond(second(4, 1000).answers(900, 0, 1).stats()));

        final AutostopTrigger lag = autostop("lag(10ms, 1s)").onSecond(second(0, 100).late(5, 0).late(95, 30)
            .stats());
        assertEquals(AutostopTrigger.GENERATOR, lag.culprit());
        assertTrue(lag.reason().contains("p99 schedule lag 30"), lag.reason());
        assertNull(autostop("lag(10ms, 1s)").onSecond(second(0, 100).late(100, 2).stats()));
    }

    @Test
    void shouldCheckTheFirstCriterionWrittenFirst()
    {
        final Autostop autostop = autostop("errors(1, 1s)", "timeouts(1, 1s)");

        assertEquals("errors(1,1s)", autostop.onSecond(second(0, 10).timeouts(5).sendErrors(5).stats()).criterion());
    }

    @Test
    void shouldStopAtTheLimitByTheClock()
    {
        final AtomicLong nowNs = new AtomicLong(1_000 * NS_PER_SECOND);
        final Autostop autostop = new Autostop(criteria("limit(1m30s)"), nowNs::get);

        assertFalse(autostop.stopRequested(), "not started");
        autostop.onStart(nowNs.get());
        assertNull(autostop.onSecond(second(0, 700).answers(700, 0, 1).stats()));
        nowNs.addAndGet(90 * NS_PER_SECOND - 1);
        assertFalse(autostop.stopRequested());
        nowNs.incrementAndGet();
        assertTrue(autostop.stopRequested());
        assertEquals(new AutostopTrigger("limit(1m30s)", AutostopTrigger.LIMIT, 90, 90, 700,
            "the shoot lasted 1m30s (limit(1m30s))"), autostop.trigger());
    }

    @Test
    void shouldDescribeCriteriaForADryRun()
    {
        final List<AutostopCriterion> criteria =
            criteria("timeouts(5%, 2s)", "total_quantile(99.9, 50ms, 10s)", "rcode(!NOERROR, 10, 1s)", "limit(1m)");

        assertEquals(List.of("timeouts >= 5% of the queries, 2 s in a row",
            "p99.9 latency > 50ms (timeouts count as slower), over the last 10 s summed",
            "rcodes other than NOERROR >= 10 answers, 1 s in a row",
            "stop once the shoot has lasted 1m"), criteria.stream().map(Autostop::describe).toList());
    }
}
