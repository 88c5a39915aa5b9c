package io.l2.engine.profile;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RateProfileTest
{
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void shouldHoldExactTotalsOfTheBriefWhenBuilt()
    {
        assertEquals(100_000, new RateProfileBuilder().constant(20_000, 5 * S).build().totalCount());
        assertEquals(105_000, new RateProfileBuilder().line(1000, 20_000, 10 * S).build().totalCount());
        assertEquals(825_000, new RateProfileBuilder().line(5000, 50_000, 30 * S).build().totalCount());

        final RateProfile step = new RateProfileBuilder().step(1000, 5000, 1000, 10 * S).build();
        assertEquals(150_000, step.totalCount());
        assertEquals(50 * S, step.durationNs());
    }

    @Test
    void shouldFollowTankStairwayWhenLastStepIsShort()
    {
        // Tank: levels 1000, 2000, 3000, 4000, then 4500 appended because 4000 < 4500
        final RateProfile up = new RateProfileBuilder().step(1000, 4500, 1000, S).build();
        assertEquals(5 * S, up.durationNs());
        assertEquals(1000 + 2000 + 3000 + 4000 + 4500, up.totalCount());
        assertEquals(4500.0, up.rateAt(4 * S + 1));

        // downwards: 5000, 4000, 3000, 2000, 1000, 500
        final RateProfile down = new RateProfileBuilder().step(5000, 500, 1000, S).build();
        assertEquals(6 * S, down.durationNs());
        assertEquals(15_500, down.totalCount());
        assertEquals(500.0, down.rateAt(5 * S));

        // equal ends: one level
        final RateProfile flat = new RateProfileBuilder().step(300, 300, 1000, S).build();
        assertEquals(S, flat.durationNs());
        assertEquals(300, flat.totalCount());
    }

    @Test
    void shouldMatchTankStairwayTestVectors()
    {
        // yandextank/stepper/tests/test_load_plan.py TestStairway: (0, 1000, 50, 3000 ms) -> 31500
        final RateProfile p = new RateProfileBuilder().step(0, 1000, 50, 3 * S).build();
        assertEquals(31_500, p.totalCount());
        assertEquals(31_050, p.totalCount() - p.countBefore(9000 * MS));
        assertEquals(30_000, p.totalCount() - p.countBefore(15_000 * MS));
        assertEquals(15_750, p.totalCount() - p.countBefore(45_000 * MS));
    }

    static Stream<Arguments> tankLines()
    {
        // TestLineNew.test_iter: min, max, duration ms, expected len, threshold ms, len at or above threshold
        return Stream.of(
            arguments(2, 12, 25_000, 175, 5000, 160),
            arguments(2, 12, 25_000, 175, 10_000, 135),
            arguments(2, 12, 25_000, 175, 15_000, 100),
            arguments(2, 12, 25_000, 175, 20_000, 55),
            arguments(0, 10, 25_000, 125, 15_000, 80),
            arguments(10, 12, 20_000, 220, 10_000, 115),
            arguments(10, 10, 20_000, 200, 10_000, 100),
            arguments(10, 0, 25_000, 125, 10_000, 45),
            arguments(10, 0, 25_000, 125, 15_000, 20));
    }

    @ParameterizedTest
    @MethodSource("tankLines")
    void shouldMatchTankLineTestVectors(
        final long from, final long to, final long durationMs, final long count, final long thresholdMs,
        final long atOrAbove)
    {
        final RateProfile p = new RateProfileBuilder().line(from, to, durationMs * MS).build();
        assertEquals(count, p.totalCount());
        assertEquals(atOrAbove, p.totalCount() - p.countBefore(thresholdMs * MS));
    }

    static Stream<Arguments> tankSchedules()
    {
        // TestCreate.test_create, the cases with whole rates: the first shots in ms
        return Stream.of(
            arguments("line(1, 5, 2s)", new long[]{ 0, 618, 1000, 1302, 1561, 1791 }),
            arguments("line(5, 1, 2s)", new long[]{ 0, 208, 438, 697, 1000, 1381 }),
            arguments("const(1, 10s)", new long[]{ 0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000 }),
            arguments("const(200, 0.1s)", new long[]{
                0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95 }),
            arguments("const(1, 2s) const(2, 2s)", new long[]{ 0, 1000, 2000, 2500, 3000, 3500 }),
            arguments("step(1, 5, 1, 5s)", new long[]{ 0, 1000, 2000, 3000, 4000, 5000, 5500, 6000, 6500, 7000 }));
    }

    @ParameterizedTest
    @MethodSource("tankSchedules")
    void shouldShootAtTankTimesWhenTankGrammarIsGiven(final String schedule, final long[] expectedMs)
    {
        final RateProfile p = RateProfileParser.parse(schedule);
        final long[] actualMs = new long[expectedMs.length];
        for (int i = 0; i < expectedMs.length; i++)
        {
            actualMs[i] = p.intendedTimeNs(i) / MS;
        }
        assertEquals(Arrays.toString(expectedMs), Arrays.toString(actualMs));
    }

    @Test
    void shouldCountEachSecondOfLineExactly()
    {
        final RateProfile p = new RateProfileBuilder().line(5000, 50_000, 30 * S).build();
        long sum = 0;
        for (int s = 0; s < 30; s++)
        {
            final long count = p.countBefore((s + 1) * S) - p.countBefore(s * S);
            // integral of 5000 + 1500 t over [s, s + 1]
            assertEquals(5750 + 1500L * s, count, "second " + s);
            sum += count;
        }
        assertEquals(825_000, sum);
    }

    static Stream<Arguments> perSecondCases()
    {
        return Stream.of(
            arguments("const(20000,5s)", new ExactProfile().constant(20_000, 5 * S)),
            arguments("const(3,7s)", new ExactProfile().constant(3, 7 * S)),
            arguments("line(1000,20000,10s)", new ExactProfile().line(1000, 20_000, 10 * S)),
            arguments("line(7,3,9s)", new ExactProfile().line(7, 3, 9 * S)),
            arguments("line(0,1000,10s)", new ExactProfile().line(0, 1000, 10 * S)),
            arguments("line(12345,54321,13.7s)", new ExactProfile().line(12_345, 54_321, 13_700 * MS)),
            arguments("step(1000,5000,1000,10s)", stepOracle(1000, 5000, 1000, 10 * S)),
            arguments("step(7,1,3,1.5s)", stepOracle(7, 1, 3, 1500 * MS)),
            arguments("const(3,0.5s) line(3,10,1.3s) const(0,2s) const(11,2.25s) line(11,0,3s)",
                new ExactProfile().constant(3, 500 * MS).line(3, 10, 1300 * MS).constant(0, 2 * S)
                    .constant(11, 2250 * MS).line(11, 0, 3 * S)));
    }

    private static ExactProfile stepOracle(final long from, final long to, final long step, final long durationNs)
    {
        final ExactProfile oracle = new ExactProfile();
        final long increment = to >= from ? step : -step;
        long rps = from;
        while (to >= from ? rps < to : rps > to)
        {
            oracle.constant(rps, durationNs);
            rps += increment;
        }
        return oracle.constant(to, durationNs);
    }

    @ParameterizedTest
    @MethodSource("perSecondCases")
    void shouldCountEverySecondWithinOneOfTheIntegral(final String schedule, final ExactProfile oracle)
    {
        final RateProfile p = RateProfileParser.parse(schedule);
        assertEquals(oracle.totalCount(), p.totalCount(), "total");
        long sum = 0;
        final long seconds = (p.durationNs() + S - 1) / S;
        for (long s = 0; s < seconds; s++)
        {
            final long count = p.countBefore((s + 1) * S) - p.countBefore(s * S);
            final double integral = oracle.integralAsDouble((s + 1) * S) - oracle.integralAsDouble(s * S);
            assertTrue(Math.abs(count - integral) < 1.0, "second " + s + ": " + count + " vs " + integral);
            assertEquals(oracle.ceilIntegral((s + 1) * S), p.countBefore((s + 1) * S), "second " + s);
            sum += count;
        }
        assertEquals(p.totalCount(), sum);
    }

    @ParameterizedTest
    @MethodSource("perSecondCases")
    void shouldAgreeWithExactOracleAtEveryQuery(final String schedule, final ExactProfile oracle)
    {
        final RateProfile p = RateProfileParser.parse(schedule);
        long previous = -1;
        for (long i = 0; i < p.totalCount(); i++)
        {
            final long t = p.intendedTimeNs(i);
            final long exact = oracle.floorTimeNs(i);
            assertTrue(Math.abs(t - exact) <= 1, "query " + i + ": " + t + " vs exact " + exact);
            assertTrue(t >= previous, "query " + i + " goes back in time");
            assertTrue(t < p.durationNs(), "query " + i + " at or after the end");
            assertEquals(i, p.countBefore(t), "countBefore its own time, query " + i);
            assertEquals(i + 1, p.countBefore(t + 1), "countBefore just after, query " + i);
            previous = t;
        }
    }

    @Test
    void shouldHandRemainderAcrossChainBoundaries()
    {
        // N: 0.5 query after const(1,0.5s); 0.5 + 1.4 = 1.9 after const(2,0.7s); 1.9 + 3 after const(10,0.3s)
        final RateProfile p = new RateProfileBuilder()
            .constant(1, 500 * MS)
            .constant(2, 700 * MS)
            .constant(10, 300 * MS)
            .build();
        assertEquals(5, p.totalCount());
        assertEquals(0, p.intendedTimeNs(0));
        // query 1: 0.5 s carried, needs 0.5 query more at 2 rps
        assertEquals(750 * MS, p.intendedTimeNs(1));
        // query 2: at 1.2 s N = 1.9, needs 0.1 at 10 rps
        assertEquals(1210 * MS, p.intendedTimeNs(2));
        assertEquals(1310 * MS, p.intendedTimeNs(3));
        assertEquals(1410 * MS, p.intendedTimeNs(4));
        assertEquals(p.durationNs(), p.intendedTimeNs(5));
        assertEquals(1, p.countBefore(500 * MS));
        assertEquals(2, p.countBefore(1200 * MS));
        assertEquals(3, p.countBefore(1210 * MS + 1));
    }

    @Test
    void shouldNotLoseNorDuplicateQueriesAtBoundaries()
    {
        final RateProfileBuilder builder = new RateProfileBuilder();
        final ExactProfile oracle = new ExactProfile();
        final long[] boundariesNs = new long[8];
        final Random random = new Random(42);
        long t = 0;
        for (int k = 0; k < 7; k++)
        {
            final long from = 1 + random.nextInt(5000);
            final long to = random.nextInt(5000);
            final long durationNs = 1 + random.nextInt(3_000_000) * 1000L + random.nextInt(1000);
            if (0 == k % 2)
            {
                builder.line(from, to, durationNs);
                oracle.line(from, to, durationNs);
            }
            else
            {
                builder.constant(from, durationNs);
                oracle.constant(from, durationNs);
            }
            t += durationNs;
            boundariesNs[k + 1] = t;
        }
        final RateProfile p = builder.build();
        assertEquals(oracle.totalCount(), p.totalCount());
        for (final long boundary : boundariesNs)
        {
            final long before = p.countBefore(boundary);
            assertEquals(oracle.ceilIntegral(boundary), before);
            if (before > 0)
            {
                assertTrue(p.intendedTimeNs(before - 1) < boundary);
            }
            if (before < p.totalCount())
            {
                assertTrue(p.intendedTimeNs(before) >= boundary);
                assertEquals(oracle.floorTimeNs(before), p.intendedTimeNs(before), 1);
            }
        }
        for (long i = 1; i < p.totalCount(); i++)
        {
            assertTrue(p.intendedTimeNs(i) > p.intendedTimeNs(i - 1), "query " + i);
        }
    }

    @Test
    void shouldBeMonotonicOverRandomIndexes()
    {
        final RateProfile p = RateProfileParser.parse(
            "line(0,1000000,10m) const(1000000,1m) step(1000000,10,99999,7s) line(10,999999,3m)");
        final Random random = new Random(7);
        final long[] indexes = new long[20_000];
        for (int i = 0; i < indexes.length; i++)
        {
            indexes[i] = (long) (random.nextDouble() * p.totalCount());
        }
        Arrays.sort(indexes);
        for (int i = 1; i < indexes.length; i++)
        {
            final long earlier = p.intendedTimeNs(indexes[i - 1]);
            final long later = p.intendedTimeNs(indexes[i]);
            assertTrue(earlier <= later, indexes[i - 1] + " -> " + earlier + " after " + indexes[i] + " -> " + later);
        }
        final long last = p.totalCount() - 1;
        assertTrue(p.intendedTimeNs(last) < p.durationNs());
        assertTrue(p.intendedTimeNs(last) >= p.intendedTimeNs(last - 1));
    }

    @Test
    void shouldBePreciseToANanosecondOverAnHourAtOneMillionRps()
    {
        final long hourNs = 3600 * S;
        final ExactProfile[] oracles = {
            new ExactProfile().line(0, 1_000_000, hourNs),
            new ExactProfile().line(1_000_000, 0, hourNs),
            new ExactProfile().line(1_000_000, 999_999, hourNs),
            new ExactProfile().constant(999_999, 1234 * MS + 1).line(1_000_000, 1, hourNs).constant(1_000_000, hourNs),
        };
        final RateProfile[] profiles = {
            new RateProfileBuilder().line(0, 1_000_000, hourNs).build(),
            new RateProfileBuilder().line(1_000_000, 0, hourNs).build(),
            new RateProfileBuilder().line(1_000_000, 999_999, hourNs).build(),
            new RateProfileBuilder().constant(999_999, 1234 * MS + 1).line(1_000_000, 1, hourNs)
                .constant(1_000_000, hourNs).build(),
        };
        final Random random = new Random(1);
        long worstNs = 0;
        for (int c = 0; c < profiles.length; c++)
        {
            final RateProfile p = profiles[c];
            assertEquals(oracles[c].totalCount(), p.totalCount());
            final long total = p.totalCount();
            for (int n = 0; n < 3000; n++)
            {
                final long index;
                if (n < 40)
                {
                    index = n < 20 ? n : total - 40 + n;
                }
                else
                {
                    index = (long) (random.nextDouble() * total);
                }
                final long t = p.intendedTimeNs(index);
                final long exact = oracles[c].floorTimeNs(index);
                worstNs = Math.max(worstNs, Math.abs(t - exact));
                assertTrue(Math.abs(t - exact) <= 1_000, "profile " + c + " query " + index + ": " + t + " vs " +
                    exact);
            }
        }
        assertTrue(worstNs <= 1, "worst error " + worstNs + " ns");
    }

    @Test
    void shouldSkipPausesAndDelayTheFirstQueryToTheEndOfALeadingPause()
    {
        final RateProfile leading = new RateProfileBuilder().constant(0, 5 * S).constant(10, S).build();
        assertEquals(10, leading.totalCount());
        assertEquals(5 * S, leading.intendedTimeNs(0));
        assertEquals(5 * S + 900 * MS, leading.intendedTimeNs(9));
        assertEquals(0, leading.countBefore(5 * S));
        assertEquals(0.0, leading.rateAt(2 * S));
        assertEquals(10.0, leading.rateAt(5 * S));

        // a query due exactly when a pause begins waits for its end
        final RateProfile middle = new RateProfileBuilder().constant(10, S).constant(0, 5 * S).constant(10, S).build();
        assertEquals(20, middle.totalCount());
        assertEquals(900 * MS, middle.intendedTimeNs(9));
        assertEquals(6 * S, middle.intendedTimeNs(10));
        assertEquals(10, middle.countBefore(6 * S));
        assertEquals(10, middle.countBefore(S));

        // the fraction before a pause is carried over it
        final RateProfile carried = new RateProfileBuilder().constant(3, 500 * MS).constant(0, S)
            .constant(2, S).build();
        assertEquals(4, carried.totalCount());
        assertEquals(333_333_333, carried.intendedTimeNs(1));
        assertEquals(1750 * MS, carried.intendedTimeNs(2));

        final RateProfile silent = new RateProfileBuilder().constant(0, 5 * S).build();
        assertEquals(0, silent.totalCount());
        assertEquals(5 * S, silent.intendedTimeNs(0));
        assertEquals(0, silent.countBefore(3 * S));
        assertEquals(0, silent.countBefore(10 * S));
    }

    @Test
    void shouldStartALineFromZeroAtTimeZero()
    {
        final RateProfile p = new RateProfileBuilder().line(0, 1000, 10 * S).build();
        assertEquals(5000, p.totalCount());
        assertEquals(0, p.intendedTimeNs(0));
        // N(t) = 50 t^2: query 1 at sqrt(0.02) s, query 50 at 1 s, query 200 at 2 s
        assertEquals(141_421_356, p.intendedTimeNs(1));
        assertEquals(S, p.intendedTimeNs(50));
        assertEquals(2 * S, p.intendedTimeNs(200));
        assertEquals(50, p.countBefore(S));
        assertEquals(51, p.countBefore(S + 1));
        assertEquals(0.0, p.rateAt(0));
        assertEquals(500.0, p.rateAt(5 * S));
        assertEquals(0.0, p.rateAt(10 * S));

        // after const(4,1s) N = 4 exactly: query 4 is at the boundary, where N starts to grow again
        final RateProfile chained = new RateProfileBuilder().constant(4, S).line(0, 8, S).build();
        assertEquals(8, chained.totalCount());
        assertEquals(750 * MS, chained.intendedTimeNs(3));
        assertEquals(S, chained.intendedTimeNs(4));
        assertEquals(S + 500 * MS, chained.intendedTimeNs(5));
    }

    @Test
    void shouldReturnDurationPastTheEndAndRejectNegativeIndex()
    {
        final RateProfile p = new RateProfileBuilder().constant(10, S).build();
        assertEquals(S, p.intendedTimeNs(10));
        assertEquals(S, p.intendedTimeNs(Long.MAX_VALUE));
        assertEquals(900 * MS, p.intendedTimeNs(9));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> p.intendedTimeNs(-1));
        assertEquals("query index must be >= 0, got -1", ex.getMessage());
    }

    @Test
    void shouldClampCountBeforeAndRateOutsideTheProfile()
    {
        final RateProfile p = new RateProfileBuilder().line(100, 200, S).build();
        assertEquals(0, p.countBefore(Long.MIN_VALUE));
        assertEquals(0, p.countBefore(0));
        assertEquals(1, p.countBefore(1));
        assertEquals(150, p.countBefore(S));
        assertEquals(150, p.countBefore(Long.MAX_VALUE));
        assertEquals(0.0, p.rateAt(-1));
        assertEquals(100.0, p.rateAt(0));
        assertEquals(150.0, p.rateAt(S / 2));
        assertEquals(0.0, p.rateAt(S));
    }
}
