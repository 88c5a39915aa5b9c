/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ansible's host patterns, as {@code --limit} takes them, over an ordered list of hosts and named groups.
 * <p>
 * A pattern is a list of terms separated by {@code ,} (or {@code :}, as Ansible still accepts). A term is a group
 * name, a host name, a glob ({@code dns-load0*}, {@code dns-load0?[iv]*}), a regular expression ({@code ~dns-load0[12]i}), or {@code all};
 * any of them may carry a subscript ({@code man[0]}, {@code man[0:2]}, {@code man[-1]}). Plain terms are united
 * first, then {@code &term} intersects, then {@code !term} excludes, whatever the order they were written in
 * (Ansible's {@code order_patterns}); a pattern of only {@code &}/{@code !} terms starts from {@code all}.
 * {@code @file} reads terms from a file, one per line. The result keeps the inventory's order.
 * <p>
 * Immutable and thread-safe.
 */
public final class HostSelector
{
    private static final Pattern SUBSCRIPT = Pattern.compile("^(.+?)\\[(-?\\d+)(?::(-?\\d*))?]$");

    private final List<String> hosts;
    private final Map<String, List<String>> groups;

    /**
     * @param hosts  every host, in inventory order, without duplicates.
     * @param groups group name to its hosts (each a member of {@code hosts}), in inventory order.
     */
    public HostSelector(final List<String> hosts, final Map<String, List<String>> groups)
    {
        this.hosts = List.copyOf(new LinkedHashSet<>(hosts));
        this.groups = Map.copyOf(new LinkedHashMap<>(groups));
    }

    /**
     * Hosts that the pattern selects.
     *
     * @param pattern as given to {@code --limit}.
     * @return the selected hosts in inventory order, possibly empty.
     * @throws IllegalArgumentException with a one-line reason when the pattern is malformed or a file is unreadable.
     */
    public List<String> select(final String pattern)
    {
        final List<String> terms = new ArrayList<>();
        for (final String term : split(pattern))
        {
            if (term.startsWith("@"))
            {
                terms.addAll(readFile(term.substring(1)));
            }
            else
            {
                terms.add(term);
            }
        }
        if (terms.isEmpty())
        {
            throw new IllegalArgumentException("empty host pattern");
        }

        final Set<String> selected = new LinkedHashSet<>();
        boolean anyPlain = false;
        for (final String term : terms)
        {
            if (!term.startsWith("&") && !term.startsWith("!"))
            {
                anyPlain = true;
                selected.addAll(match(term));
            }
        }
        if (!anyPlain)
        {
            selected.addAll(hosts);
        }
        for (final String term : terms)
        {
            if (term.startsWith("&"))
            {
                selected.retainAll(new LinkedHashSet<>(match(term.substring(1))));
            }
        }
        for (final String term : terms)
        {
            if (term.startsWith("!"))
            {
                match(term.substring(1)).forEach(selected::remove);
            }
        }

        final List<String> ordered = new ArrayList<>(selected.size());
        for (final String host : hosts)
        {
            if (selected.contains(host))
            {
                ordered.add(host);
            }
        }
        return ordered;
    }

    private List<String> match(final String rawTerm)
    {
        final String term = rawTerm.trim();
        if (term.isEmpty())
        {
            throw new IllegalArgumentException("empty term in host pattern");
        }
        final Matcher subscript = SUBSCRIPT.matcher(term);
        if (subscript.matches() && !term.startsWith("~"))
        {
            return slice(match(subscript.group(1)), subscript.group(2), subscript.group(3), term);
        }
        if ("all".equals(term) || "*".equals(term))
        {
            return hosts;
        }
        final List<String> group = groups.get(term);
        if (null != group)
        {
            return group;
        }
        if (hosts.contains(term))
        {
            return List.of(term);
        }
        final Pattern regex = toRegex(term);
        final List<String> matched = new ArrayList<>();
        if (null != regex)
        {
            for (final Map.Entry<String, List<String>> entry : groups.entrySet())
            {
                if (regex.matcher(entry.getKey()).matches())
                {
                    matched.addAll(entry.getValue());
                }
            }
            for (final String host : hosts)
            {
                if (regex.matcher(host).matches())
                {
                    matched.add(host);
                }
            }
        }
        return matched;
    }

    private static List<String> slice(
        final List<String> list, final String fromText, final String toText, final String term)
    {
        final int size = list.size();
        int from = Integer.parseInt(fromText);
        if (from < 0)
        {
            from += size;
        }
        if (null == toText)
        {
            if (from < 0 || from >= size)
            {
                throw new IllegalArgumentException(
                    "subscript out of range in '" + term + "' (" + size + " hosts)");
            }
            return List.of(list.get(from));
        }
        int to = toText.isEmpty() ? size - 1 : Integer.parseInt(toText);
        if (to < 0)
        {
            to += size;
        }
        from = Math.max(0, from);
        to = Math.min(size - 1, to);
        return from > to ? List.of() : list.subList(from, to + 1);
    }

    private static Pattern toRegex(final String term)
    {
        try
        {
            if (term.startsWith("~"))
            {
                return Pattern.compile(term.substring(1));
            }
            if (term.indexOf('*') < 0 && term.indexOf('?') < 0 && term.indexOf('[') < 0)
            {
                return null;
            }
            final StringBuilder regex = new StringBuilder();
            for (int i = 0; i < term.length(); i++)
            {
                final char c = term.charAt(i);
                if ('*' == c)
                {
                    regex.append(".*");
                }
                else if ('?' == c)
                {
                    regex.append('.');
                }
                else if ('[' == c && term.indexOf(']', i + 2) > 0)
                {
                    final int end = term.indexOf(']', i + 2);
                    final String set = term.substring(i + 1, end);
                    regex.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                    i = end;
                }
                else
                {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString());
        }
        catch (final PatternSyntaxException ex)
        {
            throw new IllegalArgumentException(
                "bad regular expression '" + term + "': " + ex.getDescription(), ex);
        }
    }

    private static List<String> split(final String pattern)
    {
        final List<String> terms = new ArrayList<>();
        final StringBuilder term = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < pattern.length(); i++)
        {
            final char c = pattern.charAt(i);
            if ('[' == c)
            {
                depth++;
            }
            else if (']' == c)
            {
                depth--;
            }
            if ((',' == c || ':' == c) && 0 == depth)
            {
                addTerm(terms, term);
            }
            else
            {
                term.append(c);
            }
        }
        addTerm(terms, term);
        return terms;
    }

    private static void addTerm(final List<String> terms, final StringBuilder term)
    {
        final String text = term.toString().trim();
        if (!text.isEmpty())
        {
            terms.add(text);
        }
        term.setLength(0);
    }

    private static List<String> readFile(final String fileName)
    {
        try
        {
            final List<String> terms = new ArrayList<>();
            for (final String line : Files.readAllLines(Path.of(fileName), StandardCharsets.UTF_8))
            {
                final String text = line.trim();
                if (!text.isEmpty() && !text.startsWith("#"))
                {
                    terms.addAll(split(text));
                }
            }
            return terms;
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read host pattern file " + fileName + ": " + ex, ex);
        }
    }
}
