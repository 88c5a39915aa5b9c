/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

/**
 * The shooter's counters: what it did and every limit it hit. Each is a count unless its name says otherwise.
 */
public enum ShooterCounter
{
    /** Queries written to a socket. */
    SENT("sent"),
    /** Responses matched to a query in flight (whatever their rcode). */
    ANSWERED("answered"),
    /** Queries with no response within the timeout. */
    TIMEOUTS("timeouts"),
    /** Responses that matched a query by id but could not be decoded or did not echo its question. */
    MALFORMED("malformed"),
    /** Writes that failed with an error (the query is recorded as a send error). */
    SEND_ERRORS("send errors"),
    /** Queries not sent: behind schedule with {@code late: discard}, or still unsent a timeout after the end. */
    DISCARDED("discarded"),
    /** Writes refused because the socket's send buffer was full (retried on the next duty cycle). */
    SHORT_SENDS("short sends"),
    /** Sends delayed because every query id of the worker was in flight. */
    NO_FREE_ID("no free id"),
    /** Queries sent later than the late tolerance after their intended time. */
    LAGGED("lagged"),
    /** The largest lag seen between a query's intended and actual send time, in ns. */
    MAX_LAG_NS("max lag ns"),
    /** Responses to a query that had already timed out. */
    LATE_RESPONSES("late responses"),
    /** Second responses to a query that was already answered. */
    DUPLICATES("duplicate responses"),
    /** Responses that match no query this worker sent (unknown id). */
    UNMATCHED("unmatched responses"),
    /** Datagrams too short or broken to carry a DNS header. */
    UNDECODABLE("undecodable datagrams"),
    /** Errors reading a socket (e.g. ICMP port unreachable). */
    RECEIVE_ERRORS("receive errors"),
    /** Results the sink could not take (a full ring): the query happened but its record is lost. */
    RECORD_DROPS("record drops"),
    /** Connections made (TCP): the first of each socket and every reconnect. */
    CONNECTIONS("connections"),
    /** Connections that could not be made (refused, unreachable, timed out). */
    CONNECT_FAILURES("connect failures"),
    /** Connections the server closed or reset while l2 used them (what was in flight on them is recorded as reset). */
    CONNECTION_CLOSES("connections closed"),
    /** Queries sent on a connection that ended before their answer came (recorded as reset). */
    RESETS("resets"),
    /** Queries not sent because no connection could be made (recorded as connect failed). */
    NOT_CONNECTED("not connected"),
    /** DNS over HTTPS: requests answered with an HTTP status other than 200 (recorded with the status). */
    HTTP_ERRORS("http errors"),
    /** The longest a connection took to be made, in ns. */
    MAX_SETUP_NS("max setup ns"),
    /**
     * Connections l2 closed on purpose once they carried the plan's queries per connection, each made again at once
     * (client churn); not failures, not counted as closed.
     */
    RECYCLED("connections recycled");

    private final String label;

    ShooterCounter(final String label)
    {
        this.label = label;
    }

    /**
     * @return true when the counter keeps a maximum (across agents and hosts: the largest), not a count (the sum).
     */
    public boolean isMaximum()
    {
        return MAX_LAG_NS == this || MAX_SETUP_NS == this;
    }

    /**
     * @return the counter's name for people.
     */
    public String label()
    {
        return label;
    }
}
