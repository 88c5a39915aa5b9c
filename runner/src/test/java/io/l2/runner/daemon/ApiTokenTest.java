/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.stream.Stream;

import io.l2.runner.base.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokenTest
{
    private static final String TOKEN = "a".repeat(ApiToken.MIN_LENGTH - 1) + "Z";

    @TempDir
    Path tmp;

    static Stream<Arguments> badFiles()
    {
        return Stream.of(
            Arguments.of("missing", null, "rw-------", "no such file"),
            Arguments.of("readable by the group", TOKEN, "rw-r-----",
                "mode rw-r----- lets group or others read or write it: chmod 600 it"),
            Arguments.of("readable by others", TOKEN, "rw----r--",
                "mode rw----r-- lets group or others read or write it: chmod 600 it"),
            Arguments.of("writable by the group", TOKEN, "rw--w----", "mode rw--w----"),
            Arguments.of("too short", "a".repeat(ApiToken.MIN_LENGTH - 1) + "\n", "rw-------",
                "the token has 31 characters, at least 32 are needed"),
            Arguments.of("empty", "  \n", "r--------", "the token has 0 characters"),
            Arguments.of("two tokens", TOKEN + " " + TOKEN, "rw-------", "one line of printable ASCII"),
            Arguments.of("too large", "x".repeat(ApiToken.MAX_FILE_LENGTH + 1), "rw-------", "over 4096 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void shouldRefuseTheTokenFileInOneLineWhenItIsBad(
        final String name, final String text, final String mode, final String message) throws Exception
    {
        final Path file = tmp.resolve("api.token");
        if (null != text)
        {
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        }
        final InputException ex = assertThrows(InputException.class, () -> ApiToken.load(file, "/etc/l2/l2.yaml"));
        assertTrue(ex.getMessage().startsWith("security.api-token-file " + file + " (in /etc/l2/l2.yaml): "),
            ex.getMessage());
        assertTrue(ex.getMessage().contains(message), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
    }

    @Test
    void shouldRefuseADirectory() throws Exception
    {
        final InputException ex = assertThrows(InputException.class, () -> ApiToken.load(tmp, "l2.yaml"));
        assertTrue(ex.getMessage().endsWith(": not a regular file"), ex.getMessage());
    }

    @Test
    void shouldMatchOnlyTheBearerOfTheTrimmedToken() throws Exception
    {
        final Path file = tmp.resolve("api.token");
        Files.writeString(file, "\n  " + TOKEN + "  \n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        final ApiToken token = ApiToken.load(file, "l2.yaml");

        assertTrue(token.matches("Bearer " + TOKEN));
        assertTrue(token.matches("bearer " + TOKEN));
        assertFalse(token.matches(null));
        assertFalse(token.matches(""));
        assertFalse(token.matches("Bearer "));
        assertFalse(token.matches(TOKEN));
        assertFalse(token.matches("Basic " + TOKEN));
        assertFalse(token.matches("Bearer " + TOKEN.substring(1)));
        assertFalse(token.matches("Bearer " + TOKEN + "x"));
        assertFalse(token.matches("Bearer " + TOKEN.toLowerCase(Locale.ROOT)));
        assertEquals(ApiToken.MIN_LENGTH, TOKEN.length());
    }
}
