package io.l2.engine.ammo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import io.l2.engine.codec.QueryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The bad-input matrix of ammo files, one row per case: each is refused with one {@link AmmoException} whose message
 * is one line of printable ASCII naming the file and the line (and the column where there is one).
 */
class HostileAmmoTest
{
    private static final String SOURCE = "ammo.txt";

    static Stream<Arguments> hostileText()
    {
        final byte[] enormousLine = new byte[10 * 1024 * 1024];
        Arrays.fill(enormousLine, (byte)'a');
        return Stream.of(
            arguments("binary garbage", new byte[]{ (byte)0xDE, (byte)0xAD, 0x00, 0x01, (byte)0xBE, (byte)0xEF },
                "ammo.txt:1:3: control byte 0x00: binary data, not a query file"),
            arguments("gzip data in a file not named .gz", new byte[]{ 0x1F, (byte)0x8B, 0x08, 0x00 },
                "ammo.txt:1:1: control byte 0x1F: binary data, not a query file (gzip data? name the file *.gz)"),
            arguments("a NUL byte inside a name", ascii("ok.test A\nwww.exa\0mple.test A\n"),
                "ammo.txt:2:8: control byte 0x00: binary data, not a query file"),
            arguments("an escape sequence (ESC [ 2 J)", ascii("x.test A\n\u001B[2J A\n"),
                "ammo.txt:2:1: control byte 0x1B: binary data, not a query file"),
            arguments("a lone CR inside a line", ascii("x.test\rA\n"),
                "ammo.txt:1:7: control byte 0x0D: binary data, not a query file"),
            arguments("an enormous line (10 MB, no newline)", enormousLine,
                "ammo.txt:1: line is longer than 1024 bytes"),
            arguments("a label longer than 63 bytes", ascii("ok.test A\n" + "a".repeat(64) + ".test A\n"),
                "ammo.txt:2:1: bad name '" + "a".repeat(64) + ".test': label too long"),
            arguments("a name longer than 255 bytes", ascii(longName() + " A\n"),
                "ammo.txt:1:1: bad name '" + longName() + "': Name too long"),
            arguments("an unknown query type", ascii("example.test AAA\n"),
                "ammo.txt:1:14: unknown query type 'AAA'"),
            arguments("a query type out of range", ascii("example.test TYPE65536\n"),
                "ammo.txt:1:14: unknown query type 'TYPE65536'"),
            arguments("a meta type that cannot be queried", ascii("example.test OPT\n"),
                "ammo.txt:1:14: 'OPT' cannot be a query type here (TYPE0, OPT, TKEY, TSIG, IXFR and AXFR are not)"),
            arguments("bytes above 0x7E in the type (UTF-8, NEL, CSI)",
                new byte[]{ 'x', ' ', 'A', (byte)0xC3, (byte)0xA9, (byte)0x85, (byte)0x9B, '\n' },
                "ammo.txt:1:3: unknown query type 'A\\xC3\\xA9\\x85\\x9B'"),
            arguments("a NEL byte in an extra field", new byte[]{ 'x', ' ', 'A', ' ', (byte)0x85, 'y', '\n' },
                "ammo.txt:1:5: unexpected field '\\x85y' (expected 'name type'; comments start with ';' or '#')"),
            arguments("a missing type", ascii("example.test\n"),
                "ammo.txt:1:13: missing query type (expected 'name type', e.g. 'example.com A')"),
            arguments("only comments and blanks", ascii("# nothing\n; here\n\n   \n"),
                "ammo.txt: no queries (empty ammo)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileText")
    void shouldRefuseWithOneLineNamingFileAndLineWhenAmmoIsHostile(
        final String name, final byte[] text, final String expectedMessage)
    {
        final AmmoException ex = assertThrows(AmmoException.class,
            () -> AmmoLoader.parse(SOURCE, new ByteArrayInputStream(text), QueryOptions.defaults()).close());
        assertEquals(expectedMessage, ex.getMessage());
        assertOneLineOfPrintableAscii(ex.getMessage());
    }

    @Test
    void shouldRefuseGzipNamedFilesThatAreNotGzipOrAreCutShort(@TempDir final Path dir) throws IOException
    {
        final Path notGzip = dir.resolve("garbage.gz");
        Files.write(notGzip, new byte[]{ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 });
        final AmmoException notGzipError = assertThrows(AmmoException.class,
            () -> AmmoLoader.load(notGzip, QueryOptions.defaults()).close());
        assertEquals(notGzip + ": not gzip data, yet the name ends in .gz", notGzipError.getMessage());

        final ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzipped))
        {
            for (int i = 0; i < 10_000; i++)
            {
                out.write(ascii("host" + i + ".example.test A\n"));
            }
        }
        final Path cut = dir.resolve("cut.gz");
        final byte[] whole = gzipped.toByteArray();
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        final AmmoException cutError = assertThrows(AmmoException.class,
            () -> AmmoLoader.load(cut, QueryOptions.defaults()).close());
        assertTrue(cutError.getMessage().matches(
            "\\Q" + cut + "\\E:[1-9][0-9]*: corrupt gzip data \\(Unexpected end of ZLIB input stream\\)"),
            cutError.getMessage());
        assertOneLineOfPrintableAscii(cutError.getMessage());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldLoadTwoMillionLinesKeepingOnlyTheTableWhenTheFileIsHuge(@TempDir final Path dir) throws IOException
    {
        final int lineCount = 2_000_000;
        final Path file = dir.resolve("huge.txt");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16))
        {
            for (int i = 0; i < lineCount; i++)
            {
                out.write(ascii("h" + i + ".l2.test " + (0 == (i & 1) ? "A" : "AAAA") + "\n"));
            }
        }
        final BufferPoolMXBean direct = directPool();
        final long directBefore = direct.getMemoryUsed();
        try (AmmoTable table = AmmoLoader.load(file, QueryOptions.defaults()))
        {
            assertEquals(lineCount, table.count());
            final long tableLength = table.queryOffset(lineCount - 1) + table.queryLength(lineCount - 1);
            final long directHeld = direct.getMemoryUsed() - directBefore;
            assertTrue(directHeld <= tableLength + (1 << 20),
                "the staging chunks must be freed: " + directHeld + " bytes of direct memory held for a " +
                tableLength + "-byte table");
        }
    }

    private static BufferPoolMXBean directPool()
    {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                return pool;
            }
        }
        throw new IllegalStateException("no direct buffer pool");
    }

    private static void assertOneLineOfPrintableAscii(final String message)
    {
        for (int i = 0; i < message.length(); i++)
        {
            final char c = message.charAt(i);
            assertTrue(c >= 0x20 && c <= 0x7E, "char " + (int)c + " at " + i + " of: " + message);
        }
    }

    private static String longName()
    {
        return String.join(".", "a".repeat(60), "b".repeat(60), "c".repeat(60), "d".repeat(60), "e".repeat(20));
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
