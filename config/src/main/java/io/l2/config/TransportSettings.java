/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * How a plan's queries travel to the target: the plan key {@code transport}, either a protocol alone
 * ({@code transport: tcp}) or a map ({@code transport: {protocol: tcp, connections: 8, pipeline: false}}).
 *
 * @param protocol    what carries the queries.
 * @param connections connections (TCP) each host keeps open, or 0 for the engine's choice (a few per shooter thread;
 *                    one per worker when not pipelined). UDP: 0.
 * @param pipeline    whether a connection carries several queries at once, answered in any order (RFC 7766), or
 *                    one at a time. UDP: true.
 * @param serverName  DNS over TLS: the name sent as SNI and required in the server's certificate; null to take the
 *                    target's host name (an address then needs {@code insecure}).
 * @param caFile      DNS over TLS: a PEM file of the CAs to trust instead of the JDK's, resolved against the plan's
 *                    directory (read on each host that shoots); or null.
 * @param insecure    DNS over TLS: accept any certificate for any name (written only for test servers).
 * @param path        DNS over HTTPS: the request path ({@link #DEFAULT_PATH} unless written); null otherwise.
 * @param get         DNS over HTTPS: GET with the query in the path instead of POST.
 * @param queriesPerConnection most queries a connection carries before it is closed and made again (client churn),
 *                    or 0 for no limit: a connection lives the whole shoot. UDP: 0.
 * <p>
 * {@code serverName}, {@code caFile} and {@code insecure} are for both TLS transports, DoT and DoH.
 */
public record TransportSettings(
    Protocol protocol, int connections, boolean pipeline, String serverName, Path caFile, boolean insecure,
    String path, boolean get, long queriesPerConnection)
{
    /** The DoH path unless the plan says (RFC 8484's example, what unbound and most servers answer on). */
    public static final String DEFAULT_PATH = "/dns-query";
    /** The longest DoH path. */
    public static final int MAX_PATH_LENGTH = 1000;

    /** Most connections per host. */
    public static final int MAX_CONNECTIONS = 4096;

    /** Most queries per connection a plan may ask for. */
    public static final long MAX_QUERIES_PER_CONNECTION = 1_000_000_000L;

    /** UDP: the default. */
    public static final TransportSettings UDP = new TransportSettings(Protocol.UDP, 0, true, null, null, false);

    /**
     * What carries the queries.
     */
    public enum Protocol
    {
        /** One datagram per query. */
        UDP(53),
        /** Queries framed by a two-byte length on TCP connections. */
        TCP(53),
        /** TCP's framing inside TLS (RFC 7858). */
        DOT(853),
        /** Each query an HTTP/2 request inside TLS (RFC 8484). */
        DOH(443);

        private final int defaultPort;

        Protocol(final int defaultPort)
        {
            this.defaultPort = defaultPort;
        }

        /**
         * @return the port of a target that does not say.
         */
        public int defaultPort()
        {
            return defaultPort;
        }

        /**
         * @return true for the transports inside TLS (dot, doh).
         */
        public boolean tls()
        {
            return DOT == this || DOH == this;
        }

        /**
         * @return the name in YAML, e.g. {@code tcp}.
         */
        public String yamlName()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Validates the components.
     */
    public TransportSettings
    {
        Objects.requireNonNull(protocol, "protocol");
        if (connections < 0 || connections > MAX_CONNECTIONS)
        {
            throw new IllegalArgumentException("connections must be 0.." + MAX_CONNECTIONS + ": " + connections);
        }
        if (Protocol.UDP == protocol && (0 != connections || !pipeline))
        {
            throw new IllegalArgumentException("connections and pipeline are for connection transports, not udp");
        }
        if (queriesPerConnection < 0 || queriesPerConnection > MAX_QUERIES_PER_CONNECTION)
        {
            throw new IllegalArgumentException("queriesPerConnection must be 0.." + MAX_QUERIES_PER_CONNECTION + ": " +
                queriesPerConnection);
        }
        if (Protocol.UDP == protocol && 0 != queriesPerConnection)
        {
            throw new IllegalArgumentException("queriesPerConnection is for connection transports, not udp");
        }
        if (!protocol.tls() && (null != serverName || null != caFile || insecure))
        {
            throw new IllegalArgumentException("serverName, caFile and insecure are for dot and doh");
        }
        if (Protocol.DOH != protocol && (null != path || get))
        {
            throw new IllegalArgumentException("path and get are for doh");
        }
        if (Protocol.DOH == protocol && !validPath(path))
        {
            throw new IllegalArgumentException("path must start with '/' and be printable ASCII without spaces, " +
                "at most " + MAX_PATH_LENGTH + " characters: " + path);
        }
        if (insecure && null != caFile)
        {
            throw new IllegalArgumentException("insecure verifies nothing: no caFile with it");
        }
    }

    /**
     * Without the DoH fields: {@link #DEFAULT_PATH} and POST for doh, none for the others.
     */
    public TransportSettings(
        final Protocol protocol,
        final int connections,
        final boolean pipeline,
        final String serverName,
        final Path caFile,
        final boolean insecure)
    {
        this(protocol, connections, pipeline, serverName, caFile, insecure,
            Protocol.DOH == protocol ? DEFAULT_PATH : null, false, 0);
    }

    /**
     * @param path a DoH path as written.
     * @return true when it starts with '/', has at most {@link #MAX_PATH_LENGTH} characters, all printable ASCII.
     */
    public static boolean validPath(final String path)
    {
        if (null == path || !path.startsWith("/") || path.length() > MAX_PATH_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < path.length(); i++)
        {
            final char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param target the plan's target.
     * @return the TLS server name: {@link #serverName()} when written, else the target's host when it is a name;
     * null when neither (the target is an address).
     */
    public String serverNameFor(final Target target)
    {
        if (null != serverName)
        {
            return serverName;
        }
        return target.isIpv6Literal() || HostSyntax.isIpv4(target.host()) ? null : target.host();
    }

    /**
     * @return true for a transport that makes connections.
     */
    public boolean connected()
    {
        return Protocol.UDP != protocol;
    }
}
