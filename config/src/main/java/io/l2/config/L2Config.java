package io.l2.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole of {@code l2.yaml}, validated. Immutable; the maps keep the order written.
 *
 * @param source    the file it was read from, or null for the embedded default.
 * @param daemon    the {@code l2:} section (defaults when absent).
 * @param inventory the {@code cluster:} section (empty when absent).
 * @param ammo      the {@code ammo:} map, name to entry, in the order written.
 * @param reserved  the raw {@code sinks:} and {@code security:} sections that are present, as plain maps, lists and
 *                  strings (null for a YAML null); later versions validate them. The typed sinks are in {@code sinks}
 *                  as well.
 * @param sinks     the typed sinks of the {@code sinks:} section ({@link Sinks#NONE} when absent).
 * @param schedules the {@code schedules:} section and the scheduler's settings ({@link Schedules#NONE} when absent).
 * @param security  the {@code security:} section ({@link Security#NONE} when absent).
 */
public record L2Config(
    Path source,
    DaemonSettings daemon,
    Inventory inventory,
    Map<String, AmmoEntry> ammo,
    Map<String, Object> reserved,
    Sinks sinks,
    Schedules schedules,
    Security security)
{
    /**
     * Validates and copies the components.
     */
    public L2Config
    {
        Objects.requireNonNull(daemon, "daemon");
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(sinks, "sinks");
        Objects.requireNonNull(schedules, "schedules");
        Objects.requireNonNull(security, "security");
        ammo = Collections.unmodifiableMap(new LinkedHashMap<>(ammo));
        reserved = Collections.unmodifiableMap(new LinkedHashMap<>(reserved));
        for (final Map.Entry<String, AmmoEntry> entry : ammo.entrySet())
        {
            if (!entry.getKey().equals(entry.getValue().name()))
            {
                throw new IllegalArgumentException("ammo key '" + entry.getKey() + "' differs from its entry's name");
            }
        }
    }

    /**
     * A configuration without a {@code security:} section.
     *
     * @param source    the file it was read from, or null for the embedded default.
     * @param daemon    the {@code l2:} section.
     * @param inventory the {@code cluster:} section.
     * @param ammo      the {@code ammo:} map.
     * @param reserved  the raw sections kept for later versions.
     * @param sinks     the typed sinks.
     * @param schedules the schedules.
     */
    public L2Config(
        final Path source,
        final DaemonSettings daemon,
        final Inventory inventory,
        final Map<String, AmmoEntry> ammo,
        final Map<String, Object> reserved,
        final Sinks sinks,
        final Schedules schedules)
    {
        this(source, daemon, inventory, ammo, reserved, sinks, schedules, Security.NONE);
    }

    /**
     * A configuration without sinks nor schedules.
     *
     * @param source    the file it was read from, or null for the embedded default.
     * @param daemon    the {@code l2:} section.
     * @param inventory the {@code cluster:} section.
     * @param ammo      the {@code ammo:} map.
     * @param reserved  the raw sections kept for later versions.
     */
    public L2Config(
        final Path source,
        final DaemonSettings daemon,
        final Inventory inventory,
        final Map<String, AmmoEntry> ammo,
        final Map<String, Object> reserved)
    {
        this(source, daemon, inventory, ammo, reserved, Sinks.NONE, Schedules.NONE, Security.NONE);
    }

    /**
     * The ammo entry of a name.
     *
     * @param name an ammo name, exactly as written.
     * @return the entry, or empty.
     */
    public Optional<AmmoEntry> ammoEntry(final String name)
    {
        return Optional.ofNullable(ammo.get(name));
    }
}
