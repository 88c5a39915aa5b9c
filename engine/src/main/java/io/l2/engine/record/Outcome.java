package io.l2.engine.record;

/**
 * What became of one query: the byte stored at {@link ResultRecordDescriptor#OUTCOME_OFFSET}.
 * <p>
 * Zero is not an outcome, so a zeroed (never written) record is recognisably invalid.
 */
public final class Outcome
{
    /**
     * A response arrived, decoded and matched the question; its rcode says how the server answered.
     */
    public static final byte ANSWERED = 1;

    /**
     * The query was sent and no matching response arrived within the timeout.
     */
    public static final byte TIMEOUT = 2;

    /**
     * A response arrived but could not be decoded or its question did not match the query.
     */
    public static final byte MALFORMED = 3;

    /**
     * The query could not be sent (send buffer full, socket error, no free query id).
     */
    public static final byte SEND_ERROR = 4;

    /**
     * The query was due but was discarded unsent by the late-shot policy.
     */
    public static final byte DISCARDED = 5;

    /**
     * The query was due while no connection to the target could be made (TCP connect refused, unreachable or timed
     * out): not sent.
     */
    public static final byte CONNECT_FAILED = 6;

    /**
     * The query was sent on a connection that the server closed or reset before the answer came.
     */
    public static final byte RESET = 7;

    /**
     * DNS over HTTPS: the server answered the query's request with an HTTP status other than 200 (the record's rcode
     * field holds the status, e.g. 500 or 429), so no DNS message came.
     */
    public static final byte HTTP_STATUS = 8;

    /**
     * The smallest valid outcome value.
     */
    public static final int MIN_VALUE = ANSWERED;

    /**
     * The largest valid outcome value.
     */
    public static final int MAX_VALUE = HTTP_STATUS;

    private static final String[] NAMES = { "INVALID", "ANSWERED", "TIMEOUT", "MALFORMED", "SEND_ERROR", "DISCARDED",
        "CONNECT_FAILED", "RESET", "HTTP_STATUS" };

    private Outcome()
    {
    }

    /**
     * Is the value one of the defined outcomes?
     *
     * @param outcome the stored value.
     * @return true when it is between {@link #MIN_VALUE} and {@link #MAX_VALUE}.
     */
    public static boolean isValid(final int outcome)
    {
        return MIN_VALUE <= outcome && outcome <= MAX_VALUE;
    }

    /**
     * The name used in reports, e.g. {@code "SEND_ERROR"}.
     *
     * @param outcome the stored value.
     * @return its name, or {@code "INVALID"} for a value that is no outcome.
     */
    public static String name(final int outcome)
    {
        return isValid(outcome) ? NAMES[outcome] : NAMES[0];
    }
}
