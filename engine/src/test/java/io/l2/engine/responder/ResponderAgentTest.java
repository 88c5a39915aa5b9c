package io.l2.engine.responder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The responder's answers, one query at a time: a {@link ResponderAgent} on a loopback socket driven on the test
 * thread, a client socket, and dnsjava both to build the queries and, reading the same zone file, as the oracle.
 */
class ResponderAgentTest
{
    private static final Name ORIGIN = Name.fromConstantString(TestZone.ORIGIN);
    private static final long BOUND_NS = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    Path tempDir;

    private Zone oracle;
    private DatagramChannel serverChannel;
    private ResponderAgent agent;
    private DatagramChannel client;
    private SocketAddress serverAddress;
    private int nextId = 1000;

    @BeforeEach
    void setUp() throws IOException
    {
        final Path file = TestZone.writeTo(tempDir.resolve("resp.test.zone"));
        oracle = new Zone(ORIGIN, file.toString());
        serverChannel = DatagramChannel.open();
        serverChannel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        serverChannel.configureBlocking(false);
        serverAddress = serverChannel.getLocalAddress();
        agent = new ResponderAgent(serverChannel, ZoneAnswers.load(file, null));
        client = DatagramChannel.open();
        client.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client.configureBlocking(false);
    }

    @AfterEach
    void tearDown() throws IOException
    {
        agent.onClose();
        client.close();
    }

    @Test
    void shouldAnswerWithTheZonesRRsetWhenTheNameHasTheType() throws IOException
    {
        final String[][] questions = {
            { "@", "SOA" }, { "@", "NS" }, { "@", "MX" }, { "@", "TXT" }, { "ns1", "A" }, { "mail", "A" },
            { "mail", "AAAA" }, { "web", "A" }, { "web", "AAAA" }, { "_dns._udp", "SRV" }, { "www", "CNAME" },
        };
        for (final String[] question : questions)
        {
            final Name name = name(question[0]);
            final int type = Type.value(question[1]);
            final Message response = ask(query(name, type));
            final String what = name + " " + question[1];
            assertAuthoritativeAnswer(response, Rcode.NOERROR, what);
            assertEquals(name, response.getQuestion().getName(), what);
            assertEquals(type, response.getQuestion().getType(), what);
            assertRRsetEquals(oracle.findExactMatch(name, type), response.getSection(Section.ANSWER), what);
            assertTrue(response.getSection(Section.AUTHORITY).isEmpty(), what);
        }
    }

    @Test
    void shouldFollowTheCnameChainWhenTheNameIsAnAlias() throws IOException
    {
        final Message www = ask(query(name("www"), Type.A));
        assertAuthoritativeAnswer(www, Rcode.NOERROR, "www A");
        assertEquals(List.of(cname("www", "web")), only(www, Type.CNAME));
        assertRRsetEquals(oracle.findExactMatch(name("web"), Type.A), only(www, Type.A), "www A");

        final Message alias = ask(query(name("alias"), Type.AAAA));
        assertAuthoritativeAnswer(alias, Rcode.NOERROR, "alias AAAA");
        assertEquals(List.of(cname("alias", "www"), cname("www", "web")), only(alias, Type.CNAME));
        assertRRsetEquals(oracle.findExactMatch(name("web"), Type.AAAA), only(alias, Type.AAAA), "alias AAAA");

        final Message dangling = ask(query(name("dangling"), Type.A));
        assertEquals(Rcode.NXDOMAIN, dangling.getRcode(), "a chain to an absent name ends in NXDOMAIN");
        assertEquals(List.of(cname("dangling", "nothere")), only(dangling, Type.CNAME));
        assertSoaInAuthority(dangling, "dangling A");

        final Message nodata = ask(query(name("www"), Type.MX));
        assertAuthoritativeAnswer(nodata, Rcode.NOERROR, "www MX");
        assertEquals(List.of(cname("www", "web")), nodata.getSection(Section.ANSWER));
        assertSoaInAuthority(nodata, "www MX");

        final Message away = ask(query(name("away"), Type.A));
        assertAuthoritativeAnswer(away, Rcode.NOERROR, "away A");
        assertEquals(1, away.getSection(Section.ANSWER).size(), "a chain leaving the zone stops at its CNAME");
        assertTrue(away.getSection(Section.AUTHORITY).isEmpty());

        final Message loop = ask(query(name("loop1"), Type.A));
        assertEquals(Rcode.NOERROR, loop.getRcode());
        assertEquals(ZoneAnswers.MAX_CNAME_HOPS + 1, loop.getSection(Section.ANSWER).size(), "a loop is cut");
    }

