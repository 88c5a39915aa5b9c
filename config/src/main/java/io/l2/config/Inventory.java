package io.l2.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code cluster:} section of {@code l2.yaml}: the sets of load hosts, in the order written. Empty only when
 * {@code l2.yaml} has no {@code cluster:} section. Immutable.
 *
 * @param sets the sets in the order written, names unique.
 */
public record Inventory(List<ClusterSet> sets)
{
    /**
     * Validates and copies the components.
     */
    public Inventory
    {
        sets = List.copyOf(sets);
        final Set<String> names = new HashSet<>();
        for (final ClusterSet set : sets)
        {
            if (!names.add(set.name()))
            {
                throw new IllegalArgumentException("set '" + set.name() + "' is defined twice");
            }
        }
    }

    /**
     * The set of that name.
     *
     * @param name a set name, exactly as written.
     * @return the set, or empty when there is none of that name.
     */
    public Optional<ClusterSet> set(final String name)
    {
        for (final ClusterSet set : sets)
        {
            if (set.name().equals(name))
            {
                return Optional.of(set);
            }
        }
        return Optional.empty();
    }

    /**
     * The first set written, the default of a plan without {@code set:}.
     *
     * @return the first set.
     * @throws IllegalStateException when the inventory is empty.
     */
    public ClusterSet first()
    {
        if (sets.isEmpty())
        {
            throw new IllegalStateException("the inventory has no sets (l2.yaml has no cluster section)");
        }
        return sets.get(0);
    }

    /**
     * The set names in the order written.
     *
     * @return an immutable list of names.
     */
    public List<String> setNames()
    {
        final List<String> names = new ArrayList<>(sets.size());
        for (final ClusterSet set : sets)
        {
            names.add(set.name());
        }
        return List.copyOf(names);
    }

    /**
     * Whether there is no set at all.
     *
     * @return true when {@code l2.yaml} had no {@code cluster:} section.
     */
    public boolean isEmpty()
    {
        return sets.isEmpty();
    }
}
