package io.l2.engine.aggregate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongUnaryOperator;

import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.record.ResultRecordFlyweight;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Rolls result records up into one {@link SecondStats} per second of intended send time, the same way live (tailing
 * a queue while the shoot writes it) and offline (replaying a recorded queue): the numbers depend only on the
 * records, never on when or in what chunks they arrive.
 * <p>
 * Rows run without gaps from the first second seen to the last: a second with no record is a zero row. A row's
 * requested count comes from the supplied function when the row is created. Records may arrive in any order.
 * <p>
 * Zero allocation per record once the record's second exists and its histograms cover its values; creating a
 * second's row allocates (cold path, once per second). Not thread-safe: one thread feeds and reads it.
 */
public final class Aggregator
{
    /**
     * The last second a record may belong to: 7 days, beyond any shoot (soak tests included), so a corrupt time
     * fails loudly instead of allocating rows for years.
     */
    public static final long MAX_SECOND = 7L * 24 * 60 * 60;

    private static final long NS_PER_SECOND = 1_000_000_000L;
    private static final int REHEARSAL_SECOND_RECORDS = 1_000;
    private static final int REHEARSAL_AGGREGATOR_RECORDS = 10_000;
    private static final long REHEARSAL_LAG_NS = 3_000;
    private static final long REHEARSAL_LATENCY_NS = 40_000;

    private final LongUnaryOperator requestedInSecond;
    private final ResultRecordFlyweight record = new ResultRecordFlyweight();
    private final ArrayList<SecondStats> rows = new ArrayList<>();
    private final List<SecondStats> rowsView = Collections.unmodifiableList(rows);
    private long firstSecond;
    private long recordCount;

    private Aggregator(final LongUnaryOperator requestedInSecond)
    {
        this.requestedInSecond = requestedInSecond;
    }

    /**
     * A new empty aggregator.
     *
     * @param requestedInSecond queries the schedule asks for in a given 0-based second (this host's share).
     * @return the aggregator.
     */
    public static Aggregator of(final LongUnaryOperator requestedInSecond)
    {
        return new Aggregator(requestedInSecond);
    }

