/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.base;

/**
 * Exit codes of every {@code l2} command.
 */
public final class ExitCode
{
    /**
     * The command did what was asked (for a shoot: it ran, whatever the target answered).
     */
    public static final int OK = 0;

    /**
     * The command failed: a shoot that could not run, a host that failed or was lost, an internal error.
     */
    public static final int FAILED = 1;

    /**
     * Bad input: the command line, a YAML file, an ammo file. Nothing was started.
     */
    public static final int BAD_INPUT = 2;

    private ExitCode()
    {
    }
}
