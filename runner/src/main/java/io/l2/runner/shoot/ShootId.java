/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Shoot ids: one per shoot, the same on every host, sortable by time and unique ({@code 20261125-173512-3f9a1c}).
 */
public final class ShootId
{
    private static final DateTimeFormatter FORMAT =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ShootId()
    {
    }

    /**
     * @param now the current time.
     * @return a new shoot id: UTC time to the second, then 24 random bits in hex.
     */
    public static String next(final Instant now)
    {
        return FORMAT.format(now) + "-" + String.format("%06x", RANDOM.nextInt(1 << 24));
    }
}
