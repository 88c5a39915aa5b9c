package io.l2.engine.record;

/**
 * Where a shooter puts each query's outcome: straight into the queue ({@link ResultRecorder}), or nowhere
 * ({@link #DISCARD}).
 * <p>
 * Called on the shooter's thread only (one sink per thread); never allocates, never blocks. A sink may stage
 * records and write them at {@link #flush()}, which the shooter calls at the end of every duty cycle.
 */
public interface ResultSink
{
    /**
     * A sink that takes every result and keeps none (a warm-up, a benchmark without recording).
     */
    ResultSink DISCARD = (intendedNs, sentNs, receivedNs, worker, ammoIndex, qtype, rcode, flags, outcome,
        answerCount, responseLength, queryId, transport, setupUnits) -> true;

    /**
     * Record one query's outcome and what carried it.
     *
     * @param intendedNs     intended send time, ns from the shoot's start.
     * @param sentNs         actual send time, ns from the shoot's start, or -1 when never sent.
     * @param receivedNs     receive time, ns from the shoot's start, or -1 when nothing was received.
     * @param worker         number of the worker (socket) that shot the query.
     * @param ammoIndex      index of the ammo line shot.
     * @param qtype          query type (uint16).
     * @param rcode          12-bit extended response code (0 when there was no response; the HTTP status of
     *                       {@link Outcome#HTTP_STATUS}).
     * @param flags          response flag bits of {@link ResultRecordDescriptor}.
     * @param outcome        one of {@link Outcome}.
     * @param answerCount    ANCOUNT of the response (uint16).
     * @param responseLength length of the response in bytes (uint16).
     * @param queryId        DNS message id of the query (uint16).
     * @param transport      the transport's code (0 UDP, 1 TCP, 2 DNS over TLS, 3 DNS over HTTPS).
     * @param setupUnits     the set-up time of the connection this query was the first on, in
     *                       {@link ResultRecordDescriptor#SETUP_UNIT_NS} units; 0 for every other query.
     * @return true when recorded; false when the record was dropped (and counted as dropped).
     */
    boolean record(
        long intendedNs,
        long sentNs,
        long receivedNs,
        int worker,
        int ammoIndex,
        int qtype,
        int rcode,
        int flags,
        int outcome,
        int answerCount,
        int responseLength,
        int queryId,
        int transport,
        int setupUnits);

    /**
     * Record one query's outcome carried over UDP (transport 0, no connection): as
     * {@link #record(long, long, long, int, int, int, int, int, int, int, int, int, int, int)}.
     *
     * @return true when recorded; false when the record was dropped.
     */
    default boolean record(
        final long intendedNs,
        final long sentNs,
        final long receivedNs,
        final int worker,
        final int ammoIndex,
        final int qtype,
        final int rcode,
        final int flags,
        final int outcome,
        final int answerCount,
        final int responseLength,
        final int queryId)
    {
        return record(intendedNs, sentNs, receivedNs, worker, ammoIndex, qtype, rcode, flags, outcome, answerCount,
            responseLength, queryId, 0, 0);
    }

    /**
     * Called once on the shooter's thread before its first {@link #record}: a sink that needs per-thread resources
     * (a queue appender) takes them here, so the record path never meets a first-time branch mid-shoot (compiled
     * code would be thrown away when it did). Default: nothing.
     */
    default void onStart()
    {
    }

    /**
     * Write out whatever {@link #record} staged. The shooter calls it at the end of each duty cycle, so a record
     * reaches its reader within one duty cycle. Default: nothing (every record is written when recorded).
     */
    default void flush()
    {
    }
}
