package io.l2.config;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DurationTest
{
    static Stream<Arguments> accepted()
    {
        return Stream.of(
            arguments("500ms", 500_000_000L),
            arguments("30s", 30_000_000_000L),
            arguments("1m", 60_000_000_000L),
            arguments("1h", 3_600_000_000_000L),
            arguments("1m30s", 90_000_000_000L),
            arguments("1h2m3s4ms", 3_723_004_000_000L),
            arguments("1.5s", 1_500_000_000L),
            arguments("0.001ms", 1_000L),
            arguments(" 2s ", 2_000_000_000L));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("accepted")
    void shouldParseDuration(final String text, final long expectedNs)
    {
        assertEquals(expectedNs, ConfigLoader.parseDurationNs(text));
    }

    static Stream<Arguments> rejected()
    {
        return Stream.of(
            arguments("30", "duration needs a unit (e.g. 30s), got '30'"),
            arguments("1.5", "duration needs a unit (e.g. 30s), got '1.5'"),
            arguments("-1s", "duration must be positive, got '-1s'"),
            arguments("0s", "duration must be positive, got '0s'"),
            arguments("0m0s", "duration must be positive, got '0m0s'"),
            arguments("1x", "duration has an unknown unit 'x' (use ms, s, m or h), got '1x'"),
            arguments("1d", "duration has an unknown unit 'd' (use ms, s, m or h), got '1d'"),
            arguments("1m30", "duration needs a unit after 30 (e.g. 30s), got '1m30'"),
            arguments("s", "duration is not valid (e.g. 500ms, 30s, 1m30s, 1h), got 's'"),
            arguments("", "duration is empty (e.g. 500ms, 30s, 1m30s, 1h), got ''"),
            arguments("0.0000001ms", "duration is finer than a nanosecond, got '0.0000001ms'"),
            arguments("9999999999h", "duration is too long, got '9999999999h'"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rejected")
    void shouldRejectDuration(final String text, final String expectedMessage)
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> ConfigLoader.parseDurationNs(text));
        assertEquals(expectedMessage, ex.getMessage());
    }
}
