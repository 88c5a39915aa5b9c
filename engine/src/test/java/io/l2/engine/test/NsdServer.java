package io.l2.engine.test;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

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

/**
 * A real NSD ({@code /usr/sbin/nsd}) serving one zone on 127.0.0.1 at a free port, for tests. Use with
 * try-with-resources.
 * <p>
 * {@link #start} writes the zone file and an {@code nsd.conf} into a fresh temporary directory (pid file, xfrd
 * state, zone list, log, no database, no remote control, no privilege drop, {@code server-count: 1},
 * {@code rrl-ratelimit: 0} because Debian's NSD is built with response-rate limiting and would otherwise drop most
 * answers of a load test, a {@link #RECEIVE_BUFFER_LENGTH} receive buffer so NSD off the CPU for a moment does
 * not drop queries), checks it with {@code nsd-checkconf}, starts {@code nsd -d -c nsd.conf} in the foreground and
 * returns once NSD answers a SOA query for the zone, within {@link #START_TIMEOUT_NS}. A port taken between the
 * probe and NSD's bind is retried with another port. {@link #close()} stops NSD by PID (SIGTERM, then SIGKILL to it
 * and its children after a bounded wait) and deletes the directory.
 * <p>
 * Fails (never skips) with a message that says what to install when NSD is missing: tests that need a real server
 * must not pass silently without one.
 */
