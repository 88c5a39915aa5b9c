/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Next fire times by cron-utils, across the 2026 daylight-saving changes of Europe/Berlin (2026-03-29 02:00 CET to
 * 03:00 CEST; 2026-10-25 03:00 CEST back to 02:00 CET) and in Europe/Moscow, which has none (always +03:00).
 */
class CronTimesTest
{
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    private static List<Instant> utc(final CronTimes times, final String after, final int count)
    {
        return times.next(Instant.parse(after), count).stream().map(ZonedDateTime::toInstant).toList();
    }

    private static List<Instant> instants(final String... texts)
    {
        return List.of(texts).stream().map(Instant::parse).toList();
    }

    @Test
    void shouldKeepWallClockTimeAcrossSpringForwardInBerlin()
    {
        final CronTimes daily = CronTimes.of("0 3 * * *", BERLIN);

        assertEquals(instants("2026-03-28T02:00:00Z", "2026-03-29T01:00:00Z", "2026-03-30T01:00:00Z"),
            utc(daily, "2026-03-27T12:00:00Z", 3));
    }

    @Test
    void shouldSkipTimeThatDoesNotExistOnSpringForwardDay()
    {
        final CronTimes daily = CronTimes.of("30 2 * * *", BERLIN);

        assertEquals(instants("2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z"),
            utc(daily, "2026-03-27T12:00:00Z", 2));
    }

    @Test
    void shouldFireDailyOnceWhenWallClockTimeRepeatsOnFallBack()
    {
        final CronTimes daily = CronTimes.of("30 2 * * *", BERLIN);

        assertEquals(instants("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
            utc(daily, "2026-10-23T12:00:00Z", 3));
    }

    @Test
    void shouldFireHourlyEveryRealHourAcrossBothChanges()
    {
        final CronTimes hourly = CronTimes.of("0 * * * *", BERLIN);

        assertEquals(instants("2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"),
            utc(hourly, "2026-03-28T23:30:00Z", 3));
        assertEquals(instants("2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"),
            utc(hourly, "2026-10-24T23:30:00Z", 3));
        final List<ZonedDateTime> local = hourly.next(Instant.parse("2026-10-24T23:30:00Z"), 2);
        assertEquals(2, local.get(0).getHour());
        assertEquals(2, local.get(1).getHour());
        assertEquals(ZoneOffset.ofHours(2), local.get(0).getOffset());
        assertEquals(ZoneOffset.ofHours(1), local.get(1).getOffset());
    }

    @Test
    void shouldStayAtPlusThreeInMoscowOnBerlinChangeDays()
    {
        final CronTimes daily = CronTimes.of("30 2 * * *", MOSCOW);

        assertEquals(instants("2026-03-28T23:30:00Z", "2026-03-29T23:30:00Z"), utc(daily, "2026-03-28T12:00:00Z", 2));
        assertEquals(instants("2026-10-24T23:30:00Z", "2026-10-25T23:30:00Z"), utc(daily, "2026-10-24T12:00:00Z", 2));
        assertTrue(daily.next(Instant.parse("2026-10-24T12:00:00Z"), 5).stream()
            .allMatch((time) -> ZoneOffset.ofHours(3).equals(time.getOffset())));
    }

    @Test
    void shouldGiveNextStrictlyAfterInstant()
    {
        final CronTimes everyMinute = CronTimes.of("* * * * *", ZoneOffset.UTC);

        assertEquals(instants("2026-01-01T00:01:00Z"), utc(everyMinute, "2026-01-01T00:00:00Z", 1));
        assertEquals(instants("2026-01-01T00:01:00Z"), utc(everyMinute, "2026-01-01T00:00:59.999Z", 1));
    }

    @Test
    void shouldGiveNothingWhenExpressionNeverFires()
    {
        final CronTimes never = CronTimes.of("0 0 31 2 *", ZoneOffset.UTC);

        assertTrue(never.next(Instant.parse("2026-01-01T00:00:00Z")).isEmpty());
        assertEquals(List.of(), never.next(Instant.parse("2026-01-01T00:00:00Z"), 3));
    }

    @Test
    void shouldRefuseInvalidExpressionWithCronUtilsMessage()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> CronTimes.of("61 * * * *", ZoneOffset.UTC));

        assertTrue(ex.getMessage().contains("Value 61 not in range [0, 59]"), ex.getMessage());
    }
}
