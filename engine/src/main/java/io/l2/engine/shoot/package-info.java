/**
 * The shooter: a few {@link org.agrona.concurrent.Agent}s, each owning a few connected, non-blocking UDP sockets
 * ({@code QuerySocket}), that send the ammo's queries at the profile's intended times (async: open model) or with at
 * most one in flight per worker (sync: closed model; a worker is a permit, not a socket), match responses by (socket,
 * id), detect timeouts without allocating, and hand every query's outcome to a
 * {@link io.l2.engine.record.ResultSink}.
 * <p>
 * Due queries leave in batches, one socket's at a time; how a batch reaches the kernel is the socket's
 * {@code DatagramIo}: {@code sendmmsg}/{@code recvmmsg} through the FFM API on JDK 22+ ({@code MmsgDatagramIo},
 * compiled from {@code src/main/java22}), a system call per datagram through NIO elsewhere; {@link DatagramIos}
 * chooses, {@link IoMode} says what was asked.
 * <p>
 * Nothing on the send/receive path allocates, locks or logs in steady state; the generator's own limits (no free id,
 * socket buffer full, schedule lag, discards) are counters, never silent.
 */
package io.l2.engine.shoot;
