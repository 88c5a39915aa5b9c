package io.l2.engine.aggregate;

import java.util.Arrays;

import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordDescriptor;
import org.HdrHistogram.Histogram;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongCounterMap;

/**
 * What happened to the queries of one second of a shoot (or, for {@link #TOTALS_SECOND}, of the whole shoot).
 * <p>
 * A query belongs to the second of its <em>intended</em> send time, so requested and sent line up even when the
 * shooter runs late. Counted per second: requested (from the schedule), sent (records with {@code sentNs >= 0}),
 * each {@link Outcome}, errors (= malformed + send errors), rcodes of answered queries, HTTP statuses of
 * {@link Outcome#HTTP_STATUS} records (see {@link #isHttpErrorStatus}), truncated (TC) answers,
 * schedule lag ({@code sentNs - intendedNs}: maximum in ns, histogram in µs at 2 significant digits), and two
 * histograms in µs at 3 significant digits for answered queries only: latency ({@code receivedNs - intendedNs},
 * free of coordinated omission) and service time ({@code receivedNs - sentNs}). Histogram values are clamped to
 * {@code 0..}{@link #MAX_HISTOGRAM_US}. Memory: a histogram is created on first use (an empty second costs a few
 * hundred bytes) and grows its range as values arrive; a 3-digit histogram starts at 16 KiB and holds values up to
 * 10 ms in about 40 KiB, so a busy second costs roughly 50 to 100 KiB.
 * <p>
 * Mutable while accumulating; cold-path object (one per second), but recording into it does not allocate once its
 * histograms cover the values. Not thread-safe. Merging ({@link #add(SecondStats)}) is exact: counts add,
 * histograms add, maxima take the larger; nothing is averaged. The histograms returned by the getters are live:
 * read them, do not change them.
 */
public final class SecondStats
{
    /**
     * The second index of a totals row.
     */
    public static final long TOTALS_SECOND = -1;

    /**
     * The largest value kept in a histogram: one hour in µs; larger values are recorded as this.
     */
    public static final long MAX_HISTOGRAM_US = 3_600_000_000L;

    /**
     * Significant digits of the latency and service time histograms.
     */
    public static final int SIGNIFICANT_DIGITS = 3;

    /**
     * Significant digits of the lag histogram (a diagnostic: 1% is plenty, and it stays small when lag is long).
     */
    public static final int LAG_SIGNIFICANT_DIGITS = 2;

    /**
     * The lowest HTTP status (RFC 9110, section 15: a status is three digits, 100 to 599).
     */
    public static final int MIN_HTTP_STATUS = 100;

    /**
     * The highest HTTP status.
     */
    public static final int MAX_HTTP_STATUS = 599;

    /**
     * The status of a DNS over HTTPS answer, the one status never counted as an HTTP error.
     */
    public static final int HTTP_OK = 200;

    private static final int COMMON_RCODE_COUNT = 16;
    private static final long NS_PER_US = 1000;

    private final long second;
    private long requestedCount;
    private long sentCount;
    private long achievedCount;
    private long answeredCount;
    private long timeoutCount;
    private long malformedCount;
    private long sendErrorCount;
    private long discardedCount;
    private long connectFailedCount;
    private long resetCount;
    private long httpErrorCount;
    private long truncatedCount;
    private long lagMaxNs;
    private final long[] commonRcodeCounts = new long[COMMON_RCODE_COUNT];
    private Long2LongCounterMap rareRcodeCounts;
    private Long2LongCounterMap httpStatusCounts;
    private Histogram latencyHistogram;
    private Histogram serviceTimeHistogram;
    private Histogram lagHistogram;

    /**
     * An empty row.
     *
     * @param second         0-based second of the shoot, or {@link #TOTALS_SECOND}.
     * @param requestedCount queries the schedule asked for in that second.
     */
    public SecondStats(final long second, final long requestedCount)
    {
        this.second = second;
        this.requestedCount = requestedCount;
    }

