package io.l2.config;

import java.util.Objects;

/**
 * The DNS server a plan shoots at, checked for syntax only (no name is resolved here). Immutable.
 *
 * @param host     the host as written: an IPv4 address, an IPv6 address without brackets, or a host name.
 * @param port      the port, 1..65535 (when not written: 53, or the transport's own: 853 for DNS over TLS, 443 for
 *                  DNS over HTTPS).
 * @param position  where the target is written; the runner reports resolution failures there.
 * @param portGiven whether the port was written (else it is the transport's default).
 */
public record Target(String host, int port, Position position, boolean portGiven)
{
    /**
     * The port of a target written without one.
     */
    public static final int DEFAULT_PORT = 53;

    /**
     * A target whose port was written.
     *
     * @param host     the host as written.
     * @param port     the port, 1..65535.
     * @param position where the target is written.
     */
    public Target(final String host, final int port, final Position position)
    {
        this(host, port, position, true);
    }

    /**
     * @param defaultPort the transport's port.
     * @return this target, on {@code defaultPort} when its port was not written.
     */
    public Target withDefaultPort(final int defaultPort)
    {
        return portGiven || port == defaultPort ? this : new Target(host, defaultPort, position, false);
    }

    /**
     * Validates the components.
     */
    public Target
    {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(position, "position");
        if (host.isEmpty())
        {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535)
        {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
    }

    /**
     * Whether the host is written as an IPv6 address.
     *
     * @return true for an IPv6 literal.
     */
    public boolean isIpv6Literal()
    {
        return host.indexOf(':') >= 0;
    }

    /**
     * The target as {@code host:port}, with brackets around an IPv6 address.
     *
     * @return e.g. {@code ns1.example.net:53} or {@code [2001:db8::1]:53}.
     */
    public String authority()
    {
        return isIpv6Literal() ? "[" + host + "]:" + port : host + ":" + port;
    }
}
