/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Idle strategies by alias: {@code deadline[:WINDOW_NS[:SPIN_NS]]} (the default: park until the next query is due,
 * batching by a window, spinning to a query due within the spin horizon and through a schedule a quarter window
 * apart or closer; see {@link DeadlineIdleStrategy}), and
 * Agrona's {@code spin} (busy spin: only on a dedicated core), {@code noop}, {@code yield}, {@code backoff} (spin,
 * then yield, then park up to 1 ms), {@code sleep-ms[:N]} and {@code sleep-ns[:N]}.
 */
public final class IdleStrategies
{
    /**
     * The aliases understood, for messages.
     */
    public static final String ALIASES =
        "deadline[:WINDOW_NS[:SPIN_NS]], spin, noop, yield, backoff, sleep-ms[:N], sleep-ns[:N]";

    private IdleStrategies()
    {
    }

    /**
     * @param alias one of {@link #ALIASES}.
     * @return a new idle strategy (idle strategies keep state: one per thread).
     * @throws IllegalArgumentException naming the aliases when the alias is unknown.
     */
    public static IdleStrategy of(final String alias)
    {
        if (null == alias)
        {
            throw new IllegalArgumentException("no idle strategy given (known: " + ALIASES + ")");
        }
        final int colon = alias.indexOf(':');
        final String name = colon < 0 ? alias : alias.substring(0, colon);
        final int secondColon = colon < 0 ? -1 : alias.indexOf(':', colon + 1);
        if (secondColon >= 0 && !DeadlineIdleStrategy.ALIAS.equals(name))
        {
            throw new IllegalArgumentException(
                "idle strategy '" + alias + "' takes at most one amount (known: " + ALIASES + ")");
        }
        final long amount = colon < 0 ? -1 :
            parseAmount(alias, alias.substring(colon + 1, secondColon < 0 ? alias.length() : secondColon));
        final long spinNs = secondColon < 0 ? DeadlineIdleStrategy.SPIN_DEFAULT :
            parseAmount(alias, alias.substring(secondColon + 1));
        if (colon >= 0 && !name.startsWith("sleep-") && !DeadlineIdleStrategy.ALIAS.equals(name))
        {
            throw new IllegalArgumentException(
                "idle strategy '" + alias + "' takes no amount (known: " + ALIASES + ")");
        }
        switch (name)
        {
            case DeadlineIdleStrategy.ALIAS:
                return new DeadlineIdleStrategy(amount < 0 ? DeadlineIdleStrategy.WINDOW_DEFAULT_NS : amount, spinNs);
            case "spin":
                return new BusySpinIdleStrategy();
            case "noop":
                return new NoOpIdleStrategy();
            case "yield":
                return new YieldingIdleStrategy();
            case "backoff":
                return new BackoffIdleStrategy(
                    10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
            case "sleep-ms":
                return new SleepingMillisIdleStrategy(amount < 0 ? 1 : amount);
            case "sleep-ns":
                return new SleepingIdleStrategy(amount < 0 ? TimeUnit.MICROSECONDS.toNanos(100) : amount);
            default:
                throw new IllegalArgumentException("unknown idle strategy '" + alias + "' (known: " + ALIASES + ")");
        }
    }

    private static long parseAmount(final String alias, final String text)
    {
        try
        {
            final long amount = Long.parseLong(text);
            if (amount > 0)
            {
                return amount;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // reported below
        }
        throw new IllegalArgumentException(
            "idle strategy '" + alias + "': the amount must be a positive integer (known: " + ALIASES + ")");
    }
}
