package io.l2.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.l2.config.Fixtures.assertError;
import static io.l2.config.Fixtures.configError;
import static io.l2.config.Fixtures.planError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SafeLoadingTest
{
    private static final String BILLION_LAUGHS = String.join("\n",
        "schedules:",
        "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]",
        "  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
        "  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
        "  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
        "  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
        "  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
        "");

    static Stream<Arguments> mistakes()
    {
        return Stream.of(
            arguments("bad indentation", "cluster:\n  s:\n    man: [h1]\n   sas: [h2]\n", "l2.yaml:4:4",
                "expected <block end>, but found '<block mapping start>' (while parsing a block mapping at 2:3)"),
            arguments("mapping value inside a scalar", "l2:\n  l2-socket: a: b\n", "l2.yaml:2:15",
                "mapping values are not allowed here"),
            arguments("tab indentation", "cluster:\n\ts: {dc: [h1]}\n", "l2.yaml:2:1",
                "found character '\\t(TAB)' that cannot start any token"),
            arguments("unclosed quote", "l2:\n  l2-socket: \"/var/run\n", "l2.yaml:3:1",
                "found unexpected end of stream (while scanning a quoted scalar at 2:14)"),
            arguments("unclosed flow list", "cluster:\n  s:\n    man: [h1, h2\n", "l2.yaml:4:1",
                "expected ',' or ']', but got <stream end>"),
            arguments("two documents", "l2: {}\n---\nl2: {}\n", "l2.yaml:2:1", "but found another document"),
            arguments("duplicate top-level key", "l2: {}\nammo: {}\nl2: {}\n", "l2.yaml:3:1",
                "duplicate key 'l2' (first at 1:1)"),
            arguments("duplicate key deep in reserved section", "sinks:\n  influx:\n    url: a\n    url: b\n",
                "l2.yaml:4:5", "duplicate key 'url' (first at 3:5)"),
            arguments("billion laughs", BILLION_LAUGHS, "l2.yaml:8:25",
                "more than 50 aliases to lists or maps (alias limit; refusing a possible billion-laughs document)"),
            arguments("deep nesting", "schedules: " + "[".repeat(70) + "]".repeat(70) + "\n", "l2.yaml:1:75",
                "nested deeper than 64 levels"),
            arguments("recursive alias", "schedules: &a\n  x: *a\n", "l2.yaml:2:6",
                "recursive alias '*a': a list or map cannot contain itself"),
            arguments("recursive key", "schedules: &a\n  ? *a\n  : x\n", "l2.yaml:2:5", "recursive alias '*a'"),
            arguments("undefined alias", "schedules: *nope\n", "l2.yaml:1:12", "undefined alias '*nope'"),
            arguments("java type tag", "schedules: !!javax.script.ScriptEngineManager [x]\n", "l2.yaml:1:12",
                "tag 'tag:yaml.org,2002:javax.script.ScriptEngineManager' is not allowed"),
            arguments("local tag", "sinks: !file /etc/passwd\n", "l2.yaml:1:8", "tag '!file' is not allowed"),
            arguments("binary tag", "sinks: !!binary aGVsbG8=\n", "l2.yaml:1:8",
                "tag 'tag:yaml.org,2002:binary' is not allowed"),
            arguments("map as key", "sinks:\n  ? {a: 1}\n  : x\n", "l2.yaml:2:5",
                "a key must be a plain value, not a list or a map"),
            arguments("null key", "sinks:\n  ~: x\n", "l2.yaml:2:3", "a key must not be empty or null"),
            arguments("control character", "l2:\n  l2-socket: \"a\u0001b\"\n", "l2.yaml:2:16",
                "special characters are not allowed (U+0001)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void shouldRefuseUnsafeOrBrokenYamlWithOneLineError(
        final String name, final String yaml, final String expectedPosition, final String expectedReason)
    {
        assertError(configError(yaml), expectedPosition, expectedReason);
    }

    @Test
    void shouldRefuseAliasBombBelowAliasLimitByExpandedSize()
    {
        final StringBuilder yaml = new StringBuilder("security:\n  l0: &l0 [x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level <= 6; level++)
        {
            yaml.append("  l").append(level).append(": &l").append(level).append(" [");
            for (int i = 0; i < 8; i++)
            {
                yaml.append(0 == i ? "" : ", ").append("*l").append(level - 1);
            }
            yaml.append("]\n");
        }
        final ConfigException ex = configError(yaml.toString());

        assertEquals("expands to more than 100000 values through aliases (refusing a possible billion-laughs " +
            "document)", ex.reason());
    }

    @Test
    void shouldAcceptFewAliasesAndCoreTags()
    {
        final L2Config config = Fixtures.seedConfig();
        final L2Config withAliases = ConfigLoader.parse("l2.yaml", String.join("\n",
            "sinks:",
            "  base: &base {db: l2, port: !!int 8086}",
            "  influx: *base",
            "  name: !!str 42",
            ""), Fixtures.BASE_DIR);

        final Map<?, ?> sinks = (Map<?, ?>) withAliases.reserved().get("sinks");
        assertEquals(Map.of("db", "l2", "port", "8086"), sinks.get("influx"));
        assertEquals("42", sinks.get("name"));
        assertEquals(List.of("ns+load"), config.inventory().setNames());
    }

    @Test
    void shouldReportDuplicateKeyInPlan()
    {
        assertError(planError("target: h1\nammo: ns-cache\ntarget: h2\n"), "plan.yaml:3:1",
            "duplicate key 'target' (first at 1:1)");
    }

    @Test
    void shouldReportMissingFileAtLineZero(@TempDir final Path dir)
    {
        final Path missing = dir.resolve("nope.yaml");
        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));

        assertEquals(missing + ":0:0: cannot read: no such file", ex.getMessage());
        final ConfigException planEx = assertThrows(
            ConfigException.class, () -> ConfigLoader.loadPlan(missing, Fixtures.seedConfig()));
        assertEquals(new Position(missing.toString(), 0, 0), planEx.position());
    }

    @Test
    void shouldReportDirectoryAsUnreadable(@TempDir final Path dir)
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));

        assertEquals(new Position(dir.toString(), 0, 0), ex.position());
        assertEquals(true, ex.reason().startsWith("cannot read: "), ex.reason());
    }

    @Test
    void shouldReportBytesThatAreNotUtf8(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("l2.yaml");
        final byte[] head = "l2:\n  l2-socket: \"/run/".getBytes(StandardCharsets.UTF_8);
        final byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xFF;
        bytes[head.length + 1] = '"';
        bytes[head.length + 2] = '\n';
        Files.write(file, bytes);

        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

        assertEquals(file + ":2:20: not valid UTF-8: byte 0xFF at byte offset 23 (l2 reads YAML files as UTF-8)",
            ex.getMessage());
    }

    @Test
    void shouldDropByteOrderMarkAndResolveAgainstFileDirectory(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("l2.yaml");
        Files.writeString(file, "\uFEFFammo:\n  a: q/a.txt\n", StandardCharsets.UTF_8);

        final L2Config config = ConfigLoader.load(file);

        assertEquals(dir.resolve("q/a.txt"), config.ammo().get("a").file());
        assertEquals(new Position(file.toString(), 2, 6), config.ammo().get("a").position());
    }

    @Test
    void shouldRefuseDocumentAboveCodePointLimit()
    {
        final String yaml = "sinks: \"" + "x".repeat(SafeYaml.CODE_POINT_LIMIT) + "\"\n";
        final ConfigException ex = configError(yaml);

        assertEquals(new Position("l2.yaml", 0, 0), ex.position());
        assertEquals("too large: " + (SafeYaml.CODE_POINT_LIMIT + 10) + " characters (the limit is " +
            SafeYaml.CODE_POINT_LIMIT + ")", ex.reason());
    }
}
