package io.l2.engine.codec;

import java.util.Locale;

/**
 * Names of DNS response codes (IANA "DNS RCODEs"), for reports and per-rcode counters.
 * <p>
 * All 4096 names of the 12-bit extended rcode space are built once when the class loads, so {@link #rcodeName}
 * never allocates and may be called on the hot path by any thread. Codes 16 and up only occur with EDNS; 16 is
 * BADVERS there (BADSIG is the same number in TSIG, which l2 does not send).
 */
public final class RcodeNames
{
    /** No error. */
    public static final int NOERROR = 0;
    /** Format error. */
    public static final int FORMERR = 1;
    /** Server failure. */
    public static final int SERVFAIL = 2;
    /** Non-existent domain. */
    public static final int NXDOMAIN = 3;
    /** Not implemented. */
    public static final int NOTIMP = 4;
    /** Refused. */
    public static final int REFUSED = 5;
    /** Bad OPT version (extended rcode, needs EDNS). */
    public static final int BADVERS = 16;
    /** Bad or missing server cookie (extended rcode, needs EDNS). */
    public static final int BADCOOKIE = 23;

    /** Largest rcode: 4 header bits and 8 extended bits. */
    public static final int MAX_RCODE = 4095;

    private static final String[] NAMES = new String[MAX_RCODE + 1];

    static
    {
        for (int i = 0; i <= MAX_RCODE; i++)
        {
            NAMES[i] = "RCODE" + i;
        }
        NAMES[0] = "NOERROR";
        NAMES[1] = "FORMERR";
        NAMES[2] = "SERVFAIL";
        NAMES[3] = "NXDOMAIN";
        NAMES[4] = "NOTIMP";
        NAMES[5] = "REFUSED";
        NAMES[6] = "YXDOMAIN";
        NAMES[7] = "YXRRSET";
        NAMES[8] = "NXRRSET";
        NAMES[9] = "NOTAUTH";
        NAMES[10] = "NOTZONE";
        NAMES[11] = "DSOTYPENI";
        NAMES[16] = "BADVERS";
        NAMES[17] = "BADKEY";
        NAMES[18] = "BADTIME";
        NAMES[19] = "BADMODE";
        NAMES[20] = "BADNAME";
        NAMES[21] = "BADALG";
        NAMES[22] = "BADTRUNC";
        NAMES[23] = "BADCOOKIE";
    }

    private RcodeNames()
    {
    }

    /**
     * The mnemonic of an rcode. No allocation.
     *
     * @param rcode 0..4095.
     * @return e.g. {@code NXDOMAIN}, {@code RCODE12} for an unassigned code, {@code INVALID} outside 0..4095.
     */
    public static String rcodeName(final int rcode)
    {
        return rcode >= 0 && rcode <= MAX_RCODE ? NAMES[rcode] : "INVALID";
    }

    /**
     * The rcode of a mnemonic (cold path, for configuration): {@code SERVFAIL}, {@code servfail} or {@code RCODE2}.
     *
     * @param name the mnemonic, any case.
     * @return 0..4095, or -1 when the name is unknown.
     */
    public static int rcodeValue(final String name)
    {
        if (null == name)
        {
            return -1;
        }
        final String upper = name.toUpperCase(Locale.ROOT);
        for (int i = 0; i <= MAX_RCODE; i++)
        {
            if (NAMES[i].equals(upper))
            {
                return i;
            }
        }
        return -1;
    }
}
