package io.l2.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads YAML text safely into a SnakeYAML Engine node tree (YAML 1.2 core schema), turning every failure into a
 * one-line {@link ConfigException}.
 * <p>
 * Before composing, a pass over the parser's events enforces what the composer does not (or not with a position):
 * nesting depth, the number of aliases to collections (billion laughs), recursive aliases, undefined aliases,
 * non-scalar keys and tags outside the core schema. Duplicate keys are refused by {@link NodeReader} while walking,
 * since SnakeYAML Engine checks them only when constructing Java objects. Stateless; safe from any thread.
 */
final class SafeYaml
{
    /**
     * Most code points in one document.
     */
    static final int CODE_POINT_LIMIT = 4 * 1024 * 1024;

    /**
     * Most bytes in one file (UTF-8 takes at most 4 bytes per code point).
     */
    static final long MAX_FILE_LENGTH = 4L * CODE_POINT_LIMIT;

    /**
     * Deepest nesting of lists and maps.
     */
    static final int DEPTH_LIMIT = 64;

    /**
     * Most aliases to lists or maps in one document.
     */
    static final int COLLECTION_ALIAS_LIMIT = 50;

    /**
     * Most nodes a walk may visit once aliases are expanded.
     */
    static final int EXPANDED_NODE_LIMIT = 100_000;

    private static final Set<String> CORE_TAGS = Set.of(
        Tag.STR.getValue(), Tag.INT.getValue(), Tag.FLOAT.getValue(), Tag.BOOL.getValue(), Tag.NULL.getValue(),
        Tag.SEQ.getValue(), Tag.MAP.getValue());

    private SafeYaml()
    {
    }

    /**
     * Reads a file as strict UTF-8 (a leading byte order mark is dropped).
     *
     * @param file     the file.
     * @param fileName the name to report positions with.
     * @return the text.
     * @throws ConfigException at {@code fileName:0:0} when the file cannot be read or is too large, at the place
     *                         of the first bad byte when it is not UTF-8.
     */
    static String readUtf8(final Path file, final String fileName)
    {
        final byte[] bytes;
        try
        {
            final long length = Files.size(file);
            if (length > MAX_FILE_LENGTH)
            {
                throw ConfigException.at(
                    Position.ofFile(fileName),
                    "too large: " + length + " bytes (the limit is " + MAX_FILE_LENGTH + ")");
            }
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw ConfigException.at(Position.ofFile(fileName), "cannot read: no such file");
        }
        catch (final AccessDeniedException ex)
        {
            throw ConfigException.at(Position.ofFile(fileName), "cannot read: permission denied");
        }
        catch (final IOException ex)
        {
            final String detail = null == ex.getMessage() ? ex.getClass().getSimpleName() : ex.getMessage();
            throw ConfigException.at(Position.ofFile(fileName), "cannot read: " + detail);
        }
        return decodeUtf8(bytes, fileName);
    }

    /**
     * Decodes strict UTF-8 (a leading byte order mark is dropped).
     *
     * @param bytes    the bytes.
     * @param fileName the name to report positions with.
     * @return the text.
     */
    static String decodeUtf8(final byte[] bytes, final String fileName)
    {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError())
        {
            result = decoder.flush(out);
        }
        if (result.isError())
        {
            final int offset = in.position();
            out.flip();
            final String before = out.toString();
            final Position position = positionAtChar(fileName, before, before.length());
            throw ConfigException.at(position, String.format(
                "not valid UTF-8: byte 0x%02X at byte offset %d (l2 reads YAML files as UTF-8)",
                bytes[offset] & 0xFF, offset));
        }
        out.flip();
        final String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Composes the single document of a YAML text.
     *
     * @param fileName the name to report positions with.
     * @param text     the YAML text.
     * @return the root node, or empty for an empty document.
     * @throws ConfigException for a syntax error or a limit broken, at its place.
     */
    static Optional<Node> compose(final String fileName, final String text)
    {
        if (text.length() > CODE_POINT_LIMIT && text.codePointCount(0, text.length()) > CODE_POINT_LIMIT)
        {
            throw ConfigException.at(Position.ofFile(fileName), "too large: " +
                text.codePointCount(0, text.length()) + " characters (the limit is " + CODE_POINT_LIMIT + ")");
        }
        final LoadSettings settings = LoadSettings.builder()
            .setLabel(fileName)
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setAllowNonScalarKeys(false)
            .setMaxAliasesForCollections(COLLECTION_ALIAS_LIMIT)
            .setCodePointLimit(CODE_POINT_LIMIT + 1)
            .setParseComments(false)
            .setUseMarks(true)
            .build();
        try
        {
            guard(fileName, settings, text);
            return new Compose(settings).composeString(text);
        }
        catch (final YamlEngineException ex)
        {
            throw translate(fileName, text, ex);
        }
    }

