/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.l2.engine.ammo.AmmoLoader;
import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.QueryOptions;

/**
 * Loaded ammo kept between shoots of one process: a daemon fires shoot after shoot with the same files, and loading
 * one (reading, parsing every name, encoding every query) costs time before each start and allocates for each query
 * of the file, garbage that a later shoot's young collection would pay for. An entry is the file as it is now (its
 * real path, size, modification time and file key: a file written again is loaded again) with the query options
 * it was encoded with. Tables are shared, read-only, and counted: one is freed when no shoot holds it and it has left
 * the cache (evicted, the oldest first, beyond {@code capacity}, or replaced by a newer version of its file).
 * Thread-safe: a load happens under the cache's lock, so a second shoot of the same file waits for it and shares it.
 */
public final class AmmoCache
{
    /** The process's cache: a few files are all a host's plans name. */
    public static final AmmoCache SHARED = new AmmoCache(4);

    private final int capacity;
    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long loadCount;

    private record Key(Path realPath, long size, FileTime modified, Object fileKey, QueryOptions options)
    {
    }

    private static final class Entry
    {
        final AmmoTable table;
        int leaseCount;
        boolean cached = true;

        Entry(final AmmoTable table)
        {
            this.table = table;
        }
    }

    /**
     * A shoot's hold on a table; close it when the shoot no longer reads the table.
     */
    public final class Lease implements AutoCloseable
    {
        private final Entry entry;
        private boolean released;

        private Lease(final Entry entry)
        {
            this.entry = entry;
        }

        /**
         * @return the table, valid until this lease is closed.
         */
        public AmmoTable table()
        {
            return entry.table;
        }

        /**
         * Releases the hold; idempotent.
         */
        public void close()
        {
            synchronized (AmmoCache.this)
            {
                if (!released)
                {
                    released = true;
                    entry.leaseCount--;
                    freeIfUnused(entry);
                }
            }
        }
    }

    /**
     * @param capacity how many tables are kept when no shoot holds them, at least 1.
     */
    public AmmoCache(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * The table of a file as it is now, loaded once per version of the file and options.
     *
     * @param file    the ammo file.
     * @param options how its queries are encoded.
     * @return a lease on the table.
     * @throws io.l2.engine.ammo.AmmoException naming the file (and line) when it cannot be read or is not ammo.
     */
    public synchronized Lease acquire(final Path file, final QueryOptions options)
    {
        final Key key = keyOf(file, Objects.requireNonNull(options, "options"));
        if (null == key)
        {
            // its attributes cannot be read: the loader says why in its own words, or loads it uncached
            final Entry uncached = new Entry(AmmoLoader.load(file, options));
            uncached.cached = false;
            uncached.leaseCount++;
            return new Lease(uncached);
        }
        Entry entry = entries.get(key);
        if (null == entry)
        {
            dropOtherVersions(key);
            entry = new Entry(AmmoLoader.load(file, options));
            loadCount++;
            entries.put(key, entry);
            evictBeyondCapacity();
        }
        entry.leaseCount++;
        return new Lease(entry);
    }

    /**
     * @return how many times a file was loaded (not found in the cache).
     */
    public synchronized long loadCount()
    {
        return loadCount;
    }

    /**
     * @return how many tables are cached.
     */
    public synchronized int size()
    {
        return entries.size();
    }

    /**
     * Drops every table no shoot holds; those held are freed when released.
     */
    public synchronized void clear()
    {
        final List<Entry> dropped = new ArrayList<>(entries.values());
        entries.clear();
        for (final Entry entry : dropped)
        {
            entry.cached = false;
            freeIfUnused(entry);
        }
    }

    private static Key keyOf(final Path file, final QueryOptions options)
    {
        try
        {
            final Path realPath = file.toRealPath();
            final BasicFileAttributes attributes = Files.readAttributes(realPath, BasicFileAttributes.class);
            return new Key(realPath, attributes.size(), attributes.lastModifiedTime(), attributes.fileKey(), options);
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private void dropOtherVersions(final Key key)
    {
        final Iterator<Map.Entry<Key, Entry>> iterator = entries.entrySet().iterator();
        while (iterator.hasNext())
        {
            final Map.Entry<Key, Entry> cached = iterator.next();
            if (cached.getKey().realPath().equals(key.realPath()) && cached.getKey().options().equals(key.options()))
            {
                iterator.remove();
                cached.getValue().cached = false;
                freeIfUnused(cached.getValue());
            }
        }
    }

    private void evictBeyondCapacity()
    {
        final Iterator<Entry> eldestFirst = entries.values().iterator();
        while (entries.size() > capacity && eldestFirst.hasNext())
        {
            final Entry entry = eldestFirst.next();
            eldestFirst.remove();
            entry.cached = false;
            freeIfUnused(entry);
        }
    }

    private static void freeIfUnused(final Entry entry)
    {
        if (!entry.cached && 0 == entry.leaseCount)
        {
            entry.table.close();
        }
    }
}
