package io.l2.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed, position-aware reads from the node tree of one YAML document. Every failure is a {@link ConfigException} at
 * the offending node. One instance per document; not thread-safe (it counts the nodes a walk expands).
 */
final class NodeReader
{
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
    private static final Pattern HEXADECIMAL = Pattern.compile("0x[0-9a-fA-F]+");
    private static final int DESCRIBE_LENGTH = 40;

    private final String fileName;
    private int expandedNodeCount;

    NodeReader(final String fileName)
    {
        this.fileName = fileName;
    }

    String fileName()
    {
        return fileName;
    }

    Position position(final Node node)
    {
        return SafeYaml.position(fileName, node.getStartMark());
    }

    /**
     * The position of a char offset inside a scalar's value: exact for a scalar on one line written plain or quoted
     * without escapes, the scalar's start otherwise.
     */
    Position position(final ScalarNode node, final int charOffset)
    {
        final Position start = position(node);
        if (node.getStartMark().isEmpty() || node.getEndMark().isEmpty())
        {
            return start;
        }
        final int startLine = node.getStartMark().get().getLine();
        final int endLine = node.getEndMark().get().getLine();
        final int writtenLength = node.getEndMark().get().getColumn() - node.getStartMark().get().getColumn();
        final String value = node.getValue();
        final int valueLength = value.codePointCount(0, value.length());
        final int offset = value.codePointCount(0, Math.min(charOffset, value.length()));
        final ScalarStyle style = node.getScalarStyle();
        if (startLine != endLine)
        {
            return start;
        }
        if (ScalarStyle.PLAIN == style && writtenLength == valueLength)
        {
            return new Position(fileName, start.line(), start.column() + offset);
        }
        if ((ScalarStyle.DOUBLE_QUOTED == style || ScalarStyle.SINGLE_QUOTED == style) &&
            writtenLength == valueLength + 2)
        {
            return new Position(fileName, start.line(), start.column() + 1 + offset);
        }
        return start;
    }

    ConfigException error(final Node node, final String reason)
    {
        return ConfigException.at(position(node), reason);
    }

