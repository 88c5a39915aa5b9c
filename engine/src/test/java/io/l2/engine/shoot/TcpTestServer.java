/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A DNS-over-TCP (or, given a TLS context, DNS-over-TLS) server for the shooter's tests, on loopback, a thread per connection: it reads the length-framed
 * queries a read brings and answers them (the query echoed with QR and RA set, NOERROR, no records) in reverse order,
 * so answers come out of order whenever queries are pipelined. It can close each connection after answering a given
 * number of queries (what is unanswered then is lost, as with a server's per-connection limit). Counts what it saw.
 */
final class TcpTestServer implements AutoCloseable
{
    private final ServerSocket server;
    private final int closeAfter;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param closeAfter answers per connection before the server closes it; 0 for never.
     */
    TcpTestServer(final int closeAfter) throws IOException
    {
        this(closeAfter, null);
    }

    /**
     * @param closeAfter answers per connection before the server closes it; 0 for never.
     * @param tls        the server's TLS context (DNS over TLS), or null for plain TCP.
     */
    TcpTestServer(final int closeAfter, final javax.net.ssl.SSLContext tls) throws IOException
    {
        this.closeAfter = closeAfter;
        server = null == tls ? new ServerSocket(0, 256, InetAddress.getLoopbackAddress()) :
            tls.getServerSocketFactory().createServerSocket(0, 256, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "tcp-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address()
    {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    int connections()
    {
        return connections.get();
    }

    long received()
    {
        return received.get();
    }

    long answered()
    {
        return answered.get();
    }

    /**
     * @return the most queries one read brought on one connection before any of them was answered.
     */
    int mostInFlight()
    {
        return mostInFlight.get();
    }

    private void accept()
    {
        while (!closed)
        {
            try
            {
                final Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                connections.incrementAndGet();
                sockets.add(socket);
                final Thread serving = new Thread(() -> serve(socket), "tcp-test-connection");
                serving.setDaemon(true);
                serving.start();
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }

    private void serve(final Socket socket)
    {
        int answeredHere = 0;
        try (socket)
        {
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final OutputStream out = socket.getOutputStream();
            final List<byte[]> batch = new ArrayList<>();
            while (!closed)
            {
                batch.add(readFrame(in));
                while (in.available() >= 2)
                {
                    batch.add(readFrame(in));
                }
                received.addAndGet(batch.size());
                mostInFlight.accumulateAndGet(batch.size(), Math::max);
                for (int i = batch.size() - 1; i >= 0; i--)
                {
                    if (0 != closeAfter && answeredHere == closeAfter)
                    {
                        return;
                    }
                    final byte[] answer = batch.get(i);
                    answer[2] |= (byte)0x80;
                    answer[3] |= (byte)0x80;
                    final byte[] framed = new byte[answer.length + 2];
                    framed[0] = (byte)(answer.length >>> 8);
                    framed[1] = (byte)answer.length;
                    System.arraycopy(answer, 0, framed, 2, answer.length);
                    out.write(framed);
                    answeredHere++;
                    answered.incrementAndGet();
                }
                out.flush();
                batch.clear();
            }
        }
        catch (final EOFException | SocketException | javax.net.ssl.SSLException ex)
        {
            // the client closed, or refused the handshake
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] readFrame(final DataInputStream in) throws IOException
    {
        final int length = in.readUnsignedShort();
        final byte[] message = new byte[length];
        in.readFully(message);
        return message;
    }

    public void close() throws IOException
    {
        closed = true;
        server.close();
        for (final Socket socket : sockets)
        {
            socket.close();
        }
    }
}
