package io.l2.engine.codec;

import org.agrona.DirectBuffer;

import static io.l2.engine.codec.DnsDescriptor.AA_FLAG;
import static io.l2.engine.codec.DnsDescriptor.ANCOUNT_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.ARCOUNT_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.BYTE_ORDER;
import static io.l2.engine.codec.DnsDescriptor.EDNS_DO_FLAG;
import static io.l2.engine.codec.DnsDescriptor.FLAGS_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.HEADER_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.ID_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.MAX_MESSAGE_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.MAX_NAME_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.NSCOUNT_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.OPCODE_MASK;
import static io.l2.engine.codec.DnsDescriptor.OPCODE_SHIFT;
import static io.l2.engine.codec.DnsDescriptor.POINTER_MASK;
import static io.l2.engine.codec.DnsDescriptor.QDCOUNT_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.QR_FLAG;
import static io.l2.engine.codec.DnsDescriptor.QUESTION_FIXED_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.RA_FLAG;
import static io.l2.engine.codec.DnsDescriptor.RCODE_MASK;
import static io.l2.engine.codec.DnsDescriptor.RR_FIXED_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.TC_FLAG;
import static io.l2.engine.codec.DnsDescriptor.TYPE_OPT;

/**
 * Flyweight that reads a DNS response in place: no allocation, no exception, whatever the bytes.
 * <p>
 * {@link #wrap} walks the whole message once, bounded by its length (at most 65535 bytes, the longest DNS message):
 * the header counts are not trusted, every name is checked (labels of at most 63 bytes, at most
 * {@value DnsDescriptor#MAX_NAME_LENGTH} bytes in all, compression pointers that point strictly backwards, past the
 * header, at most {@link #MAX_POINTER_HOPS} of them per name), and every record must end inside the message. It remembers where the question is and the one OPT record of the
 * additional section. It returns {@link #OK} or a negative reason ({@link #reasonName} names it for reports).
 * <p>
 * After a negative result, the header accessors ({@link #id()}, flags, counts, 4-bit {@link #rcode()}) still describe
 * the header when the message had one (so a malformed reply can be matched to its query); {@link #hasOpt()} and
 * {@link #questionMatches} are false. Not thread safe: one decoder per thread, reused for every response. The
 * buffer is only read, and only until the next {@code wrap}.
 */
public final class DnsResponseDecoder
{
    /** The message is well formed. */
    public static final int OK = 0;
    /** Fewer than 12 bytes: not even a header. */
    public static final int MALFORMED_SHORT_HEADER = -1;
    /** The QR bit is clear: this is a query, not a response. */
    public static final int NOT_A_RESPONSE = -2;
    /** The question section runs past the end of the message. */
    public static final int MALFORMED_QUESTION = -3;
    /** A record of the answer, authority or additional section runs past the end of the message. */
    public static final int MALFORMED_RECORD = -4;
    /** A compression pointer points forwards, at itself, into the header, or too many pointers in one name. */
    public static final int MALFORMED_COMPRESSION = -5;
    /** A name is longer than 255 bytes or uses a reserved label type (0x40, 0x80). */
    public static final int MALFORMED_NAME = -6;
    /** More than one OPT record, or an OPT record whose owner is not the root (RFC 6891 section 6.1.1). */
    public static final int MALFORMED_OPT = -7;
    /** The offset and length given to {@link #wrap} do not lie inside the buffer. */
    public static final int INVALID_BOUNDS = -8;
    /**
     * Longer than {@value DnsDescriptor#MAX_MESSAGE_LENGTH} bytes: no DNS message is (a read that filled a 64 KiB
     * receive buffer may have been cut by the kernel).
     */
    public static final int MALFORMED_OVERSIZE = -9;

    /**
     * Most compression pointers followed in one name. A legal name has at most 127 labels and each pointer of a
     * well-formed message is preceded by at least one label, so this never rejects a valid message; it bounds the
     * work on a hostile one.
     */
    public static final int MAX_POINTER_HOPS = 127;

    private static final int TRUNCATED = Integer.MIN_VALUE;

