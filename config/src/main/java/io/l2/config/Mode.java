package io.l2.config;

/**
 * How the workers of a shoot send: {@code sync} is the closed model (a worker waits for the answer, or the timeout,
 * before its next query), {@code async} the open model (queries leave on schedule whatever the answers do).
 */
public enum Mode
{
    /**
     * Closed model, YAML {@code sync}.
     */
    SYNC("sync"),

    /**
     * Open model, YAML {@code async}.
     */
    ASYNC("async");

    private final String yamlName;

    Mode(final String yamlName)
    {
        this.yamlName = yamlName;
    }

    /**
     * The word used in YAML.
     *
     * @return {@code sync} or {@code async}.
     */
    public String yamlName()
    {
        return yamlName;
    }
}
