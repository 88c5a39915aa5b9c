/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.util.List;
import java.util.Map;

import static io.l2.runner.shoot.ShootHarness.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whether a shoot's {@code seconds} followed its profile, as far as a test on a shared, loaded 2-core box can tell: at
 * the end of every full second, the queries sent so far (achieved, by actual send time) are
 * <ul>
 *     <li>never more than the profile asked for by then (requested, by intended time): a query never goes out
 *     before its intended time, so this holds exactly, whatever the load;</li>
 *     <li>never fewer than that less {@link #MAX_BEHIND_MS} of the second's rate: a correct generator is behind only
 *     by what it could not send while it was off a CPU (the kernel's queue, a safepoint), and catches up after.</li>
 * </ul>
 * A generator at half the rate, one a second late, one that front-loads a second or ignores a ramp, or one capped
 * below the profile's top rate fails within a few seconds. How closely it follows (each second within 0.5%, the lag
 * p99 in microseconds) is a precision bar, measured by {@code bench/precision} on a quiet machine, not here: one
 * stall of a few tens of ms across a second's boundary, common when other builds share the two cores, moves a few
 * percent of a second's queries into the next.
 */
final class ProfileAssertions
{
    /**
     * How far behind the profile a correct generator may be at a second's end, in ms of that second's rate: well
     * above the longest waits seen on the loaded box (shooter threads runnable but off a CPU for up to 84 ms; a lag
     * max of 183-194 ms in the suite's JVM), well below what a wrong generator builds up within the profile.
     */
    static final long MAX_BEHIND_MS = 250;

    private ProfileAssertions()
    {
    }

    /**
     * @param seconds     the {@code seconds} list of a result.
     * @param fullSeconds the profile's full seconds, checked from 0.
     * @param report      for failure messages.
     */
    static void assertFollowsProfile(
        final List<Map<String, Object>> seconds, final int fullSeconds, final String report)
    {
        assertTrue(seconds.size() >= fullSeconds, "fewer seconds than the profile's " + fullSeconds + ": " + report);
        long requestedSoFar = 0;
        long achievedSoFar = 0;
        for (int t = 0; t < fullSeconds; t++)
        {
            final Map<String, Object> second = seconds.get(t);
            assertEquals(t, number(second, "t"), report);
            final long requested = number(second, "requested");
            assertTrue(requested > 0, "second " + t + " requests nothing: " + report);
            requestedSoFar += requested;
            achievedSoFar += number(second, "achieved");
            if (achievedSoFar > requestedSoFar)
            {
                fail("by the end of second " + t + ": sent " + achievedSoFar + ", ahead of the " + requestedSoFar +
                    " the profile asked for by then (a query went out before its intended time)\n" + report);
            }
            final long behind = requestedSoFar - achievedSoFar;
            if (behind * 1000 > requested * MAX_BEHIND_MS)
            {
                fail("by the end of second " + t + ": sent " + achievedSoFar + " of the " + requestedSoFar +
                    " the profile asked for by then, " + behind + " behind: more than " + MAX_BEHIND_MS +
                    " ms of that second's rate (" + requested + "/s)\n" + report);
            }
        }
    }
}
