/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.io.IOException;

/**
 * A write to InfluxDB failed for good (a 4xx, or a 5xx / network error through every attempt), or its token could
 * not be read. The message is one line that starts with {@code influxdb:}.
 */
public final class InfluxException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param message what failed, one line.
     * @param status  the HTTP status of the last answer, or 0 when there was none (a network error).
     */
    public InfluxException(final String message, final int status)
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
}
