package io.l2.config;

/**
 * What the scheduler does when a schedule is due while a shoot of its set is still running ({@code l2:}
 * {@code schedule-overlap}).
 */
public enum ScheduleOverlap
{
    /**
     * Do not fire this time; log it and wait for the next due time. YAML {@code skip}, the default.
     */
    SKIP("skip"),

    /**
     * Wait for the set to be free, at most until the schedule's next due time; skip (and log) when it is not free by
     * then. YAML {@code wait}.
     */
    WAIT("wait");

    private final String yamlName;

    ScheduleOverlap(final String yamlName)
    {
        this.yamlName = yamlName;
    }

    /**
     * The word used in YAML.
     *
     * @return {@code skip} or {@code wait}.
     */
    public String yamlName()
    {
        return yamlName;
    }
}
