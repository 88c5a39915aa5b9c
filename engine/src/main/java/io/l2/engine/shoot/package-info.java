/**
 * The shooter: workers (one connected, non-blocking UDP socket each) carried by a few {@link
 * org.agrona.concurrent.Agent}s that send the ammo's queries at the profile's intended times (async: open model) or
 * at most one in flight per worker (sync: closed model), match responses by (socket, id), detect timeouts without
 * allocating, and hand every query's outcome to a {@link io.l2.engine.record.ResultSink}.
 * <p>
 * Nothing on the send/receive path allocates, locks or logs in steady state; the generator's own limits (no free id,
 * socket buffer full, schedule lag, discards) are counters, never silent.
 */
package io.l2.engine.shoot;
