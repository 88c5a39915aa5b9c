/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.util.Map;

import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordFlyweight;
import org.agrona.concurrent.UnsafeBuffer;

import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;

/**
 * Test data: one second of a DNS over HTTPS shoot built from result records fed to a real aggregator, so the HTTP
 * statuses are counted the way a shoot counts them.
 */
public final class DohRecords
{
    private DohRecords()
    {
    }

    /**
     * @param answers          NOERROR answers.
     * @param countsByStatus   how many {@link Outcome#HTTP_STATUS} records of each status.
     * @return an aggregator (requesting 100 queries a second) holding them, all in second 0.
     */
    public static Aggregator second(final int answers, final Map<Integer, Integer> countsByStatus)
    {
        final Aggregator aggregator = Aggregator.of((second) -> 100);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RECORD_LENGTH]);
        final ResultRecordFlyweight record = new ResultRecordFlyweight().wrap(buffer, 0);
        int i = 0;
        for (; i < answers; i++)
        {
            final long intendedNs = i * 1_000_000L;
            record.set(intendedNs, intendedNs + 10_000, intendedNs + 400_000, 0, i, 1, 0, 0, Outcome.ANSWERED, 1, 64,
                i);
            aggregator.onRecord(buffer, 0);
        }
        for (final Map.Entry<Integer, Integer> status : countsByStatus.entrySet())
        {
            for (int n = 0; n < status.getValue(); n++, i++)
            {
                final long intendedNs = i * 1_000_000L;
                record.set(intendedNs, intendedNs + 10_000, intendedNs + 300_000, 0, i, 1, status.getKey(), 0,
                    Outcome.HTTP_STATUS, 0, 0, i);
                aggregator.onRecord(buffer, 0);
            }
        }
        return aggregator;
    }
}
