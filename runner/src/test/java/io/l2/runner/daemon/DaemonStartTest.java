/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.runner.base.ExitCode;
import io.l2.runner.test.TestJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start line names the host a daemon serves, and warns when the inventory has no set with it. A second
 * {@code l2 daemon} (a process of its own) started on what a running daemon (in this JVM, control-mode
 * unicast on loopback) holds: its unix socket, its Aeron directory, its TCP port, its control port. Each is refused
 * with one line naming the option that fixes it, exit status 2, at most 2 s after that line, and leaves no socket
 * file nor Aeron directory of its own; the running daemon keeps its own.
 */
class DaemonStartTest
{
    private static final long EXIT_AFTER_MESSAGE_MS = 2_000;

    @TempDir
    Path tmp;

    private Daemon running;
    private Path config;
    private int controlPort;

    @BeforeEach
    void start() throws IOException
    {
        controlPort = freePortPair();
        config = Files.writeString(tmp.resolve("l2.yaml"), String.join("\n",
            "l2:",
            "  data-dir: " + tmp.resolve("data"),
            "  results-dir: " + tmp.resolve("results"),
            "  control-mode: unicast",
            "  host-addresses:",
            "    a: \"127.0.0.1:" + controlPort + "\"",
            "cluster:",
            "  pair:",
            "    dc1: [a]",
            ""));
        final L2Config loaded = ConfigLoader.load(config);
        running = Daemon.start(loaded, new DaemonOptions("a", "127.0.0.1", 0, tmp.resolve("a.socket"),
            tmp.resolve("aeron-a"), null), new DaemonState(System::nanoTime),
            new PrintStream(new ByteArrayOutputStream(), true));
    }

    @AfterEach
    void stop()
    {
        running.close();
    }

