package io.l2.engine.ammo;

import io.l2.engine.codec.DnsQueryEncoder;
import io.l2.engine.codec.QueryOptions;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmmoLoaderTest
{
    private static final String GOOD =
        "; dnsperf comment\n" +
        "# l2 comment\n" +
        "\n" +
        "www.example.test A\n" +
        "   \t  \n" +
        "Mail.Example.Test.\tMX\n" +
        "example.test aaaa   # trailing comment\n" +
        "example.test TXT ;dnsperf-style trailing comment\n" +
        "  indented.example.test NS\n" +
        "svc.example.test TYPE65\r\n" +
        "x\\.dotted.example.test SRV\r\n" +
        "\\001bin.example.test ANY\n" +
        ". SOA\n" +
        "last.example.test\tCAA";

    @TempDir
    Path directory;

    @Test
    void shouldEncodeEveryQueryOfAGoodFileInOrder() throws IOException
    {
        try (AmmoTable table = parse("good.txt", GOOD))
        {
            final String[][] expected =
            {
                {"www.example.test.", "A"},
                {"Mail.Example.Test.", "MX"},
                {"example.test.", "AAAA"},
                {"example.test.", "TXT"},
                {"indented.example.test.", "NS"},
                {"svc.example.test.", "HTTPS"},
                {"x\\.dotted.example.test.", "SRV"},
                {"\\001bin.example.test.", "ANY"},
                {".", "SOA"},
                {"last.example.test.", "CAA"},
            };
            assertEquals(expected.length, table.count());
            assertEquals("good.txt", table.sourceName());
            for (int i = 0; i < expected.length; i++)
            {
                final Message message = messageAt(table, i);
                final Name name = Name.fromString(expected[i][0]);
                assertEquals(name, message.getQuestion().getName());
                assertArrayEquals(name.toWire(), message.getQuestion().getName().toWire(), "case kept");
                assertEquals(Type.value(expected[i][1]), message.getQuestion().getType());
                assertEquals(Type.value(expected[i][1]), table.qtype(i));
                assertEquals(DClass.IN, message.getQuestion().getDClass());
                assertEquals(0, message.getHeader().getID());
                assertTrue(message.getHeader().getFlag(Flags.RD));
                assertNull(message.getOPT());
                assertEquals(expected[i][0] + " " + expected[i][1], table.describe(i));
            }
        }
    }

    @Test
    void shouldHashTheTextAsRead() throws Exception
    {
        try (AmmoTable table = parse("good.txt", GOOD))
        {
            assertEquals(sha256(GOOD.getBytes(StandardCharsets.US_ASCII)), table.sha256());
        }
        try (AmmoTable other = parse("other.txt", GOOD + "\n"))
        {
            assertFalse(sha256(GOOD.getBytes(StandardCharsets.US_ASCII)).equals(other.sha256()));
        }
    }

    @Test
    void shouldEncodeWithTheGivenEdnsOptions() throws IOException
    {
        final QueryOptions options = QueryOptions.withEdns(false, 4096, true);
        try (AmmoTable table = AmmoLoader.parse("edns.txt", stream("a.test A\nb.test AAAA\n"), options))
        {
            assertEquals(options, table.options());
            for (int i = 0; i < table.count(); i++)
            {
                final Message message = messageAt(table, i);
                assertFalse(message.getHeader().getFlag(Flags.RD));
                assertEquals(4096, message.getOPT().getPayloadSize());
                assertTrue(0 != (message.getOPT().getFlags() & ExtendedFlags.DO));
            }
        }
    }

    @Test
    void shouldGunzipAFileWhoseNameEndsInGz() throws Exception
    {
        final Path plain = Files.writeString(directory.resolve("ammo.txt"), GOOD);
        final Path gz = directory.resolve("ammo.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz)))
        {
            out.write(GOOD.getBytes(StandardCharsets.US_ASCII));
        }

        try (AmmoTable fromPlain = AmmoLoader.load(plain, QueryOptions.defaults());
            AmmoTable fromGz = AmmoLoader.load(gz, QueryOptions.defaults()))
        {
            assertEquals(gz.toString(), fromGz.sourceName());
            assertEquals(fromPlain.count(), fromGz.count());
            assertEquals(fromPlain.sha256(), fromGz.sha256(), "the hash is of the text, not of the gzip bytes");
            assertEquals(fromPlain.sha256(), AmmoLoader.sha256(plain), "hashing without loading gives the same");
            assertEquals(fromGz.sha256(), AmmoLoader.sha256(gz), "hashing without loading gunzips as loading does");
            assertEquals(fromPlain.encodedBytes(), fromGz.encodedBytes());
            for (int i = 0; i < fromPlain.count(); i++)
            {
                assertArrayEquals(bytesOf(fromPlain, i), bytesOf(fromGz, i));
            }
        }
    }

    @Test
    void shouldPackManyQueriesIntoOneBufferAcrossStagingChunks() throws IOException
    {
        final StringBuilder text = new StringBuilder();
        final int count = 60_000;
        for (int i = 0; i < count; i++)
        {
            text.append("host").append(i).append(".example.test ").append(0 == i % 2 ? "A" : "AAAA").append('\n');
        }
        final QueryOptions options = QueryOptions.withEdns(true, 1232, false);
        try (AmmoTable table = AmmoLoader.parse("many.txt", stream(text.toString()), options))
        {
            assertEquals(count, table.count());
            assertTrue(table.encodedBytes() > 2 * 1024 * 1024, "bigger than one staging chunk");
            final UnsafeBuffer expected = new UnsafeBuffer(new byte[512]);
            final DnsQueryEncoder encoder = new DnsQueryEncoder();
            long total = 0;
            for (int i = 0; i < count; i++)
            {
                final int length = encoder.encode(expected, 0, 0,
                    DnsQueryEncoder.nameToWire("host" + i + ".example.test"), 0 == i % 2 ? 1 : 28, 1, options);
                assertEquals(total, table.queryOffset(i));
                assertEquals(length, table.queryLength(i));
                assertArrayEquals(Arrays.copyOf(expected.byteArray(), length), bytesOf(table, i), "query " + i);
                total += length;
            }
            assertEquals(total, table.encodedBytes());
        }
    }

    @Test
    void shouldAcceptALineOfExactly1024BytesAndRejectOneOf1025()
    {
        final String query = "a.test A ";
        final String comment = "#" + "c".repeat(1024 - query.length() - 1);
        assertEquals(1024, (query + comment).length());
        try (AmmoTable table = parse("edge.txt", query + comment + "\r\n" + query + comment + "\n"))
        {
            assertEquals(2, table.count());
        }
        assertEquals("long.txt:2: line is longer than 1024 bytes",
            error("long.txt", "a.test A\n" + query + comment + "c\nb.test A\n"));
        assertEquals("long.txt:1: line is longer than 1024 bytes",
            error("long.txt", "x".repeat(100_000)));
    }

    @Test
    void shouldReportAnUnknownTypeWithItsColumn()
    {
        assertEquals("ammo.txt:2:18: unknown query type 'AAA'", error("ammo.txt", "a.test A\nwww.example.test AAA\n"));
    }

    @Test
    void shouldReportATypeThatCannotBeQueried()
    {
        assertEquals("ammo.txt:1:8: 'AXFR' cannot be a query type here (TYPE0, OPT, TKEY, TSIG, IXFR and AXFR are not)",
            error("ammo.txt", "a.test AXFR\n"));
    }

    @Test
    void shouldReportAMissingType()
    {
        assertEquals("ammo.txt:3:17: missing query type (expected 'name type', e.g. 'example.com A')",
            error("ammo.txt", "a.test A\n\nwww.example.test\n"));
        assertEquals("ammo.txt:1:7: missing query type (expected 'name type', e.g. 'example.com A')",
            error("ammo.txt", "a.test # comment where the type should be\n"));
    }

    @Test
    void shouldReportBadNames()
    {
        assertEquals("n.txt:1:1: bad name 'a..test': invalid empty label", error("n.txt", "a..test A\n"));
        final String longLabel = "x".repeat(64) + ".test";
        assertEquals("n.txt:2:3: bad name '" + longLabel + "': label too long",
            error("n.txt", "a.test A\n  " + longLabel + " A\n"));
        assertEquals("n.txt:1:1: bad name 'bad\\9escape.test': bad escape", error("n.txt", "bad\\9escape.test MX\n"));
        final String longName = ("a".repeat(63) + ".").repeat(4);
        assertEquals("n.txt:1:1: bad name '" + longName + "': Name too long", error("n.txt", longName + " A\n"));
    }

    @Test
    void shouldReportAnExtraField()
    {
        assertEquals("x.txt:1:10: unexpected field 'IN' (expected 'name type'; comments start with ';' or '#')",
            error("x.txt", "a.test A IN\n"));
    }

    @Test
    void shouldReportBinaryGarbageWithTheColumnOfTheFirstControlByte()
    {
        assertEquals("bin.txt:2:3: control byte 0x00: binary data, not a query file",
            error("bin.txt", "a.test A\nab\0cd A\n"));
        assertEquals("bin.txt:1:5: control byte 0x7F: binary data, not a query file",
            error("bin.txt", "a.te\u007fst A\n"));
        assertEquals("bin.txt:1:7: control byte 0x0D: binary data, not a query file",
            error("bin.txt", "a.test\rA\n"));
    }

    @Test
    void shouldHintAtGzipWhenGzipDataIsReadAsText() throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes))
        {
            out.write(GOOD.getBytes(StandardCharsets.US_ASCII));
        }
        final AmmoException ex = assertThrows(AmmoException.class, () -> AmmoLoader.parse(
            "ammo.txt", new ByteArrayInputStream(bytes.toByteArray()), QueryOptions.defaults()));
        assertTrue(ex.getMessage().startsWith("ammo.txt:1:"), ex.getMessage());
        assertTrue(ex.getMessage().endsWith("binary data, not a query file (gzip data? name the file *.gz)"),
            ex.getMessage());
    }

    @Test
    void shouldReportAnEmptyAmmo()
    {
        assertEquals("empty.txt: no queries (empty ammo)", error("empty.txt", ""));
        assertEquals("empty.txt: no queries (empty ammo)", error("empty.txt", "; only\n# comments\n\n  \r\n"));
    }

    @Test
    void shouldReportOnlyTheFirstError()
    {
        assertEquals("two.txt:2:8: unknown query type 'BAD1'",
            error("two.txt", "a.test A\nb.test BAD1\nc.test BAD2\n"));
    }

    @Test
    void shouldStopAtTheQueryLimit()
    {
        try (AmmoTable table = AmmoLoader.parse("cap.txt", stream("a.t A\nb.t A\nc.t A\n"), QueryOptions.defaults(), 3))
        {
            assertEquals(3, table.count());
        }
        final AmmoException ex = assertThrows(AmmoException.class, () -> AmmoLoader.parse(
            "cap.txt", stream("a.t A\n; comment\nb.t A\nc.t A\n\nd.t A\n"), QueryOptions.defaults(), 3));
        assertEquals("cap.txt:6: more than 3 queries: split the ammo", ex.getMessage());
        assertEquals(16 * 1024 * 1024, AmmoLoader.MAX_QUERY_COUNT);
    }

    @Test
    void shouldIgnoreAUtf8ByteOrderMarkAtTheStart()
    {
        final byte[] text = "\uFEFFwww.example.test A\n".getBytes(StandardCharsets.UTF_8);
        try (AmmoTable table = AmmoLoader.parse("bom.txt", new ByteArrayInputStream(text), QueryOptions.defaults()))
        {
            assertEquals("www.example.test. A", table.describe(0));
        }
    }

    @Test
    void shouldSendBytesAbove127AsTheyAre() throws IOException
    {
        final byte[] text = "caf\u00e9.test A\n".getBytes(StandardCharsets.UTF_8);
        try (AmmoTable table = AmmoLoader.parse("utf8.txt", new ByteArrayInputStream(text), QueryOptions.defaults()))
        {
            final byte[] wire = messageAt(table, 0).getQuestion().getName().toWire();
            assertArrayEquals(new byte[]{5, 'c', 'a', 'f', (byte) 0xC3, (byte) 0xA9, 4, 't', 'e', 's', 't', 0}, wire);
        }
    }

    @Test
    void shouldNameTheFileWhenItCannotBeRead() throws IOException
    {
        final Path missing = directory.resolve("missing.txt");
        assertEquals(missing + ": no such file", assertThrows(AmmoException.class,
            () -> AmmoLoader.load(missing, QueryOptions.defaults())).getMessage());
        assertEquals(directory + ": is a directory, not an ammo file", assertThrows(AmmoException.class,
            () -> AmmoLoader.load(directory, QueryOptions.defaults())).getMessage());

        final Path notGzip = Files.writeString(directory.resolve("plain.gz"), "a.test A\n");
        assertEquals(notGzip + ": not gzip data, yet the name ends in .gz", assertThrows(AmmoException.class,
            () -> AmmoLoader.load(notGzip, QueryOptions.defaults())).getMessage());

        final Path cut = directory.resolve("cut.txt.gz");
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes))
        {
            out.write(GOOD.repeat(50).getBytes(StandardCharsets.US_ASCII));
        }
        Files.write(cut, Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2));
        final String message = assertThrows(AmmoException.class,
            () -> AmmoLoader.load(cut, QueryOptions.defaults())).getMessage();
        assertTrue(message.startsWith(cut + ":") && message.contains(": corrupt gzip data ("), message);
    }

    private static AmmoTable parse(final String source, final String text)
    {
        return AmmoLoader.parse(source, stream(text), QueryOptions.defaults());
    }

    private static String error(final String source, final String text)
    {
        return assertThrows(AmmoException.class, () -> parse(source, text).close()).getMessage();
    }

    private static ByteArrayInputStream stream(final String text)
    {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] bytesOf(final AmmoTable table, final int i)
    {
        final byte[] bytes = new byte[table.queryLength(i)];
        table.buffer().getBytes(table.queryOffset(i), bytes);
        return bytes;
    }

    private static Message messageAt(final AmmoTable table, final int i) throws IOException
    {
        return new Message(bytesOf(table, i));
    }

    private static String sha256(final byte[] bytes) throws NoSuchAlgorithmException
    {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
