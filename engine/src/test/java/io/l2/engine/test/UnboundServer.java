/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real unbound ({@code /usr/sbin/unbound}) resolving on 127.0.0.1 at a free port, for tests: a slow path (every
 * query goes through the resolver to the authoritative server behind it). Use with try-with-resources.
 * <p>
 * {@link #start} writes an {@code unbound.conf} into a fresh temporary directory: one thread, the iterator module
 * only (no validator, no trust anchor), a {@code stub-zone} for the given zone pointing at the given loopback address
 * (with {@code do-not-query-localhost: no} so unbound may ask it, and the built-in {@code test.} local zone turned
 * off so names under {@code .test} are resolved), caching effectively off ({@code cache-max-ttl: 0},
 * {@code cache-max-negative-ttl: 0}: every query goes to the authoritative server), no privilege drop, no chroot,
 * pid file and log in the directory, remote control on a unix socket in the directory (for {@link #stats()}). It checks the file with {@code unbound-checkconf}, starts
 * {@code unbound -d -c unbound.conf} in the foreground and returns once unbound answers a recursive SOA query for the
 * zone, within {@link #START_TIMEOUT_NS}. A port taken between the probe and unbound's bind is retried with another
 * port. {@link #close()} stops unbound by PID (SIGTERM, then SIGKILL after a bounded wait) and deletes the directory.
 * <p>
 * Fails (never skips) with a message that says what to install when unbound is missing: tests that need a real
 * server must not pass silently without one.
 */
public final class UnboundServer extends ServerProcess
{
    /** The unbound binary (Debian package {@code unbound}). */
    public static final Path UNBOUND = Path.of("/usr/sbin/unbound");
    /** The configuration checker from the same package. */
    public static final Path UNBOUND_CHECKCONF = Path.of("/usr/sbin/unbound-checkconf");
    /** Longest wait for unbound to answer after it was started. */
    public static final long START_TIMEOUT_NS = ServerProcess.START_TIMEOUT_NS;
    /** Longest wait for unbound to exit after SIGTERM (and again after SIGKILL). */
    public static final long STOP_TIMEOUT_MS = ServerProcess.STOP_TIMEOUT_MS;

    /** The remote control from the same package, for {@link #stats()}. */
    public static final Path UNBOUND_CONTROL = Path.of("/usr/sbin/unbound-control");

    private static final Kind KIND = new Kind("unbound", "unbound", UNBOUND, UNBOUND_CHECKCONF);
    private static final long CONTROL_TIMEOUT_S = 10;

    private final int tlsPort;
    private final int httpsPort;

    private UnboundServer(
        final Path directory, final Process process, final int port, final int tlsPort, final int httpsPort)
    {
        super(KIND, directory, process, port);
        this.tlsPort = tlsPort;
        this.httpsPort = httpsPort;
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
        final String origin = zone.endsWith(".") ? zone : zone + ".";
        return launch(
            KIND,
            origin,
            (directory) -> (port) -> config(directory, origin, authoritative, port, 0, 0, null),
            (directory, process, port) -> new UnboundServer(directory, process, port, 0, 0));
    }

    /**
     * Starts unbound as {@link #start} does, serving DNS over TLS too (RFC 7858) on another loopback port
     * ({@link #tlsAddress()}) and DNS over HTTPS (RFC 8484) on a third ({@link #httpsAddress()}), with the given
     * certificate.
     *
     * @param zone          the zone's name; it must have a SOA.
     * @param authoritative where the zone's authoritative server listens.
     * @param certificates  the server's certificate and key ({@link TestCertificates#keyPem()} must be there).
     * @return the running resolver.
     */
    public static UnboundServer startWithTls(
        final String zone, final InetSocketAddress authoritative, final TestCertificates certificates)
    {
        final String origin = zone.endsWith(".") ? zone : zone + ".";
        final int tlsPort;
        final int httpsPort;
        try
        {
            tlsPort = freeLoopbackPort();
            httpsPort = freeLoopbackPort();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
        return launch(
            KIND,
            origin,
            (directory) -> (port) -> config(directory, origin, authoritative, port, tlsPort, httpsPort, certificates),
            (directory, process, port) -> new UnboundServer(directory, process, port, tlsPort, httpsPort));
    }

    /**
     * @return where unbound serves DNS over HTTPS, on {@code /dns-query} ({@link #startWithTls} only).
     */
    public InetSocketAddress httpsAddress()
    {
        return new InetSocketAddress(address().getAddress(), httpsPort);
    }

    /**
     * @return where unbound serves DNS over TLS ({@link #startWithTls} only).
     */
    public InetSocketAddress tlsAddress()
    {
        return new InetSocketAddress(address().getAddress(), tlsPort);
    }

    private static String config(
        final Path directory,
        final String origin,
        final InetSocketAddress authoritative,
        final int port,
        final int tlsPort,
        final int httpsPort,
        final TestCertificates certificates)
    {
        final String dir = directory.toAbsolutePath().toString();
        final String tls = null == certificates ? "" :
            "    interface: 127.0.0.1@" + tlsPort + "\n" +
            "    tls-port: " + tlsPort + "\n" +
            "    interface: 127.0.0.1@" + httpsPort + "\n" +
            "    https-port: " + httpsPort + "\n" +
            "    http-endpoint: \"/dns-query\"\n" +
            "    tls-service-pem: \"" + certificates.pem().toAbsolutePath() + "\"\n" +
            "    tls-service-key: \"" + certificates.keyPem().toAbsolutePath() + "\"\n";
        return "server:\n" +
            "    interface: 127.0.0.1@" + port + "\n" + tls +
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
            "    extended-statistics: yes\n" +
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
            "    control-enable: yes\n" +
            "    control-interface: \"" + dir + "/control.sock\"\n" +
            "    control-use-cert: no\n" +
            "stub-zone:\n" +
            "    name: \"" + origin + "\"\n" +
            "    stub-addr: " + authoritative.getAddress().getHostAddress() + "@" + authoritative.getPort() + "\n";
    }

    /**
     * unbound's own counters, read without resetting them ({@code unbound-control stats_noreset}), e.g.
     * {@code total.num.queries}, {@code num.query.tcp}, {@code num.query.tls}.
     *
     * @return every counter unbound printed, by name.
     * @throws IllegalStateException when unbound-control fails or does not finish in time.
     */
    public Map<String, Long> stats()
    {
        try
        {
            final Process control = new ProcessBuilder(UNBOUND_CONTROL.toString(), "-c",
                directory().resolve("unbound.conf").toString(), "stats_noreset").redirectErrorStream(true).start();
            final String output = new String(control.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!control.waitFor(CONTROL_TIMEOUT_S, TimeUnit.SECONDS) || 0 != control.exitValue())
            {
                control.destroyForcibly();
                throw new IllegalStateException("unbound-control stats_noreset failed: " + output.strip());
            }
            final Map<String, Long> stats = new TreeMap<>();
            for (final String line : output.split("\n"))
            {
                final int equals = line.indexOf('=');
                if (equals > 0 && line.substring(equals + 1).strip().matches("[0-9]+"))
                {
                    stats.put(line.substring(0, equals), Long.parseLong(line.substring(equals + 1).strip()));
                }
            }
            return stats;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("unbound-control: " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading unbound's counters", ex);
        }
    }
}
