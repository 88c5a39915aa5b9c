/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.nio.ByteBuffer;

import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One agent's {@link ShooterCounter}s over an off-heap buffer: written by that agent alone (release stores, no
 * allocation), read by any thread at any time (acquire loads).
 */
public final class ShooterCounters
{
    private static final int SLOT_LENGTH = BitUtil.CACHE_LINE_LENGTH;
    private static final ShooterCounter[] COUNTERS = ShooterCounter.values();

    private final AtomicBuffer buffer =
        new UnsafeBuffer(ByteBuffer.allocateDirect(COUNTERS.length * SLOT_LENGTH + 2 * SLOT_LENGTH));

    /**
     * Adds to a counter. Only the owning agent's thread may call it.
     *
     * @param counter which.
     * @param delta   how much.
     */
    public void add(final ShooterCounter counter, final long delta)
    {
        final int offset = offset(counter);
        buffer.putLongRelease(offset, buffer.getLong(offset) + delta);
    }

    /**
     * Adds one to a counter. Only the owning agent's thread may call it.
     *
     * @param counter which.
     */
    public void increment(final ShooterCounter counter)
    {
        add(counter, 1);
    }

    /**
     * Raises a counter to the value if it is larger. Only the owning agent's thread may call it.
     *
     * @param counter which.
     * @param value   the candidate maximum.
     */
    public void proposeMax(final ShooterCounter counter, final long value)
    {
        final int offset = offset(counter);
        if (value > buffer.getLong(offset))
        {
            buffer.putLongRelease(offset, value);
        }
    }

    /**
     * @param counter which.
     * @return its current value, from any thread.
     */
    public long get(final ShooterCounter counter)
    {
        return buffer.getLongAcquire(offset(counter));
    }

    private static int offset(final ShooterCounter counter)
    {
        return SLOT_LENGTH + counter.ordinal() * SLOT_LENGTH;
    }

    /**
     * Sums (or, for a {@link ShooterCounter#isMaximum() maximum}, takes the largest of) several agents' counters.
     *
     * @param counter which.
     * @param all     every agent's counters.
     * @return the total.
     */
    public static long total(final ShooterCounter counter, final Iterable<ShooterCounters> all)
    {
        long total = 0;
        for (final ShooterCounters counters : all)
        {
            total = counter.isMaximum() ?
                Math.max(total, counters.get(counter)) : total + counters.get(counter);
        }
        return total;
    }

    /**
     * @return the counters, in declaration order.
     */
    public static ShooterCounter[] counters()
    {
        return COUNTERS.clone();
    }
}
