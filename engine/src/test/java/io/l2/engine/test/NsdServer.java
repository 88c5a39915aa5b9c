package io.l2.engine.test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
public final class NsdServer extends ServerProcess
{
    /** The NSD binary (Debian package {@code nsd}). */
    public static final Path NSD = Path.of("/usr/sbin/nsd");
    /** The configuration checker from the same package. */
    public static final Path NSD_CHECKCONF = Path.of("/usr/sbin/nsd-checkconf");
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

    private NsdServer(final Path directory, final Process process, final int port)
    {
        super(KIND, directory, process, port);
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
        return launch(
            KIND,
            origin,
            (directory) ->
            {
                final Path zoneFile = directory.resolve("zone.db");
                Files.writeString(zoneFile, zoneText, StandardCharsets.US_ASCII);
                return (port) -> config(directory, zoneFile, origin, port);
            },
            NsdServer::new);
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
}
