/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.util.Locale;

/**
 * How queries travel to the target. The shooter's model is the same on each: intended send times, open and closed
 * modes, latency from the intended time, every query recorded with its transport.
 */
public enum Transport
{
    /** One datagram per query (RFC 1035 4.2.1), on a few connected UDP sockets per shooter thread. */
    UDP(0, 53),
    /**
     * Queries framed by a two-byte length on TCP connections (RFC 1035 4.2.2, RFC 7766): several in flight on each
     * connection when pipelined, answers matched by id in whatever order they come.
     */
    TCP(1, 53),
    /**
     * DNS over TLS (RFC 7858): TCP's framing and pipelining inside a TLS session, the server's certificate verified.
     */
    DOT(2, 853),
    /**
     * DNS over HTTPS (RFC 8484): each query an HTTP/2 stream (a POST of the message, or a GET of it) on TLS
     * connections, many streams in flight on each.
     */
    DOH(3, 443);

    /** The aliases, as an option's help would list them. */
    public static final String ALIASES = "udp, tcp, dot, doh";

    private final int code;
    private final int defaultPort;

    Transport(final int code, final int defaultPort)
    {
        this.code = code;
        this.defaultPort = defaultPort;
    }

    /**
     * @param alias one of {@link #ALIASES}, any case.
     * @return the transport.
     * @throws IllegalArgumentException naming the known aliases.
     */
    public static Transport of(final String alias)
    {
        if (null != alias)
        {
            for (final Transport transport : values())
            {
                if (transport.alias().equals(alias.trim().toLowerCase(Locale.ROOT)))
                {
                    return transport;
                }
            }
        }
        throw new IllegalArgumentException("unknown transport '" + alias + "' (known: " + ALIASES + ")");
    }

    /**
     * @param code a code as {@link #code()} gives, e.g. read from a record.
     * @return its transport, or null when no transport has it.
     */
    public static Transport ofCode(final int code)
    {
        for (final Transport transport : values())
        {
            if (transport.code == code)
            {
                return transport;
            }
        }
        return null;
    }

    /**
     * @return the transport's number in records (0 for UDP, which older records also read as).
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the port a server of this transport listens on unless told otherwise.
     */
    public int defaultPort()
    {
        return defaultPort;
    }

    /**
     * @return the alias, as {@link #of(String)} takes it.
     */
    public String alias()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
