/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.l2.runner.results.HostResult;
import io.l2.runner.test.TestJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static io.l2.runner.shoot.ShootHarness.list;
import static io.l2.runner.shoot.ShootHarness.number;
import static io.l2.runner.shoot.ShootHarness.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C for real: {@code l2 shoot fire} in its own JVM gets SIGINT mid-shoot, stops sending, lets what is in flight
 * resolve, writes its results folder and exits with 130 (killed by SIGINT) well before the profile's end. Tagged
 * 'timing' (it bounds how soon l2 stops): it runs in the timing execution, though the shoot has its own JVM anyway.
 */
@Tag("real-server")
@Tag("timing")
class LocalShootInterruptTest
{
    private static final Path ZONE_FILE =
        Path.of("..", "examples", "zone", "l2.test.zone").toAbsolutePath().normalize();

    @Test
    @Timeout(60)
    void shouldStopAndWriteResultsWhenInterrupted(@TempDir final Path dir) throws Exception
    {
        final ShootHarness harness = new ShootHarness(dir, List.of("h001.l2.test A", "nx.l2.test A"));
        final Path plan = harness.plan("interrupted.yaml", freeLoopbackPort(),
            "schedule: \"const(2000,30s)\"\ninstances: 2\nmode: async\ntimeout: 500ms\n");

        final List<String> command = TestJvm.l2(List.of(), List.of(
            "shoot", "fire", "--config", harness.config().toString(), "--file", plan.toString(),
            "--responder", ZONE_FILE.toString()));
        final Path output = dir.resolve("output.txt");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
            .start();
        try
        {
            awaitLine(output, "    2s ", process);
            final long interruptedAtNs = System.nanoTime();
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "l2 did not stop after SIGINT");
            final long stopNs = System.nanoTime() - interruptedAtNs;
            final String text = Files.readString(output, StandardCharsets.UTF_8);

            assertEquals(130, process.exitValue(), text);
            assertTrue(stopNs < TimeUnit.SECONDS.toNanos(10), "stopped " + stopNs / 1_000_000 + " ms after SIGINT");
            assertTrue(text.contains("aborted=1"), text);

            final Path folder;
            try (Stream<Path> folders = Files.list(dir.resolve("results")))
            {
                folder = folders.findFirst().orElseThrow();
            }
            @SuppressWarnings("unchecked")
            final Map<String, Object> result = (Map<String, Object>)new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(folder.resolve("result.json"), StandardCharsets.UTF_8));
            final Map<String, Object> totals = object(result, "totals");
            final long sent = number(totals, "sent");
            assertTrue(sent > 0 && sent < 60_000, "sent " + sent + " of the 60000 the plan asks: " + totals);
            assertEquals(sent, number(totals, "answered") + number(totals, "timeouts") + number(totals, "errors"),
                "every query sent resolved before the results were written: " + totals);
            assertEquals(HostResult.ABORTED, list(result, "hosts").get(0).get("status"));
            assertTrue(Files.isRegularFile(folder.resolve("seconds.csv")));
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private static void awaitLine(final Path output, final String line, final Process process)
        throws IOException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadlineNs && process.isAlive())
        {
            if (Files.exists(output) && Files.readString(output, StandardCharsets.UTF_8).contains(line))
            {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line '" + line + "' from l2: " + Files.readString(output, StandardCharsets.UTF_8));
    }

    private static InetSocketAddress freeLoopbackPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
    }
}
