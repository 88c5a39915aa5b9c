package io.l2.engine.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test zone {@code example.test.} in master-file form, with a known content so tests can predict every answer.
 * <p>
 * The apex has SOA, NS ({@code ns1}), MX ({@code 10 mail}) and TXT ({@code "l2 test zone"}); {@code ns1} and
 * {@code mail} have A records; hosts {@code host0} .. {@code host<N-1>} each have one A ({@code 192.0.2.x} /
 * {@code 198.51.100.x}) and one AAAA ({@code 2001:db8::x}). Every other name under the zone is NXDOMAIN. Immutable.
 */
public final class ZoneWriter
{
    /** The zone's origin. */
    public static final String ORIGIN = "example.test.";
    /** The SOA serial. */
    public static final long SERIAL = 2026110101L;
    /** The TXT at the apex. */
    public static final String APEX_TXT = "l2 test zone";

    private final int hostCount;

    private ZoneWriter(final int hostCount)
    {
        if (hostCount < 0 || hostCount > 65535)
        {
            throw new IllegalArgumentException("hostCount must be 0..65535, got " + hostCount);
        }
        this.hostCount = hostCount;
    }

    /**
     * The zone {@code example.test.} with {@code hostCount} hosts.
     *
     * @param hostCount 0..65535.
     * @return the zone.
     */
    public static ZoneWriter exampleTest(final int hostCount)
    {
        return new ZoneWriter(hostCount);
    }

    /**
     * The zone's origin.
     *
     * @return {@value #ORIGIN}.
     */
    public String origin()
    {
        return ORIGIN;
    }

    /**
     * How many hosts.
     *
     * @return the count given.
     */
    public int hostCount()
    {
        return hostCount;
    }

    /**
     * The absolute name of host {@code i}.
     *
     * @param i 0..hostCount-1.
     * @return e.g. {@code host7.example.test.}
     */
    public String hostName(final int i)
    {
        if (i < 0 || i >= hostCount)
        {
            throw new IndexOutOfBoundsException("host " + i + " of " + hostCount);
        }
        return "host" + i + "." + ORIGIN;
    }

    /**
     * The IPv4 address of host {@code i}.
     *
     * @param i 0..hostCount-1.
     * @return a documentation address.
     */
    public String hostIpv4(final int i)
    {
        return (i < 256 ? "192.0.2." : "198.51.100.") + (i % 256);
    }

    /**
     * The IPv6 address of host {@code i}.
     *
     * @param i 0..hostCount-1.
     * @return a documentation address.
     */
    public String hostIpv6(final int i)
    {
        return "2001:db8::" + Integer.toHexString(i + 1);
    }

    /**
     * The zone in master-file form.
     *
     * @return the text, one record per line.
     */
    public String text()
    {
        final StringBuilder sb = new StringBuilder(256 + hostCount * 96);
        sb.append("$ORIGIN ").append(ORIGIN).append('\n');
        sb.append("$TTL 300\n");
        sb.append("@ IN SOA ns1.").append(ORIGIN).append(" hostmaster.").append(ORIGIN).append(' ')
            .append(SERIAL).append(" 3600 600 86400 300\n");
        sb.append("@ IN NS ns1\n");
        sb.append("@ IN MX 10 mail\n");
        sb.append("@ IN TXT \"").append(APEX_TXT).append("\"\n");
        sb.append("ns1 IN A 127.0.0.1\n");
        sb.append("mail IN A 192.0.2.250\n");
        for (int i = 0; i < hostCount; i++)
        {
            sb.append("host").append(i).append(" IN A ").append(hostIpv4(i)).append('\n');
            sb.append("host").append(i).append(" IN AAAA ").append(hostIpv6(i)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes the zone file.
     *
     * @param file where.
     * @return {@code file}.
     */
    public Path writeTo(final Path file)
    {
        try
        {
            Files.writeString(file, text(), StandardCharsets.US_ASCII);
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write zone file " + file, ex);
        }
    }
}