    private static void guard(final String fileName, final LoadSettings settings, final String text)
    {
        final Deque<Frame> frames = new ArrayDeque<>();
        final Map<Anchor, Boolean> anchorIsCollection = new HashMap<>();
        final Set<Anchor> openAnchors = new HashSet<>();
        int collectionAliasCount = 0;
        for (final Event event : new Parse(settings).parseString(text))
        {
            if (!(event instanceof NodeEvent))
            {
                if (Event.ID.MappingEnd == event.getEventId() || Event.ID.SequenceEnd == event.getEventId())
                {
                    final Frame frame = frames.pop();
                    if (null != frame.anchor)
                    {
                        openAnchors.remove(frame.anchor);
                    }
                }
                continue;
            }

            final boolean isCollection = event instanceof CollectionStartEvent;
            final Frame parent = frames.peek();
            final boolean isKey = null != parent && parent.mapping && parent.expectKey;
            if (null != parent && parent.mapping)
            {
                parent.expectKey = !parent.expectKey;
            }

            if (event instanceof AliasEvent)
            {
                final Anchor anchor = ((AliasEvent) event).getAlias();
                final Boolean collection = anchorIsCollection.get(anchor);
                if (null == collection)
                {
                    throw fail(fileName, event, "undefined alias '*" + anchor.getValue() + "'");
                }
                if (openAnchors.contains(anchor))
                {
                    throw fail(fileName, event, "recursive alias '*" + anchor.getValue() +
                        "': a list or map cannot contain itself");
                }
                if (collection)
                {
                    if (isKey)
                    {
                        throw fail(fileName, event, "a key must be a plain value, not a list or a map");
                    }
                    if (++collectionAliasCount > COLLECTION_ALIAS_LIMIT)
                    {
                        throw fail(fileName, event, "more than " + COLLECTION_ALIAS_LIMIT +
                            " aliases to lists or maps (alias limit; refusing a possible billion-laughs document)");
                    }
                }
                continue;
            }

            final Optional<String> tag = isCollection ?
                ((CollectionStartEvent) event).getTag() : ((ScalarEvent) event).getTag();
            if (tag.isPresent() && !CORE_TAGS.contains(tag.get()))
            {
                throw fail(fileName, event, "tag '" + tag.get() +
                    "' is not allowed (only plain strings, numbers, booleans, null, lists and maps)");
            }

            final Optional<Anchor> anchor = ((NodeEvent) event).getAnchor();
            anchor.ifPresent((a) -> anchorIsCollection.put(a, isCollection));
            if (isCollection)
            {
                if (isKey)
                {
                    throw fail(fileName, event, "a key must be a plain value, not a list or a map");
                }
                if (frames.size() >= DEPTH_LIMIT)
                {
                    throw fail(fileName, event, "nested deeper than " + DEPTH_LIMIT + " levels");
                }
                final Frame frame = new Frame(Event.ID.MappingStart == event.getEventId(), anchor.orElse(null));
                if (null != frame.anchor)
                {
                    openAnchors.add(frame.anchor);
                }
                frames.push(frame);
            }
        }
    }

    private static ConfigException fail(final String fileName, final Event event, final String reason)
    {
        return ConfigException.at(position(fileName, event.getStartMark()), reason);
    }

    static Position position(final String fileName, final Optional<Mark> mark)
    {
        return mark.map((m) -> new Position(fileName, m.getLine() + 1, m.getColumn() + 1))
            .orElseGet(() -> new Position(fileName, 1, 1));
    }

    private static ConfigException translate(final String fileName, final String text, final YamlEngineException ex)
    {
        if (ex instanceof MarkedYamlEngineException)
        {
            final MarkedYamlEngineException marked = (MarkedYamlEngineException) ex;
            final Optional<Mark> problemMark = marked.getProblemMark();
            final Optional<Mark> contextMark = marked.getContextMark();
            final String problem = marked.getProblem();
            final String context = marked.getContext();
            final boolean hasContext = null != context && !context.isBlank();
            final StringBuilder reason = new StringBuilder();
            if (null != problem && !problem.isBlank())
            {
                reason.append(problem);
                if (hasContext)
                {
                    reason.append(" (").append(context);
                    contextMark.ifPresent((m) -> reason.append(" at ").append(m.getLine() + 1)
                        .append(':').append(m.getColumn() + 1));
                    reason.append(')');
                }
            }
            else
            {
                reason.append(hasContext ? context : "YAML error");
            }
            return ConfigException.at(
                position(fileName, problemMark.isPresent() ? problemMark : contextMark), reason.toString());
        }
        if (ex instanceof ReaderException)
        {
            final ReaderException reader = (ReaderException) ex;
            final int index = reader.getPosition();
            final int charIndex = index <= text.codePointCount(0, text.length()) ?
                text.offsetByCodePoints(0, index) : text.length();
            return ConfigException.at(positionAtChar(fileName, text, charIndex),
                String.format("%s (U+%04X)", ex.getMessage(), reader.getCodePoint()));
        }
        return ConfigException.at(Position.ofFile(fileName), String.valueOf(ex.getMessage()));
    }

    /**
     * The 1-based line and column (in code points) of a char index in a text.
     */
    static Position positionAtChar(final String fileName, final String text, final int charIndex)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < charIndex; i++)
        {
            final char c = text.charAt(i);
            if ('\n' == c || ('\r' == c && (i + 1 >= text.length() || '\n' != text.charAt(i + 1))))
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(fileName, line, text.codePointCount(lineStart, charIndex) + 1);
    }

    private static final class Frame
    {
        private final boolean mapping;
        private final Anchor anchor;
        private boolean expectKey = true;

        private Frame(final boolean mapping, final Anchor anchor)
        {
            this.mapping = mapping;
            this.anchor = anchor;
        }
    }
}