    @Test
    void shouldAnswerAnyWithEveryRRsetOfTheName() throws IOException
    {
        final Message web = ask(query(name("web"), Type.ANY));
        assertAuthoritativeAnswer(web, Rcode.NOERROR, "web ANY");
        final Set<org.xbill.DNS.Record> expected = new HashSet<>();
        expected.addAll(oracle.findExactMatch(name("web"), Type.A).rrs());
        expected.addAll(oracle.findExactMatch(name("web"), Type.AAAA).rrs());
        assertEquals(expected, new HashSet<>(web.getSection(Section.ANSWER)));

        final Message apex = ask(query(ORIGIN, Type.ANY));
        assertEquals(1 + 2 + 1 + 1, apex.getSection(Section.ANSWER).size(), "SOA, 2 NS, MX, TXT");

        final Message www = ask(query(name("www"), Type.ANY));
        assertEquals(List.of(cname("www", "web")), www.getSection(Section.ANSWER));
    }

    @Test
    void shouldAnswerNodataWithTheSoaWhenTheNameLacksTheType() throws IOException
    {
        for (final Name name : new Name[]{ name("mail"), name("_udp"), name("ns1") })
        {
            final int type = Type.TXT;
            final Message response = ask(query(name, type));
            assertAuthoritativeAnswer(response, Rcode.NOERROR, name + " TXT");
            assertTrue(response.getSection(Section.ANSWER).isEmpty(), name + " TXT");
            assertSoaInAuthority(response, name + " TXT");
        }
        final Message entAny = ask(query(name("_udp"), Type.ANY));
        assertAuthoritativeAnswer(entAny, Rcode.NOERROR, "_udp ANY");
        assertTrue(entAny.getSection(Section.ANSWER).isEmpty(), "an empty non-terminal has nothing for ANY");
        assertSoaInAuthority(entAny, "_udp ANY");
    }

    @Test
    void shouldAnswerNxdomainWithTheSoaWhenTheNameIsAbsent() throws IOException
    {
        for (final Name name : new Name[]{ name("nothere"), name("deep.nothere"), name("x.web") })
        {
            final Message response = ask(query(name, Type.A));
            assertAuthoritativeAnswer(response, Rcode.NXDOMAIN, name + " A");
            assertTrue(response.getSection(Section.ANSWER).isEmpty());
            assertSoaInAuthority(response, name + " A");
        }
    }

    @Test
    void shouldRefuseWhenTheNameIsOutsideTheZoneOrTheClassIsNotIn() throws IOException
    {
        for (final String outside : new String[]{ "www.example.net.", "xresp.test.", "test.", "." })
        {
            final Message response = ask(query(Name.fromString(outside), Type.A));
            assertEquals(Rcode.REFUSED, response.getRcode(), outside);
            assertFalse(response.getHeader().getFlag(Flags.AA), outside);
            assertEquals(Name.fromString(outside), response.getQuestion().getName(), outside);
        }

        final Message chaos = new Message(nextId++);
        chaos.addRecord(org.xbill.DNS.Record.newRecord(name("www"), Type.TXT, DClass.CH), Section.QUESTION);
        final Message response = ask(chaos);
        assertEquals(Rcode.REFUSED, response.getRcode());
        assertEquals(DClass.CH, response.getQuestion().getDClass());
    }

    @Test
    void shouldAnswerWithAnOptWhenTheQueryHasOne() throws IOException
    {
        for (final String[] question : new String[][]{ { "web", "A" }, { "nothere", "A" }, { "mail", "TXT" },
            { "huge", "TXT" } })
        {
            final Message query = query(name(question[0]), Type.value(question[1]));
            query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
            final Message response = ask(query);
            final OPTRecord opt = response.getOPT();
            assertNotNull(opt, question[0] + " " + question[1]);
            assertEquals(1232, opt.getPayloadSize());
            assertEquals(0, opt.getVersion());
        }
        assertNull(ask(query(name("web"), Type.A)).getOPT(), "no OPT back without one in the query");
    }

