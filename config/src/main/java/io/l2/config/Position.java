package io.l2.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where something was written: a file name as the user gave it, a 1-based line and a 1-based column
 * (columns count Unicode code points). Line and column are 0 when there is no place inside the file
 * (the file could not be read, or the value is an embedded default).
 *
 * @param file   the file name as given by the user (or a label such as {@code <embedded default>}).
 * @param line   1-based line, or 0 when unknown.
 * @param column 1-based column in code points, or 0 when unknown.
 */
public record Position(String file, int line, int column) implements Serializable
{
    /**
     * Validates the components.
     */
    public Position
    {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0)
        {
            throw new IllegalArgumentException("line and column must be >= 0: " + line + ":" + column);
        }
    }

    /**
     * The position of a whole file, for errors that have no place inside it.
     *
     * @param file the file name.
     * @return {@code file:0:0}.
     */
    public static Position ofFile(final String file)
    {
        return new Position(file, 0, 0);
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code file:line:column}.
     */
    @Override
    public String toString()
    {
        return file + ":" + line + ":" + column;
    }
}
