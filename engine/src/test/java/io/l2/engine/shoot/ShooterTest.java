package io.l2.engine.shoot;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.QTypes;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.responder.Responder;
import io.l2.engine.responder.ZoneAnswers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.l2.engine.shoot.ShootFixtures.MS;
import static io.l2.engine.shoot.ShootFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole shooter ({@link Shooter#launch}, agent threads, real clock) against the embedded responder serving
 * {@code examples/zone/l2.test.zone}: every query answered and recorded with the fields the zone implies.
 */
class ShooterTest
{
    private static final String[] AMMO_LINES = {
        "h001.l2.test A",
        "h002.l2.test AAAA",
        "nothere.l2.test A",
        "h001.l2.test MX",
        "www.l2.test A",
        "l2.test NS",
        "H010.L2.Test TXT",
    };
    private static final int[] EXPECTED_RCODE = { 0, 0, 3, 0, 0, 0, 0 };
    private static final int[] EXPECTED_ANSWERS = { 1, 1, 0, 0, 2, 2, 1 };
    private static final int[] EXPECTED_QTYPE = { QTypes.A, QTypes.AAAA, QTypes.A, QTypes.MX, QTypes.A, QTypes.NS,
        QTypes.TXT };
    private static final int AMMO_OFFSET = 3;
    private static final int RATE = 4000;
    private static final long DURATION_NS = 250 * MS;

    private static ZoneAnswers zone;
    private static Responder responder;
    private static AmmoTable ammo;

    @BeforeAll
    static void startResponder() throws IOException
    {
        zone = ZoneAnswers.load(ShootFixtures.EXAMPLE_ZONE, null);
        responder = Responder.launch(ShootFixtures.loopback(0), zone, "backoff");
        ammo = ShootFixtures.ammo(AMMO_LINES);
    }

    @AfterAll
    static void stopResponder()
    {
        responder.close();
        ammo.close();
    }

    @Test
    void shouldPinEachShooterThreadToItsCpuWhenAsked() throws IOException
    {
        final String before = ThreadAffinity.currentThreadCpus();
        assumeTrue(null != before, "no /proc/thread-self/status here");
        final CpuList cpus = CpuList.parse(Integer.toString(lastCpu(before)));
        final RateProfile profile = new RateProfileBuilder().constant(2000, 100 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());

        try (Shooter shooter = Shooter.launch(context(profile, sinks).workerCount(4).threadCount(2).cpus(cpus)))
        {
            await("the shoot to end", shooter::isDone);
            assertEquals(profile.totalCount(), shooter.counter(ShooterCounter.ANSWERED));
        }
        assertEquals(2, sinks.size());
        for (final CapturingSink sink : sinks)
        {
            assertEquals(cpus.toString(), sink.startCpus, "each shooter thread runs on its CPU only (pinned with " +
                ThreadAffinity.method() + ")");
        }
        assertEquals(before, ThreadAffinity.currentThreadCpus(), "the launching thread is left as it was");
    }

    @Test
    void shouldRefuseToShootWhenAThreadCannotBePinnedAndSendNothing() throws IOException
    {
        final String before = ThreadAffinity.currentThreadCpus();
        assumeTrue(null != before && lastCpu(before) < CpuList.MAX_CPU, "no /proc/thread-self/status here");
        final RateProfile profile = new RateProfileBuilder().constant(2000, 100 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        final long responsesBefore = responder.answered();

        final IOException refused = assertThrows(IOException.class,
            () -> Shooter.launch(context(profile, sinks).cpus(CpuList.parse("1023"))));
        assertTrue(refused.getMessage().startsWith("cpus 1023: cannot pin to CPU 1023: "), refused.getMessage());
        assertEquals(-1, refused.getMessage().indexOf('\n'), "one line: " + refused.getMessage());
        assertEquals(responsesBefore, responder.answered(), "nothing sent");
    }

    private static int lastCpu(final String cpusAllowedList)
    {
        final String last = cpusAllowedList.substring(cpusAllowedList.lastIndexOf(',') + 1);
        return Integer.parseInt(last.substring(last.indexOf('-') + 1));
    }

    @ParameterizedTest(name = "{0} threads, {1} workers, {2} sockets, io {3}")
    @CsvSource({ "1, 2, 0, nio", "1, 6, 0, nio", "2, 5, 0, nio", "1, 100, 2, nio", "1, 2, 0, mmsg", "2, 5, 0, mmsg",
        "1, 100, 2, mmsg", "2, 100, 3, mmsg" })
    void shouldAnswerAndRecordEveryQueryWhenShootingTheEmbeddedResponder(
        final int threadCount, final int workerCount, final int socketCount, final String io) throws IOException
    {
        assumeIo(io);
        final RateProfile profile = new RateProfileBuilder().constant(RATE, DURATION_NS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        final ShooterContext context = context(profile, sinks)
            .threadCount(threadCount)
            .workerCount(workerCount)
            .socketCount(socketCount)
            .ioMode(IoMode.of(io));

        try (Shooter shooter = Shooter.launch(context))
        {
            assertEquals(io, shooter.ioName());
            await("the shoot to end", shooter::isDone);
            assertNull(shooter.firstError());

            final long total = profile.totalCount();
            assertEquals(total, shooter.counter(ShooterCounter.SENT));
            assertEquals(total, shooter.counter(ShooterCounter.ANSWERED));
            assertEquals(0, shooter.counter(ShooterCounter.TIMEOUTS));
            assertEquals(0, shooter.counter(ShooterCounter.MALFORMED));
            assertEquals(0, shooter.counter(ShooterCounter.UNMATCHED));
            assertEquals(0, shooter.counter(ShooterCounter.DISCARDED));
            assertEquals(0, shooter.counter(ShooterCounter.RECORD_DROPS));
            assertEquals(threadCount, sinks.size());
            assertEquals(total, ShootFixtures.sum(sinks, Outcome.ANSWERED));

            final Map<Long, Integer> indexByIntendedNs = new HashMap<>();
            for (int i = 0; i < total; i++)
            {
                indexByIntendedNs.put(profile.intendedTimeNs(i), i);
            }
            final boolean[] seen = new boolean[(int)total];
            for (final CapturingSink sink : sinks)
            {
                for (int r = 0; r < sink.count(); r++)
                {
                    final Integer index = indexByIntendedNs.get(sink.intendedNs[r]);
                    assertTrue(null != index, "record " + r + " has an intended time of no query");
                    assertTrue(!seen[index], "query " + index + " recorded twice");
                    seen[index] = true;
                    assertRecord(sink, r, index, threadCount, context.socketCount());
                }
            }
        }
    }

    @Test
    void shouldAnswerEveryQueryWhenTheTargetIsIpv6Loopback() throws IOException
    {
        final InetAddress v6 = InetAddress.getByName("::1");
        assumeTrue(ipv6LoopbackWorks(v6), "no IPv6 loopback on this host");
        final RateProfile profile = new RateProfileBuilder().constant(2000, 100 * MS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());

        try (Responder v6Responder = Responder.launch(new InetSocketAddress(v6, 0), zone, "backoff");
            Shooter shooter = Shooter.launch(context(profile, sinks).target(v6Responder.address()).workerCount(2)))
        {
            await("the shoot to end", shooter::isDone);
            assertEquals(profile.totalCount(), shooter.counter(ShooterCounter.ANSWERED));
            assertEquals(profile.totalCount(), ShootFixtures.sum(sinks, Outcome.ANSWERED));
        }
    }

    @ParameterizedTest(name = "{0} threads, {1} workers, {2} sockets, io {3}")
    @CsvSource({ "1, 3, 0, nio", "2, 4, 0, nio", "1, 40, 2, nio", "1, 3, 0, mmsg", "1, 40, 2, mmsg", "2, 40, 2, mmsg" })
    void shouldNeverHaveMoreQueriesInFlightThanWorkersWhenSync(
        final int threadCount, final int workerCount, final int socketCount, final String io) throws IOException
    {
        assumeIo(io);
        final RateProfile profile = new RateProfileBuilder().constant(RATE, DURATION_NS).build();
        final List<CapturingSink> sinks = Collections.synchronizedList(new ArrayList<>());
        final ShooterContext context = context(profile, sinks)
            .sync(true)
            .threadCount(threadCount)
            .workerCount(workerCount)
            .socketCount(socketCount)
            .ioMode(IoMode.of(io));

        try (Shooter shooter = Shooter.launch(context))
        {
            await("the shoot to end", shooter::isDone);
            assertNull(shooter.firstError());
            assertEquals(0, shooter.errorCount());
            final long total = profile.totalCount();
            assertEquals(total, shooter.counter(ShooterCounter.SENT));
            assertEquals(total, shooter.counter(ShooterCounter.ANSWERED));

            // each query is in flight from its send to its answer: sweep those intervals in time order
            final List<long[]> events = new ArrayList<>();
            for (final CapturingSink sink : sinks)
            {
                for (int r = 0; r < sink.count(); r++)
                {
                    assertEquals(Outcome.ANSWERED, sink.outcome[r]);
                    events.add(new long[]{ sink.sentNs[r], 1 });
                    events.add(new long[]{ sink.receivedNs[r], -1 });
                }
            }
            events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            int inFlight = 0;
            int most = 0;
            for (final long[] event : events)
            {
                inFlight += (int)event[1];
                most = Math.max(most, inFlight);
            }
            assertTrue(most <= workerCount, most + " queries in flight at once with " + workerCount + " workers");
            assertTrue(0 == socketCount || context.socketCount() == socketCount);
        }
    }

    /**
     * Skips a case for {@link IoMode#MMSG} on a JVM that cannot run it (JDK 17); on JDK 22+ it must run.
     */
    static void assumeIo(final String io)
    {
        if (IoMode.MMSG == IoMode.of(io))
        {
            org.junit.jupiter.api.Assumptions.assumeTrue(null == DatagramIos.mmsgUnavailableReason(),
                () -> "io mmsg: " + DatagramIos.mmsgUnavailableReason());
        }
    }

    private static ShooterContext context(final RateProfile profile, final List<CapturingSink> sinks)
    {
        return new ShooterContext()
            .target(responder.address())
            .ammo(ammo)
            .ammoOffset(AMMO_OFFSET)
            .profile(profile)
            .timeoutNs(1000 * MS)
            .idleStrategy("backoff")
            .socketBufferLength(0)
            .sinkFactory((t) ->
            {
                final CapturingSink sink = new CapturingSink((int)profile.totalCount() + 1);
                sinks.add(sink);
                return sink;
            });
    }

    private static void assertRecord(
        final CapturingSink sink, final int r, final int index, final int threadCount, final int socketCount)
    {
        final int line = (AMMO_OFFSET + index) % AMMO_LINES.length;
        final String what = "query " + index + " (" + AMMO_LINES[line] + ")";
        assertEquals(Outcome.ANSWERED, sink.outcome[r], what);
        assertEquals(line, sink.ammoIndex[r], what);
        assertEquals(EXPECTED_QTYPE[line], sink.qtype[r], what);
        assertEquals(EXPECTED_RCODE[line], sink.rcode[r], what);
        assertEquals(EXPECTED_ANSWERS[line], sink.answerCount[r], what);
        assertEquals(ResultRecordDescriptor.FLAG_AA, sink.flags[r], what);
        assertTrue(sink.intendedNs[r] <= sink.sentNs[r], what + ": sent before intended");
        assertTrue(sink.sentNs[r] <= sink.receivedNs[r], what + ": received before sent");
        assertTrue(sink.worker[r] >= 0 && sink.worker[r] < socketCount, what + ": socket " + sink.worker[r]);
        assertEquals(index % threadCount, sink.worker[r] % threadCount, what + ": socket of another thread");
        assertTrue(sink.responseLength[r] > 12, what);
    }

    private static boolean ipv6LoopbackWorks(final InetAddress v6)
    {
        if (!(v6 instanceof Inet6Address))
        {
            return false;
        }
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6))
        {
            channel.bind(new InetSocketAddress(v6, 0));
            return true;
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return false;
        }
    }
}