    /**
     * Runs synthetic records through throwaway aggregators, so the JIT has seen every path real records take,
     * including the rare ones (a new second, a row's first histogram, each outcome, a rare rcode, an HTTP status,
     * the first record of an aggregator): code compiled without a path is thrown away, and compiled again, the first
     * time the path is taken, which in a real shoot would be on the core the shooter runs on. Cold path; about a
     * millisecond of work per thousand records.
     *
     * @param requestedInSecond the real shoot's schedule (so its path is taken as in the shoot).
     * @param recordCount       how many records, spread over a new second every thousand, a new aggregator every ten
     *                          thousand.
     * @return the records the aggregators' rows counted (all of them: each is a valid record).
     */
    public static long rehearse(final LongUnaryOperator requestedInSecond, final int recordCount)
    {
        long counted = 0;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[ResultRecordDescriptor.RECORD_LENGTH]);
        final ResultRecordFlyweight record = new ResultRecordFlyweight().wrap(buffer, 0);
        Aggregator aggregator = null;
        for (int i = 0; i < recordCount; i++)
        {
            if (i % REHEARSAL_AGGREGATOR_RECORDS == 0)
            {
                counted += null == aggregator ? 0 : aggregator.totals().recordCount();
                aggregator = of(requestedInSecond);
            }
            final long intendedNs = (i / REHEARSAL_SECOND_RECORDS) * NS_PER_SECOND +
                (i % REHEARSAL_SECOND_RECORDS) * (NS_PER_SECOND / REHEARSAL_SECOND_RECORDS);
            final long sentNs = intendedNs + REHEARSAL_LAG_NS * (1 + i % 7);
            final long receivedNs = sentNs + REHEARSAL_LATENCY_NS * (1 + i % 13);
            final int outcome = i % 101 == 100 ? Outcome.TIMEOUT : i % 211 == 210 ? Outcome.DISCARDED :
                i % 503 == 502 ? Outcome.MALFORMED : i % 1009 == 1008 ? Outcome.SEND_ERROR :
                i % 307 == 306 ? Outcome.HTTP_STATUS : Outcome.ANSWERED;
            final boolean sent = Outcome.DISCARDED != outcome && Outcome.SEND_ERROR != outcome;
            final boolean received = Outcome.ANSWERED == outcome || Outcome.MALFORMED == outcome ||
                Outcome.HTTP_STATUS == outcome;
            final int rcode = Outcome.HTTP_STATUS == outcome ? (i % 2 == 0 ? 503 : 429) :
                Outcome.ANSWERED != outcome ? 0 : i % 10 == 9 ? 3 : i % 997 == 996 ? 4000 : 0;
            final int flags = i % 89 == 88 ? ResultRecordDescriptor.FLAG_TC : ResultRecordDescriptor.FLAG_AA;
            record.set(intendedNs, sent ? sentNs : -1, received ? receivedNs : -1, i % 8, i, 1, rcode, flags, outcome,
                1, 64, i & 0xFFFF);
            aggregator.onRecord(buffer, 0);
        }
        return counted + (null == aggregator ? 0 : aggregator.totals().recordCount());
    }

    /**
     * Count one record. A {@link Outcome#HTTP_STATUS} record counts under its status (the rcode field) when that is
     * an HTTP status other than 200, and as a malformed answer otherwise ({@link SecondStats#isHttpErrorStatus}).
     *
     * @param buffer holding the record (only read, and only during the call).
     * @param offset of the record's first byte.
     * @throws IllegalArgumentException with a one-line reason when the record is invalid: unknown version or
     *                                  outcome, rcode above 4095, intended time outside 0 to {@link #MAX_SECOND},
     *                                  or times that contradict the outcome; nothing is counted then.
     */
    public void onRecord(final DirectBuffer buffer, final int offset)
    {
        final ResultRecordFlyweight record = this.record.wrapForRead(buffer, offset);
        final int version = record.version();
        final int outcome = record.outcome();
        final long intendedNs = record.intendedNs();
        final long sentNs = record.sentNs();
        final long receivedNs = record.receivedNs();
        final int rcode = record.rcode();

        if (ResultRecordDescriptor.VERSION != version)
        {
            throw invalid("unsupported record version " + version + " (expected " +
                ResultRecordDescriptor.VERSION + ")");
        }
        if (!Outcome.isValid(outcome))
        {
            throw invalid("invalid outcome " + outcome);
        }
        if (intendedNs < 0 || intendedNs / NS_PER_SECOND > MAX_SECOND)
        {
            throw invalid("intendedNs " + intendedNs + " outside 0.." + MAX_SECOND + " s");
        }
        if (rcode > ResultRecordDescriptor.MAX_RCODE)
        {
            throw invalid("rcode " + rcode + " above " + ResultRecordDescriptor.MAX_RCODE);
        }
        if (Outcome.ANSWERED == outcome || Outcome.MALFORMED == outcome || Outcome.HTTP_STATUS == outcome)
        {
            if (sentNs < 0 || receivedNs < sentNs)
            {
                throw invalid(Outcome.name(outcome) + " needs 0 <= sentNs <= receivedNs, got sentNs=" + sentNs +
                    " receivedNs=" + receivedNs);
            }
        }
        else if ((Outcome.TIMEOUT == outcome || Outcome.RESET == outcome) && sentNs < 0)
        {
            throw invalid(Outcome.name(outcome) + " needs sentNs >= 0, got " + sentNs);
        }

        row(intendedNs / NS_PER_SECOND).onQuery(intendedNs, sentNs, receivedNs, rcode, record.flags(), outcome);
        if (sentNs >= 0)
        {
            row(Math.min(sentNs / NS_PER_SECOND, MAX_SECOND)).onSentAt();
        }
        recordCount++;
    }

    /**
     * The rows, one per second from the first second seen to the last, in order.
     *
     * @return a live read-only view (empty before the first record); its rows are live too.
     */
    public List<SecondStats> seconds()
    {
        return rowsView;
    }

    /**
     * All rows added together (allocates a new row: cold path).
     *
     * @return a new row with second {@link SecondStats#TOTALS_SECOND}: counts summed, histograms added.
     */
    public SecondStats totals()
    {
        final SecondStats totals = new SecondStats(SecondStats.TOTALS_SECOND, 0);
        for (int i = 0, size = rows.size(); i < size; i++)
        {
            totals.add(rows.get(i));
        }
        return totals;
    }

    /**
     * Add another aggregator's rows into this one, second by second (e.g. another host of the same shoot).
     * <p>
     * A second this aggregator lacks is first created with this aggregator's requested count, then the other's
     * row is added, so requested counts add up over the aggregators that cover each second.
     *
     * @param other aggregator to add (left unchanged).
     * @return this.
     */
    public Aggregator merge(final Aggregator other)
    {
        for (int i = 0, size = other.rows.size(); i < size; i++)
        {
            final SecondStats otherRow = other.rows.get(i);
            row(otherRow.second()).add(otherRow);
        }
        recordCount += other.recordCount;
        return this;
    }

    /**
     * Add one row into this aggregator's row of the same second, creating that row (and any gap before it) the way
     * {@link #merge(Aggregator)} does: with this aggregator's requested count, to which the row's is added. This is
     * how a runner rebuilds a remote host's aggregator from its decoded seconds: with an aggregator made by
     * {@code Aggregator.of(second -> 0)}, adding every row of a host gives the same {@link #seconds()},
     * {@link #totals()} and {@link #recordCount()} as that host's aggregator.
     *
     * @param row row to add (left unchanged); its second must be 0 to {@link #MAX_SECOND} (not a totals row).
     * @return this.
     * @throws IllegalArgumentException when the row's second is outside 0 to {@link #MAX_SECOND}; nothing is added.
     */
    public Aggregator add(final SecondStats row)
    {
        final long second = row.second();
        if (second < 0 || second > MAX_SECOND)
        {
            throw new IllegalArgumentException("cannot add a row of second " + second + ": outside 0.." + MAX_SECOND);
        }

        row(second).add(row);
        recordCount += row.recordCount();
        return this;
    }

    /**
     * Records counted (merged and added ones included).
     *
     * @return record count.
     */
    public long recordCount()
    {
        return recordCount;
    }

    /**
     * The first second with a row.
     *
     * @return 0-based second, or -1 when there are no rows.
     */
    public long firstSecond()
    {
        return rows.isEmpty() ? -1 : firstSecond;
    }

    /**
     * The last second with a row.
     *
     * @return 0-based second, or -1 when there are no rows.
     */
    public long lastSecond()
    {
        return rows.isEmpty() ? -1 : firstSecond + rows.size() - 1;
    }

    private SecondStats row(final long second)
    {
        final int size = rows.size();
        if (0 == size)
        {
            firstSecond = second;
            rows.add(newRow(second));
            return rows.get(0);
        }

        final long index = second - firstSecond;
        if (index >= 0 && index < size)
        {
            return rows.get((int) index);
        }

        return extendTo(second);
    }

    private SecondStats extendTo(final long second)
    {
        if (second < firstSecond)
        {
            final ArrayList<SecondStats> before = new ArrayList<>();
            for (long s = second; s < firstSecond; s++)
            {
                before.add(newRow(s));
            }
            rows.addAll(0, before);
            firstSecond = second;
            return rows.get(0);
        }

        for (long s = firstSecond + rows.size(); s <= second; s++)
        {
            rows.add(newRow(s));
        }
        return rows.get(rows.size() - 1);
    }

    private SecondStats newRow(final long second)
    {
        return new SecondStats(second, requestedInSecond.applyAsLong(second));
    }

    private IllegalArgumentException invalid(final String reason)
    {
        return new IllegalArgumentException("invalid result record: " + reason);
    }
}