    private static final String[] REASON_NAMES =
    {
        "OK",
        "MALFORMED_SHORT_HEADER",
        "NOT_A_RESPONSE",
        "MALFORMED_QUESTION",
        "MALFORMED_RECORD",
        "MALFORMED_COMPRESSION",
        "MALFORMED_NAME",
        "MALFORMED_OPT",
        "INVALID_BOUNDS",
        "MALFORMED_OVERSIZE",
    };

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int result = MALFORMED_SHORT_HEADER;
    private boolean hasHeader;

    private int id;
    private int flags;
    private int questionCount;
    private int answerCount;
    private int authorityCount;
    private int additionalCount;

    private int questionNamePosition;
    private int questionTypePosition;

    private boolean hasOpt;
    private int ednsUdpSize;
    private int extendedRcode;
    private int ednsVersion;
    private int ednsFlags;

    /**
     * The name of a reason code returned by {@link #wrap}, for reports. No allocation.
     *
     * @param reason a value returned by {@link #wrap}.
     * @return e.g. {@code MALFORMED_QUESTION}, or {@code UNKNOWN} for a value that is not a reason.
     */
    public static String reasonName(final int reason)
    {
        final int index = -reason;
        return index >= 0 && index < REASON_NAMES.length ? REASON_NAMES[index] : "UNKNOWN";
    }

    /**
     * Wraps and checks a response. Never throws.
     *
     * @param buffer holds the message; only read, until the next wrap.
     * @param offset where the message starts.
     * @param length the message length, bytes (the datagram size).
     * @return {@link #OK} or a negative reason.
     */
    public int wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        reset();
        if (null == buffer || offset < 0 || length < 0 || (long) offset + length > buffer.capacity())
        {
            this.buffer = null;
            return result = INVALID_BOUNDS;
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;

        if (length < HEADER_LENGTH)
        {
            return result = MALFORMED_SHORT_HEADER;
        }
        hasHeader = true;
        id = u16(ID_OFFSET);
        flags = u16(FLAGS_OFFSET);
        questionCount = u16(QDCOUNT_OFFSET);
        answerCount = u16(ANCOUNT_OFFSET);
        authorityCount = u16(NSCOUNT_OFFSET);
        additionalCount = u16(ARCOUNT_OFFSET);

        if (length > MAX_MESSAGE_LENGTH)
        {
            return result = MALFORMED_OVERSIZE;
        }
        if (0 == (flags & QR_FLAG))
        {
            return result = NOT_A_RESPONSE;
        }

        int position = HEADER_LENGTH;
        for (int i = 0; i < questionCount; i++)
        {
            final int nameEnd = skipName(position);
            if (nameEnd < 0)
            {
                return result = TRUNCATED == nameEnd ? MALFORMED_QUESTION : nameEnd;
            }
            if (nameEnd + QUESTION_FIXED_LENGTH > length)
            {
                return result = MALFORMED_QUESTION;
            }
            if (0 == i)
            {
                questionNamePosition = position;
                questionTypePosition = nameEnd;
            }
            position = nameEnd + QUESTION_FIXED_LENGTH;
        }

        final int additionalStart = answerCount + authorityCount;
        final int recordCount = additionalStart + additionalCount;
        boolean optSeen = false;
        for (int i = 0; i < recordCount; i++)
        {
            final int nameEnd = skipName(position);
            if (nameEnd < 0)
            {
                return result = TRUNCATED == nameEnd ? MALFORMED_RECORD : nameEnd;
            }
            if (nameEnd + RR_FIXED_LENGTH > length)
            {
                return result = MALFORMED_RECORD;
            }
            final int recordEnd = nameEnd + RR_FIXED_LENGTH + u16(nameEnd + 8);
            if (recordEnd > length)
            {
                return result = MALFORMED_RECORD;
            }
            if (i >= additionalStart && TYPE_OPT == u16(nameEnd))
            {
                if (optSeen || nameEnd != position + 1)
                {
                    return result = MALFORMED_OPT;
                }
                optSeen = true;
                ednsUdpSize = u16(nameEnd + 2);
                extendedRcode = u8(nameEnd + 4);
                ednsVersion = u8(nameEnd + 5);
                ednsFlags = u16(nameEnd + 6);
            }
            position = recordEnd;
        }

        hasOpt = optSeen;
        return result = OK;
    }

