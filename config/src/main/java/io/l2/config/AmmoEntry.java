package io.l2.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of the {@code ammo:} map of {@code l2.yaml}: a name a plan may use, and the file it stands for.
 * The file is not opened or checked here. Immutable.
 *
 * @param name     the ammo name as written (e.g. {@code ns-cache}).
 * @param file     the ammo file, resolved against the directory of {@code l2.yaml} when written relative.
 * @param position where the file path is written.
 */
public record AmmoEntry(String name, Path file, Position position)
{
    /**
     * Validates the components.
     */
    public AmmoEntry
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(position, "position");
    }
}
