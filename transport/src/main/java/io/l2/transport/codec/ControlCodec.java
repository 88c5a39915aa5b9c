package io.l2.transport.codec;

import java.nio.ByteOrder;

/**
 * Schema identity, limits and decode result codes shared by every control message.
 * <p>
 * A decode answers the message's encoded length in bytes ({@code >= 0}) or one of the negative codes here. The codes
 * are stable: they may be counted, logged and compared, never thrown.
 */
public final class ControlCodec
{
    /**
     * Byte order of every field of every message.
     */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /**
     * Schema id carried in every header: "L2" in ASCII.
     */
    public static final int SCHEMA_ID = 0x4C32;

    /**
     * Version of the schema; a decoder accepts this version only. Version 2: every message on the wire ends with an
     * authentication trailer after its body ({@code io.l2.transport.auth.AuthTrailerDescriptor}).
     */
    public static final int SCHEMA_VERSION = 2;

    /**
     * Largest UTF-8 length in bytes of a name: host, datacenter, l2 version, ammo name.
     */
    public static final int MAX_NAME_LENGTH = 255;

    /**
     * Largest UTF-8 length in bytes of a reason text (refuse, end, abort).
     */
    public static final int MAX_REASON_LENGTH = 1024;

    /**
     * Largest length in bytes of an opaque blob (the plan of a fire, the encoded second of an aggregate: it holds
     * the engine's largest encoded second, 120 KiB, and the largest message still fits {@link #MAX_MESSAGE_LENGTH}).
     */
    public static final int MAX_BLOB_LENGTH = 120 * 1024;

    /**
     * Largest number of ammo entries in a hello.
     */
    public static final int MAX_AMMO_COUNT = 64;

    /**
     * Largest number of (rcode, count) pairs in a second aggregate.
     */
    public static final int MAX_RCODE_COUNT = 64;

    /**
     * Length in bytes of a SHA-256 digest.
     */
    public static final int SHA256_LENGTH = 32;

    /**
     * An upper bound of the encoded length in bytes of any message of this schema: the size of an encode buffer.
     */
    public static final int MAX_MESSAGE_LENGTH = 128 * 1024;

    /**
     * Fewer bytes than the header, the fixed block or a field needs.
     */
    public static final int TRUNCATED = -1;

    /**
     * The header's schema id is not {@link #SCHEMA_ID}.
     */
    public static final int WRONG_SCHEMA = -2;

    /**
     * The header's version is not {@link #SCHEMA_VERSION}.
     */
    public static final int WRONG_VERSION = -3;

    /**
     * The header's template id is not the one the decoder reads (or not known at all).
     */
    public static final int WRONG_TEMPLATE = -4;

    /**
     * The header's block length is not the message's fixed block length.
     */
    public static final int WRONG_BLOCK_LENGTH = -5;

    /**
     * A length or count field points past the end of the message.
     */
    public static final int LENGTH_PAST_END = -6;

    /**
     * A length or count field exceeds its maximum.
     */
    public static final int LENGTH_OVER_MAXIMUM = -7;

    /**
     * Bytes are left after the last field: the message is longer than its fields say.
     */
    public static final int TRAILING_BYTES = -8;

    private ControlCodec()
    {
    }

    /**
     * Name of a decode result for logs and error messages.
     *
     * @param code a decode result.
     * @return the name of a negative code, or {@code "OK"} for a length.
     */
    public static String codeName(final int code)
    {
        switch (code)
        {
            case TRUNCATED:
                return "TRUNCATED";
            case WRONG_SCHEMA:
                return "WRONG_SCHEMA";
            case WRONG_VERSION:
                return "WRONG_VERSION";
            case WRONG_TEMPLATE:
                return "WRONG_TEMPLATE";
            case WRONG_BLOCK_LENGTH:
                return "WRONG_BLOCK_LENGTH";
            case LENGTH_PAST_END:
                return "LENGTH_PAST_END";
            case LENGTH_OVER_MAXIMUM:
                return "LENGTH_OVER_MAXIMUM";
            case TRAILING_BYTES:
                return "TRAILING_BYTES";
            default:
                return code >= 0 ? "OK" : "UNKNOWN(" + code + ")";
        }
    }
}
