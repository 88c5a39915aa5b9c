package io.l2.engine.shoot;

import java.io.IOException;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.record.AllocationMeter;
import io.l2.engine.record.ResultSink;
import io.l2.engine.responder.Responder;
import io.l2.engine.responder.ZoneAnswers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.l2.engine.shoot.ShootFixtures.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot path allocates nothing in steady state: one {@link ShooterAgent} driven on the test thread against the
 * embedded responder (on its own thread), bytes allocated by the test thread counted per query sent. An allocation
 * check, not a speed check: the rate only has to be one the responder keeps up with.
 */
class ShooterAllocationTest
{
    private static final long WARM_UP_COUNT = 20_000;
    private static final long MEASURED_COUNT = 100_000;
    private static final long RATE = 100_000;
    /** What the thread-per-connection test server answers without falling behind. */
    private static final long TCP_RATE = 50_000;

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = { 2, 8 })
    void shouldAllocateNothingPerQueryWhenInSteadyState(final int workerCount) throws IOException
    {
        AllocationMeter.assumeSupported();
        final ZoneAnswers zone = ZoneAnswers.load(ShootFixtures.EXAMPLE_ZONE, null);
        try (Responder responder = Responder.launch(ShootFixtures.loopback(0), zone, "backoff"))
        {
            measure(responder.address(), Transport.UDP, workerCount, workerCount, RATE);
        }
    }

    @Test
    void shouldAllocateNothingPerQueryOnTcpConnectionsWhenInSteadyState() throws IOException
    {
        AllocationMeter.assumeSupported();
        try (TcpTestServer server = new TcpTestServer(0))
        {
            measure(server.address(), Transport.TCP, 64, 2, TCP_RATE);
        }
    }

    private static void measure(
        final java.net.InetSocketAddress target,
        final Transport transport,
        final int workerCount,
        final int socketCount,
        final long rate) throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(rate, 10_000 * MS).build();
        final CountingSink sink = new CountingSink();
        try (AmmoTable ammo = ShootFixtures.ammo("h001.l2.test A", "nothere.l2.test A", "h001.l2.test MX",
            "www.l2.test A", "H010.l2.test TXT"))
        {
            final ShooterAgent agent = new ShootFixtures.AgentBuilder()
                .target(target)
                .transport(transport)
                .ammo(ammo)
                .profile(profile)
                .workerCount(workerCount)
                .socketCount(socketCount)
                .tableLength(4096)
                .timeoutNs(500 * MS)
                .clock(org.agrona.concurrent.SystemNanoClock.INSTANCE, System.nanoTime())
                .sink(sink)
                .socketBufferLength(ShooterContext.SOCKET_BUFFER_DEFAULT_LENGTH)
                .build();
            try
            {
                final ShooterCounters counters = agent.counters();
                while (counters.get(ShooterCounter.SENT) < WARM_UP_COUNT)
                {
                    agent.doWork();
                }
                final long sentBefore = counters.get(ShooterCounter.SENT);
                final long recordsBefore = sink.count;
                final long allocatedBytes = AllocationMeter.allocatedBytes(() ->
                {
                    while (counters.get(ShooterCounter.SENT) < WARM_UP_COUNT + MEASURED_COUNT)
                    {
                        agent.doWork();
                    }
                });
                final long sent = counters.get(ShooterCounter.SENT) - sentBefore;
                final long resolved = sink.count - recordsBefore;
                agent.abort();
                ShootFixtures.await("the agent to resolve what is in flight", () ->
                {
                    agent.doWork();
                    return agent.isDone();
                });

                final double bytesPerQuery = (double)allocatedBytes / sent;
                System.out.printf("shooter allocation, %s, %d workers on %d sockets, Java %s: %d bytes over %d " +
                    "queries sent and %d resolved = %.4f bytes/query%n", transport.alias(), workerCount, socketCount,
                    Runtime.version().feature(), allocatedBytes, sent, resolved, bytesPerQuery);
                assertTrue(resolved > sent / 4, "the measured window must include the receive path: " + resolved);
                assertTrue(bytesPerQuery < 1.0, allocatedBytes + " bytes allocated for " + sent + " queries");
                assertEquals(counters.get(ShooterCounter.SENT), sink.count, "every query recorded");
                assertEquals(0, counters.get(ShooterCounter.CONNECTION_CLOSES), "no connection lost");
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    /**
     * Counts records into a field: allocates nothing.
     */
    static final class CountingSink implements ResultSink
    {
        long count;
        long answeredCount;

        public boolean record(
            final long intendedNs,
            final long sentNs,
            final long receivedNs,
            final int worker,
            final int ammoIndex,
            final int qtype,
            final int rcode,
            final int flags,
            final int outcome,
            final int answerCount,
            final int responseLength,
            final int queryId,
            final int transport,
            final int setupUnits)
        {
            count++;
            answeredCount += 1 == outcome ? 1 : 0;
            return true;
        }
    }
}
