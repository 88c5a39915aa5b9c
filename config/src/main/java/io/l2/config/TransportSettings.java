/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.config;

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
 */
public record TransportSettings(Protocol protocol, int connections, boolean pipeline)
{
    /** Most connections per host. */
    public static final int MAX_CONNECTIONS = 4096;

    /** UDP: the default. */
    public static final TransportSettings UDP = new TransportSettings(Protocol.UDP, 0, true);

    /**
     * What carries the queries.
     */
    public enum Protocol
    {
        /** One datagram per query. */
        UDP,
        /** Queries framed by a two-byte length on TCP connections. */
        TCP;

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
    }

    /**
     * @return true for a transport that makes connections.
     */
    public boolean connected()
    {
        return Protocol.UDP != protocol;
    }
}
