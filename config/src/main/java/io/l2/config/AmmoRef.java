package io.l2.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The ammo a plan names: either a name from the {@code ammo:} map of {@code l2.yaml} or a file path. The file is not
 * opened or checked here. Immutable.
 *
 * @param written  the value as written in the plan.
 * @param file     the file: the map's entry for a name, else the path resolved against the plan's directory.
 * @param named    true when {@code written} is a name from the {@code ammo:} map of {@code l2.yaml}.
 * @param position where the ammo is written in the plan.
 */
public record AmmoRef(String written, Path file, boolean named, Position position)
{
    /**
     * Validates the components.
     */
    public AmmoRef
    {
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(position, "position");
    }
}