    /**
     * A row rebuilt from its counters (used by {@link SecondStatsCodec#decode}); the caller has checked them.
     * Rcodes, HTTP statuses and histograms are then set by {@link #restoreRcode}, {@link #restoreHttpStatus} and
     * {@link #restoreHistograms}.
     */
    static SecondStats restore(
        final long second,
        final long requestedCount,
        final long sentCount,
        final long achievedCount,
        final long answeredCount,
        final long timeoutCount,
        final long malformedCount,
        final long sendErrorCount,
        final long discardedCount,
        final long truncatedCount,
        final long lagMaxNs,
        final long connectFailedCount,
        final long resetCount,
        final long httpErrorCount)
    {
        final SecondStats stats = new SecondStats(second, requestedCount);
        stats.connectFailedCount = connectFailedCount;
        stats.resetCount = resetCount;
        stats.httpErrorCount = httpErrorCount;
        stats.sentCount = sentCount;
        stats.achievedCount = achievedCount;
        stats.answeredCount = answeredCount;
        stats.timeoutCount = timeoutCount;
        stats.malformedCount = malformedCount;
        stats.sendErrorCount = sendErrorCount;
        stats.discardedCount = discardedCount;
        stats.truncatedCount = truncatedCount;
        stats.lagMaxNs = lagMaxNs;
        return stats;
    }

    /**
     * Add a count to an rcode of a row being rebuilt.
     *
     * @param rcode extended rcode, 0..4095 (checked by the caller).
     * @param count answers to add.
     */
    void restoreRcode(final int rcode, final long count)
    {
        countRcode(rcode, count);
    }

    /**
     * Add a count to an HTTP status of a row being rebuilt.
     *
     * @param status an HTTP error status ({@link #isHttpErrorStatus}, checked by the caller).
     * @param count  requests to add.
     */
    void restoreHttpStatus(final int status, final long count)
    {
        countHttpStatus(status, count);
    }

    /**
     * Set the histograms of a row being rebuilt; each may be null (never recorded into).
     *
     * @param latencyHistogram     latency in µs, {@link #SIGNIFICANT_DIGITS}, auto-resizing; kept, not copied.
     * @param serviceTimeHistogram service time in µs, {@link #SIGNIFICANT_DIGITS}, auto-resizing; kept, not copied.
     * @param lagHistogram         lag in µs, {@link #LAG_SIGNIFICANT_DIGITS}, auto-resizing; kept, not copied.
     */
    void restoreHistograms(
        final Histogram latencyHistogram, final Histogram serviceTimeHistogram, final Histogram lagHistogram)
    {
        this.latencyHistogram = latencyHistogram;
        this.serviceTimeHistogram = serviceTimeHistogram;
        this.lagHistogram = lagHistogram;
    }

    /**
     * The latency histogram without creating it.
     *
     * @return the live histogram, or null when this row never had one.
     */
    Histogram latencyHistogramOrNull()
    {
        return latencyHistogram;
    }

    /**
     * The service time histogram without creating it.
     *
     * @return the live histogram, or null when this row never had one.
     */
    Histogram serviceTimeHistogramOrNull()
    {
        return serviceTimeHistogram;
    }

    /**
     * The lag histogram without creating it.
     *
     * @return the live histogram, or null when this row never had one.
     */
    Histogram lagHistogramOrNull()
    {
        return lagHistogram;
    }

