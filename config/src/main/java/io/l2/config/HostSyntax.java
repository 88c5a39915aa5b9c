package io.l2.config;

/**
 * Syntax of host names and literal addresses. No name is resolved. Stateless.
 */
final class HostSyntax
{
    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    private HostSyntax()
    {
    }

    /**
     * Whether a host is a valid IPv4 address, IPv6 address (no brackets, optional {@code %zone}) or host name.
     */
    static boolean isValidHost(final String host)
    {
        if (host.indexOf(':') >= 0)
        {
            return isIpv6(host);
        }
        if (looksNumeric(host))
        {
            return isIpv4(host);
        }
        return isHostName(host);
    }

    /**
     * Whether every dot-separated label is made of digits (so it can only be meant as an IPv4 address).
     */
    static boolean looksNumeric(final String host)
    {
        if (host.isEmpty())
        {
            return false;
        }
        for (int i = 0; i < host.length(); i++)
        {
            final char c = host.charAt(i);
            if ('.' != c && (c < '0' || c > '9'))
            {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv4(final String host)
    {
        final String[] parts = host.split("\\.", -1);
        if (4 != parts.length)
        {
            return false;
        }
        for (final String part : parts)
        {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && '0' == part.charAt(0)))
            {
                return false;
            }
            for (int i = 0; i < part.length(); i++)
            {
                if (part.charAt(i) < '0' || part.charAt(i) > '9')
                {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255)
            {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(final String host)
    {
        String address = host;
        final int zone = host.indexOf('%');
        if (zone >= 0)
        {
            final String zoneId = host.substring(zone + 1);
            if (zoneId.isEmpty() || !zoneId.matches("[A-Za-z0-9_.-]+"))
            {
                return false;
            }
            address = host.substring(0, zone);
        }
        final int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0)
        {
            return false;
        }
        if (gap < 0)
        {
            return 8 == countGroups(address, true);
        }
        final String head = address.substring(0, gap);
        final String tail = address.substring(gap + 2);
        final int headCount = head.isEmpty() ? 0 : countGroups(head, false);
        final int tailCount = tail.isEmpty() ? 0 : countGroups(tail, true);
        return headCount >= 0 && tailCount >= 0 && headCount + tailCount <= 7;
    }

    /**
     * The number of 16-bit groups in {@code a:b:c}, an IPv4 tail counting 2 when allowed; -1 when malformed.
     */
    private static int countGroups(final String groups, final boolean ipv4TailAllowed)
    {
        final String[] parts = groups.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++)
        {
            final String part = parts[i];
            if (ipv4TailAllowed && i == parts.length - 1 && part.indexOf('.') >= 0)
            {
                if (!isIpv4(part))
                {
                    return -1;
                }
                count += 2;
            }
            else if (part.isEmpty() || part.length() > 4 || !part.matches("[0-9a-fA-F]+"))
            {
                return -1;
            }
            else
            {
                count++;
            }
        }
        return count;
    }

    static boolean isHostName(final String host)
    {
        final String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH)
        {
            return false;
        }
        for (final String label : name.split("\\.", -1))
        {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH ||
                '-' == label.charAt(0) || '-' == label.charAt(label.length() - 1))
            {
                return false;
            }
            for (int i = 0; i < label.length(); i++)
            {
                final char c = label.charAt(i);
                final boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    '-' == c || '_' == c;
                if (!valid)
                {
                    return false;
                }
            }
        }
        return true;
    }
}
