package io.l2.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

import io.l2.engine.shoot.SelfSignedTls;
import io.l2.engine.shoot.TlsContexts;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DNS over TLS per query, in memory: what the JDK's {@link SSLEngine} costs a DoT client (l2's TlsStreamIo) for each
 * query, without sockets. A client engine (l2's {@link TlsContexts#trustingAll()} context, as {@code insecure: true})
 * and a server engine (a self-signed EC P-256 certificate made in memory by l2's {@link SelfSignedTls}) complete a
 * handshake once (TLS 1.3 by both JDK defaults); then each invocation wraps {@code batch} two-byte-framed queries
 * (a 35-byte A query; 37 bytes framed) into one record on the client, unwraps it on the server, wraps as many framed
 * answers (51 bytes; 53 framed) into one record there and unwraps that on the client: one round trip of DoT records.
 * The methods are per batch size ({@code batch1}: a record per query each way, as against a server that answers
 * each query on its own, which unbound does; {@code batch16}, {@code batch64}: a duty cycle's due queries in one
 * record each way), each normalised per query ({@link OperationsPerInvocation}), so ns/op and {@code -prof gc}'s
 * B/op are per query, both sides together.
 * <p>
 * {@code buffers}: {@code direct} (the records and the DNS bytes in direct buffers, as TlsStreamIo has them),
 * {@code heap-net} (records in heap buffers, the DNS bytes direct), {@code heap} (all heap). The client's own
 * allocation is counted apart ({@link ClientAllocation}: the thread's allocated bytes read around the client's wrap
 * and unwrap only, with {@code com.sun.management.ThreadMXBean}), so B per query of the client alone =
 * {@code clientBytes ÷ queries}; the four reads per invocation add ~50 ns to each op (the JVM's counter read).
 * Thread: one state per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TlsRecordBenchmark
{
    private static final int MAX_BATCH = 64;

    /** Where the DNS bytes and the records live. */
    @Param({ "direct", "heap-net", "heap" })
    public String buffers;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private SSLEngine client;
    private SSLEngine server;
    private ByteBuffer clientOut;
    private ByteBuffer clientIn;
    private ByteBuffer serverOut;
    private ByteBuffer serverIn;
    private ByteBuffer toServer;
    private ByteBuffer toClient;
    private int queryLength;
    private int answerLength;

    /**
     * The client's allocation and the queries it sent in the iteration.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class ClientAllocation
    {
        /** Bytes the thread allocated inside the client's wrap and unwrap calls. */
        public long clientBytes;
        /** Queries that went through. */
        public long queries;

        /**
         * Starts each iteration from zero.
         */
        @Setup(Level.Iteration)
        public void reset()
        {
            clientBytes = 0;
            queries = 0;
        }
    }

    /**
     * Makes the certificate, the two engines and their buffers, fills the batches and completes the handshake.
     *
     * @throws Exception when TLS fails.
     */
    @Setup
    public void setUp() throws Exception
    {
        final boolean directNet = "direct".equals(buffers);
        final boolean directApp = !"heap".equals(buffers);
        if (!directNet && !"heap-net".equals(buffers) && directApp)
        {
            throw new IllegalArgumentException("buffers: direct, heap-net or heap, not " + buffers);
        }
        client = TlsContexts.trustingAll().createSSLEngine("dot.bench.test", 853);
        client.setUseClientMode(true);
        server = SelfSignedTls.make("dot.bench.test").serverContext().createSSLEngine();
        server.setUseClientMode(false);

        final byte[] query = framed(queryWire());
        final byte[] answer = framed(answerWire());
        queryLength = query.length;
        answerLength = answer.length;
        clientOut = allocate(directApp, MAX_BATCH * queryLength);
        serverOut = allocate(directApp, MAX_BATCH * answerLength);
        for (int i = 0; i < MAX_BATCH; i++)
        {
            clientOut.put(query);
            serverOut.put(answer);
        }
        clientIn = allocate(directApp, client.getSession().getApplicationBufferSize());
        serverIn = allocate(directApp, server.getSession().getApplicationBufferSize());
        toServer = allocate(directNet, client.getSession().getPacketBufferSize());
        toClient = allocate(directNet, server.getSession().getPacketBufferSize());
        handshake();
        final int bytes = roundTrip(MAX_BATCH, null);
        if (bytes != MAX_BATCH * answerLength)
        {
            throw new IllegalStateException("the client got " + bytes + " bytes back, not " +
                MAX_BATCH * answerLength);
        }
        System.err.println("TlsRecordBenchmark: " + client.getSession().getProtocol() + " " +
            client.getSession().getCipherSuite() + ", query " + queryLength + " B framed, answer " + answerLength +
            " B framed, buffers " + buffers);
    }

    /**
     * Closes the engines.
     */
    @TearDown
    public void tearDown()
    {
        client.closeOutbound();
        server.closeOutbound();
    }

    /**
     * One query each way, a record each.
     *
     * @param allocation the client's allocation counter.
     * @return the answer bytes the client unwrapped.
     * @throws SSLException never on this path.
     */
    @Benchmark
    public int batch1(final ClientAllocation allocation) throws SSLException
    {
        return roundTrip(1, allocation);
    }

    /**
     * 16 queries in one record, 16 answers in one record.
     *
     * @param allocation the client's allocation counter.
     * @return the answer bytes the client unwrapped.
     * @throws SSLException never on this path.
     */
    @Benchmark
    @OperationsPerInvocation(16)
    public int batch16(final ClientAllocation allocation) throws SSLException
    {
        return roundTrip(16, allocation);
    }

    /**
     * 64 queries in one record, 64 answers in one record.
     *
     * @param allocation the client's allocation counter.
     * @return the answer bytes the client unwrapped.
     * @throws SSLException never on this path.
     */
    @Benchmark
    @OperationsPerInvocation(MAX_BATCH)
    public int batch64(final ClientAllocation allocation) throws SSLException
    {
        return roundTrip(MAX_BATCH, allocation);
    }

    private int roundTrip(final int batch, final ClientAllocation allocation) throws SSLException
    {
        clientOut.limit(batch * queryLength).position(0);
        toServer.clear();
        long before = threads.getCurrentThreadAllocatedBytes();
        check(client.wrap(clientOut, toServer));
        long clientBytes = threads.getCurrentThreadAllocatedBytes() - before;
        toServer.flip();
        serverIn.clear();
        while (toServer.hasRemaining())
        {
            check(server.unwrap(toServer, serverIn));
        }

        serverOut.limit(batch * answerLength).position(0);
        toClient.clear();
        check(server.wrap(serverOut, toClient));
        toClient.flip();
        clientIn.clear();
        before = threads.getCurrentThreadAllocatedBytes();
        while (toClient.hasRemaining())
        {
            check(client.unwrap(toClient, clientIn));
        }
        clientBytes += threads.getCurrentThreadAllocatedBytes() - before;
        if (null != allocation)
        {
            allocation.clientBytes += clientBytes;
            allocation.queries += batch;
        }
        return clientIn.position();
    }

    private static void check(final SSLEngineResult result) throws SSLException
    {
        if (SSLEngineResult.Status.OK != result.getStatus() || 0 == result.bytesConsumed())
        {
            throw new SSLException("TLS: " + result);
        }
    }

    private void handshake() throws SSLException
    {
        client.beginHandshake();
        server.beginHandshake();
        toServer.clear();
        toClient.clear();
        final ByteBuffer sink = ByteBuffer.allocate(Math.max(client.getSession().getApplicationBufferSize(),
            server.getSession().getApplicationBufferSize()));
        for (int step = 0; step < 1000; step++)
        {
            if (done(client) && done(server) && 0 == toServer.position() && 0 == toClient.position())
            {
                return;
            }
            step(client, toServer, toClient, sink);
            step(server, toClient, toServer, sink);
        }
        throw new IllegalStateException("the handshake did not finish: client " + client.getHandshakeStatus() +
            ", server " + server.getHandshakeStatus());
    }

    private static boolean done(final SSLEngine engine)
    {
        return SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING == engine.getHandshakeStatus();
    }

    /**
     * One move of one side: wrap what it has to send into {@code out} (write mode), unwrap what waits in {@code in}
     * (write mode: flipped, read, compacted), or run its tasks.
     */
    private static void step(final SSLEngine engine, final ByteBuffer out, final ByteBuffer in, final ByteBuffer sink)
        throws SSLException
    {
        switch (engine.getHandshakeStatus())
        {
            case NEED_WRAP:
                engine.wrap(ByteBuffer.allocate(0), out);
                break;
            case NEED_TASK:
                runTasks(engine);
                break;
            default:
                // NEED_UNWRAP, or done with post-handshake messages (a session ticket) to read
                if (0 < in.position())
                {
                    in.flip();
                    sink.clear();
                    engine.unwrap(in, sink);
                    in.compact();
                }
                break;
        }
    }

    private static void runTasks(final SSLEngine engine)
    {
        Runnable task;
        while (null != (task = engine.getDelegatedTask()))
        {
            task.run();
        }
    }

    private static ByteBuffer allocate(final boolean direct, final int length)
    {
        return direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
    }

    private static byte[] framed(final byte[] message)
    {
        final byte[] framed = new byte[message.length + 2];
        framed[0] = (byte)(message.length >>> 8);
        framed[1] = (byte)message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        return framed;
    }

    private static byte[] queryWire() throws IOException
    {
        final Message query = Message.newQuery(Record.newRecord(Name.fromString("h04242.bench.test."), Type.A,
            DClass.IN));
        query.getHeader().setID(4242);
        return query.toWire();
    }

    private static byte[] answerWire() throws IOException
    {
        final Message answer = new Message(4242);
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setFlag(Flags.AA);
        final Name name = Name.fromString("h04242.bench.test.");
        answer.addRecord(Record.newRecord(name, Type.A, DClass.IN), Section.QUESTION);
        answer.addRecord(new ARecord(name, DClass.IN, 300, InetAddress.getByAddress(
            new byte[]{ (byte)192, 0, 2, 42 })), Section.ANSWER);
        return answer.toWire();
    }
}