    @Test
    void shouldTruncateWhenTheAnswerDoesNotFitTheRequestorsPayload() throws IOException
    {
        final Message plainBig = ask(query(name("big"), Type.TXT));
        assertTrue(plainBig.getHeader().getFlag(Flags.TC), "over 512 bytes without EDNS");
        assertTrue(plainBig.getSection(Section.ANSWER).isEmpty());
        assertEquals(name("big"), plainBig.getQuestion().getName());

        final Message ednsBig = ask(withOpt(query(name("big"), Type.TXT), 1232));
        assertFalse(ednsBig.getHeader().getFlag(Flags.TC), "fits in 1232 bytes");
        assertRRsetEquals(oracle.findExactMatch(name("big"), Type.TXT), ednsBig.getSection(Section.ANSWER), "big");

        final Message smallEdns = ask(withOpt(query(name("big"), Type.TXT), 512));
        assertTrue(smallEdns.getHeader().getFlag(Flags.TC), "the requestor said 512");
        assertNotNull(smallEdns.getOPT());

        final Message ednsHuge = ask(withOpt(query(name("huge"), Type.TXT), 4096));
        assertTrue(ednsHuge.getHeader().getFlag(Flags.TC), "over 1232 bytes, the most the responder sends");
        assertNotNull(ednsHuge.getOPT());
        assertTrue(ednsHuge.getSection(Section.ANSWER).isEmpty());
    }

    @Test
    void shouldIgnoreGarbageAndResponsesWhenTheyArriveAmongQueries() throws IOException
    {
        final Message response = new Message(4242);
        response.getHeader().setFlag(Flags.QR);
        response.addRecord(org.xbill.DNS.Record.newRecord(name("web"), Type.A, DClass.IN), Section.QUESTION);
        final byte[][] ignored = {
            { 1, 2, 3, 4, 5 },
            new byte[0],
            new byte[11],
            response.toWire(),
        };
        final long droppedBefore = agent.dropped();
        final long answeredBefore = agent.answered();
        for (final byte[] datagram : ignored)
        {
            send(datagram);
        }
        final Message answer = ask(query(name("web"), Type.A));
        assertEquals(Rcode.NOERROR, answer.getRcode(), "the first datagram back answers the query");
        assertEquals(droppedBefore + ignored.length, agent.dropped());
        assertEquals(answeredBefore + 1, agent.answered());
    }

    @Test
    void shouldAnswerFormerrWhenTheQuestionIsMalformed() throws IOException
    {
        final byte[] noQuestion = { 0x12, 0x34, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };
        final Message formerr = new Message(exchange(noQuestion));
        assertEquals(0x1234, formerr.getHeader().getID());
        assertEquals(Rcode.FORMERR, formerr.getRcode());
        assertTrue(formerr.getHeader().getFlag(Flags.QR));
        assertTrue(formerr.getHeader().getFlag(Flags.RD), "RD is copied");

        final byte[] truncatedName = { 0x12, 0x35, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'w' };
        assertEquals(Rcode.FORMERR, new Message(exchange(truncatedName)).getRcode());

        final Message twoQuestions = query(name("web"), Type.A);
        twoQuestions.addRecord(org.xbill.DNS.Record.newRecord(name("ns1"), Type.A, DClass.IN), Section.QUESTION);
        assertEquals(Rcode.FORMERR, ask(twoQuestions).getRcode());
    }

    @Test
    void shouldAnswerNotimpWhenTheOpcodeIsNotQuery() throws IOException
    {
        final Message notify = query(ORIGIN, Type.SOA);
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        final Message response = ask(notify);
        assertEquals(Rcode.NOTIMP, response.getRcode());
        assertEquals(Opcode.NOTIFY, response.getHeader().getOpcode());
    }

    @Test
    void shouldMatchNamesCaseInsensitivelyAndEchoTheQuestionsCase() throws IOException
    {
        final Name shouted = Name.fromString("WeB.ReSp.TeSt.");
        final byte[] query = query(shouted, Type.A).toWire();
        final byte[] wire = exchange(query);
        final int questionLength = query.length - 12;
        assertArrayEquals(Arrays.copyOfRange(query, 12, 12 + questionLength),
            Arrays.copyOfRange(wire, 12, 12 + questionLength), "the question comes back byte for byte");
        final Message response = new Message(wire);
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertRRsetEquals(oracle.findExactMatch(name("web"), Type.A), response.getSection(Section.ANSWER), "WeB");

        final Message mixed = ask(query(name("mixed"), Type.A));
        assertEquals(Rcode.NOERROR, mixed.getRcode(), "the zone's own case does not matter either");
        assertEquals(1, mixed.getSection(Section.ANSWER).size());

        final Message nx = ask(query(Name.fromString("NOTHERE.RESP.TEST."), Type.A));
        assertEquals(Rcode.NXDOMAIN, nx.getRcode());
    }