    @Test
    void shouldNameTheHostServedAndWarnInOneLineWhenItIsInNoSet() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final L2Config loaded = ConfigLoader.load(config);
        try (Daemon other = Daemon.start(loaded, new DaemonOptions("stray", "127.0.0.1", 0, tmp.resolve("s.socket"),
            tmp.resolve("aeron-s"), TestChannels.uniqueLoopbackMulticast()), new DaemonState(System::nanoTime),
            new PrintStream(bytes, true)))
        {
            final List<String> log = bytes.toString(StandardCharsets.UTF_8).lines().toList();
            assertTrue(log.get(0).startsWith("l2 daemon: waiting for jobs as host stray (in no set) on 127.0.0.1:"),
                log.toString());
            assertEquals("l2 daemon: WARNING: host stray is in no set of " + config + ", so no runner fires at " +
                "it: --host NAME picks the name the inventory gives this machine (sets: pair)", log.get(1));
        }
        final ByteArrayOutputStream listed = new ByteArrayOutputStream();
        try (Daemon other = Daemon.start(loaded, new DaemonOptions("a", "127.0.0.1", 0, tmp.resolve("s.socket"),
            tmp.resolve("aeron-s"), TestChannels.uniqueLoopbackMulticast()), new DaemonState(System::nanoTime),
            new PrintStream(listed, true)))
        {
            final String log = listed.toString(StandardCharsets.UTF_8);
            assertTrue(log.startsWith("l2 daemon: waiting for jobs as host a (set pair) on 127.0.0.1:"), log);
            assertFalse(log.contains("is in no set"), log);
        }
    }

    @Test
    void shouldExitPromptlyWith2NamingTheFixWhenTheSocketIsInUse() throws Exception
    {
        final Clash clash = startSecond(running.socketPath(), tmp.resolve("aeron-b"), 0);
        assertEquals(ExitCode.BAD_INPUT, clash.exit, clash.err);
        assertTrue(clash.line.contains("l2-socket " + running.socketPath() + ": in use") &&
            clash.line.contains("--socket PATH") && clash.line.contains("stop the other daemon"), clash.err);
        assertTrue(Files.exists(running.socketPath()));
        assertFalse(Files.exists(tmp.resolve("aeron-b")));
    }

    @Test
    void shouldExitPromptlyWith2NamingTheFixWhenTheAeronDirIsInUse() throws Exception
    {
        final Clash clash = startSecond(tmp.resolve("b.socket"), tmp.resolve("aeron-a"), 0);
        assertEquals(ExitCode.BAD_INPUT, clash.exit, clash.err);
        assertTrue(clash.line.contains("aeron-dir " + tmp.resolve("aeron-a") + ": in use") &&
            clash.line.contains("--aeron-dir DIR"), clash.err);
        assertTrue(Files.isDirectory(tmp.resolve("aeron-a")));
        assertFalse(Files.exists(tmp.resolve("b.socket")));
    }

    @Test
    void shouldExitPromptlyWith2NamingTheFixWhenTheTcpPortIsInUse() throws Exception
    {
        final Clash clash = startSecond(otherConfig(freePortPair()), "b", tmp.resolve("b.socket"),
            tmp.resolve("aeron-b"), running.port());
        assertEquals(ExitCode.BAD_INPUT, clash.exit, clash.err);
        assertTrue(clash.line.contains("l2-port " + running.port() + " on 127.0.0.1: ") &&
            clash.line.contains("--port N"), clash.err);
        assertFalse(Files.exists(tmp.resolve("b.socket")));
        assertFalse(Files.exists(tmp.resolve("aeron-b")));
        assertTrue(Files.exists(running.socketPath()));
    }

    @Test
    void shouldExitPromptlyWith2InOneLineWhenTheControlPortIsInUse() throws Exception
    {
        final Clash clash = startSecond(otherConfig(controlPort), "b", tmp.resolve("b.socket"),
            tmp.resolve("aeron-b"), 0);
        assertEquals(ExitCode.BAD_INPUT, clash.exit, clash.err);
        assertTrue(clash.line.contains("control-port: cannot bind 127.0.0.1:" + controlPort) &&
            clash.line.contains("already in use") && clash.line.contains("control-port"), clash.err);
        assertFalse(clash.err.contains("AeronException"), clash.err);
        assertFalse(clash.err.contains("errorCodeValue"), clash.err);
        assertEquals(1, clash.err.lines().filter((line) -> line.startsWith("l2 daemon: ")).count(), clash.err);
        assertFalse(Files.exists(tmp.resolve("b.socket")));
        assertFalse(Files.exists(tmp.resolve("aeron-b")));
    }

    /**
     * @return an l2.yaml of one host, b, on the given control port of loopback.
     */
    private Path otherConfig(final int port) throws IOException
    {
        return Files.writeString(tmp.resolve("b.yaml"), String.join("\n",
            "l2:",
            "  control-mode: unicast",
            "  host-addresses:",
            "    b: \"127.0.0.1:" + port + "\"",
            "cluster:",
            "  pair:",
            "    dc1: [b]",
            ""));
    }

    private Clash startSecond(final Path socket, final Path aeronDir, final int port) throws Exception
    {
        return startSecond(config, "a", socket, aeronDir, port);
    }

    private Clash startSecond(final Path configFile, final String host, final Path socket, final Path aeronDir,
        final int port) throws Exception
    {
        final List<String> command = TestJvm.l2(List.of("-Xmx128m", "-XX:+UseSerialGC"), List.of(
            "daemon", "--config", configFile.toString(), "--host", host, "--bind", "127.0.0.1",
            "--port", Integer.toString(port), "--socket", socket.toString(), "--aeron-dir", aeronDir.toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final List<String> lines = new ArrayList<>();
        String refusal = null;
        long refusedNs = 0;
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            for (String line = reader.readLine(); null != line; line = reader.readLine())
            {
                lines.add(line);
                if (null == refusal && line.startsWith("l2 daemon: "))
                {
                    refusal = line;
                    refusedNs = System.nanoTime();
                }
            }
        }
        finally
        {
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
            }
        }
        final String err = String.join("\n", lines);
        assertTrue(null != refusal, err);
        final long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - refusedNs);
        assertTrue(afterMs < EXIT_AFTER_MESSAGE_MS, "exited " + afterMs + " ms after: " + err);
        try (Stream<Path> files = Files.list(socket.toAbsolutePath().getParent()))
        {
            assertEquals(List.of(), files.map((file) -> file.getFileName().toString())
                .filter((name) -> name.startsWith(".l2-socket-")).toList(), "the socket's staging directory stays");
        }
        return new Clash(process.exitValue(), refusal, err);
    }

    private record Clash(int exit, String line, String err)
    {
    }

    private static int freePortPair()
    {
        while (true)
        {
            try (DatagramSocket first = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
            {
                final int port = first.getLocalPort();
                if (port >= 65534)
                {
                    continue;
                }
                try (DatagramSocket second = new DatagramSocket(port + 1, InetAddress.getLoopbackAddress()))
                {
                    return port;
                }
            }
            catch (final IOException ex)
            {
                // P + 1 is taken: try another P
            }
        }
    }
}
