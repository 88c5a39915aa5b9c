/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.common;

import java.nio.file.Path;

/**
 * The options every {@code l2} command takes, before or after its name ({@code --config}, {@code --debug}): what a
 * subcommand reads from the root command ({@code spec.root().userObject()}), so that it needs not know the root's
 * class (which names every subcommand).
 */
public interface GlobalOptions
{
    /**
     * @return the {@code --config} file given on the command line, or null.
     */
    Path config();

    /**
     * @return true when {@code --debug} was given.
     */
    boolean debug();
}
