package io.l2.engine.codec;

/**
 * How queries are built: the RD flag and the EDNS(0) OPT record. Immutable and validated on construction.
 *
 * @param recursionDesired set the RD flag (a resolver should recurse; authoritative servers ignore it).
 * @param edns             append an EDNS(0) OPT record to each query.
 * @param ednsUdpSize      the UDP payload size advertised in the OPT record, bytes, 512 to 65535 (checked even
 *                         when {@code edns} is off, so a bad value is caught where it is written).
 * @param dnssecOk         set the DO bit in the OPT record; requires {@code edns}.
 */
public record QueryOptions(boolean recursionDesired, boolean edns, int ednsUdpSize, boolean dnssecOk)
{
    /** The smallest UDP payload size EDNS may advertise (RFC 6891). */
    public static final int MIN_EDNS_UDP_SIZE = 512;
    /** The largest UDP payload size. */
    public static final int MAX_EDNS_UDP_SIZE = 65535;
    /** The default UDP payload size, as agreed at DNS Flag Day 2020. */
    public static final int DEFAULT_EDNS_UDP_SIZE = 1232;

    /** RD set, no EDNS: what dnsperf sends by default. */
    public static final QueryOptions DEFAULT = new QueryOptions(true, false, DEFAULT_EDNS_UDP_SIZE, false);

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException when the UDP size is out of range or DO is asked for without EDNS.
     */
    public QueryOptions
    {
        if (ednsUdpSize < MIN_EDNS_UDP_SIZE || ednsUdpSize > MAX_EDNS_UDP_SIZE)
        {
            throw new IllegalArgumentException(
                "ednsUdpSize must be " + MIN_EDNS_UDP_SIZE + ".." + MAX_EDNS_UDP_SIZE + ", got " + ednsUdpSize);
        }
        if (dnssecOk && !edns)
        {
            throw new IllegalArgumentException("dnssecOk needs edns: the DO bit lives in the EDNS OPT record");
        }
    }

    /**
     * The defaults: RD set, no EDNS.
     *
     * @return {@link #DEFAULT}.
     */
    public static QueryOptions defaults()
    {
        return DEFAULT;
    }

    /**
     * Options with EDNS(0) on.
     *
     * @param recursionDesired set the RD flag.
     * @param ednsUdpSize      UDP payload size to advertise, bytes.
     * @param dnssecOk         set the DO bit.
     * @return the options.
     */
    public static QueryOptions withEdns(final boolean recursionDesired, final int ednsUdpSize, final boolean dnssecOk)
    {
        return new QueryOptions(recursionDesired, true, ednsUdpSize, dnssecOk);
    }
}
