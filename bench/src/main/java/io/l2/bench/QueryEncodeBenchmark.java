package io.l2.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.DnsQueryEncoder;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Query encode, per query: what l2 does at send time (copy the pre-encoded query out of the {@link AmmoTable} into a
 * send buffer and stamp the 16-bit id) against dnsjava's {@code Message.toWire()} on a prebuilt message, and against
 * building the message and encoding it, the way a dnsjava-based generator works. The ammo is {@link BenchData}'s;
 * each call takes the next line and the next id. Thread: one state per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QueryEncodeBenchmark
{
    private static final int QUERY_COUNT = 4096;

    private AmmoTable ammo;
    private UnsafeBuffer sendBuffer;
    private Message[] messages;
    private Record[] questions;
    private int index;
    private int id;

    /**
     * Loads the ammo, sizes the send buffer, and parses every line with dnsjava for the baselines; checks that l2
     * and dnsjava encode the first query to the same bytes.
     *
     * @throws TextParseException never for the generated ammo.
     */
    @Setup
    public void setUp() throws TextParseException
    {
        ammo = BenchData.ammo(BenchData.DEFAULT_HOST_COUNT, QUERY_COUNT);
        sendBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(BitUtil.align(ammo.maxQueryLength(), 64)));
        messages = new Message[ammo.count()];
        questions = new Record[ammo.count()];
        for (int i = 0; i < ammo.count(); i++)
        {
            final String[] nameAndType = ammo.describe(i).split(" ");
            questions[i] = Record.newRecord(Name.fromString(nameAndType[0]), Type.value(nameAndType[1]), DClass.IN);
            messages[i] = Message.newQuery(questions[i]);
        }

        messages[0].getHeader().setID(0);
        final byte[] expected = messages[0].toWire();
        final byte[] actual = new byte[ammo.queryLength(0)];
        ammo.buffer().getBytes(ammo.queryOffset(0), actual);
        if (!Arrays.equals(expected, actual))
        {
            throw new IllegalStateException("l2 and dnsjava encode '" + ammo.describe(0) + "' differently");
        }
    }

    /**
     * Frees the ammo.
     */
    @TearDown
    public void tearDown()
    {
        ammo.close();
    }

    /**
     * l2's send-time encode: copy the query, stamp the id.
     *
     * @return the query's length.
     */
    @Benchmark
    public int l2CopyAndStampId()
    {
        final int i = next();
        ammo.copyQuery(i, sendBuffer, 0);
        DnsQueryEncoder.stampId(sendBuffer, 0, id);
        return ammo.queryLength(i);
    }

    /**
     * Baseline: dnsjava encodes a prebuilt message with a new id.
     *
     * @return the wire bytes.
     */
    @Benchmark
    public byte[] dnsjavaToWire()
    {
        final Message message = messages[next()];
        message.getHeader().setID(id);
        return message.toWire();
    }

    /**
     * Baseline: dnsjava builds the query message from its question record, then encodes it.
     *
     * @return the wire bytes.
     */
    @Benchmark
    public byte[] dnsjavaNewQueryToWire()
    {
        final Message message = Message.newQuery(questions[next()]);
        message.getHeader().setID(id);
        return message.toWire();
    }

    private int next()
    {
        final int i = index;
        index = i + 1 == ammo.count() ? 0 : i + 1;
        id = (id + 1) & 0xFFFF;
        return i;
    }
}
