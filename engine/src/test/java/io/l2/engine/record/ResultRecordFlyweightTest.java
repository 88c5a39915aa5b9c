package io.l2.engine.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.l2.engine.record.ResultRecordDescriptor.AMMO_INDEX_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.ANSWER_COUNT_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.FLAGS_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.FLAG_AA;
import static io.l2.engine.record.ResultRecordDescriptor.FLAG_RA;
import static io.l2.engine.record.ResultRecordDescriptor.FLAG_TC;
import static io.l2.engine.record.ResultRecordDescriptor.INTENDED_NS_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.NO_TIME;
import static io.l2.engine.record.ResultRecordDescriptor.OUTCOME_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.QTYPE_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.QUERY_ID_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.RCODE_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.RECEIVED_NS_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.RECORD_LENGTH;
import static io.l2.engine.record.ResultRecordDescriptor.SETUP_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.TRANSPORT_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.RESPONSE_LENGTH_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.SENT_NS_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.VERSION;
import static io.l2.engine.record.ResultRecordDescriptor.VERSION_OFFSET;
import static io.l2.engine.record.ResultRecordDescriptor.WORKER_OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultRecordFlyweightTest
{
    private static final int OFFSET = 24;

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
    private final ResultRecordFlyweight flyweight = new ResultRecordFlyweight();

    @Test
    void shouldTakeTcAaAndRaFromEveryHeaderFlagsWordAndNothingElse()
    {
        for (int headerFlags = 0; headerFlags <= 0xFFFF; headerFlags++)
        {
            final int expected = (0 != (headerFlags & 0x0200) ? FLAG_TC : 0) |
                (0 != (headerFlags & 0x0400) ? FLAG_AA : 0) | (0 != (headerFlags & 0x0080) ? FLAG_RA : 0);
            final int word = headerFlags;
            assertEquals(expected, ResultRecordDescriptor.responseFlags(word),
                () -> "header flags 0x" + Integer.toHexString(word));
        }
    }

    @Test
    void shouldBe48BytesWithFieldsInTheDocumentedPlaces()
    {
        assertEquals(48, RECORD_LENGTH);
        assertEquals(0, INTENDED_NS_OFFSET);
        assertEquals(8, SENT_NS_OFFSET);
        assertEquals(16, RECEIVED_NS_OFFSET);
        assertEquals(24, WORKER_OFFSET);
        assertEquals(28, AMMO_INDEX_OFFSET);
        assertEquals(32, QTYPE_OFFSET);
        assertEquals(34, RCODE_OFFSET);
        assertEquals(36, ANSWER_COUNT_OFFSET);
        assertEquals(38, RESPONSE_LENGTH_OFFSET);
        assertEquals(40, QUERY_ID_OFFSET);
        assertEquals(42, FLAGS_OFFSET);
        assertEquals(43, OUTCOME_OFFSET);
        assertEquals(44, VERSION_OFFSET);
        assertEquals(45, TRANSPORT_OFFSET);
        assertEquals(46, SETUP_OFFSET);
        assertEquals(RECORD_LENGTH, SETUP_OFFSET + 2);
        assertEquals(ByteOrder.LITTLE_ENDIAN, ResultRecordDescriptor.BYTE_ORDER);
        assertEquals(0, INTENDED_NS_OFFSET % 8);
        assertEquals(0, SENT_NS_OFFSET % 8);
        assertEquals(0, RECEIVED_NS_OFFSET % 8);
        assertEquals(0, RECORD_LENGTH % 8);
    }

    @Test
    void shouldRoundTripEveryFieldWhenSetOneByOne()
    {
        buffer.setMemory(0, buffer.capacity(), (byte) 0x5A);
        flyweight.wrap(buffer, OFFSET).reset()
            .intendedNs(1_234_567_890_123L)
            .sentNs(1_234_567_990_000L)
            .receivedNs(1_234_568_990_000L)
            .worker(-7)
            .ammoIndex(Integer.MAX_VALUE)
            .qtype(65535)
            .rcode(4095)
            .flags(FLAG_TC | FLAG_AA | FLAG_RA)
            .outcome(Outcome.MALFORMED)
            .answerCount(65000)
            .responseLength(4096)
            .queryId(0xBEEF);

        final ResultRecordFlyweight reader = new ResultRecordFlyweight().wrapForRead(buffer, OFFSET);
        assertEquals(1_234_567_890_123L, reader.intendedNs());
        assertEquals(1_234_567_990_000L, reader.sentNs());
        assertEquals(1_234_568_990_000L, reader.receivedNs());
        assertEquals(-7, reader.worker());
        assertEquals(Integer.MAX_VALUE, reader.ammoIndex());
        assertEquals(65535, reader.qtype());
        assertEquals(4095, reader.rcode());
        assertEquals(FLAG_TC | FLAG_AA | FLAG_RA, reader.flags());
        assertEquals(Outcome.MALFORMED, reader.outcome());
        assertEquals(65000, reader.answerCount());
        assertEquals(4096, reader.responseLength());
        assertEquals(0xBEEF, reader.queryId());
        assertEquals(VERSION, reader.version());
        assertEquals(OFFSET, reader.offset());
        assertReservedZero();
        assertNeighboursUntouched();
    }

    @Test
    void shouldRoundTripEveryFieldWhenSetAtOnce()
    {
        buffer.setMemory(0, buffer.capacity(), (byte) 0x5A);
        flyweight.wrap(buffer, OFFSET).set(
            5L, NO_TIME, NO_TIME, 3, 99, 28, 0, FLAG_RA, Outcome.DISCARDED, 1, 2, 65535);

        assertEquals(5L, flyweight.intendedNs());
        assertEquals(NO_TIME, flyweight.sentNs());
        assertEquals(NO_TIME, flyweight.receivedNs());
        assertEquals(3, flyweight.worker());
        assertEquals(99, flyweight.ammoIndex());
        assertEquals(28, flyweight.qtype());
        assertEquals(0, flyweight.rcode());
        assertEquals(FLAG_RA, flyweight.flags());
        assertEquals(Outcome.DISCARDED, flyweight.outcome());
        assertEquals(1, flyweight.answerCount());
        assertEquals(2, flyweight.responseLength());
        assertEquals(65535, flyweight.queryId());
        assertEquals(VERSION, flyweight.version());
        assertReservedZero();
        assertNeighboursUntouched();
    }

    @Test
    void shouldStoreLittleEndianAtTheDescriptorOffsets()
    {
        flyweight.wrap(buffer, 0).set(
            0x0102030405060708L, 9, 10, 0x11121314, 0x21222324, 0x3132, 0x0FED, 0x07, Outcome.TIMEOUT, 0x4142,
            0x5152, 0x6162);

        assertEquals(0x08, buffer.getByte(INTENDED_NS_OFFSET));
        assertEquals(0x01, buffer.getByte(INTENDED_NS_OFFSET + 7));
        assertEquals(0x14, buffer.getByte(WORKER_OFFSET));
        assertEquals(0x24, buffer.getByte(AMMO_INDEX_OFFSET));
        assertEquals(0x32, buffer.getByte(QTYPE_OFFSET));
        assertEquals((byte) 0xED, buffer.getByte(RCODE_OFFSET));
        assertEquals(0x0F, buffer.getByte(RCODE_OFFSET + 1));
        assertEquals(0x42, buffer.getByte(ANSWER_COUNT_OFFSET));
        assertEquals(0x52, buffer.getByte(RESPONSE_LENGTH_OFFSET));
        assertEquals(0x62, buffer.getByte(QUERY_ID_OFFSET));
        assertEquals(0x07, buffer.getByte(FLAGS_OFFSET));
        assertEquals(Outcome.TIMEOUT, buffer.getByte(OUTCOME_OFFSET));
        assertEquals(VERSION, buffer.getByte(VERSION_OFFSET));
    }

    @Test
    void shouldMarkTimesAbsentWhenReset()
    {
        buffer.setMemory(0, buffer.capacity(), (byte) 0x5A);
        flyweight.wrap(buffer, OFFSET).reset();

        assertEquals(0, flyweight.intendedNs());
        assertEquals(NO_TIME, flyweight.sentNs());
        assertEquals(NO_TIME, flyweight.receivedNs());
        assertEquals(0, flyweight.outcome());
        assertEquals(VERSION, flyweight.version());
        assertReservedZero();
        assertNeighboursUntouched();
    }

    @Test
    void shouldRefuseWritesWhenWrappedForRead()
    {
        flyweight.wrapForRead(buffer, 0);

        assertThrows(NullPointerException.class, () -> flyweight.worker(1));
    }

    @Test
    void shouldCopyTheWholeRecord()
    {
        flyweight.wrap(buffer, 0).set(1, 2, 3, 4, 5, 6, 7, 1, Outcome.ANSWERED, 8, 9, 10);
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[RECORD_LENGTH + 4]);

        flyweight.copyTo(copy, 4);

        final ResultRecordFlyweight reader = new ResultRecordFlyweight().wrapForRead(copy, 4);
        assertEquals(flyweight.toString(), reader.toString());
        assertTrue(reader.toString().contains("outcome=ANSWERED"), reader.toString());
    }

    @Test
    void shouldNameEveryOutcome()
    {
        assertEquals("ANSWERED", Outcome.name(Outcome.ANSWERED));
        assertEquals("TIMEOUT", Outcome.name(Outcome.TIMEOUT));
        assertEquals("MALFORMED", Outcome.name(Outcome.MALFORMED));
        assertEquals("SEND_ERROR", Outcome.name(Outcome.SEND_ERROR));
        assertEquals("DISCARDED", Outcome.name(Outcome.DISCARDED));
        assertEquals("INVALID", Outcome.name(0));
        assertEquals("CONNECT_FAILED", Outcome.name(Outcome.CONNECT_FAILED));
        assertEquals("RESET", Outcome.name(Outcome.RESET));
        assertEquals("HTTP_STATUS", Outcome.name(Outcome.HTTP_STATUS));
        assertEquals("INVALID", Outcome.name(9));
        assertEquals("INVALID", Outcome.name(-1));
    }

    @Test
    void shouldCarryTheTransportAndTheConnectionsSetupTime()
    {
        flyweight.wrap(buffer, OFFSET).set(1, 2, 3, 4, 5, 1, 0, 0, Outcome.ANSWERED, 1, 60, 77).connection(3,
            ResultRecordDescriptor.setupUnits(2_345_678));
        assertEquals(3, flyweight.transport());
        assertEquals(2_400_000, flyweight.setupNs(), "rounded up to the 100 µs unit");
        assertEquals(77, flyweight.queryId());
        assertEquals(ResultRecordDescriptor.VERSION, flyweight.version());
        assertEquals(65535, ResultRecordDescriptor.setupUnits(Long.MAX_VALUE / 2), "saturates");
        assertEquals(0, ResultRecordDescriptor.setupUnits(0));
        assertEquals(1, ResultRecordDescriptor.setupUnits(1), "a set-up never reads as none");

        flyweight.set(1, 2, 3, 4, 5, 1, 0, 0, Outcome.ANSWERED, 1, 60, 77);
        assertEquals(0, flyweight.transport(), "a record written without them: UDP");
        assertEquals(0, flyweight.setupNs());
    }

    private void assertReservedZero()
    {
        for (int i = TRANSPORT_OFFSET; i < RECORD_LENGTH; i++)
        {
            assertEquals(0, buffer.getByte(OFFSET + i), "transport and set-up byte " + i);
        }
    }

    private void assertNeighboursUntouched()
    {
        for (int i = 0; i < OFFSET; i++)
        {
            assertEquals(0x5A, buffer.getByte(i) & 0xFF, "byte before the record at " + i);
        }
        for (int i = OFFSET + RECORD_LENGTH; i < buffer.capacity(); i++)
        {
            assertEquals(0x5A, buffer.getByte(i) & 0xFF, "byte after the record at " + i);
        }
    }
}
