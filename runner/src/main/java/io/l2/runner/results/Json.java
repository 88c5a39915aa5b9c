/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.results;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.l2.runner.base.InputException;

/**
 * JSON in and out through jackson-core's streaming API (no data binding, no reflection): trees of maps (in their
 * iteration order), lists, strings, numbers, booleans and null. Written pretty-printed with two spaces, or compact and
 * safe inside a {@code <script>} element; read with limits that bound what a hostile or broken file can cost (depth,
 * string and number lengths, document size) and duplicate keys refused. Cold path only.
 */
public final class Json
{
    /** The deepest nesting read: l2's own files nest five levels. */
    public static final int MAX_DEPTH = 64;
    /** The longest string read, characters. */
    public static final int MAX_STRING_LENGTH = 1 << 20;
    /** The longest number read, characters. */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** The largest document read, bytes: a week-long shoot's result.json with a row per second fits. */
    public static final long MAX_DOCUMENT_LENGTH = 1L << 30;

    private static final JsonFactory FACTORY = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxDocumentLength(MAX_DOCUMENT_LENGTH)
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .build();

    private Json()
    {
    }

    /**
     * @param value a tree of {@link Map}s with string keys, {@link List}s, strings, numbers, booleans and nulls.
     * @return the JSON text, pretty-printed with two spaces, ending with a newline.
     */
    public static String write(final Object value)
    {
        return write(value, false) + "\n";
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
        return write(value, true);
    }

