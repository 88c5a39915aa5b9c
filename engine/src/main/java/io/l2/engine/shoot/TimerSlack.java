/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The calling thread's timer slack on Linux ({@code /proc/TID/timerslack_ns}): how late the kernel may fire a
 * thread's timers to batch wake-ups. The default, 50 µs, makes a {@code parkNanos} of a few µs last 60–100 µs; a
 * shooter that parks until its next send lowers its own thread's slack to 1 ns (any thread may change its own).
 * Best effort: elsewhere, or when /proc is not there, nothing changes.
 */
final class TimerSlack
{
    private TimerSlack()
    {
    }

    /**
     * Sets the calling thread's timer slack. Allocates: call once, when the thread starts.
     *
     * @param slackNs the slack, ns (at least 1: 0 would mean "the default").
     * @return true when it was set.
     */
    static boolean setForCurrentThread(final long slackNs)
    {
        try
        {
            Files.write(Path.of("/proc", ThreadAffinity.currentThreadId(), "timerslack_ns"),
                Long.toString(Math.max(1, slackNs)).getBytes(StandardCharsets.US_ASCII));
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
    }
}
