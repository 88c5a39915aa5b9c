package io.l2.config;

/**
 * How the control plane reaches the daemons: {@code multicast} (the default: everyone on one UDP multicast group,
 * {@code control-channel}) or {@code unicast} (Aeron multi-destination-cast: the runner sends to each selected host's
 * address on its {@code control-port}, each daemon answers on {@code control-port + 1}), for networks without
 * multicast between datacenters.
 */
public enum ControlMode
{
    /**
     * One multicast channel for all, YAML {@code multicast}.
     */
    MULTICAST("multicast"),

    /**
     * Unicast multi-destination-cast, YAML {@code unicast}.
     */
    UNICAST("unicast");

    private final String yamlName;

    ControlMode(final String yamlName)
    {
        this.yamlName = yamlName;
    }

    /**
     * The word used in YAML.
     *
     * @return {@code multicast} or {@code unicast}.
     */
    public String yamlName()
    {
        return yamlName;
    }
}
