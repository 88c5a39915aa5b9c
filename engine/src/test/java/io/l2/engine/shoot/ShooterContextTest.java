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
    void shouldSizeTheInFlightTableForTwiceThePeakInFlightPerSocket()
    {
        assertEquals(512, ShooterContext.inFlightTableLength(2000, 10), "2000 / 10 sockets * 2 = 400");
        assertEquals(64, ShooterContext.inFlightTableLength(1, 10), "at least 64");
        assertEquals(65536, ShooterContext.inFlightTableLength(2_000_000, 1), "never over every id");

        final RateProfile ramp = new RateProfileBuilder().line(0, 10_000, SECOND).build();
        assertEquals(10_000, ShooterContext.peakRate(ramp), 1, "the peak at the ramp's end");
        final RateProfile spike = new RateProfileBuilder()
            .constant(100, SECOND).constant(20_000, 10 * MS).constant(100, SECOND).build();
        assertEquals(20_000, ShooterContext.peakRate(spike), 1, "a short spike is the peak");
    }

    @Test
    void shouldSpreadWorkersOverAFewSocketsPerThreadAndSizeTheirTables()
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, SECOND).build();
        final ShooterContext sync = valid(profile).sync(true).workerCount(1000).threadCount(2).conclude();
        assertEquals(2 * ShooterContext.SOCKETS_PER_THREAD_DEFAULT, sync.socketCount(), "a few sockets per thread");
        assertEquals(256, sync.inFlightTableLength(), "1000 workers / 8 sockets * 2 = 250");
        assertEquals(2, valid(profile).sync(true).workerCount(2).conclude().socketCount(), "none without a worker");
        assertEquals(64, valid(profile).sync(true).workerCount(2).conclude().inFlightTableLength());

        final ShooterContext async = valid(profile).sync(false).workerCount(10).timeoutNs(2 * SECOND).conclude();
        assertEquals(ShooterContext.SOCKETS_PER_THREAD_DEFAULT, async.socketCount());
        assertEquals(1024, async.inFlightTableLength(), "1000 rps * 2 s / 4 sockets * 2 = 1000");

        final RateProfile fast = new RateProfileBuilder().constant(1_000_000, SECOND).build();
        final ShooterContext many = valid(fast).sync(false).timeoutNs(2 * SECOND).conclude();
        assertEquals(62, many.socketCount(), "2M in flight * 2 / 65536 ids per socket");
        assertEquals(65536, many.inFlightTableLength());
        assertEquals(3, valid(profile).socketCount(3).conclude().socketCount(), "as asked");
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
        assertMessage("sockets", valid(profile).threadCount(2).workerCount(2).socketCount(1));
        assertMessage("sockets", valid(profile).socketCount(ShooterContext.SOCKETS_MAX + 1));
        assertMessage("threads", valid(profile).threadCount(0));
        assertMessage("timeout", valid(profile).timeoutNs(0));
        assertMessage("late tolerance", valid(profile).lateToleranceNs(-1));
        assertMessage("sink", valid(profile).sinkFactory(null));
        assertMessage("idle strategy", valid(profile).idleStrategy("nap"));
        assertMessage("queries per connection", valid(profile).queriesPerConnection(10));
        assertMessage("queries per connection", valid(profile).transport(Transport.TCP).queriesPerConnection(-1));
        assertEquals(10, valid(profile).transport(Transport.TCP).queriesPerConnection(10).conclude()
            .queriesPerConnection());
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
