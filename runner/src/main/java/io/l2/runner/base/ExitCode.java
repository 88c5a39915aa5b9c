/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.base;

import io.l2.config.ConfigException;
import io.l2.engine.ammo.AmmoException;

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
     * Bad input: the command line, a YAML file, an ammo file, or the environment refusing what they ask (an
     * {@code l2 daemon} whose unix socket, Aeron directory, control port or TCP port another process holds). Nothing
     * was started.
     */
    public static final int BAD_INPUT = 2;

    /**
     * A shoot stopped by its plan's {@code autostop:} (the target broke, the generator could not keep the rate, or
     * {@code limit(T)}); every host stopped, the results were written and name the criterion. A host that failed or
     * was lost makes it {@link #FAILED} instead.
     */
    public static final int AUTOSTOPPED = 3;

    /**
     * {@code l2 compare --fail-if}: the candidate (the last shoot) regressed against the baseline (the first) in at
     * least one check; each breach was told in one line.
     */
    public static final int REGRESSION = 4;

    /**
     * {@code l2 shoot capacity} stopped because l2 itself could not keep a trial's rate (it sent too few of the
     * requested queries, or its schedule lag was too long): the generator's limit, not the target's; the trials so
     * far are written and named.
     */
    public static final int GENERATOR_LIMITED = 5;

    private ExitCode()
    {
    }

    /**
     * The worse of two exit codes, as a command that ran several shoots reports them: {@link #BAD_INPUT}, then
     * {@link #FAILED}, then {@link #AUTOSTOPPED}, then {@link #OK} (any other code counts as a failure).
     *
     * @param a an exit code.
     * @param b another.
     * @return the worse.
     */
    public static int worst(final int a, final int b)
    {
        return severity(a) >= severity(b) ? a : b;
    }

    private static int severity(final int code)
    {
        switch (code)
        {
            case OK:
                return 0;
            case AUTOSTOPPED:
                return 1;
            case BAD_INPUT:
                return 3;
            default:
                return 2;
        }
    }

    /**
     * @param failure what a command threw.
     * @return true when it is bad input, said in one line: a YAML mistake ({@link ConfigException}), an ammo file
     *     ({@link AmmoException}), an option or file the runner checked ({@link InputException}).
     */
    public static boolean isBadInput(final Throwable failure)
    {
        return failure instanceof ConfigException || failure instanceof AmmoException ||
            failure instanceof InputException;
    }

    /**
     * @param failure what a command threw.
     * @return {@link #BAD_INPUT} for bad input ({@link #isBadInput}), else {@link #FAILED}.
     */
    public static int of(final Throwable failure)
    {
        return isBadInput(failure) ? BAD_INPUT : FAILED;
    }
}
