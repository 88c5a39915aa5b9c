package io.l2.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import static io.l2.engine.codec.DnsDescriptor.FLAGS_OFFSET;
import static io.l2.engine.codec.DnsDescriptor.HEADER_LENGTH;

/**
 * A loopback sink that answers every DNS query with itself, turned into a response (QR and AA set, NOERROR, no
 * records): a valid answer whose question matches, produced with no allocation once it knows its peers.
 * <p>
 * It listens on an unconnected socket; the first datagram from a new peer makes it open a socket of its own for that
 * peer, bound to the same address ({@code SO_REUSEPORT}) and connected to the peer, so that the kernel delivers
 * that peer's next datagrams to the connected socket (Linux prefers a connected socket over the group). Reading and
 * writing a connected channel allocates nothing, where {@code DatagramChannel.receive} allocates the sender's address
 * whenever it differs from the last one. The first datagrams of each peer are answered from the listener (that
 * allocates: warm-up only). Driven by the caller's thread; not thread safe; close it.
 */
final class LoopbackReflector implements AutoCloseable
{
    private static final int QR_AA = 0x8400;
    private static final int BATCH_LIMIT = 256;

    private final DatagramChannel listener;
    private final InetSocketAddress address;
    private final List<DatagramChannel> peers = new ArrayList<>();
    private DatagramChannel[] peerArray = new DatagramChannel[0];
    private final ByteBuffer byteBuffer = ByteBuffer.allocateDirect(65536);
    private final UnsafeBuffer buffer = new UnsafeBuffer(byteBuffer);

    /**
     * Binds a free loopback port.
     *
     * @throws IOException when the socket cannot be opened.
     */
    LoopbackReflector() throws IOException
    {
        listener = open();
        try
        {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(listener);
            throw ex;
        }
        address = (InetSocketAddress)listener.getLocalAddress();
    }

    /**
     * Where to send queries.
     *
     * @return the bound address.
     */
    InetSocketAddress address()
    {
        return address;
    }

    /**
     * Answers what is waiting: up to a batch per peer socket, then the listener.
     *
     * @return datagrams answered.
     * @throws IOException on a socket error.
     */
    int doWork() throws IOException
    {
        int workCount = 0;
        for (final DatagramChannel peer : peerArray)
        {
            for (int i = 0; i < BATCH_LIMIT; i++)
            {
                byteBuffer.clear();
                final int length = peer.read(byteBuffer);
                if (length <= 0)
                {
                    break;
                }
                if (reflect(length))
                {
                    peer.write(byteBuffer);
                    workCount++;
                }
            }
        }

        for (int i = 0; i < BATCH_LIMIT; i++)
        {
            byteBuffer.clear();
            final SocketAddress sender = listener.receive(byteBuffer);
            if (null == sender)
            {
                break;
            }
            if (reflect(byteBuffer.position()))
            {
                listener.send(byteBuffer, sender);
                workCount++;
            }
            connectPeer(sender);
        }
        return workCount;
    }

    /**
     * Closes every socket.
     */
    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(peers);
        CloseHelper.quietClose(listener);
    }

    private boolean reflect(final int length)
    {
        if (length < HEADER_LENGTH)
        {
            return false;
        }
        final int flags = buffer.getShort(FLAGS_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        buffer.putShort(FLAGS_OFFSET, (short)((flags & 0x7900) | QR_AA), ByteOrder.BIG_ENDIAN);
        byteBuffer.limit(length).position(0);
        return true;
    }

    private void connectPeer(final SocketAddress sender) throws IOException
    {
        for (final DatagramChannel peer : peers)
        {
            if (sender.equals(peer.getRemoteAddress()))
            {
                return;
            }
        }
        final DatagramChannel peer = open();
        try
        {
            peer.bind(address);
            peer.connect(sender);
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(peer);
            throw ex;
        }
        peers.add(peer);
        peerArray = peers.toArray(new DatagramChannel[0]);
    }

    private static DatagramChannel open() throws IOException
    {
        final DatagramChannel channel = DatagramChannel.open();
        try
        {
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            channel.configureBlocking(false);
            return channel;
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietClose(channel);
            throw ex;
        }
    }
}
