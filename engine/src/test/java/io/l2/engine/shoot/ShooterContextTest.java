package io.l2.engine.shoot;

import java.net.InetSocketAddress;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileBuilder;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.l2.engine.shoot.ShootFixtures.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShooterContextTest
{
    private static final long SECOND = 1000 * MS;

    private final AmmoTable ammo = ShootFixtures.ammo("h001.l2.test A", "h002.l2.test A");

    @AfterEach
    void tearDown()
    {
        ammo.close();
    }

    @Test
    void shouldSizeTheInFlightTableForTwiceThePeakInFlightPerWorkerWhenAsync()
    {
        final RateProfile thousand = new RateProfileBuilder().constant(1000, SECOND).build();
        assertEquals(512, ShooterContext.inFlightTableLength(thousand, 10, 2 * SECOND), "1000/10 rps * 2 s * 2 = 400");
        assertEquals(64, ShooterContext.inFlightTableLength(
            new RateProfileBuilder().constant(1, SECOND).build(), 10, SECOND), "at least 64");
        assertEquals(65536, ShooterContext.inFlightTableLength(
            new RateProfileBuilder().constant(1_000_000, SECOND).build(), 1, 2 * SECOND), "never over every id");

        final RateProfile ramp = new RateProfileBuilder().line(0, 10_000, SECOND).build();
        assertEquals(32768, ShooterContext.inFlightTableLength(ramp, 1, SECOND), "the peak at the ramp's end");
        final RateProfile spike = new RateProfileBuilder()
            .constant(100, SECOND).constant(20_000, 10 * MS).constant(100, SECOND).build();
        assertEquals(65536, ShooterContext.inFlightTableLength(spike, 1, 2 * SECOND), "a short spike is the peak");
    }

    @Test
    void shouldUseASmallTableWhenSyncAndTheDerivedOneWhenAsync()
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, SECOND).build();
        assertEquals(16, valid(profile).sync(true).conclude().inFlightTableLength());
        assertEquals(512, valid(profile).sync(false).workerCount(10).timeoutNs(2 * SECOND).conclude()
            .inFlightTableLength());
    }

    @Test
    void shouldTakeTheStartFromTheClockWhenNoneIsGiven()
    {
        final CachedNanoClock clock = new CachedNanoClock();
        clock.update(12_345);
        final RateProfile profile = new RateProfileBuilder().constant(1000, SECOND).build();
        assertEquals(12_345, valid(profile).clock(clock).conclude().startNs());
        assertEquals(7, valid(profile).clock(clock).startNs(7).conclude().startNs());
    }

    @Test
    void shouldNameTheWrongSettingWhenConcludeFails()
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, SECOND).build();
        assertMessage("target", valid(profile).target(null));
        assertMessage("target", valid(profile).target(InetSocketAddress.createUnresolved("nowhere.invalid", 53)));
        assertMessage("ammo", valid(profile).ammo(null));
        assertMessage("ammo offset", valid(profile).ammoOffset(2));
        assertMessage("ammo offset", valid(profile).ammoOffset(-1));
        assertMessage("profile", valid(profile).profile(null));
        assertMessage("workers", valid(profile).workerCount(0));
        assertMessage("threads", valid(profile).threadCount(3).workerCount(2));
        assertMessage("threads", valid(profile).threadCount(0));
        assertMessage("timeout", valid(profile).timeoutNs(0));
        assertMessage("late tolerance", valid(profile).lateToleranceNs(-1));
        assertMessage("sink", valid(profile).sinkFactory(null));
        assertMessage("idle strategy", valid(profile).idleStrategy("nap"));
    }

    private ShooterContext valid(final RateProfile profile)
    {
        return new ShooterContext()
            .target(ShootFixtures.loopback(53))
            .ammo(ammo)
            .profile(profile)
            .sinkFactory((t) -> new CapturingSink(1));
    }

    private static void assertMessage(final String expected, final ShooterContext context)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, context::conclude);
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
        assertTrue(!ex.getMessage().contains("\n"), "one line: " + ex.getMessage());
    }
}
