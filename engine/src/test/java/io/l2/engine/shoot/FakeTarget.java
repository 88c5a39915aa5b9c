package io.l2.engine.shoot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A DNS "server" on 127.0.0.1 that the test drives by hand: it receives the shooter's queries and sends back
 * whatever the test asks, good or bad. Single-threaded; the test owns and closes it.
 */
final class FakeTarget implements AutoCloseable
{
    private final DatagramChannel channel;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(65536);
    private SocketAddress client;

    FakeTarget() throws IOException
    {
        channel = DatagramChannel.open();
        channel.bind(ShootFixtures.loopback(0));
        channel.configureBlocking(false);
    }

    InetSocketAddress address() throws IOException
    {
        return ShootFixtures.addressOf(channel);
    }

    /**
     * @return the next query, parsed by dnsjava; fails when none arrives within the generous bound.
     */
    Message receiveQuery()
    {
        final byte[][] received = new byte[1][];
        ShootFixtures.await("a query at the fake target", () ->
        {
            try
            {
                receiveBuffer.clear();
                final SocketAddress sender = channel.receive(receiveBuffer);
                if (null == sender)
                {
                    return false;
                }
                client = sender;
                received[0] = Arrays.copyOf(receiveBuffer.array(), receiveBuffer.position());
                return true;
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        try
        {
            return new Message(received[0]);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("the shooter sent a query dnsjava cannot parse", ex);
        }
    }

    /**
     * @return how many queries are waiting, read and dropped (non-blocking).
     */
    int drain() throws IOException
    {
        int count = 0;
        receiveBuffer.clear();
        while (null != channel.receive(receiveBuffer))
        {
            count++;
            receiveBuffer.clear();
        }
        return count;
    }

    void send(final byte[] datagram) throws IOException
    {
        assertNotNull(client, "no query received yet");
        channel.send(ByteBuffer.wrap(datagram), client);
    }

    /**
     * @return a well-formed authoritative response to the query with one A record (or none for a non-zero rcode).
     */
    static byte[] answer(final Message query, final int rcode)
    {
        return answer(query, query.getHeader().getID(), rcode);
    }

    static byte[] answer(final Message query, final int id, final int rcode)
    {
        final Message response = new Message(id);
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.getHeader().setRcode(rcode);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        if (Rcode.NOERROR == rcode)
        {
            try
            {
                response.addRecord(new ARecord(
                    query.getQuestion().getName(), DClass.IN, 300, InetAddress.getByName("192.0.2.1")),
                    Section.ANSWER);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
        return response.toWire();
    }

    /**
     * @return a response with the query's id whose question is another name.
     */
    static byte[] answerToAnotherQuestion(final Message query)
    {
        final Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.addRecord(org.xbill.DNS.Record.newRecord(
            Name.fromConstantString("someone-else.l2.test."), Type.A, DClass.IN), Section.QUESTION);
        return response.toWire();
    }

    /**
     * @return a bare header with the query's id, QR set and QDCOUNT 1, but no question after it.
     */
    static byte[] headerWithoutQuestion(final Message query)
    {
        final int id = query.getHeader().getID();
        return new byte[]{ (byte)(id >> 8), (byte)id, (byte)0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
    }

    public void close() throws IOException
    {
        channel.close();
    }
}
