package io.l2.engine.shoot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.record.Outcome;
import io.l2.engine.responder.Responder;
import io.l2.engine.responder.ZoneAnswers;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

import static io.l2.engine.shoot.ShootFixtures.MS;
import static io.l2.engine.shoot.ShooterCounter.ANSWERED;
import static io.l2.engine.shoot.ShooterCounter.DISCARDED;
import static io.l2.engine.shoot.ShooterCounter.DUPLICATES;
import static io.l2.engine.shoot.ShooterCounter.LATE_RESPONSES;
import static io.l2.engine.shoot.ShooterCounter.MALFORMED;
import static io.l2.engine.shoot.ShooterCounter.NO_FREE_ID;
import static io.l2.engine.shoot.ShooterCounter.RECEIVE_ERRORS;
import static io.l2.engine.shoot.ShooterCounter.RECORD_DROPS;
import static io.l2.engine.shoot.ShooterCounter.SEND_ERRORS;
import static io.l2.engine.shoot.ShooterCounter.SENT;
import static io.l2.engine.shoot.ShooterCounter.TIMEOUTS;
import static io.l2.engine.shoot.ShooterCounter.UNDECODABLE;
import static io.l2.engine.shoot.ShooterCounter.UNMATCHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One {@link ShooterAgent} driven on the test thread with a clock moved by hand, against a target the test
 * controls datagram by datagram: every outcome and counter is exact.
 */
class ShooterAgentTest
{
    private final CachedNanoClock clock = new CachedNanoClock();
    private AmmoTable ammo;

    @BeforeEach
    void setUp()
    {
        clock.update(0);
        ammo = ShootFixtures.ammo("h001.l2.test A", "h002.l2.test A");
    }

    @AfterEach
    void tearDown()
    {
        ammo.close();
    }

