/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.util.concurrent.TimeUnit;

import io.l2.engine.shoot.Warmup;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How long a local shoot warms up and lets the JIT settle before a fleet's start instant. The bounds are exact: each
 * test reads the clock before and after the call, so a stall of the test's thread cannot fail it.
 */
class WarmupSettleTest
{
    private static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);

    @Test
    void shouldSettleAsLongAsItMayWhenTheShootStartsWhenReady()
    {
        assertEquals(Warmup.SETTLE_DEFAULT_NS, LocalShoot.settleNs(0));
    }

    @Test
    void shouldSettleAsLongAsItMayWhenTheFleetStartsLater()
    {
        assertEquals(Warmup.SETTLE_DEFAULT_NS, LocalShoot.settleNs(epochNs() + 10 * SECOND_NS));
    }

    @Test
    void shouldEndTheWarmUpBeforeASoonerFleetStart()
    {
        final long beforeNs = epochNs();
        final long startEpochNs = beforeNs + 2 * SECOND_NS;
        final long settleNs = LocalShoot.settleNs(startEpochNs);
        final long afterNs = epochNs();

        // 2 s less the warm-up's least duration and the start delay, less the time from before to the clock read in
        // settleNs, which lies between beforeNs and afterNs: exact however long the call took (no timing bound)
        final long leadNs = Warmup.DURATION_DEFAULT_NS + LocalShoot.START_DELAY_NS;
        final long latestNs = startEpochNs - beforeNs - leadNs;
        final long earliestNs = Math.max(0, startEpochNs - afterNs - leadNs);
        assertTrue(settleNs <= latestNs && settleNs >= earliestNs,
            "settle " + settleNs + " not in " + earliestNs + ".." + latestNs);
    }

    @Test
    void shouldNotSettleAtAllWhenTheStartIsTooClose()
    {
        assertEquals(0, LocalShoot.settleNs(epochNs() + SECOND_NS / 2));
        assertEquals(0, LocalShoot.settleNs(epochNs() - SECOND_NS));
    }

    @Test
    void shouldWarmUpForTheWholeLeastDurationWhenTheStartIsFarEnough()
    {
        assertEquals(Warmup.DURATION_DEFAULT_NS, LocalShoot.warmupNs(0));
        assertEquals(Warmup.DURATION_DEFAULT_NS, LocalShoot.warmupNs(epochNs() + 2 * SECOND_NS));
    }

    @Test
    void shouldCutTheWarmUpToEndBeforeANearFleetStart()
    {
        final long beforeNs = epochNs();
        final long startEpochNs = beforeNs + Warmup.DURATION_DEFAULT_NS / 2 + LocalShoot.START_DELAY_NS;

        final long warmupNs = LocalShoot.warmupNs(startEpochNs);
        final long afterNs = epochNs();

        // half the least duration, less the time from before to the clock read in warmupNs (between beforeNs and
        // afterNs): exact however long the call took
        final long latestNs = Warmup.DURATION_DEFAULT_NS / 2;
        final long earliestNs = Math.max(0, startEpochNs - afterNs - LocalShoot.START_DELAY_NS);
        assertTrue(warmupNs <= latestNs && warmupNs >= earliestNs,
            "warm-up " + warmupNs + " not in " + earliestNs + ".." + latestNs);
        assertEquals(0, LocalShoot.warmupNs(epochNs() + LocalShoot.START_DELAY_NS / 2));
        assertEquals(0, LocalShoot.warmupNs(epochNs() - SECOND_NS));
    }

    private static long epochNs()
    {
        return SystemEpochNanoClock.INSTANCE.nanoTime();
    }
}
