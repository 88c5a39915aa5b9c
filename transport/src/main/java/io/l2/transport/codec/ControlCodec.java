package io.l2.transport.codec;

import java.nio.ByteOrder;

import io.l2.transport.codecs.BlobEncodingDecoder;
import io.l2.transport.codecs.GroupSizeEncodingDecoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.MessageHeaderDecoder;
import io.l2.transport.codecs.NameEncodingDecoder;
import io.l2.transport.codecs.TextEncodingDecoder;

/**
 * What the generated codecs ({@code io.l2.transport.codecs}, from {@code l2-control.xml}) leave to hand-written code:
 * the schema's limits under the names callers use, the named values of int fields, and the decode result codes of
 * {@link ControlMessageValidator}.
 * <p>
 * The limits are read from the generated codecs, so the schema stays their one source. A validation answers the
 * message's encoded length in bytes ({@code >= 0}) or one of the negative codes here. The codes are stable: they may
 * be counted, logged and compared, never thrown.
 * <p>
 * {@code state}, {@code status} and {@code flags} are plain int32 fields with the named values below rather than SBE
 * enums: a generated enum's decoder throws on a value it does not know, and a hostile message must never make a
 * decoder throw.
 */
public final class ControlCodec
{
    /**
     * Byte order of every field of every message.
     */
    public static final ByteOrder BYTE_ORDER = MessageHeaderDecoder.BYTE_ORDER;

    /**
     * Schema id carried in every header: "L2" in ASCII (0x4C32).
     */
    public static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;

    /**
     * Version of the schema; a decoder accepts this version only. Version 2: every message on the wire ends with an
     * authentication trailer after its body ({@code io.l2.transport.auth.AuthTrailerDescriptor}). Version 3: the
     * codecs are generated from {@code l2-control.xml}; groups carry SBE's group header.
     */
    public static final int SCHEMA_VERSION = MessageHeaderDecoder.SCHEMA_VERSION;

    /**
     * Length in bytes of the header in front of every message.
     */
    public static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    /**
     * Largest UTF-8 length in bytes of a name: host, datacenter, l2 version, ammo name.
     */
    public static final int MAX_NAME_LENGTH = NameEncodingDecoder.lengthMaxValue();

    /**
     * Largest UTF-8 length in bytes of a text: a reason (refuse, end, abort), a queue's path.
     */
    public static final int MAX_REASON_LENGTH = TextEncodingDecoder.lengthMaxValue();

    /**
     * Largest length in bytes of an opaque blob (the plan of a fire, the encoded second of an aggregate: it holds
     * the engine's largest encoded second, 120 KiB, and the largest message still fits {@link #MAX_MESSAGE_LENGTH}).
     */
    public static final int MAX_BLOB_LENGTH = (int) BlobEncodingDecoder.lengthMaxValue();

    /**
     * Largest number of entries in a repeating group (the ammo of a hello, the rcodes of a second aggregate).
     */
    public static final int MAX_GROUP_COUNT = GroupSizeEncodingDecoder.numInGroupMaxValue();

    /**
     * Largest number of ammo entries in a hello.
     */
    public static final int MAX_AMMO_COUNT = MAX_GROUP_COUNT;

    /**
     * Largest number of (rcode, count) pairs in a second aggregate.
     */
    public static final int MAX_RCODE_COUNT = MAX_GROUP_COUNT;

    /**
     * Length in bytes of a SHA-256 digest.
     */
    public static final int SHA256_LENGTH = HelloDecoder.AmmoDecoder.sha256Length();

    /**
     * An upper bound of the encoded length in bytes of any message of this schema: the size of an encode buffer.
     */
    public static final int MAX_MESSAGE_LENGTH = 128 * 1024;

    /**
     * Hello {@code state}: the daemon waits for a shoot.
     */
    public static final int STATE_WAITING = 0;

    /**
     * Hello {@code state}: the daemon is shooting.
     */
    public static final int STATE_SHOOTING = 1;

    /**
     * Fire {@code flags}: check the fire and answer, shoot nothing.
     */
    public static final int FLAG_DRY_RUN = 1;

    /**
     * End {@code status}: the shoot ran to its end.
     */
    public static final int STATUS_COMPLETED = 0;

    /**
     * End {@code status}: the runner aborted it.
     */
    public static final int STATUS_ABORTED = 1;

    /**
     * End {@code status}: it failed on the host (the reason says why).
     */
    public static final int STATUS_FAILED = 2;

    /**
     * End {@code status}: the host stopped by itself, having heard nothing of the runner for the lease.
     */
    public static final int STATUS_LEASE_EXPIRED = 3;

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
     * The header's template id is not one of this schema's messages.
     */
    public static final int WRONG_TEMPLATE = -4;

    /**
     * The header's block length is not the message's fixed block length, or a group header's block length is not
     * its entry's.
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
