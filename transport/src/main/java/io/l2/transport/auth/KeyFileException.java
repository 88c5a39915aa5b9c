/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.transport.auth;

import java.io.IOException;

/**
 * A cluster key file that cannot be used: missing, unreadable, too short, not hex, open to group or others, or (when
 * writing one) already there. The message is one line that names the file and says what to do; it never contains key
 * material.
 */
public final class KeyFileException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the file.
     */
    public KeyFileException(final String message)
    {
        super(message);
    }

    /**
     * @param message one line naming the file.
     * @param cause   what failed underneath.
     */
    public KeyFileException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
