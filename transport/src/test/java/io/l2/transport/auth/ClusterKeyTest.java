/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.transport.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterKeyTest
{
    private static final String HEX_32 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path tmp;

    @Test
    void shouldLoadHexWithWhitespaceAroundAndNameItsKeyIdBySha256() throws Exception
    {
        final Path file = write("key", "  \n" + HEX_32.toUpperCase() + "\r\n\n", "rw-------");
        final ClusterKey key = ClusterKey.load(file);
        final byte[] digest = MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(HEX_32));
        assertEquals(HexFormat.of().formatHex(digest).substring(0, 8), key.keyIdHex());
        assertEquals(file, key.source());
        assertEquals(key.keyId(), ClusterKey.of(HexFormat.of().parseHex(HEX_32)).keyId());
        assertFalse(key.toString().contains("0011"), "never shows the key: " + key);
        assertEquals(ClusterKey.load(write("owner-read-only", HEX_32, "r--------")).keyId(), key.keyId());
    }

    @Test
    void shouldRefuseInOneLineWhenTheFileIsOpenToOthers() throws Exception
    {
        final Path readable = write("readable", HEX_32, "rw-r--r--");
        assertEquals(readable + " is readable by others than its owner (mode 0644): chmod 600 it",
            assertThrows(KeyFileException.class, () -> ClusterKey.load(readable)).getMessage());
        final Path groupReadable = write("group", HEX_32, "rw-r-----");
        assertEquals(groupReadable + " is readable by others than its owner (mode 0640): chmod 600 it",
            assertThrows(KeyFileException.class, () -> ClusterKey.load(groupReadable)).getMessage());
        final Path writable = write("writable", HEX_32, "rw--w----");
        assertEquals(writable + " is writable by others than its owner (mode 0620): chmod 600 it",
            assertThrows(KeyFileException.class, () -> ClusterKey.load(writable)).getMessage());
    }

    @Test
    void shouldRefuseInOneLineWhenTheFileIsMissingShortOrNotHex() throws Exception
    {
        final Path missing = tmp.resolve("missing.key");
        assertEquals(missing + ": no such file (make a key with: l2 keygen " + missing + ")",
            assertThrows(KeyFileException.class, () -> ClusterKey.load(missing)).getMessage());
        assertEquals(tmp + ": not a regular file (a cluster key file holds 64 or more hex digits)",
            assertThrows(KeyFileException.class, () -> ClusterKey.load(tmp)).getMessage());

        final Path shortKey = write("short", HEX_32.substring(0, 62), "rw-------");
        assertEquals(shortKey + ": the key is too short: 31 bytes (62 hex digits), at least 32 bytes (64 hex " +
            "digits) are needed; make one with: l2 keygen FILE",
            assertThrows(KeyFileException.class, () -> ClusterKey.load(shortKey)).getMessage());
        final Path notHex = write("nothex", "\n  " + HEX_32.substring(0, 10) + "g" + HEX_32.substring(11), "rw-------");
        final String message = assertThrows(KeyFileException.class, () -> ClusterKey.load(notHex)).getMessage();
        assertTrue(message.startsWith(notHex + ":2:13: not a hex digit"), message);
        final Path inner = write("inner", HEX_32 + " " + HEX_32, "rw-------");
        assertTrue(assertThrows(KeyFileException.class, () -> ClusterKey.load(inner)).getMessage()
            .startsWith(inner + ":1:65: not a hex digit"));
        final Path odd = write("odd", HEX_32 + "a", "rw-------");
        assertEquals(odd + ": an odd number of hex digits (65): a byte is 2 digits",
            assertThrows(KeyFileException.class, () -> ClusterKey.load(odd)).getMessage());
        final Path empty = write("empty", " \n", "rw-------");
        assertTrue(assertThrows(KeyFileException.class, () -> ClusterKey.load(empty)).getMessage()
            .startsWith(empty + ": empty"));
        for (final Path file : new Path[]{shortKey, notHex, inner, odd})
        {
            final String text = assertThrows(KeyFileException.class, () -> ClusterKey.load(file)).getMessage();
            assertFalse(text.contains("\n"), text);
            assertFalse(text.contains("0011223344"), "no key material in " + text);
        }
    }

    @Test
    void shouldWriteAnOwnerOnlyKeyAndNeverOverwriteWhenGenerating() throws Exception
    {
        final Path file = tmp.resolve("cluster.key");
        final ClusterKey written = ClusterKey.generate(file, new SecureRandom());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        final String text = Files.readString(file, StandardCharsets.US_ASCII);
        assertTrue(text.matches("[0-9a-f]{64}\n"), text);
        assertEquals(written.keyId(), ClusterKey.load(file).keyId());

        final KeyFileException exists =
            assertThrows(KeyFileException.class, () -> ClusterKey.generate(file, new SecureRandom()));
        assertTrue(exists.getMessage().startsWith(file + ": exists; l2 keygen never overwrites a key"),
            exists.getMessage());
        assertEquals(text, Files.readString(file, StandardCharsets.US_ASCII), "the key is untouched");
        assertNotEquals(written.keyId(), ClusterKey.generate(tmp.resolve("other.key"), new SecureRandom()).keyId());
        final Path orphan = tmp.resolve("no-dir").resolve("k");
        assertEquals(orphan + ": no such directory " + orphan.getParent(),
            assertThrows(KeyFileException.class, () -> ClusterKey.generate(orphan, new SecureRandom())).getMessage());
    }

    @Test
    void shouldRefuseShortKeysWhenMadeFromBytes()
    {
        assertThrows(IllegalArgumentException.class, () -> ClusterKey.of(new byte[31]));
        assertEquals(32, HexFormat.of().parseHex(HEX_32).length);
    }

    private Path write(final String name, final String text, final String mode) throws Exception
    {
        final Path file = Files.writeString(tmp.resolve(name + ".key"), text, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