    /**
     * Count one query already checked by the caller (see {@link Aggregator#onRecord}).
     *
     * @param intendedNs intended send time, ns.
     * @param sentNs     actual send time, ns, or negative when never sent.
     * @param receivedNs receive time, ns (used for {@link Outcome#ANSWERED} only).
     * @param rcode      extended rcode, 0..4095, of {@link Outcome#ANSWERED}; HTTP status of
     *                   {@link Outcome#HTTP_STATUS}; ignored for the other outcomes.
     * @param flags      response flag bits (used for {@link Outcome#ANSWERED} only).
     * @param outcome    one of {@link Outcome}.
     */
    void onQuery(
        final long intendedNs,
        final long sentNs,
        final long receivedNs,
        final int rcode,
        final int flags,
        final int outcome)
    {
        if (sentNs >= 0)
        {
            sentCount++;
            final long lagNs = Math.max(0, sentNs - intendedNs);
            if (lagNs > lagMaxNs)
            {
                lagMaxNs = lagNs;
            }
            lagHistogram().recordValue(toHistogramUs(lagNs));
        }

        switch (outcome)
        {
            case Outcome.ANSWERED:
                answeredCount++;
                countRcode(rcode, 1);
                if (0 != (flags & ResultRecordDescriptor.FLAG_TC))
                {
                    truncatedCount++;
                }
                latencyHistogram().recordValue(toHistogramUs(receivedNs - intendedNs));
                serviceTimeHistogram().recordValue(toHistogramUs(receivedNs - sentNs));
                break;

            case Outcome.TIMEOUT:
                timeoutCount++;
                break;

            case Outcome.MALFORMED:
                malformedCount++;
                break;

            case Outcome.SEND_ERROR:
                sendErrorCount++;
                break;

            case Outcome.DISCARDED:
                discardedCount++;
                break;

            case Outcome.CONNECT_FAILED:
                connectFailedCount++;
                break;

            case Outcome.RESET:
                resetCount++;
                break;

            case Outcome.HTTP_STATUS:
                if (isHttpErrorStatus(rcode))
                {
                    httpErrorCount++;
                    countHttpStatus(rcode, 1);
                }
                else
                {
                    malformedCount++; // no HTTP status (or 200): the answer is malformed
                }
                break;

            default:
                throw new IllegalArgumentException("invalid outcome " + outcome);
        }
    }

    /**
     * Add another row into this one: counts add, histograms add, the lag maximum is the larger.
     *
     * @param other row to add (left unchanged); usually the same second from another host.
     * @return this.
     */
    public SecondStats add(final SecondStats other)
    {
        requestedCount += other.requestedCount;
        sentCount += other.sentCount;
        achievedCount += other.achievedCount;
        answeredCount += other.answeredCount;
        timeoutCount += other.timeoutCount;
        malformedCount += other.malformedCount;
        sendErrorCount += other.sendErrorCount;
        discardedCount += other.discardedCount;
        connectFailedCount += other.connectFailedCount;
        resetCount += other.resetCount;
        httpErrorCount += other.httpErrorCount;
        truncatedCount += other.truncatedCount;
        lagMaxNs = Math.max(lagMaxNs, other.lagMaxNs);
        for (int rcode = 0; rcode < COMMON_RCODE_COUNT; rcode++)
        {
            commonRcodeCounts[rcode] += other.commonRcodeCounts[rcode];
        }
        if (null != other.rareRcodeCounts)
        {
            other.rareRcodeCounts.forEach((rcode, count) -> countRcode((int) rcode, count));
        }
        if (null != other.httpStatusCounts)
        {
            other.httpStatusCounts.forEach((status, count) -> countHttpStatus((int) status, count));
        }
        if (null != other.latencyHistogram)
        {
            latencyHistogram().add(other.latencyHistogram);
        }
        if (null != other.serviceTimeHistogram)
        {
            serviceTimeHistogram().add(other.serviceTimeHistogram);
        }
        if (null != other.lagHistogram)
        {
            lagHistogram().add(other.lagHistogram);
        }
        return this;
    }

    /**
     * The second this row covers.
     *
     * @return 0-based second from the shoot's start, or {@link #TOTALS_SECOND} for totals.
     */
    public long second()
    {
        return second;
    }

    /**
     * Queries the schedule asked for.
     *
     * @return requested count.
     */
    public long requestedCount()
    {
        return requestedCount;
    }

    /**
     * Queries actually put on the wire within this second, by their send time (not their intended time): the
     * achieved rate. It differs from {@link #sentCount()} when the generator fell behind or caught up.
     *
     * @return queries sent during this second.
     */
    public long achievedCount()
    {
        return achievedCount;
    }

    /**
     * Counts a query sent during this second (by its send time).
     */
    void onSentAt()
    {
        achievedCount++;
    }

