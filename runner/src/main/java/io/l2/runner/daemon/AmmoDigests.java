/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.l2.config.AmmoEntry;
import io.l2.engine.ammo.AmmoException;
import io.l2.engine.ammo.AmmoLoader;
import io.l2.transport.codec.ControlCodec;

/**
 * The SHA-256 of each named ammo of this host's l2.yaml, as hellos carry them so a runner can check that every host
 * shoots the same queries. A file is hashed again when its size or modification time changes; a file that cannot be
 * read is left out (and logged once per change), so the runner sees it as missing. At most
 * {@link ControlCodec#MAX_AMMO_COUNT} entries, in l2.yaml's order. One thread.
 */
final class AmmoDigests
{
    private final List<Entry> entries = new ArrayList<>();
    private final PrintStream log;
    private CharSequence[] names = new CharSequence[0];
    private byte[][] digests = new byte[0][];
    private int count;

    private static final class Entry
    {
        final String name;
        final Path file;
        long size = -1;
        long modifiedMs = -1;
        byte[] digest;

        Entry(final String name, final Path file)
        {
            this.name = name;
            this.file = file;
        }
    }

    AmmoDigests(final Map<String, AmmoEntry> ammo, final PrintStream log)
    {
        this.log = log;
        for (final AmmoEntry entry : ammo.values())
        {
            if (entries.size() < ControlCodec.MAX_AMMO_COUNT)
            {
                entries.add(new Entry(entry.name(), entry.file()));
            }
        }
        refresh();
    }

    /**
     * Hashes again the files that changed since the last call.
     */
    void refresh()
    {
        boolean changed = false;
        for (final Entry entry : entries)
        {
            long size = -2;
            long modifiedMs = -2;
            try
            {
                final BasicFileAttributes attributes = Files.readAttributes(entry.file, BasicFileAttributes.class);
                size = attributes.size();
                modifiedMs = attributes.lastModifiedTime().toMillis();
            }
            catch (final IOException ignore)
            {
                // a missing file hashes to nothing below
            }
            if (size == entry.size && modifiedMs == entry.modifiedMs)
            {
                continue;
            }
            entry.size = size;
            entry.modifiedMs = modifiedMs;
            changed = true;
            try
            {
                entry.digest = HexFormat.of().parseHex(AmmoLoader.sha256(entry.file));
            }
            catch (final AmmoException ex)
            {
                entry.digest = null;
                log.println("l2 daemon: ammo '" + entry.name + "' left out of hellos: " + ex.getMessage());
                log.flush();
            }
        }
        if (changed || names.length != entries.size())
        {
            names = new CharSequence[entries.size()];
            digests = new byte[entries.size()][];
            count = 0;
            for (final Entry entry : entries)
            {
                if (null != entry.digest)
                {
                    names[count] = entry.name;
                    digests[count] = entry.digest;
                    count++;
                }
            }
        }
    }

    CharSequence[] names()
    {
        return names;
    }

    byte[][] digests()
    {
        return digests;
    }

    int count()
    {
        return count;
    }
}
