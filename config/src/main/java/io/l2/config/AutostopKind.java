package io.l2.config;

/**
 * What an autostop criterion watches, as Yandex.Tank names it. Each is checked on every merged second; the
 * {@code total_} form of a kind (see {@link AutostopCriterion#window()}) checks the last N seconds summed instead of
 * N bad seconds in a row.
 */
public enum AutostopKind
{
    /** {@code quantile(Q, LIMIT, N)}: the Q-th percentile latency (timeouts counted as slower than any limit). */
    QUANTILE("quantile", "quantile(Q,LIMIT,N)", false),
    /** {@code time(LIMIT, N)}: the mean latency of the answered queries. */
    TIME("time", "time(LIMIT,N)", false),
    /** {@code rcode(MASK, LEVEL, N)}: answers whose rcode the mask matches, as a count or a share of the answers. */
    RCODE("rcode", "rcode(MASK,LEVEL,N)", false),
    /** {@code timeouts(LEVEL, N)}: queries not answered in time, as a count or a share of the sent queries. */
    TIMEOUTS("timeouts", "timeouts(LEVEL,N)", false),
    /** {@code errors(LEVEL, N)}: malformed answers and send errors, as a count or a share of the queries. */
    ERRORS("errors", "errors(LEVEL,N)", false),
    /** {@code lag(LIMIT, N)}: the generator's p99 schedule lag (sent time minus intended time). */
    LAG("lag", "lag(LIMIT,N)", true),
    /** {@code achieved(LEVEL, N)}: queries put on the wire, below a rate or a share of the requested rate. */
    ACHIEVED("achieved", "achieved(LEVEL,N)", true),
    /** {@code limit(T)}: the shoot has lasted T. */
    LIMIT("limit", "limit(T)", false);

    private final String yamlName;
    private final String signature;
    private final boolean generator;

    AutostopKind(final String yamlName, final String signature, final boolean generator)
    {
        this.yamlName = yamlName;
        this.signature = signature;
        this.generator = generator;
    }

    /**
     * @return the name as written in a plan, e.g. {@code quantile}.
     */
    public String yamlName()
    {
        return yamlName;
    }

    /**
     * @return the written form with its arguments' names, e.g. {@code quantile(Q,LIMIT,N)}.
     */
    public String signature()
    {
        return signature;
    }

    /**
     * @return true when the criterion is about the generator (l2's hosts could not keep the rate), not the target.
     */
    public boolean generator()
    {
        return generator;
    }
}
