/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.l2.engine.codec.QTypes;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.record.ResultSink;
import org.agrona.CloseHelper;

import static io.l2.engine.codec.DnsDescriptor.AA_FLAG;
import static io.l2.engine.codec.DnsDescriptor.ANCOUNT_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.ARCOUNT_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.CLASS_IN;
import static io.l2.engine.codec.DnsDescriptor.FLAGS_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.HEADER_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.MAX_LABEL_LENGTH;
import static io.l2.engine.codec.DnsDescriptor.NSCOUNT_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.POINTER_MASK;
import static io.l2.engine.codec.DnsDescriptor.QDCOUNT_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.QR_FLAG;
import static io.l2.engine.codec.DnsDescriptor.QUESTION_FIXED_LENGTH;

/**
 * Warms the shooter's code before a shoot, so the first seconds of the real profile are not spent interpreted or
 * compiling: a short, bounded shoot of the same ammo, with the same workers and mode, against an in-process
 * reflector on loopback. Nothing leaves the host; results go to the sinks given (a throwaway queue warms the
 * recording path too), or nowhere.
 * <p>
 * The reflector answers like an authoritative server (answers with authority and additional records, a CNAME chain,
 * NXDOMAIN with an authority record, the query's EDNS record back), so the answer-walking and rcode paths are
 * compiled too: code compiled without them would be thrown away at the real target's first answers.
 * <p>
 * With a settle time the warm-up does not stop at its duration while the JIT is still busy: it goes on, in short
 * shoots each run to its natural end, until the compilers have been quiet for {@link #QUIET_NS} or the settle time is
 * up. It has to keep shooting meanwhile: HotSpot drops a queued compilation whose method stopped running, and it would
 * be queued again, and compiled on the shooter's core, during the real shoot. Measured on the 2-core VM this is
 * developed on (JIT log, {@code bench/precision} at 100k/s with the JVM on one core): C2 compilations in the shoot's
 * first second went from 50 to 90 down to 10 to 15.
 */
public final class Warmup
{
    /** Default rate of the warm-up shoot. */
    public static final long RATE_DEFAULT = 40_000;
    /** Default duration of the warm-up shoot (the least, with a settle time). */
    public static final long DURATION_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(600);
    /** Default settle time: how much longer the warm-up may go on while the JIT compilers are busy. */
    public static final long SETTLE_DEFAULT_NS = TimeUnit.SECONDS.toNanos(3);
    /** The compilers count as quiet after this long with at most {@link #QUIET_COMPILE_MS} of compilation. */
    public static final long QUIET_NS = TimeUnit.MILLISECONDS.toNanos(400);
    /** Compilation time (all compiler threads) allowed within {@link #QUIET_NS} that still counts as quiet. */
    public static final long QUIET_COMPILE_MS = 4;

    /** How often the warm-up's caller runs its {@code whileWaiting}, ms. */
    public static final long POLL_MS = 5;

    /** The name of the warm-up's TLS certificate (.invalid: RFC 2606, never a real server's). */
    static final String TLS_NAME = "warmup.l2.invalid";
    /** The most connections a TLS warm-up makes. */
    static final int TLS_CONNECTIONS_MAX = 8;

