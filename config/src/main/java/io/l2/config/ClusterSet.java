package io.l2.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named set of load hosts (e.g. {@code ns+load}), grouped by datacenter. A shoot fires on one set.
 * Immutable.
 *
 * @param name        the set name as written (any non-empty string).
 * @param datacenters the datacenters in the order written, at least one.
 * @param position    where the set's name is written.
 */
public record ClusterSet(String name, List<Datacenter> datacenters, Position position)
{
    /**
     * Validates and copies the components.
     */
    public ClusterSet
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(position, "position");
        datacenters = List.copyOf(datacenters);
        if (name.isEmpty())
        {
            throw new IllegalArgumentException("set name is empty");
        }
        if (datacenters.isEmpty())
        {
            throw new IllegalArgumentException("set '" + name + "' has no datacenters");
        }
    }

    /**
     * All hosts of the set, datacenter by datacenter, in the order written.
     *
     * @return an immutable list of host names.
     */
    public List<String> hosts()
    {
        final List<String> hosts = new ArrayList<>();
        for (final Datacenter datacenter : datacenters)
        {
            hosts.addAll(datacenter.hosts());
        }
        return List.copyOf(hosts);
    }

    /**
     * The datacenter a host is listed under in this set.
     *
     * @param host a host name, exactly as written.
     * @return the datacenter's name, or empty when the set does not list the host.
     */
    public Optional<String> datacenterOf(final String host)
    {
        for (final Datacenter datacenter : datacenters)
        {
            if (datacenter.hosts().contains(host))
            {
                return Optional.of(datacenter.name());
            }
        }
        return Optional.empty();
    }
}
