package io.l2.engine.shoot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * A target on its own thread that answers the n-th query it receives by behaviour {@code n % 5}: 0 a good answer
 * and a duplicate of it; 1 an answer with a wrong id only; 2 an answer to another question; 3 a datagram shorter
 * than a header, then a good answer; 4 a good answer, but only {@code lateDelayNs} after the query. Started and
 * stopped (by its own thread, joined) by the test.
 */
final class MisbehavingTarget implements AutoCloseable
{
    static final int KIND_COUNT = 5;

    private final DatagramChannel channel;
    private final long lateDelayNs;
    private final Thread thread;
    private final ArrayDeque<Object[]> lateAnswers = new ArrayDeque<>();
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile long received;

    MisbehavingTarget(final long lateDelayNs) throws IOException
    {
        this.lateDelayNs = lateDelayNs;
        channel = DatagramChannel.open();
        channel.bind(ShootFixtures.loopback(0));
        channel.configureBlocking(false);
        thread = new Thread(this::run, "misbehaving-target");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() throws IOException
    {
        return ShootFixtures.addressOf(channel);
    }

    long received()
    {
        return received;
    }

    Throwable failure()
    {
        return failure;
    }

    private void run()
    {
        final ByteBuffer buffer = ByteBuffer.allocate(65536);
        try
        {
            while (running)
            {
                buffer.clear();
                final SocketAddress client = channel.receive(buffer);
                if (null == client)
                {
                    sendDueLateAnswers();
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
                    continue;
                }
                final Message query = new Message(Arrays.copyOf(buffer.array(), buffer.position()));
                final long n = received;
                received = n + 1;
                switch ((int)(n % KIND_COUNT))
                {
                    case 0:
                        send(FakeTarget.answer(query, Rcode.NOERROR), client);
                        send(FakeTarget.answer(query, Rcode.NOERROR), client);
                        break;
                    case 1:
                        send(FakeTarget.answer(query, query.getHeader().getID() ^ 0x8000, Rcode.NOERROR), client);
                        break;
                    case 2:
                        send(FakeTarget.answerToAnotherQuestion(query), client);
                        break;
                    case 3:
                        send(new byte[]{ 0x12, 0x34, (byte)0x81 }, client);
                        send(FakeTarget.answer(query, Rcode.NXDOMAIN), client);
                        break;
                    default:
                        lateAnswers.add(new Object[]{
                            System.nanoTime() + lateDelayNs, FakeTarget.answer(query, Rcode.NOERROR), client });
                        break;
                }
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }

    private void sendDueLateAnswers() throws IOException
    {
        while (!lateAnswers.isEmpty() && (long)lateAnswers.peek()[0] <= System.nanoTime())
        {
            final Object[] late = lateAnswers.poll();
            send((byte[])late[1], (SocketAddress)late[2]);
        }
    }

    private void send(final byte[] datagram, final SocketAddress client) throws IOException
    {
        channel.send(ByteBuffer.wrap(datagram), client);
    }

    public void close() throws IOException, InterruptedException
    {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
        channel.close();
    }
}
