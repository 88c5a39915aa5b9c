/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.record.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.l2.engine.shoot.ShootFixtures.MS;
import static io.l2.engine.shoot.ShootFixtures.await;
import static io.l2.engine.shoot.ShootFixtures.describe;
import static io.l2.engine.shoot.ShootFixtures.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shooter on TCP ({@link Transport#TCP}) against {@link TcpTestServer}: pipelined queries answered out of order,
 * one query at a time per connection when not pipelined, a server that closes connections after a few answers (every
 * query still recorded, the connections made again), a new connection every so many queries (client churn), and a
 * port where nothing listens.
 */
class ShooterTcpTest
{
    private static final String[] AMMO_LINES = { "h001.l2.test A", "h002.l2.test AAAA", "nothere.l2.test A" };

    private static AmmoTable ammo;

    @BeforeAll
    static void loadAmmo()
    {
        ammo = ShootFixtures.ammo(AMMO_LINES);
    }

    @AfterAll
    static void freeAmmo()
    {
        ammo.close();
    }

    @Test
    void shouldAnswerEveryQueryOnPipelinedConnectionsWhateverTheOrderOfTheAnswers() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(4000, 300 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (TcpTestServer server = new TcpTestServer(0);
            Shooter shooter = Shooter.launch(context(server.address(), profile, sinks).socketCount(2)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals("tcp", shooter.ioName());
            assertEquals(profile.totalCount(), shooter.counter(ShooterCounter.SENT));
            assertEquals(profile.totalCount(), shooter.counter(ShooterCounter.ANSWERED));
            assertEquals(profile.totalCount(), sum(sinks, Outcome.ANSWERED), "every query recorded as answered");
            assertEquals(profile.totalCount(), server.received(), "the server saw every query once");
            assertEquals(2, server.connections());
            assertEquals(2, shooter.counter(ShooterCounter.CONNECTIONS));
            assertTrue(shooter.counter(ShooterCounter.MAX_SETUP_NS) > 0);
            assertEquals(0, shooter.counter(ShooterCounter.UNMATCHED) + shooter.counter(ShooterCounter.MALFORMED));
        }
    }

    @Test
    void shouldAnswerEveryQueryWhenOneReadBringsMoreAnswersThanADrainTakesOnSelectedConnections() throws IOException
    {
        // bursts on more connections than are read without a selector: a read then brings more than 64 answers, and
        // those left in the buffer after the last one came must still be read, not left to time out
        final RateProfile profile = new RateProfileBuilder().constant(400_000, 10 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (TcpTestServer server = new TcpTestServer(0);
            Shooter shooter = Shooter.launch(context(server.address(), profile, sinks).socketCount(8)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals(profile.totalCount(), shooter.counter(ShooterCounter.SENT));
            assertEquals(0, shooter.counter(ShooterCounter.TIMEOUTS), "no answer left unread in a buffer");
            assertEquals(profile.totalCount(), shooter.counter(ShooterCounter.ANSWERED));
        }
    }

    @Test
    void shouldKeepOneQueryInFlightPerConnectionWhenNotPipelined() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(2000, 300 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (TcpTestServer server = new TcpTestServer(0);
            Shooter shooter = Shooter.launch(context(server.address(), profile, sinks)
                .sync(true).workerCount(3).pipelined(false)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals(profile.totalCount(), sum(sinks, Outcome.ANSWERED));
            assertEquals(3, server.connections(), "one connection per worker");
            assertEquals(1, server.mostInFlight(), "never a second query before the first's answer");
        }
    }

    @Test
    void shouldRecordEveryQueryAndReconnectWhenTheServerClosesAfterAFewAnswers() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(4000, 300 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (TcpTestServer server = new TcpTestServer(40);
            Shooter shooter = Shooter.launch(context(server.address(), profile, sinks).socketCount(2)))
        {
            await("the shoot to end", shooter::isDone);

            final long answered = sum(sinks, Outcome.ANSWERED);
            final long reset = sum(sinks, Outcome.RESET);
            assertEquals(profile.totalCount(), sum(sinks, Outcome.ANSWERED) + reset + sum(sinks, Outcome.TIMEOUT),
                "every query recorded");
            // a server that closes with queries unread resets the connection: answers it wrote may be lost with it
            assertTrue(answered <= server.answered(), answered + " answers matched, " + server.answered() + " written");
            assertEquals(shooter.counter(ShooterCounter.RESETS), reset);
            assertTrue(shooter.counter(ShooterCounter.CONNECTION_CLOSES) >= profile.totalCount() / 40 / 2,
                "closes: " + shooter.counter(ShooterCounter.CONNECTION_CLOSES));
            // the server may not have accepted the last connection yet when the shoot ends
            final long connections = shooter.counter(ShooterCounter.CONNECTIONS);
            assertTrue(connections >= server.connections() && connections <= server.connections() + 2,
                connections + " connections made, " + server.connections() + " accepted");
            assertTrue(answered >= profile.totalCount() / 2, "answered " + answered + " of " + profile.totalCount());
        }
    }

    @Test
    void shouldMakeANewConnectionEveryQueriesPerConnectionWithoutLosingAQuery() throws IOException
    {
        // 200 queries, a new connection every 10 on the one socket: 20 connections, each closed by l2 once its 10
        // were answered and made again at once, the last left to the shoot's end
        final RateProfile profile = new RateProfileBuilder().constant(1000, 200 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (TcpTestServer server = new TcpTestServer(0);
            Shooter shooter = Shooter.launch(context(server.address(), profile, sinks).socketCount(1)
                .queriesPerConnection(10)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals(200, profile.totalCount());
            assertEquals(200, sum(sinks, Outcome.ANSWERED), "every query answered: " + describe(shooter, sinks));
            assertEquals(200, shooter.counter(ShooterCounter.ANSWERED));
            assertEquals(200, server.received(), "the server saw every query once");
            assertEquals(20, shooter.counter(ShooterCounter.CONNECTIONS), describe(shooter, sinks));
            assertEquals(19, shooter.counter(ShooterCounter.RECYCLED), "a planned close before each new one");
            assertEquals(20, server.connections());
            assertEquals(0, shooter.counter(ShooterCounter.CONNECTION_CLOSES), "no close is a failure");
            assertEquals(0, shooter.counter(ShooterCounter.RESETS) + shooter.counter(ShooterCounter.TIMEOUTS) +
                shooter.counter(ShooterCounter.CONNECT_FAILURES) + shooter.counter(ShooterCounter.NOT_CONNECTED));
            ShootFixtures.assertConnectionRecords(sinks, Transport.TCP, 20,
                shooter.counter(ShooterCounter.MAX_SETUP_NS));
        }
    }

    @Test
    void shouldRecordConnectFailedForEveryQueryWhenNothingListens() throws IOException
    {
        final InetSocketAddress nobody;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            nobody = new InetSocketAddress(closed.getInetAddress(), closed.getLocalPort());
        }
        final RateProfile profile = new RateProfileBuilder().constant(1000, 200 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (Shooter shooter = Shooter.launch(context(nobody, profile, sinks)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals(profile.totalCount(), sum(sinks, Outcome.CONNECT_FAILED), "every query recorded unsent");
            assertEquals(profile.totalCount(), shooter.counter(ShooterCounter.NOT_CONNECTED));
            assertEquals(0, shooter.counter(ShooterCounter.SENT));
            assertEquals(0, shooter.counter(ShooterCounter.CONNECTIONS));
            assertTrue(shooter.counter(ShooterCounter.CONNECT_FAILURES) >= 1);
        }
    }

    private static ShooterContext context(
        final InetSocketAddress target, final RateProfile profile, final List<CapturingSink> sinks)
    {
        return new ShooterContext()
            .transport(Transport.TCP)
            .target(target)
            .ammo(ammo)
            .profile(profile)
            .timeoutNs(1000 * MS)
            .idleStrategy("backoff")
            .socketBufferLength(0)
            .startNs(System.nanoTime() + 100 * MS)
            .sinkFactory((t) ->
            {
                final CapturingSink sink = new CapturingSink((int)profile.totalCount() + 1);
                sinks.add(sink);
                return sink;
            });
    }
}
