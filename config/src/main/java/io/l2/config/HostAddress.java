package io.l2.config;

import java.util.Objects;

/**
 * One entry of {@code host-addresses} in {@code l2.yaml}: the literal IP address a host's control plane is reached
 * at (its inventory name is not resolved then) and optionally its own control port, for hosts whose names do not
 * resolve (labs, tests) and for several daemons on one address. Written {@code IPV4}, {@code IPV4:PORT},
 * {@code IPV6} or {@code [IPV6]:PORT}. Immutable.
 *
 * @param address  a literal IPv4 or IPv6 address (IPv6 without brackets).
 * @param port     the host's control port, 1..65534, or 0 for {@code control-port}; the host answers on port + 1.
 * @param position where it was written.
 */
public record HostAddress(String address, int port, Position position)
{
    /**
     * Validates the components.
     */
    public HostAddress
    {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(position, "position");
        if (!HostSyntax.isIpv4(address) && !HostSyntax.isIpv6(address))
        {
            throw new IllegalArgumentException("not a literal IPv4 or IPv6 address: " + address);
        }
        if (port < 0 || port > DaemonSettings.MAX_CONTROL_PORT)
        {
            throw new IllegalArgumentException("port must be 0..65534: " + port);
        }
    }

    /**
     * The port the host receives control on.
     *
     * @param controlPort {@code control-port}, used when this entry has no port.
     * @return this entry's port, else {@code controlPort}.
     */
    public int portOr(final int controlPort)
    {
        return 0 == port ? controlPort : port;
    }

    /**
     * The address as an Aeron endpoint's host part: IPv6 in brackets.
     *
     * @return e.g. {@code 10.0.0.1} or {@code [2001:db8::1]}.
     */
    public String uriHost()
    {
        return address.indexOf(':') >= 0 ? "[" + address + "]" : address;
    }
}
