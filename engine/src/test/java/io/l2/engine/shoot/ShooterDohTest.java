/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.SSLContext;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.record.Outcome;
import io.l2.engine.test.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.engine.shoot.ShootFixtures.MS;
import static io.l2.engine.shoot.ShootFixtures.await;
import static io.l2.engine.shoot.ShootFixtures.describe;
import static io.l2.engine.shoot.ShootFixtures.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shooter on DNS over HTTPS ({@link Transport#DOH}) against Jetty's HTTP/2 server ({@link DohTestServer}): POST
 * and GET answered, every query exactly once on the server; HTTP 500 and 429 recorded per query with their status;
 * the server's limit of concurrent streams kept; a server's GOAWAY drained, and a drain whose server falls silent
 * ended after the query timeout; a TLS server that does not speak HTTP/2 refused in one line.
 */
class ShooterDohTest
{
    private static final String NAME = "doh.l2.test";

    @TempDir
    static Path directory;
    private static AmmoTable ammo;
    private static AmmoTable failingAmmo;
    private static TestCertificates certificates;

    @BeforeAll
    static void makeCertificates()
    {
        ammo = ShootFixtures.ammo("h001.l2.test A", "h002.l2.test AAAA", "nothere.l2.test A");
        failingAmmo = ShootFixtures.ammo("h001.l2.test A", "e500.l2.test A", "h002.l2.test AAAA", "e429.l2.test A");
        certificates = TestCertificates.make(directory, NAME, null, 2);
    }

    @AfterAll
    static void freeAmmo()
    {
        ammo.close();
        failingAmmo.close();
    }

    @Test
    void shouldAnswerEveryPostOverVerifiedTls() throws Exception
    {
        final RateProfile profile = new RateProfileBuilder().constant(2000, 300 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (DohTestServer server = new DohTestServer(certificates.serverContext(), 100);
            Shooter shooter = Shooter.launch(context(server.address(), ammo, profile, sinks,
                TlsContexts.verifying(certificates.caPem()), NAME, false).socketCount(2)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals("doh", shooter.ioName());
            assertEquals(profile.totalCount(), sum(sinks, Outcome.ANSWERED), "every query answered: " +
                describe(shooter, sinks));
            assertEquals(profile.totalCount(), server.posts(), "each query one POST");
            assertEquals(0, server.gets());
            assertEquals(2, shooter.counter(ShooterCounter.CONNECTIONS));
            ShootFixtures.assertConnectionRecords(sinks, Transport.DOH, 2,
                shooter.counter(ShooterCounter.MAX_SETUP_NS));
        }
    }

    @Test
    void shouldMakeANewConnectionEveryQueriesPerConnectionSayingGoAwayToTheOld() throws Exception
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 200 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (DohTestServer server = new DohTestServer(certificates.serverContext(), 100);
            Shooter shooter = Shooter.launch(context(server.address(), ammo, profile, sinks,
                TlsContexts.verifying(certificates.caPem()), NAME, false).socketCount(1).queriesPerConnection(25)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals(profile.totalCount(), sum(sinks, Outcome.ANSWERED), "every query answered: " +
                describe(shooter, sinks));
            assertEquals(profile.totalCount(), server.posts(), "each query one POST");
            assertEquals(8, shooter.counter(ShooterCounter.CONNECTIONS), describe(shooter, sinks));
            assertEquals(7, shooter.counter(ShooterCounter.RECYCLED));
            assertEquals(0, shooter.counter(ShooterCounter.CONNECTION_CLOSES) +
                shooter.counter(ShooterCounter.RESETS));
            ShootFixtures.assertConnectionRecords(sinks, Transport.DOH, 8,
                shooter.counter(ShooterCounter.MAX_SETUP_NS));
        }
    }

    @Test
    void shouldAnswerEveryGet() throws Exception
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 300 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (DohTestServer server = new DohTestServer(certificates.serverContext(), 100);
            Shooter shooter = Shooter.launch(context(server.address(), ammo, profile, sinks,
                TlsContexts.verifying(certificates.caPem()), NAME, true)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals(profile.totalCount(), sum(sinks, Outcome.ANSWERED), "every query answered: " +
                describe(shooter, sinks));
            assertEquals(profile.totalCount(), server.gets(), "each query one GET");
            assertEquals(0, server.posts());
        }
    }

    @Test
    void shouldRecordEachHttpErrorWithItsStatus() throws Exception
    {
        final RateProfile profile = new RateProfileBuilder().constant(2000, 400 * MS).build();
        final long quarter = profile.totalCount() / 4;
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (DohTestServer server = new DohTestServer(certificates.serverContext(), 100);
            Shooter shooter = Shooter.launch(context(server.address(), failingAmmo, profile, sinks,
                TlsContexts.verifying(certificates.caPem()), NAME, false)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals(0, profile.totalCount() % 4, "the ammo's four names each a quarter of the shoot");
            assertEquals(2 * quarter, sum(sinks, Outcome.ANSWERED), describe(shooter, sinks));
            assertEquals(2 * quarter, sum(sinks, Outcome.HTTP_STATUS), describe(shooter, sinks));
            assertEquals(2 * quarter, shooter.counter(ShooterCounter.HTTP_ERRORS));
            assertEquals(2 * quarter, server.statuses());
            long status500 = 0;
            long status429 = 0;
            for (final CapturingSink sink : sinks)
            {
                for (int i = 0; i < sink.count(); i++)
                {
                    if (Outcome.HTTP_STATUS == sink.outcome[i])
                    {
                        final String name = failingAmmo.describe(sink.ammoIndex[i]);
                        assertEquals(name.contains("e500") ? 500 : 429, sink.rcode[i], name);
                        status500 += 500 == sink.rcode[i] ? 1 : 0;
                        status429 += 429 == sink.rcode[i] ? 1 : 0;
                        assertTrue(sink.receivedNs[i] >= sink.sentNs[i] && sink.sentNs[i] >= 0);
                    }
                }
            }
            assertEquals(quarter, status500);
            assertEquals(quarter, status429);
        }
    }

    @Test
    void shouldRecordAStatusPast599AsAMalformedAnswerAndKeepTheConnection() throws Exception
    {
        // :status 999 is three digits but no HTTP status: that stream's answer is malformed, the connection goes on
        final RateProfile profile = new RateProfileBuilder().constant(1000, 200 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (AmmoTable badStatus = ShootFixtures.ammo("e999.l2.test A", "h001.l2.test A");
            DohTestServer server = new DohTestServer(certificates.serverContext(), 100);
            Shooter shooter = Shooter.launch(context(server.address(), badStatus, profile, sinks,
                TlsContexts.verifying(certificates.caPem()), NAME, false).socketCount(1)))
        {
            await("the shoot to end", shooter::isDone);

            final String report = describe(shooter, sinks);
            assertEquals(profile.totalCount() / 2, sum(sinks, Outcome.MALFORMED), report);
            assertEquals(profile.totalCount() / 2, sum(sinks, Outcome.ANSWERED), report);
            assertEquals(0, sum(sinks, Outcome.HTTP_STATUS), report);
            assertEquals(1, shooter.counter(ShooterCounter.CONNECTIONS), report);
        }
    }

    @Test
    void shouldKeepToTheServersLimitOfConcurrentStreams() throws Exception
    {
        // one connection, queries due faster than answers come: the server takes 4 streams at once, no more
        final RateProfile profile = new RateProfileBuilder().constant(4000, 300 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (DohTestServer server = new DohTestServer(certificates.serverContext(), 4);
            Shooter shooter = Shooter.launch(context(server.address(), ammo, profile, sinks,
                TlsContexts.verifying(certificates.caPem()), NAME, false).socketCount(1)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals(profile.totalCount(), sum(sinks, Outcome.ANSWERED), "no stream refused: " +
                describe(shooter, sinks));
            assertEquals(0, shooter.counter(ShooterCounter.RESETS));
        }
    }

    @Test
    void shouldFinishWhatTheServerTookAfterItsGoAwayAndRecordEveryQuery() throws Exception
    {
        // the server rotates each connection after 50 requests, answering its last 5 only after the GOAWAY: those
        // are answered, what went out after the stream it names is lost with the connection, nothing else
        final RateProfile profile = new RateProfileBuilder().constant(2000, 500 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (GoAwayDohServer server = new GoAwayDohServer(certificates.serverContext(), 50, 5))
        {
            final Shooter shooter = Shooter.launch(context(server.address(), ammo, profile, sinks,
                TlsContexts.verifying(certificates.caPem()), NAME, false).socketCount(2));
            try
            {
                await("the shoot to end", shooter::isDone);
            }
            finally
            {
                shooter.close();
            }

            final String report = describe(shooter, sinks);
            // 1000 queries, 50 per connection: ~20 rotations when they go out on time; a starved shooter sends late
            // queries in bursts past a connection's 50 (those are RESET), so fewer, but always several
            assertTrue(server.goAways() >= 3, report);
            assertTrue(shooter.counter(ShooterCounter.CONNECTIONS) >= server.goAways(), "made again after each: " +
                report);
            assertEquals(server.answered(), sum(sinks, Outcome.ANSWERED), "every answer the server wrote was taken, " +
                "the ones after its GOAWAY too: " + report);
            // the server never answers what it still holds when the shoot ends (at most 5 on each of the 2
            // connections): those time out
            assertTrue(sum(sinks, Outcome.TIMEOUT) <= 10, report);
            assertEquals(profile.totalCount(),
                sum(sinks, Outcome.ANSWERED) + sum(sinks, Outcome.RESET) + sum(sinks, Outcome.TIMEOUT),
                "every query recorded, answered, lost with its connection or timed out: " + report);
        }
    }

    @Test
    void shouldEndADrainingConnectionWhoseServerFallsSilentAndSendOnANewOne() throws Exception
    {
        // one connection; the server sends its GOAWAY after 800 requests, then answers nothing, not even the 6 it
        // held, and never closes: the connection ends once what it held timed out (500 ms) and is made again, the
        // queries due meanwhile go late on the new one; the 700 left need that second connection, which takes them
        final long timeoutNs = 500 * MS;
        final RateProfile profile = new RateProfileBuilder().constant(1000, 1500 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (GoAwayDohServer server = new GoAwayDohServer(certificates.serverContext(), 800, 5, true))
        {
            final ShooterContext context = context(server.address(), ammo, profile, sinks,
                TlsContexts.verifying(certificates.caPem()), NAME, false).socketCount(1).timeoutNs(timeoutNs);
            final Shooter shooter = Shooter.launch(context);
            final long endNs;
            try
            {
                await("the shoot to end", shooter::isDone);
                endNs = System.nanoTime();
            }
            finally
            {
                shooter.close();
            }

            final String report = describe(shooter, sinks);
            assertEquals(1, server.goAways(), report);
            assertEquals(2, shooter.counter(ShooterCounter.CONNECTIONS), "made again after the drain: " + report);
            // the first connection answers at most 794: the 800 it took but the 6 it held when its GOAWAY went
            assertTrue(server.answered() > 794, "answers came on the new connection: " + report);
            final long reconnectNs = server.acceptedNs(1) - server.firstGoAwayNs();
            assertTrue(reconnectNs < timeoutNs + 500 * MS,
                "made again " + reconnectNs / MS + " ms after the GOAWAY, the timeout being 500 ms: " + report);
            assertEquals(server.answered(), sum(sinks, Outcome.ANSWERED), report);
            assertEquals(server.requests() - server.answered(),
                sum(sinks, Outcome.TIMEOUT) + sum(sinks, Outcome.RESET),
                "what the server held, and only that, timed out or was lost with its connection: " + report);
            assertEquals(profile.totalCount(),
                sum(sinks, Outcome.ANSWERED) + sum(sinks, Outcome.RESET) + sum(sinks, Outcome.TIMEOUT),
                "nothing discarded or left unsent: " + report);
            final String failure = shooter.lastConnectionFailure();
            assertNotNull(failure, report);
            assertTrue(failure.contains("GOAWAY"), failure);
            // on time: the last queries went out by the profile's end (late: by one timeout after it), then were
            // answered or timed out
            final long overNs = endNs - context.startNs() - profile.durationNs() - 2 * timeoutNs;
            assertTrue(overNs < 1000 * MS, "ended " + overNs / MS + " ms after the profile's end and two timeouts: " +
                report);
        }
    }

    @Test
    void shouldRefuseATlsServerThatDoesNotSpeakHttp2() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 200 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (TcpTestServer server = new TcpTestServer(0, certificates.serverContext()))
        {
            final Shooter shooter = Shooter.launch(context(server.address(), ammo, profile, sinks,
                TlsContexts.verifying(certificates.caPem()), NAME, false));
            try
            {
                await("the shoot to end", shooter::isDone);
            }
            finally
            {
                shooter.close();
            }

            assertEquals(profile.totalCount(), sum(sinks, Outcome.CONNECT_FAILED), describe(shooter, sinks));
            final String failure = shooter.lastConnectionFailure();
            assertNotNull(failure);
            assertTrue(failure.contains("HTTP/2 not agreed by ALPN"), failure);
            assertEquals(-1, failure.indexOf('\n'), failure);
        }
    }

    private static java.util.function.IntFunction<io.l2.engine.record.ResultSink> sinkFactory(
        final RateProfile profile, final List<CapturingSink> sinks)
    {
        return (t) ->
        {
            final CapturingSink sink = new CapturingSink((int)profile.totalCount() + 1);
            sinks.add(sink);
            return sink;
        };
    }

    private static ShooterContext context(
        final InetSocketAddress target,
        final AmmoTable ammo,
        final RateProfile profile,
        final List<CapturingSink> sinks,
        final SSLContext tls,
        final String serverName,
        final boolean get)
    {
        return new ShooterContext()
            .transport(Transport.DOH)
            .tls(tls, serverName, true)
            .doh(HttpsStreamIo.DEFAULT_PATH, get)
            .target(target)
            .ammo(ammo)
            .profile(profile)
            .timeoutNs(1000 * MS)
            .idleStrategy("backoff")
            .socketBufferLength(0)
            .startNs(System.nanoTime() + 300 * MS)
            .sinkFactory(sinkFactory(profile, sinks));
    }
}
