/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import io.l2.engine.ammo.AmmoException;
import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.QueryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmmoCacheTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldLoadAFileOnceAndShareItsTableBetweenShoots() throws IOException
    {
        final AmmoCache cache = new AmmoCache(2);
        final Path file = Files.writeString(tmp.resolve("q.txt"), "a.example. A\nb.example. AAAA\n");

        try (AmmoCache.Lease first = cache.acquire(file, QueryOptions.DEFAULT);
            AmmoCache.Lease second = cache.acquire(tmp.resolve(".").resolve("q.txt"), QueryOptions.DEFAULT))
        {
            assertSame(first.table(), second.table(), "the same file, the same table");
            assertEquals(2, first.table().count());
        }
        try (AmmoCache.Lease third = cache.acquire(file, QueryOptions.DEFAULT))
        {
            assertEquals(2, third.table().count(), "kept while no shoot holds it: still readable");
        }
        assertEquals(1, cache.loadCount());

        try (AmmoCache.Lease withEdns = cache.acquire(file, QueryOptions.withEdns(true, 1232, false)))
        {
            assertTrue(withEdns.table().maxQueryLength() > 0);
        }
        assertEquals(2, cache.loadCount(), "other query options: another encoding");
    }

    @Test
    void shouldLoadAgainWhenTheFileChangesAndFreeTheOldTableWhenItsLastShootEnds() throws IOException
    {
        final AmmoCache cache = new AmmoCache(4);
        final Path file = Files.writeString(tmp.resolve("q.txt"), "a.example. A\n");
        final AmmoCache.Lease old = cache.acquire(file, QueryOptions.DEFAULT);
        final AmmoTable oldTable = old.table();

        Files.writeString(file, "a.example. A\nb.example. A\nc.example. A\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        try (AmmoCache.Lease changed = cache.acquire(file, QueryOptions.DEFAULT))
        {
            assertNotSame(oldTable, changed.table());
            assertEquals(3, changed.table().count());
            assertEquals(1, oldTable.count(), "the old table stays readable while its shoot holds it");
            assertEquals(1, cache.size(), "one version of a file is cached");
        }
        old.close();
        assertEquals(0, oldTable.buffer().capacity(), "freed once released");
        old.close();
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedBeyondCapacityButNotFreeATableAShootHolds() throws IOException
    {
        final AmmoCache cache = new AmmoCache(1);
        final Path a = Files.writeString(tmp.resolve("a.txt"), "a.example. A\n");
        final Path b = Files.writeString(tmp.resolve("b.txt"), "b.example. A\nc.example. A\n");

        final AmmoTable aTable;
        try (AmmoCache.Lease held = cache.acquire(a, QueryOptions.DEFAULT))
        {
            aTable = held.table();
            try (AmmoCache.Lease other = cache.acquire(b, QueryOptions.DEFAULT))
            {
                assertEquals(1, cache.size());
                assertEquals(1, held.table().count(), "evicted but held: still readable");
                assertEquals(2, other.table().count());
            }
        }
        assertEquals(0, aTable.buffer().capacity(), "evicted and released: freed");
        try (AmmoCache.Lease again = cache.acquire(a, QueryOptions.DEFAULT))
        {
            assertEquals(1, again.table().count());
        }
        assertEquals(3, cache.loadCount(), "a was evicted, so loaded again");
    }

    @Test
    void shouldSayWhatTheLoaderSaysWhenTheFileIsMissingOrNotAmmo() throws IOException
    {
        final AmmoCache cache = new AmmoCache(2);
        final AmmoException missing = assertThrows(AmmoException.class,
            () -> cache.acquire(tmp.resolve("none.txt"), QueryOptions.DEFAULT));
        assertTrue(missing.getMessage().endsWith("none.txt: no such file"), missing.getMessage());

        final Path bad = Files.writeString(tmp.resolve("bad.txt"), "a.example. NOTATYPE\n");
        final AmmoException notAmmo = assertThrows(AmmoException.class, () -> cache.acquire(bad, QueryOptions.DEFAULT));
        assertTrue(notAmmo.getMessage().contains("bad.txt:1"), notAmmo.getMessage());
        assertEquals(0, cache.size(), "nothing cached for a file that is not ammo");
    }
}
