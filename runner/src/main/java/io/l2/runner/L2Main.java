/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner;

import io.l2.runner.cli.L2Command;

/**
 * Entry point of the {@code l2} executable: parses the command line, runs the command, exits with its code.
 */
public final class L2Main
{
    private L2Main()
    {
    }

    /**
     * Runs {@code l2} and exits the JVM with the command's exit code.
     *
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        System.exit(L2Command.newCommandLine().execute(args));
    }
}
