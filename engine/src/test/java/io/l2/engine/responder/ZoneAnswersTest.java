package io.l2.engine.responder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZoneAnswersTest
{
    private static final String RELATIVE_ZONE =
        "$TTL 300\n" +
        "@ IN SOA ns1 hostmaster 1 3600 600 86400 60\n" +
        "@ IN NS ns1\n" +
        "ns1 IN A 192.0.2.1\n";

    @TempDir
    Path tempDir;

    @Test
    void shouldTakeTheOriginFromTheFilesOriginDirectiveWhenNoneIsGiven()
    {
        final ZoneAnswers answers = ZoneAnswers.load(TestZone.writeTo(tempDir.resolve("anything.txt")), null);
        assertEquals(TestZone.ORIGIN, answers.origin());
        assertTrue(answers.responseCount() > 20, "every (name, type) the zone holds: " + answers.responseCount());
    }

    @Test
    void shouldTakeTheOriginFromTheExampleZone()
    {
        final Path example = Path.of("..", "examples", "zone", "l2.test.zone").toAbsolutePath().normalize();
        assertEquals("l2.test.", ZoneAnswers.load(example, null).origin());
    }

    @Test
    void shouldTakeTheGivenOriginWhenOneIsGiven() throws IOException
    {
        final Path file = write("whatever.zone", RELATIVE_ZONE);
        final ZoneAnswers answers = ZoneAnswers.load(file, "given.test");
        assertEquals("given.test.", answers.origin());
        assertTrue(find(answers, "ns1.given.test.", Type.A) >= 0);
        assertEquals("given.test.", ZoneAnswers.load(file, "given.test.").origin());
    }

    @ParameterizedTest
    @CsvSource({ "named.test.zone, named.test.", "named.test.db, named.test.", "named.test, named.test." })
    void shouldTakeTheOriginFromTheFileNameWhenTheFileHasNoOriginDirective(
        final String fileName, final String origin) throws IOException
    {
        assertEquals(origin, ZoneAnswers.load(write(fileName, RELATIVE_ZONE), null).origin());
    }

    @Test
    void shouldFindEachKindOfAnswerWhenLookingUpByLowerCaseWireName() throws IOException
    {
        final ZoneAnswers answers = ZoneAnswers.load(TestZone.writeTo(tempDir.resolve("z.zone")), null);
        assertTrue(find(answers, "web.resp.test.", Type.A) >= 0);
        assertTrue(find(answers, "mixed.resp.test.", Type.A) >= 0, "zone names are stored in lower case");
        assertEquals(ZoneAnswers.NODATA, find(answers, "web.resp.test.", Type.MX));
        assertEquals(ZoneAnswers.NODATA, find(answers, "_udp.resp.test.", Type.A), "an empty non-terminal exists");
        assertEquals(ZoneAnswers.NXDOMAIN, find(answers, "nothere.resp.test.", Type.A));
        assertEquals(ZoneAnswers.REFUSED, find(answers, "resp.test.example.", Type.A));
        assertEquals(ZoneAnswers.REFUSED, find(answers, "xresp.test.", Type.A), "a suffix but not a label boundary");
        assertEquals(ZoneAnswers.REFUSED, find(answers, "test.", Type.A));
        assertTrue(answers.soaRecord().length > 20);
    }

    @Test
    void shouldFailWithOneLineNamingTheFileAndLineWhenTheZoneIsBroken() throws IOException
    {
        final Path file = write("broken.zone", "$ORIGIN broken.test.\n$TTL 300\n" +
            "@ IN SOA ns1 hostmaster 1 3600 600 86400 60\nwww IN A 1.2.3\n");
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ZoneAnswers.load(file, null));
        assertOneLineNaming(file, ex);
        assertTrue(ex.getMessage().contains(":4:"), "names the line: " + ex.getMessage());
        assertFalse(ex.getMessage().contains("bad origin"), "a bad record is not a bad origin: " + ex.getMessage());
    }

    @Test
    void shouldFailWithOneLineNamingTheFileWhenTheZoneHasNoSoa() throws IOException
    {
        final Path file = write("nosoa.zone", "$ORIGIN nosoa.test.\n$TTL 300\nwww IN A 192.0.2.1\n");
        assertOneLineNaming(file, assertThrows(IllegalArgumentException.class, () -> ZoneAnswers.load(file, null)));
    }

    @Test
    void shouldFailWithOneLineNamingTheFileWhenTheFileIsMissing()
    {
        final Path missing = tempDir.resolve("missing.zone");
        assertOneLineNaming(missing, assertThrows(IllegalArgumentException.class,
            () -> ZoneAnswers.load(missing, null)));
        assertOneLineNaming(missing, assertThrows(IllegalArgumentException.class,
            () -> ZoneAnswers.load(missing, "given.test")));
    }

    @Test
    void shouldFailWithOneLineNamingTheFileWhenTheOriginIsBad() throws IOException
    {
        final Path file = write("z.zone", RELATIVE_ZONE);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ZoneAnswers.load(file, "bad..origin"));
        assertOneLineNaming(file, ex);
        assertTrue(ex.getMessage().contains("bad origin 'bad..origin'"), ex.getMessage());
    }

    private Path write(final String fileName, final String text) throws IOException
    {
        final Path file = tempDir.resolve(fileName);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    private static int find(final ZoneAnswers answers, final String name, final int type) throws IOException
    {
        final byte[] wire = Name.fromString(name).toWireCanonical();
        final byte[] padded = new byte[256];
        System.arraycopy(wire, 0, padded, 0, wire.length);
        return answers.find(padded, wire.length, type);
    }

    private static void assertOneLineNaming(final Path file, final IllegalArgumentException ex)
    {
        assertTrue(ex.getMessage().startsWith(file.toString() + ": "), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), "one line: " + ex.getMessage());
    }
}
