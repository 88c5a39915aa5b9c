package io.l2.engine.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares what {@link DnsResponseDecoder} reads with what dnsjava reads from the same bytes.
 */
final class DnsjavaOracle
{
    private DnsjavaOracle()
    {
    }

    static Message parse(final byte[] wire)
    {
        try
        {
            return new Message(wire);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("dnsjava cannot parse the response", ex);
        }
    }

    /**
     * Wraps {@code wire} (copied to a non-zero offset of a larger buffer) and asserts every header field agrees.
     */
    static DnsResponseDecoder assertDecodesLikeDnsjava(final DnsResponseDecoder decoder, final byte[] wire)
    {
        final Message message = parse(wire);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[wire.length + 10]);
        buffer.putBytes(5, wire);
        assertEquals(DnsResponseDecoder.OK, decoder.wrap(buffer, 5, wire.length),
            () -> "decoder says " + DnsResponseDecoder.reasonName(decoder.result()));

        final Header header = message.getHeader();
        assertEquals(header.getID(), decoder.id(), "id");
        assertEquals(header.getFlag(Flags.QR), decoder.isResponse(), "QR");
        assertEquals(header.getOpcode(), decoder.opcode(), "opcode");
        assertEquals(message.getRcode(), decoder.rcode(), "rcode");
        assertEquals(header.getFlag(Flags.TC), decoder.isTruncated(), "TC");
        assertEquals(header.getFlag(Flags.AA), decoder.isAuthoritative(), "AA");
        assertEquals(header.getFlag(Flags.RA), decoder.isRecursionAvailable(), "RA");
        assertEquals(header.getCount(Section.QUESTION), decoder.questionCount(), "QDCOUNT");
        assertEquals(header.getCount(Section.ANSWER), decoder.answerCount(), "ANCOUNT");
        assertEquals(header.getCount(Section.AUTHORITY), decoder.authorityCount(), "NSCOUNT");
        assertEquals(header.getCount(Section.ADDITIONAL), decoder.additionalCount(), "ARCOUNT");
        final OPTRecord opt = message.getOPT();
        assertEquals(null != opt, decoder.hasOpt(), "OPT present");
        assertEquals(null == opt ? 0 : opt.getPayloadSize(), decoder.ednsUdpSize(), "EDNS UDP size");
        assertEquals(null == opt ? 0 : opt.getVersion(), decoder.ednsVersion(), "EDNS version");
        assertEquals(null != opt && 0 != (opt.getFlags() & ExtendedFlags.DO), decoder.isDnssecOk(), "DO");
        assertEquals(RcodeNames.rcodeName(message.getRcode()), RcodeNames.rcodeName(decoder.rcode()));
        return decoder;
    }
}
