/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.agrona.CloseHelper;

import static io.l2.engine.shoot.HttpsStreamIo.DATA;
import static io.l2.engine.shoot.HttpsStreamIo.DEFAULT_WINDOW;
import static io.l2.engine.shoot.HttpsStreamIo.DNS_MESSAGE;
import static io.l2.engine.shoot.HttpsStreamIo.FLAG_ACK;
import static io.l2.engine.shoot.HttpsStreamIo.FLAG_END_HEADERS;
import static io.l2.engine.shoot.HttpsStreamIo.FLAG_END_STREAM;
import static io.l2.engine.shoot.HttpsStreamIo.FRAME_HEADER_LENGTH;
import static io.l2.engine.shoot.HttpsStreamIo.HEADERS;
import static io.l2.engine.shoot.HttpsStreamIo.MAX_WINDOW;
import static io.l2.engine.shoot.HttpsStreamIo.PING;
import static io.l2.engine.shoot.HttpsStreamIo.PREFACE;
import static io.l2.engine.shoot.HttpsStreamIo.SETTINGS;
import static io.l2.engine.shoot.HttpsStreamIo.SETTINGS_INITIAL_WINDOW_SIZE;
import static io.l2.engine.shoot.HttpsStreamIo.WINDOW_UPDATE;

/**
 * The warm-up's target for DNS over TLS and DNS over HTTPS on loopback, so a TLS shoot's own path (the handshake,
 * the {@code SSLEngine}'s records, HTTP/2's framing and header block) is compiled before the real shoot, not during
 * its first seconds. It answers as {@link Warmup#answer} does the datagram reflector's: over TLS each length-framed
 * query; over HTTP/2 (ALPN {@code h2}) each stream's query (a POST's body, or a GET's {@code ?dns=} parameter) with
 * a {@code :status 200}, its content type and length, and the answer as DATA.
 * <p>
 * Its HTTP/2 is only what l2's own client needs: it opens every window to the maximum and refills the connection's,
 * acknowledges SETTINGS and PING, reads no header but a GET's path, and never pushes or resets. One blocking thread
 * per connection; it allocates per query. Not a server for anything but the warm-up.
 */
final class TlsReflector implements AutoCloseable
{
    private static final byte[] DNS_PARAMETER = "dns=".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER_LENGTH = 16 * 1024;
    /** The connection's window is refilled once this much DATA came in. */
    private static final int WINDOW_REFILL = 1 << 20;
    /** HPACK: {@code :status 200}, from the static table. */
    private static final int STATUS_200 = 0x88;
    private static final long JOIN_MS = 1000;

    private final SSLServerSocket server;
    private final boolean http2;
    private final AtomicLong reflected = new AtomicLong();
    private final List<Socket> connections = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Thread acceptor;

    private TlsReflector(final SSLServerSocket server, final boolean http2)
    {
        this.server = server;
        this.http2 = http2;
        acceptor = new Thread(this::accept, "l2-warmup-tls-reflector");
        acceptor.setDaemon(true);
    }

    /**
     * @param context the server's context (its certificate).
     * @param http2   DNS over HTTPS (HTTP/2, ALPN {@code h2}) rather than DNS over TLS.
     * @return a reflector listening on a free loopback port, its thread started.
     * @throws IOException when the socket cannot be opened.
     */
    static TlsReflector start(final SSLContext context, final boolean http2) throws IOException
    {
        final SSLServerSocket server = (SSLServerSocket)context.getServerSocketFactory()
            .createServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        if (http2)
        {
            final SSLParameters parameters = server.getSSLParameters();
            parameters.setApplicationProtocols(new String[]{ HttpsStreamIo.ALPN_H2 });
            server.setSSLParameters(parameters);
        }
        final TlsReflector reflector = new TlsReflector(server, http2);
        reflector.acceptor.start();
        return reflector;
    }

