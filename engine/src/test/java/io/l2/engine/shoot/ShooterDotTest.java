/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
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
 * The shooter on DNS over TLS ({@link Transport#DOT}) against {@link TcpTestServer} with a certificate made for the
 * test: verified and answered; refused (every query recorded as connect failed, the reason kept) when the certificate
 * names another server or has expired; answered when verification is off in writing; a new handshake every so many
 * queries.
 */
class ShooterDotTest
{
    private static final String NAME = "dot.l2.test";

    @TempDir
    static Path directory;
    private static AmmoTable ammo;
    private static TestCertificates valid;
    private static TestCertificates expired;

    @BeforeAll
    static void makeCertificates()
    {
        ammo = ShootFixtures.ammo("h001.l2.test A", "h002.l2.test AAAA", "nothere.l2.test A");
        valid = TestCertificates.make(directory, NAME, null, 2);
        expired = TestCertificates.make(directory, "old." + NAME, "-3d", 1);
    }

    @AfterAll
    static void freeAmmo()
    {
        ammo.close();
    }

    @Test
    void shouldAnswerEveryQueryOverVerifiedTls() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(2000, 300 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (TcpTestServer server = new TcpTestServer(0, valid.serverContext());
            Shooter shooter = Shooter.launch(context(server, profile, sinks, TlsContexts.verifying(valid.caPem()),
                NAME, true).socketCount(2)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals("dot", shooter.ioName());
            assertEquals(profile.totalCount(), sum(sinks, Outcome.ANSWERED), "every query answered: " +
                describe(shooter, sinks));
            assertEquals(profile.totalCount(), server.received());
            assertEquals(2, shooter.counter(ShooterCounter.CONNECTIONS));
            assertEquals(0, shooter.counter(ShooterCounter.CONNECT_FAILURES));
            ShootFixtures.assertConnectionRecords(sinks, Transport.DOT, 2,
                shooter.counter(ShooterCounter.MAX_SETUP_NS));
        }
    }

    @Test
    void shouldRefuseACertificateForAnotherNameAndRecordEveryQuery() throws IOException
    {
        assertRefused(valid, "other.l2.test", "other.l2.test");
    }

    @Test
    void shouldRefuseAnExpiredCertificateAndRecordEveryQuery() throws IOException
    {
        assertRefused(expired, "old." + NAME, "validity");
    }

    @Test
    void shouldAcceptAnyCertificateOnlyWhenVerificationIsOff() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 200 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (TcpTestServer server = new TcpTestServer(0, expired.serverContext());
            Shooter shooter = Shooter.launch(context(server, profile, sinks, TlsContexts.trustingAll(), null, false)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals(profile.totalCount(), sum(sinks, Outcome.ANSWERED));
        }
    }

    private static void assertRefused(final TestCertificates certificates, final String serverName,
        final String reasonHas) throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 200 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (TcpTestServer server = new TcpTestServer(0, certificates.serverContext()))
        {
            final Shooter shooter = Shooter.launch(context(server, profile, sinks,
                TlsContexts.verifying(certificates.caPem()), serverName, true));
            try
            {
                await("the shoot to end", shooter::isDone);
            }
            finally
            {
                shooter.close();
            }

            assertEquals(profile.totalCount(), sum(sinks, Outcome.CONNECT_FAILED), "every query recorded unsent: " +
                describe(shooter, sinks));
            assertEquals(0, server.received(), "no query reached the server");
            assertTrue(shooter.counter(ShooterCounter.CONNECT_FAILURES) >= 1);
            final String failure = shooter.lastConnectionFailure();
            assertNotNull(failure);
            assertTrue(failure.contains(reasonHas), failure);
            assertEquals(-1, failure.indexOf('\n'), failure);
        }
    }

    @Test
    void shouldMakeANewHandshakeEveryQueriesPerConnection() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 200 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (TcpTestServer server = new TcpTestServer(0, valid.serverContext());
            Shooter shooter = Shooter.launch(context(server, profile, sinks, TlsContexts.verifying(valid.caPem()),
                NAME, true).socketCount(1).queriesPerConnection(25)))
        {
            await("the shoot to end", shooter::isDone);

            assertEquals(profile.totalCount(), sum(sinks, Outcome.ANSWERED), "every query answered: " +
                describe(shooter, sinks));
            assertEquals(profile.totalCount(), server.received());
            assertEquals(8, shooter.counter(ShooterCounter.CONNECTIONS), describe(shooter, sinks));
            assertEquals(7, shooter.counter(ShooterCounter.RECYCLED));
            assertEquals(0, shooter.counter(ShooterCounter.CONNECTION_CLOSES) +
                shooter.counter(ShooterCounter.CONNECT_FAILURES));
            ShootFixtures.assertConnectionRecords(sinks, Transport.DOT, 8,
                shooter.counter(ShooterCounter.MAX_SETUP_NS));
        }
    }

    private static ShooterContext context(
        final TcpTestServer server,
        final RateProfile profile,
        final List<CapturingSink> sinks,
        final SSLContext tls,
        final String serverName,
        final boolean verifyName)
    {
        return new ShooterContext()
            .transport(Transport.DOT)
            .tls(tls, serverName, verifyName)
            .target(server.address())
            .ammo(ammo)
            .profile(profile)
            .timeoutNs(1000 * MS)
            .idleStrategy("backoff")
            .socketBufferLength(0)
            .startNs(System.nanoTime() + 300 * MS)
            .sinkFactory((t) ->
            {
                final CapturingSink sink = new CapturingSink((int)profile.totalCount() + 1);
                sinks.add(sink);
                return sink;
            });
    }
}
