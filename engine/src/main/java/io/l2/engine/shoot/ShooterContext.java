/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.record.ResultSink;
import org.agrona.BitUtil;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Everything one host's shooter needs, set fluently and checked once in {@link #conclude()} (Aeron's Context
 * pattern). The engine never sees YAML: the runner maps a plan onto this.
 */
public final class ShooterContext
{
    /** Default timeout: 2 s, as dnsperf. */
    public static final long TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(2);
    /** Default lag beyond which a query counts as late (and is dropped with {@code late: discard}): 1 ms. */
    public static final long LATE_TOLERANCE_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Default socket buffers asked of the kernel (it may cap them at net.core.[rw]mem_max). */
    public static final int SOCKET_BUFFER_DEFAULT_LENGTH = 4 * 1024 * 1024;
    /**
     * Default idle strategy: {@code deadline}, parking until the next query is due (a busy spin needs a dedicated
     * core; {@code backoff}, the default before, burnt CPU between sends and read responses up to 1 ms late).
     */
    public static final String IDLE_STRATEGY_DEFAULT = DeadlineIdleStrategy.ALIAS;
    /**
     * Sockets per shooter thread when the shoot does not say: few, so each carries many queries and its batches fill
     * (more are made when the ids in flight need them). A target that spreads its load over threads by source port
     * ({@code SO_REUSEPORT}) sees at most this many flows per thread: ask for more with {@link #socketCount(int)}.
     */
    public static final int SOCKETS_PER_THREAD_DEFAULT = 4;
    /** Most sockets one host opens. */
    public static final int SOCKETS_MAX = 4096;

    private InetSocketAddress target;
    private AmmoTable ammo;
    private int ammoOffset;
    private RateProfile profile;
    private int workerCount = 10;
    private int threadCount = 1;
    private boolean sync;
    private long timeoutNs = TIMEOUT_DEFAULT_NS;
    private boolean discardLate;
    private long lateToleranceNs = LATE_TOLERANCE_DEFAULT_NS;
    private String idleStrategy = IDLE_STRATEGY_DEFAULT;
    private int socketBufferLength = SOCKET_BUFFER_DEFAULT_LENGTH;
    private NanoClock clock = SystemNanoClock.INSTANCE;
    private long startNs = Long.MIN_VALUE;
    private IntFunction<ResultSink> sinkFactory;
    private ThreadFactory threadFactory = Thread::new;
    private int socketCount;
    private IoMode ioMode = IoMode.AUTO;
    private Transport transport = Transport.UDP;
    private boolean pipelined = true;
    private long queriesPerConnection;
    private javax.net.ssl.SSLContext tlsContext;
    private String tlsServerName;
    private boolean tlsVerifyName = true;
    private String dohPath = HttpsStreamIo.DEFAULT_PATH;
    private boolean dohGet;
    private CpuList cpus;
    private int inFlightTableLength;

