package io.l2.engine.profile;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShareProfileTest
{
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private static RateProfile total()
    {
        // 4.5 + 49 + 0 + 6 + (2 + 4 + 5) = 70.5 -> 71 queries, a prime
        return new RateProfileBuilder()
            .constant(9, 500 * MS)
            .line(3, 11, 7 * S)
            .constant(0, S)
            .constant(8, 750 * MS)
            .step(2, 5, 2, S)
            .build();
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 3, 4, 5, 7 })
    void shouldSumAndInterleaveToTheTotalWhenSplitAmongHosts(final int hostCount)
    {
        final RateProfile total = total();
        assertEquals(71, total.totalCount());
        final RateProfile[] shares = new RateProfile[hostCount];
        long sum = 0;
        for (int k = 0; k < hostCount; k++)
        {
            shares[k] = total.share(k, hostCount);
            assertEquals(total.durationNs(), shares[k].durationNs());
            final long expected = (71 - k + hostCount - 1) / hostCount;
            assertEquals(expected, shares[k].totalCount(), "host " + k);
            sum += shares[k].totalCount();
        }
        assertEquals(total.totalCount(), sum);

        for (long i = 0; i < total.totalCount(); i++)
        {
            final RateProfile share = shares[(int) (i % hostCount)];
            assertEquals(total.intendedTimeNs(i), share.intendedTimeNs(i / hostCount), "query " + i);
        }
        for (final RateProfile share : shares)
        {
            assertEquals(share.durationNs(), share.intendedTimeNs(share.totalCount()));
        }

        for (long t = -S; t <= total.durationNs() + S; t += 37 * MS)
        {
            long before = 0;
            double rate = 0;
            for (final RateProfile share : shares)
            {
                final long count = share.countBefore(t);
                before += count;
                rate += share.rateAt(t);
                if (count > 0)
                {
                    assertTrue(share.intendedTimeNs(count - 1) < t);
                }
                if (count < share.totalCount())
                {
                    assertTrue(share.intendedTimeNs(count) >= t);
                }
            }
            assertEquals(total.countBefore(t), before, "t = " + t);
            assertEquals(total.rateAt(t), rate, 1e-9, "t = " + t);
            assertEquals(total.rateAt(t) / hostCount, shares[0].rateAt(t), 1e-12);
        }
    }

    @Test
    void shouldTakeEveryNthQueryWhenShared()
    {
        final RateProfile total = new RateProfileBuilder().constant(10, S).build();
        final RateProfile second = total.share(1, 3);
        assertEquals(3, second.totalCount());
        assertEquals(100 * MS, second.intendedTimeNs(0));
        assertEquals(400 * MS, second.intendedTimeNs(1));
        assertEquals(700 * MS, second.intendedTimeNs(2));
        assertEquals(S, second.intendedTimeNs(3));
        assertEquals(1, second.countBefore(400 * MS));
        assertEquals(2, second.countBefore(400 * MS + 1));
        assertEquals(10.0 / 3, second.rateAt(0), 1e-12);
        assertEquals("const(10,1s) share(1,3)", second.describe());
    }

    @Test
    void shouldComposeSharesOfShares()
    {
        final RateProfile total = total();
        final Random random = new Random(3);
        for (int n = 0; n < 50; n++)
        {
            final int outerCount = 1 + random.nextInt(4);
            final int outer = random.nextInt(outerCount);
            final int innerCount = 1 + random.nextInt(4);
            final int inner = random.nextInt(innerCount);
            final RateProfile nested = total.share(outer, outerCount).share(inner, innerCount);
            final RateProfile flat = total.share(outer + inner * outerCount, outerCount * innerCount);
            assertEquals(flat.totalCount(), nested.totalCount());
            assertEquals(flat.describe(), nested.describe());
            for (long j = 0; j <= nested.totalCount(); j++)
            {
                assertEquals(flat.intendedTimeNs(j), nested.intendedTimeNs(j));
            }
        }
    }

    @Test
    void shouldGiveAnEmptyShareWhenHostsOutnumberQueries()
    {
        final RateProfile total = new RateProfileBuilder().constant(2, S).build();
        final RateProfile share = total.share(5, 7);
        assertEquals(0, share.totalCount());
        assertEquals(S, share.intendedTimeNs(0));
        assertEquals(0, share.countBefore(S));
    }

    @Test
    void shouldRejectBadHostIndexOrCount()
    {
        final RateProfile total = total();
        assertEquals("hostIndex must be in [0, 3), got 3",
            assertThrows(IllegalArgumentException.class, () -> total.share(3, 3)).getMessage());
        assertEquals("hostIndex must be in [0, 3), got -1",
            assertThrows(IllegalArgumentException.class, () -> total.share(-1, 3)).getMessage());
        assertEquals("hostCount must be >= 1, got 0",
            assertThrows(IllegalArgumentException.class, () -> total.share(0, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> total.share(0, 2).share(2, 2));
        assertThrows(IllegalArgumentException.class, () -> total.share(0, 2).intendedTimeNs(-1));
    }
}
