package io.l2.engine.responder;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The responder on its own thread: launched on a free loopback port, answering, counting, and releasing its port on
 * close.
 */
class ResponderTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldAnswerOnTheBoundPortAndCountWhenLaunched() throws IOException
    {
        final ZoneAnswers answers = ZoneAnswers.load(TestZone.writeTo(tempDir.resolve("z.zone")), null);
        final InetSocketAddress address;
        try (Responder responder = Responder.launch(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), answers, "sleep-ms:1");
            DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            address = responder.address();
            assertNotEquals(0, address.getPort());
            client.setSoTimeout(10_000);
            for (int i = 0; i < 3; i++)
            {
                final Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(
                    Name.fromString("web." + TestZone.ORIGIN), Type.A, DClass.IN));
                final byte[] wire = query.toWire();
                client.send(new DatagramPacket(wire, wire.length, address));
                final DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
                client.receive(packet);
                final Message response = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                assertEquals(query.getHeader().getID(), response.getHeader().getID());
                assertEquals(Rcode.NOERROR, response.getRcode());
                assertTrue(response.getHeader().getFlag(Flags.AA));
                assertEquals(2, response.getSection(Section.ANSWER).size());
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (responder.answered() < 3 && System.nanoTime() < deadlineNs)
            {
                Thread.yield();
            }
            assertEquals(3, responder.answered(), "counted once sent (just after the client may have it)");
        }
        try (DatagramChannel rebind = DatagramChannel.open())
        {
            rebind.bind(address);
        }
    }

    @Test
    void shouldLeaveThePortFreeWhenTheIdleStrategyIsBad() throws IOException
    {
        final ZoneAnswers answers = ZoneAnswers.load(TestZone.writeTo(tempDir.resolve("z.zone")), null);
        final InetSocketAddress free;
        try (DatagramChannel probe = DatagramChannel.open())
        {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            free = (InetSocketAddress)probe.getLocalAddress();
        }
        assertThrows(IllegalArgumentException.class, () -> Responder.launch(free, answers, "nap"));
        try (DatagramChannel rebind = DatagramChannel.open())
        {
            rebind.bind(free);
        }
    }
}
