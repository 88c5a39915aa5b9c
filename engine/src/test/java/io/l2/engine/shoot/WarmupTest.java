/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.net.InetSocketAddress;
import java.util.Set;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.profile.RateProfileBuilder;
import org.junit.jupiter.api.Test;

import static io.l2.engine.shoot.ShootFixtures.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class WarmupTest
{
    @Test
    void shouldShootOnlyTheInProcessReflectorAndLeaveNothingRunningWhenWarmingUp() throws Exception
    {
        try (AmmoTable ammo = ShootFixtures.ammo("h001.l2.test A", "nx.l2.test AAAA"))
        {
            final ShooterContext context = new ShooterContext()
                .target(ShootFixtures.loopback(9))
                .ammo(ammo)
                .profile(new RateProfileBuilder().constant(1000, 1000 * MS).build())
                .workerCount(4)
                .threadCount(2)
                .sinkFactory((t) -> (a, b, c, d, e, f, g, h, i, j, k, l) ->
                {
                    throw new AssertionError("the real shoot's sink must not see the warm-up");
                });

            final long reflected = Warmup.run(context, 5_000, 200 * MS);

            assertEquals(1_000, reflected, "const(5000, 200ms) is 1000 queries, every one reflected");
            final Set<Thread> threads = Thread.getAllStackTraces().keySet();
            assertFalse(threads.stream().anyMatch((thread) -> thread.getName().startsWith("l2-shooter") ||
                thread.getName().startsWith("l2-warmup")), "threads left: " + threads);
            assertEquals(new InetSocketAddress("127.0.0.1", 9), context.target(), "the real target is untouched");
        }
    }
}
