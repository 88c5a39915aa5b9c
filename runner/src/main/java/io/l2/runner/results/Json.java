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

import io.l2.runner.cli.InputException;
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
        write(out, value, 0);
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

    private static void write(final StringBuilder out, final Object value, final int depth)
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
        else if (value instanceof Map<?, ?> map)
        {
            if (map.isEmpty())
            {
                out.append("{}");
                return;
            }
            out.append("{\n");
            int i = 0;
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                indent(out, depth + 1);
                string(out, String.valueOf(entry.getKey()));
                out.append(": ");
                write(out, entry.getValue(), depth + 1);
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append('}');
        }
        else if (value instanceof List<?> list)
        {
            if (list.isEmpty())
            {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < list.size(); i++)
            {
                indent(out, depth + 1);
                write(out, list.get(i), depth + 1);
                out.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append(']');
        }
        else
        {
            string(out, value.toString());
        }
    }

    private static void indent(final StringBuilder out, final int depth)
    {
        for (int i = 0; i < depth; i++)
        {
            out.append("  ");
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
                    if (c < 0x20)
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
