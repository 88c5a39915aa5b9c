/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.l2.runner.cli.L2Command;
import io.l2.runner.shoot.Replay;
import io.l2.runner.test.FleetBed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

import static io.l2.runner.cluster.ClusterChecks.assumeNamespaces;
import static io.l2.runner.test.FleetBed.map;
import static io.l2.runner.test.FleetBed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster in control-mode unicast: three {@code l2 daemon} JVMs in three network namespaces, their names known
 * only through {@code host-addresses}, and {@code l2 shoot fire} in the root namespace reaching each by Aeron
 * multi-destination-cast and hearing each on its own subscription. Every host acks and shoots; the merged totals
 * equal the sum of the hosts' totals and of what each daemon's own queue holds. Needs root.
 */
@Tag("netns")
class ClusterUnicastTest
{
    private static final int DAEMON_COUNT = 3;

    private static ClusterFixture cluster;

    @BeforeAll
    static void startCluster() throws IOException
    {
        assumeNamespaces();
        cluster = new ClusterFixture(DAEMON_COUNT, true);
    }

    @AfterAll
    static void stopCluster() throws IOException
    {
        if (null != cluster)
        {
            cluster.close();
        }
    }

    @Test
    @Timeout(90)
    void shouldMergeExactlyWhenThreeDaemonsShootOverUnicast() throws IOException
    {
        final String runnerConfig = Files.readString(cluster.runnerConfig());
        assertTrue(runnerConfig.contains("control-mode: unicast"), runnerConfig);
        final Path plan = Files.writeString(cluster.directory().resolve("unicast.yaml"), String.join("\n",
            "description: \"cluster test unicast\"",
            "target: \"" + cluster.target().getAddress().getHostAddress() + ":" + cluster.target().getPort() + "\"",
            "ammo: " + cluster.ammoName(),
            "set: " + cluster.setName(),
            "rps: {type: const, from: 1500, duration: 4s}",
            "instances: 20",
            "mode: async",
            "timeout: 1s",
            ""));
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        final int exit = commandLine.execute("--config", cluster.runnerConfig().toString(), "shoot", "fire",
            "--file", plan.toString(), "--output", "json", "--lead", FleetBed.LEAD);

        final String text = err.toString();
        assertEquals(0, exit, text + cluster.logs());
        final Map<String, Object> result = map(new Load(LoadSettings.builder().build()).loadFromString(out.toString()));
        final List<?> hosts = (List<?>)result.get("hosts");
        assertEquals(DAEMON_COUNT, hosts.size(), text);
        long sent = 0;
        long answered = 0;
        for (int i = 1; i <= DAEMON_COUNT; i++)
        {
            final Map<String, Object> host = host(hosts, cluster.hostName(i));
            assertEquals("ok", host.get("status"), text);
            final Map<String, Object> totals = map(host.get("totals"));
            assertEquals(4 * 1500 / DAEMON_COUNT, number(totals.get("sent")), text);
            final Path queue = Path.of((String)host.get("queue"));
            assertTrue(queue.startsWith(cluster.dataDir(i)), queue + " is daemon " + i + "'s own queue");
            final long own = Replay.replay(queue).merged().totals().answeredCount();
            assertTrue(own > 0, "daemon " + i + " answered nothing");
            assertEquals(own, number(totals.get("answered")), "host " + i);
            sent += number(totals.get("sent"));
            answered += own;
            assertTrue(cluster.daemonLog(i).contains("control aeron:udp?endpoint=" + cluster.address(i) + ":" +
                cluster.controlPort() + " (answers on aeron:udp?control=" + cluster.address(i) + ":" +
                (cluster.controlPort() + 1) + "|control-mode=dynamic)"), cluster.daemonLog(i));
        }
        final Map<String, Object> totals = map(result.get("totals"));
        assertEquals(sent, number(totals.get("sent")));
        assertEquals(answered, number(totals.get("answered")));
        assertTrue(text.matches("(?s).*" + cluster.hostName(1) + " +: ok=1 failed=0 unreachable=0 lost=0.*"), text);
    }

    private static Map<String, Object> host(final List<?> hosts, final String name)
    {
        for (final Object entry : hosts)
        {
            if (name.equals(map(entry).get("host")))
            {
                return map(entry);
            }
        }
        throw new AssertionError("no host " + name + " in " + hosts);
    }

}
