package io.l2.transport.control;

import java.util.Random;

import io.l2.transport.codec.AckFlyweight;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codec.MessageHeaderFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlAdapterTest
{
    private final CapturingListener listener = new CapturingListener();
    private final ControlAdapter adapter = new ControlAdapter(listener);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);

    @Test
    void shouldCountAndDropWhenMessageIsMalformedOrUnknown()
    {
        final int length = new AckFlyweight().wrap(buffer, 0).correlationId(1).shootId(2).host("h").queue("/q")
            .encodedLength();
        assertEquals(length, adapter.onMessage(buffer, 0, length));
        assertEquals(ControlCodec.LENGTH_PAST_END, adapter.onMessage(buffer, 0, length - 1));
        assertEquals(ControlCodec.TRAILING_BYTES, adapter.onMessage(buffer, 0, length + 1));
        assertEquals(ControlCodec.TRUNCATED, adapter.onMessage(buffer, 0, 3));

        final MessageHeaderFlyweight header = new MessageHeaderFlyweight().wrap(buffer, 0);
        header.templateId(999);
        assertEquals(ControlCodec.WRONG_TEMPLATE, adapter.onMessage(buffer, 0, length));
        header.templateId(AckFlyweight.TEMPLATE_ID).schemaId(1);
        assertEquals(ControlCodec.WRONG_SCHEMA, adapter.onMessage(buffer, 0, length));
        header.schemaId(ControlCodec.SCHEMA_ID).version(0);
        assertEquals(ControlCodec.WRONG_VERSION, adapter.onMessage(buffer, 0, length));
        assertEquals(ControlCodec.WRONG_VERSION, adapter.lastErrorCode());

        assertEquals(1, adapter.messageCount());
        assertEquals(5, adapter.malformedCount());
        assertEquals(1, adapter.unknownTemplateCount());
        assertEquals(1, listener.messages.size());
        assertEquals("ack 1 2 h /q", listener.messages.get(0));
    }

    @Test
    void shouldNeverThrowWhenFragmentsAreRandom()
    {
        final Random random = new Random(11L);
        final byte[] bytes = buffer.byteArray();
        for (int i = 0; i < 20_000; i++)
        {
            random.nextBytes(bytes);
            if (random.nextBoolean())
            {
                new MessageHeaderFlyweight().wrap(buffer, 0).schemaId(ControlCodec.SCHEMA_ID)
                    .version(ControlCodec.SCHEMA_VERSION).templateId(random.nextInt(9));
            }
            adapter.onFragment(buffer, 0, random.nextInt(bytes.length + 1), null);
        }
        assertEquals(20_000, adapter.messageCount() + adapter.malformedCount() + adapter.unknownTemplateCount());
        assertTrue(adapter.malformedCount() > 5_000);
        assertEquals(adapter.messageCount(), listener.messages.size());
    }
}