    /**
     * Checks every setting and derives the in-flight table length.
     *
     * @return this.
     * @throws IllegalArgumentException naming the setting that is wrong.
     */
    public ShooterContext conclude()
    {
        if (null == target || target.isUnresolved())
        {
            throw new IllegalArgumentException("target must be a resolved address: " + target);
        }
        if (null == ammo || 0 == ammo.count())
        {
            throw new IllegalArgumentException("ammo must hold at least one query");
        }
        if (ammoOffset < 0 || ammoOffset >= ammo.count())
        {
            throw new IllegalArgumentException("ammo offset out of range: " + ammoOffset);
        }
        if (null == profile)
        {
            throw new IllegalArgumentException("profile is required");
        }
        if (workerCount < 1 || workerCount > 65536)
        {
            throw new IllegalArgumentException("workers must be 1..65536: " + workerCount);
        }
        if (threadCount < 1 || threadCount > workerCount)
        {
            throw new IllegalArgumentException("threads must be 1..workers (" + workerCount + "): " + threadCount);
        }
        if (timeoutNs <= 0 || lateToleranceNs < 0)
        {
            throw new IllegalArgumentException("timeout must be > 0 and late tolerance >= 0");
        }
        if (null == transport)
        {
            throw new IllegalArgumentException("transport is required");
        }
        if (queriesPerConnection < 0)
        {
            throw new IllegalArgumentException("queries per connection must be >= 0: " + queriesPerConnection);
        }
        if (Transport.UDP == transport && 0 != queriesPerConnection)
        {
            throw new IllegalArgumentException("queries per connection is for connection transports, not udp");
        }
        final boolean tls = Transport.DOT == transport || Transport.DOH == transport;
        if (tls && null == tlsContext)
        {
            throw new IllegalArgumentException(
                "transport " + transport.alias() + " needs a TLS context (see TlsContexts)");
        }
        if (tls && tlsVerifyName && null == tlsServerName)
        {
            throw new IllegalArgumentException(
                "transport " + transport.alias() + " verifies the server's name: give it, or do not verify");
        }
        if (Transport.DOH == transport && (null == dohPath || !dohPath.startsWith("/")))
        {
            throw new IllegalArgumentException("transport doh needs a path starting with '/': " + dohPath);
        }
        if (null == sinkFactory)
        {
            throw new IllegalArgumentException("a result sink factory is required");
        }
        IdleStrategies.of(idleStrategy);
        if (Long.MIN_VALUE == startNs)
        {
            startNs = clock.nanoTime();
        }
        final double peakInFlight = sync ? workerCount : peakRate(profile) * (timeoutNs / 1e9);
        if (0 == socketCount)
        {
            // each socket's ids cover twice its share of what can be in flight, at most 65536
            socketCount = (int)Math.min(SOCKETS_MAX, Math.max(
                threadCount * SOCKETS_PER_THREAD_DEFAULT, Math.ceil(peakInFlight * 2 / 65536)));
            if (sync)
            {
                socketCount = Math.max(threadCount, Math.min(socketCount, workerCount));
            }
            if (Transport.UDP != transport && !pipelined)
            {
                // a connection that carries one query at a time: as many as can be in flight
                socketCount = (int)Math.min(SOCKETS_MAX, Math.max(threadCount, Math.ceil(peakInFlight)));
            }
        }
        else if (socketCount < threadCount || socketCount > SOCKETS_MAX)
        {
            throw new IllegalArgumentException(
                "sockets must be threads (" + threadCount + ") to " + SOCKETS_MAX + ": " + socketCount);
        }
        inFlightTableLength = inFlightTableLength(peakInFlight, socketCount);
        ioMode = DatagramIos.resolve(ioMode);
        return this;
    }

    /**
     * Sizes each socket's in-flight table: twice its share of what can be in flight at the peak (sync: the workers;
     * async: the peak rate over a timeout), at least 64, at most 65536 (every DNS id).
     *
     * @param peakInFlight queries in flight on the host at the peak.
     * @param socketCount  sockets sharing them.
     * @return a power of two.
     */
    static int inFlightTableLength(final double peakInFlight, final int socketCount)
    {
        final double perSocket = Math.max(64, Math.ceil(peakInFlight / socketCount * 2));
        return BitUtil.findNextPositivePowerOfTwo((int)Math.min(65536, perSocket));
    }

    /**
     * @param profile a profile.
     * @return its highest rate, queries per second (sampled at 10,000 points and at its end).
     */
    static double peakRate(final RateProfile profile)
    {
        double peakRate = 0;
        final long durationNs = profile.durationNs();
        final long stepNs = Math.max(1, durationNs / 10_000);
        for (long t = 0; t < durationNs; t += stepNs)
        {
            peakRate = Math.max(peakRate, profile.rateAt(t));
        }
        return Math.max(peakRate, profile.rateAt(Math.max(0, durationNs - 1)));
    }

    /** @param target the target, resolved. @return this. */
    public ShooterContext target(final InetSocketAddress target)
    {
        this.target = target;
        return this;
    }

    /** @return the target. */
    public InetSocketAddress target()
    {
        return target;
    }

    /** @param ammo the ammo (not owned: the caller closes it after the shoot). @return this. */
    public ShooterContext ammo(final AmmoTable ammo)
    {
        this.ammo = ammo;
        return this;
    }

    /** @return the ammo. */
    public AmmoTable ammo()
    {
        return ammo;
    }

    /** @param ammoOffset the ammo index this host starts at. @return this. */
    public ShooterContext ammoOffset(final int ammoOffset)
    {
        this.ammoOffset = ammoOffset;
        return this;
    }

    /** @return the ammo index this host starts at. */
    public int ammoOffset()
    {
        return ammoOffset;
    }