    @Test
    void shouldCopyRdAndTheIdIntoEveryAnswer() throws IOException
    {
        final Message withoutRd = query(name("web"), Type.A);
        withoutRd.getHeader().unsetFlag(Flags.RD);
        final Message response = ask(withoutRd);
        assertFalse(response.getHeader().getFlag(Flags.RD));
        assertFalse(response.getHeader().getFlag(Flags.RA), "an authoritative server offers no recursion");

        final Message withRd = query(name("nothere"), Type.A);
        withRd.getHeader().setFlag(Flags.RD);
        assertTrue(ask(withRd).getHeader().getFlag(Flags.RD));
    }

    private Message ask(final Message query) throws IOException
    {
        final Message response = new Message(exchange(query.toWire()));
        assertEquals(query.getHeader().getID(), response.getHeader().getID());
        assertTrue(response.getHeader().getFlag(Flags.QR));
        return response;
    }

    private byte[] exchange(final byte[] query) throws IOException
    {
        send(query);
        final ByteBuffer buffer = ByteBuffer.allocate(65536);
        final long deadlineNs = System.nanoTime() + BOUND_NS;
        while (null == client.receive(buffer))
        {
            if (System.nanoTime() > deadlineNs)
            {
                fail("no response");
            }
            agent.doWork();
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private void send(final byte[] datagram) throws IOException
    {
        client.send(ByteBuffer.wrap(datagram), serverAddress);
    }

    private Message query(final Name name, final int type)
    {
        final Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(name, type, DClass.IN));
        query.getHeader().setID(nextId++);
        return query;
    }

    private static Message withOpt(final Message query, final int payloadSize)
    {
        query.addRecord(new OPTRecord(payloadSize, 0, 0), Section.ADDITIONAL);
        return query;
    }

    private static Name name(final String relative)
    {
        try
        {
            return "@".equals(relative) ? ORIGIN : Name.fromString(relative, ORIGIN);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }

    private static CNAMERecord cname(final String owner, final String target)
    {
        return new CNAMERecord(name(owner), DClass.IN, 300, name(target));
    }

    private static List<org.xbill.DNS.Record> only(final Message response, final int type)
    {
        final List<org.xbill.DNS.Record> records = new ArrayList<>();
        for (final org.xbill.DNS.Record record : response.getSection(Section.ANSWER))
        {
            if (type == record.getType())
            {
                records.add(record);
            }
        }
        return records;
    }

    private static void assertAuthoritativeAnswer(final Message response, final int rcode, final String what)
    {
        assertEquals(rcode, response.getRcode(), what);
        assertTrue(response.getHeader().getFlag(Flags.AA), what + ": AA");
        assertFalse(response.getHeader().getFlag(Flags.TC), what + ": TC");
        assertEquals(1, response.getSection(Section.QUESTION).size(), what);
    }

    private void assertSoaInAuthority(final Message response, final String what)
    {
        final List<org.xbill.DNS.Record> authority = response.getSection(Section.AUTHORITY);
        assertEquals(1, authority.size(), what);
        final SOARecord soa = (SOARecord)authority.get(0);
        assertEquals(oracle.getSOA(), soa, what);
        assertEquals(60, soa.getTTL(), what + ": negative TTL is min(SOA TTL, MINIMUM)");
        assertTrue(response.getHeader().getFlag(Flags.AA), what + ": AA");
    }

    private static void assertRRsetEquals(
        final RRset expected, final List<org.xbill.DNS.Record> actual, final String what)
    {
        assertNotNull(expected, what + ": the oracle has no such RRset");
        assertEquals(new HashSet<>(expected.rrs()), new HashSet<>(actual), what);
        for (final org.xbill.DNS.Record record : actual)
        {
            assertEquals(expected.getTTL(), record.getTTL(), what + ": TTL");
        }
    }
}
