/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads a report page the way its script does: the {@code l2-data} element, plain JSON or gzip + base64.
 */
public final class ReportPages
{
    private static final Pattern DATA = Pattern.compile(
        "<script type=\"([^\"]+)\" id=\"" + HtmlReport.DATA_ELEMENT_ID + "\">(.*?)</script>", Pattern.DOTALL);

    private ReportPages()
    {
    }

    /**
     * @param html a report page.
     * @return the type of its data element.
     */
    public static String dataType(final String html)
    {
        final Matcher matcher = DATA.matcher(html);
        assertTrue(matcher.find(), "no l2-data element");
        return matcher.group(1);
    }

    /**
     * @param html a report page.
     * @return its embedded data as JSON text (unpacked when it is gzip + base64).
     */
    public static String json(final String html)
    {
        final Matcher matcher = DATA.matcher(html);
        assertTrue(matcher.find(), "no l2-data element");
        if (HtmlReport.GZIP_TYPE.equals(matcher.group(1)))
        {
            final byte[] gzip = Base64.getMimeDecoder().decode(matcher.group(2).strip());
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip)))
            {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        assertTrue(HtmlReport.PLAIN_TYPE.equals(matcher.group(1)), matcher.group(1));
        return matcher.group(2);
    }

    /**
     * @param html a report page.
     * @return its embedded data, parsed.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> data(final String html)
    {
        final Object tree = new Load(LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build())
            .loadFromString(json(html));
        assertTrue(tree instanceof Map<?, ?>, "the data is not a JSON object");
        return (Map<String, Object>)tree;
    }
}
