/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.l2.runner.test.TestJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two hosts, two network namespaces on one bridge, each with its own JVM and Aeron media driver: each hears the
 * other's hello over UDP multicast (TTL 1), and nothing of the namespaces, veths or bridge is left afterwards.
 */
@Tag("netns")
class NetnsMulticastTest
{
    private static final int PORT = 40123;
    private static final long EXIT_WAIT_NS = TimeUnit.SECONDS.toNanos(20);

    @Test
    @Timeout(60)
    void shouldHearEachOtherWhenMulticastingAcrossNamespaces(@TempDir final Path dir) throws Exception
    {
        final List<String> namespaceNames = new ArrayList<>();
        final List<String> linkNames = new ArrayList<>();
        try (NetnsBridge bridge = new NetnsBridge(2))
        {
            namespaceNames.addAll(List.of(bridge.namespace(1), bridge.namespace(2)));
            linkNames.addAll(List.of(bridge.bridgeName(), bridge.outerVeth(1), bridge.outerVeth(2)));
            assertTrue(run("ip", "netns", "list").contains(bridge.namespace(2)), "namespaces made");
            assertTrue(run("ip", "-o", "link").contains(bridge.outerVeth(2)), "veths made");
            final String group = "239.255." + bridge.subnet() + ".1";
            final List<Process> peers = new ArrayList<>();
            try
            {
                for (int host = 1; host <= 2; host++)
                {
                    final String channel = "aeron:udp?endpoint=" + group + ":" + PORT + "|interface=" +
                        bridge.address(host) + "|ttl=1|term-length=65536";
                    final List<String> java = javaCommand(MulticastHelloPeer.class.getName(),
                        dir.resolve("peer" + host + "-aeron").toString(), channel, "peer" + host,
                        "peer" + (3 - host));
                    peers.add(new ProcessBuilder(bridge.exec(host, java))
                        .redirectOutput(dir.resolve("peer" + host + ".out").toFile())
                        .redirectError(dir.resolve("peer" + host + ".err").toFile())
                        .start());
                }

                final long deadlineNs = System.nanoTime() + EXIT_WAIT_NS;
                for (int host = 1; host <= 2; host++)
                {
                    final Process peer = peers.get(host - 1);
                    final long leftNs = Math.max(0, deadlineNs - System.nanoTime());
                    final boolean exited = peer.waitFor(leftNs, TimeUnit.NANOSECONDS);
                    final String report = report(dir, host);
                    assertTrue(exited, "peer" + host + " still running after 20 s: " + report);
                    assertEquals(0, peer.exitValue(), report);
                    final List<String> lines = Files.readAllLines(dir.resolve("peer" + host + ".out"));
                    assertTrue(lines.contains("heard peer" + (3 - host)), report);
                }
            }
            finally
            {
                for (final Process peer : peers)
                {
                    peer.destroyForcibly();
                    peer.waitFor(5, TimeUnit.SECONDS);
                }
            }
        }

        final String namespaces = run("ip", "netns", "list");
        for (final String name : namespaceNames)
        {
            assertFalse(namespaces.contains(name), name + " left in: " + namespaces);
        }
        final String links = run("ip", "-o", "link");
        for (final String name : linkNames)
        {
            assertFalse(links.contains(name), name + " left in: " + links);
        }
    }

    static List<String> javaCommand(final String mainClass, final String... arguments)
    {
        return TestJvm.command(mainClass, List.of(), List.of(arguments));
    }

    private static String report(final Path dir, final int host) throws IOException
    {
        final String out = Files.readString(dir.resolve("peer" + host + ".out"), StandardCharsets.UTF_8);
        final String err = Files.readString(dir.resolve("peer" + host + ".err"), StandardCharsets.UTF_8);
        return "peer" + host + " out: " + out + " err: " + err;
    }

    private static String run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), String.join(" ", command));
        return text;
    }
}
