package io.l2.engine.aggregate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.l2.engine.record.ResultRecordDescriptor;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes one {@link SecondStats} row into a buffer and decodes it back, exactly: every counter, every rcode count,
 * every HTTP status count and the three histograms, so rows from many hosts merge on the runner as if aggregated in
 * one place.
 * <p>
 * Layout, version 4, little-endian (offsets in bytes from the start of the encoding):
 * <pre>
 *   0  u8   format version (4)
 *   1  u8   histograms present: bit 0 latency, bit 1 service time, bit 2 lag; other bits 0
 *   2  u16  rcode entry count N, 0..4096
 *   4  i32  latency histogram length in bytes (0 when absent)
 *   8  i32  service time histogram length in bytes (0 when absent)
 *  12  i32  lag histogram length in bytes (0 when absent)
 *  16  i64  second (0..{@link Aggregator#MAX_SECOND}, or {@link SecondStats#TOTALS_SECOND})
 *  24  i64  requested, sent, achieved, answered, timeouts, malformed, send errors, discarded, truncated, lagMaxNs,
 *           connect failed, resets, HTTP errors (thirteen i64, offsets 24..120)
 * 128  u16  HTTP status entry count M, 0..499
 * 130  N x (u16 rcode, i64 count): rcodes 0..4095 strictly ascending, counts above 0
 *  ..  M x (u16 status, i64 count): HTTP statuses 100..599 but 200 strictly ascending, counts above 0
 *  ..  latency, service time, lag histograms present, in that order: each HdrHistogram's compressed encoding
 *      ({@code encodeIntoCompressedByteBuffer}, V2 cookie, big-endian inside as HdrHistogram writes it)
 * </pre>
 * The encoding is exactly as long as the header says: no trailing bytes. Version 4 added the HTTP statuses (the
 * count at 128, the entries after the rcodes); the decoder reads version 4 only and refuses any other with its
 * number (as version 3 did), so a row is never read with another version's layout.
 * <p>
 * The decoder trusts nothing: it checks every length against the given length before allocating, the counters
 * (none negative), the rcodes and the HTTP statuses, each histogram's HdrHistogram header (cookie, lowest value 1,
 * the significant digits of {@link SecondStats}, a highest trackable value no larger than a {@link SecondStats}
 * histogram can grow to) before HdrHistogram decodes it, and the row's own invariants (rcode counts and the latency
 * and service time histograms add up to answered, the HTTP status counts to HTTP errors, the lag histogram to sent,
 * truncated at most answered). Any violation is an {@link IllegalArgumentException} with a one-line reason; no other
 * exception escapes.
 * <p>
 * Cold path (once per second per host). Thread-safe (stateless but for a per-thread scratch buffer). Allocation:
 * encoding copies each histogram first (so HdrHistogram's encoding buffer is not left attached to the live row)
 * and uses a {@link java.util.zip.Deflater}, and each thread keeps one scratch buffer of up to about 220 KiB;
 * decoding allocates the new row, its histograms and bounded temporary arrays.
 */
public final class SecondStatsCodec
{
    /**
     * Format version written in the first byte.
     */
    public static final int FORMAT_VERSION = 4;

    /**
     * The largest encoding, in bytes: 120 KiB, so one row fits one Aeron message of a 1 MiB term (whose largest
     * message is 128 KiB) with 8 KiB left for the transport's own header and signature. A row with all three
     * histograms spread over their whole range (1 µs .. 1 h) and thousands of rare rcodes may not fit: encoding
     * then fails rather than truncating. Typical busy seconds take a few KiB.
     */
    public static final int MAX_ENCODED_LENGTH = 120 * 1024;

    /**
     * Length of the fixed part before the rcode entries.
     */
    public static final int HEADER_LENGTH = 130;

    /**
     * Length of one rcode entry: u16 rcode, i64 count.
     */
    public static final int RCODE_ENTRY_LENGTH = 10;

    /**
     * Length of one HTTP status entry: u16 status, i64 count.
     */
    public static final int HTTP_STATUS_ENTRY_LENGTH = 10;

    static final int VERSION_OFFSET = 0;
    static final int HISTOGRAM_FLAGS_OFFSET = 1;
    static final int RCODE_ENTRY_COUNT_OFFSET = 2;
    static final int HISTOGRAM_LENGTHS_OFFSET = 4;
    static final int SECOND_OFFSET = 16;
    static final int COUNTERS_OFFSET = 24;
    static final int HTTP_STATUS_ENTRY_COUNT_OFFSET = 128;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int HISTOGRAM_COUNT = 3;
    private static final int COUNTER_COUNT = 13;
    private static final int MAX_RCODE_ENTRY_COUNT = ResultRecordDescriptor.MAX_RCODE + 1;
    private static final int MAX_HTTP_STATUS_ENTRY_COUNT = // the 500 statuses but 200
        SecondStats.MAX_HTTP_STATUS - SecondStats.MIN_HTTP_STATUS;
    private static final String[] HISTOGRAM_NAMES = { "latency", "service time", "lag" };

    // HdrHistogram 2.x compressed V2 encoding: outer cookie and length (8 bytes), then a deflated 40-byte header.
    private static final int COMPRESSED_COOKIE = 0x1c849304 | 0x10;
    private static final int UNCOMPRESSED_COOKIE = 0x1c849303 | 0x10;
    private static final int HDR_PREFIX_LENGTH = 8;
    private static final int HDR_HEADER_LENGTH = 40;

    private static final long[] HIGHEST_TRACKABLE_BOUND = {
        highestTrackableBound(SecondStats.SIGNIFICANT_DIGITS),
        highestTrackableBound(SecondStats.SIGNIFICANT_DIGITS),
        highestTrackableBound(SecondStats.LAG_SIGNIFICANT_DIGITS) };

    private static final int[] MAX_PAYLOAD_LENGTH = {
        maxPayloadLength(SecondStats.SIGNIFICANT_DIGITS),
        maxPayloadLength(SecondStats.SIGNIFICANT_DIGITS),
        maxPayloadLength(SecondStats.LAG_SIGNIFICANT_DIGITS) };

    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

    private SecondStatsCodec()
    {
    }

    /**
     * Encode a row.
     *
     * @param stats  row to encode (only read; its histograms are copied, not changed).
     * @param buffer to write into; only bytes from {@code offset} up to its capacity are ever written.
     * @param offset of the first byte to write.
     * @return bytes written, at most {@link #MAX_ENCODED_LENGTH}.
     * @throws IllegalArgumentException when the encoding needs more than the space from {@code offset} to the
     *                                  buffer's capacity or more than {@link #MAX_ENCODED_LENGTH}; bytes within
     *                                  that space may have been written then.
     */
    public static int encode(final SecondStats stats, final MutableDirectBuffer buffer, final int offset)
    {
        final int capacity = buffer.capacity();
        if (offset < 0 || offset > capacity)
        {
            throw new IllegalArgumentException("cannot encode second " + stats.second() + ": offset " + offset +
                " outside buffer of capacity " + capacity);
        }
        final int limit = Math.min(capacity - offset, MAX_ENCODED_LENGTH);

        final int[] rcodes = stats.rcodes();
        final int[] httpStatuses = stats.httpStatuses();
        final int httpStatusesOffset = HEADER_LENGTH + rcodes.length * RCODE_ENTRY_LENGTH;
        int position = httpStatusesOffset + httpStatuses.length * HTTP_STATUS_ENTRY_LENGTH;
        checkFits(stats, position, limit);
        for (int i = 0; i < rcodes.length; i++)
        {
            final int entryOffset = offset + HEADER_LENGTH + i * RCODE_ENTRY_LENGTH;
            buffer.putShort(entryOffset, (short)rcodes[i], ORDER);
            buffer.putLong(entryOffset + 2, stats.rcodeCount(rcodes[i]), ORDER);
        }
        for (int i = 0; i < httpStatuses.length; i++)
        {
            final int entryOffset = offset + httpStatusesOffset + i * HTTP_STATUS_ENTRY_LENGTH;
            buffer.putShort(entryOffset, (short)httpStatuses[i], ORDER);
            buffer.putLong(entryOffset + 2, stats.httpStatusCount(httpStatuses[i]), ORDER);
        }

        final Histogram[] histograms =
            { stats.latencyHistogramOrNull(), stats.serviceTimeHistogramOrNull(), stats.lagHistogramOrNull() };
        int histogramFlags = 0;
        for (int h = 0; h < HISTOGRAM_COUNT; h++)
        {
            int histogramLength = 0;
            if (null != histograms[h])
            {
                final ByteBuffer scratch = encodeHistogram(histograms[h]);
                histogramLength = scratch.position();
                checkFits(stats, (long)position + histogramLength, limit);
                buffer.putBytes(offset + position, scratch, 0, histogramLength);
                position += histogramLength;
                histogramFlags |= 1 << h;
            }
            buffer.putInt(offset + HISTOGRAM_LENGTHS_OFFSET + h * Integer.BYTES, histogramLength, ORDER);
        }

        buffer.putByte(offset + VERSION_OFFSET, (byte)FORMAT_VERSION);
        buffer.putByte(offset + HISTOGRAM_FLAGS_OFFSET, (byte)histogramFlags);
        buffer.putShort(offset + RCODE_ENTRY_COUNT_OFFSET, (short)rcodes.length, ORDER);
        buffer.putShort(offset + HTTP_STATUS_ENTRY_COUNT_OFFSET, (short)httpStatuses.length, ORDER);
        buffer.putLong(offset + SECOND_OFFSET, stats.second(), ORDER);
        final long[] counters = counters(stats);
        for (int i = 0; i < COUNTER_COUNT; i++)
        {
            buffer.putLong(offset + COUNTERS_OFFSET + i * Long.BYTES, counters[i], ORDER);
        }

        return position;
    }

    /**
     * Decode a row.
     *
     * @param buffer holding the encoding (only read, and only during the call).
     * @param offset of the encoding's first byte.
     * @param length of the encoding in bytes (exactly what {@link #encode} returned).
     * @return a new row equal to the encoded one in every counter, rcode, HTTP status and histogram.
     * @throws IllegalArgumentException with a one-line reason when the bytes are not a valid version
     *                                  {@value #FORMAT_VERSION} encoding.
     */
    public static SecondStats decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || (long)offset + length > buffer.capacity())
        {
            throw invalid("offset " + offset + " and length " + length + " outside buffer of capacity " +
                buffer.capacity());
        }
        if (length > MAX_ENCODED_LENGTH)
        {
            throw invalid("length " + length + " above MAX_ENCODED_LENGTH " + MAX_ENCODED_LENGTH);
        }
        if (length < HEADER_LENGTH)
        {
            throw invalid("truncated: " + length + " bytes, the header alone needs " + HEADER_LENGTH);
        }
        final int version = buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
        if (FORMAT_VERSION != version)
        {
            throw invalid("unsupported format version " + version + " (expected " + FORMAT_VERSION + ")");
        }
        final int histogramFlags = buffer.getByte(offset + HISTOGRAM_FLAGS_OFFSET) & 0xFF;
        if (0 != (histogramFlags & ~((1 << HISTOGRAM_COUNT) - 1)))
        {
            throw invalid("unknown histogram flags 0x" + Integer.toHexString(histogramFlags));
        }
        final int rcodeEntryCount = buffer.getShort(offset + RCODE_ENTRY_COUNT_OFFSET, ORDER) & 0xFFFF;
        if (rcodeEntryCount > MAX_RCODE_ENTRY_COUNT)
        {
            throw invalid("rcode entry count " + rcodeEntryCount + " above " + MAX_RCODE_ENTRY_COUNT);
        }
        final int httpStatusEntryCount = buffer.getShort(offset + HTTP_STATUS_ENTRY_COUNT_OFFSET, ORDER) & 0xFFFF;
        if (httpStatusEntryCount > MAX_HTTP_STATUS_ENTRY_COUNT)
        {
            throw invalid("HTTP status entry count " + httpStatusEntryCount + " above " + MAX_HTTP_STATUS_ENTRY_COUNT);
        }

        final int[] histogramLengths = new int[HISTOGRAM_COUNT];
        long expectedLength = HEADER_LENGTH + (long)rcodeEntryCount * RCODE_ENTRY_LENGTH +
            (long)httpStatusEntryCount * HTTP_STATUS_ENTRY_LENGTH;
        for (int h = 0; h < HISTOGRAM_COUNT; h++)
        {
            final int histogramLength = buffer.getInt(offset + HISTOGRAM_LENGTHS_OFFSET + h * Integer.BYTES, ORDER);
            final boolean present = 0 != (histogramFlags & (1 << h));
            if (present ? histogramLength <= HDR_PREFIX_LENGTH || histogramLength > length : 0 != histogramLength)
            {
                throw invalid(HISTOGRAM_NAMES[h] + " histogram length " + histogramLength + " invalid for a " +
                    (present ? "present" : "absent") + " histogram in " + length + " bytes");
            }
            histogramLengths[h] = histogramLength;
            expectedLength += histogramLength;
        }
        if (expectedLength != length)
        {
            throw invalid("declared content needs " + expectedLength + " bytes, got " + length);
        }

        final long second = buffer.getLong(offset + SECOND_OFFSET, ORDER);
        if (second < SecondStats.TOTALS_SECOND || second > Aggregator.MAX_SECOND)
        {
            throw invalid("second " + second + " outside " + SecondStats.TOTALS_SECOND + ".." + Aggregator.MAX_SECOND);
        }
        final long[] counters = new long[COUNTER_COUNT];
        for (int i = 0; i < COUNTER_COUNT; i++)
        {
            counters[i] = buffer.getLong(offset + COUNTERS_OFFSET + i * Long.BYTES, ORDER);
            if (counters[i] < 0)
            {
                throw invalid(counterName(i) + " " + counters[i] + " negative");
            }
        }
        final long sentCount = counters[1];
        final long answeredCount = counters[3];
        if (counters[8] > answeredCount)
        {
            throw invalid("truncated count " + counters[8] + " above answered count " + answeredCount);
        }
        final SecondStats stats = SecondStats.restore(second, counters[0], sentCount, counters[2], answeredCount,
            counters[4], counters[5], counters[6], counters[7], counters[8], counters[9], counters[10], counters[11],
            counters[12]);

        int position = offset + HEADER_LENGTH;
        int previousRcode = -1;
        long rcodeTotal = 0;
        for (int i = 0; i < rcodeEntryCount; i++, position += RCODE_ENTRY_LENGTH)
        {
            final int rcode = buffer.getShort(position, ORDER) & 0xFFFF;
            final long count = buffer.getLong(position + 2, ORDER);
            if (rcode > ResultRecordDescriptor.MAX_RCODE)
            {
                throw invalid("rcode " + rcode + " above " + ResultRecordDescriptor.MAX_RCODE);
            }
            if (rcode <= previousRcode)
            {
                throw invalid("rcode " + rcode + " after " + previousRcode + " (must be strictly ascending)");
            }
            if (count <= 0 || count > answeredCount - rcodeTotal)
            {
                throw invalid("rcode " + rcode + " count " + count + " not within 1.." + (answeredCount - rcodeTotal) +
                    " (answered count " + answeredCount + ")");
            }
            stats.restoreRcode(rcode, count);
            rcodeTotal += count;
            previousRcode = rcode;
        }
        if (rcodeTotal != answeredCount)
        {
            throw invalid("rcode counts add up to " + rcodeTotal + ", answered count is " + answeredCount);
        }

        final long httpErrorCount = counters[12];
        int previousStatus = -1;
        long statusTotal = 0;
        for (int i = 0; i < httpStatusEntryCount; i++, position += HTTP_STATUS_ENTRY_LENGTH)
        {
            final int status = buffer.getShort(position, ORDER) & 0xFFFF;
            final long count = buffer.getLong(position + 2, ORDER);
            if (!SecondStats.isHttpErrorStatus(status))
            {
                throw invalid("HTTP status " + status + " is not an HTTP error status (" +
                    SecondStats.MIN_HTTP_STATUS + ".." + SecondStats.MAX_HTTP_STATUS + " but 200)");
            }
            if (status <= previousStatus)
            {
                throw invalid("HTTP status " + status + " after " + previousStatus + " (must be strictly ascending)");
            }
            if (count <= 0 || count > httpErrorCount - statusTotal)
            {
                throw invalid("HTTP status " + status + " count " + count + " not within 1.." +
                    (httpErrorCount - statusTotal) + " (HTTP error count " + httpErrorCount + ")");
            }
            stats.restoreHttpStatus(status, count);
            statusTotal += count;
            previousStatus = status;
        }
        if (statusTotal != httpErrorCount)
        {
            throw invalid("HTTP status counts add up to " + statusTotal + ", HTTP error count is " + httpErrorCount);
        }

        final Histogram[] histograms = new Histogram[HISTOGRAM_COUNT];
        final long[] expectedTotals = { answeredCount, answeredCount, sentCount };
        for (int h = 0; h < HISTOGRAM_COUNT; h++)
        {
            if (0 != histogramLengths[h])
            {
                histograms[h] = decodeHistogram(buffer, position, histogramLengths[h], h);
                position += histogramLengths[h];
            }
            final long totalCount = null == histograms[h] ? 0 : histograms[h].getTotalCount();
            if (totalCount != expectedTotals[h])
            {
                throw invalid(HISTOGRAM_NAMES[h] + " histogram holds " + totalCount + " values, expected " +
                    expectedTotals[h] + " (" + (2 == h ? "sent" : "answered") + " count)");
            }
        }
        stats.restoreHistograms(histograms[0], histograms[1], histograms[2]);

        return stats;
    }

    private static long[] counters(final SecondStats stats)
    {
        return new long[]{
            stats.requestedCount(),
            stats.sentCount(),
            stats.achievedCount(),
            stats.answeredCount(),
            stats.timeoutCount(),
            stats.malformedCount(),
            stats.sendErrorCount(),
            stats.discardedCount(),
            stats.truncatedCount(),
            stats.lagMaxNs(),
            stats.connectFailedCount(),
            stats.resetCount(),
            stats.httpErrorCount() };
    }

    private static String counterName(final int index)
    {
        switch (index)
        {
            case 0:
                return "requested count";
            case 1:
                return "sent count";
            case 2:
                return "achieved count";
            case 3:
                return "answered count";
            case 4:
                return "timeout count";
            case 5:
                return "malformed count";
            case 6:
                return "send error count";
            case 7:
                return "discarded count";
            case 8:
                return "truncated count";
            case 9:
                return "lagMaxNs";
            case 10:
                return "connect failed count";
            case 11:
                return "reset count";
            default:
                return "HTTP error count";
        }
    }

    private static void checkFits(final SecondStats stats, final long neededLength, final int limit)
    {
        if (neededLength > limit)
        {
            throw new IllegalArgumentException("cannot encode second " + stats.second() + ": needs at least " +
                neededLength + " bytes, only " + limit + " available (buffer space or MAX_ENCODED_LENGTH " +
                MAX_ENCODED_LENGTH + ")");
        }
    }

    /**
     * Encode a copy of the histogram (HdrHistogram keeps its uncompressed encoding buffer in the histogram it
     * encodes: encoding the live row's histogram would pin ~9 bytes per counts slot to every row for good).
     *
     * @return the thread's scratch buffer holding the encoding from 0 to its position.
     */
    private static ByteBuffer encodeHistogram(final Histogram histogram)
    {
        final Histogram copy = histogram.copy();
        final int uncompressedLength = copy.getNeededByteBufferCapacity();
        // Deflater's worst case (stored blocks) is a few bytes per 16 KiB above the input, plus the 8-byte prefix;
        // HdrHistogram's single deflate() call silently truncates when the target is short, so leave ample room.
        final int neededCapacity = HDR_PREFIX_LENGTH + uncompressedLength + uncompressedLength / 64 + 64;
        ByteBuffer scratch = SCRATCH.get();
        if (scratch.capacity() < neededCapacity)
        {
            scratch = ByteBuffer.allocate(neededCapacity);
            SCRATCH.set(scratch);
        }
        scratch.clear();
        copy.encodeIntoCompressedByteBuffer(scratch);
        return scratch;
    }

    private static Histogram decodeHistogram(
        final DirectBuffer buffer, final int index, final int histogramLength, final int which)
    {
        final String name = HISTOGRAM_NAMES[which];
        final int expectedDigits = 2 == which ? SecondStats.LAG_SIGNIFICANT_DIGITS : SecondStats.SIGNIFICANT_DIGITS;
        final byte[] bytes = new byte[histogramLength]; // bounded: histogramLength <= length, checked by the caller
        buffer.getBytes(index, bytes);
        final ByteBuffer encoded = ByteBuffer.wrap(bytes); // big-endian, as HdrHistogram writes it
        final int cookie = encoded.getInt(0);
        final int compressedLength = encoded.getInt(4);
        if (COMPRESSED_COOKIE != cookie)
        {
            throw invalid(name + " histogram cookie 0x" + Integer.toHexString(cookie) + " is not HdrHistogram's " +
                "compressed V2 cookie 0x" + Integer.toHexString(COMPRESSED_COOKIE));
        }
        if (compressedLength != histogramLength - HDR_PREFIX_LENGTH)
        {
            throw invalid(name + " histogram compressed length " + compressedLength + " does not match its " +
                histogramLength + "-byte field");
        }

        final ByteBuffer header = inflateHeader(bytes, name);
        final int innerCookie = header.getInt(0);
        final int payloadLength = header.getInt(4);
        final int normalizingIndexOffset = header.getInt(8);
        final int digits = header.getInt(12);
        final long lowestDiscernibleValue = header.getLong(16);
        final long highestTrackableValue = header.getLong(24);
        final double conversionRatio = header.getDouble(32);
        if (UNCOMPRESSED_COOKIE != innerCookie || 0 != normalizingIndexOffset || 1.0 != conversionRatio)
        {
            throw invalid(name + " histogram header is not a plain HdrHistogram V2 Histogram (cookie 0x" +
                Integer.toHexString(innerCookie) + ", normalizing offset " + normalizingIndexOffset +
                ", conversion ratio " + conversionRatio + ")");
        }
        if (expectedDigits != digits || 1 != lowestDiscernibleValue ||
            highestTrackableValue < 2 || highestTrackableValue > HIGHEST_TRACKABLE_BOUND[which])
        {
            throw invalid(name + " histogram config (significant digits " + digits + ", lowest " +
                lowestDiscernibleValue + ", highest trackable " + highestTrackableValue + ") differs from " +
                "SecondStats' (" + expectedDigits + ", 1, 2.." + HIGHEST_TRACKABLE_BOUND[which] + ")");
        }
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_LENGTH[which])
        {
            throw invalid(name + " histogram payload length " + payloadLength + " invalid");
        }

        final Histogram histogram;
        try
        {
            histogram = Histogram.decodeFromCompressedByteBuffer(encoded, 0);
        }
        catch (final DataFormatException | RuntimeException ex)
        {
            throw invalid(name + " histogram does not decode: " + oneLine(ex));
        }

        if (histogram.getMaxValue() > histogram.highestEquivalentValue(SecondStats.MAX_HISTOGRAM_US))
        {
            throw invalid(name + " histogram max " + histogram.getMaxValue() + " µs above " +
                SecondStats.MAX_HISTOGRAM_US);
        }
        long countSum = 0;
        for (final HistogramIterationValue value : histogram.recordedValues())
        {
            final long count = value.getCountAtValueIteratedTo();
            if (count < 0 || count > Long.MAX_VALUE - countSum)
            {
                throw invalid(name + " histogram count " + count + " negative or overflowing the total");
            }
            countSum += count;
        }
        if (countSum != histogram.getTotalCount())
        {
            throw invalid(name + " histogram counts add up to " + countSum + ", not its total " +
                histogram.getTotalCount());
        }
        histogram.setAutoResize(true);
        return histogram;
    }

    private static ByteBuffer inflateHeader(final byte[] bytes, final String name)
    {
        final byte[] header = new byte[HDR_HEADER_LENGTH];
        final Inflater inflater = new Inflater();
        try
        {
            inflater.setInput(bytes, HDR_PREFIX_LENGTH, bytes.length - HDR_PREFIX_LENGTH);
            final int inflatedLength = inflater.inflate(header);
            if (HDR_HEADER_LENGTH != inflatedLength)
            {
                throw invalid(name + " histogram header inflates to " + inflatedLength + " bytes, not " +
                    HDR_HEADER_LENGTH);
            }
        }
        catch (final DataFormatException ex)
        {
            throw invalid(name + " histogram is not valid deflate data: " + oneLine(ex));
        }
        finally
        {
            inflater.end();
        }
        return ByteBuffer.wrap(header);
    }

    private static long highestTrackableBound(final int digits)
    {
        final Histogram largest = new Histogram(digits);
        largest.recordValue(SecondStats.MAX_HISTOGRAM_US);
        return largest.getHighestTrackableValue();
    }

    private static int maxPayloadLength(final int digits)
    {
        final Histogram largest = new Histogram(digits);
        largest.recordValue(SecondStats.MAX_HISTOGRAM_US);
        return largest.getNeededByteBufferCapacity() - HDR_HEADER_LENGTH; // 9 bytes per counts slot at most
    }

    private static String oneLine(final Exception ex)
    {
        final String message = String.valueOf(ex.getMessage()).replace('\n', ' ').replace('\r', ' ');
        return ex.getClass().getSimpleName() + ": " + message;
    }

    private static IllegalArgumentException invalid(final String reason)
    {
        return new IllegalArgumentException("invalid second stats encoding: " + reason);
    }
}
