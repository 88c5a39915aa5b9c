/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.l2.runner.base.InputException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Writes JSON from maps (in their iteration order), lists, strings, numbers, booleans and null; pretty-printed with
 * two spaces. Cold path only. Reading JSON back goes through the YAML loader (JSON is YAML 1.2).
 */
public final class Json
{
    private Json()
    {
    }

    /**
     * @param value a tree of {@link Map}s with string keys, {@link List}s, strings, numbers, booleans and nulls.
     * @return the JSON text, ending with a newline.
     */
    public static String write(final Object value)
    {
        final StringBuilder out = new StringBuilder();
        write(out, value, 0, false);
        return out.append('\n').toString();
    }

    /**
     * Reads a JSON object back from a file l2 wrote (through the YAML loader: JSON is YAML 1.2).
     *
     * @param file the file.
     * @return its object, maps in file order.
     * @throws IOException    when it cannot be read.
     * @throws InputException when it is not valid JSON or not an object (one line naming the file).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(final Path file) throws IOException
    {
        try
        {
            final Object tree = new Load(LoadSettings.builder().setLabel(file.toString()).build())
                .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
            if (tree instanceof Map<?, ?>)
            {
                return (Map<String, Object>)tree;
            }
            throw new InputException(file + ": expected a JSON object");
        }
        catch (final YamlEngineException ex)
        {
            throw new InputException(file + ": not valid JSON: " + ex.getMessage().replace('\n', ' '), ex);
        }
    }

    /**
     * Compact JSON that is safe inside a {@code <script>} element: {@code < > &} and the line separators U+2028 and
     * U+2029 are written as {@code \}{@code uXXXX} escapes in strings (they occur nowhere else), so no data can close
     * the element or start a comment in it. {@code JSON.parse} gives the original strings back.
     *
     * @param value a tree as {@link #write(Object)} takes, {@code long[]} arrays too.
     * @return the JSON text, on one line.
     */
    public static String writeForScript(final Object value)
    {
        final StringBuilder out = new StringBuilder(1024);
        write(out, value, -1, true);
        return out.toString();
    }

    /**
     * @param depth       the nesting depth, indented with two spaces a level; -1: compact, on one line.
     * @param scriptSafe  whether strings escape what could end a {@code <script>} element.
     */
    private static void write(final StringBuilder out, final Object value, final int depth, final boolean scriptSafe)
    {
        if (null == value)
        {
            out.append("null");
        }
        else if (value instanceof String text)
        {
            string(out, text, scriptSafe);
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
            final Long[] boxed = new Long[numbers.length];
            for (int i = 0; i < numbers.length; i++)
            {
                boxed[i] = numbers[i];
            }
            write(out, List.of(boxed), depth, scriptSafe);
        }
        else if (value instanceof Map<?, ?> map)
        {
            final int inner = depth < 0 ? depth : depth + 1;
            out.append('{');
            boolean first = true;
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                newline(out, inner, first);
                string(out, String.valueOf(entry.getKey()), scriptSafe);
                out.append(depth < 0 ? ":" : ": ");
                write(out, entry.getValue(), inner, scriptSafe);
                first = false;
            }
            if (!map.isEmpty())
            {
                newline(out, depth, true);
            }
            out.append('}');
        }
        else if (value instanceof List<?> list)
        {
            final int inner = depth < 0 ? depth : depth + 1;
            out.append('[');
            for (int i = 0; i < list.size(); i++)
            {
                newline(out, inner, 0 == i);
                write(out, list.get(i), inner, scriptSafe);
            }
            if (!list.isEmpty())
            {
                newline(out, depth, true);
            }
            out.append(']');
        }
        else
        {
            string(out, value.toString(), scriptSafe);
        }
    }

    /**
     * Before an element (a comma unless it is the first) or before a closing bracket (first: no comma): when pretty
     * (depth at least 0), a line break and two spaces a level.
     */
    private static void newline(final StringBuilder out, final int depth, final boolean first)
    {
        if (!first)
        {
            out.append(',');
        }
        if (depth >= 0)
        {
            out.append('\n');
            for (int i = 0; i < depth; i++)
            {
                out.append("  ");
            }
        }
    }

    private static boolean endsScript(final char c)
    {
        return '<' == c || '>' == c || '&' == c || '\u2028' == c || '\u2029' == c;
    }

    private static void string(final StringBuilder out, final String text, final boolean scriptSafe)
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
                    if (c < 0x20 || scriptSafe && endsScript(c))
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
