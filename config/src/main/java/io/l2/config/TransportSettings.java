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
 */
public record TransportSettings(
    Protocol protocol, int connections, boolean pipeline, String serverName, Path caFile, boolean insecure)
{
    /** Most connections per host. */
    public static final int MAX_CONNECTIONS = 4096;

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
        DOT(853);

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
        if (Protocol.DOT != protocol && (null != serverName || null != caFile || insecure))
        {
            throw new IllegalArgumentException("serverName, caFile and insecure are for dot");
        }
        if (insecure && null != caFile)
        {
            throw new IllegalArgumentException("insecure verifies nothing: no caFile with it");
        }
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
