/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleReportTest
{
    @Test
    void shouldFormatInARehearsalExactlyWhatTheFirstSecondPrintsButPrintNothing()
    {
        final SecondStats second = secondWithAnswers();
        final StringWriter printed = new StringWriter();

        final int rehearsed = ConsoleReport.rehearse(second);
        new ConsoleReport(new PrintWriter(printed)).second(second);

        assertEquals(printed.toString().length(), rehearsed, printed.toString());
        assertTrue(printed.toString().contains("NOERROR 3"), printed.toString());
    }

    @Test
    void shouldPrintTheHttpStatusesUnderTheErrorsMostFrequentFirstWhenTheSummaryHasHttpErrors()
    {
        final Map<Integer, Integer> statuses = new LinkedHashMap<>();
        statuses.put(429, 3);
        statuses.put(500, 12);
        final ShootResult result = new ShootResult(Map.of("id", "x"), List.of(
            new HostResult("load01", "man", HostResult.OK, "", DohRecords.second(5, statuses), Map.of(), null)));

        final String summary = summary(result);

        assertTrue(summary.contains(String.join("\n",
            "  errors      15 (malformed 0, send errors 0, http status not 200 15)",
            "  http status not 200 15 (500: 12, 429: 3)",
            "  dropped     0")), summary);
    }

    @Test
    void shouldPrintNoHttpStatusRowWhenNoRequestHadOne()
    {
        final ShootResult result = new ShootResult(Map.of("id", "x"), List.of(
            new HostResult("load01", "man", HostResult.OK, "", DohRecords.second(5, Map.of()), Map.of(), null)));

        final String summary = summary(result);

        assertTrue(summary.contains("  errors      0 (malformed 0, send errors 0)\n"), summary);
        assertFalse(summary.contains("http status"), summary);
    }

    @Test
    void shouldOrderHttpStatusesOfEqualCountByStatus()
    {
        final Map<Integer, Integer> statuses = new LinkedHashMap<>();
        statuses.put(503, 2);
        statuses.put(404, 1);
        statuses.put(502, 2);

        assertEquals("502: 2, 503: 2, 404: 1",
            ConsoleReport.httpStatuses(DohRecords.second(0, statuses).totals()));
    }

    private static String summary(final ShootResult result)
    {
        final StringWriter printed = new StringWriter();
        new ConsoleReport(new PrintWriter(printed)).summary(result, null);
        return printed.toString();
    }

    private static SecondStats secondWithAnswers()
    {
        final Aggregator aggregator = Aggregator.of((s) -> 3);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RECORD_LENGTH]);
        final ResultRecordFlyweight record = new ResultRecordFlyweight().wrap(buffer, 0);
        for (int i = 0; i < 3; i++)
        {
            record.set(i * 1_000_000L, i * 1_000_000L + 10_000, i * 1_000_000L + 400_000, 0, i, 1, 0, 0,
                Outcome.ANSWERED, 1, 64, i);
            aggregator.onRecord(buffer, 0);
        }
        return aggregator.seconds().get(0);
    }
}
