package io.l2.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.DnsResponseDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Response decode and question match, per response: what l2's shooter does with every datagram it reads
 * ({@link DnsResponseDecoder#wrap} walks the whole message, then {@link DnsResponseDecoder#questionMatches} compares
 * the question with the query sent), against dnsjava parsing the same bytes into a {@code Message}.
 * <p>
 * Two kinds of real response bytes ({@code shape}): {@code responder}, captured from l2's embedded responder over
 * loopback (answer section only, as it answers); {@code full}, built and compressed by dnsjava the way BIND or NSD
 * answer by default (answer, authority NS, additional glue, an OPT record; NXDOMAIN with the SOA). The responses sit
 * back to back in one off-heap buffer, like datagrams read into a receive buffer. Thread: one state per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResponseDecodeBenchmark
{
    private static final int QUERY_COUNT = 4096;

    /** Which response bytes: {@code responder} or {@code full}. */
    @Param({ "responder", "full" })
    public String shape;

    private AmmoTable ammo;
    private UnsafeBuffer responses;
    private int[] responseOffsets;
    private int[] responseLengths;
    private byte[][] responseArrays;
    private final DnsResponseDecoder decoder = new DnsResponseDecoder();
    private int index;

    /**
     * Builds or captures one response per ammo line and checks that every one decodes and matches its query.
     *
     * @throws IOException when the loopback responder fails.
     */
    @Setup
    public void setUp() throws IOException
    {
        ammo = BenchData.ammo(BenchData.DEFAULT_HOST_COUNT, QUERY_COUNT);
        responseArrays = new byte[ammo.count()][];
        if ("responder".equals(shape))
        {
            final Path directory = BenchData.tempDirectory("l2-bench-decode");
            try (LoopbackResponder responder = new LoopbackResponder(directory, BenchData.DEFAULT_HOST_COUNT))
            {
                for (int i = 0; i < ammo.count(); i++)
                {
                    responseArrays[i] = responder.exchange(ammo.buffer(), ammo.queryOffset(i), ammo.queryLength(i));
                }
            }
            finally
            {
                BenchData.deleteRecursively(directory);
            }
        }
        else if ("full".equals(shape))
        {
            for (int i = 0; i < ammo.count(); i++)
            {
                final byte[] query = new byte[ammo.queryLength(i)];
                ammo.buffer().getBytes(ammo.queryOffset(i), query);
                responseArrays[i] = fullResponse(new Message(query));
            }
        }
        else
        {
            throw new IllegalArgumentException("unknown shape '" + shape + "' (responder, full)");
        }

        int total = 0;
        for (final byte[] response : responseArrays)
        {
            total += response.length;
        }
        responses = new UnsafeBuffer(ByteBuffer.allocateDirect(total));
        responseOffsets = new int[ammo.count()];
        responseLengths = new int[ammo.count()];
        int offset = 0;
        for (int i = 0; i < ammo.count(); i++)
        {
            responses.putBytes(offset, responseArrays[i]);
            responseOffsets[i] = offset;
            responseLengths[i] = responseArrays[i].length;
            offset += responseArrays[i].length;
            if (decodeAndMatch(i) < 0)
            {
                throw new IllegalStateException("response " + i + " (" + ammo.describe(i) + ") does not decode: " +
                    DnsResponseDecoder.reasonName(decoder.result()));
            }
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
     * l2: decode in place and match the question against the query sent.
     *
     * @return the rcode, or -1 when the response is malformed or does not match.
     */
    @Benchmark
    public int decodeAndMatch()
    {
        return decodeAndMatch(next());
    }

    /**
     * Baseline: dnsjava parses the same bytes.
     *
     * @return the parsed message.
     * @throws IOException never for these responses.
     */
    @Benchmark
    public Message dnsjavaParse() throws IOException
    {
        return new Message(responseArrays[next()]);
    }

    private int decodeAndMatch(final int i)
    {
        final int result = decoder.wrap(responses, responseOffsets[i], responseLengths[i]);
        final boolean matches = DnsResponseDecoder.OK == result && decoder.isResponse() &&
            decoder.questionMatches(ammo.buffer(), ammo.queryOffset(i), ammo.queryLength(i));
        return matches ? decoder.rcode() : -1;
    }

    private int next()
    {
        final int i = index;
        index = i + 1 == ammo.count() ? 0 : i + 1;
        return i;
    }

    private static byte[] fullResponse(final Message query) throws IOException
    {
        final Record question = query.getQuestion();
        final Name name = question.getName();
        final Name origin = Name.fromString(BenchData.ORIGIN);
        final Name ns1 = Name.fromString("ns1", origin);
        final Name ns2 = Name.fromString("ns2", origin);
        final Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.getHeader().setFlag(Flags.RD);
        response.addRecord(question, Section.QUESTION);
        if ('x' == name.getLabelString(0).charAt(0))
        {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            response.addRecord(new SOARecord(origin, DClass.IN, 300, ns1, Name.fromString("hostmaster", origin),
                2026112501, 3600, 600, 86400, 300), Section.AUTHORITY);
        }
        else
        {
            if (Type.AAAA == question.getType())
            {
                response.addRecord(new AAAARecord(name, DClass.IN, 300,
                    InetAddress.getByName("2001:db8::1")), Section.ANSWER);
            }
            else
            {
                response.addRecord(new ARecord(name, DClass.IN, 300,
                    InetAddress.getByName("10.0.0.1")), Section.ANSWER);
            }
            response.addRecord(new NSRecord(origin, DClass.IN, 300, ns1), Section.AUTHORITY);
            response.addRecord(new NSRecord(origin, DClass.IN, 300, ns2), Section.AUTHORITY);
            response.addRecord(new ARecord(ns1, DClass.IN, 300, InetAddress.getByName("192.0.2.1")),
                Section.ADDITIONAL);
            response.addRecord(new ARecord(ns2, DClass.IN, 300, InetAddress.getByName("192.0.2.2")),
                Section.ADDITIONAL);
        }
        response.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        return response.toWire();
    }
}