    /**
     * Queries intended in this second that were put on the wire ({@code sentNs >= 0}), whatever became of them.
     *
     * @return sent count.
     */
    public long sentCount()
    {
        return sentCount;
    }

    /**
     * Queries answered (any rcode).
     *
     * @return answered count.
     */
    public long answeredCount()
    {
        return answeredCount;
    }

    /**
     * Queries sent and never answered in time.
     *
     * @return timeout count.
     */
    public long timeoutCount()
    {
        return timeoutCount;
    }

    /**
     * Responses that could not be decoded or did not match their question.
     *
     * @return malformed count.
     */
    public long malformedCount()
    {
        return malformedCount;
    }

    /**
     * Queries that could not be sent.
     *
     * @return send error count.
     */
    public long sendErrorCount()
    {
        return sendErrorCount;
    }

    /**
     * Queries discarded unsent by the late-shot policy.
     *
     * @return discarded count.
     */
    public long discardedCount()
    {
        return discardedCount;
    }

    /**
     * Queries not sent because no connection to the target could be made (TCP).
     *
     * @return connect failed count.
     */
    public long connectFailedCount()
    {
        return connectFailedCount;
    }

    /**
     * Queries sent on a connection that the server closed or reset before their answer came (TCP).
     *
     * @return reset count.
     */
    public long resetCount()
    {
        return resetCount;
    }

    /**
     * DNS over HTTPS: queries whose request the server answered with an HTTP status other than 200 (each record
     * holds its status); the sum of {@link #httpStatusCount} over {@link #httpStatuses}.
     *
     * @return HTTP error count.
     */
    public long httpErrorCount()
    {
        return httpErrorCount;
    }

    /**
     * Errors: malformed responses, send errors, queries no connection could carry, queries lost with their
     * connection, and HTTP statuses other than 200.
     *
     * @return error count.
     */
    public long errorCount()
    {
        return malformedCount + sendErrorCount + connectFailedCount + resetCount + httpErrorCount;
    }

    /**
     * Records counted, one per query whatever its outcome.
     *
     * @return sum of all outcome counts.
     */
    public long recordCount()
    {
        return answeredCount + timeoutCount + malformedCount + sendErrorCount + discardedCount + connectFailedCount +
            resetCount + httpErrorCount;
    }

    /**
     * Answers with the TC (truncated) bit set.
     *
     * @return truncated count.
     */
    public long truncatedCount()
    {
        return truncatedCount;
    }

    /**
     * The largest schedule lag of a sent query.
     *
     * @return max of {@code sentNs - intendedNs} in ns; 0 when nothing was sent.
     */
    public long lagMaxNs()
    {
        return lagMaxNs;
    }

    /**
     * Answers with the given rcode.
     *
     * @param rcode extended rcode, 0..4095.
     * @return count of answered queries with that rcode.
     */
    public long rcodeCount(final int rcode)
    {
        if (rcode >= 0 && rcode < COMMON_RCODE_COUNT)
        {
            return commonRcodeCounts[rcode];
        }

        return null == rareRcodeCounts ? 0 : rareRcodeCounts.get(rcode);
    }

    /**
     * The rcodes that occurred, ascending (allocates: cold path).
     *
     * @return rcodes with a non-zero count.
     */
    public int[] rcodes()
    {
        final IntArrayList rcodes = new IntArrayList();
        for (int rcode = 0; rcode < COMMON_RCODE_COUNT; rcode++)
        {
            if (0 != commonRcodeCounts[rcode])
            {
                rcodes.addInt(rcode);
            }
        }
        if (null != rareRcodeCounts)
        {
            rareRcodeCounts.forEach((rcode, count) -> rcodes.addInt((int) rcode));
        }
        final int[] result = rcodes.toIntArray();
        Arrays.sort(result);
        return result;
    }

