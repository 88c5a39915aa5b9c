package io.l2.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;

import io.l2.engine.responder.ResponderAgent;
import io.l2.engine.responder.ZoneAnswers;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * l2's embedded responder on a loopback socket, driven by the caller's thread (no thread of its own), with one
 * connected client socket: a query written by the client is answered by the next {@link #doWork()}, and the client
 * reads the answer. Everything happens on one thread, so a round trip costs the syscalls and the work, never a
 * thread wake-up. Not thread safe; close it.
 */
final class LoopbackResponder implements AutoCloseable
{
    private static final int SPIN_LIMIT = 1_000_000;

    private final ResponderAgent agent;
    private final DatagramChannel server;
    private final DatagramChannel client;
    private final ByteBuffer sendByteBuffer = ByteBuffer.allocateDirect(65536);
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(sendByteBuffer);
    private final ByteBuffer receiveByteBuffer = ByteBuffer.allocateDirect(65536);
    private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(receiveByteBuffer);

    /**
     * Writes the {@link BenchData} zone into a directory, binds the responder to a free loopback port and connects a
     * client to it.
     *
     * @param directory for the zone file.
     * @param hostCount hosts of the zone.
     * @throws IOException when a socket cannot be opened.
     */
    LoopbackResponder(final Path directory, final int hostCount) throws IOException
    {
        final ZoneAnswers answers = BenchData.zone(directory, hostCount);
        DatagramChannel opened = null;
        try
        {
            opened = DatagramChannel.open();
            opened.bind(new InetSocketAddress("127.0.0.1", 0));
            opened.configureBlocking(false);
            server = opened;
            opened = DatagramChannel.open();
            opened.configureBlocking(false);
            opened.connect(server.getLocalAddress());
            client = opened;
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietClose(opened);
            throw ex;
        }
        agent = new ResponderAgent(server, answers);
    }

    /**
     * The client's send buffer: write a query here, then {@link #send(int)}.
     *
     * @return the buffer (off-heap).
     */
    UnsafeBuffer sendBuffer()
    {
        return sendBuffer;
    }

    /**
     * The client's receive buffer: {@link #receive()} puts the answer at offset 0.
     *
     * @return the buffer (off-heap).
     */
    DirectBuffer receiveBuffer()
    {
        return receiveBuffer;
    }

    /**
     * The responder's address.
     *
     * @return where the client sends.
     * @throws IOException when the socket is closed.
     */
    InetSocketAddress address() throws IOException
    {
        return (InetSocketAddress)server.getLocalAddress();
    }

    /**
     * Sends the first {@code length} bytes of the send buffer from the client.
     *
     * @param length of the query, bytes.
     * @return bytes written (0 when the socket buffer was full).
     * @throws IOException on a socket error.
     */
    int send(final int length) throws IOException
    {
        sendByteBuffer.limit(length).position(0);
        return client.write(sendByteBuffer);
    }

    /**
     * Runs duty cycles of the responder until one has answered (or dropped) at least one query.
     *
     * @return queries answered or dropped by that duty cycle.
     * @throws IOException on a socket error, or when no query arrives within a bounded number of polls.
     */
    int respond() throws IOException
    {
        for (int i = 0; i < SPIN_LIMIT; i++)
        {
            final int workCount = agent.doWork();
            if (workCount > 0)
            {
                return workCount;
            }
        }
        throw new IOException("no query reached the loopback responder");
    }

    /**
     * Runs one duty cycle of the responder, whether or not a query is waiting.
     *
     * @return queries answered or dropped.
     * @throws IOException on a socket error.
     */
    int respondNow() throws IOException
    {
        return agent.doWork();
    }

    /**
     * Reads one answer into the receive buffer, polling until it is there.
     *
     * @return its length, bytes.
     * @throws IOException on a socket error, or when nothing arrives within a bounded number of polls.
     */
    int receive() throws IOException
    {
        for (int i = 0; i < SPIN_LIMIT; i++)
        {
            receiveByteBuffer.clear();
            final int length = client.read(receiveByteBuffer);
            if (length > 0)
            {
                return length;
            }
        }
        throw new IOException("no answer from the loopback responder");
    }

    /**
     * Sends a query and returns its answer (cold path: allocates).
     *
     * @param query  holding the query.
     * @param offset where it starts.
     * @param length its length.
     * @return the answer's bytes.
     * @throws IOException on a socket error or no answer.
     */
    byte[] exchange(final DirectBuffer query, final int offset, final int length) throws IOException
    {
        sendBuffer.putBytes(0, query, offset, length);
        send(length);
        respond();
        final int answerLength = receive();
        final byte[] answer = new byte[answerLength];
        receiveBuffer.getBytes(0, answer);
        return answer;
    }

    /**
     * Closes both sockets.
     */
    @Override
    public void close()
    {
        CloseHelper.quietClose(client);
        agent.onClose();
    }
}
