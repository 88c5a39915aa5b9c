package io.l2.engine.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real NSD ({@code /usr/sbin/nsd}) serving one zone on 127.0.0.1 at a free port, or on a given address and port
 * inside a network namespace, for tests. Use with try-with-resources.
 * <p>
 * {@link #start} writes the zone file and an {@code nsd.conf} into a fresh temporary directory (pid file, xfrd
 * state, zone list, log, no database, remote control on a unix socket {@code nsd.ctl} in that directory for
 * {@link #queryCount()}, no privilege drop, {@code server-count: 1},
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
public final class NsdServer extends ServerProcess
{
    /** The NSD binary (Debian package {@code nsd}). */
    public static final Path NSD = Path.of("/usr/sbin/nsd");
    /** The configuration checker from the same package. */
    public static final Path NSD_CHECKCONF = Path.of("/usr/sbin/nsd-checkconf");
    /** The remote control client from the same package, used by {@link #queryCount()}. */
    public static final Path NSD_CONTROL = Path.of("/usr/sbin/nsd-control");
    /** Longest wait for NSD to answer after it was started. */
    public static final long START_TIMEOUT_NS = ServerProcess.START_TIMEOUT_NS;
    /** Longest wait for NSD to exit after SIGTERM (and again after SIGKILL). */
    public static final long STOP_TIMEOUT_MS = ServerProcess.STOP_TIMEOUT_MS;

    /**
     * SO_RCVBUF asked for NSD's UDP socket (the kernel doubles it), as l2's own sockets ask: NSD's default (1 MiB,
     * 2 MiB in the kernel) holds roughly 0.1 s of small queries at 20k qps, and on a shared 2-core box NSD can be
     * off the CPU longer than that.
     */
    public static final int RECEIVE_BUFFER_LENGTH = 4 * 1024 * 1024;

    private static final Kind KIND = new Kind("NSD", "nsd", NSD, NSD_CHECKCONF);

    private static final String QUERY_COUNT_KEY = "num.queries=";

    private NsdServer(final Path directory, final Process process, final InetAddress host, final int port)
    {
        super(KIND, directory, process, host, port);
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
        return start(origin, zoneText, InetAddress.getLoopbackAddress(), 0, List.of(), 0);
    }

    /**
     * Starts NSD serving {@code zone} on 127.0.0.1 with response-rate limiting on: {@code rrl-ratelimit} (answers
     * per second per source /24 and kind of answer; one query name asked again and again is one bucket) and
     * {@code rrl-slip: 0}, so answers above the limit are dropped, not truncated: a target that breaks above a rate.
     *
     * @param zone      the zone to serve.
     * @param ratelimit answers per second NSD gives one source before it drops, above 0.
     * @return the running server.
     * @throws IllegalStateException when NSD is missing, rejects the configuration or does not answer in time.
     */
    public static NsdServer startRateLimited(final ZoneWriter zone, final int ratelimit)
    {
        if (ratelimit <= 0)
        {
            throw new IllegalArgumentException("ratelimit must be above 0: " + ratelimit);
        }
        return start(zone.origin(), zone.text(), InetAddress.getLoopbackAddress(), 0, List.of(), ratelimit);
    }

    /**
     * Starts NSD serving {@code zone} on a given address and port, run through a command prefix: e.g. on port 53 of
     * a network namespace's address with {@code ip netns exec NAME} (NSD runs as root then, with no privilege drop).
     * The address must be reachable from this process, which probes it.
     *
     * @param zone          the zone to serve.
     * @param listen        the address and port NSD binds (UDP and TCP), port 1..65535.
     * @param commandPrefix words before NSD's command line; it must exec NSD, as {@code ip netns exec} does.
     * @return the running server.
     * @throws IllegalStateException when NSD is missing, rejects the configuration or does not answer in time.
     */
    public static NsdServer start(
        final ZoneWriter zone, final InetSocketAddress listen, final List<String> commandPrefix)
    {
        if (0 == listen.getPort())
        {
            throw new IllegalArgumentException("give a port to listen on: " + listen);
        }
        return start(zone.origin(), zone.text(), listen.getAddress(), listen.getPort(), List.copyOf(commandPrefix),
            0);
    }

    /**
     * Starts NSD as {@link #start(ZoneWriter, InetSocketAddress, List)} does, with response-rate limiting on as
     * {@link #startRateLimited(ZoneWriter, int)} sets it.
     *
     * @param zone          the zone to serve.
     * @param listen        the address and port NSD binds (UDP and TCP), port 1..65535.
     * @param commandPrefix words before NSD's command line; it must exec NSD, as {@code ip netns exec} does.
     * @param ratelimit     answers per second NSD gives one source /24 before it drops, above 0.
     * @return the running server.
     * @throws IllegalStateException when NSD is missing, rejects the configuration or does not answer in time.
     */
    public static NsdServer startRateLimited(
        final ZoneWriter zone, final InetSocketAddress listen, final List<String> commandPrefix, final int ratelimit)
    {
        if (0 == listen.getPort() || ratelimit <= 0)
        {
            throw new IllegalArgumentException("give a port and a rate limit above 0: " + listen + ", " + ratelimit);
        }
        return start(zone.origin(), zone.text(), listen.getAddress(), listen.getPort(), List.copyOf(commandPrefix),
            ratelimit);
    }

    /**
     * The number of queries NSD has received since it started, as its statistics count them ({@code num.queries}
     * of {@code nsd-control stats_noreset}, over the control socket; the count is not reset). The SOA probes of
     * {@link #start} are included: compare two readings.
     *
     * @return the count.
     * @throws IllegalStateException when nsd-control fails or does not print the count.
     */
    public long queryCount()
    {
        return stat(QUERY_COUNT_KEY.substring(0, QUERY_COUNT_KEY.length() - 1));
    }

    /**
     * One of NSD's own counters from {@code nsd-control stats_noreset}, e.g. {@code num.queries} or {@code num.tcp}
     * (queries over TCP on IPv4); the fixture's own probes are included: compare two readings.
     *
     * @param name the counter's name.
     * @return its value.
     * @throws IllegalStateException when nsd-control fails or does not print it.
     */
    public long stat(final String name)
    {
        final String key = name + "=";
        final Path conf = directory().resolve("nsd.conf");
        final Path out = directory().resolve("nsd-control.out");
        final String output;
        final Process process;
        try
        {
            process = new ProcessBuilder(NSD_CONTROL.toString(), "-c", conf.toString(), "stats_noreset")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
            process.getOutputStream().close();
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                throw new IllegalStateException(NSD_CONTROL + " stats_noreset did not finish within " +
                    STOP_TIMEOUT_MS + " ms");
            }
            output = Files.readString(out, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot run " + NSD_CONTROL, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading NSD's statistics", ex);
        }
        if (0 != process.exitValue())
        {
            throw new IllegalStateException(NSD_CONTROL + " stats_noreset: exit " + process.exitValue() + ": " +
                output.trim());
        }
        for (final String line : output.split("\n"))
        {
            if (line.startsWith(key))
            {
                return Long.parseLong(line.substring(key.length()).trim());
            }
        }
        throw new IllegalStateException(NSD_CONTROL + " stats_noreset printed no " + key + ": " + output.trim());
    }

    private static NsdServer start(
        final String origin, final String zoneText, final InetAddress host, final int port,
        final List<String> commandPrefix,
        final int ratelimit)
    {
        return launch(
            KIND,
            origin,
            (directory) ->
            {
                final Path zoneFile = directory.resolve("zone.db");
                Files.writeString(zoneFile, zoneText, StandardCharsets.US_ASCII);
                return (chosenPort) -> config(directory, zoneFile, origin, host, chosenPort, ratelimit);
            },
            (directory, process, chosenPort) -> new NsdServer(directory, process, host, chosenPort),
            host,
            port,
            commandPrefix);
    }

    private static String config(
        final Path directory, final Path zoneFile, final String origin, final InetAddress host, final int port,
        final int ratelimit)
    {
        final String dir = directory.toAbsolutePath().toString();
        return "server:\n" +
            "    ip-address: " + host.getHostAddress() + "\n" +
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
            "    rrl-ratelimit: " + ratelimit + "\n" +
            "    rrl-whitelist-ratelimit: " + ratelimit + "\n" +
            (0 == ratelimit ? "" : "    rrl-slip: 0\n") +
            "    receive-buffer-size: " + RECEIVE_BUFFER_LENGTH + "\n" +
            "remote-control:\n" +
            "    control-enable: yes\n" +
            "    control-interface: \"" + dir + "/nsd.ctl\"\n" +
            "zone:\n" +
            "    name: \"" + origin + "\"\n" +
            "    zonefile: \"" + zoneFile.toAbsolutePath() + "\"\n";
    }
}