    /**
     * The result of the last {@link #wrap}.
     *
     * @return {@link #OK} or a negative reason.
     */
    public int result()
    {
        return result;
    }

    /**
     * Whether the last {@link #wrap} found at least a header.
     *
     * @return true when the header accessors describe a real header.
     */
    public boolean hasHeader()
    {
        return hasHeader;
    }

    /**
     * The wrapped message length.
     *
     * @return bytes, 0 when the bounds were invalid.
     */
    public int length()
    {
        return length;
    }

    /**
     * The message id.
     *
     * @return 0..65535, or 0 without a header.
     */
    public int id()
    {
        return id;
    }

    /**
     * The raw 16-bit flags word.
     *
     * @return the flags, 0 without a header.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * Whether QR is set.
     *
     * @return true for a response.
     */
    public boolean isResponse()
    {
        return 0 != (flags & QR_FLAG);
    }

    /**
     * The opcode.
     *
     * @return 0..15 (0 is QUERY).
     */
    public int opcode()
    {
        return (flags & OPCODE_MASK) >>> OPCODE_SHIFT;
    }

    /**
     * The response code: the 4-bit header RCODE, extended to 12 bits with the OPT record's upper bits when the
     * message is well formed and has an OPT record (RFC 6891), so BADVERS reads as 16.
     *
     * @return 0..4095; see {@link RcodeNames#rcodeName}.
     */
    public int rcode()
    {
        final int headerRcode = flags & RCODE_MASK;
        return hasOpt ? (extendedRcode << 4) | headerRcode : headerRcode;
    }

    /**
     * Whether TC is set: the answer did not fit and the client should retry over TCP.
     *
     * @return true when truncated.
     */
    public boolean isTruncated()
    {
        return 0 != (flags & TC_FLAG);
    }

    /**
     * Whether AA is set.
     *
     * @return true for an authoritative answer.
     */
    public boolean isAuthoritative()
    {
        return 0 != (flags & AA_FLAG);
    }

    /**
     * Whether RA is set.
     *
     * @return true when the server offers recursion.
     */
    public boolean isRecursionAvailable()
    {
        return 0 != (flags & RA_FLAG);
    }

    /**
     * QDCOUNT as sent (checked against the message by {@link #wrap}).
     *
     * @return 0..65535.
     */
    public int questionCount()
    {
        return questionCount;
    }

    /**
     * ANCOUNT as sent.
     *
     * @return 0..65535.
     */
    public int answerCount()
    {
        return answerCount;
    }

    /**
     * NSCOUNT as sent.
     *
     * @return 0..65535.
     */
    public int authorityCount()
    {
        return authorityCount;
    }

    /**
     * ARCOUNT as sent (the OPT record included).
     *
     * @return 0..65535.
     */
    public int additionalCount()
    {
        return additionalCount;
    }

    /**
     * Whether the additional section holds an OPT record.
     *
     * @return true when EDNS is in the response (only after {@link #OK}).
     */
    public boolean hasOpt()
    {
        return hasOpt;
    }

    /**
     * The UDP payload size of the responder's OPT record.
     *
     * @return bytes, 0 without OPT.
     */
    public int ednsUdpSize()
    {
        return hasOpt ? ednsUdpSize : 0;
    }

    /**
     * The EDNS version of the OPT record.
     *
     * @return 0..255, 0 without OPT.
     */
    public int ednsVersion()
    {
        return hasOpt ? ednsVersion : 0;
    }

    /**
     * Whether the OPT record has the DO bit.
     *
     * @return true when DNSSEC OK is set.
     */
    public boolean isDnssecOk()
    {
        return hasOpt && 0 != (ednsFlags & EDNS_DO_FLAG);
    }