    @Test
    void shouldCountEveryMisbehaviourAndResolveEachQueryOnceWhenTheTargetMisbehaves() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 5 * MS).build();
        final CapturingSink sink = new CapturingSink(16);
        try (FakeTarget target = new FakeTarget())
        {
            final ShooterAgent agent = builder(target.address(), profile, sink).timeoutNs(50 * MS).build();
            try
            {
                clock.update(4 * MS);
                agent.doWork();
                assertEquals(5, agent.counters().get(SENT));
                final Message[] queries = new Message[5];
                final Set<Integer> ids = new HashSet<>();
                for (int i = 0; i < queries.length; i++)
                {
                    queries[i] = target.receiveQuery();
                    ids.add(queries[i].getHeader().getID());
                }
                assertEquals(5, ids.size(), "ids of queries in flight must differ");

                target.send(FakeTarget.answer(queries[0], queries[0].getHeader().getID() ^ 0x0100, Rcode.NOERROR));
                target.send(FakeTarget.answer(queries[0], Rcode.NOERROR));
                target.send(FakeTarget.answer(queries[0], Rcode.NOERROR));
                target.send(FakeTarget.answerToAnotherQuestion(queries[1]));
                target.send(new byte[]{ 1, 2, 3, 4, 5 });
                target.send(FakeTarget.answer(queries[2], Rcode.SERVFAIL));
                target.send(FakeTarget.headerWithoutQuestion(queries[4]));
                drive(agent, () -> 1 == get(agent, UNMATCHED) && 2 == get(agent, ANSWERED) &&
                    1 == get(agent, DUPLICATES) && 2 == get(agent, MALFORMED) && 1 == get(agent, UNDECODABLE));
                assertEquals(0, get(agent, TIMEOUTS));
                assertFalse(agent.isDone(), "query 3 is still in flight");

                clock.update(4 * MS + 50 * MS - 1);
                agent.doWork();
                assertEquals(0, get(agent, TIMEOUTS));
                assertFalse(agent.isDone());

                clock.update(4 * MS + 50 * MS);
                agent.doWork();
                assertEquals(1, get(agent, TIMEOUTS));
                assertTrue(agent.isDone());

                target.send(FakeTarget.answer(queries[3], Rcode.NOERROR));
                drive(agent, () -> 1 == get(agent, LATE_RESPONSES));

                assertEquals(1, get(agent, ANSWERED) + get(agent, MALFORMED) + get(agent, TIMEOUTS) - 4);
                assertEquals(5, sink.count());
                assertEquals(2, sink.countOf(Outcome.ANSWERED));
                assertEquals(2, sink.countOf(Outcome.MALFORMED));
                assertEquals(1, sink.countOf(Outcome.TIMEOUT));
                assertEquals(0, get(agent, RECEIVE_ERRORS) + get(agent, RECORD_DROPS));
                final Set<Integer> recordedIds = new HashSet<>();
                for (int r = 0; r < sink.count(); r++)
                {
                    recordedIds.add(sink.queryId[r]);
                    final int id = sink.queryId[r];
                    final int expectedOutcome = id == queries[3].getHeader().getID() ? Outcome.TIMEOUT :
                        id == queries[1].getHeader().getID() || id == queries[4].getHeader().getID() ?
                        Outcome.MALFORMED : Outcome.ANSWERED;
                    assertEquals(expectedOutcome, sink.outcome[r], "query id " + id);
                    if (id == queries[2].getHeader().getID())
                    {
                        assertEquals(Rcode.SERVFAIL, sink.rcode[r]);
                    }
                    if (Outcome.TIMEOUT == sink.outcome[r])
                    {
                        assertEquals(-1, sink.receivedNs[r]);
                        assertEquals(4 * MS, sink.sentNs[r]);
                    }
                }
                assertEquals(ids, recordedIds, "each query resolves exactly once");
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    @Test
    void shouldTellTheIdleStrategyTheNextIntendedSendWhenItIdlesByDeadline() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(100, 30 * MS).build();
        final CapturingSink sink = new CapturingSink(16);
        final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(0).clock(clock);
        try (DatagramChannel silent = ShootFixtures.silentTarget())
        {
            final ShooterAgent agent = builder(ShootFixtures.addressOf(silent), profile, sink)
                .workerCount(1)
                .timeoutNs(5 * MS)
                .clock(clock, 7 * MS)
                .build();
            agent.deadlineIdle(idle);
            try
            {
                clock.update(7 * MS);
                agent.doWork();
                assertEquals(1, get(agent, SENT));
                assertEquals(17 * MS, idle.deadlineNs(), "the second query, on the clock");
                assertTrue(idle.awaitingResponses(), "the first is in flight");

                clock.update(13 * MS);
                agent.doWork();
                assertEquals(17 * MS, idle.deadlineNs());
                assertFalse(idle.awaitingResponses(), "the first timed out");

                agent.abort();
                agent.doWork();
                assertEquals(DeadlineIdleStrategy.NO_DEADLINE, idle.deadlineNs(), "nothing more to send");
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    @Test
    void shouldSetNoDeadlineWhileEveryWorkerIsBusyWhenSync() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 30 * MS).build();
        final CapturingSink sink = new CapturingSink(16);
        final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(0).clock(clock);
        try (DatagramChannel silent = ShootFixtures.silentTarget())
        {
            final ShooterAgent agent = builder(ShootFixtures.addressOf(silent), profile, sink)
                .workerCount(1)
                .sync(true)
                .timeoutNs(5 * MS)
                .build();
            agent.deadlineIdle(idle);
            try
            {
                clock.update(3 * MS);
                agent.doWork();
                assertEquals(1, get(agent, SENT), "one worker: one query in flight");
                assertEquals(DeadlineIdleStrategy.NO_DEADLINE, idle.deadlineNs(), "due, but no worker is free");
                assertTrue(idle.awaitingResponses());
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    @Test
    void shouldTimeOutEachQueryExactlyOneTimeoutAfterItWasSentWhenTheTargetIsSilent() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(100, 100 * MS).build();
        final CapturingSink sink = new CapturingSink(16);
        try (DatagramChannel silent = ShootFixtures.silentTarget())
        {
            final ShooterAgent agent = builder(ShootFixtures.addressOf(silent), profile, sink)
                .workerCount(2)
                .timeoutNs(50 * MS)
                .build();
            try
            {
                long doneAtNs = -1;
                for (long t = 0; t <= 200 * MS; t += MS)
                {
                    clock.update(t);
                    agent.doWork();
                    final long dueTimeouts = Math.min(10, Math.max(0, Math.floorDiv(t - 50 * MS, 10 * MS) + 1));
                    assertEquals(dueTimeouts, get(agent, TIMEOUTS), "timeouts at " + t + " ns");
                    if (agent.isDone() && doneAtNs < 0)
                    {
                        doneAtNs = t;
                    }
                }
                assertEquals(140 * MS, doneAtNs, "done right after the last timeout (sent at 90 ms)");
                assertEquals(10, get(agent, SENT));
                assertEquals(10, sink.count());
                for (int r = 0; r < sink.count(); r++)
                {
                    assertEquals(Outcome.TIMEOUT, sink.outcome[r]);
                    assertEquals(r * 10 * MS, sink.intendedNs[r]);
                    assertEquals(r * 10 * MS, sink.sentNs[r]);
                    assertEquals(-1, sink.receivedNs[r]);
                    assertEquals(r % 2, sink.worker[r], "round robin over the workers");
                }
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    @Test
    void shouldDiscardWhatIsLaterThanTheToleranceWhenLateIsDiscard() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 100 * MS).build();
        final CapturingSink sink = new CapturingSink(128);
        try (DatagramChannel silent = ShootFixtures.silentTarget())
        {
            final ShooterAgent agent = builder(ShootFixtures.addressOf(silent), profile, sink)
                .sync(true)
                .timeoutNs(20 * MS)
                .discardLate(true, MS)
                .build();
            try
            {
                for (long t = 0; t <= 200 * MS && !agent.isDone(); t += MS)
                {
                    clock.update(t);
                    agent.doWork();
                }
                assertTrue(agent.isDone());
                final long sent = get(agent, SENT);
                final long discarded = get(agent, DISCARDED);
                assertTrue(discarded > 0, "a closed model with a silent target cannot follow 1000 rps");
                assertTrue(sent >= 4, "one query per timeout at least: " + sent);
                assertEquals(profile.totalCount(), sent + discarded);
                assertEquals(sent, get(agent, TIMEOUTS));
                assertEquals(profile.totalCount(), sink.count());
                assertEquals(discarded, sink.countOf(Outcome.DISCARDED));
                for (int r = 0; r < sink.count(); r++)
                {
                    if (Outcome.DISCARDED == sink.outcome[r])
                    {
                        assertEquals(-1, sink.sentNs[r]);
                        assertEquals(-1, sink.worker[r]);
                    }
                    else
                    {
                        assertTrue(sink.sentNs[r] - sink.intendedNs[r] <= MS, "sent later than the tolerance");
                    }
                }
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    @Test
    void shouldDiscardWhatIsUnsentOneTimeoutAfterTheProfileEndsWhenLateIsSend() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 100 * MS).build();
        final CapturingSink sink = new CapturingSink(128);
        final long timeoutNs = 30 * MS;
        try (DatagramChannel silent = ShootFixtures.silentTarget())
        {
            final ShooterAgent agent = builder(ShootFixtures.addressOf(silent), profile, sink)
                .sync(true)
                .timeoutNs(timeoutNs)
                .build();
            try
            {
                long t = 0;
                long lastSentNs = -1;
                for (; t <= profile.durationNs() + timeoutNs; t += MS)
                {
                    clock.update(t);
                    final long sentBefore = get(agent, SENT);
                    agent.doWork();
                    lastSentNs = get(agent, SENT) > sentBefore ? t : lastSentNs;
                    assertEquals(0, get(agent, DISCARDED), "nothing is discarded before the give-up time");
                }
                final long sentBeforeGiveUp = get(agent, SENT);
                assertTrue(sentBeforeGiveUp >= 4 && sentBeforeGiveUp < 10, "one per timeout: " + sentBeforeGiveUp);

                clock.update(t);
                agent.doWork();
                assertEquals(sentBeforeGiveUp, get(agent, SENT));
                assertEquals(profile.totalCount() - sentBeforeGiveUp, get(agent, DISCARDED));
                assertFalse(agent.isDone(), "the last query sent is still in flight");

                for (; t < lastSentNs + timeoutNs; t += MS)
                {
                    clock.update(t);
                    agent.doWork();
                    assertFalse(agent.isDone());
                }
                clock.update(lastSentNs + timeoutNs);
                agent.doWork();
                assertTrue(agent.isDone());
                assertEquals(profile.totalCount(), get(agent, SENT) + get(agent, DISCARDED));
                assertEquals(get(agent, SENT), get(agent, TIMEOUTS));
                assertEquals(profile.totalCount(), sink.count());
                assertTrue(get(agent, NO_FREE_ID) > 0, "the closed model waited for its worker");
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    @Test
    void shouldCountNoFreeIdOncePerStalledQueryWhenTheWorkersIdsAreExhausted() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1_000_000, MS).build();
        final CapturingSink sink = new CapturingSink(2048);
        try (DatagramChannel silent = ShootFixtures.silentTarget())
        {
            final ShooterAgent agent = builder(ShootFixtures.addressOf(silent), profile, sink)
                .tableLength(64)
                .timeoutNs(10 * MS)
                .build();
            try
            {
                clock.update(MS);
                for (int i = 0; i < 5; i++)
                {
                    agent.doWork();
                }
                assertEquals(64, get(agent, SENT), "a 64-slot table holds 64 queries in flight");
                assertEquals(1, get(agent, NO_FREE_ID), "the stall is counted once for the query that waits");

                for (long t = 2 * MS; t <= 30 * MS && !agent.isDone(); t += MS)
                {
                    clock.update(t);
                    for (int i = 0; i < 8; i++)
                    {
                        agent.doWork();
                    }
                }
                assertTrue(agent.isDone());
                assertEquals(1000, get(agent, SENT) + get(agent, DISCARDED));
                assertEquals(get(agent, SENT), get(agent, TIMEOUTS));
                assertEquals(1000, sink.count());
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    @Test
    void shouldStopSendingButResolveWhatIsInFlightWhenAborted() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 100 * MS).build();
        final CapturingSink sink = new CapturingSink(128);
        try (DatagramChannel silent = ShootFixtures.silentTarget())
        {
            final ShooterAgent agent = builder(ShootFixtures.addressOf(silent), profile, sink)
                .workerCount(2)
                .timeoutNs(20 * MS)
                .build();
            try
            {
                clock.update(9 * MS);
                agent.doWork();
                assertEquals(10, get(agent, SENT));
                agent.abort();
                clock.update(20 * MS);
                agent.doWork();
                assertEquals(10, get(agent, SENT));
                assertFalse(agent.isDone());
                clock.update(29 * MS);
                agent.doWork();
                assertTrue(agent.isDone());
                assertEquals(10, get(agent, TIMEOUTS));
                assertEquals(0, get(agent, DISCARDED));
                assertEquals(10, sink.count());
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    @Test
    void shouldCountReceiveErrorsAndStillTimeOutWhenNothingListensOnTheTargetPort() throws IOException
    {
        final InetSocketAddress closed;
        try (DatagramChannel gone = ShootFixtures.silentTarget())
        {
            closed = ShootFixtures.addressOf(gone);
        }
        final RateProfile profile = new RateProfileBuilder().constant(1000, 3 * MS).build();
        final CapturingSink sink = new CapturingSink(8);
        final ShooterAgent agent = builder(closed, profile, sink).timeoutNs(10 * MS).socketNumbering(5, 7).build();
        try
        {
            clock.update(2 * MS);
            agent.doWork();
            drive(agent, () -> get(agent, RECEIVE_ERRORS) > 0);
            clock.update(12 * MS);
            agent.doWork();
            assertTrue(agent.isDone());
            assertEquals(3, get(agent, SENT) + get(agent, SEND_ERRORS));
            assertEquals(get(agent, SENT), get(agent, TIMEOUTS));
            assertEquals(get(agent, SEND_ERRORS), sink.countOf(Outcome.SEND_ERROR));
            assertEquals(3, sink.count());
            for (int r = 0; r < sink.count(); r++)
            {
                assertEquals(5, sink.worker[r], "the worker's number, whatever the outcome");
            }
        }
        finally
        {
            agent.onClose();
        }
    }

    @Test
    void shouldCountRecordDropsWhenTheSinkIsFull() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 5 * MS).build();
        final CapturingSink sink = new CapturingSink(3);
        try (DatagramChannel silent = ShootFixtures.silentTarget())
        {
            final ShooterAgent agent = builder(ShootFixtures.addressOf(silent), profile, sink)
                .timeoutNs(10 * MS)
                .build();
            try
            {
                clock.update(4 * MS);
                agent.doWork();
                clock.update(14 * MS);
                agent.doWork();
                assertTrue(agent.isDone());
                assertEquals(5, get(agent, TIMEOUTS));
                assertEquals(3, sink.count());
                assertEquals(2, get(agent, RECORD_DROPS));
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    @Test
    void shouldStartAtTheAmmoOffsetAndCycleWhenTheProfileOutrunsTheAmmo() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 7 * MS).build();
        final CapturingSink sink = new CapturingSink(8);
        try (AmmoTable three = ShootFixtures.ammo("a.l2.test A", "b.l2.test AAAA", "c.l2.test TXT");
            DatagramChannel silent = ShootFixtures.silentTarget())
        {
            final ShooterAgent agent = builder(ShootFixtures.addressOf(silent), profile, sink)
                .ammo(three)
                .ammoOffset(2)
                .timeoutNs(MS)
                .build();
            try
            {
                clock.update(6 * MS);
                agent.doWork();
                clock.update(7 * MS);
                agent.doWork();
                assertTrue(agent.isDone());
                final int[] expectedAmmo = { 2, 0, 1, 2, 0, 1, 2 };
                final int[] expectedQtype = { 16, 1, 28, 16, 1, 28, 16 };
                assertEquals(7, sink.count());
                for (int r = 0; r < 7; r++)
                {
                    assertEquals(expectedAmmo[r], sink.ammoIndex[r], "record " + r);
                    assertEquals(expectedQtype[r], sink.qtype[r], "record " + r);
                }
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    @Test
    void shouldMatchEveryAnswerWhenIdsWrapAndSlotsAreReused() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(20_000, 10 * MS).build();
        final CapturingSink sink = new CapturingSink(256);
        final ZoneAnswers zone = ZoneAnswers.load(ShootFixtures.EXAMPLE_ZONE, null);
        try (Responder responder = Responder.launch(ShootFixtures.loopback(0), zone, "backoff"))
        {
            final ShooterAgent agent = builder(responder.address(), profile, sink)
                .clock(SystemNanoClock.INSTANCE, System.nanoTime())
                .idBase(0xFFC0)
                .tableLength(64)
                .timeoutNs(5_000 * MS)
                .build();
            try
            {
                drive(agent, agent::isDone);
                assertEquals(200, get(agent, ANSWERED));
                assertEquals(0, get(agent, UNMATCHED) + get(agent, DUPLICATES) + get(agent, LATE_RESPONSES));
                final Set<Integer> ids = new HashSet<>();
                for (int r = 0; r < sink.count(); r++)
                {
                    assertEquals(Outcome.ANSWERED, sink.outcome[r]);
                    ids.add(sink.queryId[r]);
                }
                assertEquals(200, ids.size(), "200 consecutive ids");
                assertTrue(ids.contains(0xFFFF) && ids.contains(0) && ids.contains(0x87), "from 0xFFC0 over 0");
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    private ShootFixtures.AgentBuilder builder(
        final InetSocketAddress target, final RateProfile profile, final CapturingSink sink)
    {
        return new ShootFixtures.AgentBuilder()
            .target(target)
            .ammo(ammo)
            .profile(profile)
            .clock(clock, 0)
            .sink(sink);
    }

    private static long get(final ShooterAgent agent, final ShooterCounter counter)
    {
        return agent.counters().get(counter);
    }

    private static void drive(final ShooterAgent agent, final BooleanSupplier condition)
    {
        ShootFixtures.await("the agent to read what the target sent", () ->
        {
            agent.doWork();
            return condition.getAsBoolean();
        });
    }
}
