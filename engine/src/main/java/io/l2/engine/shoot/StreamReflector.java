/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

import org.agrona.CloseHelper;

/**
 * The warm-up's target for a connection transport: DNS over TCP on loopback, one thread with a selector, answering
 * each length-framed query as {@link Warmup#answer} does the datagram reflector's, so a TCP shoot's own path (its
 * framing, its reads, its connection handling) is compiled before the real shoot. Not a server for anything else:
 * it allocates per connection and writes with a spin.
 */
final class StreamReflector implements AutoCloseable
{
    private static final long SELECT_MS = 50;
    private static final int CONNECTION_BUFFER_LENGTH =
        2 * (StreamIo.FRAME_HEADER_LENGTH + StreamIo.MAX_MESSAGE_LENGTH);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer query = ByteBuffer.allocateDirect(StreamIo.MAX_MESSAGE_LENGTH);
    private final ByteBuffer answer = ByteBuffer.allocateDirect(StreamIo.MAX_MESSAGE_LENGTH);
    private final ByteBuffer frame = ByteBuffer.allocateDirect(StreamIo.FRAME_HEADER_LENGTH);
    private volatile boolean closed;
    private long reflected;

    private StreamReflector(final ServerSocketChannel server, final Selector selector)
    {
        this.server = server;
        this.selector = selector;
        thread = new Thread(this::run, "l2-warmup-stream-reflector");
        thread.setDaemon(true);
    }

    /**
     * @return a reflector listening on a free loopback port, its thread started.
     * @throws IOException when the socket cannot be opened.
     */
    static StreamReflector start() throws IOException
    {
        ServerSocketChannel server = null;
        Selector selector = null;
        try
        {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietCloseAll(selector, server);
            throw ex;
        }
        final StreamReflector reflector = new StreamReflector(server, selector);
        reflector.thread.start();
        return reflector;
    }

    /**
     * @return where it listens.
     * @throws IOException when the socket is closed.
     */
    InetSocketAddress address() throws IOException
    {
        return (InetSocketAddress)server.getLocalAddress();
    }

    /**
     * @return queries answered so far (exact once closed).
     */
    long reflected()
    {
        return reflected;
    }

    private void run()
    {
        try
        {
            while (!closed)
            {
                selector.select(SELECT_MS);
                final Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext())
                {
                    final SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid())
                    {
                        continue;
                    }
                    if (key.isAcceptable())
                    {
                        accept();
                    }
                    else if (key.isReadable())
                    {
                        serve(key);
                    }
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // the warm-up only loses its answers
        }
    }

    private void accept() throws IOException
    {
        SocketChannel client;
        while (null != (client = server.accept()))
        {
            client.configureBlocking(false);
            client.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(CONNECTION_BUFFER_LENGTH));
        }
    }

    private void serve(final SelectionKey key)
    {
        final SocketChannel client = (SocketChannel)key.channel();
        final ByteBuffer pending = (ByteBuffer)key.attachment();
        try
        {
            if (client.read(pending) < 0)
            {
                key.cancel();
                client.close();
                return;
            }
            pending.flip();
            while (pending.remaining() >= StreamIo.FRAME_HEADER_LENGTH)
            {
                final int length = pending.getShort(pending.position()) & 0xFFFF;
                if (pending.remaining() < StreamIo.FRAME_HEADER_LENGTH + length)
                {
                    break;
                }
                pending.position(pending.position() + StreamIo.FRAME_HEADER_LENGTH);
                query.clear();
                final int end = pending.position() + length;
                final int limit = pending.limit();
                pending.limit(end);
                query.put(pending);
                pending.limit(limit);
                query.flip();
                if (query.limit() > 2)
                {
                    final ByteBuffer response = Warmup.answer(query, answer, reflected) ? answer : query;
                    frame.clear();
                    frame.putShort((short)response.remaining()).flip();
                    writeFully(client, frame);
                    writeFully(client, response);
                    reflected++;
                }
            }
            pending.compact();
        }
        catch (final IOException ex)
        {
            key.cancel();
            CloseHelper.quietClose(client);
        }
    }

    private void writeFully(final SocketChannel client, final ByteBuffer bytes) throws IOException
    {
        while (bytes.hasRemaining() && !closed)
        {
            if (0 == client.write(bytes))
            {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Stops the thread and closes every connection; again does nothing.
     */
    public void close()
    {
        if (!selector.isOpen())
        {
            return;
        }
        closed = true;
        try
        {
            thread.join(1000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        for (final SelectionKey key : selector.keys())
        {
            CloseHelper.quietClose(key.channel());
        }
        CloseHelper.quietCloseAll(selector, server);
    }
}
