package io.l2.engine.shoot;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.DnsDescriptor;
import io.l2.engine.codec.DnsResponseDecoder;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.record.Outcome;
import io.l2.engine.record.ResultRecordDescriptor;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import static io.l2.engine.shoot.ShootFixtures.MS;
import static io.l2.engine.shoot.ShooterCounter.ANSWERED;
import static io.l2.engine.shoot.ShooterCounter.DUPLICATES;
import static io.l2.engine.shoot.ShooterCounter.LATE_RESPONSES;
import static io.l2.engine.shoot.ShooterCounter.MALFORMED;
import static io.l2.engine.shoot.ShooterCounter.RECEIVE_ERRORS;
import static io.l2.engine.shoot.ShooterCounter.TIMEOUTS;
import static io.l2.engine.shoot.ShooterCounter.UNDECODABLE;
import static io.l2.engine.shoot.ShooterCounter.UNMATCHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The bad-input matrix of DNS responses, one row per case, where they enter: a datagram read by a {@link ShooterAgent}
 * worker (over loopback UDP from a target the test controls; the one case no socket can carry is put in the worker's
 * receive buffer). Each row names the state of the query it is sent to and the one counter it must move; nothing
 * throws, no other counter moves, and the query ends as the row says (answered, malformed or still in flight).
 */
class HostileResponseTest
{
    /** The state of the query when the datagram arrives. */
    enum Before
    {
        IN_FLIGHT, TIMED_OUT, ANSWERED
    }

    private static final long TIMEOUT_NS = 50 * MS;
    private static final ShooterCounter[] DATAGRAM_COUNTERS =
        { ANSWERED, MALFORMED, UNMATCHED, LATE_RESPONSES, DUPLICATES, UNDECODABLE };
    private static final int NO_RECORD = -1;
    /** The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header). */
    private static final int LARGEST_IPV4_DATAGRAM = 65_507;

    private final CachedNanoClock clock = new CachedNanoClock();
    private AmmoTable ammo;

    @BeforeEach
    void setUp()
    {
        clock.update(0);
        ammo = ShootFixtures.ammo("h001.l2.test A");
    }

    @AfterEach
    void tearDown()
    {
        ammo.close();
    }

