/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.l2.engine.test.NsdServer;
import io.l2.engine.test.ZoneWriter;
import io.l2.runner.base.ExitCode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.runner.shoot.ShootHarness.list;
import static io.l2.runner.shoot.ShootHarness.number;
import static io.l2.runner.shoot.ShootHarness.object;
import static io.l2.runner.shoot.ShootHarness.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance: autostop against a real target that breaks. NSD on loopback with response-rate limiting
 * ({@code rrl-ratelimit: 400}, {@code rrl-slip: 0}: answers above the limit are dropped) is shot with a ramp well
 * past the limit and {@code autostop: [timeouts(5%, 2s)]}: the shoot stops within 3 s of the second where the ramp
 * crossed the limit, NSD's own query count stops growing and matches what l2 sent, the exit code is
 * {@link ExitCode#AUTOSTOPPED}, and the result names the criterion and the rate at trigger.
 * <p>
 * NSD's limiter decides on a smoothed rate (each second, the mean of the previous rate and the second's count), so it
 * starts dropping a second or so after the ramp crossed the limit; a ramp of 200 rps per second keeps that lag at one
 * second. Then 2 bad seconds, then the 500 ms timeout of the second one: the last query goes out 3 s after the
 * crossing.
 */
@Tag("real-server")
class AutostopNsdTest
{
    private static final int RATE_LIMIT = 400;
    private static final long SLOPE = 200;
    private static final long PROFILE_QUERIES = (100 + 4100) / 2 * 20;

    @Test
    void shouldStopEveryQueryWhenRateLimitedNsdDropsAboveItsLimit(@TempDir final Path dir) throws Exception
    {
        final ZoneWriter zone = ZoneWriter.exampleTest(4);
        try (NsdServer nsd = NsdServer.startRateLimited(zone, RATE_LIMIT))
        {
            // one name asked again and again: one RRL bucket, so the limit is the target's whole rate
            final ShootHarness harness = new ShootHarness(dir, List.of(zone.hostName(1) + " A"));
            final Path plan = harness.plan("autostop.yaml", nsd.address(),
                "schedule: \"line(100,4100,20s)\"\ninstances: 10\nmode: async\ntimeout: 500ms\n" +
                "autostop: [timeouts(5%, 2s)]\n");
            final long queriesBefore = nsd.queryCount();

            final ShootHarness.Run run = harness.fire(plan, "--no-warmup");
            final long queriesAtEnd = nsd.queryCount();
            Thread.sleep(1500);
            final long queriesLater = nsd.queryCount();

            final Map<String, Object> result = run.json();
            final Map<String, Object> totals = object(result, "totals");
            final List<Map<String, Object>> seconds = list(result, "seconds");
            final String report = "stderr:\n" + run.err() + "\nautostop " + result.get("autostop") + "\ntotals " +
                totals + "\nNSD queries: " + queriesBefore + " before, " + queriesAtEnd + " at the end, " +
                queriesLater + " 1.5 s later\n" + table(seconds);
            System.out.println(report);

            assertEquals(ExitCode.AUTOSTOPPED, run.exitCode(), report);
            final Map<String, Object> autostop = object(result, "autostop");
            assertEquals("timeouts(5%,2s)", autostop.get("criterion"), report);
            assertEquals("target", autostop.get("culprit"), report);
            assertTrue(((String)autostop.get("reason")).startsWith("timeouts "), report);

            long crossing = -1;
            long lastSent = -1;
            for (final Map<String, Object> second : seconds)
            {
                if (crossing < 0 && number(second, "requested") > RATE_LIMIT)
                {
                    crossing = number(second, "t");
                }
                if (number(second, "sent") > 0)
                {
                    lastSent = number(second, "t");
                }
            }
            assertTrue(crossing >= 2, "the ramp crossed the limit at second " + crossing + ": " + report);
            assertTrue(number(autostop, "second") <= crossing + 3, "held within 3 s: " + report);
            assertTrue(lastSent <= crossing + 3, "the last query went out in second " + lastSent + ", more than 3 s " +
                "after second " + crossing + " where the ramp crossed " + RATE_LIMIT + " rps: " + report);

            final long firstSecond = number(autostop, "first_second");
            final long second = number(autostop, "second");
            assertEquals(firstSecond + 1, second, "2 s in a row: " + report);
            assertTrue(Math.abs(firstSecond - crossing) <= 1, "the first bad second is the crossing: " + report);
            final Map<String, Object> first = seconds.stream().filter((s) -> number(s, "t") == firstSecond)
                .findFirst().orElseThrow();
            assertEquals(number(first, "requested"), number(autostop, "rps_at_trigger"), report);
            assertTrue(number(autostop, "rps_at_trigger") > RATE_LIMIT &&
                number(autostop, "rps_at_trigger") <= RATE_LIMIT + 2 * SLOPE,
                "the rate at trigger is above the limit, by at most two seconds of the ramp: " + report);

            final long sent = number(totals, "sent");
            assertTrue(sent < PROFILE_QUERIES / 2, "stopped early: " + sent + " of " + PROFILE_QUERIES + ": " +
                report);
            assertEquals(queriesAtEnd, queriesLater, "NSD got no query after the shoot returned: " + report);
            // the probe l2 sends before the shoot, and nsd-control's reading itself, are the only other queries
            assertTrue(Math.abs(queriesAtEnd - queriesBefore - sent) <= 2,
                "NSD counted what l2 sent (" + sent + "): " + report);

            final Map<String, Object> host = list(result, "hosts").get(0);
            assertEquals("aborted", host.get("status"), report);
            assertEquals("stopped by autostop: timeouts(5%,2s)", host.get("reason"), report);
            assertTrue(run.err().contains("l2: autostop: timeouts(5%,2s) held at second " + second), report);

            final ShootHarness.Run replay = harness.replay(Path.of((String)result.get("results")));
            assertEquals(ExitCode.OK, replay.exitCode(), replay.err());
            assertEquals(autostop, replay.json().get("autostop"), "the replay keeps what stopped the shoot");
            assertEquals(totals, replay.json().get("totals"));
            final String page = Files.readString(Path.of((String)result.get("results"), "report.html"));
            assertTrue(page.contains("<dt>autostop</dt><dd>timeouts(5%,2s) at second " + second + ", " +
                number(autostop, "rps_at_trigger") + " rps at trigger (target): timeouts "), "report.html says it");
        }
    }
}
