package io.l2.engine.shoot;

import java.io.IOException;
import java.nio.channels.DatagramChannel;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.DnsDescriptor;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.record.Outcome;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static io.l2.engine.shoot.ShootFixtures.MS;
import static io.l2.engine.shoot.ShooterCounter.ANSWERED;
import static io.l2.engine.shoot.ShooterCounter.DISCARDED;
import static io.l2.engine.shoot.ShooterCounter.DUPLICATES;
import static io.l2.engine.shoot.ShooterCounter.LATE_RESPONSES;
import static io.l2.engine.shoot.ShooterCounter.MALFORMED;
import static io.l2.engine.shoot.ShooterCounter.RECORD_DROPS;
import static io.l2.engine.shoot.ShooterCounter.SEND_ERRORS;
import static io.l2.engine.shoot.ShooterCounter.SENT;
import static io.l2.engine.shoot.ShooterCounter.TIMEOUTS;
import static io.l2.engine.shoot.ShooterCounter.UNDECODABLE;
import static io.l2.engine.shoot.ShooterCounter.UNMATCHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the shooter's in-flight match path ({@link ShooterAgent#onResponse}), driven as the
 * agent drives it: queries sent at the clock's say, then a script of datagrams (raw bytes, or an echo of a query in
 * flight with some bytes changed, or any bytes carrying the id of a query sent), timeouts and more sends.
 * <p>
 * Properties, after every step: nothing throws; each datagram is counted exactly once, as undecodable, unmatched,
 * late, duplicate, malformed or answered; every query sent is resolved at most once (sent = answered + malformed +
 * timeouts + in flight) and each resolution is one record; a datagram never changes the state of a query but the
 * one whose id it carries.
 */
class ShooterResponseFuzzTest
{
    private static final int TABLE_LENGTH = 16;
    private static final long TIMEOUT_NS = 50 * MS;
    private static final int MAX_STEPS = 48;
    private static final ShooterCounter[] DATAGRAM_COUNTERS =
        { ANSWERED, MALFORMED, UNMATCHED, LATE_RESPONSES, DUPLICATES, UNDECODABLE };

    private static AmmoTable ammo;
    private static DatagramChannel silent;
    private static RateProfile profile;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final long[] before = new long[DATAGRAM_COUNTERS.length];
    private final byte[] statesBefore = new byte[TABLE_LENGTH];

    @BeforeAll
    static void setUpAll() throws IOException
    {
        ammo = ShootFixtures.ammo("h001.l2.test A", "H002.l2.test AAAA", "x.y.z.l2.test TXT");
        silent = ShootFixtures.silentTarget();
        profile = new RateProfileBuilder().constant(200, 1_000 * MS).build();
    }

    @AfterAll
    static void tearDownAll() throws IOException
    {
        silent.close();
        ammo.close();
    }

