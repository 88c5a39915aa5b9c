/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A sink's {@code token-file}: the token is its first line, trimmed. Stateless.
 */
final class TokenFile
{
    private TokenFile()
    {
    }

    /**
     * Reads the token a sink's {@code token-file} holds.
     *
     * @param file   the file.
     * @param sink   the sink's name, the prefix of the messages (e.g. {@code lunapark}).
     * @param error  makes the sink's exception of a one-line message.
     * @param <E>    the sink's exception.
     * @return the first line of the file, trimmed, not empty.
     * @throws E when the file cannot be read or holds no token.
     */
    static <E extends Exception> String read(final Path file, final String sink, final Function<String, E> error)
        throws E
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        catch (final IOException | RuntimeException ex)
        {
            throw error.apply(sink + ": token-file " + file + ": cannot read it (" + ex + ")");
        }
        final String token = text.lines().findFirst().orElse("").strip();
        if (token.isEmpty())
        {
            throw error.apply(sink + ": token-file " + file + " is empty");
        }
        return token;
    }
}
