package io.l2.engine.shoot;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

class ShooterCountersTest
{
    @Test
    void shouldSumCountsButTakeTheMaximumLagWhenTotallingAgents()
    {
        final ShooterCounters first = new ShooterCounters();
        final ShooterCounters second = new ShooterCounters();
        first.add(ShooterCounter.SENT, 5);
        first.increment(ShooterCounter.SENT);
        second.add(ShooterCounter.SENT, 10);
        first.proposeMax(ShooterCounter.MAX_LAG_NS, 700);
        first.proposeMax(ShooterCounter.MAX_LAG_NS, 300);
        second.proposeMax(ShooterCounter.MAX_LAG_NS, 500);

        assertEquals(6, first.get(ShooterCounter.SENT));
        assertEquals(700, first.get(ShooterCounter.MAX_LAG_NS));
        assertEquals(16, ShooterCounters.total(ShooterCounter.SENT, List.of(first, second)));
        assertEquals(700, ShooterCounters.total(ShooterCounter.MAX_LAG_NS, List.of(first, second)));
        assertEquals(0, ShooterCounters.total(ShooterCounter.TIMEOUTS, List.of(first, second)));
    }

    @Test
    void shouldKeepEveryCounterApartWhenEachIsWritten()
    {
        final ShooterCounters counters = new ShooterCounters();
        final ShooterCounter[] all = ShooterCounters.counters();
        for (int i = 0; i < all.length; i++)
        {
            counters.add(all[i], i + 1);
        }
        for (int i = 0; i < all.length; i++)
        {
            assertEquals(i + 1, counters.get(all[i]), all[i].label());
        }
        assertNotSame(ShooterCounters.counters(), ShooterCounters.counters());
    }
}
