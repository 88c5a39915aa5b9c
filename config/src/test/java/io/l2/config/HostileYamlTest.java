package io.l2.config;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
 * The bad-input matrix of YAML files (an {@code l2.yaml} and a shoot plan), one row per case, each read from a file
 * as the daemon and the runner read them: every one is refused with one {@link ConfigException} whose message is one
 * line of text without control characters, {@code file:line:column: reason}, in bounded time (a generous timeout, not
 * a timing assertion) and memory (nothing is expanded or read past the limits).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileYamlTest
{
    /** Which file a row is. */
    enum Kind
    {
        L2, PLAN
    }

    private static final String TAB_REASON = "found character '\\t(TAB)' that cannot start any token. " +
        "(Do not use \\t(TAB) for indentation) (while scanning for the next token)";
    private static final String UNKNOWN_AMMO_TAIL =
        " (known: ns-cache, ns64-cache); a file path needs a '/' or a .txt, .gz or .ammo suffix";
    private static final L2Config CONFIG = ConfigLoader.parse(
        "l2.yaml", Fixtures.SEED_L2_WITH_AMMO + "schedules: []\n", Fixtures.BASE_DIR);

    @TempDir
    Path dir;

    static Stream<Arguments> hostileYaml()
    {
        final String laughs = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" +
            "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
            "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n" +
            "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
        return Stream.of(
            row(Kind.L2, "billion laughs (aliases)", "schedules:\n" + laughs.replaceAll("(?m)^", "  "), "8:25",
                "more than 50 aliases to lists or maps (alias limit; refusing a possible billion-laughs document)"),
            row(Kind.PLAN, "billion laughs (aliases)", laughs, "7:23",
                "more than 50 aliases to lists or maps (alias limit; refusing a possible billion-laughs document)"),
            row(Kind.L2, "10 000 nested flow lists", "sinks: " + "[".repeat(10_000) + "]".repeat(10_000), "1:71",
                "nested deeper than 64 levels"),
            row(Kind.PLAN, "10 000 nested flow maps", "rps: " + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000),
                "1:258", "nested deeper than 64 levels"),
            row(Kind.L2, "10 000 nested block lists", "schedules:\n" + "- ".repeat(10_000) + "x\n", "2:127",
                "nested deeper than 64 levels"),
            row(Kind.L2, "duplicate key", "ammo:\n  a: /x\n  a: /y\n", "3:3", "duplicate key 'a' (first at 2:3)"),
            row(Kind.PLAN, "duplicate key", "target: \"[::1]:53\"\ntarget: \"[::1]:54\"\n", "2:1",
                "duplicate key 'target' (first at 1:1)"),
            row(Kind.L2, "a tab for indentation", "cluster:\n\ts: {dc: [h1]}\n", "2:1",
                TAB_REASON),
            row(Kind.PLAN, "a tab for indentation", "rps:\n\t- {type: const, from: 1, duration: 1s}\n", "2:1",
                TAB_REASON),
            row(Kind.L2, "binary garbage (valid UTF-8)", "\u0000\u0001\u0002\u00ff\u0010", "1:1",
                "special characters are not allowed (U+0000)"),
            row(Kind.PLAN, "a NUL byte", "target: \"[::1]:53\"\n\u0000\n", "2:1",
                "special characters are not allowed (U+0000)"),
            row(Kind.PLAN, "an anchor cut by the end of the file (found by ConfigLoaderFuzzTest)", "&", "1:2",
                "unexpected character found U+0000(0) (while scanning an anchor at 1:1)"),
            row(Kind.L2, "an escape sequence quoted back (ESC [ 2 J)", "l2:\n  l2-port: \"\\e[2J\"\n", "2:12",
                "l2-port must be an integer, got U+001B[2J"),
            row(Kind.PLAN, "a bidirectional override quoted back",
                "target: \"[::1]:53\"\nammo: \"\\u202Egnp.exe\"\n", "2:7",
                "unknown ammo 'U+202Egnp.exe'" + UNKNOWN_AMMO_TAIL),
            row(Kind.PLAN, "a line separator quoted back", "target: \"[::1]:53\"\nammo: \"a\\u2028b\"\n", "2:7",
                "unknown ammo 'a b'" + UNKNOWN_AMMO_TAIL),
            row(Kind.L2, "a Java type tag", "sinks: !!java.lang.Runtime {}\n", "1:8",
                "tag 'tag:yaml.org,2002:java.lang.Runtime' is not allowed (only plain strings, numbers, booleans, " +
                "null, lists and maps)"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileYaml")
    void shouldRefuseInOneLineAtThePositionWhenTheYamlIsHostile(
        final Kind kind, final String name, final byte[] content, final String lineColumn, final String reason)
        throws IOException
    {
        final Path file = write(kind, content);
        final ConfigException ex = assertThrows(ConfigException.class, () -> load(kind, file));
        assertEquals(file + ":" + lineColumn + ": " + reason, ex.getMessage());
        assertOneLine(ex.getMessage());
    }

    @Test
    void shouldRefuseAFileOverTheSizeCapWithoutReadingIt() throws IOException
    {
        for (final Kind kind : Kind.values())
        {
            final Path file = dir.resolve(kind + "-huge.yaml");
            try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw"))
            {
                sparse.setLength(SafeYaml.MAX_FILE_LENGTH + 1);
            }
            final ConfigException ex = assertThrows(ConfigException.class, () -> load(kind, file));
            assertEquals(file + ":0:0: too large: " + (SafeYaml.MAX_FILE_LENGTH + 1) + " bytes (the limit is " +
                SafeYaml.MAX_FILE_LENGTH + ")", ex.getMessage());
        }
    }

    @Test
    void shouldRefuseTextOverTheCodePointCapBeforeParsing() throws IOException
    {
        final String text = "# " + "x".repeat(SafeYaml.CODE_POINT_LIMIT) + "\n";
        for (final Kind kind : Kind.values())
        {
            final Path file = write(kind, text.getBytes(StandardCharsets.UTF_8));
            final ConfigException ex = assertThrows(ConfigException.class, () -> load(kind, file));
            assertEquals(file + ":0:0: too large: " + (SafeYaml.CODE_POINT_LIMIT + 3) + " characters (the limit is " +
                SafeYaml.CODE_POINT_LIMIT + ")", ex.getMessage());
        }
    }

    @Test
    void shouldNameTheLineAndColumnOfTheFirstByteThatIsNotUtf8() throws IOException
    {
        for (final Kind kind : Kind.values())
        {
            final byte[] latin1 = "description: ok\ntarget: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
            final Path file = write(kind, latin1);
            final ConfigException ex = assertThrows(ConfigException.class, () -> load(kind, file));
            assertEquals(file + ":2:12: not valid UTF-8: byte 0xE9 at byte offset 27 (l2 reads YAML files as UTF-8)",
                ex.getMessage());
        }
    }

    private static Arguments row(
        final Kind kind, final String name, final String text, final String lineColumn, final String reason)
    {
        return arguments(kind, name, text.getBytes(StandardCharsets.UTF_8), lineColumn, reason);
    }

    private Path write(final Kind kind, final byte[] content) throws IOException
    {
        final Path file = dir.resolve(Kind.L2 == kind ? "l2.yaml" : "plan.yaml");
        Files.write(file, content);
        return file;
    }

    private static void load(final Kind kind, final Path file)
    {
        if (Kind.L2 == kind)
        {
            ConfigLoader.load(file);
        }
        else
        {
            ConfigLoader.loadPlan(file, CONFIG);
        }
    }

    private static void assertOneLine(final String message)
    {
        for (int i = 0; i < message.length(); i++)
        {
            final int type = Character.getType(message.charAt(i));
            assertTrue(Character.CONTROL != type && Character.FORMAT != type &&
                Character.LINE_SEPARATOR != type && Character.PARAGRAPH_SEPARATOR != type,
                "character " + (int)message.charAt(i) + " at " + i + " of: " + message);
        }
    }
}
