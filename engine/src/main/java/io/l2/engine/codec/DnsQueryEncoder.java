package io.l2.engine.codec;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.l2.engine.codec.DnsDescriptor.ANCOUNT_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.ARCOUNT_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.BYTE_ORDER;
import static io.l2.engine.codec.DnsDescriptor.EDNS_DO_FLAG;
import static io.l2.engine.codec.DnsDescriptor.FLAGS_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.HEADER_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.ID_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.MAX_LABEL_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.MAX_NAME_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.NSCOUNT_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.OPT_RR_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.QDCOUNT_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.QUESTION_FIXED_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.RD_FLAG;
import static io.l2.engine.codec.DnsDescriptor.TYPE_OPT;

/**
 * Encodes a DNS query: header, one question and, with EDNS on, an OPT record (no options).
 * <p>
 * {@link #encode} and {@link #nameToWire} are the cold path: they validate and may allocate and throw. They run
 * once per ammo line at load; the name is converted from presentation form by {@link DnsNameEncoder}, written
 * straight into the query. The hot path is {@link #stampId} alone: it writes the 16-bit id into a query already
 * encoded, and nothing else. The encoder holds no state; one instance may be shared by any threads.
 */
public final class DnsQueryEncoder
{
    /**
     * The length of a query with the given question name and options, bytes.
     *
     * @param qnameLength length of the question name in wire form, bytes.
     * @param options     the options (EDNS adds an OPT record).
     * @return header + question + optional OPT record.
     */
    public static int encodedLength(final int qnameLength, final QueryOptions options)
    {
        return HEADER_LENGTH + qnameLength + QUESTION_FIXED_LENGTH + (options.edns() ? OPT_RR_LENGTH : 0);
    }

    /**
     * Writes a query at {@code offset}. The name is sent exactly as given (no case folding).
     *
     * @param dst       destination; must have room for {@link #encodedLength} bytes from {@code offset}.
     * @param offset    where the query starts in {@code dst}.
     * @param id        message id, 0..65535.
     * @param qnameWire the question name in uncompressed wire form (see {@link #nameToWire}).
     * @param qtype     question type, 0..65535.
     * @param qclass    question class, 0..65535 (usually {@link DnsDescriptor#CLASS_IN}).
     * @param options   RD and EDNS settings.
     * @return the length of the query, bytes.
     * @throws IllegalArgumentException when an argument is out of range, the name is not a valid uncompressed
     *                                  wire name, or {@code dst} is too small.
     */
    public int encode(
        final MutableDirectBuffer dst,
        final int offset,
        final int id,
        final byte[] qnameWire,
        final int qtype,
        final int qclass,
        final QueryOptions options)
    {
        checkUnsigned16("id", id);
        checkUnsigned16("qtype", qtype);
        checkUnsigned16("qclass", qclass);
        checkWireName(qnameWire);
        final int length = encodedLength(qnameWire.length, options);
        if (offset < 0 || (long) offset + length > dst.capacity())
        {
            throw new IllegalArgumentException(
                "query of " + length + " bytes does not fit at offset " + offset + " of a " + dst.capacity() +
                "-byte buffer");
        }

        putHeader(dst, offset, id, options);
        final int position = offset + HEADER_LENGTH;
        dst.putBytes(position, qnameWire);
        return putQuestionTail(dst, position + qnameWire.length, qtype, qclass, options) - offset;
    }

    /**
     * Writes a query at {@code offset}, its question name converted from presentation form straight into
     * {@code dst} by {@link DnsNameEncoder} (one byte per character, as ammo is read; case kept). Allocates only to
     * report an error.
     *
     * @param dst      destination; must have room for {@link #maxEncodedLength maxEncodedLength(nameTo - nameFrom,
     *                 options)} bytes from {@code offset}.
     * @param offset   where the query starts in {@code dst}.
     * @param id       message id, 0..65535.
     * @param nameText holds the question name in presentation form, e.g. {@code www.example.test}.
     * @param nameFrom index of its first byte.
     * @param nameTo   index after its last byte.
     * @param qtype    question type, 0..65535.
     * @param qclass   question class, 0..65535 (usually {@link DnsDescriptor#CLASS_IN}).
     * @param options  RD and EDNS settings.
     * @return the length of the query, bytes.
     * @throws IllegalArgumentException with a one-line reason ({@code bad name 'a..b': invalid empty label}, see
     *                                  {@link #nameToWire}) when the name is bad, or when another argument is out
     *                                  of range or {@code dst} is too small.
     */
    public int encode(
        final MutableDirectBuffer dst,
        final int offset,
        final int id,
        final byte[] nameText,
        final int nameFrom,
        final int nameTo,
        final int qtype,
        final int qclass,
        final QueryOptions options)
    {
        checkUnsigned16("id", id);
        checkUnsigned16("qtype", qtype);
        checkUnsigned16("qclass", qclass);
        final int maxLength = maxEncodedLength(nameTo - nameFrom, options);
        if (offset < 0 || (long) offset + maxLength > dst.capacity())
        {
            throw new IllegalArgumentException(
                "query of up to " + maxLength + " bytes does not fit at offset " + offset + " of a " +
                dst.capacity() + "-byte buffer");
        }

        final int qnameLength = DnsNameEncoder.encode(nameText, nameFrom, nameTo, dst, offset + HEADER_LENGTH);
        if (qnameLength < 0)
        {
            throw badName(new String(nameText, nameFrom, nameTo - nameFrom, StandardCharsets.ISO_8859_1), qnameLength);
        }
        putHeader(dst, offset, id, options);
        return putQuestionTail(dst, offset + HEADER_LENGTH + qnameLength, qtype, qclass, options) - offset;
    }

