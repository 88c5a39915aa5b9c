package io.l2.engine.shoot;

import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.record.Outcome;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.l2.engine.shoot.ShootFixtures.MS;
import static io.l2.engine.shoot.ShootFixtures.await;
import static io.l2.engine.shoot.ShooterCounter.ANSWERED;
import static io.l2.engine.shoot.ShooterCounter.DISCARDED;
import static io.l2.engine.shoot.ShooterCounter.DUPLICATES;
import static io.l2.engine.shoot.ShooterCounter.LATE_RESPONSES;
import static io.l2.engine.shoot.ShooterCounter.MALFORMED;
import static io.l2.engine.shoot.ShooterCounter.SENT;
import static io.l2.engine.shoot.ShooterCounter.TIMEOUTS;
import static io.l2.engine.shoot.ShooterCounter.UNDECODABLE;
import static io.l2.engine.shoot.ShooterCounter.UNMATCHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole shooter (agent threads) against targets that misbehave, stay silent or cannot be kept up with: every
 * anomaly is counted where it belongs, nothing throws, every query resolves once, and the shoot ends. Tagged 'timing':
 * whether an answer counts as answered or late depends on the real clock (an answer within the timeout, a late one a
 * second after it), so the class runs in a JVM of its own.
 */
@Tag("timing")
class ShooterBadTargetTest
{
    private final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
    private AmmoTable ammo;

    @BeforeEach
    void setUp()
    {
        ammo = ShootFixtures.ammo("h001.l2.test A", "h002.l2.test AAAA", "nothere.l2.test A");
    }

    @AfterEach
    void tearDown()
    {
        ammo.close();
    }

    @Test
    void shouldCountEachMisbehaviourAndEndWhenTheTargetMisbehaves() throws Exception
    {
        final RateProfile profile = new RateProfileBuilder().constant(500, 100 * MS).build();
        final long perKind = profile.totalCount() / MisbehavingTarget.KIND_COUNT;
        // a good answer goes back at once and a late one 1.5 s after the query: the shooter (or the target) would
        // have to be stalled for 500 ms to time out a good answer, or for a second to take a late one as on time
        try (MisbehavingTarget target = new MisbehavingTarget(1500 * MS);
            Shooter shooter = Shooter.launch(context(profile, 2).target(target.address()).timeoutNs(500 * MS)))
        {
            await("the shoot to end", shooter::isDone);
            await("the late answers", () -> shooter.counter(LATE_RESPONSES) == perKind);
            assertNull(shooter.firstError());
            assertNull(target.failure());
            assertEquals(profile.totalCount(), target.received());

            assertEquals(profile.totalCount(), shooter.counter(SENT));
            assertEquals(2 * perKind, shooter.counter(ANSWERED));
            assertEquals(perKind, shooter.counter(DUPLICATES));
            assertEquals(perKind, shooter.counter(UNMATCHED));
            assertEquals(perKind, shooter.counter(MALFORMED));
            assertEquals(perKind, shooter.counter(UNDECODABLE));
            assertEquals(2 * perKind, shooter.counter(TIMEOUTS));
            assertEquals(0, shooter.counter(DISCARDED));

            assertEquals(profile.totalCount(), ShootFixtures.sum(sinks, Outcome.ANSWERED) +
                ShootFixtures.sum(sinks, Outcome.MALFORMED) + ShootFixtures.sum(sinks, Outcome.TIMEOUT));
            assertEquals(2 * perKind, ShootFixtures.sum(sinks, Outcome.ANSWERED));
            assertEquals(perKind, ShootFixtures.sum(sinks, Outcome.MALFORMED));
        }
    }

