/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

/**
 * How much the REST API gives one client: how long a connection may stay silent (a client that dribbles its request
 * is cut when no byte came for that long, and never holds a thread while it sends its headers), how large the request
 * line and headers may be, how slowly a body may arrive (a body is read on a thread, so one dribbled byte by byte is cut
 * once it runs slower than the rate, even if it never goes silent), and how many threads serve requests. Immutable.
 *
 * @param idleTimeoutMs          the longest a connection may go without a byte either way, in ms.
 * @param maxRequestHeaderLength the largest request line plus headers, in bytes (431 above it).
 * @param maxThreadCount         the most threads serving HTTP (acceptors and selectors included).
 * @param minBodyRate            the slowest a request body may arrive, in bytes per second, measured once a second
 *                               from the start of its read (408 below it).
 */
public record ApiLimits(long idleTimeoutMs, int maxRequestHeaderLength, int maxThreadCount, long minBodyRate)
{
    /** What the daemon uses: 10 s idle, 8 KiB of headers, 16 threads, bodies at 1 KiB/s at least. */
    public static final ApiLimits DEFAULT = new ApiLimits(10_000, 8 * 1024, 16, 1024);

    /**
     * Checks the ranges.
     */
    public ApiLimits
    {
        if (idleTimeoutMs < 1)
        {
            throw new IllegalArgumentException("idleTimeoutMs must be positive: " + idleTimeoutMs);
        }
        if (maxRequestHeaderLength < 1024)
        {
            throw new IllegalArgumentException("maxRequestHeaderLength below 1024: " + maxRequestHeaderLength);
        }
        if (maxThreadCount < 8)
        {
            throw new IllegalArgumentException("maxThreadCount below 8: " + maxThreadCount);
        }
        if (minBodyRate < 1)
        {
            throw new IllegalArgumentException("minBodyRate must be positive: " + minBodyRate);
        }
    }
}
