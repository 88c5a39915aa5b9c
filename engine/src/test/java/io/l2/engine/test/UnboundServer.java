/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A real unbound ({@code /usr/sbin/unbound}) resolving on 127.0.0.1 at a free port, for tests: a slow path (every
 * query goes through the resolver to the authoritative server behind it). Use with try-with-resources.
 * <p>
 * {@link #start} writes an {@code unbound.conf} into a fresh temporary directory: one thread, the iterator module
 * only (no validator, no trust anchor), a {@code stub-zone} for the given zone pointing at the given loopback address
 * (with {@code do-not-query-localhost: no} so unbound may ask it, and the built-in {@code test.} local zone turned
 * off so names under {@code .test} are resolved), caching effectively off ({@code cache-max-ttl: 0},
 * {@code cache-max-negative-ttl: 0}: every query goes to the authoritative server), no privilege drop, no chroot,
 * pid file and log in the directory, no remote control. It checks the file with {@code unbound-checkconf}, starts
 * {@code unbound -d -c unbound.conf} in the foreground and returns once unbound answers a recursive SOA query for the
 * zone, within {@link #START_TIMEOUT_NS}. A port taken between the probe and unbound's bind is retried with another
 * port. {@link #close()} stops unbound by PID (SIGTERM, then SIGKILL after a bounded wait) and deletes the directory.
 * <p>
 * Fails (never skips) with a message that says what to install when unbound is missing: tests that need a real
 * server must not pass silently without one.
 */
public final class UnboundServer implements AutoCloseable
{
    /** The unbound binary (Debian package {@code unbound}). */
    public static final Path UNBOUND = Path.of("/usr/sbin/unbound");
    /** The configuration checker from the same package. */
    public static final Path UNBOUND_CHECKCONF = Path.of("/usr/sbin/unbound-checkconf");
    /** Longest wait for unbound to answer after it was started. */
    public static final long START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);
    /** Longest wait for unbound to exit after SIGTERM (and again after SIGKILL). */
    public static final long STOP_TIMEOUT_MS = 5_000;

    private static final int START_ATTEMPTS = 5;
    private static final int PROBE_TIMEOUT_MS = 250;
    private static final long PROBE_PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int LOG_TAIL_LINES = 20;

    private final Path directory;
    private final Process process;
    private final int port;
    private boolean closed;

    private UnboundServer(final Path directory, final Process process, final int port)
    {
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts unbound resolving {@code zone} through the authoritative server at {@code authoritative}.
     *
     * @param zone          the zone's name, e.g. {@code example.test.}; it must have a SOA (the readiness probe).
     * @param authoritative where the zone's authoritative server listens (a loopback address, UDP and TCP).
     * @return the running resolver.
     * @throws IllegalStateException when unbound is missing, rejects the configuration or does not answer in time.
     */
    public static UnboundServer start(final String zone, final InetSocketAddress authoritative)
    {
        if (!Files.isExecutable(UNBOUND) || !Files.isExecutable(UNBOUND_CHECKCONF))
        {
            throw new IllegalStateException(UNBOUND + " (or " + UNBOUND_CHECKCONF + ") is missing: install unbound " +
                "with 'apt-get install -y unbound'; the real-server tests need it and do not skip without it");
        }
        final String origin = zone.endsWith(".") ? zone : zone + ".";

        final Path directory;
        try
        {
            directory = Files.createTempDirectory("l2-unbound-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temporary directory for unbound", ex);
        }

        boolean started = false;
        try
        {
            final Path conf = directory.resolve("unbound.conf");
            String lastFailure = "not started";
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++)
            {
                final int port = freeLoopbackPort();
                Files.writeString(conf, config(directory, origin, authoritative, port), StandardCharsets.US_ASCII);
                if (1 == attempt)
                {
                    checkConfig(conf);
                }
                Files.deleteIfExists(directory.resolve("unbound.log"));
                final Process process = new ProcessBuilder(UNBOUND.toString(), "-d", "-c", conf.toString())
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("unbound.out").toFile())
                    .start();
                final UnboundServer server = new UnboundServer(directory, process, port);
                if (server.awaitAnswer(origin))
                {
                    started = true;
                    return server;
                }
                server.stop();
                lastFailure = server.logTail();
                if (!lastFailure.contains("in use") && !lastFailure.contains("bind"))
                {
                    break;
                }
            }
            throw new IllegalStateException("unbound did not answer on 127.0.0.1 within " +
                TimeUnit.NANOSECONDS.toSeconds(START_TIMEOUT_NS) + " s; its log ends with:\n" + lastFailure);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set up unbound in " + directory, ex);
        }
        finally
        {
            if (!started)
            {
                deleteRecursively(directory);
            }
        }
    }

    /**
     * Where unbound listens, UDP and TCP.
     *
     * @return 127.0.0.1 and {@link #port()}.
     */
    public InetSocketAddress address()
    {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * The port unbound listens on, UDP and TCP.
     *
     * @return the port.
     */
    public int port()
    {
        return port;
    }

    /**
     * The PID of the unbound process.
     *
     * @return the PID.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * The directory with the configuration, pid file and log; deleted by {@link #close()}.
     *
     * @return the directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * The last lines unbound wrote to its log and its standard output, for failure messages.
     *
     * @return up to 20 lines of each.
     */
    public String logTail()
    {
        return tail(directory.resolve("unbound.log")) + tail(directory.resolve("unbound.out"));
    }

    /**
     * Stops unbound (by PID) and deletes its directory. Idempotent.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            stop();
            deleteRecursively(directory);
        }
    }

    private void stop()
    {
        final List<ProcessHandle> children = new ArrayList<>();
        process.descendants().forEach(children::add);
        process.destroy();
        try
        {
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
            for (final ProcessHandle child : children)
            {
                if (child.isAlive())
                {
                    child.destroyForcibly();
                    child.onExit().get(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("unbound child process did not exit after SIGKILL", ex);
        }
    }

    private boolean awaitAnswer(final String origin) throws IOException
    {
        final Message query = Message.newQuery(Record.newRecord(Name.fromString(origin), Type.SOA, DClass.IN));
        final byte[] wire = query.toWire();
        final byte[] reply = new byte[4096];
        final long deadlineNs = System.nanoTime() + START_TIMEOUT_NS;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            socket.setSoTimeout(PROBE_TIMEOUT_MS);
            socket.connect(address());
            while (System.nanoTime() - deadlineNs < 0)
            {
                if (!process.isAlive())
                {
                    return false;
                }
                try
                {
                    socket.send(new DatagramPacket(wire, wire.length));
                    final DatagramPacket packet = new DatagramPacket(reply, reply.length);
                    socket.receive(packet);
                    final Message answer = new Message(Arrays.copyOf(reply, packet.getLength()));
                    if (answer.getHeader().getID() == query.getHeader().getID() &&
                        Rcode.NOERROR == answer.getRcode() && !answer.getSection(Section.ANSWER).isEmpty())
                    {
                        return true;
                    }
                    // SERVFAIL while the stub is not reachable yet: ask again after a pause
                    LockSupport.parkNanos(PROBE_PAUSE_NS);
                }
                catch (final SocketTimeoutException ex)
                {
                    // not up yet: ask again
                }
                catch (final IOException ex)
                {
                    // port unreachable while unbound binds: pause briefly instead of spinning
                    LockSupport.parkNanos(PROBE_PAUSE_NS);
                }
            }
        }
        return false;
    }

    private static String config(
        final Path directory, final String origin, final InetSocketAddress authoritative, final int port)
    {
        final String dir = directory.toAbsolutePath().toString();
        return "server:\n" +
            "    interface: 127.0.0.1\n" +
            "    port: " + port + "\n" +
            "    do-ip4: yes\n" +
            "    do-ip6: no\n" +
            "    do-udp: yes\n" +
            "    do-tcp: yes\n" +
            "    access-control: 127.0.0.0/8 allow\n" +
            "    username: \"\"\n" +
            "    chroot: \"\"\n" +
            "    directory: \"" + dir + "\"\n" +
            "    pidfile: \"" + dir + "/unbound.pid\"\n" +
            "    do-daemonize: no\n" +
            "    use-syslog: no\n" +
            "    logfile: \"" + dir + "/unbound.log\"\n" +
            "    verbosity: 1\n" +
            "    num-threads: 1\n" +
            "    module-config: \"iterator\"\n" +
            "    qname-minimisation: no\n" +
            "    harden-referral-path: no\n" +
            "    val-log-level: 0\n" +
            "    cache-max-ttl: 0\n" +
            "    cache-max-negative-ttl: 0\n" +
            "    do-not-query-localhost: no\n" +
            "    local-zone: \"test.\" nodefault\n" +
            "remote-control:\n" +
            "    control-enable: no\n" +
            "stub-zone:\n" +
            "    name: \"" + origin + "\"\n" +
            "    stub-addr: " + authoritative.getAddress().getHostAddress() + "@" + authoritative.getPort() + "\n";
    }

    private static void checkConfig(final Path conf) throws IOException
    {
        final Process check = new ProcessBuilder(UNBOUND_CHECKCONF.toString(), conf.toString())
            .redirectErrorStream(true)
            .start();
        final String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try
        {
            if (!check.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                check.destroyForcibly();
                throw new IllegalStateException(UNBOUND_CHECKCONF + " did not finish");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            check.destroyForcibly();
            throw new IllegalStateException("interrupted while checking " + conf, ex);
        }
        if (0 != check.exitValue())
        {
            throw new IllegalStateException(UNBOUND_CHECKCONF + " rejects the generated configuration: " + output);
        }
    }

    private static int freeLoopbackPort() throws IOException
    {
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        IOException last = null;
        for (int i = 0; i < 20; i++)
        {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0)))
            {
                final int candidate = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket())
                {
                    tcp.bind(new InetSocketAddress(loopback, candidate));
                    return candidate;
                }
                catch (final IOException ex)
                {
                    last = ex;
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1", last);
    }

    private static String tail(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            return "";
        }
        try
        {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            final StringBuilder sb = new StringBuilder();
            for (final String line : lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()))
            {
                sb.append(file.getFileName()).append(": ").append(line).append('\n');
            }
            return sb.toString();
        }
        catch (final IOException ex)
        {
            return file + ": unreadable (" + ex.getMessage() + ")\n";
        }
    }

    private static void deleteRecursively(final Path directory)
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + directory, ex);
        }
    }
}
