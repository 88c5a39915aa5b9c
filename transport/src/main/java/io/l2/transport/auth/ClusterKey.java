/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.transport.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The shared secret of a cluster: at least {@link #MIN_LENGTH} bytes, written in its key file as hex text (whitespace
 * around it is trimmed). Its {@link #keyId()} is the first 4 bytes of its SHA-256, so a receiver can tell which key
 * signed a message without trying each. Immutable and thread-safe; the key's bytes never leave this package and
 * {@link #toString()} shows only the key id.
 */
public final class ClusterKey
{
    /**
     * The shortest key in bytes (64 hex digits).
     */
    public static final int MIN_LENGTH = 32;

    /**
     * The length in bytes of a key {@link #generate} writes.
     */
    public static final int GENERATED_LENGTH = 32;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int MAX_FILE_LENGTH = 64 * 1024;

    private final byte[] key;
    private final int keyId;
    private final Path source;

    private ClusterKey(final byte[] key, final Path source)
    {
        this.key = key;
        this.keyId = keyIdOf(key);
        this.source = source;
    }

    /**
     * A key from its bytes (tests, tools).
     *
     * @param key at least {@link #MIN_LENGTH} bytes; copied.
     * @return the key.
     * @throws IllegalArgumentException when it is shorter, or its key id is the reserved 0.
     */
    public static ClusterKey of(final byte[] key)
    {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_LENGTH)
        {
            throw new IllegalArgumentException("a cluster key has at least " + MIN_LENGTH + " bytes: " + key.length);
        }
        if (AuthTrailerDescriptor.UNSIGNED_KEY_ID == keyIdOf(key))
        {
            throw new IllegalArgumentException("this key's id is 0, which marks unsigned messages: use another key");
        }
        return new ClusterKey(key.clone(), null);
    }

    /**
     * A new random key of {@link #GENERATED_LENGTH} bytes.
     *
     * @param random the source of randomness ({@link SecureRandom} outside tests).
     * @return the key.
     */
    public static ClusterKey random(final SecureRandom random)
    {
        final byte[] key = new byte[GENERATED_LENGTH];
        do
        {
            random.nextBytes(key);
        }
        while (AuthTrailerDescriptor.UNSIGNED_KEY_ID == keyIdOf(key));
        return new ClusterKey(key, null);
    }

    /**
     * Reads a key file: hex text of at least {@link #MIN_LENGTH} bytes, whitespace around it trimmed, readable and
     * writable by its owner only.
     *
     * @param file the key file.
     * @return the key, its {@link #source()} the file.
     * @throws KeyFileException in one line naming the file: missing, not a regular file, open to group or others,
     *                          unreadable, not hex, too short.
     */
    public static ClusterKey load(final Path file) throws KeyFileException
    {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file))
        {
            throw new KeyFileException(file + ": no such file (make a key with: l2 keygen " + file + ")");
        }
        if (!Files.isRegularFile(file))
        {
            throw new KeyFileException(file + ": not a regular file (a cluster key file holds 64 or more hex digits)");
        }
        checkPermissions(file);
        final byte[] bytes;
        try
        {
            if (Files.size(file) > MAX_FILE_LENGTH)
            {
                throw new KeyFileException(file + ": " + Files.size(file) + " bytes, too long for a cluster key file " +
                    "(64 or more hex digits)");
            }
            bytes = Files.readAllBytes(file);
        }
        catch (final AccessDeniedException ex)
        {
            throw new KeyFileException(file + ": cannot read it (permission denied): the l2 user must own it", ex);
        }
        catch (final KeyFileException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new KeyFileException(file + ": cannot read it (" + ex.getMessage() + ")", ex);
        }
        try
        {
            return new ClusterKey(parse(file, bytes), file);
        }
        finally
        {
            Arrays.fill(bytes, (byte)0);
        }
    }

    /**
     * Writes a new random key to a file that does not exist yet, as {@link #GENERATED_LENGTH} bytes in hex and a
     * newline, mode 0600.
     *
     * @param file   the new key file.
     * @param random the source of randomness ({@link SecureRandom} outside tests).
     * @return the key written, its {@link #source()} the file.
     * @throws KeyFileException in one line naming the file: it exists (never overwritten), its directory is missing,
     *                          or it cannot be written.
     */
    public static ClusterKey generate(final Path file, final SecureRandom random) throws KeyFileException
    {
        Objects.requireNonNull(file, "file");
        final Path parent = file.toAbsolutePath().getParent();
        if (null == parent || !Files.isDirectory(parent))
        {
            throw new KeyFileException(file + ": no such directory " + parent);
        }
        final ClusterKey key = random(random);
        final byte[] text = (HexFormat.of().formatHex(key.key) + "\n").getBytes(StandardCharsets.US_ASCII);
        try
        {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            Files.write(file, text);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new KeyFileException(file + ": exists; l2 keygen never overwrites a key (delete it first to " +
                "replace it, or write the new key to another file for a rotation)", ex);
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new KeyFileException(file + ": cannot write it (" + ex.getMessage() + ")", ex);
        }
        finally
        {
            Arrays.fill(text, (byte)0);
        }
        return new ClusterKey(key.key, file);
    }

    /**
     * @return the first 4 bytes of the key's SHA-256, big-endian: what a trailer carries.
     */
    public int keyId()
    {
        return keyId;
    }

    /**
     * @return {@link #keyId()} as 8 lowercase hex digits: the first 8 hex digits of the key bytes' SHA-256.
     */
    public String keyIdHex()
    {
        return keyIdHex(keyId);
    }

    /**
     * @param keyId a key id.
     * @return it as 8 lowercase hex digits.
     */
    public static String keyIdHex(final int keyId)
    {
        return String.format(Locale.ROOT, "%08x", keyId);
    }

    /**
     * @return the file the key was read from or written to, or null.
     */
    public Path source()
    {
        return source;
    }

    /**
     * @return a new {@link HmacSha256} keyed with this key (one per thread).
     */
    HmacSha256 newMac()
    {
        return new HmacSha256(key);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "cluster key " + keyIdHex() + (null == source ? "" : " (" + source + ")");
    }

    private static void checkPermissions(final Path file) throws KeyFileException
    {
        final Set<PosixFilePermission> permissions;
        try
        {
            permissions = Files.getPosixFilePermissions(file);
        }
        catch (final UnsupportedOperationException ex)
        {
            return;
        }
        catch (final NoSuchFileException ex)
        {
            throw new KeyFileException(file + ": no such file (make a key with: l2 keygen " + file + ")", ex);
        }
        catch (final IOException ex)
        {
            throw new KeyFileException(file + ": cannot read its permissions (" + ex.getMessage() + ")", ex);
        }
        final boolean readable = permissions.contains(PosixFilePermission.GROUP_READ) ||
            permissions.contains(PosixFilePermission.OTHERS_READ);
        final boolean writable = permissions.contains(PosixFilePermission.GROUP_WRITE) ||
            permissions.contains(PosixFilePermission.OTHERS_WRITE);
        if (readable || writable)
        {
            throw new KeyFileException(file + " is " + (readable ? "readable" : "writable") + " by others than its " +
                "owner (mode " + mode(permissions) + "): chmod 600 it");
        }
    }

    private static String mode(final Set<PosixFilePermission> permissions)
    {
        int mode = 0;
        for (final PosixFilePermission permission : permissions)
        {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format(Locale.ROOT, "%04o", mode);
    }

    private static byte[] parse(final Path file, final byte[] bytes) throws KeyFileException
    {
        int start = 0;
        int end = bytes.length;
        while (start < end && isSpace(bytes[start]))
        {
            start++;
        }
        while (end > start && isSpace(bytes[end - 1]))
        {
            end--;
        }
        if (start == end)
        {
            throw new KeyFileException(file + ": empty (a cluster key file holds 64 or more hex digits; make one " +
                "with: l2 keygen FILE)");
        }
        int line = 1;
        int column = 1;
        for (int i = 0; i < start; i++)
        {
            if ('\n' == bytes[i])
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        for (int i = start; i < end; i++, column++)
        {
            if (Character.digit(bytes[i], 16) < 0)
            {
                throw new KeyFileException(file + ":" + line + ":" + column + ": not a hex digit (a cluster key " +
                    "file holds one run of 64 or more hex digits, nothing else)");
            }
        }
        final int digits = end - start;
        if (0 != (digits & 1))
        {
            throw new KeyFileException(file + ": an odd number of hex digits (" + digits + "): a byte is 2 digits");
        }
        if (digits / 2 < MIN_LENGTH)
        {
            throw new KeyFileException(file + ": the key is too short: " + digits / 2 + " bytes (" + digits +
                " hex digits), at least " + MIN_LENGTH + " bytes (" + 2 * MIN_LENGTH + " hex digits) are needed; " +
                "make one with: l2 keygen FILE");
        }
        final byte[] key = new byte[digits / 2];
        for (int i = 0; i < key.length; i++)
        {
            key[i] = (byte)((Character.digit(bytes[start + 2 * i], 16) << 4) |
                Character.digit(bytes[start + 2 * i + 1], 16));
        }
        if (AuthTrailerDescriptor.UNSIGNED_KEY_ID == keyIdOf(key))
        {
            throw new KeyFileException(file + ": this key's id is 0, which marks unsigned messages: make another " +
                "with l2 keygen");
        }
        return key;
    }

    private static boolean isSpace(final byte b)
    {
        return ' ' == b || '\t' == b || '\n' == b || '\r' == b || '\f' == b || 0x0B == b;
    }

    private static int keyIdOf(final byte[] key)
    {
        final byte[] digest = HmacSha256.sha256().digest(key);
        return ((digest[0] & 0xFF) << 24) | ((digest[1] & 0xFF) << 16) | ((digest[2] & 0xFF) << 8) |
            (digest[3] & 0xFF);
    }
}
