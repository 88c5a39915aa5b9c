package io.l2.engine.codec;

import io.l2.engine.ammo.AmmoLoader;
import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.test.NsdServer;
import io.l2.engine.test.ZoneWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Our encoder and decoder against a real NSD on 127.0.0.1, with dnsjava reading the same replies. Runs in the normal
 * build and fails, not skips, when NSD is not installed.
 */
@Tag("real-server")
class RealNsdTest
{
    private static final int HOST_COUNT = 20;
    private static final long REPLY_TIMEOUT_MS = 2_000;
    private static final int AT_LEAST_ONE = -1;
    private static final ZoneWriter ZONE = ZoneWriter.exampleTest(HOST_COUNT);

    private static NsdServer nsd;

    @TempDir
    static Path directory;

    private final DnsResponseDecoder decoder = new DnsResponseDecoder();
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
    private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(65535));

    @BeforeAll
    static void startNsd()
    {
        nsd = NsdServer.start(ZONE);
    }

    @AfterAll
    static void stopNsd()
    {
        if (null != nsd)
        {
            nsd.close();
        }
    }

    @Test
    void shouldAgreeWithDnsjavaAndTheZoneWhenNsdAnswersEveryAmmoQuery() throws IOException
    {
        final List<Expectation> expectations = new ArrayList<>();
        final StringBuilder ammo = new StringBuilder("; existing names of several types, then names NSD lacks\n");
        for (int i = 0; i < HOST_COUNT; i++)
        {
            expectations.add(new Expectation("host" + i + ".example.test", "A", Rcode.NOERROR, 1));
        }
        for (int i = 0; i < 10; i++)
        {
            expectations.add(new Expectation("host" + i + ".example.test.", "AAAA", Rcode.NOERROR, 1));
        }
        expectations.add(new Expectation("example.test", "SOA", Rcode.NOERROR, 1));
        expectations.add(new Expectation("example.test", "NS", Rcode.NOERROR, 1));
        expectations.add(new Expectation("example.test", "MX", Rcode.NOERROR, 1));
        expectations.add(new Expectation("example.test", "TXT", Rcode.NOERROR, 1));
        expectations.add(new Expectation("example.test", "ANY", Rcode.NOERROR, AT_LEAST_ONE));
        expectations.add(new Expectation("ns1.example.test", "A", Rcode.NOERROR, 1));
        expectations.add(new Expectation("mail.example.test", "a", Rcode.NOERROR, 1));
        expectations.add(new Expectation("HOST3.Example.TEST", "A", Rcode.NOERROR, 1));
        expectations.add(new Expectation("host1.example.test", "MX", Rcode.NOERROR, 0));
        expectations.add(new Expectation("host2.example.test", "TYPE65", Rcode.NOERROR, 0));
        for (int i = 0; i < 8; i++)
        {
            expectations.add(new Expectation("nohost" + i + ".example.test", 0 == i % 2 ? "A" : "AAAA",
                Rcode.NXDOMAIN, 0));
        }
        expectations.add(new Expectation("www.not-served.test", "A", Rcode.REFUSED, 0));
        for (final Expectation expectation : expectations)
        {
            ammo.append(expectation.name).append(' ').append(expectation.type).append('\n');
        }
        final Path file = Files.writeString(directory.resolve("nsd-ammo.txt"), ammo);

        try (AmmoTable table = AmmoLoader.load(file, QueryOptions.defaults());
            DatagramChannel channel = connect();
            Selector selector = Selector.open())
        {
            channel.register(selector, SelectionKey.OP_READ);
            assertEquals(expectations.size(), table.count());
            assertTrue(table.count() >= 45, "about 50 queries");
            for (int i = 0; i < table.count(); i++)
            {
                final Expectation expected = expectations.get(i);
                final String what = table.describe(i);
                table.copyQuery(i, sendBuffer, 0);
                final int id = 1000 + i;
                DnsQueryEncoder.stampId(sendBuffer, 0, id);

                final byte[] reply = exchange(channel, selector, table.queryLength(i), id);
                final Message message = DnsjavaOracle.parse(reply);
                DnsjavaOracle.assertDecodesLikeDnsjava(decoder, reply);
                final int length = wrapReply(reply);

                assertEquals(reply.length, length);
                assertEquals(id, decoder.id(), what);
                assertTrue(decoder.isResponse(), what);
                assertEquals(DnsDescriptor.OPCODE_QUERY, decoder.opcode(), what);
                assertEquals(expected.rcode, decoder.rcode(), () -> what + ": " +
                    RcodeNames.rcodeName(decoder.rcode()));
                assertEquals(Rcode.REFUSED != expected.rcode, decoder.isAuthoritative(), what);
                assertFalse(decoder.isTruncated(), what);
                assertFalse(decoder.hasOpt(), what + ": no EDNS asked, none answered");
                assertTrue(decoder.questionMatches(sendBuffer, 0, table.queryLength(i)), what);
                assertEquals(message.getSection(Section.ANSWER).size(), decoder.answerCount(), what);
                if (AT_LEAST_ONE == expected.answerCount)
                {
                    assertTrue(decoder.answerCount() >= 1, what);
                }
                else
                {
                    assertEquals(expected.answerCount, decoder.answerCount(), what);
                }
                if (Rcode.REFUSED != expected.rcode && 0 == expected.answerCount)
                {
                    assertEquals(1, decoder.authorityCount(), what + ": the SOA proves the negative answer");
                }
            }
        }
    }

    @Test
    void shouldReadTheOptRecordWhenQueryingWithEdnsAndDnssecOk() throws IOException
    {
        final byte[] text = "host5.example.test AAAA\n".getBytes(StandardCharsets.US_ASCII);
        try (AmmoTable table = AmmoLoader.parse(
                "edns", new ByteArrayInputStream(text), QueryOptions.withEdns(true, 1232, true));
            DatagramChannel channel = connect();
            Selector selector = Selector.open())
        {
            channel.register(selector, SelectionKey.OP_READ);
            table.copyQuery(0, sendBuffer, 0);
            DnsQueryEncoder.stampId(sendBuffer, 0, 4242);

            final byte[] reply = exchange(channel, selector, table.queryLength(0), 4242);
            DnsjavaOracle.assertDecodesLikeDnsjava(decoder, reply);
            final Message message = DnsjavaOracle.parse(reply);

            wrapReply(reply);
            assertEquals(RcodeNames.NOERROR, decoder.rcode());
            assertTrue(decoder.hasOpt());
            assertTrue(decoder.isDnssecOk(), "RFC 3225: the server copies DO into its reply");
            assertEquals(message.getOPT().getPayloadSize(), decoder.ednsUdpSize());
            assertTrue(decoder.ednsUdpSize() >= 512);
            assertEquals(0, decoder.ednsVersion());
            assertEquals(1, decoder.answerCount());
            assertTrue(decoder.questionMatches(sendBuffer, 0, table.queryLength(0)));
        }
    }

    @Test
    void shouldReadBadversWhenTheQueryAsksForAnUnknownEdnsVersion() throws IOException
    {
        final DnsQueryEncoder encoder = new DnsQueryEncoder();
        final int length = encoder.encode(sendBuffer, 0, 777, DnsQueryEncoder.nameToWire("example.test."),
            QTypes.SOA, DnsDescriptor.CLASS_IN, QueryOptions.withEdns(false, 1232, false));
        final int optOffset = length - DnsDescriptor.OPT_RR_LENGTH;
        sendBuffer.putByte(optOffset + DnsDescriptor.OPT_VERSION_OFFSET, (byte) 1);

        try (DatagramChannel channel = connect(); Selector selector = Selector.open())
        {
            channel.register(selector, SelectionKey.OP_READ);
            final byte[] reply = exchange(channel, selector, length, 777);
            DnsjavaOracle.assertDecodesLikeDnsjava(decoder, reply);

            wrapReply(reply);
            assertEquals(RcodeNames.BADVERS, decoder.rcode());
            assertEquals("BADVERS", RcodeNames.rcodeName(decoder.rcode()));
            assertTrue(decoder.hasOpt());
        }
    }

    @Test
    void shouldStopNsdByPidAndDeleteItsDirectoryWhenClosed()
    {
        final NsdServer server = NsdServer.start(ZoneWriter.exampleTest(1));
        final long pid = server.pid();
        final Path serverDirectory = server.directory();
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(Files.isDirectory(serverDirectory));

        server.close();

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "NSD is gone");
        assertFalse(Files.exists(serverDirectory), "its directory is gone");
        server.close();
    }

    private static DatagramChannel connect() throws IOException
    {
        final DatagramChannel channel = DatagramChannel.open();
        channel.connect(nsd.address());
        channel.configureBlocking(false);
        return channel;
    }

    private int wrapReply(final byte[] reply)
    {
        receiveBuffer.putBytes(0, reply);
        final int result = decoder.wrap(receiveBuffer, 0, reply.length);
        assertEquals(DnsResponseDecoder.OK, result, DnsResponseDecoder.reasonName(result));
        return decoder.length();
    }

    /**
     * Sends the query in {@link #sendBuffer} and waits (bounded) for the reply with the same id.
     */
    private byte[] exchange(final DatagramChannel channel, final Selector selector, final int length, final int id)
        throws IOException
    {
        final ByteBuffer out = sendBuffer.byteBuffer().duplicate();
        out.clear().limit(length);
        assertEquals(length, channel.write(out));

        final ByteBuffer in = receiveBuffer.byteBuffer().duplicate();
        final long deadlineNs = System.nanoTime() + REPLY_TIMEOUT_MS * 1_000_000L;
        while (System.nanoTime() - deadlineNs < 0)
        {
            if (0 == selector.select(REPLY_TIMEOUT_MS))
            {
                continue;
            }
            selector.selectedKeys().clear();
            in.clear();
            final int received = channel.read(in);
            if (received >= 2 && id == (receiveBuffer.getShort(0, DnsDescriptor.BYTE_ORDER) & 0xFFFF))
            {
                final byte[] reply = new byte[received];
                receiveBuffer.getBytes(0, reply);
                return reply;
            }
        }
        fail("no reply from NSD within " + REPLY_TIMEOUT_MS + " ms for id " + id + "; NSD log:\n" + nsd.logTail());
        return null;
    }

    private record Expectation(String name, String type, int rcode, int answerCount)
    {
    }
}
