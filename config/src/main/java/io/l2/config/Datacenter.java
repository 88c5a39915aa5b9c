package io.l2.config;

import java.util.List;
import java.util.Objects;

/**
 * One datacenter of a cluster set: its name and its load hosts, in the order written. Immutable.
 *
 * @param name     the datacenter name as written (e.g. {@code man}).
 * @param hosts    the host names (or addresses) as written, at least one, no duplicates.
 * @param position where the datacenter's name is written.
 */
public record Datacenter(String name, List<String> hosts, Position position)
{
    /**
     * Validates and copies the components.
     */
    public Datacenter
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(position, "position");
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty())
        {
            throw new IllegalArgumentException("datacenter '" + name + "' has no hosts");
        }
    }
}
