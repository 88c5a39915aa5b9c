package io.l2.engine.codec;

import java.nio.ByteOrder;

/**
 * Layout of a DNS message (RFC 1035 section 4.1), as offsets and bit masks for the flyweights of this package.
 * <p>
 * Every field on the wire is big endian ({@link #BYTE_ORDER}); every get and put in l2 names the byte order
 * explicitly. The header:
 * <pre>
 *                                  1  1  1  1  1  1
 *    0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |                      ID                       |   ID_OFFSET      0
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |   FLAGS_OFFSET   2
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |                    QDCOUNT                    |   QDCOUNT_OFFSET 4
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |                    ANCOUNT                    |   ANCOUNT_OFFSET 6
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |                    NSCOUNT                    |   NSCOUNT_OFFSET 8
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |                    ARCOUNT                    |   ARCOUNT_OFFSET 10
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * </pre>
 * followed by the question (QNAME, QTYPE, QCLASS) and the answer, authority and additional sections of resource
 * records (NAME, TYPE, CLASS, TTL, RDLENGTH, RDATA). The EDNS(0) OPT pseudo-record (RFC 6891) sits in the additional
 * section: its owner is the root, its CLASS is the requester's UDP payload size and its TTL holds the extended
 * RCODE (upper 8 bits of a 12-bit rcode), the EDNS version and the flags (DO is the top bit):
 * <pre>
 *  +------+------+-----------------+--------+---------+-----------+----------+
 *  | 0x00 | 41   | UDP payload size| EXT-RC | VERSION | DO|  Z    | RDLENGTH |
 *  +------+------+-----------------+--------+---------+-----------+----------+
 *    1      2      2                 1        1         2           2   = 11 bytes without options
 * </pre>
 */
public final class DnsDescriptor
{
    /** Network byte order: every multi-byte field of a DNS message. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.BIG_ENDIAN;

    /** Offset of the 16-bit message id. */
    public static final int ID_OFFSET = 0;
    /** Offset of the 16-bit flags word (QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE). */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of the question count. */
    public static final int QDCOUNT_OFFSET = 4;
    /** Offset of the answer count. */
    public static final int ANCOUNT_OFFSET = 6;
    /** Offset of the authority count. */
    public static final int NSCOUNT_OFFSET = 8;
    /** Offset of the additional count. */
    public static final int ARCOUNT_OFFSET = 10;
    /** Length of the fixed header in bytes. */
    public static final int HEADER_LENGTH = 12;

    /** QR: set in a response, clear in a query. */
    public static final int QR_FLAG = 0x8000;
    /** Opcode: 4 bits. */
    public static final int OPCODE_MASK = 0x7800;
    /** Shift that brings the opcode to the low bits. */
    public static final int OPCODE_SHIFT = 11;
    /** AA: authoritative answer. */
    public static final int AA_FLAG = 0x0400;
    /** TC: truncated. */
    public static final int TC_FLAG = 0x0200;
    /** RD: recursion desired. */
    public static final int RD_FLAG = 0x0100;
    /** RA: recursion available. */
    public static final int RA_FLAG = 0x0080;
    /** Z: reserved, zero. */
    public static final int Z_FLAG = 0x0040;
    /** AD: authentic data (RFC 4035). */
    public static final int AD_FLAG = 0x0020;
    /** CD: checking disabled (RFC 4035). */
    public static final int CD_FLAG = 0x0010;
    /** The 4-bit header RCODE. */
    public static final int RCODE_MASK = 0x000F;

    /** Opcode of a standard query. */
    public static final int OPCODE_QUERY = 0;

    /** Class IN. */
    public static final int CLASS_IN = 1;
    /** Type of the EDNS(0) OPT pseudo-record. */
    public static final int TYPE_OPT = 41;
    /** DO (DNSSEC OK) bit in the 16-bit EDNS flags of an OPT record. */
    public static final int EDNS_DO_FLAG = 0x8000;

    /** Longest name on the wire, length bytes and terminating root included. */
    public static final int MAX_NAME_LENGTH = 255;
    /** Longest label. */
    public static final int MAX_LABEL_LENGTH = 63;
    /** Top two bits of a length byte that mark a compression pointer. */
    public static final int POINTER_MASK = 0xC0;

    /** QTYPE and QCLASS after the question name. */
    public static final int QUESTION_FIXED_LENGTH = 4;
    /** TYPE, CLASS, TTL and RDLENGTH after a record's owner name. */
    public static final int RR_FIXED_LENGTH = 10;
    /** An OPT record without options: root owner + {@link #RR_FIXED_LENGTH}. */
    public static final int OPT_RR_LENGTH = 1 + RR_FIXED_LENGTH;
    /** Offset of the UDP payload size (the CLASS field) inside an OPT record. */
    public static final int OPT_UDP_SIZE_OFFSET = 3;
    /** Offset of the extended RCODE (first TTL byte) inside an OPT record. */
    public static final int OPT_EXTENDED_RCODE_OFFSET = 5;
    /** Offset of the EDNS version (second TTL byte) inside an OPT record. */
    public static final int OPT_VERSION_OFFSET = 6;
    /** Offset of the EDNS flags (last two TTL bytes) inside an OPT record. */
    public static final int OPT_FLAGS_OFFSET = 7;

    /** Largest DNS message over UDP (and over TCP, without the length prefix). */
    public static final int MAX_MESSAGE_LENGTH = 65535;

    private DnsDescriptor()
    {
    }
}
