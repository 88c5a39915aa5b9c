package io.l2.engine.profile;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProfileCursorTest
{
    private static final long S = 1_000_000_000L;

    private static RateProfile profile()
    {
        return RateProfileParser.parse(
            "const(0,1s) line(0,2000,3s) const(3,0.5s) step(100,1000,300,0.7s) const(0,2s) line(1500,1,2.5s)");
    }

    @Test
    void shouldEqualThePureFunctionForRandomIncreasingIndexes()
    {
        final Random random = new Random(11);
        final RateProfile[] profiles = {
            profile(),
            profile().share(2, 3),
            profile().share(0, 7).share(1, 2),
            new RateProfileBuilder().step(1, 1000, 1, 10_000_000L).build(),
        };
        for (final RateProfile p : profiles)
        {
            for (int run = 0; run < 20; run++)
            {
                final ProfileCursor cursor = new ProfileCursor(p);
                final int maxGap = 1 + random.nextInt(run < 10 ? 3 : 500);
                for (long i = random.nextInt(3); i < p.totalCount() + 3; i += 1 + random.nextInt(maxGap))
                {
                    assertEquals(p.intendedTimeNs(i), cursor.intendedTimeNs(i), p.describe() + " query " + i);
                }
            }
        }
    }

    @Test
    void shouldEqualThePureFunctionWhenGoingBack()
    {
        final Random random = new Random(5);
        final RateProfile p = profile();
        final ProfileCursor cursor = new ProfileCursor(p);
        for (int n = 0; n < 5000; n++)
        {
            final long i = (long) (random.nextDouble() * (p.totalCount() + 2));
            assertEquals(p.intendedTimeNs(i), cursor.intendedTimeNs(i), "query " + i);
        }
    }

    @Test
    void shouldDelegateToProfilesItDoesNotKnow()
    {
        final RateProfile inner = profile();
        final RateProfile foreign = new RateProfile()
        {
            public long totalCount()
            {
                return inner.totalCount();
            }

            public long durationNs()
            {
                return inner.durationNs();
            }

            public long intendedTimeNs(final long index)
            {
                return inner.intendedTimeNs(index) + 1;
            }

            public long countBefore(final long timeNs)
            {
                return inner.countBefore(timeNs - 1);
            }

            public double rateAt(final long timeNs)
            {
                return inner.rateAt(timeNs - 1);
            }

            public RateProfile share(final int hostIndex, final int hostCount)
            {
                throw new UnsupportedOperationException();
            }

            public String describe()
            {
                return "foreign";
            }
        };
        final ProfileCursor cursor = new ProfileCursor(foreign);
        assertSame(foreign, cursor.profile());
        for (long i = 0; i < foreign.totalCount(); i++)
        {
            assertEquals(foreign.intendedTimeNs(i), cursor.intendedTimeNs(i));
        }
        assertEquals(foreign.durationNs(), cursor.intendedTimeNs(foreign.totalCount()));
    }

    @Test
    void shouldRejectNegativeIndexAndNullProfile()
    {
        final ProfileCursor cursor = new ProfileCursor(profile());
        assertThrows(IllegalArgumentException.class, () -> cursor.intendedTimeNs(-1));
        assertThrows(IllegalArgumentException.class, () -> new ProfileCursor(null));
        assertEquals(profile().durationNs(), cursor.intendedTimeNs(Long.MAX_VALUE));
        assertEquals(S, cursor.intendedTimeNs(0));
    }
}
