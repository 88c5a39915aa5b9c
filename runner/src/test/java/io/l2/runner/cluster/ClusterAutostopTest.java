/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cluster;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.l2.runner.base.ExitCode;
import io.l2.runner.test.FleetBed;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.l2.runner.cluster.ClusterChecks.assumeNamespaces;
import static io.l2.runner.cluster.ClusterChecks.hostEntry;
import static io.l2.runner.cluster.ClusterChecks.l2;
import static io.l2.runner.cluster.ClusterChecks.list;
import static io.l2.runner.cluster.ClusterChecks.yaml;
import static io.l2.runner.test.FleetBed.map;
import static io.l2.runner.test.FleetBed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Autostop on a fleet: three daemons in three network namespaces shoot NSD (in a fourth) that drops every answer
 * above {@value #RATE_LIMIT} a second for the whole fleet ({@code rrl-ratelimit}, {@code rrl-slip: 0}, one query
 * name), with a ramp well past it and {@code autostop: [timeouts(5%, 2s)]}. The runner sees the merged seconds break,
 * tells every daemon to stop: the criterion holds within 3 s of the second where the ramp crossed the limit, every
 * host is aborted by autostop, NSD's own query count stops growing and equals what the hosts sent, the exit code is
 * {@link ExitCode#AUTOSTOPPED} and the result names the criterion and the rate at trigger. Needs root.
 */
@Tag("netns")
@Tag("long")
class ClusterAutostopTest
{
    private static final int DAEMON_COUNT = 3;
    private static final int RATE_LIMIT = 400;
    private static final long SLOPE = 200;
    private static final long PROFILE_QUERIES = (100 + 4100) / 2 * 20;

    @Test
    @Timeout(180)
    void shouldStopEveryDaemonWhenTheFleetBreaksRateLimitedNsd() throws Exception
    {
        assumeNamespaces();
        try (ClusterFixture cluster = new ClusterFixture(DAEMON_COUNT, RATE_LIMIT))
        {
            final Path plan = Files.writeString(cluster.directory().resolve("autostop.yaml"), String.join("\n",
                "description: \"cluster autostop\"",
                "target: \"" + cluster.target().getAddress().getHostAddress() + ":" + cluster.target().getPort() + "\"",
                "ammo: " + cluster.ammoName(),
                "set: " + cluster.setName(),
                "schedule: \"line(100,4100,20s)\"",
                "instances: 20",
                "mode: async",
                "timeout: 500ms",
                "autostop: [timeouts(5%, 2s)]",
                ""));
            final long queriesBefore = cluster.targetQueryCount();
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();

            final int exit = l2(out, err, "--config", cluster.runnerConfig().toString(), "shoot", "fire",
                "--file", plan.toString(), "--output", "json", "--lead", FleetBed.LEAD);
            final long queriesAtEnd = cluster.targetQueryCount();
            Thread.sleep(1500);
            final long queriesLater = cluster.targetQueryCount();

            final String text = err + "\nNSD queries: " + queriesBefore + " before, " + queriesAtEnd +
                " at the end, " + queriesLater + " 1.5 s later\n";
            System.out.println(text);
            assertEquals(ExitCode.AUTOSTOPPED, exit, text + cluster.logs());
            final Map<String, Object> result = yaml(out.toString());
            final Map<String, Object> autostop = map(result.get("autostop"));
            assertEquals("timeouts(5%,2s)", autostop.get("criterion"), text);
            assertEquals("target", autostop.get("culprit"), text);

            long crossing = -1;
            long lastSent = -1;
            for (final Map<String, Object> second : list(result.get("seconds")))
            {
                if (crossing < 0 && number(second.get("requested")) > RATE_LIMIT)
                {
                    crossing = number(second.get("t"));
                }
                if (number(second.get("sent")) > 0)
                {
                    lastSent = number(second.get("t"));
                }
            }
            assertTrue(number(autostop.get("second")) <= crossing + 3,
                "held within 3 s of second " + crossing + " where the ramp crossed the limit: " + text);
            // the abort travels over the control channel to every daemon: at most one second more than in-process
            assertTrue(lastSent <= crossing + 4, "the last query went out in second " + lastSent + ": " + text);
            final long rps = number(autostop.get("rps_at_trigger"));
            assertTrue(rps > RATE_LIMIT && rps <= RATE_LIMIT + 2 * SLOPE, "rate at trigger " + rps + ": " + text);

            final List<Map<String, Object>> hosts = list(result.get("hosts"));
            assertEquals(DAEMON_COUNT, hosts.size(), text);
            long sentByHosts = 0;
            for (int i = 1; i <= DAEMON_COUNT; i++)
            {
                final Map<String, Object> host = hostEntry(hosts, cluster.hostName(i));
                assertEquals("aborted", host.get("status"), text);
                assertEquals("stopped by autostop: timeouts(5%,2s)", host.get("reason"), text);
                sentByHosts += number(map(host.get("totals")).get("sent"));
                final String log = Files.readString(cluster.logFile(i));
                assertTrue(log.contains("): stopped by autostop: timeouts(5%,2s)), "), "daemon " + i + " says why: " +
                    log);
            }
            final long sent = number(map(result.get("totals")).get("sent"));
            assertEquals(sent, sentByHosts, text);
            assertTrue(sent < PROFILE_QUERIES / 2, "stopped early: " + sent + " of " + PROFILE_QUERIES + ": " + text);
            assertEquals(queriesAtEnd, queriesLater, "every daemon stopped: NSD got nothing more: " + text);
            // the runner's probe before the fire and nsd-control's own reading are the only other queries
            assertTrue(Math.abs(queriesAtEnd - queriesBefore - sent) <= 3, "NSD counted what the hosts sent (" +
                sent + "): " + text);
        }
    }
}
