/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.common;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import io.l2.config.L2Config;
import io.l2.runner.base.InputException;
import io.l2.runner.shoot.ConfigSource;

/**
 * A past shoot named on the command line: a directory path, else a shoot id looked up under {@code results-dir} of
 * {@code l2.yaml} (the one {@code --config} names, or the usual search). Stateless.
 */
public final class ShootFolders
{
    private ShootFolders()
    {
    }

    /**
     * @param shoot a shoot id or a directory.
     * @param root  the root command's options (for {@code --config}).
     * @return the directory.
     * @throws InputException when it is neither (one line naming {@code shoot}).
     */
    public static Path resolve(final String shoot, final GlobalOptions root)
    {
        final Path asPath;
        try
        {
            asPath = Path.of(shoot);
        }
        catch (final InvalidPathException ex)
        {
            throw new InputException(shoot + ": not a shoot id nor a path (" + ex.getReason() + ")");
        }
        if (Files.isDirectory(asPath))
        {
            return asPath;
        }
        if (shoot.isEmpty() || shoot.contains("/") || shoot.startsWith("."))
        {
            throw new InputException(shoot + ": no such directory");
        }
        final L2Config config = ConfigSource.load(
            root.config(), System.getenv(), Path.of("").toAbsolutePath(), ConfigSource.SYSTEM_CONFIG);
        final Path byId = config.daemon().resultsDir().resolve(shoot).toAbsolutePath().normalize();
        if (!Files.isDirectory(byId))
        {
            throw new InputException(shoot + ": no such shoot in " +
                config.daemon().resultsDir().toAbsolutePath().normalize() + " (results-dir" +
                (null == config.source() ? " of the embedded default" : " of " + config.source()) +
                "), nor a directory here");
        }
        return byId;
    }
}
