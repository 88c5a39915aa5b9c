package io.l2.engine.codec;

import org.xbill.DNS.Type;

import java.nio.charset.StandardCharsets;

/**
 * Query types: mnemonic to number and back, for ammo files and reports (cold path; the hot path carries numbers).
 * <p>
 * Mnemonics are those of dnsjava's {@link Type} (all IANA types it knows, any case) plus the generic
 * {@code TYPEnnn} form of RFC 3597, which is how ammo asks for a type no mnemonic covers. Values that cannot be a
 * question in a load test are rejected: TYPE0, OPT, TKEY, TSIG and the zone transfers IXFR and AXFR. Thread safe.
 */
public final class QTypes
{
    /** IPv4 address. */
    public static final int A = 1;
    /** Name server. */
    public static final int NS = 2;
    /** Canonical name. */
    public static final int CNAME = 5;
    /** Start of authority. */
    public static final int SOA = 6;
    /** Pointer. */
    public static final int PTR = 12;
    /** Mail exchange. */
    public static final int MX = 15;
    /** Text. */
    public static final int TXT = 16;
    /** IPv6 address. */
    public static final int AAAA = 28;
    /** Service locator. */
    public static final int SRV = 33;
    /** Naming authority pointer. */
    public static final int NAPTR = 35;
    /** Delegation signer. */
    public static final int DS = 43;
    /** DNSSEC signature. */
    public static final int RRSIG = 46;
    /** Next secure. */
    public static final int NSEC = 47;
    /** DNSSEC key. */
    public static final int DNSKEY = 48;
    /** Hashed next secure. */
    public static final int NSEC3 = 50;
    /** DANE TLSA. */
    public static final int TLSA = 52;
    /** Service binding. */
    public static final int SVCB = 64;
    /** HTTPS service binding. */
    public static final int HTTPS = 65;
    /** Any (QTYPE *). */
    public static final int ANY = 255;
    /** Certification authority authorization. */
    public static final int CAA = 257;

    /** Returned by {@link #value} for a name that is not a usable query type. */
    public static final int INVALID = -1;

    /** The mnemonics {@link #parse(byte[], int, int)} matches in place, most used first; upper case. */
    private static final byte[][] COMMON_MNEMONICS =
    {
        ascii("A"), ascii("AAAA"), ascii("PTR"), ascii("MX"), ascii("TXT"), ascii("NS"), ascii("CNAME"), ascii("SOA"),
        ascii("SRV"), ascii("HTTPS"), ascii("SVCB"), ascii("ANY"), ascii("NAPTR"), ascii("DS"), ascii("DNSKEY"),
        ascii("RRSIG"), ascii("NSEC"), ascii("NSEC3"), ascii("TLSA"), ascii("CAA"),
    };
    private static final int[] COMMON_VALUES =
    {
        A, AAAA, PTR, MX, TXT, NS, CNAME, SOA, SRV, HTTPS, SVCB, ANY, NAPTR, DS, DNSKEY, RRSIG, NSEC, NSEC3, TLSA, CAA,
    };

    private QTypes()
    {
    }

    /**
     * The number of a query type mnemonic.
     *
     * @param mnemonic e.g. {@code AAAA}, {@code aaaa}, {@code TYPE65}.
     * @return 0..65535, or {@link #INVALID} when unknown or not a query type.
     */
    public static int value(final String mnemonic)
    {
        if (null == mnemonic)
        {
            return INVALID;
        }
        final int value = Type.value(mnemonic);
        return value >= 0 && isQueryType(value) ? value : INVALID;
    }

    /**
     * The number of a query type mnemonic, or a one-line reason why not.
     *
     * @param mnemonic e.g. {@code MX}.
     * @return 0..65535.
     * @throws IllegalArgumentException {@code unknown query type 'FOO'} or
     *                                  {@code 'AXFR' cannot be a query type here}.
     */
    public static int parse(final String mnemonic)
    {
        final int value = null == mnemonic ? INVALID : Type.value(mnemonic);
        if (value < 0)
        {
            throw new IllegalArgumentException("unknown query type '" + mnemonic + "'");
        }
        if (!isQueryType(value))
        {
            throw new IllegalArgumentException(
                "'" + mnemonic + "' cannot be a query type here (TYPE0, OPT, TKEY, TSIG, IXFR and AXFR are not)");
        }
        return value;
    }

    /**
     * {@link #parse(String)} for a mnemonic held in {@code text[from, to)}, one byte per character (ISO-8859-1, as
     * ammo is read). The common mnemonics (those with a constant in this class) are matched in place, in any ASCII
     * case, without allocating or consulting dnsjava; any other text goes through {@link #parse(String)}.
     *
     * @param text holds the mnemonic.
     * @param from index of its first byte.
     * @param to   index after its last byte.
     * @return 0..65535.
     * @throws IllegalArgumentException as {@link #parse(String)}.
     */
    public static int parse(final byte[] text, final int from, final int to)
    {
        final int length = to - from;
        for (int m = 0; m < COMMON_MNEMONICS.length; m++)
        {
            final byte[] mnemonic = COMMON_MNEMONICS[m];
            if (mnemonic.length == length && equalsIgnoringAsciiCase(mnemonic, text, from))
            {
                return COMMON_VALUES[m];
            }
        }
        return parse(new String(text, from, length, StandardCharsets.ISO_8859_1));
    }

    /**
     * Whether a number may be the type of a load-test question.
     *
     * @param qtype the number.
     * @return false for values outside 1..65535 and for OPT, TKEY, TSIG, IXFR, AXFR.
     */
    public static boolean isQueryType(final int qtype)
    {
        if (qtype <= 0 || qtype > 0xFFFF)
        {
            return false;
        }
        return switch (qtype)
        {
            case Type.OPT, Type.TKEY, Type.TSIG, Type.IXFR, Type.AXFR -> false;
            default -> true;
        };
    }

    /**
     * The mnemonic of a type (cold path: may allocate).
     *
     * @param qtype 0..65535.
     * @return e.g. {@code AAAA}, or {@code TYPE65280} when it has no mnemonic.
     * @throws IllegalArgumentException outside 0..65535.
     */
    public static String name(final int qtype)
    {
        if (qtype < 0 || qtype > 0xFFFF)
        {
            throw new IllegalArgumentException("qtype must be 0..65535, got " + qtype);
        }
        return Type.string(qtype);
    }

    private static boolean equalsIgnoringAsciiCase(final byte[] upperCase, final byte[] text, final int from)
    {
        for (int i = 0; i < upperCase.length; i++)
        {
            final int expected = upperCase[i];
            final int actual = text[from + i];
            if (actual != expected && !(expected >= 'A' && expected <= 'Z' && actual == expected + ('a' - 'A')))
            {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
