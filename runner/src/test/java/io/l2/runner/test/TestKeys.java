/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;

import io.l2.config.Security;
import io.l2.transport.auth.ClusterKey;
import io.l2.transport.auth.ClusterKeys;

/**
 * Cluster keys for tests: a key file made as {@code l2 keygen} makes it (mode 0600, in the test's temporary
 * directory) and the {@code security:} section of {@code l2.yaml} that names it. Stateless.
 */
public final class TestKeys
{
    private TestKeys()
    {
    }

    /**
     * @param dir  where the key file goes (a test's temporary directory).
     * @param name its file name; the file must not exist.
     * @return the new key file, mode 0600.
     */
    public static Path write(final Path dir, final String name)
    {
        final Path file = dir.resolve(name);
        try
        {
            ClusterKey.generate(file, new SecureRandom());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return file;
    }

    /**
     * @param keyFile the key file.
     * @return {@code security:} with {@code cluster-key-file} naming it, ending with a newline.
     */
    public static String securityYaml(final Path keyFile)
    {
        return "security:\n  cluster-key-file: \"" + keyFile.toAbsolutePath() + "\"\n";
    }

    /**
     * @param keyFile         the key that signs.
     * @param previousKeyFile the key still accepted, or null.
     * @return both, with the default replay window.
     */
    public static ClusterKeys load(final Path keyFile, final Path previousKeyFile)
    {
        try
        {
            return ClusterKeys.load(keyFile, previousKeyFile, Security.DEFAULT_REPLAY_WINDOW_NS);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
