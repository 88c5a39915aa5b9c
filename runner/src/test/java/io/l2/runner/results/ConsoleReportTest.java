/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
