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
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The lifecycle shared by the real-server fixtures ({@link NsdServer}, {@link UnboundServer}): one DNS server
 * process, by default on 127.0.0.1 at a free port, in a fresh temporary directory, for tests.
 * <p>
 * {@link #launch} checks that the server's binaries exist, creates the directory, lets the fixture write its files,
 * writes {@code <command>.conf} for a free port (or the port given), checks it once with the configuration checker,
 * starts {@code [prefix...] <binary> -d -c <command>.conf} in the foreground (output to {@code <command>.out}; the
 * prefix is e.g. {@code ip netns exec NAME}, which execs, so the process is the server itself) and returns once the
 * server answers a SOA query for the probe name with NOERROR and an answer, within {@link #START_TIMEOUT_NS}. When
 * the port was chosen here and the server dies or stays silent and its log speaks of a bind failure ("in use",
 * "bind"), it retries with another port, {@link #START_ATTEMPTS} times at most. {@link #close()} stops the server by
 * PID (SIGTERM, then SIGKILL to it and its children after a bounded wait; a child that exited counts as stopped
 * whether init has reaped it yet or not) and deletes the directory.
 * <p>
 * Not thread-safe: one test thread starts, uses and closes an instance.
 */
abstract class ServerProcess implements AutoCloseable
{
    /** Longest wait for the server to answer after it was started. */
    static final long START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);
    /** Longest wait for the server to exit after SIGTERM (and again after SIGKILL). */
    static final long STOP_TIMEOUT_MS = 5_000;
    /** Starts tried with a fresh port when the previous one was taken before the server could bind it. */
    static final int START_ATTEMPTS = 5;

    private static final int PROBE_TIMEOUT_MS = 250;
    private static final long PROBE_PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int LOG_TAIL_LINES = 20;
    private static final long CHILD_POLL_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int PORT_ATTEMPTS = 20;

    private final Kind kind;
    private final Path directory;
    private final Process process;
    private final InetAddress host;
    private final int port;
    private boolean closed;

    /**
     * What tells one kind of server from another: its name in messages, its binaries and its file names.
     */
    static final class Kind
    {
        private final String name;
        private final String command;
        private final Path binary;
        private final Path checkconf;

        /**
         * @param name      the server's name in messages, e.g. {@code NSD}.
         * @param command   the Debian package, and the base of the temporary directory's name and of the
         *                  {@code .conf}, {@code .log} and {@code .out} files in it, e.g. {@code nsd}.
         * @param binary    the server binary, started as {@code binary -d -c <command>.conf}.
         * @param checkconf the configuration checker, run as {@code checkconf <command>.conf}.
         */
        Kind(final String name, final String command, final Path binary, final Path checkconf)
        {
            this.name = name;
            this.command = command;
            this.binary = binary;
            this.checkconf = checkconf;
        }
    }

    /**
     * Writes what the server needs into its fresh directory, once before the first start.
     */
    @FunctionalInterface
    interface Setup
    {
        /**
         * @param directory the server's directory, empty.
         * @return the configuration text for a given port, asked again for every start attempt.
         * @throws IOException when a file cannot be written.
         */
        IntFunction<String> prepare(Path directory) throws IOException;
    }

    /**
     * Makes the fixture's instance around a started process.
     *
     * @param <S> the fixture.
     */
    @FunctionalInterface
    interface Factory<S extends ServerProcess>
    {
        /**
         * @param directory the server's directory.
         * @param process   the started server.
         * @param port      the port in its configuration.
         * @return the fixture.
         */
        S create(Path directory, Process process, int port);
    }

    ServerProcess(final Kind kind, final Path directory, final Process process, final int port)
    {
        this(kind, directory, process, InetAddress.getLoopbackAddress(), port);
    }

    ServerProcess(final Kind kind, final Path directory, final Process process, final InetAddress host, final int port)
    {
        this.kind = kind;
        this.directory = directory;
        this.process = process;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts a server of {@code kind} and waits until it answers a SOA query for {@code probeName}.
     *
     * @param kind      which server.
     * @param probeName the absolute name whose SOA the server must answer, e.g. {@code example.test.}
     * @param setup     writes the fixture's files and makes the configuration text per port.
     * @param factory   makes the fixture's instance.
     * @param <S>       the fixture.
     * @return the running server.
     * @throws IllegalStateException when the server is missing, rejects the configuration or does not answer in
     *                               time.
     */
    static <S extends ServerProcess> S launch(
        final Kind kind, final String probeName, final Setup setup, final Factory<S> factory)
    {
        return launch(kind, probeName, setup, factory, InetAddress.getLoopbackAddress(), 0, List.of());
    }

    /**
     * Starts a server of {@code kind} listening where the fixture's configuration says, possibly in another network
     * namespace, and waits until it answers a SOA query for {@code probeName} from this process.
     *
     * @param kind          which server.
     * @param probeName     the absolute name whose SOA the server must answer, e.g. {@code example.test.}
     * @param setup         writes the fixture's files and makes the configuration text per port.
     * @param factory       makes the fixture's instance.
     * @param host          the address the configuration binds and the probe asks, reachable from this process.
     * @param fixedPort     the port to use, or 0 for a free one (then {@code host} must be the loopback address and
     *                      {@code commandPrefix} empty: the port is probed here).
     * @param commandPrefix words put before the server's command line, e.g. {@code ip netns exec NAME}; the
     *                      prefix must exec the server (not fork it) so that the process stopped is the server.
     * @param <S>           the fixture.
     * @return the running server.
     * @throws IllegalStateException when the server is missing, rejects the configuration or does not answer in
     *                               time.
     */
    static <S extends ServerProcess> S launch(
        final Kind kind, final String probeName, final Setup setup, final Factory<S> factory, final InetAddress host,
        final int fixedPort, final List<String> commandPrefix)
    {
        if (fixedPort < 0 || fixedPort > 65535)
        {
            throw new IllegalArgumentException("port must be 0..65535: " + fixedPort);
        }
        if (0 == fixedPort && (!host.isLoopbackAddress() || !commandPrefix.isEmpty()))
        {
            throw new IllegalArgumentException("a free port is only chosen on loopback in this namespace: give a port");
        }
        if (!Files.isExecutable(kind.binary) || !Files.isExecutable(kind.checkconf))
        {
            throw new IllegalStateException(kind.binary + " (or " + kind.checkconf + ") is missing: install " +
                kind.name + " with 'apt-get install -y " + kind.command + "'; the real-server tests need it and do " +
                "not skip without it");
        }

        final Path directory;
        try
        {
            directory = Files.createTempDirectory("l2-" + kind.command + "-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temporary directory for " + kind.name, ex);
        }

        boolean started = false;
        try
        {
            final IntFunction<String> config = setup.prepare(directory);
            final Path conf = directory.resolve(kind.command + ".conf");
            String lastFailure = "not started";
            final int attempts = 0 == fixedPort ? START_ATTEMPTS : 1;
            for (int attempt = 1; attempt <= attempts; attempt++)
            {
                final int port = 0 == fixedPort ? freeLoopbackPort() : fixedPort;
                Files.writeString(conf, config.apply(port), StandardCharsets.US_ASCII);
                if (1 == attempt)
                {
                    checkConfig(kind, conf);
                }
                Files.deleteIfExists(directory.resolve(kind.command + ".log"));
                final List<String> command = new ArrayList<>(commandPrefix);
                command.addAll(List.of(kind.binary.toString(), "-d", "-c", conf.toString()));
                final Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve(kind.command + ".out").toFile())
                    .start();
                final S server = factory.create(directory, process, port);
                final ServerProcess base = server;
                if (base.awaitAnswer(probeName))
                {
                    started = true;
                    return server;
                }
                base.stop();
                lastFailure = base.logTail();
                if (!lastFailure.contains("in use") && !lastFailure.contains("bind"))
                {
                    break;
                }
            }
            throw new IllegalStateException(kind.name + " did not answer on " + host.getHostAddress() + " within " +
                TimeUnit.NANOSECONDS.toSeconds(START_TIMEOUT_NS) + " s; its log ends with:\n" + lastFailure);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set up " + kind.name + " in " + directory, ex);
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
     * Where the server listens, UDP and TCP.
     *
     * @return 127.0.0.1 (or the address it was started on) and {@link #port()}.
     */
    public InetSocketAddress address()
    {
        return new InetSocketAddress(host, port);
    }

    /**
     * The port the server listens on, UDP and TCP.
     *
     * @return the port.
     */
    public int port()
    {
        return port;
    }

    /**
     * The PID of the server's main process.
     *
     * @return the PID.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * The directory with the configuration, the server's other files and its log; deleted by {@link #close()}.
     *
     * @return the directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * The last lines the server wrote to its log and its standard output, for failure messages.
     *
     * @return up to 20 lines of each.
     */
    public String logTail()
    {
        return tail(directory.resolve(kind.command + ".log")) + tail(directory.resolve(kind.command + ".out"));
    }

    /**
     * Stops the server (by PID) and deletes its directory. Idempotent.
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
                if (!exited(child))
                {
                    child.destroyForcibly();
                    final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MS);
                    while (!exited(child))
                    {
                        if (System.nanoTime() - deadlineNs > 0)
                        {
                            throw new IllegalStateException(kind.name + " child process " + child.pid() +
                                " did not exit after SIGKILL");
                        }
                        LockSupport.parkNanos(CHILD_POLL_NS);
                    }
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Whether a process that is not this JVM's child has exited: gone, or a zombie. A server's children outlive it
     * as zombies until init reaps them, which {@link ProcessHandle#isAlive()} counts as alive and
     * {@link ProcessHandle#onExit()} waits for, polling from 300 ms on; in this VM init takes 1 to 2 s to reap. A
     * zombie holds no socket, file or memory any more.
     */
    private static boolean exited(final ProcessHandle handle)
    {
        if (!handle.isAlive())
        {
            return true;
        }
        final String stat;
        try
        {
            stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"), StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            return true; // gone meanwhile
        }
        // pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'
        final int end = stat.lastIndexOf(')');
        final char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
        return 'Z' == state || 'X' == state;
    }

    private boolean awaitAnswer(final String probeName) throws IOException
    {
        final Message query = Message.newQuery(Record.newRecord(Name.fromString(probeName), Type.SOA, DClass.IN));
        final byte[] wire = query.toWire();
        final byte[] reply = new byte[4096];
        final long deadlineNs = System.nanoTime() + START_TIMEOUT_NS;
        final InetSocketAddress local = host.isLoopbackAddress() ?
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0) : new InetSocketAddress(0);
        try (DatagramSocket socket = new DatagramSocket(local))
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
                    // an answer that is not the SOA yet (a resolver's SERVFAIL while its authoritative server is
                    // not reachable): ask again after a pause
                    LockSupport.parkNanos(PROBE_PAUSE_NS);
                }
                catch (final SocketTimeoutException ex)
                {
                    // not up yet: ask again
                }
                catch (final IOException ex)
                {
                    // port unreachable while the server binds: pause briefly instead of spinning
                    LockSupport.parkNanos(PROBE_PAUSE_NS);
                }
            }
        }
        return false;
    }

    private static void checkConfig(final Kind kind, final Path conf) throws IOException
    {
        final Process check = new ProcessBuilder(kind.checkconf.toString(), conf.toString())
            .redirectErrorStream(true)
            .start();
        final String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try
        {
            if (!check.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                check.destroyForcibly();
                throw new IllegalStateException(kind.checkconf + " did not finish");
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
            throw new IllegalStateException(kind.checkconf + " rejects the generated configuration: " + output);
        }
    }

    static int freeLoopbackPort() throws IOException
    {
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        IOException last = null;
        for (int i = 0; i < PORT_ATTEMPTS; i++)
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
