/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.base;

/**
 * Bad input found by the runner itself (a file that is missing, a pattern that selects nothing): the message is
 * one line that names the file or the option, and the command exits with {@link ExitCode#BAD_INPUT}.
 */
public final class InputException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the file (file:line:column where known) or the option, then what is wrong.
     */
    public InputException(final String message)
    {
        super(message);
    }

    /**
     * @param message one line naming the file or the option, then what is wrong.
     * @param cause   the underlying failure.
     */
    public InputException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
