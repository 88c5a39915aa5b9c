package io.l2.engine.profile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateProfileBuilderTest
{
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private static String rejected(final Runnable call)
    {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Test
    void shouldDescribeInTankGrammar()
    {
        final RateProfile p = new RateProfileBuilder()
            .line(5000, 50_000, 30 * S)
            .constant(50_000, 60 * S)
            .step(1000, 5000, 1000, 90 * S)
            .constant(0, 500 * MS)
            .line(7, 0, 3600 * S + 1)
            .constant(1, 86_400 * S + 3_723_250 * MS)
            .build();
        assertEquals("line(5000,50000,30s) const(50000,1m) step(1000,5000,1000,1m30s) const(0,0.5s) " +
            "line(7,0,1h0.000000001s) const(1,1d1h2m3.25s)", p.describe());
        assertEquals(p.describe(), p.toString());
    }

    @Test
    void shouldKeepBuildingAfterBuild()
    {
        final RateProfileBuilder builder = new RateProfileBuilder().constant(10, S);
        final RateProfile first = builder.build();
        final RateProfile second = builder.constant(20, S).build();
        assertEquals(10, first.totalCount());
        assertEquals(S, first.durationNs());
        assertEquals(30, second.totalCount());
        assertEquals("const(10,1s) const(20,1s)", second.describe());
    }

    @Test
    void shouldRejectEmptyBuilder()
    {
        assertEquals("rate profile is empty: add at least one const, line or step",
            rejected(() -> new RateProfileBuilder().build()));
    }

    @Test
    void shouldRejectBadRatesDurationsAndSteps()
    {
        assertEquals("const(-1,1s): rps must be in [0, 1000000000] queries per second, got -1",
            rejected(() -> new RateProfileBuilder().constant(-1, S)));
        assertEquals("line(1000000001,5,1s): from must be in [0, 1000000000] queries per second, got 1000000001",
            rejected(() -> new RateProfileBuilder().line(1_000_000_001, 5, S)));
        assertEquals("line(5,-3,1s): to must be in [0, 1000000000] queries per second, got -3",
            rejected(() -> new RateProfileBuilder().line(5, -3, S)));
        assertEquals("const(5,0ns): durationNs must be > 0, got 0",
            rejected(() -> new RateProfileBuilder().constant(5, 0)));
        assertEquals("line(5,6,-7ns): durationNs must be > 0, got -7",
            rejected(() -> new RateProfileBuilder().line(5, 6, -7)));
        assertEquals("step(1,5,0,1s): step must be > 0, got 0",
            rejected(() -> new RateProfileBuilder().step(1, 5, 0, S)));
        assertEquals("step(1,5,1,0ns): stepDurationNs must be > 0, got 0",
            rejected(() -> new RateProfileBuilder().step(1, 5, 1, 0)));
        assertEquals("step(0,1000000000,1,0.000000001s): the profile would hold more than 1048576 segments " +
            "(step levels)", rejected(() -> new RateProfileBuilder().step(0, 1_000_000_000, 1, 1)));
    }

    @Test
    void shouldRejectProfilesThatOverflowALong()
    {
        assertEquals("profile duration does not fit in a long of nanoseconds",
            rejected(() -> new RateProfileBuilder().constant(1, Long.MAX_VALUE).constant(1, 1).build()));
        // rates are capped at one query per ns, so the count never exceeds the duration in ns
        final RateProfile longest = new RateProfileBuilder().constant(1_000_000_000, Long.MAX_VALUE).build();
        assertEquals(Long.MAX_VALUE, longest.totalCount());
        assertEquals(Long.MAX_VALUE - 1, longest.intendedTimeNs(Long.MAX_VALUE - 1));
        assertEquals(Long.MAX_VALUE - 1, longest.countBefore(Long.MAX_VALUE - 1));
    }
}