    /** @param profile this host's profile (its share). @return this. */
    public ShooterContext profile(final RateProfile profile)
    {
        this.profile = profile;
        return this;
    }

    /** @return this host's profile. */
    public RateProfile profile()
    {
        return profile;
    }

    /**
     * @param workerCount workers on this host: sync, how many queries may be in flight at once; async, only the
     *                    least count of threads' share.
     * @return this.
     */
    public ShooterContext workerCount(final int workerCount)
    {
        this.workerCount = workerCount;
        return this;
    }

    /** @return workers on this host. */
    public int workerCount()
    {
        return workerCount;
    }

    /** @param threadCount threads carrying the workers. @return this. */
    public ShooterContext threadCount(final int threadCount)
    {
        this.threadCount = threadCount;
        return this;
    }

    /** @return threads carrying the workers. */
    public int threadCount()
    {
        return threadCount;
    }

    /** @param sync true for the closed model (one query in flight per worker). @return this. */
    public ShooterContext sync(final boolean sync)
    {
        this.sync = sync;
        return this;
    }

    /** @return true for the closed model. */
    public boolean sync()
    {
        return sync;
    }

    /** @param timeoutNs how long to wait for a response. @return this. */
    public ShooterContext timeoutNs(final long timeoutNs)
    {
        this.timeoutNs = timeoutNs;
        return this;
    }

    /** @return how long to wait for a response, ns. */
    public long timeoutNs()
    {
        return timeoutNs;
    }

    /** @param discardLate true to drop queries later than the tolerance instead of sending them late. @return this. */
    public ShooterContext discardLate(final boolean discardLate)
    {
        this.discardLate = discardLate;
        return this;
    }

    /** @return true when late queries are dropped. */
    public boolean discardLate()
    {
        return discardLate;
    }

    /** @param lateToleranceNs lag beyond which a query is late. @return this. */
    public ShooterContext lateToleranceNs(final long lateToleranceNs)
    {
        this.lateToleranceNs = lateToleranceNs;
        return this;
    }

    /** @return lag beyond which a query is late, ns. */
    public long lateToleranceNs()
    {
        return lateToleranceNs;
    }

