/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Escaping for text put into a page: HTML text and attribute values, and JSON put inside a {@code <script>} element.
 * Whatever a string holds (host names, descriptions, reasons), it cannot end the element it is put in. Stateless.
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

    /**
     * Compact JSON that is safe inside a {@code <script>} element: {@code < > &} and the line separators U+2028 and
     * U+2029 are written as {@code \}{@code uXXXX} escapes in strings (they occur nowhere else), so no data can close
     * the element or start a comment in it. {@code JSON.parse} gives the original strings back.
     *
     * @param value a tree of maps with string keys (in their iteration order), lists, strings, numbers (integral
     *              ones written as integers, NaN and infinities as null), booleans and nulls; anything else is
     *              written as its string.
     * @return the JSON text, on one line.
     */
    public static String scriptJson(final Object value)
    {
        final StringBuilder out = new StringBuilder(1024);
        json(out, value);
        return out.toString();
    }

    private static void json(final StringBuilder out, final Object value)
    {
        if (null == value)
        {
            out.append("null");
        }
        else if (value instanceof String text)
        {
            string(out, text);
        }
        else if (value instanceof Double || value instanceof Float)
        {
            final double number = ((Number)value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number))
            {
                out.append("null");
            }
            else if (number == Math.rint(number) && Math.abs(number) < 1e15)
            {
                out.append((long)number);
            }
            else
            {
                out.append(String.format(Locale.ROOT, "%.6g", number).replaceFirst("0+$", "").replaceFirst("\\.$", ""));
            }
        }
        else if (value instanceof Number || value instanceof Boolean)
        {
            out.append(value);
        }
        else if (value instanceof long[] numbers)
        {
            out.append('[');
            for (int i = 0; i < numbers.length; i++)
            {
                out.append(0 == i ? "" : ",").append(numbers[i]);
            }
            out.append(']');
        }
        else if (value instanceof Map<?, ?> map)
        {
            out.append('{');
            boolean first = true;
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                out.append(first ? "" : ",");
                string(out, String.valueOf(entry.getKey()));
                out.append(':');
                json(out, entry.getValue());
                first = false;
            }
            out.append('}');
        }
        else if (value instanceof List<?> list)
        {
            out.append('[');
            for (int i = 0; i < list.size(); i++)
            {
                out.append(0 == i ? "" : ",");
                json(out, list.get(i));
            }
            out.append(']');
        }
        else
        {
            string(out, value.toString());
        }
    }

    private static void string(final StringBuilder out, final String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20 || '<' == c || '>' == c || '&' == c || '\u2028' == c || '\u2029' == c)
                    {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
