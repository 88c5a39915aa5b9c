/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.l2.engine.ammo.AmmoLoader;
import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.DnsResponseDecoder;
import io.l2.engine.codec.QueryOptions;
import io.l2.engine.record.Outcome;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.record.ResultSink;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import static io.l2.engine.shoot.ShootFixtures.MS;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmupTest
{
    private static final int THREAD_COUNT = 2;

    /**
     * The warm-up's sink factory: counts the sinks it makes and the records they get.
     */
    private static final class CountingSinks implements IntFunction<ResultSink>
    {
        final AtomicInteger created = new AtomicInteger();
        final AtomicLong records = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong transports = new AtomicLong();

        public ResultSink apply(final int thread)
        {
            created.incrementAndGet();
            return (a, b, c, d, e, f, g, h, outcome, j, k, l, transport, n) ->
            {
                records.incrementAndGet();
                answered.addAndGet(Outcome.ANSWERED == outcome ? 1 : 0);
                transports.accumulateAndGet(1L << transport, (x, y) -> x | y);
                return true;
            };
        }
    }

    @Test
    void shouldShootOnlyTheInProcessReflectorAndLeaveNothingRunningWhenWarmingUp() throws Exception
    {
        try (AmmoTable ammo = ShootFixtures.ammo("h001.l2.test A", "nx.l2.test AAAA"))
        {
            final ShooterContext context = realContext(ammo);
            final CountingSinks sinks = new CountingSinks();

            final long reflected = Warmup.run(context, 5_000, 200 * MS, sinks);

            // what the reflector counts is what reached it: on a loaded box its socket may overflow (the shooter then
            // records a timeout), so the exact count is the warm-up's own records
            assertEquals(1_000, sinks.records.get(), "const(5000, 200ms) is 1000 queries, each resolved once");
            assertTrue(reflected > 0 && reflected <= 1_000, "reflected " + reflected);
            assertNothingLeftRunning();
            assertEquals(new InetSocketAddress("127.0.0.1", 9), context.target(), "the real target is untouched");
        }
    }

    @Test
    void shouldWarmUpATcpShootOverTcpAgainstTheStreamReflector() throws Exception
    {
        try (AmmoTable ammo = ShootFixtures.ammo("h001.l2.test A", "nx.l2.test AAAA", "cname.l2.test MX"))
        {
            final ShooterContext context = realContext(ammo).transport(Transport.TCP);
            final CountingSinks sinks = new CountingSinks();

            final long reflected = Warmup.run(context, 5_000, 200 * MS, sinks);

            // the connections are made inside the warm-up's own time, which ends when it says (a fleet's start
            // waits for nobody): the last few queries of a cold first run may go unsent
            assertTrue(sinks.records.get() > 900 && sinks.records.get() <= 1_000, "records " + sinks.records.get());
            assertTrue(reflected > 900 && reflected <= 1_000, "the queries went over TCP to the reflector: " +
                reflected);
            assertNothingLeftRunning();
            assertEquals(Transport.TCP, context.transport(), "the real shoot's transport is untouched");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dot, false", "doh, false", "doh, true"})
    void shouldWarmUpATlsShootOverItsOwnTransportAgainstTheTlsReflector(final String alias, final boolean get)
        throws Exception
    {
        try (AmmoTable ammo = ShootFixtures.ammo("h001.l2.test A", "nx.l2.test AAAA", "cname.l2.test MX"))
        {
            final Transport transport = Transport.of(alias);
            final javax.net.ssl.SSLContext realTls = TlsContexts.verifying(null);
            final ShooterContext context = realContext(ammo).transport(transport).socketCount(40)
                .tls(realTls, "dns.example", true).doh("/real-path", get);
            final CountingSinks sinks = new CountingSinks();

            final long reflected = Warmup.run(context, 5_000, 600 * MS, sinks);

            // over TLS (and HTTP/2) to the reflector, which the warm-up's client trusted by its name: the handshakes
            // are inside the warm-up's time, so the first queries of a cold run may time out or go unsent
            assertTrue(sinks.records.get() > 2_500 && sinks.records.get() <= 3_000, "records " + sinks.records);
            assertTrue(sinks.answered.get() > 2_500, "answered " + sinks.answered + " of " + sinks.records);
            assertTrue(reflected >= sinks.answered.get() && reflected <= 3_000, "reflected " + reflected);
            assertEquals(1L << transport.code(), sinks.transports.get(), "every record carries " + alias);
            assertNothingLeftRunning();
            assertEquals(transport, context.transport(), "the real shoot's transport is untouched");
            assertEquals(realTls, context.tlsContext(), "and its TLS");
            assertEquals(40, context.socketCount());
        }
    }

    @Test
    void shouldShootWholeShortRoundsUntilTheSettleTimeWhileRunningTheCallersWork() throws Exception
    {
        try (AmmoTable ammo = ShootFixtures.ammo("h001.l2.test A", "nx.l2.test AAAA"))
        {
            final AtomicInteger polls = new AtomicInteger();
            final CountingSinks sinks = new CountingSinks();

            final long startNs = System.nanoTime();
            final long reflected = Warmup.run(realContext(ammo), 5_000, 300 * MS, 400 * MS, sinks,
                polls::incrementAndGet);
            final long elapsedNs = System.nanoTime() - startNs;

            // rounds of 200 ms at 5000/s, each to its natural end (never stopped midway): 1000 queries a round, each
            // resolved once (counted by the warm-up's sinks, one per shooter thread and round: exact, whereas the
            // reflector misses what its socket drops on a loaded box), at least the least duration, at most the
            // rounds that start within duration + settle
            assertEquals(0, sinks.created.get() % THREAD_COUNT, "a sink per thread per round: " + sinks.created);
            final int rounds = sinks.created.get() / THREAD_COUNT;
            // two rounds of 200 ms when they take their time; one round that overran 300 ms (a loaded box: answers
            // late, a timeout or two) is enough too: the least duration is time, not rounds
            assertTrue(elapsedNs >= 300 * MS, "the least duration: " + elapsedNs / MS + " ms");
            assertTrue(rounds >= 1 && rounds <= 4, "between 1 and 4 rounds: " + rounds);
            // whole rounds, but for a last one cut at the warm-up's end (duration + settle) on a starved box
            assertTrue(sinks.records.get() > 1_000L * (rounds - 1) && sinks.records.get() <= 1_000L * rounds,
                "whole rounds but the last, " + rounds + " rounds: " + sinks.records.get());
            assertTrue(reflected > 0 && reflected <= sinks.records.get(), "reflected " + reflected);
            assertTrue(polls.get() > 0, "the caller's work ran while the warm-up shot");
            assertNothingLeftRunning();
        }
    }

    @Test
    void shouldEndByItsEndWhenTheShooterCannotKeepTheRateSoAFleetsStartIsNotLate() throws Exception
    {
        try (AmmoTable ammo = ShootFixtures.ammo("h001.l2.test A", "nx.l2.test AAAA"))
        {
            final CountingSinks sinks = new CountingSinks();
            final long rate = 20_000_000;

            final long startNs = System.nanoTime();
            Warmup.run(realContext(ammo), rate, 300 * MS, 0, sinks, () -> {});
            final long elapsedNs = System.nanoTime() - startNs;

            // 6 million queries no host sends in 300 ms: run to its natural end the warm-up would take seconds (at
            // most its 5 s grace) and a fleet's real shoot would start that late; cut at its end, it takes the
            // 300 ms and what is in flight then (a 200 ms timeout)
            assertTrue(sinks.records.get() < rate * 3 / 10, "cut short: " + sinks.records.get());
            assertTrue(elapsedNs < 3_000 * MS, "ended by its end, not the natural one: " + elapsedNs / MS + " ms");
            assertNothingLeftRunning();
        }
    }

    @ParameterizedTest(name = "query {0} {1}: edns {2}")
    @CsvSource({
        "0, AAAA, false, NOERROR, 1, 1, 1",
        "0, A, true, NOERROR, 1, 1, 2",
        "0, MX, false, NOERROR, 1, 1, 1",
        "8, AAAA, false, NOERROR, 2, 1, 1",
        "8, A, true, NOERROR, 2, 1, 2",
        "8, TXT, true, NOERROR, 2, 1, 2",
        "9, AAAA, false, NXDOMAIN, 0, 1, 0",
        "9, A, true, NXDOMAIN, 0, 1, 1",
    })
    void shouldAnswerAsAnAuthoritativeServerWouldSoThosePathsAreCompiled(
        final long sequence,
        final String qtype,
        final boolean edns,
        final String rcode,
        final int answers,
        final int authorities,
        final int additionals) throws Exception
    {
        final QueryOptions options = new QueryOptions(false, edns, 1232, false);
        try (AmmoTable ammo = AmmoLoader.parse("test-ammo",
            new ByteArrayInputStream(("www.l2.test " + qtype + "\n").getBytes(US_ASCII)), options))
        {
            final ByteBuffer query = ByteBuffer.allocateDirect(512);
            final byte[] queryBytes = new byte[ammo.queryLength(0)];
            ammo.buffer().getBytes(ammo.queryOffset(0), queryBytes);
            query.put(queryBytes).flip();
            final ByteBuffer answer = ByteBuffer.allocateDirect(512);

            assertTrue(Warmup.answer(query, answer, sequence));

            final byte[] wire = new byte[answer.remaining()];
            answer.duplicate().get(wire);
            final DnsResponseDecoder decoder = new DnsResponseDecoder();
            assertEquals(DnsResponseDecoder.OK, decoder.wrap(new UnsafeBuffer(wire), 0, wire.length));
            assertTrue(decoder.isResponse() && decoder.isAuthoritative());
            assertTrue(decoder.questionMatches(ammo.buffer(), ammo.queryOffset(0), ammo.queryLength(0)));
            assertEquals(answers, decoder.answerCount());
            assertEquals(edns, decoder.hasOpt());

            final Message message = new Message(wire);
            final int type = Type.value(qtype);
            final int expectedType = Type.A == type || Type.AAAA == type ? type : Type.CNAME;
            assertEquals(rcode, Rcode.string(message.getRcode()));
            assertEquals(answers, message.getSection(Section.ANSWER).size());
            assertEquals(authorities, message.getSection(Section.AUTHORITY).size());
            assertEquals(additionals, message.getSection(Section.ADDITIONAL).size());
            if (answers > 0)
            {
                final var last = message.getSection(Section.ANSWER).get(answers - 1);
                assertEquals(expectedType, last.getType(), last.toString());
                // after a CNAME, the target's owner points at the CNAME's data, which points at the question
                assertEquals(2 == answers ? "a.www.l2.test." : "www.l2.test.", last.getName().toString());
            }
            if (2 == answers)
            {
                assertEquals(Type.CNAME, message.getSection(Section.ANSWER).get(0).getType());
            }
        }
    }

    @Test
    void shouldEchoWhatIsNotAOneQuestionQueryWithTheResponseBitSet()
    {
        final ByteBuffer query = ByteBuffer.allocateDirect(512);
        query.put(new byte[12]).flip();

        assertFalse(Warmup.answer(query, ByteBuffer.allocateDirect(512), 0));
        assertEquals((byte)0x80, query.get(2), "QR set on the echo");
    }

    private static ShooterContext realContext(final AmmoTable ammo)
    {
        return new ShooterContext()
            .target(ShootFixtures.loopback(9))
            .ammo(ammo)
            .profile(new RateProfileBuilder().constant(1000, 1000 * MS).build())
            .workerCount(4)
            .threadCount(THREAD_COUNT)
            .sinkFactory((t) -> (a, b, c, d, e, f, g, h, i, j, k, l, m, n) ->
            {
                throw new AssertionError("the real shoot's sink must not see the warm-up");
            });
    }

    private static void assertNothingLeftRunning()
    {
        final Set<Thread> threads = Thread.getAllStackTraces().keySet();
        assertFalse(threads.stream().anyMatch((thread) -> thread.getName().startsWith("l2-shooter") ||
            thread.getName().startsWith("l2-warmup")), "threads left: " + threads);
    }
}