    static Stream<Arguments> hostileResponses()
    {
        return Stream.of(
            row("shorter than a header (11 bytes)", (q, a) -> Arrays.copyOf(a, 11), UNDECODABLE, NO_RECORD),
            row("header only (12 bytes, QDCOUNT 1)", (q, a) -> Arrays.copyOf(a, 12), MALFORMED, Outcome.MALFORMED),
            row("header only, QDCOUNT 0", (q, a) -> counts(Arrays.copyOf(a, 12), 0, 0), MALFORMED,
                Outcome.MALFORMED),
            row("cut mid-question", (q, a) -> Arrays.copyOf(a, 12 + 5), MALFORMED, Outcome.MALFORMED),
            row("cut mid-answer", (q, a) -> Arrays.copyOf(a, a.length - 2), MALFORMED, Outcome.MALFORMED),
            row("wrong id", (q, a) -> id(a, id(a) ^ 0x5A5A), UNMATCHED, NO_RECORD),
            row("wrong question: name", (q, a) -> answerTo(q, "h002.l2.test.", Type.A, DClass.IN), MALFORMED,
                Outcome.MALFORMED),
            row("wrong question: type", (q, a) -> answerTo(q, "h001.l2.test.", Type.AAAA, DClass.IN), MALFORMED,
                Outcome.MALFORMED),
            row("wrong question: class", (q, a) -> answerTo(q, "h001.l2.test.", Type.A, DClass.CH), MALFORMED,
                Outcome.MALFORMED),
            row("two questions", (q, a) -> twoQuestions(q), MALFORMED, Outcome.MALFORMED),
            row("question in another letter case (0x20)", (q, a) -> answerTo(q, "H001.L2.TeSt.", Type.A, DClass.IN),
                ANSWERED, Outcome.ANSWERED),
            row("compression loop (a name pointing at itself)", (q, a) -> answerNamePointer(a, answerStart(a)),
                MALFORMED, Outcome.MALFORMED),
            row("compression pointer forwards", (q, a) -> answerNamePointer(a, answerStart(a) + 2), MALFORMED,
                Outcome.MALFORMED),
            row("compression pointer past the end", (q, a) -> answerNamePointer(a, 0x3FFF), MALFORMED,
                Outcome.MALFORMED),
            row("compression pointer into the header", (q, a) -> answerNamePointer(a, 2), MALFORMED,
                Outcome.MALFORMED),
            row("ANCOUNT 65535 with one record", (q, a) -> counts(a, 1, 0xFFFF), MALFORMED, Outcome.MALFORMED),
            row("RDLENGTH past the end", (q, a) -> rdlength(a, 0xFFFF), MALFORMED, Outcome.MALFORMED),
            row("TC bit set (answered: the flag is recorded)", (q, a) -> flags(a, flags(a) | 0x0200), ANSWERED,
                Outcome.ANSWERED),
            row("QR clear (a query, e.g. ours reflected)", (q, a) -> flags(a, flags(a) & 0x7FFF), MALFORMED,
                Outcome.MALFORMED),
            row("garbage bytes", (q, a) -> id(garbage(512), id(a) ^ 0xFFFF), UNMATCHED, NO_RECORD),
            row("garbage bytes with the query's id", (q, a) -> id(garbage(512), id(a)), MALFORMED,
                Outcome.MALFORMED),
            row("the largest IPv4 datagram (65507 bytes: the answer, then zeros)",
                (q, a) -> Arrays.copyOf(a, LARGEST_IPV4_DATAGRAM), ANSWERED, Outcome.ANSWERED),
            row("a read that fills the 64 KiB receive buffer (65536 bytes)", (q, a) -> Arrays.copyOf(a, 65_536),
                MALFORMED, Outcome.MALFORMED),
            arguments("an answer to a query that timed out", Before.TIMED_OUT,
                (BiFunction<Message, byte[], byte[]>)(q, a) -> a, LATE_RESPONSES, NO_RECORD),
            arguments("an answer to a query already answered (duplicate)", Before.ANSWERED,
                (BiFunction<Message, byte[], byte[]>)(q, a) -> a, DUPLICATES, NO_RECORD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileResponses")
    void shouldCountTheDatagramOnceAndNeverThrowWhenTheResponseIsHostile(
        final String name,
        final Before before,
        final BiFunction<Message, byte[], byte[]> datagramOf,
        final ShooterCounter expectedCounter,
        final int expectedOutcome) throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 5 * MS).build();
        final CapturingSink sink = new CapturingSink(8);
        try (FakeTarget target = new FakeTarget())
        {
            final ShootFixtures.AgentBuilder builder = new ShootFixtures.AgentBuilder()
                .target(target.address())
                .ammo(ammo)
                .profile(profile)
                .timeoutNs(TIMEOUT_NS)
                .clock(clock, 0)
                .sink(sink);
            final ShooterAgent agent = builder.build();
            try
            {
                agent.doWork();
                final Message query = target.receiveQuery();
                final byte[] answer = FakeTarget.answer(query, Rcode.NOERROR);
                final long[] counts = new long[DATAGRAM_COUNTERS.length];
                if (Before.TIMED_OUT == before)
                {
                    clock.update(TIMEOUT_NS);
                    agent.doWork();
                    assertEquals(1, agent.counters().get(TIMEOUTS));
                }
                else if (Before.ANSWERED == before)
                {
                    target.send(answer);
                    drive(agent, () -> 1 == agent.counters().get(ANSWERED));
                    counts[0] = 1;
                }
                final int recordsBefore = sink.count();

                final byte[] datagram = datagramOf.apply(query, answer);
                if (datagram.length > LARGEST_IPV4_DATAGRAM)
                {
                    final QuerySocket socket = builder.sockets()[0];
                    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[datagram.length]);
                    buffer.putBytes(0, datagram);
                    agent.onResponse(socket, buffer, 0, datagram.length, clock.nanoTime());
                }
                else
                {
                    target.send(datagram);
                }
                final int expected = indexOf(expectedCounter);
                counts[expected]++;
                drive(agent, () -> counts[expected] == agent.counters().get(expectedCounter));

                for (int i = 0; i < DATAGRAM_COUNTERS.length; i++)
                {
                    assertEquals(counts[i], agent.counters().get(DATAGRAM_COUNTERS[i]), DATAGRAM_COUNTERS[i].label());
                }
                assertEquals(0, agent.counters().get(RECEIVE_ERRORS));
                if (NO_RECORD == expectedOutcome)
                {
                    assertEquals(recordsBefore, sink.count(), "the datagram must not resolve the query");
                }
                else
                {
                    assertEquals(1, sink.count());
                    assertEquals(expectedOutcome, sink.outcome[0]);
                    assertEquals(datagram.length, sink.responseLength[0]);
                    assertEquals(0 != (flags(datagram) & 0x0200) && Outcome.ANSWERED == expectedOutcome,
                        0 != (sink.flags[0] & ResultRecordDescriptor.FLAG_TC), "TC recorded");
                }
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    @Test
    void shouldIgnoreAnEmptyDatagramAndStillCountTheNextWhenTheTargetSendsZeroBytes() throws IOException
    {
        final RateProfile profile = new RateProfileBuilder().constant(1000, 5 * MS).build();
        final CapturingSink sink = new CapturingSink(8);
        try (FakeTarget target = new FakeTarget())
        {
            final ShooterAgent agent = new ShootFixtures.AgentBuilder()
                .target(target.address()).ammo(ammo).profile(profile).timeoutNs(TIMEOUT_NS).clock(clock, 0).sink(sink)
                .build();
            try
            {
                agent.doWork();
                final Message query = target.receiveQuery();
                target.send(new byte[0]);
                target.send(FakeTarget.answer(query, Rcode.NOERROR));
                drive(agent, () -> 1 == agent.counters().get(ANSWERED));
                for (final ShooterCounter counter : DATAGRAM_COUNTERS)
                {
                    assertEquals(ANSWERED == counter ? 1 : 0, agent.counters().get(counter), counter.label());
                }
            }
            finally
            {
                agent.onClose();
            }
        }
    }

    @Test
    void shouldRefuseMessagesLongerThan65535BytesWhenDecoding()
    {
        final DnsResponseDecoder decoder = new DnsResponseDecoder();
        final byte[] answer = FakeTarget.answer(query(), Rcode.NOERROR);
        for (final int length : new int[]{ 65_536, 70_000 })
        {
            final byte[] message = Arrays.copyOf(answer, length);
            assertEquals(DnsResponseDecoder.MALFORMED_OVERSIZE, decoder.wrap(new UnsafeBuffer(message), 0, length));
            assertEquals(id(answer), decoder.id(), "the header is still read, to match the query");
        }
        final byte[] longest = Arrays.copyOf(answer, DnsDescriptor.MAX_MESSAGE_LENGTH);
        assertEquals(DnsResponseDecoder.OK, decoder.wrap(new UnsafeBuffer(longest), 0, longest.length));
    }

    private static Arguments row(
        final String name,
        final BiFunction<Message, byte[], byte[]> datagramOf,
        final ShooterCounter counter,
        final int outcome)
    {
        return arguments(name, Before.IN_FLIGHT, datagramOf, counter, outcome);
    }

    private static int indexOf(final ShooterCounter counter)
    {
        for (int i = 0; i < DATAGRAM_COUNTERS.length; i++)
        {
            if (DATAGRAM_COUNTERS[i] == counter)
            {
                return i;
            }
        }
        throw new IllegalArgumentException(counter.label());
    }

    private static void drive(final ShooterAgent agent, final java.util.function.BooleanSupplier condition)
    {
        ShootFixtures.await("the agent to count the datagram", () ->
        {
            agent.doWork();
            return condition.getAsBoolean();
        });
    }

    private static Message query()
    {
        return Message.newQuery(org.xbill.DNS.Record.newRecord(
            Name.fromConstantString("h001.l2.test."), Type.A, DClass.IN));
    }

    private static byte[] answerTo(final Message query, final String name, final int type, final int dclass)
    {
        final Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.addRecord(org.xbill.DNS.Record.newRecord(Name.fromConstantString(name), type, dclass),
            Section.QUESTION);
        return response.toWire();
    }

    private static byte[] twoQuestions(final Message query)
    {
        final Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        response.addRecord(org.xbill.DNS.Record.newRecord(
            Name.fromConstantString("h002.l2.test."), Type.A, DClass.IN), Section.QUESTION);
        return response.toWire();
    }

    /**
     * Where the answer's first record starts: after the header and the one question (written in place).
     */
    private static int answerStart(final byte[] answer)
    {
        int position = DnsDescriptor.HEADER_LENGTH;
        while (0 != answer[position])
        {
            position += (answer[position] & 0xFF) + 1;
        }
        return position + 1 + DnsDescriptor.QUESTION_FIXED_LENGTH;
    }

    private static byte[] answerNamePointer(final byte[] answer, final int target)
    {
        final byte[] changed = answer.clone();
        final int at = answerStart(changed);
        changed[at] = (byte)(0xC0 | (target >> 8));
        changed[at + 1] = (byte)target;
        return changed;
    }

    private static byte[] rdlength(final byte[] answer, final int rdlength)
    {
        final byte[] changed = answer.clone();
        final int at = answerStart(changed) + 2 + 8;
        changed[at] = (byte)(rdlength >> 8);
        changed[at + 1] = (byte)rdlength;
        return changed;
    }

    private static byte[] counts(final byte[] message, final int questionCount, final int answerCount)
    {
        final byte[] changed = message.clone();
        changed[DnsDescriptor.QDCOUNT_OFFSET] = (byte)(questionCount >> 8);
        changed[DnsDescriptor.QDCOUNT_OFFSET + 1] = (byte)questionCount;
        changed[DnsDescriptor.ANCOUNT_OFFSET] = (byte)(answerCount >> 8);
        changed[DnsDescriptor.ANCOUNT_OFFSET + 1] = (byte)answerCount;
        return changed;
    }

    private static int id(final byte[] message)
    {
        return ((message[0] & 0xFF) << 8) | (message[1] & 0xFF);
    }

    private static byte[] id(final byte[] message, final int id)
    {
        final byte[] changed = message.clone();
        changed[0] = (byte)(id >> 8);
        changed[1] = (byte)id;
        return changed;
    }

    private static int flags(final byte[] message)
    {
        return ((message[2] & 0xFF) << 8) | (message[3] & 0xFF);
    }

    private static byte[] flags(final byte[] message, final int flags)
    {
        final byte[] changed = message.clone();
        changed[2] = (byte)(flags >> 8);
        changed[3] = (byte)flags;
        return changed;
    }

    private static byte[] garbage(final int length)
    {
        final byte[] bytes = new byte[length];
        new Random(7).nextBytes(bytes);
        return bytes;
    }
}