    /**
     * Reads a JSON object from a file.
     *
     * @param file the file.
     * @return its object, maps in file order; integers as {@link Integer}, {@link Long} or
     * {@link java.math.BigInteger}, other numbers as {@link Double}.
     * @throws IOException    when it cannot be read.
     * @throws InputException when it is not valid JSON or not an object (one line naming the file, line and column).
     */
    public static Map<String, Object> read(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            throw new NoSuchFileException(file.toString());
        }
        try (InputStream in = Files.newInputStream(file); JsonParser parser = FACTORY.createParser(in))
        {
            return object(parser, file.toString());
        }
    }

    /**
     * Reads a JSON object from text (an HTTP body, say).
     *
     * @param text the JSON text.
     * @param name what the text is, for the error.
     * @return its object, as {@link #read(Path)} gives it.
     * @throws InputException when it is not valid JSON or not an object (one line naming {@code name}).
     */
    public static Map<String, Object> parse(final String text, final String name)
    {
        try (JsonParser parser = FACTORY.createParser(text))
        {
            return object(parser, name);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Reads any JSON value from text (an HTTP body that may be an array, say).
     *
     * @param text the JSON text.
     * @param name what the text is, for the error.
     * @return the value: a map (in text order), a list, a string, a number, a boolean or null.
     * @throws InputException when it is not valid JSON (one line naming {@code name}).
     */
    public static Object parseValue(final String text, final String name)
    {
        try (JsonParser parser = FACTORY.createParser(text))
        {
            try
            {
                final JsonToken first = parser.nextToken();
                if (null == first)
                {
                    throw new InputException(name + ": not valid JSON: nothing");
                }
                final Object value = value(parser, first);
                if (null != parser.nextToken())
                {
                    throw new InputException(name + ": not valid JSON: more after the value");
                }
                return value;
            }
            catch (final JsonProcessingException ex)
            {
                throw new InputException(name + ": not valid JSON: " + oneLine(ex.getOriginalMessage()), ex);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(final JsonParser parser, final String name) throws IOException
    {
        try
        {
            final JsonToken first = parser.nextToken();
            if (JsonToken.START_OBJECT != first)
            {
                throw new InputException(name + ": expected a JSON object" + (null == first ? ", got nothing" : ""));
            }
            final Object tree = value(parser, first);
            if (null != parser.nextToken())
            {
                throw new InputException(name + ":" + parser.currentLocation().getLineNr() + ":" +
                    parser.currentLocation().getColumnNr() + ": not valid JSON: more after the object");
            }
            return (Map<String, Object>)tree;
        }
        catch (final JsonProcessingException ex)
        {
            throw new InputException(name + ":" + (null == ex.getLocation() ? "" : ex.getLocation().getLineNr() + ":" +
                ex.getLocation().getColumnNr() + ":") + " not valid JSON: " + oneLine(ex.getOriginalMessage()), ex);
        }
    }

    private static Object value(final JsonParser parser, final JsonToken token) throws IOException
    {
        switch (token)
        {
            case START_OBJECT:
                final Map<String, Object> map = new LinkedHashMap<>();
                String key;
                while (null != (key = parser.nextFieldName()))
                {
                    map.put(key, value(parser, parser.nextToken()));
                }
                return map;
            case START_ARRAY:
                final List<Object> list = new ArrayList<>();
                JsonToken next;
                while (JsonToken.END_ARRAY != (next = parser.nextToken()))
                {
                    list.add(value(parser, next));
                }
                return list;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new InputException("unexpected JSON token " + token);
        }
    }

    private static String oneLine(final String message)
    {
        final String text = null == message ? "" : message;
        final int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }

    private static String write(final Object value, final boolean scriptSafe)
    {
        final StringWriter out = new StringWriter(1024);
        try (JsonGenerator generator = FACTORY.createGenerator(out))
        {
            if (scriptSafe)
            {
                generator.setCharacterEscapes(ScriptEscapes.INSTANCE);
            }
            else
            {
                generator.setPrettyPrinter(new TwoSpaces());
            }
            write(generator, value);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    private static void write(final JsonGenerator generator, final Object value) throws IOException
    {
        if (null == value)
        {
            generator.writeNull();
        }
        else if (value instanceof String text)
        {
            generator.writeString(text);
        }
        else if (value instanceof Double || value instanceof Float)
        {
            final String number = number(((Number)value).doubleValue());
            if (null == number)
            {
                generator.writeNull();
            }
            else
            {
                generator.writeNumber(number);
            }
        }
        else if (value instanceof Number number)
        {
            generator.writeNumber(number.toString());
        }
        else if (value instanceof Boolean bool)
        {
            generator.writeBoolean(bool);
        }
        else if (value instanceof long[] numbers)
        {
            generator.writeArray(numbers, 0, numbers.length);
        }
        else if (value instanceof Map<?, ?> map)
        {
            generator.writeStartObject();
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                generator.writeFieldName(String.valueOf(entry.getKey()));
                write(generator, entry.getValue());
            }
            generator.writeEndObject();
        }
        else if (value instanceof List<?> list)
        {
            generator.writeStartArray();
            for (final Object element : list)
            {
                write(generator, element);
            }
            generator.writeEndArray();
        }
        else
        {
            generator.writeString(value.toString());
        }
    }

    /**
     * A double as l2 writes it: whole numbers below 10^15 without a fraction, others with six significant digits and
     * no trailing zeros; null for NaN and the infinities (JSON has neither).
     */
    private static String number(final double number)
    {
        if (Double.isNaN(number) || Double.isInfinite(number))
        {
            return null;
        }
        if (number == Math.rint(number) && Math.abs(number) < 1e15)
        {
            return Long.toString((long)number);
        }
        return String.format(Locale.ROOT, "%.6g", number).replaceFirst("0+$", "").replaceFirst("\\.$", "");
    }

    /**
     * Escapes what could end a {@code <script>} element or a line inside one: {@code < > &}, U+2028, U+2029.
     */
    private static final class ScriptEscapes extends CharacterEscapes
    {
        static final ScriptEscapes INSTANCE = new ScriptEscapes();
        private static final long serialVersionUID = 1L;

        private final int[] asciiEscapes;

        private ScriptEscapes()
        {
            asciiEscapes = standardAsciiEscapesForJSON();
            asciiEscapes['<'] = ESCAPE_STANDARD;
            asciiEscapes['>'] = ESCAPE_STANDARD;
            asciiEscapes['&'] = ESCAPE_STANDARD;
        }

        public int[] getEscapeCodesForAscii()
        {
            return asciiEscapes;
        }

        public SerializableString getEscapeSequence(final int ch)
        {
            if ('\u2028' == ch)
            {
                return new SerializedString("\\u2028");
            }
            if ('\u2029' == ch)
            {
                return new SerializedString("\\u2029");
            }
            return null;
        }
    }

    /**
     * Two spaces a level, a line per member and element, {@code "key": value}; {@code {}} and {@code []} when empty.
     */
    private static final class TwoSpaces implements PrettyPrinter
    {
        private int depth;

        public void writeRootValueSeparator(final JsonGenerator generator) throws IOException
        {
            generator.writeRaw('\n');
        }

        public void writeStartObject(final JsonGenerator generator) throws IOException
        {
            generator.writeRaw('{');
            depth++;
        }

        public void beforeObjectEntries(final JsonGenerator generator) throws IOException
        {
            newline(generator, depth);
        }

        public void writeObjectFieldValueSeparator(final JsonGenerator generator) throws IOException
        {
            generator.writeRaw(": ");
        }

        public void writeObjectEntrySeparator(final JsonGenerator generator) throws IOException
        {
            generator.writeRaw(',');
            newline(generator, depth);
        }

        public void writeEndObject(final JsonGenerator generator, final int entryCount) throws IOException
        {
            depth--;
            if (entryCount > 0)
            {
                newline(generator, depth);
            }
            generator.writeRaw('}');
        }

        public void writeStartArray(final JsonGenerator generator) throws IOException
        {
            generator.writeRaw('[');
            depth++;
        }

        public void beforeArrayValues(final JsonGenerator generator) throws IOException
        {
            newline(generator, depth);
        }

        public void writeArrayValueSeparator(final JsonGenerator generator) throws IOException
        {
            generator.writeRaw(',');
            newline(generator, depth);
        }

        public void writeEndArray(final JsonGenerator generator, final int valueCount) throws IOException
        {
            depth--;
            if (valueCount > 0)
            {
                newline(generator, depth);
            }
            generator.writeRaw(']');
        }

        private static void newline(final JsonGenerator generator, final int depth) throws IOException
        {
            generator.writeRaw('\n');
            for (int i = 0; i < depth; i++)
            {
                generator.writeRaw("  ");
            }
        }
    }
}
