package io.l2.engine.ammo;

import io.l2.engine.codec.DnsQueryEncoder;
import io.l2.engine.codec.QueryOptions;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmmoTableTest
{
    private static AmmoTable load(final String text, final QueryOptions options)
    {
        return AmmoLoader.parse(
            "t.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), options);
    }

    @Test
    void shouldCopyAQueryThatOnlyNeedsItsIdStamped() throws IOException
    {
        try (AmmoTable table = load("a.test A\nlonger-name.example.test AAAA\n", QueryOptions.defaults()))
        {
            final UnsafeBuffer send = new UnsafeBuffer(ByteBuffer.allocateDirect(table.maxQueryLength() + 3));
            table.copyQuery(1, send, 3);
            DnsQueryEncoder.stampId(send, 3, 4321);

            final byte[] bytes = new byte[table.queryLength(1)];
            send.getBytes(3, bytes);
            final Message message = new Message(bytes);
            assertEquals(4321, message.getHeader().getID());
            assertEquals("longer-name.example.test.", message.getQuestion().getName().toString());
            assertEquals(0, table.buffer().getShort(table.queryOffset(1)), "the table keeps id 0");
        }
    }

    @Test
    void shouldIndexQueriesBackToBackAndKnowTheLongest()
    {
        try (AmmoTable table = load("a.test A\nbb.test A\nccc.test A\n", QueryOptions.withEdns(true, 1232, true)))
        {
            assertEquals(3, table.count());
            assertEquals(0, table.queryOffset(0));
            assertEquals(12 + 8 + 4 + 11, table.queryLength(0));
            assertEquals(table.queryLength(0), table.queryOffset(1));
            assertEquals(table.queryOffset(1) + table.queryLength(1), table.queryOffset(2));
            assertEquals(table.queryLength(2), table.maxQueryLength());
            assertEquals(table.queryOffset(2) + table.queryLength(2), table.encodedBytes());
            assertEquals(table.encodedBytes(), table.buffer().capacity());
            assertSame(table.buffer(), table.buffer());
        }
    }

    @Test
    void shouldKeepTheQueriesIdenticalWhenCopied()
    {
        try (AmmoTable table = load("x.test TXT\ny.test MX\n", QueryOptions.defaults()))
        {
            for (int i = 0; i < table.count(); i++)
            {
                final UnsafeBuffer dst = new UnsafeBuffer(new byte[table.queryLength(i)]);
                table.copyQuery(i, dst, 0);
                final byte[] inTable = new byte[table.queryLength(i)];
                table.buffer().getBytes(table.queryOffset(i), inTable);
                assertArrayEquals(inTable, dst.byteArray());
            }
            assertEquals("y.test. MX", table.describe(1));
        }
    }

    @Test
    void shouldFailABoundsCheckInsteadOfReadingFreedMemoryAfterClose()
    {
        final AmmoTable table = load("a.test A\n", QueryOptions.defaults());
        final int length = table.queryLength(0);
        table.close();
        table.close();

        assertEquals(0, table.buffer().capacity());
        assertThrows(IndexOutOfBoundsException.class, () -> table.buffer().getByte(0));
        final UnsafeBuffer dst = new UnsafeBuffer(new byte[length]);
        assertThrows(IndexOutOfBoundsException.class, () -> table.copyQuery(0, dst, 0));
        assertTrue(Arrays.equals(new byte[length], dst.byteArray()));
    }
}