    /**
     * Whether this response answers the given query: the response is well formed, has exactly one question, and
     * its name (ASCII case-insensitive), type and class equal those of the query's single question. No allocation.
     *
     * @param query       holds the query as encoded by {@link DnsQueryEncoder}.
     * @param queryOffset where the query starts.
     * @param queryLength the query length, bytes.
     * @return true when the questions match; false on any mismatch or malformed input.
     */
    public boolean questionMatches(final DirectBuffer query, final int queryOffset, final int queryLength)
    {
        if (OK != result || 1 != questionCount || null == query || queryOffset < 0 || queryLength < HEADER_LENGTH ||
            (long) queryOffset + queryLength > query.capacity())
        {
            return false;
        }
        if (1 != (query.getShort(queryOffset + QDCOUNT_OFFSET, BYTE_ORDER) & 0xFFFF))
        {
            return false;
        }

        final int queryEnd = queryOffset + queryLength;
        int queryPosition = queryOffset + HEADER_LENGTH;
        int position = questionNamePosition;
        int hops = 0;
        while (true)
        {
            int labelLength = u8(position);
            while (POINTER_MASK == (labelLength & POINTER_MASK))
            {
                if (++hops > MAX_POINTER_HOPS)
                {
                    return false;
                }
                position = ((labelLength & ~POINTER_MASK) << 8) | u8(position + 1);
                labelLength = u8(position);
            }
            if (queryPosition >= queryEnd || labelLength != (query.getByte(queryPosition) & 0xFF))
            {
                return false;
            }
            if (0 == labelLength)
            {
                break;
            }
            if (queryPosition + 1 + labelLength > queryEnd)
            {
                return false;
            }
            for (int i = 1; i <= labelLength; i++)
            {
                if (toLowerAscii(u8(position + i)) != toLowerAscii(query.getByte(queryPosition + i) & 0xFF))
                {
                    return false;
                }
            }
            position += labelLength + 1;
            queryPosition += labelLength + 1;
        }

        queryPosition++;
        return queryPosition + QUESTION_FIXED_LENGTH <= queryEnd &&
            buffer.getInt(offset + questionTypePosition, BYTE_ORDER) == query.getInt(queryPosition, BYTE_ORDER);
    }

    private void reset()
    {
        buffer = null;
        offset = 0;
        length = 0;
        result = MALFORMED_SHORT_HEADER;
        hasHeader = false;
        id = 0;
        flags = 0;
        questionCount = 0;
        answerCount = 0;
        authorityCount = 0;
        additionalCount = 0;
        questionNamePosition = 0;
        questionTypePosition = 0;
        hasOpt = false;
        ednsUdpSize = 0;
        extendedRcode = 0;
        ednsVersion = 0;
        ednsFlags = 0;
    }

    /**
     * Checks the name at {@code start} (following pointers) and returns where it ends in place.
     *
     * @return the position just after the name as it sits at {@code start}, {@link #TRUNCATED} when it runs past
     * the end, or a negative reason.
     */
    private int skipName(final int start)
    {
        int position = start;
        int segmentStart = start;
        int endInPlace = -1;
        int nameLength = 0;
        int hops = 0;
        while (true)
        {
            if (position >= length)
            {
                return TRUNCATED;
            }
            final int labelLength = u8(position);
            final int kind = labelLength & POINTER_MASK;
            if (0 == labelLength)
            {
                return nameLength + 1 > MAX_NAME_LENGTH ? MALFORMED_NAME : (endInPlace < 0 ? position + 1 : endInPlace);
            }
            else if (0 == kind)
            {
                nameLength += labelLength + 1;
                if (nameLength + 1 > MAX_NAME_LENGTH)
                {
                    return MALFORMED_NAME;
                }
                position += labelLength + 1;
            }
            else if (POINTER_MASK == kind)
            {
                if (position + 1 >= length)
                {
                    return TRUNCATED;
                }
                if (endInPlace < 0)
                {
                    endInPlace = position + 2;
                }
                final int target = ((labelLength & ~POINTER_MASK) << 8) | u8(position + 1);
                if (++hops > MAX_POINTER_HOPS || target >= segmentStart || target < HEADER_LENGTH)
                {
                    return MALFORMED_COMPRESSION;
                }
                segmentStart = target;
                position = target;
            }
            else
            {
                return MALFORMED_NAME;
            }
        }
    }

    private int u8(final int position)
    {
        return buffer.getByte(offset + position) & 0xFF;
    }

    private int u16(final int position)
    {
        return buffer.getShort(offset + position, BYTE_ORDER) & 0xFFFF;
    }

    private static int toLowerAscii(final int b)
    {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
