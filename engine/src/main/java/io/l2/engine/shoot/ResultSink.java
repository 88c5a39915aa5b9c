/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

/**
 * Receives the outcome of every query a shooter agent resolved. Called on the agent's thread, on the hot path: an
 * implementation must not block, lock or allocate; if it cannot take the result it counts a drop and returns false.
 */
@FunctionalInterface
public interface ResultSink
{
    /**
     * One query's outcome. Times are ns from the shoot's start.
     *
     * @param intendedNs     when the profile meant it to be sent.
     * @param sentNs         when it was sent, or -1 when it never was.
     * @param receivedNs     when its response arrived, or -1 when none did.
     * @param worker         the worker (socket) index on this host.
     * @param ammoIndex      the query's index in the ammo.
     * @param qtype          the query type.
     * @param rcode          the response's rcode (extended, 12 bits), or -1 without a response.
     * @param flags          response flag bits, see {@code ResultRecordDescriptor}.
     * @param outcome        the outcome code, see {@code ResultRecordDescriptor}.
     * @param answerCount    the response's answer count, 0 without a response.
     * @param responseLength the response's length in bytes, 0 without a response.
     * @param queryId        the DNS id the query carried.
     * @return true when recorded, false when dropped (the sink counts it).
     */
    boolean onResult(
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
        int queryId);
}
