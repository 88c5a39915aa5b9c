package io.l2.engine.shoot;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.l2.engine.ammo.AmmoLoader;
import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.QueryOptions;
import io.l2.engine.profile.ProfileCursor;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordDescriptor;
import io.l2.engine.record.ResultSink;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test support for the shooter: in-memory ammo, the example zone, a silent target, a bounded wait, and a builder
 * for a {@link ShooterAgent} driven on the test thread.
 */
final class ShootFixtures
{
    static final Path EXAMPLE_ZONE =
        Path.of("..", "examples", "zone", "l2.test.zone").toAbsolutePath().normalize();
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Generous bound for "it ends at all": never a timing assertion. */
    static final long END_BOUND_NS = TimeUnit.SECONDS.toNanos(20);
    /** How often {@link #await} polls. */
    static final long POLL_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private ShootFixtures()
    {
    }

    static AmmoTable ammo(final String... lines)
    {
        final String text = String.join("\n", lines) + "\n";
        return AmmoLoader.parse(
            "test-ammo", new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), QueryOptions.defaults());
    }

    static InetSocketAddress loopback(final int port)
    {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * @return a bound UDP socket on 127.0.0.1 that nobody reads: a target that never answers.
     */
    static DatagramChannel silentTarget() throws IOException
    {
        final DatagramChannel channel = DatagramChannel.open();
        channel.bind(loopback(0));
        return channel;
    }

    static InetSocketAddress addressOf(final DatagramChannel channel) throws IOException
    {
        return (InetSocketAddress)channel.getLocalAddress();
    }

    /**
     * Waits until the condition holds, polling every {@link #POLL_NS} and parked in between (spinning, the test's
     * thread took a core of the two from the shooter and the target); fails after {@link #END_BOUND_NS}.
     */
    static void await(final String what, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + END_BOUND_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                fail("gave up waiting for: " + what);
            }
            LockSupport.parkNanos(POLL_NS);
        }
    }

    static long total(final Shooter shooter, final ShooterCounter counter)
    {
        return shooter.counter(counter);
    }

    static long sum(final List<CapturingSink> sinks, final int outcome)
    {
        long total = 0;
        for (final CapturingSink sink : sinks)
        {
            total += sink.countOf(outcome);
        }
        return total;
    }

    /**
     * Builds one {@link ShooterAgent} with its own sockets and workers, for tests that drive {@code doWork()} themselves.
     */
    static final class AgentBuilder
    {
        private InetSocketAddress target;
        private AmmoTable ammo;
        private int ammoOffset;
        private RateProfile profile;
        private int workerCount = 1;
        private int socketCount;
        private IoMode ioMode = IoMode.AUTO;
        private Transport transport = Transport.UDP;
        private int tableLength = 64;
        private boolean sync;
        private long timeoutNs = 100 * MS;
        private boolean discardLate;
        private long lateToleranceNs = MS;
        private NanoClock clock = SystemNanoClock.INSTANCE;
        private long startNs;
        private ResultSink sink;
        private int idBase = 0xFFF0;
        private int socketBufferLength;
        private int firstSocketIndex;
        private int socketIndexStride = 1;
        private long queriesPerConnection;
        private QuerySocket[] sockets;

        AgentBuilder target(final InetSocketAddress target)
        {
            this.target = target;
            return this;
        }

        AgentBuilder ammo(final AmmoTable ammo)
        {
            this.ammo = ammo;
            return this;
        }

        AgentBuilder ammoOffset(final int ammoOffset)
        {
            this.ammoOffset = ammoOffset;
            return this;
        }

        AgentBuilder profile(final RateProfile profile)
        {
            this.profile = profile;
            return this;
        }

        AgentBuilder workerCount(final int workerCount)
        {
            this.workerCount = workerCount;
            return this;
        }

        /**
         * @param socketCount sockets of the agent; 0 (the default) for one per worker.
         */
        AgentBuilder socketCount(final int socketCount)
        {
            this.socketCount = socketCount;
            return this;
        }

        AgentBuilder ioMode(final IoMode ioMode)
        {
            this.ioMode = ioMode;
            return this;
        }

        AgentBuilder transport(final Transport transport)
        {
            this.transport = transport;
            return this;
        }

        /**
         * @param queriesPerConnection most queries per connection before it is made again; 0 (the default): no limit.
         */
        AgentBuilder queriesPerConnection(final long queriesPerConnection)
        {
            this.queriesPerConnection = queriesPerConnection;
            return this;
        }

        AgentBuilder tableLength(final int tableLength)
        {
            this.tableLength = tableLength;
            return this;
        }

        AgentBuilder sync(final boolean sync)
        {
            this.sync = sync;
            return this;
        }

        AgentBuilder timeoutNs(final long timeoutNs)
        {
            this.timeoutNs = timeoutNs;
            return this;
        }

        AgentBuilder discardLate(final boolean discardLate, final long lateToleranceNs)
        {
            this.discardLate = discardLate;
            this.lateToleranceNs = lateToleranceNs;
            return this;
        }

        AgentBuilder clock(final NanoClock clock, final long startNs)
        {
            this.clock = clock;
            this.startNs = startNs;
            return this;
        }

        AgentBuilder sink(final ResultSink sink)
        {
            this.sink = sink;
            return this;
        }

        AgentBuilder idBase(final int idBase)
        {
            this.idBase = idBase;
            return this;
        }

        AgentBuilder socketBufferLength(final int socketBufferLength)
        {
            this.socketBufferLength = socketBufferLength;
            return this;
        }

        /**
         * Numbers the sockets as {@link Shooter} does for thread {@code first} of {@code stride} threads.
         */
        AgentBuilder socketNumbering(final int first, final int stride)
        {
            this.firstSocketIndex = first;
            this.socketIndexStride = stride;
            return this;
        }

        /**
         * @return the sockets of the last agent built (the test owns them through the agent).
         */
        QuerySocket[] sockets()
        {
            return sockets;
        }

        ShooterAgent build() throws IOException
        {
            final int count = 0 == socketCount ? workerCount : socketCount;
            sockets = new QuerySocket[count];
            for (int s = 0; s < count; s++)
            {
                if (Transport.TCP == transport)
                {
                    sockets[s] = new QuerySocket(firstSocketIndex + s * socketIndexStride, tableLength,
                        idBase + 1000 * s, new StreamIo(target, ammo.maxQueryLength(), socketBufferLength),
                        tableLength);
                    continue;
                }
                sockets[s] = new QuerySocket(
                    firstSocketIndex + s * socketIndexStride,
                    target,
                    tableLength,
                    ammo.maxQueryLength(),
                    socketBufferLength,
                    idBase + 1000 * s,
                    DatagramIos.resolve(ioMode));
            }
            return new ShooterAgent(
                "test-shooter",
                sockets,
                workerCount,
                ammo,
                ammoOffset,
                new ProfileCursor(profile),
                profile.totalCount(),
                0,
                1,
                sync,
                timeoutNs,
                discardLate,
                lateToleranceNs,
                clock,
                startNs,
                sink,
                new ShooterCounters(),
                queriesPerConnection);
        }
    }

    /**
     * Every record carries the transport; the first query on each connection, and only it, carries the connection's
     * set-up time, none above the slowest the counters saw.
     */
    static void assertConnectionRecords(
        final List<CapturingSink> sinks, final Transport transport, final long connections, final long maxSetupNs)
    {
        long withSetup = 0;
        for (final CapturingSink sink : sinks)
        {
            for (int i = 0; i < sink.count(); i++)
            {
                assertEquals(transport.code(), sink.transport[i], "record " + i);
                if (0 != sink.setupUnits[i])
                {
                    withSetup++;
                    assertTrue(
                        (sink.setupUnits[i] - 1) * ResultRecordDescriptor.SETUP_UNIT_NS <=
                        maxSetupNs, "set-up " + sink.setupUnits[i] + " units, the slowest " + maxSetupNs + " ns");
                }
            }
        }
        assertEquals(connections, withSetup,
            "one record per connection carries its set-up time");
    }

    /**
     * @return every outcome's count in the sinks, every counter of the shooter and its last connection failure, for
     * an assertion's message.
     */
    static String describe(final Shooter shooter, final List<CapturingSink> sinks)
    {
        final StringBuilder text = new StringBuilder();
        for (int outcome = Outcome.MIN_VALUE; outcome <= Outcome.MAX_VALUE; outcome++)
        {
            text.append(Outcome.name(outcome)).append('=').append(sum(sinks, outcome)).append(' ');
        }
        for (final ShooterCounter counter : ShooterCounter.values())
        {
            text.append(counter.label()).append('=').append(shooter.counter(counter)).append(' ');
        }
        return text.append("last failure: ").append(shooter.lastConnectionFailure()).toString();
    }
}
