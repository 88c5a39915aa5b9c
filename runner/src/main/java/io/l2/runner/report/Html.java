/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

/**
 * Escaping for text put into a page, HTML text and attribute values: whatever a string holds (host names,
 * descriptions, reasons), it cannot end the element it is put in (JSON inside a {@code <script>} element:
 * {@link io.l2.runner.results.Json#writeForScript}). Stateless.
 */
public final class Html
{
    private Html()
    {
    }

    /**
     * @param text any text, or null (then empty).
     * @return the text with {@code & < > " '} as character references: safe in element content and in a quoted
     *         attribute value.
     */
    public static String text(final Object text)
    {
        if (null == text)
        {
            return "";
        }
        final String value = text.toString();
        final StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
