package io.l2.engine.ammo;

import io.l2.engine.codec.DnsQueryEncoder;
import io.l2.engine.codec.QTypes;
import io.l2.engine.codec.QueryOptions;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.WireParseException;

import java.nio.ByteBuffer;

import static io.l2.engine.codec.DnsDescriptor.HEADER_LENGTH;

/**
 * Every query of an ammo file, encoded once (id 0) into ONE off-heap buffer, back to back, with an index.
 * <p>
 * Query {@code i} occupies {@code [queryOffset(i), queryOffset(i) + queryLength(i))} of {@link #buffer()}. The
 * table is immutable after {@link AmmoLoader} builds it and safe to read from any number of threads. The buffer is
 * read only by contract: a shooter sends queries in place only if it never writes them, otherwise it copies a query
 * into its own send buffer ({@link #copyQuery}) and stamps the id there ({@link DnsQueryEncoder#stampId}).
 * <p>
 * {@link #close()} frees the native memory at once. It must be called only after every reader has stopped; after it
 * the buffer is rewrapped to zero length, so a stale reader fails a bounds check rather than reading freed memory.
 */
public final class AmmoTable implements AutoCloseable
{
    private static final byte[] EMPTY = new byte[0];

    private final String sourceName;
    private final String sha256;
    private final QueryOptions options;
    private final ByteBuffer byteBuffer;
    private final UnsafeBuffer buffer;
    private final int[] offsets;
    private final char[] qtypes;
    private final int count;
    private final int maxQueryLength;
    private boolean closed;

    AmmoTable(
        final String sourceName,
        final String sha256,
        final QueryOptions options,
        final ByteBuffer byteBuffer,
        final int[] offsets,
        final char[] qtypes,
        final int count)
    {
        this.sourceName = sourceName;
        this.sha256 = sha256;
        this.options = options;
        this.byteBuffer = byteBuffer;
        this.buffer = new UnsafeBuffer(byteBuffer);
        this.offsets = offsets;
        this.qtypes = qtypes;
        this.count = count;

        int max = 0;
        for (int i = 0; i < count; i++)
        {
            max = Math.max(max, offsets[i + 1] - offsets[i]);
        }
        this.maxQueryLength = max;
    }

    /**
     * How many queries.
     *
     * @return at least 1.
     */
    public int count()
    {
        return count;
    }

    /**
     * Where query {@code i} starts in {@link #buffer()}.
     *
     * @param i 0..count-1.
     * @return the offset, bytes.
     */
    public int queryOffset(final int i)
    {
        return offsets[i];
    }

    /**
     * The length of query {@code i}.
     *
     * @param i 0..count-1.
     * @return bytes.
     */
    public int queryLength(final int i)
    {
        return offsets[i + 1] - offsets[i];
    }

    /**
     * The question type of query {@code i}.
     *
     * @param i 0..count-1.
     * @return 1..65535.
     */
    public int qtype(final int i)
    {
        return qtypes[i];
    }

    /**
     * The buffer that holds every query. Read only: never write to it (copy a query out first).
     *
     * @return the same buffer on every call, valid until {@link #close()}.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Copies query {@code i} (id 0) into {@code dst}. No allocation.
     *
     * @param i         0..count-1.
     * @param dst       destination, with room for {@link #queryLength} bytes.
     * @param dstOffset where to put it.
     */
    public void copyQuery(final int i, final MutableDirectBuffer dst, final int dstOffset)
    {
        final int offset = offsets[i];
        dst.putBytes(dstOffset, buffer, offset, offsets[i + 1] - offset);
    }

    /**
     * The longest query, to size send buffers.
     *
     * @return bytes.
     */
    public int maxQueryLength()
    {
        return maxQueryLength;
    }

    /**
     * Total size of the encoded queries.
     *
     * @return bytes of native memory held.
     */
    public long encodedBytes()
    {
        return offsets[count];
    }

    /**
     * SHA-256 of the ammo text as read (after gunzip), so hosts can check they hold the same ammo.
     *
     * @return 64 lower-case hex digits.
     */
    public String sha256()
    {
        return sha256;
    }

    /**
     * Where the ammo came from, as used in error messages.
     *
     * @return the file name or the name given to {@link AmmoLoader#parse}.
     */
    public String sourceName()
    {
        return sourceName;
    }

    /**
     * The options every query was encoded with.
     *
     * @return the options.
     */
    public QueryOptions options()
    {
        return options;
    }

    /**
     * Query {@code i} in presentation form (cold path: allocates).
     *
     * @param i 0..count-1.
     * @return e.g. {@code www.example.test. AAAA}.
     */
    public String describe(final int i)
    {
        final byte[] query = new byte[queryLength(i)];
        buffer.getBytes(queryOffset(i), query);
        final DNSInput in = new DNSInput(query);
        in.jump(HEADER_LENGTH);
        try
        {
            return new Name(in) + " " + QTypes.name(qtype(i));
        }
        catch (final WireParseException ex)
        {
            throw new IllegalStateException("query " + i + " of " + sourceName + " is corrupt", ex);
        }
    }

    /**
     * Frees the native memory. Idempotent. Call only when no thread reads the table any more.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            buffer.wrap(EMPTY);
            BufferUtil.free(byteBuffer);
        }
    }
}
