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
        final long settleNs = LocalShoot.settleNs(epochNs() + 2 * SECOND_NS);

        // 2 s less the warm-up's least duration and the start delay, less the few µs this test took
        final long boundNs = 2 * SECOND_NS - Warmup.DURATION_DEFAULT_NS - LocalShoot.START_DELAY_NS;
        assertTrue(settleNs <= boundNs && settleNs > boundNs - SECOND_NS / 2, "settle " + settleNs);
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
        final long startEpochNs = epochNs() + Warmup.DURATION_DEFAULT_NS / 2 + LocalShoot.START_DELAY_NS;

        final long warmupNs = LocalShoot.warmupNs(startEpochNs);

        final long boundNs = Warmup.DURATION_DEFAULT_NS / 2;
        assertTrue(warmupNs <= boundNs && warmupNs > boundNs - SECOND_NS / 10, "warm-up " + warmupNs);
        assertEquals(0, LocalShoot.warmupNs(epochNs() + LocalShoot.START_DELAY_NS / 2));
        assertEquals(0, LocalShoot.warmupNs(epochNs() - SECOND_NS));
    }

    private static long epochNs()
    {
        return SystemEpochNanoClock.INSTANCE.nanoTime();
    }
}
