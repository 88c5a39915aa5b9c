/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.l2.runner.base.InputException;
import io.l2.runner.results.Json;
import io.l2.runner.results.ResultWriter;

/**
 * The shoots of a results directory ({@code <results dir>/<shoot id>/result.json}), read on demand. Shoot ids are
 * checked against {@link #ID_PATTERN} before any file is touched, so no id can name a path outside the directory.
 * Stateless apart from the directory; safe from any thread.
 */
public final class ShootResults
{
    /** The prefix of the folder of a daemon's own result inside a shoot's folder. */
    public static final String HOST_DIR_PREFIX = "host-";

    /**
     * What a shoot id may look like: letters, digits, {@code -} and {@code _}, 1 to 64 of them, not starting with
     * {@code -} or {@code _} (ids from {@link io.l2.runner.shoot.ShootId} look like {@code 20261125-173512-3f9a1c}).
     */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final Path dir;

    /**
     * @param dir the results directory (it need not exist: then there are no shoots).
     */
    public ShootResults(final Path dir)
    {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /**
     * @param id a candidate shoot id.
     * @return true when it matches {@link #ID_PATTERN}.
     */
    public static boolean isValidId(final String id)
    {
        return ID_PATTERN.matcher(id).matches();
    }

    /**
     * @return the summaries of every shoot with a {@code result.json}, newest id first: id, description,
     * started_at, the status of each host, totals sent/answered/timeouts; an unreadable file gives id and error.
     * @throws IOException when the directory cannot be listed.
     */
    public List<Map<String, Object>> list() throws IOException
    {
        final List<String> ids = new ArrayList<>();
        if (Files.isDirectory(dir))
        {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir))
            {
                for (final Path entry : entries)
                {
                    final String name = entry.getFileName().toString();
                    if (isValidId(name) && Files.isRegularFile(resultFile(name)))
                    {
                        ids.add(name);
                    }
                }
            }
        }
        ids.sort(Comparator.reverseOrder());
        final List<Map<String, Object>> shoots = new ArrayList<>();
        for (final String id : ids)
        {
            Map<String, Object> summary;
            try
            {
                final Map<String, Object> result = read(id);
                summary = null == result ? null : summary(id, result);
            }
            catch (final IOException | IllegalArgumentException ex)
            {
                summary = new LinkedHashMap<>();
                summary.put("id", id);
                summary.put("error", ex.getMessage());
            }
            if (null != summary)
            {
                shoots.add(summary);
            }
        }
        return shoots;
    }

    /**
     * @param id a shoot id (checked against {@link #ID_PATTERN}).
     * @return the text of its {@code result.json}, or null when there is none.
     * @throws IOException when the file exists but cannot be read.
     * @throws IllegalArgumentException when the id is not valid.
     */
    public String resultText(final String id) throws IOException
    {
        final Path file = resultFile(id);
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
    }

    /**
     * @param id a shoot id (checked against {@link #ID_PATTERN}).
     * @return its {@code result.json} as a tree, or null when there is none.
     * @throws IOException when the file exists but cannot be read.
     * @throws IllegalArgumentException when the id is not valid or the file is not a JSON object (the message
     * names the file).
     */
    public Map<String, Object> read(final String id) throws IOException
    {
        final String text = resultText(id);
        if (null == text)
        {
            return null;
        }
        final Path file = resultFile(id);
        try
        {
            return Json.parse(text, file.toString());
        }
        catch (final InputException ex)
        {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
    }

    private Path resultFile(final String id)
    {
        if (!isValidId(id))
        {
            throw new IllegalArgumentException("bad shoot id (expected " + ID_PATTERN.pattern() + ")");
        }
        final Path merged = dir.resolve(id).resolve(ResultWriter.RESULT_FILE);
        if (Files.isRegularFile(merged))
        {
            return merged;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.resolve(id), HOST_DIR_PREFIX + "*"))
        {
            Path first = null;
            for (final Path entry : entries)
            {
                final Path file = entry.resolve(ResultWriter.RESULT_FILE);
                if (Files.isRegularFile(file) && (null == first || file.compareTo(first) < 0))
                {
                    first = file;
                }
            }
            return null == first ? merged : first;
        }
        catch (final IOException ex)
        {
            return merged;
        }
    }

    /**
     * Where a daemon writes its own result of a shoot fired by a runner: beside the runner's merged result when the
     * runner's host is this one, never over it.
     *
     * @param resultsDir the results directory.
     * @param id         the shoot's id.
     * @param host       this host's name.
     * @return {@code RESULTS_DIR/ID/host-HOST}.
     */
    public static Path hostDir(final Path resultsDir, final String id, final String host)
    {
        return resultsDir.resolve(id).resolve(HOST_DIR_PREFIX + host);
    }

    private static Map<String, Object> summary(final String id, final Map<String, Object> result)
    {
        final Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", id);
        summary.put("description", result.get("description"));
        summary.put("started_at", result.get("started_at"));
        final List<Object> hosts = new ArrayList<>();
        if (result.get("hosts") instanceof List<?> list)
        {
            for (final Object item : list)
            {
                if (item instanceof Map<?, ?> host)
                {
                    final Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("host", host.get("host"));
                    entry.put("status", host.get("status"));
                    hosts.add(entry);
                }
            }
        }
        summary.put("hosts", hosts);
        final Map<String, Object> totals = new LinkedHashMap<>();
        final Map<?, ?> resultTotals = result.get("totals") instanceof Map<?, ?> map ? map : Map.of();
        for (final String key : List.of("sent", "answered", "timeouts"))
        {
            totals.put(key, resultTotals.get(key));
        }
        summary.put("totals", totals);
        return summary;
    }
}