    static boolean isNull(final Node node)
    {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /**
     * Says what a node is, for "expected X, got Y" messages.
     */
    static String describe(final Node node)
    {
        if (node instanceof MappingNode)
        {
            return "a map";
        }
        if (node instanceof SequenceNode)
        {
            return "a list";
        }
        if (isNull(node))
        {
            return "nothing (null)";
        }
        return quote(((ScalarNode) node).getValue());
    }

    static String quote(final String value)
    {
        if (value.codePointCount(0, value.length()) <= DESCRIBE_LENGTH)
        {
            return "'" + value + "'";
        }
        return "'" + value.substring(0, value.offsetByCodePoints(0, DESCRIBE_LENGTH)) + "...'";
    }

    ConfigException typeError(final Node node, final String label, final String expected)
    {
        return error(node, label + ": expected " + expected + ", got " + describe(node));
    }

    /**
     * The entries of a map, keys as written, in order; keys must be non-null scalars and unique.
     */
    Map<String, NodeTuple> mapping(final Node node, final String label, final String expected)
    {
        if (!(node instanceof MappingNode))
        {
            throw typeError(node, label, expected);
        }
        final Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (final NodeTuple tuple : ((MappingNode) node).getValue())
        {
            final Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode))
            {
                throw error(keyNode, "a key must be a plain value, not " + describe(keyNode));
            }
            if (isNull(keyNode))
            {
                throw error(keyNode, "a key must not be empty or null");
            }
            final String key = ((ScalarNode) keyNode).getValue();
            final NodeTuple first = entries.putIfAbsent(key, tuple);
            if (null != first)
            {
                final Position firstPosition = position(first.getKeyNode());
                throw error(keyNode, "duplicate key " + quote(key) + " (first at " + firstPosition.line() + ":" +
                    firstPosition.column() + ")");
            }
        }
        return entries;
    }

    /**
     * Refuses keys that are not allowed, naming the allowed ones and the closest when it is a likely typo.
     */
    void allowOnly(final Map<String, NodeTuple> entries, final String where, final List<String> allowed)
    {
        for (final Map.Entry<String, NodeTuple> entry : entries.entrySet())
        {
            if (!allowed.contains(entry.getKey()))
            {
                throw error(entry.getValue().getKeyNode(), "unknown key " + quote(entry.getKey()) + " in " + where +
                    didYouMean(entry.getKey(), allowed) + " (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /**
     * {@code "; did you mean 'x'?"} when a candidate is within a small edit distance, else {@code ""}.
     */
    static String didYouMean(final String written, final Iterable<String> candidates)
    {
        final String lower = written.toLowerCase(Locale.ROOT);
        final int limit = Math.max(1, Math.min(3, written.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : candidates)
        {
            final int distance = editDistance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return null != best && bestDistance <= limit ? "; did you mean " + quote(best) + "?" : "";
    }

    /**
     * Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbours as 1 (optimal
     * string alignment), so {@code form} is 1 from {@code from}.
     */
    static int editDistance(final String a, final String b)
    {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++)
        {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++)
        {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * The text of a scalar that has a value.
     */
    String text(final Node node, final String label, final String expected)
    {
        if (!(node instanceof ScalarNode))
        {
            throw typeError(node, label, expected);
        }
        if (isNull(node))
        {
            throw error(node, label + " has no value (expected " + expected + "; remove the key to use the default)");
        }
        return ((ScalarNode) node).getValue();
    }

    String string(final Node node, final String label)
    {
        return text(node, label, "a string");
    }

    String nonEmptyString(final Node node, final String label, final String expected)
    {
        final String text = text(node, label, expected);
        if (text.isBlank())
        {
            throw error(node, label + " is empty (expected " + expected + ")");
        }
        return text;
    }

    boolean bool(final Node node, final String label)
    {
        final String text = text(node, label, "true or false");
        switch (text)
        {
            case "true":
            case "True":
            case "TRUE":
                return true;
            case "false":
            case "False":
            case "FALSE":
                return false;
            default:
                throw error(node, label + " must be true or false, got " + quote(text));
        }
    }

    long integer(final Node node, final String label, final long min, final long max)
    {
        final String text = text(node, label, "an integer");
        final BigInteger value = parseInteger(text);
        if (null == value)
        {
            throw error(node, label + " must be an integer, got " + text);
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0)
        {
            throw error(node, label + " must be " + min + ".." + max + ", got " + text);
        }
        return value.longValueExact();
    }

    /**
     * An integer in a YAML 1.2 core schema form ({@code 123}, {@code -5}, {@code 0o17}, {@code 0x1F}), or null.
     */
    static BigInteger parseInteger(final String text)
    {
        if (DECIMAL.matcher(text).matches())
        {
            return new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        }
        if (OCTAL.matcher(text).matches())
        {
            return new BigInteger(text.substring(2), 8);
        }
        if (HEXADECIMAL.matcher(text).matches())
        {
            return new BigInteger(text.substring(2), 16);
        }
        return null;
    }

    /**
     * A node as plain Java values: unmodifiable maps (order kept) and lists, strings, and null for a YAML null.
     * Enforces the nesting depth and the number of nodes expanded through aliases.
     */
    Object plain(final Node node, final int depth)
    {
        if (depth > SafeYaml.DEPTH_LIMIT)
        {
            throw error(node, "nested deeper than " + SafeYaml.DEPTH_LIMIT + " levels");
        }
        if (++expandedNodeCount > SafeYaml.EXPANDED_NODE_LIMIT)
        {
            throw error(node, "expands to more than " + SafeYaml.EXPANDED_NODE_LIMIT +
                " values through aliases (refusing a possible billion-laughs document)");
        }
        if (node instanceof MappingNode)
        {
            final Map<String, Object> map = new LinkedHashMap<>();
            for (final Map.Entry<String, NodeTuple> entry : mapping(node, "map", "a map").entrySet())
            {
                map.put(entry.getKey(), plain(entry.getValue().getValueNode(), depth + 1));
            }
            return Collections.unmodifiableMap(map);
        }
        if (node instanceof SequenceNode)
        {
            final List<Object> list = new ArrayList<>();
            for (final Node item : ((SequenceNode) node).getValue())
            {
                list.add(plain(item, depth + 1));
            }
            return Collections.unmodifiableList(list);
        }
        return isNull(node) ? null : ((ScalarNode) node).getValue();
    }
}
