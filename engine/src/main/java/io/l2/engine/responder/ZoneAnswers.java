/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.responder;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.l2.engine.codec.DnsDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Every answer one zone gives, encoded at load, and the lookup that finds the one a query needs without allocating.
 * <p>
 * For every owner name and every type it holds, and for the meta type ANY, the whole response is pre-encoded (id 0,
 * QR and AA set, the question, the answer RRset). CNAMEs are followed inside the zone, up to {@value #MAX_CNAME_HOPS}
 * hops, as an authoritative server does: the answer holds the chain and the final RRset, and a chain that ends at an
 * absent name answers NXDOMAIN (at a name without the type, NODATA), with the SOA. A query for an existing name
 * and a type it lacks gets NODATA (NOERROR, the SOA in authority); for a name under the zone that does not exist,
 * NXDOMAIN with the SOA; outside the zone, REFUSED. The SOA of a negative answer has the TTL min(SOA TTL, SOA
 * MINIMUM) (RFC 2308). Immutable after construction; lookups are thread-safe.
 */
public final class ZoneAnswers
{
    /** {@link #find} found nothing: the name is under the zone but absent. */
    public static final int NXDOMAIN = -1;
    /** {@link #find} found the name but not the type. */
    public static final int NODATA = -2;
    /** {@link #find}: the name is not under the zone. */
    public static final int REFUSED = -3;
    /** Most CNAMEs followed in one answer. */
    public static final int MAX_CNAME_HOPS = 8;

    private static final int[] COMMON_TYPES = {
        Type.A, Type.AAAA, Type.CNAME, Type.MX, Type.TXT, Type.NS, Type.SOA, Type.PTR, Type.SRV, Type.CAA,
        Type.HTTPS, Type.SVCB, Type.DS, Type.DNSKEY, Type.NAPTR };
    private static final int NAME_ONLY = -1;

    private final Name origin;
    private final byte[] originWire;
    private final SOARecord negativeSoa;
    private final byte[] soaRecord;
    private final int[] table;
    private final int mask;
    private final List<byte[]> keys = new ArrayList<>();
    private final List<Integer> keyTypes = new ArrayList<>();
    private final List<byte[]> responses = new ArrayList<>();
    private byte[][] keyArray;
    private int[] typeArray;
    private byte[][] responseArray;

    private ZoneAnswers(final Zone zone)
    {
        origin = zone.getOrigin();
        originWire = lowerWire(origin);
        negativeSoa = negativeSoa(zone.getSOA());
        soaRecord = negativeSoa.toWire(Section.AUTHORITY);

        final Set<Name> names = new LinkedHashSet<>();
        for (final RRset rrset : zone)
        {
            Name name = rrset.getName();
            names.add(name);
            while (name.labels() > origin.labels() + 1)
            {
                name = new Name(name, 1);
                names.add(name);
            }
        }

        int capacity = 16;
        while (capacity < names.size() * (COMMON_TYPES.length + 2) * 2)
        {
            capacity <<= 1;
        }
        table = new int[capacity];
        Arrays.fill(table, -1);
        mask = capacity - 1;

        final Set<Integer> types = new LinkedHashSet<>();
        for (final int type : COMMON_TYPES)
        {
            types.add(type);
        }
        for (final RRset rrset : zone)
        {
            types.add(rrset.getType());
        }
        types.add(Type.ANY);

        for (final Name name : names)
        {
            add(lowerWire(name), NAME_ONLY, null);
            for (final int type : types)
            {
                final byte[] response = encode(zone, name, type);
                if (null != response)
                {
                    add(lowerWire(name), type, response);
                }
            }
        }
        keyArray = keys.toArray(new byte[0][]);
        typeArray = keyTypes.stream().mapToInt(Integer::intValue).toArray();
        responseArray = responses.toArray(new byte[0][]);
    }

    /**
     * Loads a zone file.
     *
     * @param file   the zone file (RFC 1035 master format).
     * @param origin the zone's origin, or null to take the file's first {@code $ORIGIN}, else its name without
     *               {@code .zone}/{@code .db}.
     * @return the answers.
     * @throws IllegalArgumentException with a one-line message naming the file when it cannot be loaded.
     */
    public static ZoneAnswers load(final Path file, final String origin)
    {
        final String originText = null != origin ? origin : originOf(file);
        final Name originName;
        try
        {
            originName = Name.fromString(originText.endsWith(".") ? originText : originText + ".");
        }
        catch (final TextParseException ex)
        {
            throw new IllegalArgumentException(file + ": bad origin '" + originText + "': " + ex.getMessage(), ex);
        }
        try
        {
            return new ZoneAnswers(new Zone(originName, file.toString()));
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalArgumentException(file + ": cannot load zone: " + oneLine(ex), ex);
        }
    }

    private static String oneLine(final Exception ex)
    {
        final String message = null == ex.getMessage() ? ex.getClass().getSimpleName() : ex.getMessage();
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    private static String originOf(final Path file)
    {
        try
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                final String trimmed = line.trim();
                if (trimmed.toUpperCase(Locale.ROOT).startsWith("$ORIGIN"))
                {
                    return trimmed.substring("$ORIGIN".length()).trim().split("\\s+")[0];
                }
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(file + ": cannot read zone: " + ex.getMessage(), ex);
        }
        final String name = file.getFileName().toString();
        return name.replaceFirst("\\.(zone|db)$", "");
    }

    /**
     * @return the zone's origin, e.g. {@code l2.test.}.
     */
    public String origin()
    {
        return origin.toString();
    }

    /**
     * @return how many pre-encoded responses the zone gave.
     */
    public int responseCount()
    {
        int count = 0;
        for (final byte[] response : responseArray)
        {
            count += null == response ? 0 : 1;
        }
        return count;
    }

    /**
     * Finds the answer to a question.
     *
     * @param lowerName the question's name in wire format, lower case (ASCII).
     * @param nameLength its length in bytes.
     * @param qtype      the question's type.
     * @return an entry index for {@link #response(int)}, or {@link #NXDOMAIN}, {@link #NODATA}, {@link #REFUSED}.
     */
    public int find(final byte[] lowerName, final int nameLength, final int qtype)
    {
        if (!endsWith(lowerName, nameLength, originWire))
        {
            return REFUSED;
        }
        final int entry = lookup(lowerName, nameLength, qtype);
        if (entry >= 0)
        {
            return entry;
        }
        return lookup(lowerName, nameLength, NAME_ONLY) >= 0 ? NODATA : NXDOMAIN;
    }

    /**
     * @param entry an index from {@link #find}.
     * @return the pre-encoded response (id 0), not to be modified.
     */
    public byte[] response(final int entry)
    {
        return responseArray[entry];
    }

    /**
     * @return the zone's SOA record in wire format (owner uncompressed), for the authority section of negative answers.
     */
    public byte[] soaRecord()
    {
        return soaRecord;
    }

    /**
     * Writes a negative answer (NXDOMAIN or NODATA) or a REFUSED for a query, echoing its question.
     *
     * @param query          the query; its header and question are copied.
     * @param questionLength the length of the query's question section.
     * @param rcode          NXDOMAIN (3), NOERROR (0) for NODATA, or REFUSED (5).
     * @param withSoa        true to put the SOA in authority.
     * @param dst            where to write.
     * @return the response's length.
     */
    public int writeNegative(
        final DirectBuffer query, final int questionLength, final int rcode, final boolean withSoa,
        final MutableDirectBuffer dst)
    {
        dst.putBytes(0, query, 0, DnsDescriptor.HEADER_LENGTH + questionLength);
        final int queryFlags = query.getShort(DnsDescriptor.FLAGS_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int flags = 0x8000 | (queryFlags & 0x7800) | (withSoa ? 0x0400 : 0) | (queryFlags & 0x0100) | rcode;
        dst.putShort(DnsDescriptor.FLAGS_OFFSET, (short)flags, ByteOrder.BIG_ENDIAN);
        dst.putShort(DnsDescriptor.QDCOUNT_OFFSET, (short)1, ByteOrder.BIG_ENDIAN);
        dst.putShort(DnsDescriptor.ANCOUNT_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        dst.putShort(DnsDescriptor.NSCOUNT_OFFSET, (short)(withSoa ? 1 : 0), ByteOrder.BIG_ENDIAN);
        dst.putShort(DnsDescriptor.ARCOUNT_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        int length = DnsDescriptor.HEADER_LENGTH + questionLength;
        if (withSoa)
        {
            dst.putBytes(length, soaRecord);
            length += soaRecord.length;
        }
        return length;
    }

    private byte[] encode(final Zone zone, final Name name, final int type)
    {
        SetResponse found = zone.findRecords(name, type);
        if (!found.isCNAME() && (!found.isSuccessful() || null == found.answers() || found.answers().isEmpty()))
        {
            return null;
        }
        final Message message = new Message(0);
        message.getHeader().setFlag(Flags.QR);
        message.getHeader().setFlag(Flags.AA);
        message.getHeader().setRcode(Rcode.NOERROR);
        message.addRecord(org.xbill.DNS.Record.newRecord(name, type, DClass.IN), Section.QUESTION);
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++)
        {
            if (found.isCNAME())
            {
                final CNAMERecord cname = found.getCNAME();
                message.addRecord(cname, Section.ANSWER);
                final Name target = cname.getTarget();
                if (!target.subdomain(origin) || hop == MAX_CNAME_HOPS)
                {
                    break;
                }
                found = zone.findRecords(target, type);
            }
            else if (found.isSuccessful())
            {
                addAnswers(message, found);
                break;
            }
            else
            {
                if (found.isNXDOMAIN() || found.isNXRRSET())
                {
                    message.getHeader().setRcode(found.isNXDOMAIN() ? Rcode.NXDOMAIN : Rcode.NOERROR);
                    message.addRecord(negativeSoa, Section.AUTHORITY);
                }
                break;
            }
        }
        return message.toWire();
    }

    private static SOARecord negativeSoa(final SOARecord soa)
    {
        return new SOARecord(soa.getName(), soa.getDClass(), Math.min(soa.getTTL(), soa.getMinimum()),
            soa.getHost(), soa.getAdmin(), soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(),
            soa.getMinimum());
    }

    private static void addAnswers(final Message message, final SetResponse found)
    {
        if (null == found.answers())
        {
            return;
        }
        for (final RRset rrset : found.answers())
        {
            for (final org.xbill.DNS.Record record : rrset.rrs())
            {
                message.addRecord(record, Section.ANSWER);
            }
        }
    }

    private void add(final byte[] key, final int type, final byte[] response)
    {
        final int entry = keys.size();
        keys.add(key);
        keyTypes.add(type);
        responses.add(response);
        int slot = hash(key, key.length, type) & mask;
        while (-1 != table[slot])
        {
            slot = (slot + 1) & mask;
        }
        table[slot] = entry;
    }

    private int lookup(final byte[] name, final int nameLength, final int type)
    {
        int slot = hash(name, nameLength, type) & mask;
        while (true)
        {
            final int entry = table[slot];
            if (-1 == entry)
            {
                return -1;
            }
            final byte[] key = keyArray[entry];
            if (typeArray[entry] == type && key.length == nameLength &&
                Arrays.equals(key, 0, nameLength, name, 0, nameLength))
            {
                return entry;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static int hash(final byte[] name, final int nameLength, final int type)
    {
        int hash = 0x811C9DC5;
        for (int i = 0; i < nameLength; i++)
        {
            hash = (hash ^ name[i]) * 0x01000193;
        }
        hash = (hash ^ type) * 0x9E3779B9;
        return hash ^ (hash >>> 16);
    }

    private static boolean endsWith(final byte[] name, final int nameLength, final byte[] suffix)
    {
        if (nameLength < suffix.length)
        {
            return false;
        }
        final int start = nameLength - suffix.length;
        if (!Arrays.equals(name, start, nameLength, suffix, 0, suffix.length))
        {
            return false;
        }
        int label = 0;
        while (label < start)
        {
            label += (name[label] & 0xFF) + 1;
        }
        return label == start;
    }

    private static byte[] lowerWire(final Name name)
    {
        return name.toWireCanonical();
    }
}
