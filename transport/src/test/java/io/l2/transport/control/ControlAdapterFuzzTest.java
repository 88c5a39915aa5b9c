package io.l2.transport.control;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codec.ControlMessageValidator;
import io.l2.transport.codec.ControlMessages;
import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.MessageHeaderEncoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.codecs.SecondAggregateDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@link ControlAdapter#onMessage} and of {@link ControlMessageValidator}, in front of the
 * generated decoders: any bytes as a control message, optionally behind a valid header (schema, version and a template id from the fuzzer), and given
 * with a length that may claim more bytes than the buffer holds.
 * <p>
 * Properties: nothing throws; a message is either handed to the listener (the result is its length) or counted and
 * dropped with a known negative code (malformed or unknown template), exactly once; the same bytes decode the same
 * at an offset between poison bytes as in an exactly sized, bounds-checked buffer (nothing outside the message is
 * read); a message handed to the listener can have every field read in schema order and {@code toString} called on
 * it, and the generated decoder then ends exactly at the message's end; the validator alone answers as the adapter
 * does; decoding allocates nothing.
 */
class ControlAdapterFuzzTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final byte POISON = (byte)0xFF;

    private final NoOpListener noOp = new NoOpListener();
    private final ControlAdapter quietAdapter = new ControlAdapter(noOp);
    private final ReadingListener reader = new ReadingListener();
    private final ControlAdapter readingAdapter = new ControlAdapter(reader);
    private boolean warmedUp;

    @FuzzTest(maxDuration = "3s")
    void fuzzOnMessage(final FuzzedDataProvider data)
    {
        if (!warmedUp)
        {
            warmUp();
        }
        final boolean validHeader = data.consumeBoolean();
        final int templateId = data.consumeInt(0, 9);
        final int blockLength = data.consumeBoolean() ? -1 : data.consumeInt(0, 0xFFFF);
        final int overclaimLength = data.consumeBoolean() ? data.consumeInt(1, 64) : 0;
        final int prefixLength = data.consumeInt(0, 7);
        final byte[] message = data.consumeRemainingAsBytes();
        if (validHeader && message.length >= ControlCodec.HEADER_LENGTH)
        {
            final MessageHeaderEncoder header = ControlMessages.header(new UnsafeBuffer(message), 0);
            header.schemaId(ControlCodec.SCHEMA_ID).version(ControlCodec.SCHEMA_VERSION).templateId(templateId);
            if (blockLength >= 0)
            {
                header.blockLength(blockLength);
            }
        }
        final int length = message.length;

        final UnsafeBuffer exact = new UnsafeBuffer(message.clone());
        final long messagesBefore = quietAdapter.messageCount();
        final long droppedBefore = quietAdapter.malformedCount() + quietAdapter.unknownTemplateCount();
        final int[] result = new int[1];
        final long allocatedLength = steadyAllocatedBytes(() -> result[0] = quietAdapter.onMessage(exact, 0, length));
        assertEquals(0, allocatedLength, "onMessage allocated");
        final long messages = quietAdapter.messageCount() - messagesBefore;
        final long dropped = quietAdapter.malformedCount() + quietAdapter.unknownTemplateCount() - droppedBefore;
        if (result[0] >= 0)
        {
            assertEquals(length, result[0]);
            assertTrue(messages > 0 && 0 == dropped);
        }
        else
        {
            assertTrue(result[0] >= ControlCodec.TRAILING_BYTES, "unknown code " + result[0]);
            assertTrue(0 == messages && dropped > 0);
            assertEquals(result[0], quietAdapter.lastErrorCode());
        }

        final byte[] padded = new byte[prefixLength + length + 8];
        Arrays.fill(padded, POISON);
        System.arraycopy(message, 0, padded, prefixLength, length);
        final int readingCountBefore = reader.count;
        assertEquals(result[0], readingAdapter.onMessage(new UnsafeBuffer(padded), prefixLength, length),
            "the bytes around the message changed the result");
        assertEquals(result[0] >= 0 ? 1 : 0, reader.count - readingCountBefore);
        reader.messages.clear();

        final int validated = ControlMessageValidator.validate(exact, 0, length);
        assertEquals(ControlCodec.WRONG_TEMPLATE == result[0] ? ControlCodec.WRONG_TEMPLATE : result[0], validated,
            "the adapter and the validator disagree");
        if (validated >= 0)
        {
            assertEquals(length, ControlMessages.decodedLength(exact, 0), "the decoder read past what was validated");
        }

        if (overclaimLength > 0)
        {
            final int claimed = length + overclaimLength;
            assertEquals(ControlCodec.TRUNCATED, quietAdapter.onMessage(exact, 0, claimed),
                "a length past the buffer's end must read as truncated");
            assertEquals(ControlCodec.TRUNCATED, ControlMessageValidator.validate(exact, 0, claimed));
        }
    }

    private static long steadyAllocatedBytes(final Runnable work)
    {
        long least = Long.MAX_VALUE;
        final long threadId = Thread.currentThread().getId();
        for (int i = 0; i < 3 && least > 0; i++)
        {
            final long before = THREADS.getThreadAllocatedBytes(threadId);
            work.run();
            least = Math.min(least, THREADS.getThreadAllocatedBytes(threadId) - before);
        }
        return least;
    }

    private void warmUp()
    {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (int i = 0; i < 3; i++)
        {
            steadyAllocatedBytes(() -> quietAdapter.onMessage(buffer, 0, 64));
        }
        warmedUp = true;
    }

    /**
     * Takes every message without looking at it: what the adapter costs alone.
     */
    private static final class NoOpListener implements ControlListener
    {
        public void onHello(final HelloDecoder hello)
        {
        }

        public void onFire(final FireDecoder fire)
        {
        }

        public void onAck(final AckDecoder ack)
        {
        }

        public void onRefuse(final RefuseDecoder refuse)
        {
        }

        public void onSecondAggregate(final SecondAggregateDecoder aggregate)
        {
        }

        public void onEnd(final EndDecoder end)
        {
        }

        public void onAbort(final AbortDecoder abort)
        {
        }

        public void onLease(final LeaseDecoder lease)
        {
        }
    }

    /**
     * Reads every field of every message it is given (through {@link CapturingListener}) and its {@code toString}.
     */
    private static final class ReadingListener implements ControlListener
    {
        private final CapturingListener capturing = new CapturingListener();
        private final java.util.List<String> messages = capturing.messages;
        private int count;

        public void onHello(final HelloDecoder hello)
        {
            capturing.onHello(hello);
            read(hello);
        }

        public void onFire(final FireDecoder fire)
        {
            capturing.onFire(fire);
            read(fire);
        }

        public void onAck(final AckDecoder ack)
        {
            capturing.onAck(ack);
            read(ack);
        }

        public void onRefuse(final RefuseDecoder refuse)
        {
            capturing.onRefuse(refuse);
            read(refuse);
        }

        public void onSecondAggregate(final SecondAggregateDecoder aggregate)
        {
            capturing.onSecondAggregate(aggregate);
            read(aggregate);
        }

        public void onEnd(final EndDecoder end)
        {
            capturing.onEnd(end);
            read(end);
        }

        public void onAbort(final AbortDecoder abort)
        {
            capturing.onAbort(abort);
            read(abort);
        }

        public void onLease(final LeaseDecoder lease)
        {
            capturing.onLease(lease);
            read(lease);
        }

        private void read(final Object message)
        {
            assertTrue(message.toString().length() > 0);
            count++;
        }
    }
}