    /**
     * @return where it listens.
     */
    InetSocketAddress address()
    {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /**
     * @return queries answered so far.
     */
    long reflected()
    {
        return reflected.get();
    }

    private void accept()
    {
        while (!server.isClosed())
        {
            final Socket socket;
            try
            {
                socket = server.accept();
                socket.setTcpNoDelay(true);
            }
            catch (final IOException ex)
            {
                return;
            }
            synchronized (connections)
            {
                if (server.isClosed())
                {
                    CloseHelper.quietClose(socket);
                    return;
                }
                connections.add(socket);
                final Thread thread = new Thread(() -> serve((SSLSocket)socket), "l2-warmup-tls-connection");
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }
    }

    private void serve(final SSLSocket socket)
    {
        try (socket)
        {
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_LENGTH);
            final ByteBuffer query = ByteBuffer.allocate(StreamIo.MAX_MESSAGE_LENGTH);
            final ByteBuffer answer = ByteBuffer.allocate(StreamIo.MAX_MESSAGE_LENGTH);
            if (http2)
            {
                serveHttp2(in, out, query, answer);
            }
            else
            {
                serveTls(in, out, query, answer);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // the client closed the connection, or the warm-up ended: done
        }
        finally
        {
            synchronized (connections)
            {
                connections.remove(socket);
            }
        }
    }

    private void serveTls(
        final DataInputStream in, final OutputStream out, final ByteBuffer query, final ByteBuffer answer)
        throws IOException
    {
        long sequence = 0;
        while (true)
        {
            final int length = in.readUnsignedShort();
            query.clear().limit(length);
            in.readFully(query.array(), 0, length);
            final ByteBuffer response = answer(query, answer, sequence++);
            out.write(response.remaining() >>> 8);
            out.write(response.remaining());
            out.write(response.array(), 0, response.remaining());
            flushWhenIdle(in, out);
        }
    }

    private void serveHttp2(
        final DataInputStream in, final OutputStream out, final ByteBuffer query, final ByteBuffer answer)
        throws IOException
    {
        final byte[] preface = new byte[PREFACE.length];
        in.readFully(preface);
        if (!Arrays.equals(PREFACE, preface))
        {
            throw new IOException("not the HTTP/2 preface");
        }
        final byte[] settings = new byte[6];
        settings[1] = SETTINGS_INITIAL_WINDOW_SIZE;
        putInt(settings, 2, MAX_WINDOW);
        writeFrame(out, SETTINGS, 0, 0, settings, settings.length);
        writeWindowUpdate(out, MAX_WINDOW - DEFAULT_WINDOW);
        out.flush();

        final Map<Integer, byte[]> bodies = new HashMap<>();
        final byte[] header = new byte[FRAME_HEADER_LENGTH];
        byte[] payload = new byte[BUFFER_LENGTH];
        long sequence = 0;
        long received = 0;
        while (true)
        {
            in.readFully(header);
            final int length = (header[0] & 0xFF) << 16 | (header[1] & 0xFF) << 8 | header[2] & 0xFF;
            final int type = header[3] & 0xFF;
            final int flags = header[4] & 0xFF;
            final int streamId = (header[5] & 0x7F) << 24 | (header[6] & 0xFF) << 16 | (header[7] & 0xFF) << 8 |
                header[8] & 0xFF;
            if (length > payload.length)
            {
                payload = new byte[length];
            }
            in.readFully(payload, 0, length);
            byte[] message = null;
            if (SETTINGS == type && 0 == (flags & FLAG_ACK))
            {
                writeFrame(out, SETTINGS, FLAG_ACK, 0, payload, 0);
            }
            else if (PING == type && 0 == (flags & FLAG_ACK))
            {
                writeFrame(out, PING, FLAG_ACK, 0, payload, length);
            }
            else if (HEADERS == type && 0 != (flags & FLAG_END_STREAM))
            {
                message = getQuery(payload, length);
            }
            else if (DATA == type)
            {
                received += length;
                final byte[] before = bodies.remove(streamId);
                final byte[] body = Arrays.copyOf(null == before ? new byte[0] : before,
                    (null == before ? 0 : before.length) + length);
                System.arraycopy(payload, 0, body, body.length - length, length);
                if (0 != (flags & FLAG_END_STREAM))
                {
                    message = body;
                }
                else
                {
                    bodies.put(streamId, body);
                }
            }
            if (received >= WINDOW_REFILL)
            {
                writeWindowUpdate(out, (int)received);
                received = 0;
            }
            if (null != message)
            {
                query.clear();
                query.put(message).flip();
                respond(out, streamId, answer(query, answer, sequence++));
            }
            flushWhenIdle(in, out);
        }
    }

    /**
     * The query of a GET: the base64url after {@code dns=} in the header block (l2's client writes its path as a
     * literal that is not Huffman-coded).
     */
    private static byte[] getQuery(final byte[] block, final int length)
    {
        for (int i = 0; i + DNS_PARAMETER.length <= length; i++)
        {
            if (Arrays.equals(block, i, i + DNS_PARAMETER.length, DNS_PARAMETER, 0, DNS_PARAMETER.length))
            {
                int end = i + DNS_PARAMETER.length;
                while (end < length && isBase64Url(block[end]))
                {
                    end++;
                }
                return Base64.getUrlDecoder().decode(
                    new String(block, i + DNS_PARAMETER.length, end - i - DNS_PARAMETER.length,
                    StandardCharsets.US_ASCII));
            }
        }
        throw new IllegalArgumentException("a GET without dns=");
    }

    private static boolean isBase64Url(final byte b)
    {
        return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || '-' == b || '_' == b;
    }

    private void respond(final OutputStream out, final int streamId, final ByteBuffer response) throws IOException
    {
        final byte[] length = Integer.toString(response.remaining()).getBytes(StandardCharsets.US_ASCII);
        // :status 200; content-type and content-length as literals without indexing of static-table names
        final byte[] block = new byte[1 + 2 + 1 + DNS_MESSAGE.length + 2 + 1 + length.length];
        int at = 0;
        block[at++] = (byte)STATUS_200;
        block[at++] = 0x0F;
        block[at++] = 0x10;
        block[at++] = (byte)DNS_MESSAGE.length;
        System.arraycopy(DNS_MESSAGE, 0, block, at, DNS_MESSAGE.length);
        at += DNS_MESSAGE.length;
        block[at++] = 0x0F;
        block[at++] = 0x0D;
        block[at++] = (byte)length.length;
        System.arraycopy(length, 0, block, at, length.length);
        writeFrame(out, HEADERS, FLAG_END_HEADERS, streamId, block, block.length);
        writeFrame(out, DATA, FLAG_END_STREAM, streamId, response.array(), response.remaining());
    }

    private ByteBuffer answer(final ByteBuffer query, final ByteBuffer answer, final long sequence)
    {
        reflected.incrementAndGet();
        return Warmup.answer(query, answer, sequence) ? answer : query;
    }

    /** Writes what was answered once every query that came is answered: one TLS record for a burst. */
    private static void flushWhenIdle(final DataInputStream in, final OutputStream out) throws IOException
    {
        if (0 == in.available())
        {
            out.flush();
        }
    }

    private static void writeWindowUpdate(final OutputStream out, final int increment) throws IOException
    {
        final byte[] payload = new byte[4];
        putInt(payload, 0, increment);
        writeFrame(out, WINDOW_UPDATE, 0, 0, payload, payload.length);
    }

    private static void writeFrame(
        final OutputStream out, final int type, final int flags, final int streamId, final byte[] payload,
        final int length) throws IOException
    {
        final byte[] header = new byte[FRAME_HEADER_LENGTH];
        header[0] = (byte)(length >>> 16);
        header[1] = (byte)(length >>> 8);
        header[2] = (byte)length;
        header[3] = (byte)type;
        header[4] = (byte)flags;
        putInt(header, 5, streamId);
        out.write(header);
        out.write(payload, 0, length);
    }

    private static void putInt(final byte[] bytes, final int at, final int value)
    {
        bytes[at] = (byte)(value >>> 24);
        bytes[at + 1] = (byte)(value >>> 16);
        bytes[at + 2] = (byte)(value >>> 8);
        bytes[at + 3] = (byte)value;
    }

    /**
     * Stops accepting, closes every connection and waits for their threads (a second in all at most); again does
     * nothing.
     */
    public void close()
    {
        final List<Thread> ended;
        synchronized (connections)
        {
            CloseHelper.quietClose(server);
            connections.forEach(CloseHelper::quietClose);
            connections.clear();
            ended = new ArrayList<>(threads);
            threads.clear();
        }
        final long deadlineMs = System.currentTimeMillis() + JOIN_MS;
        try
        {
            acceptor.join(JOIN_MS);
            for (final Thread thread : ended)
            {
                thread.join(Math.max(1, deadlineMs - System.currentTimeMillis()));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