    /**
     * Whether a {@link Outcome#HTTP_STATUS} record's status is counted as an HTTP error: an HTTP status
     * ({@link #MIN_HTTP_STATUS}..{@link #MAX_HTTP_STATUS}) other than {@link #HTTP_OK}. A record with any other value
     * (which the shooter never records so: it records a server's 600..999 as a malformed answer itself, and a 200
     * is an answer) counts as a malformed answer, as from a record file of another writer.
     *
     * @param status the record's rcode field.
     * @return true when it is counted per status in {@link #httpStatusCount}.
     */
    public static boolean isHttpErrorStatus(final int status)
    {
        return status >= MIN_HTTP_STATUS && status <= MAX_HTTP_STATUS && HTTP_OK != status;
    }

    /**
     * DNS over HTTPS: queries whose request the server answered with the given status.
     *
     * @param status an HTTP status.
     * @return count of {@link Outcome#HTTP_STATUS} records with that status; 0 for 200 or a value that is no status.
     */
    public long httpStatusCount(final int status)
    {
        return null == httpStatusCounts ? 0 : httpStatusCounts.get(status);
    }

    /**
     * The HTTP statuses other than 200 that occurred, ascending (allocates: cold path).
     *
     * @return statuses with a non-zero count.
     */
    public int[] httpStatuses()
    {
        if (null == httpStatusCounts)
        {
            return new int[0];
        }

        final IntArrayList statuses = new IntArrayList();
        httpStatusCounts.forEach((status, count) -> statuses.addInt((int) status));
        final int[] result = statuses.toIntArray();
        Arrays.sort(result);
        return result;
    }

    /**
     * Latency of answered queries, from the intended send time (no coordinated omission).
     *
     * @return live histogram of {@code receivedNs - intendedNs} in µs.
     */
    public Histogram latencyHistogram()
    {
        if (null == latencyHistogram)
        {
            latencyHistogram = new Histogram(SIGNIFICANT_DIGITS);
        }
        return latencyHistogram;
    }

    /**
     * Service time of answered queries, from the actual send time.
     *
     * @return live histogram of {@code receivedNs - sentNs} in µs.
     */
    public Histogram serviceTimeHistogram()
    {
        if (null == serviceTimeHistogram)
        {
            serviceTimeHistogram = new Histogram(SIGNIFICANT_DIGITS);
        }
        return serviceTimeHistogram;
    }

    /**
     * Schedule lag of sent queries.
     *
     * @return live histogram of {@code sentNs - intendedNs} in µs.
     */
    public Histogram lagHistogram()
    {
        if (null == lagHistogram)
        {
            lagHistogram = new Histogram(LAG_SIGNIFICANT_DIGITS);
        }
        return lagHistogram;
    }

    @Override
    public String toString()
    {
        return "SecondStats{second=" + second +
            ", requested=" + requestedCount +
            ", sent=" + sentCount +
            ", achieved=" + achievedCount +
            ", answered=" + answeredCount +
            ", timeouts=" + timeoutCount +
            ", malformed=" + malformedCount +
            ", sendErrors=" + sendErrorCount +
            ", discarded=" + discardedCount +
            ", connectFailed=" + connectFailedCount +
            ", resets=" + resetCount +
            ", httpErrors=" + httpErrorCount +
            ", truncated=" + truncatedCount +
            ", lagMaxNs=" + lagMaxNs +
            ", rcodes=" + Arrays.toString(rcodes()) +
            ", httpStatuses=" + Arrays.toString(httpStatuses()) + "}";
    }

    private void countRcode(final int rcode, final long count)
    {
        if (rcode < COMMON_RCODE_COUNT)
        {
            commonRcodeCounts[rcode] += count;
        }
        else
        {
            if (null == rareRcodeCounts)
            {
                rareRcodeCounts = new Long2LongCounterMap(0);
            }
            rareRcodeCounts.getAndAdd(rcode, count);
        }
    }

    private void countHttpStatus(final int status, final long count)
    {
        if (null == httpStatusCounts)
        {
            httpStatusCounts = new Long2LongCounterMap(0);
        }
        httpStatusCounts.getAndAdd(status, count);
    }

    private static long toHistogramUs(final long durationNs)
    {
        if (durationNs <= 0)
        {
            return 0;
        }

        return Math.min(durationNs / NS_PER_US, MAX_HISTOGRAM_US);
    }
}
