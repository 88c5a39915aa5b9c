/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

import io.l2.runner.base.InputException;

/**
 * The bearer token of the REST API ({@code security.api-token-file}): the file's text, trimmed, at least
 * {@link #MIN_LENGTH} characters, in a file nobody but its owner may read or write. Immutable and thread-safe:
 * {@link #matches(String)} is called on every HTTP thread.
 * <p>
 * Only the SHA-256 of the token is kept; a presented token is hashed and the two digests compared with
 * {@link MessageDigest#isEqual}, so the time taken says nothing about how much of it was right, nor its length.
 */
public final class ApiToken
{
    /** The shortest token taken, in characters (32 hex characters are 128 bits). */
    public static final int MIN_LENGTH = 32;

    /** The largest token file read, in bytes. */
    static final int MAX_FILE_LENGTH = 4096;

    private static final String BEARER = "Bearer ";
    private static final Set<PosixFilePermission> NOT_FOR_OTHERS = Set.of(
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final byte[] digest;

    private ApiToken(final byte[] digest)
    {
        this.digest = digest;
    }

    /**
     * Reads the token file.
     *
     * @param file  the token file.
     * @param where where it was configured, e.g. {@code /etc/l2/l2.yaml}, named in every error.
     * @return the token.
     * @throws InputException in one line when the file is missing, unreadable, not a regular file, too large, readable
     *                        or writable by group or others (its mode is shown), or its token is too short.
     */
    public static ApiToken load(final Path file, final String where)
    {
        final String prefix = "security.api-token-file " + file + " (in " + where + "): ";
        final byte[] bytes;
        try
        {
            if (!Files.isRegularFile(file))
            {
                throw new InputException(prefix + (Files.exists(file) ? "not a regular file" : "no such file"));
            }
            final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            for (final PosixFilePermission permission : NOT_FOR_OTHERS)
            {
                if (mode.contains(permission))
                {
                    throw new InputException(prefix + "mode " + PosixFilePermissions.toString(mode) +
                        " lets group or others read or write it: chmod 600 it");
                }
            }
            if (Files.size(file) > MAX_FILE_LENGTH)
            {
                throw new InputException(prefix + "over " + MAX_FILE_LENGTH + " bytes: a token file holds one token");
            }
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new InputException(prefix + "no such file", ex);
        }
        catch (final IOException ex)
        {
            throw new InputException(prefix + "cannot read it: " + ex.getMessage(), ex);
        }
        final String token = new String(bytes, StandardCharsets.UTF_8).strip();
        if (token.length() < MIN_LENGTH)
        {
            throw new InputException(prefix + "the token has " + token.length() + " characters, at least " +
                MIN_LENGTH + " are needed (e.g. openssl rand -hex 32 > " + file + ")");
        }
        if (token.chars().anyMatch((c) -> c <= ' ' || c > '~'))
        {
            throw new InputException(prefix + "the token must be one line of printable ASCII without spaces");
        }
        return new ApiToken(sha256(token.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null when it has none.
     * @return true when it is {@code Bearer <this token>} (the scheme's case does not matter).
     */
    public boolean matches(final String authorization)
    {
        if (null == authorization || authorization.length() <= BEARER.length() ||
            !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length()))
        {
            return false;
        }
        final byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(final byte[] bytes)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }
}