    @Test
    void shouldTimeOutEverythingAndReportDoneOnlyAfterTheLastTimeoutWhenTheTargetIsSilent() throws Exception
    {
        final CachedNanoClock clock = new CachedNanoClock();
        clock.update(900 * MS); // before the start: nothing is due until the test moves the clock to 100 ms in
        final RateProfile profile = new RateProfileBuilder().constant(100, 100 * MS).build();
        try (DatagramChannel silent = ShootFixtures.silentTarget();
            Shooter shooter = Shooter.launch(context(profile, 2)
                .target(ShootFixtures.addressOf(silent))
                .clock(clock)
                .startNs(1_000 * MS)
                .timeoutNs(300 * MS)))
        {
            clock.update(1_000 * MS + 100 * MS);
            await("every query sent", () -> 10 == shooter.counter(SENT));
            clock.update(1_000 * MS + 100 * MS + 300 * MS - 1);
            final long sentAfterNs = System.nanoTime();
            await("a duty cycle after the clock moved", () -> shooter.counter(ShooterCounter.MAX_LAG_NS) > 0 &&
                System.nanoTime() - sentAfterNs > 20 * MS);
            assertEquals(0, shooter.counter(TIMEOUTS));
            assertFalse(shooter.isDone());

            clock.update(1_000 * MS + 100 * MS + 300 * MS);
            await("the shoot to end", shooter::isDone);
            assertEquals(10, shooter.counter(TIMEOUTS));
            assertEquals(10, ShootFixtures.sum(sinks, Outcome.TIMEOUT));
            for (final CapturingSink sink : sinks)
            {
                for (int r = 0; r < sink.count(); r++)
                {
                    assertEquals(100 * MS, sink.sentNs[r], "sent when the clock said so");
                    assertEquals(-1, sink.receivedNs[r]);
                }
            }
        }
    }

    @Test
    void shouldDiscardAndStillAccountForEveryQueryWhenTheBoxCannotFollowTheProfile() throws Exception
    {
        final RateProfile profile = new RateProfileBuilder().constant(50_000, 100 * MS).build();
        try (DatagramChannel silent = ShootFixtures.silentTarget();
            Shooter shooter = Shooter.launch(context(profile, 1)
                .target(ShootFixtures.addressOf(silent))
                .sync(true)
                .discardLate(true)
                .timeoutNs(100 * MS)))
        {
            await("the shoot to end", shooter::isDone);
            assertTrue(shooter.counter(DISCARDED) > 0);
            assertEquals(profile.totalCount(), shooter.counter(SENT) + shooter.counter(DISCARDED));
            assertEquals(shooter.counter(SENT), shooter.counter(TIMEOUTS));
            assertEquals(profile.totalCount(), sinks.get(0).count());
        }
    }

    @Test
    void shouldEndOneTimeoutAfterTheProfileWhenLateIsSendAndTheTargetIsSilent() throws Exception
    {
        final RateProfile profile = new RateProfileBuilder().constant(50_000, 100 * MS).build();
        try (DatagramChannel silent = ShootFixtures.silentTarget();
            Shooter shooter = Shooter.launch(context(profile, 1)
                .target(ShootFixtures.addressOf(silent))
                .sync(true)
                .timeoutNs(50 * MS)))
        {
            await("the shoot to end", shooter::isDone);
            assertTrue(shooter.counter(DISCARDED) > 0);
            assertEquals(profile.totalCount(), shooter.counter(SENT) + shooter.counter(DISCARDED));
            assertEquals(shooter.counter(SENT), shooter.counter(TIMEOUTS));
            assertEquals(profile.totalCount(), sinks.get(0).count());
        }
    }

    @Test
    void shouldStopSendingAndEndOnceInFlightQueriesResolveWhenAborted() throws Exception
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 10_000 * MS).build();
        try (DatagramChannel silent = ShootFixtures.silentTarget();
            Shooter shooter = Shooter.launch(context(profile, 2)
                .target(ShootFixtures.addressOf(silent))
                .threadCount(2)
                .timeoutNs(100 * MS)))
        {
            await("some queries sent", () -> shooter.counter(SENT) >= 10);
            shooter.abort();
            await("the shoot to end", shooter::isDone);
            final long sent = shooter.counter(SENT);
            assertTrue(sent < profile.totalCount());
            assertEquals(sent, shooter.counter(TIMEOUTS));
            assertEquals(0, shooter.counter(DISCARDED));
            assertEquals(sent, ShootFixtures.sum(sinks, Outcome.TIMEOUT));
        }
    }

    private ShooterContext context(final RateProfile profile, final int workerCount)
    {
        return new ShooterContext()
            .ammo(ammo)
            .profile(profile)
            .workerCount(workerCount)
            .idleStrategy("backoff")
            .socketBufferLength(0)
            .sinkFactory((t) ->
            {
                final CapturingSink sink = new CapturingSink((int)profile.totalCount() + 1);
                sinks.add(sink);
                return sink;
            });
    }
}
