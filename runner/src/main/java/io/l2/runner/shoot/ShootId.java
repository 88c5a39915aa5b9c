/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Shoot ids: one per shoot, the same on every host, sortable by time and unique ({@code 20261125-173512-3f9a1c}).
 */
public final class ShootId
{
    private static final DateTimeFormatter FORMAT =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PARSE_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern PATTERN = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{6}");
    private static final int RANDOM_BITS = 24;
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;
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

    /**
     * The id as the control messages carry it: the UTC second since the epoch in the high bits, the 24 random bits
     * in the low ones, so {@link #fromLong(long)} gives the same text back.
     *
     * @param id a shoot id as {@link #next(Instant)} makes it.
     * @return the id as a positive long.
     * @throws IllegalArgumentException when the text is not such an id.
     */
    public static long toLong(final String id)
    {
        if (null == id || !PATTERN.matcher(id).matches())
        {
            throw new IllegalArgumentException("not a shoot id (yyyyMMdd-HHmmss-xxxxxx): " + id);
        }
        final long epochSecond;
        try
        {
            epochSecond = LocalDateTime.parse(id.substring(0, 15), PARSE_FORMAT).toEpochSecond(ZoneOffset.UTC);
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException("not a shoot id (no such date and time): " + id, ex);
        }
        if (epochSecond < 0 || epochSecond > MAX_EPOCH_SECOND)
        {
            throw new IllegalArgumentException("not a shoot id (before 1970 or after year 9999): " + id);
        }
        return (epochSecond << RANDOM_BITS) | Long.parseLong(id.substring(16), 16);
    }

    /**
     * The text of an id carried as a long.
     *
     * @param id as {@link #toLong(String)} made it.
     * @return the shoot id's text.
     * @throws IllegalArgumentException when the value cannot be an id.
     */
    public static String fromLong(final long id)
    {
        final long epochSecond = id >>> RANDOM_BITS;
        if (id < 0 || epochSecond > MAX_EPOCH_SECOND)
        {
            throw new IllegalArgumentException("not a shoot id: " + id);
        }
        return FORMAT.format(Instant.ofEpochSecond(epochSecond)) + "-" +
            String.format("%06x", id & ((1L << RANDOM_BITS) - 1));
    }
}
