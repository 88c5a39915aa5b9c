/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.record.Outcome;
import io.l2.engine.test.NsdServer;
import io.l2.engine.test.TestCertificates;
import io.l2.engine.test.UnboundServer;
import io.l2.engine.test.ZoneWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.l2.engine.shoot.ShootFixtures.MS;
import static io.l2.engine.shoot.ShootFixtures.await;
import static io.l2.engine.shoot.ShootFixtures.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS session resumption against a real unbound (DNS over TLS, resolving through its stub zone to a real NSD), three
 * short shoots with one client context: the first (one connection, a fresh context) resumes nothing; the second
 * (one connection) resumes, so unbound counts every one of its queries in {@code num.query.tls.resume}; the third
 * makes two connections at once: both resume on JDK 25, one of them on JDK 17. unbound 1.17 resumes with OpenSSL's
 * defaults (two TLS 1.3 session tickets after each handshake, sealed with keys made when it starts; no
 * {@code tls-session-ticket-keys} needed within one process); the JDK's client keeps tickets in the context's client
 * session cache under the server's host and port (TlsStreamIo makes its engine with both) and uses a ticket once:
 * JDK 17 keeps only the newest ticket for a server, JDK 25 keeps each ticket the server sent.
 */
@Tag("real-server")
class ShooterDotResumptionTest
{
    private static final String NAME = "dot.l2.test";
    private static final ZoneWriter ZONE = ZoneWriter.exampleTest(20);

    @TempDir
    static Path directory;
    private static AmmoTable ammo;
    private static TestCertificates certificates;

    @BeforeAll
    static void makeAmmoAndCertificates()
    {
        ammo = ShootFixtures.ammo(ZONE.hostName(1) + " A", ZONE.hostName(2) + " AAAA", "nothere." + ZONE.origin() +
            " A");
        certificates = TestCertificates.make(directory, NAME, null, 2);
    }

    @AfterAll
    static void freeAmmo()
    {
        ammo.close();
    }

    @Test
    void shouldResumeTheSessionWhenTheSameContextConnectsAgain() throws IOException
    {
        final SSLContext tls = TlsContexts.verifying(certificates.caPem());
        try (NsdServer nsd = NsdServer.start(ZONE);
            UnboundServer unbound = UnboundServer.startWithTls(ZONE.origin(), nsd.address(), certificates))
        {
            final Map<String, Long> before = unbound.stats();
            final long first = shoot(unbound, tls, 1);
            final Map<String, Long> afterFirst = unbound.stats();
            final long second = shoot(unbound, tls, 1);
            final Map<String, Long> afterSecond = unbound.stats();
            final long third = shoot(unbound, tls, 2);
            final Map<String, Long> afterThird = unbound.stats();

            final String report = "JDK " + Runtime.version() + "\nunbound before " + tls(before) +
                "\nafter the first shoot " + tls(afterFirst) + "\nafter the second " + tls(afterSecond) +
                "\nafter the third " + tls(afterThird) + "\nunbound log:\n" + unbound.logTail();
            assertEquals(first, delta(before, afterFirst, "num.query.tls"), report);
            assertEquals(0, delta(before, afterFirst, "num.query.tls.resume"),
                "a fresh context has no session to resume: " + report);
            assertEquals(second, delta(afterFirst, afterSecond, "num.query.tls"), report);
            assertEquals(second, delta(afterFirst, afterSecond, "num.query.tls.resume"),
                "the second shoot's connection resumed: " + report);
            assertEquals(third, delta(afterSecond, afterThird, "num.query.tls"), report);
            final long resumed = delta(afterSecond, afterThird, "num.query.tls.resume");
            if (Runtime.version().feature() >= 25)
            {
                assertEquals(third, resumed, "both connections made at once resumed (one ticket each): " + report);
            }
            else
            {
                assertTrue(resumed > 0 && resumed < third,
                    "one of the two connections made at once resumed (JDK 17 holds one ticket per server and " +
                    "uses it once): " + report);
            }
        }
    }

    private static String tls(final Map<String, Long> stats)
    {
        return "num.query.tls " + stats.get("num.query.tls") + ", num.query.tls.resume " +
            stats.get("num.query.tls.resume");
    }

    /**
     * Fires a short DoT shoot at unbound with the given context on {@code connections} connections and returns how
     * many queries were answered (all of them, or it fails).
     */
    private static long shoot(final UnboundServer unbound, final SSLContext tls, final int connections)
        throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(200, 500 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        try (Shooter shooter = Shooter.launch(new ShooterContext()
            .transport(Transport.DOT)
            .tls(tls, NAME, true)
            .target(unbound.tlsAddress())
            .ammo(ammo)
            .profile(profile)
            .timeoutNs(2000 * MS)
            .idleStrategy("backoff")
            .socketBufferLength(0)
            .socketCount(connections)
            .startNs(System.nanoTime() + 300 * MS)
            .sinkFactory((t) ->
            {
                final CapturingSink sink = new CapturingSink((int)profile.totalCount() + 1);
                sinks.add(sink);
                return sink;
            })))
        {
            await("the shoot to end", shooter::isDone);

            final long answered = sum(sinks, Outcome.ANSWERED);
            assertEquals(profile.totalCount(), answered, "every query answered, last failure: " +
                shooter.lastConnectionFailure());
            assertEquals(connections, shooter.counter(ShooterCounter.CONNECTIONS));
            return answered;
        }
    }

    private static long delta(final Map<String, Long> before, final Map<String, Long> after, final String counter)
    {
        return after.getOrDefault(counter, 0L) - before.getOrDefault(counter, 0L);
    }
}
