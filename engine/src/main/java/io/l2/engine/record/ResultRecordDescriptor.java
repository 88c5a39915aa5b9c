package io.l2.engine.record;

import java.nio.ByteOrder;

import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * Layout of the fixed-size result record: one per query, whatever its outcome, in the shoot's queue.
 * <p>
 * All fields are little-endian. Times are nanoseconds from the shoot's start on the shooter's clock; a time that
 * never happened is {@link #NO_TIME} ({@code -1}).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      intendedNs (int64)                       |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   sentNs (int64, -1 = never)                  |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 receivedNs (int64, -1 = none)                 | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                         worker (int32)                        | 24
 *  +---------------------------------------------------------------+
 *  |                       ammoIndex (int32)                       | 28
 *  +-------------------------------+-------------------------------+
 *  |        qtype (uint16)         |  rcode (uint16, 12 bits used) | 32
 *  +-------------------------------+-------------------------------+
 *  |     answerCount (uint16)      |    responseLength (uint16)    | 36
 *  +-------------------------------+---------------+---------------+
 *  |        queryId (uint16)       | flags (uint8) |outcome (uint8)| 40
 *  +---------------+---------------+---------------+---------------+
 *  | version (u8)  |transport (u8) |   setup (uint16, 100 µs units)| 44
 *  +---------------+---------------+-------------------------------+
 * </pre>
 * 48 bytes in all, 8-byte aligned fields, so a record never straddles more cache lines than it must. A reader
 * checks {@link #VERSION_OFFSET} against {@link #VERSION} before it trusts the rest.
 * <p>
 * {@code transport} is the code of what carried the query ({@code io.l2.engine.shoot.Transport#code()}: 0 UDP, 1 TCP,
 * 2 DNS over TLS, 3 DNS over HTTPS) and {@code setup} how long the connection the query was the first on took to
 * make (connect, and the TLS and HTTP/2 handshakes), in units of {@link #SETUP_UNIT_NS}, saturating at 65535; 0 for
 * every other query and on UDP. Records written before these fields existed hold zeros there, which reads as UDP.
 */
public final class ResultRecordDescriptor
{
    /**
     * Byte order of every field.
     */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /**
     * Version of this layout, stored in every record.
     */
    public static final byte VERSION = 1;

    /**
     * Value of a time field for an event that did not happen (never sent, nothing received).
     */
    public static final long NO_TIME = -1L;

    /**
     * The largest rcode a record holds: the 12-bit extended rcode of EDNS(0).
     */
    public static final int MAX_RCODE = 0xFFF;

    /**
     * Flag bit: the response had TC (truncated) set.
     */
    public static final int FLAG_TC = 0x01;

    /**
     * Flag bit: the response had AA (authoritative answer) set.
     */
    public static final int FLAG_AA = 0x02;

    /**
     * Flag bit: the response had RA (recursion available) set.
     */
    public static final int FLAG_RA = 0x04;

    /**
     * The record's flag bits from a DNS header's flags word, without a branch: TC (0x0200) to {@link #FLAG_TC}, AA
     * (0x0400) to {@link #FLAG_AA}, RA (0x0080) to {@link #FLAG_RA}. On the shooter's hot path a branch per flag
     * compiles to what the warm-up's answers took, and the first answer of a target that sets them otherwise (a
     * resolver's RA without AA) deoptimizes the shooter's compiled loop mid-shoot (seen: 21 ms late at a daemon's
     * start); shifts and masks have no such case.
     *
     * @param headerFlags the 16-bit flags word of a DNS header.
     * @return {@link #FLAG_TC}, {@link #FLAG_AA} and {@link #FLAG_RA} as set in it.
     */
    public static int responseFlags(final int headerFlags)
    {
        return (headerFlags >>> 9) & (FLAG_TC | FLAG_AA) | (headerFlags >>> 5) & FLAG_RA;
    }

    /**
     * Offset of the intended send time, ns from the shoot's start (int64).
     */
    public static final int INTENDED_NS_OFFSET = 0;

    /**
     * Offset of the actual send time, ns from the shoot's start, or -1 when never sent (int64).
     */
    public static final int SENT_NS_OFFSET = INTENDED_NS_OFFSET + SIZE_OF_LONG;

    /**
     * Offset of the receive time, ns from the shoot's start, or -1 when nothing was received (int64).
     */
    public static final int RECEIVED_NS_OFFSET = SENT_NS_OFFSET + SIZE_OF_LONG;

    /**
     * Offset of the worker (socket) number that shot the query (int32).
     */
    public static final int WORKER_OFFSET = RECEIVED_NS_OFFSET + SIZE_OF_LONG;

    /**
     * Offset of the index of the ammo line that was shot (int32).
     */
    public static final int AMMO_INDEX_OFFSET = WORKER_OFFSET + SIZE_OF_INT;

    /**
     * Offset of the query type (uint16).
     */
    public static final int QTYPE_OFFSET = AMMO_INDEX_OFFSET + SIZE_OF_INT;

    /**
     * Offset of the response code, extended to 12 bits with the OPT record's upper bits (uint16).
     */
    public static final int RCODE_OFFSET = QTYPE_OFFSET + SIZE_OF_SHORT;

    /**
     * Offset of the response's ANCOUNT (uint16).
     */
    public static final int ANSWER_COUNT_OFFSET = RCODE_OFFSET + SIZE_OF_SHORT;

    /**
     * Offset of the response's length in bytes (uint16).
     */
    public static final int RESPONSE_LENGTH_OFFSET = ANSWER_COUNT_OFFSET + SIZE_OF_SHORT;

    /**
     * Offset of the DNS message id used for the query (uint16).
     */
    public static final int QUERY_ID_OFFSET = RESPONSE_LENGTH_OFFSET + SIZE_OF_SHORT;

    /**
     * Offset of the response flag bits {@link #FLAG_TC}, {@link #FLAG_AA}, {@link #FLAG_RA} (uint8).
     */
    public static final int FLAGS_OFFSET = QUERY_ID_OFFSET + SIZE_OF_SHORT;

    /**
     * Offset of the outcome, one of {@link Outcome} (uint8).
     */
    public static final int OUTCOME_OFFSET = FLAGS_OFFSET + SIZE_OF_BYTE;

    /**
     * Offset of the layout version (uint8).
     */
    public static final int VERSION_OFFSET = OUTCOME_OFFSET + SIZE_OF_BYTE;

    /**
     * Offset of the transport's code (uint8).
     */
    public static final int TRANSPORT_OFFSET = VERSION_OFFSET + SIZE_OF_BYTE;

    /**
     * Offset of the connection's set-up time (uint16, {@link #SETUP_UNIT_NS} units).
     */
    public static final int SETUP_OFFSET = TRANSPORT_OFFSET + SIZE_OF_BYTE;

    /**
     * The unit of the set-up time: 100 µs (the field reaches 6.55 s).
     */
    public static final long SETUP_UNIT_NS = 100_000;

    /**
     * The largest set-up time the field holds, in its units.
     */
    public static final int MAX_SETUP_UNITS = 0xFFFF;

    /**
     * Length of one record in bytes.
     */
    public static final int RECORD_LENGTH = SETUP_OFFSET + SIZE_OF_SHORT;

    /**
     * @param setupNs a connection's set-up time, ns.
     * @return it in {@link #SETUP_UNIT_NS} units, rounded up so a set-up never reads as none, at most
     * {@link #MAX_SETUP_UNITS}.
     */
    public static int setupUnits(final long setupNs)
    {
        return setupNs <= 0 ? 0 : (int)Math.min(MAX_SETUP_UNITS, (setupNs + SETUP_UNIT_NS - 1) / SETUP_UNIT_NS);
    }

    private ResultRecordDescriptor()
    {
    }
}