    private static final int REFLECTOR_BUFFER_LENGTH = 4 * 1024 * 1024;
    private static final long TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long END_GRACE_MS = 5_000;
    private static final long SEGMENT_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int MAX_LABELS = 128;
    private static final int RESPONSE_KINDS = 10;
    private static final int RCODE_NXDOMAIN = 3;
    private static final int ANSWER_TTL = 300;
    private static final byte[] ADDRESS_RDATA = {127, 0, 0, 1};
    private static final byte[] ADDRESS6_RDATA = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] ALIAS_RDATA = {1, 'a', (byte)POINTER_MASK, HEADER_LENGTH};
    /** mname and rname (both the question's name, compressed), serial, refresh, retry, expire, minimum. */
    private static final byte[] SOA_RDATA = {
        (byte)POINTER_MASK, HEADER_LENGTH, (byte)POINTER_MASK, HEADER_LENGTH,
        0, 0, 0, 1, 0, 0, 14, 16, 0, 0, 2, 88, 0, 1, 81, (byte)128, 0, 0, 1, 44};

    private Warmup()
    {
    }

    /**
     * Runs the warm-up shoot and waits for its end (at most the duration plus a few seconds).
     *
     * @param context    the real shoot's context: its ammo, workers, threads, mode and idle strategy are used.
     * @param rate       queries per second of the warm-up.
     * @param durationNs how long it lasts.
     * @return the number of queries the reflector answered.
     * @throws IOException when the loopback sockets cannot be opened.
     */
    public static long run(final ShooterContext context, final long rate, final long durationNs) throws IOException
    {
        return run(context, rate, durationNs, 0, (t) -> ResultSink.DISCARD, () -> {});
    }

    /**
     * Runs the warm-up shoot, recording into the sinks given, and waits for its end (at most the duration plus a few
     * seconds).
     *
     * @param context     the real shoot's context: its ammo, workers, threads, mode and idle strategy are used.
     * @param rate        queries per second of the warm-up.
     * @param durationNs  how long it lasts.
     * @param sinkFactory a sink per shooter thread for the warm-up's results (not the real shoot's queue).
     * @return the number of queries the reflector answered.
     * @throws IOException when the loopback sockets cannot be opened.
     */
    public static long run(
        final ShooterContext context,
        final long rate,
        final long durationNs,
        final IntFunction<ResultSink> sinkFactory) throws IOException
    {
        return run(context, rate, durationNs, 0, sinkFactory, () -> {});
    }

    /**
     * Runs the warm-up shoot for at least its duration, then on until the JIT compilers are quiet or the settle
     * time is up, recording into the sinks given; waits for its end.
     *
     * @param context     the real shoot's context: its ammo, workers, threads, mode and idle strategy are used.
     * @param rate        queries per second of the warm-up.
     * @param durationNs  the least it lasts.
     * @param settleNs    how much longer it may last while the compilers are busy (0: exactly its duration).
     * @param sinkFactory  a sink per shooter thread for the warm-up's results (not the real shoot's queue).
     * @param whileWaiting run on the calling thread every {@link #POLL_MS} while the warm-up shoots (what the real
     *                     shoot's caller does meanwhile, such as reading the results, so that is compiled too).
     * @return the number of queries the reflector answered.
     * @throws IOException when the loopback sockets cannot be opened.
     */
    public static long run(
        final ShooterContext context,
        final long rate,
        final long durationNs,
        final long settleNs,
        final IntFunction<ResultSink> sinkFactory,
        final Runnable whileWaiting) throws IOException
    {
        if (settleNs < 0)
        {
            throw new IllegalArgumentException("settleNs must be >= 0: " + settleNs);
        }
        if (Transport.TCP == context.transport())
        {
            try (StreamReflector reflector = StreamReflector.start())
            {
                warm(context, reflector.address(), null, rate, durationNs, settleNs, sinkFactory, whileWaiting);
                reflector.close();
                return reflector.reflected();
            }
        }
        if (Transport.UDP != context.transport())
        {
            // TLS's own code too: a certificate made for the warm-up, trusted by the warm-up's client alone
            final SelfSignedTls tls = SelfSignedTls.make(TLS_NAME);
            try (TlsReflector reflector = TlsReflector.start(tls.serverContext(), Transport.DOH == context.transport()))
            {
                warm(context, reflector.address(), tls, rate, durationNs, settleNs, sinkFactory, whileWaiting);
                reflector.close();
                return reflector.reflected();
            }
        }
        final DatagramChannel reflector = DatagramChannel.open();
        final Thread thread;
        final long[] reflected = new long[1];
        try
        {
            // room for a burst of batched queries while this thread is still interpreted: none may be dropped
            reflector.setOption(StandardSocketOptions.SO_RCVBUF, REFLECTOR_BUFFER_LENGTH);
            reflector.setOption(StandardSocketOptions.SO_SNDBUF, REFLECTOR_BUFFER_LENGTH);
            reflector.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(() -> reflect(reflector, reflected), "l2-warmup-reflector");
            thread.setDaemon(true);
            thread.start();
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietClose(reflector);
            throw ex;
        }

        final InetSocketAddress target = (InetSocketAddress)reflector.getLocalAddress();
        try
        {
            warm(context, target, null, rate, durationNs, settleNs, sinkFactory, whileWaiting);
        }
        finally
        {
            CloseHelper.quietClose(reflector);
            join(thread);
        }
        return reflected[0];
    }

    private static void warm(
        final ShooterContext context,
        final InetSocketAddress target,
        final SelfSignedTls tls,
        final long rate,
        final long durationNs,
        final long settleNs,
        final IntFunction<ResultSink> sinkFactory,
        final Runnable whileWaiting) throws IOException
    {
        // the end the caller gave, kept even on a starved host, where a shoot cannot send its queries on time and
        // would run on past it: a fleet's real shoot starts soon after, and a late start is worse than less warm-up
        final long endNs = System.nanoTime() + durationNs + settleNs;
        if (0 == settleNs)
        {
            shoot(context(context, target, tls, sinkFactory, constant(rate, durationNs)), whileWaiting,
                endNs);
        }
        else
        {
            // short shoots run to their natural end, again and again: one stopped from outside would leave the
            // stop in the profile, and code compiled with it thrown away when the real shoot started
            final JitQuiet jit = new JitQuiet();
            final long startNs = System.nanoTime();
            long elapsedNs;
            do
            {
                shoot(context(context, target, tls, sinkFactory, constant(rate, SEGMENT_NS)), whileWaiting,
                    endNs);
                elapsedNs = System.nanoTime() - startNs;
            }
            while (elapsedNs < durationNs ||
                (elapsedNs + SEGMENT_NS <= durationNs + settleNs && !jit.isQuiet(System.nanoTime())));
        }
    }

    /**
     * Shoots the warm-up's profile to its end, running {@code whileWaiting} every {@link #POLL_MS}; stops it when it
     * overruns its end by {@link #END_GRACE_MS} (a reflector that stopped answering), or at the warm-up's end
     * ({@code endNs}, {@link System#nanoTime()}), whichever comes first.
     */
    private static void shoot(final ShooterContext context, final Runnable whileWaiting, final long endNs)
        throws IOException
    {
        try (Shooter shooter = Shooter.launch(context))
        {
            final long naturalDeadlineNs = System.nanoTime() + context.profile().durationNs() +
                TimeUnit.MILLISECONDS.toNanos(END_GRACE_MS);
            final long deadlineNs = endNs - naturalDeadlineNs < 0 ? endNs : naturalDeadlineNs;
            while (!shooter.isDone() && System.nanoTime() - deadlineNs < 0)
            {
                sleep();
                whileWaiting.run();
            }
            shooter.abort();
        }
    }

    /**
     * A new context per shoot (a context fixes its start when first launched): the real shoot's ammo, workers,
     * sockets, I/O, threads, mode, transport and idle strategy, aimed at the reflector; over TLS trusting the
     * reflector's certificate, on at most {@link #TLS_CONNECTIONS_MAX} connections (each a handshake per shoot, and a
     * thread of the reflector's).
     */
    private static ShooterContext context(
        final ShooterContext real,
        final InetSocketAddress target,
        final SelfSignedTls tls,
        final IntFunction<ResultSink> sinkFactory,
        final RateProfile profile)
    {
        final ShooterContext context = new ShooterContext()
            .target(target)
            .transport(real.transport())
            .pipelined(real.pipelined())
            .ammo(real.ammo())
            .ammoOffset(0)
            .profile(profile)
            .workerCount(real.workerCount())
            .socketCount(real.socketCount())
            .ioMode(real.ioMode())
            .threadCount(real.threadCount())
            .sync(real.sync())
            .timeoutNs(TIMEOUT_NS)
            .idleStrategy(real.idleStrategy())
            .socketBufferLength(real.socketBufferLength())
            .threadFactory(real.threadFactory())
            .cpus(real.cpus())
            .sinkFactory(sinkFactory);
        if (null != tls)
        {
            final int sockets = 0 == real.socketCount() ?
                real.threadCount() * ShooterContext.SOCKETS_PER_THREAD_DEFAULT : real.socketCount();
            context
                .tls(tls.clientContext(), tls.name(), true)
                .doh(real.dohPath(), real.dohGet())
                .socketCount(Math.max(real.threadCount(), Math.min(sockets, TLS_CONNECTIONS_MAX)));
        }
        return context;
    }

    private static RateProfile constant(final long rate, final long durationNs)
    {
        return new RateProfileBuilder().constant(rate, durationNs).build();
    }

    private static void reflect(final DatagramChannel channel, final long[] reflected)
    {
        final ByteBuffer query = ByteBuffer.allocateDirect(65536);
        final ByteBuffer answer = ByteBuffer.allocateDirect(65536);
        try
        {
            while (true)
            {
                query.clear();
                final SocketAddress sender = channel.receive(query);
                query.flip();
                if (query.limit() > 2)
                {
                    final ByteBuffer response = answer(query, answer, reflected[0]) ? answer : query;
                    channel.send(response, sender);
                    reflected[0]++;
                }
            }
        }
        catch (final ClosedChannelException ex)
        {
            // closed at the end of the warm-up
        }
        catch (final IOException ex)
        {
            // the warm-up only loses its answers
        }
    }

    /**
     * Writes into {@code answer} what an authoritative server would send for {@code query}: its header (QR, AA set),
     * its question, then one answer record (of the question's type for A and AAAA, a CNAME for any other) and a name
     * server in the authority and additional sections; for every {@link #RESPONSE_KINDS}th query a CNAME and its
     * target instead of the answer (names compressed through two pointers), for the next NXDOMAIN with one SOA
     * authority record; last the query's own additional records (its EDNS OPT record comes back as a server's would).
     * Leaves the query with QR set (the echo) when it is not a one-question query.
     *
     * @return true when {@code answer} holds the response (flipped); false when the query is to be echoed.
     */
    static boolean answer(final ByteBuffer query, final ByteBuffer answer, final long sequence)
    {
        final short queryFlags = query.getShort(FLAGS_OFFSET);
        query.putShort(FLAGS_OFFSET, (short)(queryFlags | QR_FLAG));
        final int questionEnd = questionEnd(query);
        if (questionEnd < 0)
        {
            return false;
        }

        final long kind = sequence % RESPONSE_KINDS;
        final boolean nxdomain = RESPONSE_KINDS - 1 == kind;
        final boolean cname = RESPONSE_KINDS - 2 == kind;
        final int qtype = query.getShort(questionEnd - QUESTION_FIXED_LENGTH) & 0xFFFF;
        answer.clear();
        answer.put(0, query, 0, questionEnd).position(questionEnd);
        // the query's opcode and RD kept; its RA, Z, AD, CD and RCODE bits replaced by the response's
        final int flags = queryFlags & 0xFF00 | QR_FLAG | AA_FLAG | (nxdomain ? RCODE_NXDOMAIN : 0);
        answer.putShort(FLAGS_OFFSET, (short)flags);
        answer.putShort(ANCOUNT_OFFSET, (short)(nxdomain ? 0 : cname ? 2 : 1));
        answer.putShort(NSCOUNT_OFFSET, (short)1);
        answer.putShort(ARCOUNT_OFFSET, (short)((nxdomain ? 0 : 1) + (query.getShort(ARCOUNT_OFFSET) & 0xFFFF)));
        if (nxdomain)
        {
            resourceHeader(answer, HEADER_LENGTH, QTypes.SOA, SOA_RDATA.length);
            answer.put(SOA_RDATA);
        }
        else
        {
            int ownerOffset = HEADER_LENGTH;
            if (cname)
            {
                // qname CNAME a.qname, then a.qname's record: its owner points at the CNAME's data, which points on
                resourceHeader(answer, HEADER_LENGTH, QTypes.CNAME, ALIAS_RDATA.length);
                ownerOffset = answer.position();
                answer.put(ALIAS_RDATA);
            }
            addressOrAlias(answer, ownerOffset, qtype);
            resourceHeader(answer, HEADER_LENGTH, QTypes.NS, ALIAS_RDATA.length);
            final int serverOffset = answer.position();
            answer.put(ALIAS_RDATA);
            addressOrAlias(answer, serverOffset, QTypes.A);
        }
        final int tailLength = query.limit() - questionEnd;
        answer.put(answer.position(), query, questionEnd, tailLength).position(answer.position() + tailLength);
        answer.flip();
        return true;
    }

    /**
     * An A or AAAA record for those types; for any other, a CNAME (a.qname), which answers any type.
     */
    private static void addressOrAlias(final ByteBuffer answer, final int ownerOffset, final int qtype)
    {
        final boolean address = QTypes.A == qtype || QTypes.AAAA == qtype;
        final byte[] rdata = QTypes.A == qtype ? ADDRESS_RDATA : QTypes.AAAA == qtype ? ADDRESS6_RDATA : ALIAS_RDATA;
        resourceHeader(answer, ownerOffset, address ? qtype : QTypes.CNAME, rdata.length);
        answer.put(rdata);
    }

    private static void resourceHeader(
        final ByteBuffer answer, final int ownerOffset, final int type, final int rdLength)
    {
        answer.putShort((short)(POINTER_MASK << 8 | ownerOffset));
        answer.putShort((short)type);
        answer.putShort((short)CLASS_IN);
        answer.putInt(ANSWER_TTL);
        answer.putShort((short)rdLength);
    }

    private static int questionEnd(final ByteBuffer query)
    {
        final int limit = query.limit();
        if (limit < HEADER_LENGTH || 1 != query.getShort(QDCOUNT_OFFSET))
        {
            return -1;
        }
        int position = HEADER_LENGTH;
        for (int labels = 0; labels < MAX_LABELS && position < limit; labels++)
        {
            final int length = query.get(position) & 0xFF;
            if (0 == length)
            {
                final int end = position + 1 + QUESTION_FIXED_LENGTH;
                return end <= limit ? end : -1;
            }
            if (length > MAX_LABEL_LENGTH)
            {
                return -1;
            }
            position += 1 + length;
        }
        return -1;
    }

    /**
     * Whether the JIT compilers are quiet: at most {@link #QUIET_COMPILE_MS} of compilation in the last
     * {@link #QUIET_NS}. Quiet at once when the JVM does not measure compilation time.
     */
    private static final class JitQuiet
    {
        private final CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
        private final boolean measured = null != compilation && compilation.isCompilationTimeMonitoringSupported();
        private long windowStartNs = System.nanoTime();
        private long windowStartMs = measured ? compilation.getTotalCompilationTime() : 0;
        private boolean quiet;

        boolean isQuiet(final long nowNs)
        {
            if (!measured)
            {
                return true;
            }
            if (nowNs - windowStartNs >= QUIET_NS)
            {
                final long compiledMs = compilation.getTotalCompilationTime();
                quiet = compiledMs - windowStartMs <= QUIET_COMPILE_MS;
                windowStartNs = nowNs;
                windowStartMs = compiledMs;
            }
            return quiet;
        }
    }

    private static void sleep()
    {
        try
        {
            Thread.sleep(POLL_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(final Thread thread)
    {
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
