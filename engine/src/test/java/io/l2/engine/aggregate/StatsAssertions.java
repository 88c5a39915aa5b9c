package io.l2.engine.aggregate;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.HdrHistogram.Histogram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Test helper: two rows are identical when every counter, every rcode count, every HTTP status count and every
 * histogram (counts, quantiles and, where asked, the encoded bytes) match. Encoded bytes are compared only for rows
 * built from the same records in the same order (live against replay): histograms that grew their range in another
 * order hold the same counts but may encode a different range in the header.
 */
final class StatsAssertions
{
    private StatsAssertions()
    {
    }

    static void assertSameSeconds(final List<SecondStats> expected, final List<SecondStats> actual)
    {
        assertSameSeconds(expected, actual, true);
    }

    static void assertSameSeconds(
        final List<SecondStats> expected, final List<SecondStats> actual, final boolean sameEncoding)
    {
        assertEquals(expected.size(), actual.size(), "number of seconds");
        for (int i = 0; i < expected.size(); i++)
        {
            assertSameStats(expected.get(i), actual.get(i), sameEncoding);
        }
    }

    static void assertSameStats(final SecondStats expected, final SecondStats actual)
    {
        assertSameStats(expected, actual, true);
    }

    static void assertSameStats(final SecondStats expected, final SecondStats actual, final boolean sameEncoding)
    {
        final String where = "second " + expected.second() + ": ";
        assertEquals(expected.second(), actual.second(), where + "second");
        assertEquals(expected.requestedCount(), actual.requestedCount(), where + "requested");
        assertEquals(expected.sentCount(), actual.sentCount(), where + "sent");
        assertEquals(expected.achievedCount(), actual.achievedCount(), where + "achieved");
        assertEquals(expected.answeredCount(), actual.answeredCount(), where + "answered");
        assertEquals(expected.timeoutCount(), actual.timeoutCount(), where + "timeouts");
        assertEquals(expected.malformedCount(), actual.malformedCount(), where + "malformed");
        assertEquals(expected.sendErrorCount(), actual.sendErrorCount(), where + "send errors");
        assertEquals(expected.discardedCount(), actual.discardedCount(), where + "discarded");
        assertEquals(expected.connectFailedCount(), actual.connectFailedCount(), where + "connect failed");
        assertEquals(expected.resetCount(), actual.resetCount(), where + "resets");
        assertEquals(expected.httpErrorCount(), actual.httpErrorCount(), where + "HTTP errors");
        assertEquals(expected.errorCount(), actual.errorCount(), where + "errors");
        assertEquals(expected.recordCount(), actual.recordCount(), where + "records");
        assertEquals(expected.truncatedCount(), actual.truncatedCount(), where + "truncated");
        assertEquals(expected.lagMaxNs(), actual.lagMaxNs(), where + "lag max");
        assertArrayEquals(expected.rcodes(), actual.rcodes(), where + "rcodes seen");
        for (final int rcode : expected.rcodes())
        {
            assertEquals(expected.rcodeCount(rcode), actual.rcodeCount(rcode), where + "rcode " + rcode);
        }
        assertArrayEquals(expected.httpStatuses(), actual.httpStatuses(), where + "HTTP statuses seen");
        for (final int status : expected.httpStatuses())
        {
            assertEquals(expected.httpStatusCount(status), actual.httpStatusCount(status), where + "HTTP " + status);
        }
        assertSameHistogram(expected.latencyHistogram(), actual.latencyHistogram(), where + "latency", sameEncoding);
        assertSameHistogram(
            expected.serviceTimeHistogram(), actual.serviceTimeHistogram(), where + "service time", sameEncoding);
        assertSameHistogram(expected.lagHistogram(), actual.lagHistogram(), where + "lag", sameEncoding);
    }

    static void assertSameHistogram(
        final Histogram expected, final Histogram actual, final String what, final boolean sameEncoding)
    {
        assertEquals(expected.getTotalCount(), actual.getTotalCount(), what + " count");
        assertEquals(LatencyQuantiles.of(expected), LatencyQuantiles.of(actual), what + " quantiles");
        assertEquals(expected.getMinValue(), actual.getMinValue(), what + " min");
        assertEquals(expected, actual, what + " histogram");
        if (sameEncoding)
        {
            assertArrayEquals(encode(expected), encode(actual), what + " encoded");
        }
    }

    static byte[] encode(final Histogram histogram)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }
}
