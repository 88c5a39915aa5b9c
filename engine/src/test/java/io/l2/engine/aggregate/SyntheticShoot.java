package io.l2.engine.aggregate;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.record.ResultRecordFlyweight;
import org.agrona.concurrent.UnsafeBuffer;

import static io.l2.engine.record.ResultRecordDescriptor.NO_TIME;
import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;

/**
 * Test data: a deterministic shoot of result records with mixed outcomes, rcodes, HTTP statuses (of
 * {@link Outcome#HTTP_STATUS} records: 100..599 but 200, so each counts under its status), lags and latencies,
 * spread over given seconds (others stay empty), slightly out of order, kept both as plain field arrays (for
 * independent expectations) and encoded back to back in one off-heap buffer.
 */
final class SyntheticShoot
{
    static final long NS_PER_SECOND = 1_000_000_000L;

    /** The statuses HTTP_STATUS records get, the common ones more often; the two ends of the range included. */
    static final int[] HTTP_STATUSES = { 500, 500, 500, 429, 429, 503, 502, 404, 100, 599 };

    final int count;
    final long[] intendedNs;
    final long[] sentNs;
    final long[] receivedNs;
    final int[] worker;
    final int[] rcode;
    final int[] flags;
    final int[] outcome;
    final UnsafeBuffer records;

    SyntheticShoot(final long seed, final int count, final long[] activeSeconds)
    {
        this.count = count;
        intendedNs = new long[count];
        sentNs = new long[count];
        receivedNs = new long[count];
        worker = new int[count];
        rcode = new int[count];
        flags = new int[count];
        outcome = new int[count];
        records = new UnsafeBuffer(ByteBuffer.allocateDirect(count * RECORD_LENGTH));

        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++)
        {
            final long second = activeSeconds[(int) ((long) i * activeSeconds.length / count)];
            intendedNs[i] = second * NS_PER_SECOND + random.nextLong(NS_PER_SECOND);
            worker[i] = i % 8;
            final int pick = random.nextInt(1000);
            outcome[i] = pick < 800 ? Outcome.ANSWERED : pick < 900 ? Outcome.TIMEOUT :
                pick < 930 ? Outcome.MALFORMED : pick < 960 ? Outcome.SEND_ERROR : pick < 970 ? Outcome.CONNECT_FAILED :
                pick < 980 ? Outcome.RESET : pick < 985 ? Outcome.HTTP_STATUS : Outcome.DISCARDED;

            final long lagNs = random.nextInt(100) < 95 ? random.nextLong(50_000) : random.nextLong(20_000_000);
            final boolean sent = Outcome.SEND_ERROR != outcome[i] && Outcome.DISCARDED != outcome[i] &&
                Outcome.CONNECT_FAILED != outcome[i];
            sentNs[i] = sent ? intendedNs[i] + lagNs : NO_TIME;

            final boolean received = Outcome.ANSWERED == outcome[i] || Outcome.MALFORMED == outcome[i] ||
                Outcome.HTTP_STATUS == outcome[i];
            final long serviceNs = 0 == random.nextInt(10_000) ?
                random.nextLong(3 * NS_PER_SECOND) : 20_000 + (long) (Math.exp(random.nextGaussian()) * 200_000);
            receivedNs[i] = received ? sentNs[i] + serviceNs : NO_TIME;

            if (Outcome.ANSWERED == outcome[i])
            {
                final int r = random.nextInt(100);
                rcode[i] = r < 70 ? 0 : r < 85 ? 3 : r < 93 ? 2 : r < 97 ? 5 : r < 98 ? 16 : r < 99 ? 23 : 4095;
                flags[i] = (random.nextInt(50) == 0 ? ResultRecordDescriptor.FLAG_TC : 0) |
                    (random.nextBoolean() ? ResultRecordDescriptor.FLAG_AA : 0) | ResultRecordDescriptor.FLAG_RA;
            }
            else if (Outcome.HTTP_STATUS == outcome[i])
            {
                rcode[i] = HTTP_STATUSES[random.nextInt(HTTP_STATUSES.length)];
                flags[i] = random.nextInt(8);
            }
            else
            {
                // ignored by the aggregator for anything but ANSWERED and HTTP_STATUS: make sure it is
                rcode[i] = random.nextInt(4096);
                flags[i] = random.nextInt(8);
            }
        }

        // shuffle locally so records arrive slightly out of order, across second boundaries too
        for (int i = 0; i < count; i++)
        {
            final int j = Math.min(count - 1, i + random.nextInt(3000));
            swap(intendedNs, i, j);
            swap(sentNs, i, j);
            swap(receivedNs, i, j);
            swap(worker, i, j);
            swap(rcode, i, j);
            swap(flags, i, j);
            swap(outcome, i, j);
        }

        final ResultRecordFlyweight record = new ResultRecordFlyweight();
        for (int i = 0; i < count; i++)
        {
            record.wrap(records, offset(i)).set(
                intendedNs[i], sentNs[i], receivedNs[i], worker[i], i, 0 == (i & 1) ? 1 : 28, rcode[i], flags[i],
                outcome[i], Outcome.ANSWERED == outcome[i] ? 1 : 0, 100 + (i & 255), i & 0xFFFF);
        }
    }

    static int offset(final int index)
    {
        return index * RECORD_LENGTH;
    }

    static long requested(final long second)
    {
        return 1000 * second + 17;
    }

    private static void swap(final long[] values, final int i, final int j)
    {
        final long value = values[i];
        values[i] = values[j];
        values[j] = value;
    }

    private static void swap(final int[] values, final int i, final int j)
    {
        final int value = values[i];
        values[i] = values[j];
        values[j] = value;
    }
}
