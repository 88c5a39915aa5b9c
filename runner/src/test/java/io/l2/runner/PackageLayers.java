/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the import lines of the runner's main sources and says which ones break the package order written in
 * {@code io/l2/runner/package-info.java}: an import from a lower layer to a higher one, a package no layer names,
 * and any circle between packages (sub-packages included). Plain Java, no library: each source's {@code package}
 * line and its {@code import} and {@code import static} lines of {@code io.l2.runner} types.
 */
final class PackageLayers
{
    /** The runner's root package; the layers name the packages under it by their first segment. */
    static final String ROOT = "io.l2.runner";

    /**
     * The order, top to bottom: a package may import its own layer's packages and any lower layer's, never a higher
     * one's. The root package (the {@code main} class) sits with the command line on top.
     */
    static final List<Set<String>> LAYERS = List.of(
        Set.of("", "cli"),
        Set.of("capacity"),
        Set.of("daemon"),
        Set.of("schedule"),
        Set.of("fire"),
        Set.of("fleet"),
        Set.of("sinks", "report"),
        Set.of("shoot"),
        Set.of("results"),
        Set.of("security", "inventory", "control"),
        Set.of("base"));

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT =
        Pattern.compile("^import\\s+(?:static\\s+)?(io\\.l2\\.runner\\.[\\w.]+)\\s*;", Pattern.MULTILINE);

    /** One import of a runner type: the file that has it, its package, and the imported package. */
    record Import(String file, String fromPackage, String line, String toPackage)
    {
    }

    private PackageLayers()
    {
    }

