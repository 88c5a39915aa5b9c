package io.l2.config;

import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Coverage-guided fuzzing of {@link ConfigLoader#parse} (an {@code l2.yaml}) and {@link ConfigLoader#parsePlan} (a
 * shoot plan) on arbitrary bytes, read as a file is (strict UTF-8, then YAML).
 * <p>
 * Properties: the only exception is a {@link ConfigException}; its message is one line without control characters,
 * {@code file:line:column: reason}, the position names the file and lies inside the text (line 0 only for an error
 * about the whole file); a configuration or plan that loads has a source and, for a plan, a target and a profile.
 */
class ConfigLoaderFuzzTest
{
    private static final String L2_NAME = "l2.yaml";
    private static final String PLAN_NAME = "plan.yaml";
    private static final Pattern MESSAGE =
        Pattern.compile("(l2|plan)\\.yaml:[0-9]+:[0-9]+: [^\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029]+");
    private static final L2Config CONFIG = ConfigLoader.parse(
        L2_NAME, Fixtures.SEED_L2_WITH_AMMO + "schedules: []\n", Fixtures.BASE_DIR);

    @FuzzTest(maxDuration = "3s")
    @DictionaryEntries({ "l2:", "cluster:", "ammo:", "schedules:", "sinks:", "security:", "target:", "rps:",
        "duration:", "instances:", "mode:", "late:", "per-host:", "description:", "limit:", "cron:", "plan:",
        "timezone:", "const", "line", "step", "sync", "async", "discard", "10s", "1m30s", "[::1]:53", "127.0.0.1:53",
        "ns-cache", "ns+load", "- ", ": ", "{", "}", "[", "]", "&a", "*a", "!!str", "---", "? ",
        "\\\\e", "\\\\x1b", "\\\\u2028", "\\\\N", "\"", "'", "|", ">", "~", "null", "true", "0x10", "1e9", ".inf" })
    void fuzzParse(final FuzzedDataProvider data)
    {
        final boolean plan = data.consumeBoolean();
        final String fileName = plan ? PLAN_NAME : L2_NAME;
        final byte[] bytes = data.consumeRemainingAsBytes();
        String text = null;
        try
        {
            text = SafeYaml.decodeUtf8(bytes, fileName);
            if (plan)
            {
                final ShootPlan shootPlan = ConfigLoader.parsePlan(fileName, text, Fixtures.BASE_DIR, CONFIG);
                assertTrue(null != shootPlan.target() && null != shootPlan.source());
            }
            else
            {
                assertTrue(null != ConfigLoader.parse(fileName, text, Fixtures.BASE_DIR).source());
            }
        }
        catch (final ConfigException ex)
        {
            assertOneLineAtAPosition(ex, fileName, null == text ? null : text);
        }
    }

    private static void assertOneLineAtAPosition(final ConfigException ex, final String fileName, final String text)
    {
        final String message = ex.getMessage();
        if (!MESSAGE.matcher(message).matches())
        {
            fail("not one line 'file:line:column: reason' without control characters: " + escape(message), ex);
        }
        final Position position = ex.position();
        assertEquals(fileName, position.file());
        assertTrue(message.startsWith(position + ": "), message);
        if (null != text && position.line() > 0)
        {
            final long lineCount = text.lines().count() + 1;
            assertTrue(position.line() <= lineCount, "line " + position.line() + " of " + lineCount + ": " + message);
        }
    }

    private static String escape(final String text)
    {
        final StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            escaped.append(c >= ' ' && c <= '~' ? String.valueOf(c) : String.format("\\u%04X", (int)c));
        }
        return escaped.toString();
    }
}
