/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.record.ResultRecordFlyweight;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.ShootResult;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test data: a deterministic shoot of several hosts in two datacenters, built from result records fed to real
 * aggregators (answers with a few rcodes and log-normal latencies, some timeouts, send errors and late sends).
 */
final class SampleShoot
{
    private static final long NS_PER_SECOND = 1_000_000_000L;

    private SampleShoot()
    {
    }

    /**
     * @param seed             the random seed.
     * @param hostNames        the hosts (the first half in dc "vla", the others in "sas").
     * @param seconds          how long the shoot lasted.
     * @param recordsPerSecond records per host and second.
     * @param requestedPerSecond what the profile asked of each host per second.
     * @param description      the shoot's description.
     * @return the result.
     */
    static ShootResult result(
        final long seed,
        final List<String> hostNames,
        final int seconds,
        final int recordsPerSecond,
        final long requestedPerSecond,
        final String description)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(ResultRecordDescriptor.RECORD_LENGTH));
        final ResultRecordFlyweight record = new ResultRecordFlyweight().wrap(buffer, 0);
        final List<HostResult> hosts = new ArrayList<>();
        for (int h = 0; h < hostNames.size(); h++)
        {
            final Aggregator aggregator = Aggregator.of((second) -> requestedPerSecond);
            for (long second = 0; second < seconds; second++)
            {
                for (int i = 0; i < recordsPerSecond; i++)
                {
                    final long intendedNs = second * NS_PER_SECOND + (long)i * NS_PER_SECOND / recordsPerSecond;
                    final int pick = random.nextInt(1000);
                    final int outcome = pick < 985 ? Outcome.ANSWERED : pick < 995 ? Outcome.TIMEOUT :
                        Outcome.SEND_ERROR;
                    final long sentNs = Outcome.SEND_ERROR == outcome ? ResultRecordDescriptor.NO_TIME :
                        intendedNs + random.nextLong(20_000);
                    final long serviceNs = 30_000 + (long)(Math.exp(random.nextGaussian()) * (100_000 + 50_000 * h));
                    final boolean answered = Outcome.ANSWERED == outcome;
                    final int r = random.nextInt(100);
                    record.set(intendedNs, sentNs, answered ? sentNs + serviceNs : ResultRecordDescriptor.NO_TIME,
                        0, i, 1, answered ? (r < 80 ? 0 : r < 97 ? 3 : 2) : 0, 0, outcome, answered ? 1 : 0, 100,
                        i & 0xFFFF);
                    aggregator.onRecord(buffer, 0);
                }
            }
            final Map<String, Long> counters = new LinkedHashMap<>();
            counters.put("no_free_id", (long)h);
            counters.put("max_lag_ns", 20_000L * (h + 1));
            hosts.add(new HostResult(hostNames.get(h), h < (hostNames.size() + 1) / 2 ? "vla" : "sas",
                0 == h ? HostResult.OK : HostResult.FAILED, 0 == h ? "" : "lost the target </script> <b>x</b>",
                aggregator, counters, null));
        }
        final Map<String, Object> header = new LinkedHashMap<>();
        header.put("id", "20261101-120000-abcd");
        header.put("description", description);
        header.put("target", "127.0.0.1:5353");
        header.put("ammo", "test");
        header.put("mode", "async");
        header.put("started_at", "2026-11-01T12:00:00Z");
        header.put("profile", "const(" + requestedPerSecond * hostNames.size() + "," + seconds + "s)");
        header.put("set", "local");
        return new ShootResult(header, hosts);
    }
}
