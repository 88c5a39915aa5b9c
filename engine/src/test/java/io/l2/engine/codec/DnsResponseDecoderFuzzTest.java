package io.l2.engine.codec;

import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.l2.engine.record.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@link DnsResponseDecoder} (Jazzer): any bytes, as a response.
 * <p>
 * Beyond "never throws", for every input: (1) decoding from an exactly sized, bounds-checked buffer succeeds, so the
 * decoder never reads past the length it is given; (2) the same bytes at an offset, between poison bytes, decode to
 * the same result and fields, so nothing outside {@code [offset, offset + length)} is looked at; (3) {@code wrap} and
 * {@code questionMatches} allocate nothing; (4) a well-formed response whose single question is written in place
 * matches the query made of that question (in any letter case), and never matches a query of another type.
 * <p>
 * In the normal build the fuzz execution of surefire runs it for {@code maxDuration} (fuzzing mode, JAZZER_FUZZ=1)
 * or over its seeds only (regression mode); {@code bench/fuzz} runs it for longer.
 */
class DnsResponseDecoderFuzzTest
{
    private static final byte POISON = (byte)0xC0;

    private final DnsResponseDecoder exact = new DnsResponseDecoder();
    private final DnsResponseDecoder placed = new DnsResponseDecoder();
    private boolean warmedUp;

    @FuzzTest(maxDuration = "3s")
    void fuzzDecode(final FuzzedDataProvider data)
    {
        if (!warmedUp)
        {
            warmUp();
        }
        final int prefixLength = data.consumeInt(0, 9);
        final boolean upperCaseQuery = data.consumeBoolean();
        final byte[] message = data.consumeRemainingAsBytes();
        final int length = message.length;

        final UnsafeBuffer exactBuffer = new UnsafeBuffer(message.clone());
        final byte[] padded = new byte[prefixLength + length + 16];
        Arrays.fill(padded, POISON);
        System.arraycopy(message, 0, padded, prefixLength, length);
        final UnsafeBuffer paddedBuffer = new UnsafeBuffer(padded);

        final int[] results = new int[2];
        final long allocatedLength = steadyAllocatedBytes(() ->
        {
            results[0] = exact.wrap(exactBuffer, 0, length);
            results[1] = placed.wrap(paddedBuffer, prefixLength, length);
        });
        assertEquals(0, allocatedLength, "wrap allocated");
        assertEquals(results[0], results[1], "the bytes around the message changed the result");
        assertTrue(results[0] <= DnsResponseDecoder.OK && !"UNKNOWN".equals(DnsResponseDecoder.reasonName(results[0])));
        assertSameFields(exact, placed);
        assertEquals(length, exact.length());

        final byte[] query = inPlaceQuestionAsQuery(message, upperCaseQuery);
        if (null != query)
        {
            final UnsafeBuffer queryBuffer = new UnsafeBuffer(query);
            final boolean[] matches = new boolean[3];
            final long matchAllocatedLength = steadyAllocatedBytes(() ->
            {
                matches[0] = exact.questionMatches(queryBuffer, 0, query.length);
                matches[1] = placed.questionMatches(queryBuffer, 0, query.length);
            });
            assertEquals(0, matchAllocatedLength, "questionMatches allocated");
            assertEquals(matches[0], matches[1]);
            if (DnsResponseDecoder.OK == results[0] && 1 == exact.questionCount())
            {
                assertTrue(matches[0], "a response must match the query its question was made from");
                query[query.length - 3] ^= 1;
                assertTrue(!exact.questionMatches(queryBuffer, 0, query.length), "matched another qtype");
            }
        }
    }

    /**
     * Bytes the work allocates once warm: the least of three runs. The first run of a path may allocate without the
     * decoder asking (a deoptimisation rematerialises the harness's scalar-replaced objects); an allocation of the
     * decoder's own happens on every run.
     */
    private static long steadyAllocatedBytes(final Runnable work)
    {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3 && least > 0; i++)
        {
            least = Math.min(least, AllocationMeter.allocatedBytes(work));
        }
        return least;
    }

    /**
     * Loads and links what the checks use (the meter, its lambdas, the decoder's paths), so that the first input's
     * measurement sees the decoder's allocation only.
     */
    private void warmUp()
    {
        AllocationMeter.assumeSupported();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final boolean[] matches = new boolean[1];
        for (int i = 0; i < 3; i++)
        {
            AllocationMeter.allocatedBytes(() ->
            {
                exact.wrap(buffer, 0, 64);
                placed.wrap(buffer, 0, 3);
            });
            AllocationMeter.allocatedBytes(() -> matches[0] = exact.questionMatches(buffer, 0, 64));
        }
        warmedUp = true;
    }

    private static void assertSameFields(final DnsResponseDecoder a, final DnsResponseDecoder b)
    {
        assertEquals(a.hasHeader(), b.hasHeader());
        assertEquals(a.id(), b.id());
        assertEquals(a.flags(), b.flags());
        assertEquals(a.questionCount(), b.questionCount());
        assertEquals(a.answerCount(), b.answerCount());
        assertEquals(a.authorityCount(), b.authorityCount());
        assertEquals(a.additionalCount(), b.additionalCount());
        assertEquals(a.hasOpt(), b.hasOpt());
        assertEquals(a.rcode(), b.rcode());
        assertEquals(a.ednsUdpSize(), b.ednsUdpSize());
        assertEquals(a.ednsVersion(), b.ednsVersion());
        assertEquals(a.isDnssecOk(), b.isDnssecOk());
    }

    /**
     * The query a response with its first question written in place (no pointer) answers: header with QR clear and
     * QDCOUNT 1, that question; null when the message has no such question.
     */
    private static byte[] inPlaceQuestionAsQuery(final byte[] message, final boolean upperCase)
    {
        if (message.length < DnsDescriptor.HEADER_LENGTH)
        {
            return null;
        }
        int position = DnsDescriptor.HEADER_LENGTH;
        while (position < message.length)
        {
            final int labelLength = message[position] & 0xFF;
            if (0 == labelLength)
            {
                break;
            }
            if (labelLength > DnsDescriptor.MAX_LABEL_LENGTH)
            {
                return null;
            }
            position += labelLength + 1;
        }
        final int end = position + 1 + DnsDescriptor.QUESTION_FIXED_LENGTH;
        if (end > message.length)
        {
            return null;
        }
        final byte[] query = Arrays.copyOf(message, end);
        query[DnsDescriptor.FLAGS_OFFSET] &= 0x7F;
        query[DnsDescriptor.QDCOUNT_OFFSET] = 0;
        query[DnsDescriptor.QDCOUNT_OFFSET + 1] = 1;
        Arrays.fill(query, DnsDescriptor.ANCOUNT_OFFSET, DnsDescriptor.HEADER_LENGTH, (byte)0);
        if (upperCase)
        {
            for (int i = DnsDescriptor.HEADER_LENGTH; i < position; i++)
            {
                if (query[i] >= 'a' && query[i] <= 'z')
                {
                    query[i] -= 'a' - 'A';
                }
            }
        }
        return query;
    }
}