    /**
     * @param sourceRoot the main sources' root ({@code src/main/java}).
     * @return the file (relative to the root) to its text, of every {@code .java} file under {@code io/l2/runner}.
     */
    static Map<String, String> read(final Path sourceRoot)
    {
        final Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sourceRoot.resolve(ROOT.replace('.', '/'))))
        {
            for (final Path file : files.filter((f) -> f.toString().endsWith(".java")).toList())
            {
                sources.put(sourceRoot.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return sources;
    }

    /**
     * @param sources file to text.
     * @return every import of a runner type from another package, in file order.
     */
    static List<Import> imports(final Map<String, String> sources)
    {
        final List<Import> imports = new ArrayList<>();
        for (final Map.Entry<String, String> source : sources.entrySet())
        {
            final Matcher declared = PACKAGE.matcher(source.getValue());
            if (!declared.find())
            {
                continue;
            }
            final String from = declared.group(1);
            final Matcher imported = IMPORT.matcher(source.getValue());
            while (imported.find())
            {
                final String to = packageOf(imported.group(1));
                if (!to.equals(from))
                {
                    imports.add(new Import(source.getKey(), from, imported.group(0), to));
                }
            }
        }
        return imports;
    }

    /**
     * @param sources file to text.
     * @return one line per import that goes up the order or names a package no layer has; empty when none does.
     */
    static List<String> upwardImports(final Map<String, String> sources)
    {
        final List<String> problems = new ArrayList<>();
        for (final Map.Entry<String, String> source : sources.entrySet())
        {
            final Matcher declared = PACKAGE.matcher(source.getValue());
            if (declared.find() && layerOf(declared.group(1)) < 0)
            {
                problems.add(source.getKey() + ": package " + declared.group(1) + " is in no layer: add it to the " +
                    "order in io/l2/runner/package-info.java and PackageLayers.LAYERS");
            }
        }
        for (final Import each : imports(sources))
        {
            final int from = layerOf(each.fromPackage());
            final int to = layerOf(each.toPackage());
            if (to < 0 && from >= 0)
            {
                problems.add(each.file() + ": '" + each.line() + "': package " + each.toPackage() + " is in no " +
                    "layer: add it to the order in io/l2/runner/package-info.java and PackageLayers.LAYERS");
            }
            else if (from >= 0 && to < from)
            {
                problems.add(each.file() + ": '" + each.line() + "' goes up from " + topOf(each.fromPackage()) +
                    " to " + topOf(each.toPackage()) + " (order, top to bottom: " + order() + ")");
            }
        }
        return problems;
    }

    /**
     * @param sources file to text.
     * @return one line per circle between packages, each package of it with the import that leads on; empty when
     *     there is none.
     */
    static List<String> cycles(final Map<String, String> sources)
    {
        final Map<String, Map<String, Import>> edges = new TreeMap<>();
        for (final Import each : imports(sources))
        {
            edges.computeIfAbsent(each.fromPackage(), (k) -> new TreeMap<>()).putIfAbsent(each.toPackage(), each);
            edges.computeIfAbsent(each.toPackage(), (k) -> new TreeMap<>());
        }
        final List<String> problems = new ArrayList<>();
        for (final List<String> component : stronglyConnected(edges))
        {
            if (component.size() < 2)
            {
                continue;
            }
            final List<String> path = circleThrough(component, edges);
            final StringBuilder line = new StringBuilder("package circle: " + String.join(" -> ", path));
            for (int i = 0; i + 1 < path.size(); i++)
            {
                final Import link = edges.get(path.get(i)).get(path.get(i + 1));
                line.append(i == 0 ? " (" : "; ").append(link.file()).append(": '").append(link.line()).append('\'');
            }
            problems.add(line.append(')').toString());
        }
        return problems;
    }

    private static List<String> circleThrough(
        final List<String> component, final Map<String, Map<String, Import>> edges)
    {
        final Set<String> members = new TreeSet<>(component);
        final String start = members.iterator().next();
        final Map<String, String> cameFrom = new HashMap<>();
        final Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty())
        {
            final String at = queue.poll();
            for (final String next : edges.get(at).keySet())
            {
                if (next.equals(start))
                {
                    final List<String> path = new ArrayList<>(List.of(start));
                    for (String step = at; !step.equals(start); step = cameFrom.get(step))
                    {
                        path.add(1, step);
                    }
                    path.add(start);
                    return path;
                }
                if (members.contains(next) && !cameFrom.containsKey(next))
                {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("no circle through " + start);
    }

    /** Tarjan's strongly connected components. */
    private static List<List<String>> stronglyConnected(final Map<String, Map<String, Import>> edges)
    {
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, Integer> low = new HashMap<>();
        final Deque<String> stack = new ArrayDeque<>();
        final Set<String> onStack = new TreeSet<>();
        final List<List<String>> components = new ArrayList<>();
        for (final String node : edges.keySet())
        {
            if (!index.containsKey(node))
            {
                connect(node, edges, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void connect(
        final String node,
        final Map<String, Map<String, Import>> edges,
        final Map<String, Integer> index,
        final Map<String, Integer> low,
        final Deque<String> stack,
        final Set<String> onStack,
        final List<List<String>> components)
    {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (final String next : edges.get(node).keySet())
        {
            if (!index.containsKey(next))
            {
                connect(next, edges, index, low, stack, onStack, components);
                low.put(node, Math.min(low.get(node), low.get(next)));
            }
            else if (onStack.contains(next))
            {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node)))
        {
            final List<String> component = new ArrayList<>();
            String member;
            do
            {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            }
            while (!member.equals(node));
            components.add(component);
        }
    }

    private static String packageOf(final String importedName)
    {
        final String[] parts = importedName.split("\\.");
        int end = parts.length;
        while (end > 0 && !Character.isLowerCase(parts[end - 1].charAt(0)))
        {
            end--;
        }
        return String.join(".", List.of(parts).subList(0, end));
    }

    private static String topOf(final String packageName)
    {
        if (packageName.equals(ROOT))
        {
            return "";
        }
        final String below = packageName.substring(ROOT.length() + 1);
        final int dot = below.indexOf('.');
        return dot < 0 ? below : below.substring(0, dot);
    }

    private static int layerOf(final String packageName)
    {
        if (!packageName.equals(ROOT) && !packageName.startsWith(ROOT + "."))
        {
            return -1;
        }
        final String top = topOf(packageName);
        for (int i = 0; i < LAYERS.size(); i++)
        {
            if (LAYERS.get(i).contains(top))
            {
                return i;
            }
        }
        return -1;
    }

    private static String order()
    {
        final List<String> names = new ArrayList<>();
        for (final Set<String> layer : LAYERS)
        {
            names.add(String.join("|", new TreeSet<>(layer)).replaceFirst("^\\|", ""));
        }
        return String.join(", ", names);
    }

    /**
     * @param fileAndText file, text, file, text, ...
     * @return the sources, for tests of the checks themselves.
     */
    static Map<String, String> of(final String... fileAndText)
    {
        final Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fileAndText.length; i += 2)
        {
            sources.put(fileAndText[i], fileAndText[i + 1]);
        }
        return sources;
    }
}
