/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

import org.agrona.CloseHelper;

/**
 * A DNS over HTTPS server for tests that rotates its connections as nginx or dnsdist do: after {@code perConnection}
 * requests on a connection it sends a GOAWAY (no error) naming the last stream it took, then answers the requests it
 * still held (the last {@code held} before the GOAWAY) and none after it, and keeps the connection open until the
 * client closes it. Silent ({@code silentAfterGoAway}), it answers nothing more once it sent its GOAWAY, not even the
 * requests it held, and still never closes the connection: a server that leaves a draining client waiting. Minimal
 * HTTP/2 by hand (POST only, answers with {@code :status 200} from HPACK's static table); one thread per connection.
 * Counts the requests it read and the answers it wrote.
 */
final class GoAwayDohServer implements AutoCloseable
{
    private final SSLServerSocket server;
    private final int perConnection;
    private final int held;
    private final boolean silentAfterGoAway;
    private final AtomicLong readCount = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong goAways = new AtomicLong();
    private final List<Socket> connections = new ArrayList<>();
    private final List<Long> acceptedNs = new ArrayList<>();
    private volatile long firstGoAwayNs;
    private final Thread acceptor;

    GoAwayDohServer(final SSLContext tls, final int perConnection, final int held) throws IOException
    {
        this(tls, perConnection, held, false);
    }

    /**
     * @param perConnection     requests a connection takes; the last of them is the stream its GOAWAY names.
     * @param held              requests it holds unanswered at a time (the newest), answered after the GOAWAY unless
     *                          silent.
     * @param silentAfterGoAway true to answer nothing after the GOAWAY, and still leave the connection open.
     */
    GoAwayDohServer(
        final SSLContext tls, final int perConnection, final int held, final boolean silentAfterGoAway)
        throws IOException
    {
        this.perConnection = perConnection;
        this.held = held;
        this.silentAfterGoAway = silentAfterGoAway;
        server = (SSLServerSocket)tls.getServerSocketFactory().createServerSocket(0, 50,
            InetAddress.getLoopbackAddress());
        final SSLParameters parameters = server.getSSLParameters();
        parameters.setApplicationProtocols(new String[]{ "h2" });
        server.setSSLParameters(parameters);
        acceptor = new Thread(this::accept, "goaway-doh-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address()
    {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /**
     * @return requests read, on every connection: those it took, and those after its GOAWAY that it ignored.
     */
    long requests()
    {
        return readCount.get();
    }

    long answered()
    {
        return answered.get();
    }

    long goAways()
    {
        return goAways.get();
    }

    /**
     * @return when the first GOAWAY went, on {@link System#nanoTime()}; 0 before.
     */
    long firstGoAwayNs()
    {
        return firstGoAwayNs;
    }

    /**
     * @param i a connection, in the order they were accepted.
     * @return when it was accepted, on {@link System#nanoTime()}.
     */
    long acceptedNs(final int i)
    {
        synchronized (connections)
        {
            return acceptedNs.get(i);
        }
    }

    private void accept()
    {
        while (!server.isClosed())
        {
            try
            {
                final Socket socket = server.accept();
                synchronized (connections)
                {
                    acceptedNs.add(System.nanoTime());
                    connections.add(socket);
                }
                final Thread thread = new Thread(() -> serve(socket), "goaway-doh-connection");
                thread.setDaemon(true);
                thread.start();
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }

    private void serve(final Socket socket)
    {
        try (socket)
        {
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final OutputStream out = socket.getOutputStream();
            in.readFully(new byte[24]);
            writeFrame(out, 4, 0, 0, new byte[0]);
            out.flush();
            final List<Integer> heldStreams = new ArrayList<>();
            final List<byte[]> heldQueries = new ArrayList<>();
            int requests = 0;
            int lastStream = Integer.MAX_VALUE;
            final byte[] header = new byte[9];
            while (true)
            {
                in.readFully(header);
                final int length = (header[0] & 0xFF) << 16 | (header[1] & 0xFF) << 8 | header[2] & 0xFF;
                final int type = header[3] & 0xFF;
                final int flags = header[4] & 0xFF;
                final int streamId = ((header[5] & 0x7F) << 24) | (header[6] & 0xFF) << 16 |
                    (header[7] & 0xFF) << 8 | header[8] & 0xFF;
                final byte[] payload = new byte[length];
                in.readFully(payload);
                if (4 == type && 0 == (flags & 1))
                {
                    writeFrame(out, 4, 1, 0, new byte[0]);
                    out.flush();
                }
                else if (0 == type && 0 != (flags & 1))
                {
                    // a request; one above the stream its GOAWAY named was sent before the client read it: ignored
                    readCount.incrementAndGet();
                    if (streamId <= lastStream)
                    {
                        take(out, streamId, payload, heldStreams, heldQueries, ++requests);
                        if (requests == perConnection)
                        {
                            lastStream = streamId;
                        }
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            // the client closed the connection: done
        }
    }

    /**
     * Takes the {@code request}th request of a connection: holds it, sends the GOAWAY after the last the connection
     * takes, and answers what it holds as the mode says.
     */
    private void take(
        final OutputStream out,
        final int streamId,
        final byte[] query,
        final List<Integer> heldStreams,
        final List<byte[]> heldQueries,
        final int request) throws IOException
    {
        heldStreams.add(streamId);
        heldQueries.add(query);
        if (request == perConnection)
        {
            if (1 == goAways.incrementAndGet())
            {
                firstGoAwayNs = System.nanoTime();
            }
            writeFrame(out, 7, 0, 0, new byte[]{ (byte)(streamId >>> 24), (byte)(streamId >>> 16),
                (byte)(streamId >>> 8), (byte)streamId, 0, 0, 0, 0 });
            out.flush();
        }
        // all it holds once the GOAWAY went (silent: none, then or later), else the oldest: the last few always wait
        final int answer = request < perConnection ? heldStreams.size() - held :
            silentAfterGoAway ? 0 : heldStreams.size();
        for (int i = 0; i < answer; i++)
        {
            respond(out, heldStreams.remove(0), heldQueries.remove(0));
        }
        if (answer > 0)
        {
            out.flush();
        }
    }

    private void respond(final OutputStream out, final int streamId, final byte[] query) throws IOException
    {
        writeFrame(out, 1, 4, streamId, new byte[]{ (byte)0x88 });
        query[2] |= (byte)0x80;
        query[3] |= (byte)0x80;
        writeFrame(out, 0, 1, streamId, query);
        answered.incrementAndGet();
    }

    private static void writeFrame(
        final OutputStream out, final int type, final int flags, final int streamId, final byte[] payload)
        throws IOException
    {
        out.write(new byte[]{ (byte)(payload.length >>> 16), (byte)(payload.length >>> 8), (byte)payload.length,
            (byte)type, (byte)flags, (byte)(streamId >>> 24), (byte)(streamId >>> 16), (byte)(streamId >>> 8),
            (byte)streamId });
        out.write(payload);
    }

    public void close()
    {
        CloseHelper.quietClose(server);
        synchronized (connections)
        {
            connections.forEach(CloseHelper::quietClose);
        }
    }
}
