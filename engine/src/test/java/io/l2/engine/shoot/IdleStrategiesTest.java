package io.l2.engine.shoot;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleStrategiesTest
{
    @Test
    void shouldMakeEachStrategyWhenGivenItsAlias()
    {
        assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.of("spin"));
        assertInstanceOf(NoOpIdleStrategy.class, IdleStrategies.of("noop"));
        assertInstanceOf(YieldingIdleStrategy.class, IdleStrategies.of("yield"));
        assertInstanceOf(BackoffIdleStrategy.class, IdleStrategies.of("backoff"));
        assertInstanceOf(SleepingMillisIdleStrategy.class, IdleStrategies.of("sleep-ms"));
        assertInstanceOf(SleepingIdleStrategy.class, IdleStrategies.of("sleep-ns"));
        assertInstanceOf(DeadlineIdleStrategy.class, IdleStrategies.of("deadline"));
    }

    @Test
    void shouldBatchOverTheGivenWindowWhenTheDeadlineAliasCarriesOne()
    {
        assertTrue(IdleStrategies.of("deadline:5000").toString().contains("windowNs=5000"));
        assertTrue(IdleStrategies.of("deadline").toString().contains(
            "windowNs=" + DeadlineIdleStrategy.WINDOW_DEFAULT_NS));
    }

    @Test
    void shouldSpinToTheGivenHorizonWhenTheDeadlineAliasCarriesOne()
    {
        final DeadlineIdleStrategy given = (DeadlineIdleStrategy)IdleStrategies.of("deadline:50000:30000");
        assertTrue(given.toString().contains("windowNs=50000, spinNs=30000"), given.toString());
        assertEquals(30_000, given.spinHorizonNs());
        assertTrue(IdleStrategies.of("deadline:50000").toString().contains(
            "spinNs=" + DeadlineIdleStrategy.SPIN_DEFAULT));
    }

    @Test
    void shouldIdleByDeadlineWhenNothingIsChosen()
    {
        assertEquals("deadline", ShooterContext.IDLE_STRATEGY_DEFAULT);
        assertInstanceOf(DeadlineIdleStrategy.class, IdleStrategies.of(new ShooterContext().idleStrategy()));
    }

    @Test
    void shouldSleepForTheGivenAmountWhenTheAliasCarriesOne()
    {
        final IdleStrategy millis = IdleStrategies.of("sleep-ms:5");
        assertInstanceOf(SleepingMillisIdleStrategy.class, millis);
        assertTrue(millis.toString().contains("sleepPeriodMs=5"), millis.toString());
        final IdleStrategy nanos = IdleStrategies.of("sleep-ns:2000");
        assertInstanceOf(SleepingIdleStrategy.class, nanos);
        assertTrue(nanos.toString().contains("sleepPeriodNs=2000"), nanos.toString());
        assertTrue(IdleStrategies.of("sleep-ms").toString().contains("sleepPeriodMs=1"));
    }

    @Test
    void shouldMakeANewStrategyEachCallWhenStrategiesKeepState()
    {
        assertNotSame(IdleStrategies.of("backoff"), IdleStrategies.of("backoff"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "nap", "", "SPIN", "spin ", "back-off", "sleep", "sleep-ms:", "sleep-ms:0",
        "sleep-ms:-3", "sleep-ms:x", "sleep-ns:1.5", "spin:5", "backoff:10", "yield:1", "noop:2",
        "deadline:", "deadline:-1", "deadline:x", "Deadline", "deadline:5000:", "deadline:5000:0", "deadline:5000:x",
        "deadline::2000", "deadline:1:2:3", "sleep-ns:1:2" })
    void shouldRejectWithAOneLineMessageListingTheAliasesWhenTheAliasIsBad(final String alias)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> IdleStrategies.of(alias));
        assertTrue(ex.getMessage().contains("'" + alias + "'"), ex.getMessage());
        assertTrue(ex.getMessage().contains(IdleStrategies.ALIASES), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
    }

    @Test
    void shouldRejectWithTheAliasesWhenTheAliasIsNull()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> IdleStrategies.of(null));
        assertTrue(ex.getMessage().contains(IdleStrategies.ALIASES), ex.getMessage());
    }

    @Test
    void shouldListEveryAliasItAccepts()
    {
        assertEquals("deadline[:WINDOW_NS[:SPIN_NS]], spin, noop, yield, backoff, sleep-ms[:N], sleep-ns[:N]",
            IdleStrategies.ALIASES);
    }
}
