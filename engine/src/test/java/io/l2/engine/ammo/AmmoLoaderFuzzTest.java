package io.l2.engine.ammo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.l2.engine.codec.QueryOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Coverage-guided fuzzing of {@link AmmoLoader}: any bytes as a query file, read as text or, through a file whose
 * name ends in {@code .gz}, as gzip data.
 * <p>
 * Properties: the only exception is an {@link AmmoException}; its message is one line of printable ASCII (no line
 * break, no control or escape character from the input) that starts with the source name and, for a problem in a
 * line, the line number ({@code source:line[:column]: reason}); a table that loads has at least one query and no more
 * than the text has lines.
 */
class AmmoLoaderFuzzTest
{
    private static final String SOURCE = "fuzz.txt";
    private static final Pattern ERROR = Pattern.compile("fuzz\\.(txt|gz)(:[1-9][0-9]*(:[1-9][0-9]*)?)?: [ -~]+");

    private static Path directory;
    private static Path gzipFile;

    @BeforeAll
    static void setUpAll() throws IOException
    {
        directory = Files.createTempDirectory("l2-ammo-fuzz");
        gzipFile = directory.resolve("fuzz.gz");
    }

    @AfterAll
    static void tearDownAll() throws IOException
    {
        Files.deleteIfExists(gzipFile);
        Files.deleteIfExists(directory);
    }

    @FuzzTest(maxDuration = "3s")
    @DictionaryEntries({ "example.com A", " AAAA", " TXT", " TYPE65535", "\\\\.", "\\\\000", "\\\\255", "; ", "# " })
    void fuzzAmmo(final FuzzedDataProvider data)
    {
        final boolean gzip = data.consumeBoolean();
        final byte[] bytes = data.consumeRemainingAsBytes();
        try
        {
            final AmmoTable table;
            if (gzip)
            {
                Files.write(gzipFile, bytes);
                table = AmmoLoader.load(gzipFile, QueryOptions.defaults());
            }
            else
            {
                table = AmmoLoader.parse(SOURCE, new ByteArrayInputStream(bytes), QueryOptions.defaults());
            }
            try (table)
            {
                assertTrue(table.count() >= 1);
                if (!gzip)
                {
                    assertTrue(table.count() <= lineCount(bytes), "more queries than lines");
                }
            }
        }
        catch (final AmmoException ex)
        {
            final String message = ex.getMessage().replace(gzipFile.toString(), "fuzz.gz");
            if (!ERROR.matcher(message).matches())
            {
                fail("not a one-line 'source[:line[:column]]: reason' of printable ASCII: " + escape(message), ex);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static int lineCount(final byte[] bytes)
    {
        int count = 1;
        for (final byte b : bytes)
        {
            if ('\n' == b)
            {
                count++;
            }
        }
        return count;
    }

    private static String escape(final String text)
    {
        final StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c >= ' ' && c <= '~')
            {
                escaped.append(c);
            }
            else
            {
                escaped.append(String.format("\\u%04X", (int)c));
            }
        }
        assertEquals(-1, escaped.indexOf("\n"));
        return escaped.toString();
    }
}
