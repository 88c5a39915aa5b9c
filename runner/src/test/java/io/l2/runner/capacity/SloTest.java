/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.capacity;

import java.nio.ByteBuffer;

import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.record.ResultRecordFlyweight;
import io.l2.runner.base.InputException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --slo}: its grammar, its bad input (one line naming {@code --slo} and the term), and its checks on totals
 * built from records through the real aggregator.
 */
class SloTest
{
    private static final long NS_PER_MS = 1_000_000L;

    private final UnsafeBuffer buffer =
        new UnsafeBuffer(ByteBuffer.allocateDirect(ResultRecordDescriptor.RECORD_LENGTH));
    private final ResultRecordFlyweight record = new ResultRecordFlyweight().wrap(buffer, 0);
    private final Aggregator aggregator = Aggregator.of((second) -> 1000);
    private int sequence;

    @Test
    void shouldParseEveryKindOfTermWhenJoinedByCommas()
    {
        final Slo slo = Slo.parse("loss<=0.1%, p99<=20ms,p99.9 < 50ms,max<=1s,p50<=800us,SERVFAIL<=1%,timeouts<2%," +
            "errors<=0%");
        assertEquals(8, slo.terms().size());
        final Slo.Term loss = slo.terms().get(0);
        assertEquals(Slo.Kind.LOSS, loss.kind());
        assertEquals(0.1, loss.limit());
        final Slo.Term p99 = slo.terms().get(1);
        assertEquals(Slo.Kind.QUANTILE, p99.kind());
        assertEquals(99.0, p99.quantile());
        assertEquals(20e6, p99.limit());
        final Slo.Term p999 = slo.terms().get(2);
        assertEquals(99.9, p999.quantile());
        assertTrue(p999.strict());
        assertEquals(100.0, slo.terms().get(3).quantile());
        assertEquals(1e9, slo.terms().get(3).limit());
        assertEquals(800e3, slo.terms().get(4).limit());
        assertEquals(Slo.Kind.RCODE, slo.terms().get(5).kind());
        assertEquals(2, slo.terms().get(5).rcode());
        assertEquals(Slo.Kind.TIMEOUTS, slo.terms().get(6).kind());
        assertEquals(Slo.Kind.ERRORS, slo.terms().get(7).kind());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|--slo: empty (expected terms such as 'loss<=0.1%,p99<=20ms')",
        "loss=1%|--slo 'loss=1%': expected NAME<=VALUE, e.g. loss<=0.1%, p99<=20ms, servfail<=1%",
        "loss>=1%|--slo 'loss>=1%': expected NAME<=VALUE, e.g. loss<=0.1%, p99<=20ms, servfail<=1%",
        "loss<=0.1%,|--slo '': expected NAME<=VALUE, e.g. loss<=0.1%, p99<=20ms, servfail<=1%",
        "loss<=1|--slo 'loss<=1': a share needs %, e.g. loss<=1%",
        "loss<=101%|--slo 'loss<=101%': a share is at most 100%",
        "p99<=20|--slo 'p99<=20': a latency needs a unit: us, ms or s (e.g. p99<=20ms)",
        "p99<=20%|--slo 'p99<=20%': a latency needs a unit: us, ms or s (e.g. p99<=20ms)",
        "p0<=20ms|--slo 'p0<=20ms': the quantile must be above 0 and at most 100",
        "p100.5<=20ms|--slo 'p100.5<=20ms': the quantile must be above 0 and at most 100",
        "p99<=0ms|--slo 'p99<=0ms': the latency must be above 0",
        "servfial<=1%|--slo 'servfial<=1%': unknown name 'servfial' (expected loss, timeouts, errors, pQ such as " +
            "p99.9, max, or an rcode such as servfail)",
        "loss<=-1%|--slo 'loss<=-1%': expected NAME<=VALUE, e.g. loss<=0.1%, p99<=20ms, servfail<=1%"
    })
    void shouldRefuseInOneLineWhenTheSloIsBad(final String text, final String message)
    {
        final InputException refused = assertThrows(InputException.class, () -> Slo.parse(text));
        assertEquals(message, refused.getMessage());
        assertTrue(!refused.getMessage().contains("\n"));
    }

    @Test
    void shouldMeetEveryTermWhenTheTotalsAreWithinThem()
    {
        answers(990, 0, 2);
        answers(10, 2, 30);
        final SecondStats totals = aggregator.totals();
        assertNull(Slo.parse("loss<=0.1%,p99<=20ms,servfail<=1%,max<=31ms").firstMiss(totals));
        assertEquals(1.0, Slo.measure(Slo.parse("servfail<=1%").terms().get(0), totals), 1e-9);
    }

    @Test
    void shouldNameTheFirstMissedTermWithWhatWasMeasured()
    {
        answers(980, 0, 2);
        answers(20, 2, 2);
        final SecondStats totals = aggregator.totals();
        assertEquals("servfail 2.000% (servfail<=1%)", Slo.parse("loss<=0.1%,servfail<=1%").firstMiss(totals));
        assertEquals("servfail 2.000% (servfail<1.5%)", Slo.parse("servfail<1.5%").firstMiss(totals));
        assertNull(Slo.parse("servfail<=2%").firstMiss(totals));
        assertEquals("servfail 2.000% (servfail<2%)", Slo.parse("servfail<2%").firstMiss(totals));
    }

    @Test
    void shouldCountTimeoutsAsLossAndAsSlowerThanAnyLatencyLimit()
    {
        answers(980, 0, 1);
        timeouts(20);
        final SecondStats totals = aggregator.totals();
        assertEquals("loss 2.000% (loss<=1%)", Slo.parse("loss<=1%").firstMiss(totals));
        assertEquals("timeouts 2.000% (timeouts<=1%)", Slo.parse("timeouts<=1%").firstMiss(totals));
        assertEquals("p99 is a timeout (p99<=1s)", Slo.parse("p99<=1s").firstMiss(totals));
        assertNull(Slo.parse("p98<=2ms,errors<=0%").firstMiss(totals));
    }

    @Test
    void shouldFailEveryAnswerTermWhenNothingWasAnswered()
    {
        timeouts(100);
        final SecondStats totals = aggregator.totals();
        assertEquals("p50 is a timeout (p50<=1s)", Slo.parse("p50<=1s").firstMiss(totals));
        assertEquals("noerror 100.000% (noerror<=50%)", Slo.parse("noerror<=50%").firstMiss(totals));
    }

    private void answers(final int count, final int rcode, final double latencyMs)
    {
        for (int i = 0; i < count; i++)
        {
            final long intendedNs = sequence++ * 100_000L;
            record.set(intendedNs, intendedNs, intendedNs + (long)(latencyMs * NS_PER_MS), 0, i, 1, rcode, 0,
                Outcome.ANSWERED, 1, 100, i & 0xFFFF);
            aggregator.onRecord(buffer, 0);
        }
    }

    private void timeouts(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final long intendedNs = sequence++ * 100_000L;
            record.set(intendedNs, intendedNs, ResultRecordDescriptor.NO_TIME, 0, i, 1, 0, 0, Outcome.TIMEOUT, 0,
                100, i & 0xFFFF);
            aggregator.onRecord(buffer, 0);
        }
    }
}
