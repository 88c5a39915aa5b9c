/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.l2.engine.test.NsdServer;
import io.l2.engine.test.ZoneWriter;
import io.l2.runner.base.ExitCode;
import io.l2.runner.results.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.runner.shoot.ShootHarness.list;
import static io.l2.runner.shoot.ShootHarness.number;
import static io.l2.runner.shoot.ShootHarness.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance: the capacity search finds a known knee. NSD on loopback behind a proxy with an exact limit
 * ({@link DelayProxy#rateLimited}: at most 500 queries in any one second; the queries above it are dropped) is
 * searched with {@code loss<=0.5%}: the capacity found is within 5% of the limit (a stall of this shared 2-core box,
 * not the target, is what {@code --max-lag 250ms} and {@code p99<=300ms} leave room for), the bracket
 * [last pass, first fail] holds it, every trial is a shoot with its folder, and every trial replays with
 * {@code l2 replay} to the same totals. The limit being exact, trials and a hold of 1 s tell a rate 1% above it
 * from one below: a trial of r rps sends r queries within the proxy's one second, so it loses exactly the r - 500
 * above the limit, and none below it however the generator stalls (NSD's own response-rate limiting, which
 * {@link AutostopNsdTest} breaks, is looser and wanted 5 s trials); the pause of 500 ms between trials empties the
 * proxy's window.
 */
@Tag("real-server")
class CapacityNsdTest
{
    private static final int RATE_LIMIT = 500;
    private static final double HOLD_S = 1.0;
    private static final Pattern FOLDER = Pattern.compile("(?m)capacity\\.json and capacity\\.html: (\\S+)$");

    @Test
    void shouldFindTheRateLimitWhenRateLimitedNsdDropsAboveIt(@TempDir final Path dir) throws Exception
    {
        final ZoneWriter zone = ZoneWriter.exampleTest(4);
        try (NsdServer nsd = NsdServer.start(zone);
            DelayProxy limit = DelayProxy.rateLimited(nsd.address(), RATE_LIMIT))
        {
            final ShootHarness harness = new ShootHarness(dir, List.of(zone.hostName(1) + " A"));
            final Path plan = harness.plan("capacity.yaml", limit.address(),
                "rps: {type: line, from: 1, to: 2, duration: 1s}\ninstances: 10\nmode: async\ntimeout: 300ms\n" +
                "autostop: [timeouts(50%, 1s)]\n");

            final ShootHarness.Run run = ShootHarness.run("shoot", "capacity", "--config", harness.config().toString(),
                "--file", plan.toString(), "--slo", "loss<=0.5%,p99<=300ms,servfail<=1%", "--from", "300",
                "--to", "4000", "--trial", "1s", "--hold", "1s", "--resolution", "2%", "--pause", "500ms",
                "--max-lag", "250ms", "--threads", "1", "--idle", "backoff", "--no-warmup");
            final String report = "stdout:\n" + run.out() + "\nstderr:\n" + run.err() + "\nwall " +
                run.wallNs() / 1_000_000 + " ms";
            System.out.println(report);

            assertEquals(ExitCode.OK, run.exitCode(), report);
            final Matcher folder = FOLDER.matcher(run.out());
            assertTrue(folder.find(), report);
            final Map<String, Object> json = Json.read(Path.of(folder.group(1), "capacity.json"));
            assertEquals("found", json.get("status"), report);
            final long capacity = number(json, "capacity");
            assertTrue(Math.abs(capacity - RATE_LIMIT) <= RATE_LIMIT * 0.05,
                "capacity " + capacity + " within 5% of the target's limit " + RATE_LIMIT + ": " + report);
            final Map<String, Object> bracket = object(json, "bracket");
            assertEquals(capacity, number(bracket, "last_pass"), report);
            assertTrue(number(bracket, "first_fail") > capacity, report);
            assertTrue(number(bracket, "first_fail") <= capacity * 1.05 + 1, "a narrow bracket: " + report);
            assertTrue(run.out().startsWith("capacity "), report);
            assertTrue(run.out().contains("capacity: " + capacity + " rps within loss<=0.5%,p99<=300ms,servfail<=1% " +
                "(bracket [" + capacity + ", " + number(bracket, "first_fail") + "] rps"), report);
            final Map<String, Object> failedAbove = object(json, "failed_above");
            assertTrue(((String)failedAbove.get("why")).contains("(loss<=0.5%)"), report);

            final List<Map<String, Object>> trials = list(json, "trials");
            assertEquals("ramp", trials.get(0).get("phase"), report);
            assertEquals(300L, number(trials.get(0), "rate"), report);
            final Map<String, Object> last = trials.get(trials.size() - 1);
            assertEquals("confirm", last.get("phase"), report);
            assertEquals("pass", last.get("verdict"), report);
            assertEquals(capacity, number(last, "rate"), report);
            assertEquals(HOLD_S, ((Number)last.get("duration_s")).doubleValue(), report);
            assertTrue(trials.stream().anyMatch((t) -> "bisect".equals(t.get("phase"))), report);
            final String page = Files.readString(Path.of(folder.group(1), "capacity.html"));
            for (final Map<String, Object> trial : trials)
            {
                final String shootId = (String)trial.get("shoot");
                assertTrue(run.out().contains(shootId), "the trial's line names its shoot " + shootId);
                assertTrue(page.contains(shootId), "capacity.html names " + shootId);
                assertTrue(((String)trial.get("generator")).startsWith("ok"), report);
                final Path results = Path.of((String)trial.get("results"));
                assertEquals(shootId, results.getFileName().toString(), report);
                final String planYaml = Files.readString(results.resolve("plan.yaml"));
                assertTrue(planYaml.contains("const(" + number(trial, "rate") + ","), planYaml);
                assertFalse(planYaml.contains("autostop:"), planYaml);

                final ShootHarness.Run replay = harness.replay(results);
                assertEquals(ExitCode.OK, replay.exitCode(), replay.err());
                final Map<String, Object> replayed = object(replay.json(), "totals");
                final Map<String, Object> recorded = object(Json.read(results.resolve("result.json")), "totals");
                assertEquals(recorded, replayed, "trial " + trial.get("trial") + " replays to the same totals");
                assertEquals(number(object(trial, "stats"), "answered"), number(replayed, "answered"), report);
            }
        }
    }
}
