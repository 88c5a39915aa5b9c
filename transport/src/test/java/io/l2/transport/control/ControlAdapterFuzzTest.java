package io.l2.transport.control;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.l2.transport.codec.AbortFlyweight;
import io.l2.transport.codec.AckFlyweight;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codec.ControlMessageFlyweight;
import io.l2.transport.codec.EndFlyweight;
import io.l2.transport.codec.FireFlyweight;
import io.l2.transport.codec.HelloFlyweight;
import io.l2.transport.codec.LeaseFlyweight;
import io.l2.transport.codec.MessageHeaderFlyweight;
import io.l2.transport.codec.RefuseFlyweight;
import io.l2.transport.codec.SecondAggregateFlyweight;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@link ControlAdapter#onMessage} and of every flyweight's {@code decode}: any bytes as a
 * control message, optionally behind a valid header (schema, version and a template id from the fuzzer), and given
 * with a length that may claim more bytes than the buffer holds.
 * <p>
 * Properties: nothing throws; a message is either handed to the listener (the result is its length) or counted and
 * dropped with a known negative code (malformed or unknown template), exactly once; the same bytes decode the same
 * at an offset between poison bytes as in an exactly sized, bounds-checked buffer (nothing outside the message is
 * read); a message handed to the listener can have every getter and {@code toString} called on it; at most one
 * flyweight accepts a message, the one the adapter chose; decoding allocates nothing.
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
    private final ControlMessageFlyweight[] flyweights =
    {
        new HelloFlyweight(), new FireFlyweight(), new AckFlyweight(), new RefuseFlyweight(),
        new SecondAggregateFlyweight(), new EndFlyweight(), new AbortFlyweight(), new LeaseFlyweight(),
    };
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
        if (validHeader && message.length >= MessageHeaderFlyweight.ENCODED_LENGTH)
        {
            final MessageHeaderFlyweight header = new MessageHeaderFlyweight().wrap(new UnsafeBuffer(message), 0);
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

        int accepted = 0;
        for (final ControlMessageFlyweight flyweight : flyweights)
        {
            final int decoded = flyweight.decode(exact, 0, length);
            if (decoded >= 0)
            {
                accepted++;
                assertEquals(result[0], decoded, "the adapter and the flyweight disagree");
            }
        }
        assertEquals(result[0] >= 0 ? 1 : 0, accepted);

        if (overclaimLength > 0)
        {
            final int claimed = length + overclaimLength;
            assertEquals(ControlCodec.TRUNCATED, quietAdapter.onMessage(exact, 0, claimed),
                "a length past the buffer's end must read as truncated");
            for (final ControlMessageFlyweight flyweight : flyweights)
            {
                assertEquals(ControlCodec.TRUNCATED, flyweight.decode(exact, 0, claimed));
            }
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
        public void onHello(final HelloFlyweight hello)
        {
        }

        public void onFire(final FireFlyweight fire)
        {
        }

        public void onAck(final AckFlyweight ack)
        {
        }

        public void onRefuse(final RefuseFlyweight refuse)
        {
        }

        public void onSecondAggregate(final SecondAggregateFlyweight aggregate)
        {
        }

        public void onEnd(final EndFlyweight end)
        {
        }

        public void onAbort(final AbortFlyweight abort)
        {
        }

        public void onLease(final LeaseFlyweight lease)
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

        public void onHello(final HelloFlyweight hello)
        {
            capturing.onHello(hello);
            read(hello);
        }

        public void onFire(final FireFlyweight fire)
        {
            capturing.onFire(fire);
            read(fire);
        }

        public void onAck(final AckFlyweight ack)
        {
            capturing.onAck(ack);
            read(ack);
        }

        public void onRefuse(final RefuseFlyweight refuse)
        {
            capturing.onRefuse(refuse);
            read(refuse);
        }

        public void onSecondAggregate(final SecondAggregateFlyweight aggregate)
        {
            capturing.onSecondAggregate(aggregate);
            read(aggregate);
        }

        public void onEnd(final EndFlyweight end)
        {
            capturing.onEnd(end);
            read(end);
        }

        public void onAbort(final AbortFlyweight abort)
        {
            capturing.onAbort(abort);
            read(abort);
        }

        public void onLease(final LeaseFlyweight lease)
        {
            capturing.onLease(lease);
            read(lease);
        }

        private void read(final ControlMessageFlyweight message)
        {
            assertTrue(message.toString().length() > 0);
            count++;
        }
    }
}
