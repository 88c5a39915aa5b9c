package io.l2.config;

/**
 * The EDNS(0) OPT record the queries carry, if any. Immutable.
 *
 * @param enabled  whether queries carry an OPT record.
 * @param udpSize  the advertised UDP payload size in bytes, 512..65535 when enabled, 0 when not.
 * @param dnssecOk the DO bit; only when enabled.
 */
public record Edns(boolean enabled, int udpSize, boolean dnssecOk)
{
    /**
     * The UDP payload size of {@code edns: true}: the DNS flag day 2020 value.
     */
    public static final int DEFAULT_UDP_SIZE = 1232;

    /**
     * No OPT record: the default.
     */
    public static final Edns OFF = new Edns(false, 0, false);

    /**
     * {@code edns: true}: an OPT record with {@link #DEFAULT_UDP_SIZE} and no DO bit.
     */
    public static final Edns ON = new Edns(true, DEFAULT_UDP_SIZE, false);

    /**
     * Validates the components.
     */
    public Edns
    {
        if (enabled && (udpSize < 512 || udpSize > 65535))
        {
            throw new IllegalArgumentException("udpSize must be 512..65535: " + udpSize);
        }
        if (!enabled && (0 != udpSize || dnssecOk))
        {
            throw new IllegalArgumentException("udpSize and dnssecOk need enabled EDNS");
        }
    }
}