    /**
     * The most bytes {@link #encode(MutableDirectBuffer, int, int, byte[], int, int, int, int, QueryOptions)} may
     * write for a name of {@code nameTextLength} characters: the room to leave.
     *
     * @param nameTextLength length of the name in presentation form, characters.
     * @param options        the options (EDNS adds an OPT record).
     * @return bytes.
     */
    public static int maxEncodedLength(final int nameTextLength, final QueryOptions options)
    {
        return encodedLength(DnsNameEncoder.maxEncodedLength(nameTextLength), options);
    }

    /**
     * Writes the message id of an encoded query: the only write done per send. No checks, no allocation.
     *
     * @param buffer      holds the query.
     * @param queryOffset where the query starts.
     * @param id          the id; only the low 16 bits are used.
     */
    public static void stampId(final MutableDirectBuffer buffer, final int queryOffset, final int id)
    {
        buffer.putShort(queryOffset + ID_OFFSET, (short) id, BYTE_ORDER);
    }

    /**
     * Converts a name in presentation form to uncompressed wire form with {@link DnsNameEncoder} (cold path:
     * allocates). Relative names are taken as absolute ({@code www.example.test} is {@code www.example.test.}), as
     * dnsperf does; {@code \.} and {@code \DDD} escapes are understood; case is kept. It accepts what dnsjava's
     * {@code Name.fromString(name, Name.root)} accepts and gives the same bytes as its {@code toWire()}.
     *
     * @param name the name, e.g. {@code www.example.test.}
     * @return the wire form, at most {@value DnsDescriptor#MAX_NAME_LENGTH} bytes.
     * @throws IllegalArgumentException with a one-line reason ({@code bad name 'a..b': invalid empty label}) when
     *                                  the name is empty, has an empty or over-long label, a bad escape, a
     *                                  {@code char} above 0xFF, or is longer than 255 bytes on the wire.
     */
    public static byte[] nameToWire(final String name)
    {
        final byte[] wire = new byte[DnsNameEncoder.maxEncodedLength(name.length())];
        final int length = DnsNameEncoder.encode(name, new UnsafeBuffer(wire), 0);
        if (length < 0)
        {
            throw badName(name, length);
        }
        return Arrays.copyOf(wire, length);
    }

    private static IllegalArgumentException badName(final String name, final int reasonCode)
    {
        return new IllegalArgumentException("bad name '" + name + "': " + DnsNameEncoder.reason(reasonCode));
    }

    private static void putHeader(
        final MutableDirectBuffer dst, final int offset, final int id, final QueryOptions options)
    {
        dst.putShort(offset + ID_OFFSET, (short) id, BYTE_ORDER);
        dst.putShort(offset + FLAGS_OFFSET, (short) (options.recursionDesired() ? RD_FLAG : 0), BYTE_ORDER);
        dst.putShort(offset + QDCOUNT_OFFSET, (short) 1, BYTE_ORDER);
        dst.putShort(offset + ANCOUNT_OFFSET, (short) 0, BYTE_ORDER);
        dst.putShort(offset + NSCOUNT_OFFSET, (short) 0, BYTE_ORDER);
        dst.putShort(offset + ARCOUNT_OFFSET, (short) (options.edns() ? 1 : 0), BYTE_ORDER);
    }

    /**
     * Writes QTYPE, QCLASS and, with EDNS on, the OPT record after the question name.
     *
     * @return the position after the last byte written.
     */
    private static int putQuestionTail(
        final MutableDirectBuffer dst,
        final int qnameEnd,
        final int qtype,
        final int qclass,
        final QueryOptions options)
    {
        int position = qnameEnd;
        dst.putShort(position, (short) qtype, BYTE_ORDER);
        dst.putShort(position + 2, (short) qclass, BYTE_ORDER);
        position += QUESTION_FIXED_LENGTH;

        if (options.edns())
        {
            dst.putByte(position, (byte) 0);
            dst.putShort(position + 1, (short) TYPE_OPT, BYTE_ORDER);
            dst.putShort(position + 3, (short) options.ednsUdpSize(), BYTE_ORDER);
            dst.putByte(position + 5, (byte) 0);
            dst.putByte(position + 6, (byte) 0);
            dst.putShort(position + 7, (short) (options.dnssecOk() ? EDNS_DO_FLAG : 0), BYTE_ORDER);
            dst.putShort(position + 9, (short) 0, BYTE_ORDER);
            position += OPT_RR_LENGTH;
        }
        return position;
    }

    private static void checkUnsigned16(final String what, final int value)
    {
        if (value < 0 || value > 0xFFFF)
        {
            throw new IllegalArgumentException(what + " must be 0..65535, got " + value);
        }
    }

    private static void checkWireName(final byte[] wire)
    {
        if (null == wire || 0 == wire.length || wire.length > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException(
                "wire name must be 1.." + MAX_NAME_LENGTH + " bytes, got " + (null == wire ? "null" : wire.length));
        }
        int position = 0;
        while (true)
        {
            final int labelLength = wire[position] & 0xFF;
            if (0 == labelLength)
            {
                if (position + 1 != wire.length)
                {
                    throw new IllegalArgumentException("wire name has " + (wire.length - position - 1) +
                        " bytes after its root label");
                }
                return;
            }
            if (labelLength > MAX_LABEL_LENGTH)
            {
                throw new IllegalArgumentException(
                    "wire name has a label length byte " + labelLength + " (compression is not allowed here)");
            }
            position += labelLength + 1;
            if (position >= wire.length)
            {
                throw new IllegalArgumentException("wire name ends inside a label or lacks its root label");
            }
        }
    }
}