    @FuzzTest(maxDuration = "3s")
    void fuzzMatch(final FuzzedDataProvider data) throws IOException
    {
        clock.update(0);
        final CapturingSink sink = new CapturingSink((int)profile.totalCount() + 1);
        final ShootFixtures.AgentBuilder builder = new ShootFixtures.AgentBuilder()
            .target(ShootFixtures.addressOf(silent))
            .ammo(ammo)
            .profile(profile)
            .tableLength(TABLE_LENGTH)
            .timeoutNs(TIMEOUT_NS)
            .idBase(data.consumeInt(0, 0xFFFF))
            .clock(clock, 0)
            .sink(sink);
        final ShooterAgent agent = builder.build();
        final QuerySocket worker = builder.sockets()[0];
        try
        {
            for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++)
            {
                switch (data.consumeInt(0, 3))
                {
                    case 0:
                        clock.update(clock.nanoTime() + data.consumeInt(0, 20) * MS);
                        agent.doWork();
                        break;
                    case 1:
                        clock.update(clock.nanoTime() + TIMEOUT_NS);
                        agent.doWork();
                        break;
                    default:
                        deliver(agent, worker, data);
                        break;
                }
                assertAccounted(agent, worker, sink);
            }
        }
        finally
        {
            agent.onClose();
        }
    }

    private void deliver(final ShooterAgent agent, final QuerySocket worker, final FuzzedDataProvider data)
    {
        final UnsafeBuffer buffer = worker.io.receiveBuffer;
        final int length;
        final long sequence = worker.headSequence - 1 - data.consumeInt(0, TABLE_LENGTH + 2);
        switch (data.consumeInt(0, 3))
        {
            case 0:
            {
                final byte[] bytes = data.consumeBytes(data.consumeInt(0, 1024));
                buffer.putBytes(0, bytes);
                length = bytes.length;
                break;
            }
            case 1:
            {
                final byte[] bytes = data.consumeBytes(data.consumeInt(0, 1024));
                buffer.putBytes(0, bytes);
                length = Math.max(bytes.length, DnsDescriptor.HEADER_LENGTH);
                buffer.putShort(DnsDescriptor.ID_OFFSET, (short)worker.idOf(sequence), DnsDescriptor.BYTE_ORDER);
                break;
            }
            default:
            {
                final int ammoIndex = sequence >= 0 && sequence < worker.headSequence ?
                    worker.slotAmmoIndex[(int)(sequence & worker.mask)] : data.consumeInt(0, ammo.count() - 1);
                final int queryLength = ammo.queryLength(ammoIndex);
                ammo.copyQuery(ammoIndex, buffer, 0);
                buffer.putShort(DnsDescriptor.ID_OFFSET, (short)worker.idOf(sequence), DnsDescriptor.BYTE_ORDER);
                buffer.putByte(DnsDescriptor.FLAGS_OFFSET,
                    (byte)(buffer.getByte(DnsDescriptor.FLAGS_OFFSET) | 0x80));
                final int changeCount = data.consumeInt(0, 4);
                for (int i = 0; i < changeCount; i++)
                {
                    final int at = data.consumeInt(0, queryLength - 1);
                    buffer.putByte(at, (byte)(buffer.getByte(at) ^ data.consumeByte()));
                }
                final byte[] tail = data.consumeBytes(data.consumeInt(0, 512));
                buffer.putBytes(queryLength, tail);
                length = data.consumeBoolean() ? queryLength + tail.length : data.consumeInt(0, buffer.capacity());
                break;
            }
        }

        for (int i = 0; i < DATAGRAM_COUNTERS.length; i++)
        {
            before[i] = agent.counters().get(DATAGRAM_COUNTERS[i]);
        }
        System.arraycopy(worker.slotState, 0, statesBefore, 0, TABLE_LENGTH);
        agent.onResponse(worker, buffer, 0, length, clock.nanoTime());
        final int carriedSlot = length >= DnsDescriptor.HEADER_LENGTH ?
            worker.slotOf(buffer.getShort(DnsDescriptor.ID_OFFSET, DnsDescriptor.BYTE_ORDER) & 0xFFFF) : -1;
        for (int slot = 0; slot < TABLE_LENGTH; slot++)
        {
            assertTrue(slot == carriedSlot || statesBefore[slot] == worker.slotState[slot],
                "a datagram changed the state of a query whose id it does not carry");
        }
        long changed = 0;
        for (int i = 0; i < DATAGRAM_COUNTERS.length; i++)
        {
            final long delta = agent.counters().get(DATAGRAM_COUNTERS[i]) - before[i];
            assertTrue(0 == delta || 1 == delta, "a counter moved by " + delta);
            changed += delta;
        }
        assertEquals(1, changed, "a datagram must be counted exactly once");
    }

    private static void assertAccounted(final ShooterAgent agent, final QuerySocket worker, final CapturingSink sink)
    {
        final ShooterCounters counters = agent.counters();
        assertTrue(worker.inFlightCount >= 0 && worker.inFlightCount <= TABLE_LENGTH);
        assertEquals(counters.get(SENT),
            counters.get(ANSWERED) + counters.get(MALFORMED) + counters.get(TIMEOUTS) + worker.inFlightCount,
            "every query sent is answered, malformed, timed out or in flight, once");
        assertEquals(0, counters.get(RECORD_DROPS));
        assertEquals(sink.count(), counters.get(ANSWERED) + counters.get(MALFORMED) + counters.get(TIMEOUTS) +
            counters.get(DISCARDED) + counters.get(SEND_ERRORS), "one record per resolved query");
        assertEquals(counters.get(ANSWERED), sink.countOf(Outcome.ANSWERED));
        assertEquals(counters.get(MALFORMED), sink.countOf(Outcome.MALFORMED));
    }
}