    /** @param idleStrategy an alias of {@link IdleStrategies}. @return this. */
    public ShooterContext idleStrategy(final String idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    /** @return the idle strategy's alias. */
    public String idleStrategy()
    {
        return idleStrategy;
    }

    /** @param socketBufferLength SO_SNDBUF and SO_RCVBUF to ask for, 0 for the system's. @return this. */
    public ShooterContext socketBufferLength(final int socketBufferLength)
    {
        this.socketBufferLength = socketBufferLength;
        return this;
    }

    /** @return the socket buffer length asked for. */
    public int socketBufferLength()
    {
        return socketBufferLength;
    }

    /** @param clock the clock (tests move one by hand). @return this. */
    public ShooterContext clock(final NanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /** @return the clock. */
    public NanoClock clock()
    {
        return clock;
    }

    /** @param startNs the shoot's start on {@link #clock()}: profile time 0. @return this. */
    public ShooterContext startNs(final long startNs)
    {
        this.startNs = startNs;
        return this;
    }

    /** @return the shoot's start on the clock. */
    public long startNs()
    {
        return startNs;
    }

    /** @param sinkFactory a sink per agent thread (by thread index). @return this. */
    public ShooterContext sinkFactory(final IntFunction<ResultSink> sinkFactory)
    {
        this.sinkFactory = sinkFactory;
        return this;
    }

    /** @return the sink factory. */
    public IntFunction<ResultSink> sinkFactory()
    {
        return sinkFactory;
    }

    /**
     * @param cpus the CPUs the shooter threads are pinned to, thread t on {@code cpus[t mod |cpus|]}
     *             ({@link ThreadAffinity}); null (the default) leaves them to the scheduler.
     * @return this.
     */
    public ShooterContext cpus(final CpuList cpus)
    {
        this.cpus = cpus;
        return this;
    }

    /** @return the CPUs the shooter threads are pinned to, or null. */
    public CpuList cpus()
    {
        return cpus;
    }

    /** @param threadFactory makes the agents' threads (pinning wraps it). @return this. */
    public ShooterContext threadFactory(final ThreadFactory threadFactory)
    {
        this.threadFactory = threadFactory;
        return this;
    }

    /** @return the thread factory. */
    public ThreadFactory threadFactory()
    {
        return threadFactory;
    }

    /** @return sockets on this host: as set, or after {@link #conclude()} as chosen when 0. */
    public int socketCount()
    {
        return socketCount;
    }

    /**
     * @param socketCount sockets on this host, {@code threads} to {@link #SOCKETS_MAX}; 0 (the default) chooses
     *                    {@link #SOCKETS_PER_THREAD_DEFAULT} per thread, more when the ids in flight need them, at
     *                    most one per worker in sync mode.
     * @return this.
     */
    public ShooterContext socketCount(final int socketCount)
    {
        this.socketCount = socketCount;
        return this;
    }

    /**
     * @param ioMode how datagrams move between the sockets and the kernel; {@link IoMode#AUTO} by default.
     * @return this.
     */
    public ShooterContext ioMode(final IoMode ioMode)
    {
        this.ioMode = ioMode;
        return this;
    }

    /**
     * @return the I/O asked for; after {@link #conclude()}, the one that will run (never {@link IoMode#AUTO}).
     */
    public IoMode ioMode()
    {
        return ioMode;
    }

    /**
     * @param transport how queries travel: {@link Transport#UDP} by default.
     * @return this.
     */
    public ShooterContext transport(final Transport transport)
    {
        this.transport = transport;
        return this;
    }

    /**
     * @return how queries travel.
     */
    public Transport transport()
    {
        return transport;
    }

    /**
     * @param pipelined on a connection transport, whether a connection carries several queries at once (answers
     *                  matched by id in any order, RFC 7766 6.2.1.1) or one at a time; true by default. UDP ignores it.
     * @return this.
     */
    public ShooterContext pipelined(final boolean pipelined)
    {
        this.pipelined = pipelined;
        return this;
    }

    /**
     * @param queriesPerConnection on a connection transport, most queries a connection carries before it is closed
     *                             (once they resolved) and made again at once, a new handshake each time (client
     *                             churn); 0, the default, for no limit. UDP: 0.
     * @return this.
     */
    public ShooterContext queriesPerConnection(final long queriesPerConnection)
    {
        this.queriesPerConnection = queriesPerConnection;
        return this;
    }

    /**
     * @return most queries a connection carries before it is made again, or 0 for no limit.
     */
    public long queriesPerConnection()
    {
        return queriesPerConnection;
    }

    /**
     * TLS of {@link Transport#DOT} and {@link Transport#DOH}.
     *
     * @param context    the client context (its trust, its session cache), from {@link TlsContexts}.
     * @param serverName the name sent as SNI and, when {@code verifyName}, checked against the certificate; null for
     *                   none.
     * @param verifyName whether the certificate must name the server.
     * @return this.
     */
    public ShooterContext tls(final javax.net.ssl.SSLContext context, final String serverName, final boolean verifyName)
    {
        this.tlsContext = context;
        this.tlsServerName = serverName;
        this.tlsVerifyName = verifyName;
        return this;
    }

    /**
     * The HTTP side of {@link Transport#DOH}.
     *
     * @param path the request path, e.g. {@code /dns-query} (the default).
     * @param get  GET with the query base64url-coded in the path ({@code ?dns=}) instead of POST (the default).
     * @return this.
     */
    public ShooterContext doh(final String path, final boolean get)
    {
        this.dohPath = path;
        this.dohGet = get;
        return this;
    }

    /**
     * @return the DoH request path.
     */
    public String dohPath()
    {
        return dohPath;
    }

    /**
     * @return true when DoH requests are GETs.
     */
    public boolean dohGet()
    {
        return dohGet;
    }

    /**
     * @return the TLS client context, or null.
     */
    public javax.net.ssl.SSLContext tlsContext()
    {
        return tlsContext;
    }

    /**
     * @return the TLS server name, or null.
     */
    public String tlsServerName()
    {
        return tlsServerName;
    }

    /**
     * @return whether the certificate must name the server.
     */
    public boolean tlsVerifyName()
    {
        return tlsVerifyName;
    }

    /**
     * @return whether a connection carries several queries at once.
     */
    public boolean pipelined()
    {
        return pipelined;
    }

    /**
     * @return each socket's in-flight table length, derived in {@link #conclude()}.
     */
    public int inFlightTableLength()
    {
        return inFlightTableLength;
    }
}
