package io.l2.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.DnsQueryEncoder;
import io.l2.engine.codec.DnsResponseDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One query's round trip over loopback UDP, all on the benchmark thread: encode (copy + id stamp) into the client's
 * send buffer, write on a connected non-blocking {@code DatagramChannel}, one duty cycle of l2's embedded
 * {@code ResponderAgent} (receive, look up, answer), read the answer, decode it and match its question. The
 * shooter's per-query work plus a responder's, with four syscalls and no thread hand-off, so the figure is stable.
 * Thread: one state per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LoopbackRoundTripBenchmark
{
    private static final int QUERY_COUNT = 4096;

    private Path directory;
    private AmmoTable ammo;
    private LoopbackResponder responder;
    private final DnsResponseDecoder decoder = new DnsResponseDecoder();
    private int index;
    private int id;

    /**
     * Loads the ammo and the zone, binds the responder and connects the client.
     *
     * @throws IOException when a socket cannot be opened.
     */
    @Setup
    public void setUp() throws IOException
    {
        directory = BenchData.tempDirectory("l2-bench-loopback");
        ammo = BenchData.ammo(BenchData.DEFAULT_HOST_COUNT, QUERY_COUNT);
        responder = new LoopbackResponder(directory, BenchData.DEFAULT_HOST_COUNT);
    }

    /**
     * Closes the sockets, frees the ammo, deletes the zone file.
     */
    @TearDown
    public void tearDown()
    {
        responder.close();
        ammo.close();
        BenchData.deleteRecursively(directory);
    }

    /**
     * Send one query, answer it, read and check the answer.
     *
     * @return the rcode, or -1 when the answer did not decode or match.
     * @throws IOException on a socket error or a lost datagram.
     */
    @Benchmark
    public int roundTrip() throws IOException
    {
        final int i = index;
        index = i + 1 == ammo.count() ? 0 : i + 1;
        id = (id + 1) & 0xFFFF;

        ammo.copyQuery(i, responder.sendBuffer(), 0);
        DnsQueryEncoder.stampId(responder.sendBuffer(), 0, id);
        responder.send(ammo.queryLength(i));
        responder.respond();
        final int length = responder.receive();

        final int result = decoder.wrap(responder.receiveBuffer(), 0, length);
        final boolean matches = DnsResponseDecoder.OK == result && decoder.isResponse() && id == decoder.id() &&
            decoder.questionMatches(ammo.buffer(), ammo.queryOffset(i), ammo.queryLength(i));
        return matches ? decoder.rcode() : -1;
    }
}
