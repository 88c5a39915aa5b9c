/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.l2.runner.shoot.ProfileAssertions.assertFollowsProfile;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bound the timing tests hold a shoot to ({@link ProfileAssertions}) on made-up and recorded {@code seconds}: a
 * loaded box's stalls pass, generators that are wrong fail.
 */
class ProfileAssertionsTest
{
    /** line(1000,20000,10s): what LocalShootNsdTest asks for, second by second. */
    private static final long[] LINE = { 1950, 3850, 5750, 7650, 9550, 11450, 13350, 15250, 17150, 19050 };

    @Test
    void shouldPassWhenEverySecondIsSentAsRequested()
    {
        assertDoesNotThrow(() -> assertFollowsProfile(seconds(LINE, LINE.clone()), LINE.length, ""));
    }

    @Test
    void shouldPassTheRunsOfALoadedBoxThatThePercentBoundFailed()
    {
        // JDK 25, the suite's long-lived JVM: second 5 achieved 10859 of 11450 (lag max 194 ms), caught up in 6
        final long[] jdk25 = LINE.clone();
        jdk25[5] = 10_859;
        jdk25[6] = LINE[6] + LINE[5] - 10_859;
        assertDoesNotThrow(() -> assertFollowsProfile(seconds(LINE, jdk25), LINE.length, ""));

        // JDK 17, load average 8 on the 2 cores: shooter threads 4.6 s runnable but off a CPU, lag max 183 ms
        final long[] constRequested = { 20_000, 20_000, 20_000, 20_000, 20_000 };
        final long[] jdk17 = { 20_000, 19_683, 20_108, 20_209, 19_571 };
        assertDoesNotThrow(() -> assertFollowsProfile(seconds(constRequested, jdk17), 5, ""));
    }

    @Test
    void shouldFailWhenTheGeneratorSendsHalfTheRate()
    {
        final long[] half = new long[LINE.length];
        for (int t = 0; t < LINE.length; t++)
        {
            half[t] = LINE[t] / 2;
        }
        assertFails(seconds(LINE, half), "by the end of second 0", "behind");
    }

    @Test
    void shouldFailWhenTheGeneratorIsASecondLate()
    {
        final long[] late = new long[LINE.length];
        System.arraycopy(LINE, 0, late, 1, LINE.length - 1);
        assertFails(seconds(LINE, late), "by the end of second 0", "behind");
    }

    @Test
    void shouldFailWhenTheGeneratorIgnoresTheRampOrSendsAheadOfTime()
    {
        // the line's 105000 queries at its mean rate, 10500/s: ahead of the ramp from the first second
        final long[] flat = new long[LINE.length];
        Arrays.fill(flat, 10_500);
        assertFails(seconds(LINE, flat), "by the end of second 0", "ahead");
    }

    @Test
    void shouldFailWhenTheGeneratorCannotReachTheTopRate()
    {
        final long[] capped = new long[LINE.length + 2];
        long backlog = 0;
        for (int t = 0; t < capped.length; t++)
        {
            backlog += t < LINE.length ? LINE[t] : 0;
            capped[t] = Math.min(backlog, 15_000);
            backlog -= capped[t];
        }
        assertFails(seconds(LINE, capped), "by the end of second 9", "behind");
    }

    @Test
    void shouldFailWhenTheGeneratorStallsLongerThanTheBoundAcrossASecondsEnd()
    {
        // 300 ms of second 5's queries sent in second 6
        final long[] stalled = LINE.clone();
        final long moved = LINE[5] * 300 / 1000;
        stalled[5] -= moved;
        stalled[6] += moved;
        assertFails(seconds(LINE, stalled), "by the end of second 5", "behind");
    }

    private static void assertFails(final List<Map<String, Object>> seconds, final String... parts)
    {
        final AssertionError error =
            assertThrows(AssertionError.class, () -> assertFollowsProfile(seconds, LINE.length, "the table"));
        for (final String part : parts)
        {
            assertTrue(error.getMessage().contains(part), error.getMessage());
        }
    }

    private static List<Map<String, Object>> seconds(final long[] requested, final long[] achieved)
    {
        final List<Map<String, Object>> seconds = new ArrayList<>();
        for (int t = 0; t < achieved.length; t++)
        {
            seconds.add(Map.of("t", (long)t, "requested", t < requested.length ? requested[t] : 0L,
                "achieved", achieved[t]));
        }
        return seconds;
    }
}
