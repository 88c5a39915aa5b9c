package io.l2.engine.profile;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateProfileParserTest
{
    private static final long S = 1_000_000_000L;

    @ParameterizedTest
    @ValueSource(strings = {
        "line(5000,50000,30s) const(50000,1m)",
        "step(1000,5000,1000,10s)",
        "const(0,0.5s) line(1,2,1h2m3.000000001s) const(7,1d)",
        "step(5000,1,333,1m30s) const(1000000000,0.000000001s)",
    })
    void shouldRoundTripDescribe(final String text)
    {
        final RateProfile p = RateProfileParser.parse(text);
        assertEquals(text, p.describe());
        assertEquals(text, RateProfileParser.parse(p.describe()).describe());
    }

    @Test
    void shouldRebuildTheSameProfileFromItsDescription()
    {
        final RateProfile built = new RateProfileBuilder()
            .line(12, 345, 6789 * 1_000_000L + 5)
            .step(10, 100, 7, 1500 * 1_000_000L)
            .constant(0, 3 * S)
            .line(300, 0, 11 * S)
            .build();
        final RateProfile parsed = RateProfileParser.parse(built.describe());
        assertEquals(built.describe(), parsed.describe());
        assertEquals(built.totalCount(), parsed.totalCount());
        assertEquals(built.durationNs(), parsed.durationNs());
        final Random random = new Random(9);
        for (int n = 0; n < 2000; n++)
        {
            final long i = (long) (random.nextDouble() * built.totalCount());
            assertEquals(built.intendedTimeNs(i), parsed.intendedTimeNs(i));
        }
    }

    @Test
    void shouldReadTankSpellings()
    {
        final RateProfile p = RateProfileParser.parse("  line(1, 10, 10)\tconst( 10 , 1m30s ),step(1,3,1,250ms)  ");
        assertEquals("line(1,10,10s) const(10,1m30s) step(1,3,1,0.25s)", p.describe());
        assertEquals(10 * S + 90 * S + 750_000_000L, p.durationNs());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|column 1: rate profile is empty: expected const(...), line(...) or step(...)",
        "'   '|column 4: rate profile is empty: expected const(...), line(...) or step(...)",
        "'const(10,1s) ramp(1,2,3s)'|column 14: unknown segment 'ramp': expected const(rps,dur), line(from,to,dur) " +
            "or step(from,to,step,dur)",
        "'(1,2)'|column 1: unknown segment '(': expected const(rps,dur), line(from,to,dur) or step(from,to,step,dur)",
        "'const 10,1s'|column 7: expected '(' after const",
        "'const(10,1s'|column 6: missing ')' for const(",
        "'line(1,2)'|column 5: line takes 3 arguments, got 2: line(1,2)",
        "'const(1.5,1s)'|column 7: rate '1.5' must be a whole number of queries per second",
        "'const(,1s)'|column 7: expected a rate (whole queries per second)",
        "'const(99999999999999999999,1s)'|column 7: rate '99999999999999999999' is too large",
        "'const(10,1x)'|column 11: unknown unit 'x' in duration '1x' (use d, h, m, s or ms)",
        "'const(10,s)'|column 10: expected a number in duration 's'",
        "'const(10,1.2.3s)'|column 10: bad number in duration '1.2.3s'",
        "'const(10,0s)'|column 10: duration '0s' must be > 0",
        "'const(10,0.0000000001s)'|column 10: duration '0.0000000001s' is not a whole number of nanoseconds " +
            "or is too long",
        "'const(10,)'|column 10: expected a duration such as 30s, 1m or 1h30m",
        "'const(10,1s)x'|column 13: expected a space between segments, found 'x'",
        "'step(1,5,0,1s)'|column 1: step(1,5,0,1s): step must be > 0, got 0",
        "'const(2000000000,1s)'|column 1: const(2000000000,1s): rps must be in [0, 1000000000] queries per second, " +
            "got 2000000000",
    })
    void shouldRejectBadTextWithColumn(final String text, final String message)
    {
        assertEquals(message,
            assertThrows(IllegalArgumentException.class, () -> RateProfileParser.parse(text)).getMessage());
    }

    @Test
    void shouldRejectNull()
    {
        assertEquals("column 1: rate profile is missing",
            assertThrows(IllegalArgumentException.class, () -> RateProfileParser.parse(null)).getMessage());
    }
}
