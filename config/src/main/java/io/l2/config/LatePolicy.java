package io.l2.config;

/**
 * What a worker does with a query whose intended send time has already passed (the generator fell behind): send it
 * late, or discard it. Either way it is counted.
 */
public enum LatePolicy
{
    /**
     * Send it late, YAML {@code send}.
     */
    SEND("send"),

    /**
     * Drop it, YAML {@code discard}.
     */
    DISCARD("discard");

    private final String yamlName;

    LatePolicy(final String yamlName)
    {
        this.yamlName = yamlName;
    }

    /**
     * The word used in YAML.
     *
     * @return {@code send} or {@code discard}.
     */
    public String yamlName()
    {
        return yamlName;
    }
}
