/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.io.IOException;

/**
 * A Lunapark call that failed for good: after its retries, or at once for a status that is not retried. The message
 * is one line naming the call and what went wrong, fit to be printed as it is. Immutable.
 */
public class LunaparkException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param message what failed, one line.
     * @param status  the HTTP status of the last answer, or 0 when there was none (a network error).
     */
    public LunaparkException(final String message, final int status)
    {
        super(message.replace('\n', ' ').replace('\r', ' '));
        this.status = status;
    }

    /**
     * @return the HTTP status of the last answer, or 0 when there was none.
     */
    public int status()
    {
        return status;
    }

    /**
     * HTTP 410 (Gone): the job was stopped from Lunapark's web page; the shoot should stop too.
     */
    public static final class StoppedFromOnline extends LunaparkException
    {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what failed, one line.
         */
        public StoppedFromOnline(final String message)
        {
            super(message, LunaparkClient.HTTP_GONE);
        }
    }
}