public final class NsdServer implements AutoCloseable
{
    /** The NSD binary (Debian package {@code nsd}). */
    public static final Path NSD = Path.of("/usr/sbin/nsd");
    /** The configuration checker from the same package. */
    public static final Path NSD_CHECKCONF = Path.of("/usr/sbin/nsd-checkconf");
    /** Longest wait for NSD to answer after it was started. */
    public static final long START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);
    /** Longest wait for NSD to exit after SIGTERM (and again after SIGKILL). */
    public static final long STOP_TIMEOUT_MS = 5_000;

    /**
     * SO_RCVBUF asked for NSD's UDP socket (the kernel doubles it), as l2's own sockets ask: NSD's default (1 MiB,
     * 2 MiB in the kernel) holds roughly 0.1 s of small queries at 20k qps, and on a shared 2-core box NSD can be
     * off the CPU longer than that.
     */
    public static final int RECEIVE_BUFFER_LENGTH = 4 * 1024 * 1024;

    private static final int START_ATTEMPTS = 5;
    private static final int PROBE_TIMEOUT_MS = 250;
    private static final long PROBE_PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int LOG_TAIL_LINES = 20;

    private final Path directory;
    private final Process process;
    private final int port;
    private boolean closed;

    private NsdServer(final Path directory, final Process process, final int port)
    {
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts NSD serving {@code zone}.
     *
     * @param zone the zone to serve.
     * @return the running server.
     * @throws IllegalStateException when NSD is missing, rejects the configuration or does not answer in time.
     */
    public static NsdServer start(final ZoneWriter zone)
    {
        return start(zone.origin(), zone.text());
    }

    /**
     * Starts NSD serving one zone given as master-file text.
     *
     * @param origin   the zone's name, e.g. {@code example.test.}
     * @param zoneText the zone in master-file form.
     * @return the running server.
     * @throws IllegalStateException when NSD is missing, rejects the configuration or does not answer in time.
     */
    public static NsdServer start(final String origin, final String zoneText)
    {
        if (!Files.isExecutable(NSD) || !Files.isExecutable(NSD_CHECKCONF))
        {
            throw new IllegalStateException(NSD + " (or " + NSD_CHECKCONF + ") is missing: install NSD with " +
                "'apt-get install -y nsd'; the real-server tests need it and do not skip without it");
        }

        final Path directory;
        try
        {
            directory = Files.createTempDirectory("l2-nsd-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temporary directory for NSD", ex);
        }

        boolean started = false;
        try
        {
            final Path zoneFile = directory.resolve("zone.db");
            Files.writeString(zoneFile, zoneText, StandardCharsets.US_ASCII);
            final Path conf = directory.resolve("nsd.conf");
            String lastFailure = "not started";
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++)
            {
                final int port = freeLoopbackPort();
                Files.writeString(conf, config(directory, zoneFile, origin, port), StandardCharsets.US_ASCII);
                if (1 == attempt)
                {
                    checkConfig(conf);
                }
                Files.deleteIfExists(directory.resolve("nsd.log"));
                final Process process = new ProcessBuilder(NSD.toString(), "-d", "-c", conf.toString())
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("nsd.out").toFile())
                    .start();
                final NsdServer server = new NsdServer(directory, process, port);
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
            throw new IllegalStateException("NSD did not answer on 127.0.0.1 within " +
                TimeUnit.NANOSECONDS.toSeconds(START_TIMEOUT_NS) + " s; its log ends with:\n" + lastFailure);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set up NSD in " + directory, ex);
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
     * Where NSD listens, UDP and TCP.
     *
     * @return 127.0.0.1 and {@link #port()}.
     */
    public InetSocketAddress address()
    {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * The port NSD listens on, UDP and TCP.
     *
     * @return the port.
     */
    public int port()
    {
        return port;
    }

    /**
     * The PID of the NSD main process.
     *
     * @return the PID.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * The directory with the configuration, zone and log; deleted by {@link #close()}.
     *
     * @return the directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * The last lines NSD wrote to its log and its standard output, for failure messages.
     *
     * @return up to 20 lines of each.
     */
    public String logTail()
    {
        return tail(directory.resolve("nsd.log")) + tail(directory.resolve("nsd.out"));
    }

    /**
     * Stops NSD (by PID) and deletes its directory. Idempotent.
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
            throw new IllegalStateException("NSD child process did not exit after SIGKILL", ex);
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
                }
                catch (final SocketTimeoutException ex)
                {
                    // not up yet: ask again
                }
                catch (final IOException ex)
                {
                    // port unreachable while NSD binds: pause briefly instead of spinning
                    LockSupport.parkNanos(PROBE_PAUSE_NS);
                }
            }
        }
        return false;
    }

    private static String config(final Path directory, final Path zoneFile, final String origin, final int port)
    {
        final String dir = directory.toAbsolutePath().toString();
        return "server:\n" +
            "    ip-address: 127.0.0.1\n" +
            "    port: " + port + "\n" +
            "    do-ip4: yes\n" +
            "    do-ip6: no\n" +
            "    server-count: 1\n" +
            "    username: \"\"\n" +
            "    chroot: \"\"\n" +
            "    zonesdir: \"" + dir + "\"\n" +
            "    pidfile: \"" + dir + "/nsd.pid\"\n" +
            "    xfrdfile: \"" + dir + "/xfrd.state\"\n" +
            "    xfrdir: \"" + dir + "\"\n" +
            "    zonelistfile: \"" + dir + "/zone.list\"\n" +
            "    database: \"\"\n" +
            "    logfile: \"" + dir + "/nsd.log\"\n" +
            "    zonefiles-write: 0\n" +
            "    verbosity: 1\n" +
            "    rrl-ratelimit: 0\n" +
            "    rrl-whitelist-ratelimit: 0\n" +
            "    receive-buffer-size: " + RECEIVE_BUFFER_LENGTH + "\n" +
            "remote-control:\n" +
            "    control-enable: no\n" +
            "zone:\n" +
            "    name: \"" + origin + "\"\n" +
            "    zonefile: \"" + zoneFile.toAbsolutePath() + "\"\n";
    }

    private static void checkConfig(final Path conf) throws IOException
    {
        final Process check = new ProcessBuilder(NSD_CHECKCONF.toString(), conf.toString())
            .redirectErrorStream(true)
            .start();
        final String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try
        {
            if (!check.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                check.destroyForcibly();
                throw new IllegalStateException(NSD_CHECKCONF + " did not finish");
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
            throw new IllegalStateException(NSD_CHECKCONF + " rejects the generated configuration: " + output);
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
