/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of {@code security.targets} in {@code l2.yaml}: where l2 may aim. Either a network (an IPv4 or IPv6
 * address with an optional prefix length, {@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code 127.0.0.1}) or a host name
 * ({@code ns1.example.net}, matched by name and, at shoot time, by the addresses it resolves to), each with an
 * optional port ({@code 10.0.0.0/8:53}, {@code [2001:db8::/32]:53}, {@code ns1.example.net:5353}). Immutable.
 *
 * @param text         the entry as written.
 * @param network      the network's address bytes (4 or 16), or null for a host name rule.
 * @param prefixLength the network's prefix length in bits (32 or 128 for one address); 0 for a host name rule.
 * @param hostName     the host name in lower case without a trailing dot, or null for a network rule.
 * @param port         the only port allowed, 1..65535, or 0 for any port.
 * @param position     where it was written.
 */
public record TargetRule(String text, byte[] network, int prefixLength, String hostName, int port, Position position)
{
    /**
     * Validates the components.
     */
    public TargetRule
    {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(position, "position");
        if ((null == network) == (null == hostName))
        {
            throw new IllegalArgumentException("exactly one of network and hostName: " + text);
        }
        if (null != network)
        {
            if (4 != network.length && 16 != network.length)
            {
                throw new IllegalArgumentException("network must be 4 or 16 bytes: " + text);
            }
            if (prefixLength < 0 || prefixLength > network.length * 8)
            {
                throw new IllegalArgumentException("prefix length out of range: " + text);
            }
            network = network.clone();
        }
        else
        {
            hostName = normalName(hostName);
            if (!HostSyntax.isHostName(hostName))
            {
                throw new IllegalArgumentException("not a host name: " + text);
            }
        }
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("port must be 0..65535: " + text);
        }
    }

    /**
     * The network's address bytes.
     *
     * @return a copy, or null for a host name rule.
     */
    @Override
    public byte[] network()
    {
        return null == network ? null : network.clone();
    }

    /**
     * Whether this is a host name rule (its addresses are looked up when a shoot is checked).
     *
     * @return true for {@code ns1.example.net}, false for a network.
     */
    public boolean isHostName()
    {
        return null != hostName;
    }

    /**
     * Whether a port passes this rule.
     *
     * @param targetPort the target's port (53, 853, 443 or as the target says, whatever the transport).
     * @return true when the rule names no port or this one.
     */
    public boolean allowsPort(final int targetPort)
    {
        return 0 == port || port == targetPort;
    }

    /**
     * Whether an address lies in this rule's network. An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) is
     * compared as the IPv4 address it carries.
     *
     * @param address the target's resolved address.
     * @return true when this is a network rule and the address is inside it (ports not considered).
     */
    public boolean containsAddress(final InetAddress address)
    {
        if (null == network)
        {
            return false;
        }
        final byte[] bytes = plainBytes(address);
        if (bytes.length != network.length)
        {
            return false;
        }
        final int wholeBytes = prefixLength / 8;
        for (int i = 0; i < wholeBytes; i++)
        {
            if (bytes[i] != network[i])
            {
                return false;
            }
        }
        final int restBits = prefixLength % 8;
        if (0 == restBits)
        {
            return true;
        }
        final int mask = (0xFF << (8 - restBits)) & 0xFF;
        return (bytes[wholeBytes] & mask) == (network[wholeBytes] & mask);
    }

    /**
     * Whether a name is this rule's host name (without regard to case or a trailing dot).
     *
     * @param name the target's name as the plan writes it.
     * @return true when this is a host name rule for that name.
     */
    public boolean namesHost(final String name)
    {
        return null != hostName && hostName.equals(normalName(name));
    }

    /**
     * A host name in the form rules keep: lower case, no trailing dot.
     *
     * @param name a host name.
     * @return the name in lower case without its trailing dot.
     */
    public static String normalName(final String name)
    {
        final String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /**
     * An address's bytes, an IPv4-mapped IPv6 address as its 4 IPv4 bytes.
     *
     * @param address an address.
     * @return 4 or 16 bytes.
     */
    public static byte[] plainBytes(final InetAddress address)
    {
        final byte[] bytes = address.getAddress();
        if (16 == bytes.length)
        {
            boolean mapped = (byte)0xFF == bytes[10] && (byte)0xFF == bytes[11];
            for (int i = 0; i < 10 && mapped; i++)
            {
                mapped = 0 == bytes[i];
            }
            if (mapped)
            {
                return new byte[]{ bytes[12], bytes[13], bytes[14], bytes[15] };
            }
        }
        return bytes;
    }

    /**
     * Parses a literal IPv4 or IPv6 address without any lookup.
     *
     * @param literal e.g. {@code 10.0.0.1} or {@code 2001:db8::1}, already checked by {@link HostSyntax}.
     * @return its bytes.
     */
    static byte[] literalBytes(final String literal)
    {
        try
        {
            return InetAddress.getByName(literal).getAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("not a literal address: " + literal, ex);
        }
    }

    /**
     * An address's bytes as text, IPv6 compressed the way {@link InetAddress} writes it.
     *
     * @param bytes 4 or 16 bytes.
     * @return e.g. {@code 10.0.0.0} or {@code 2001:db8:0:0:0:0:0:0}.
     */
    static String literalText(final byte[] bytes)
    {
        try
        {
            return InetAddress.getByAddress(bytes).getHostAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("not 4 or 16 bytes", ex);
        }
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof TargetRule that && text.equals(that.text) && position.equals(that.position);
    }

    @Override
    public int hashCode()
    {
        return text.hashCode() * 31 + position.hashCode();
    }

    @Override
    public String toString()
    {
        return text;
    }
}
