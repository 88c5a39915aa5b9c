/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import org.agrona.BufferUtil;

/**
 * DNS over TLS (RFC 7858) on one non-blocking connection: {@link StreamIo}'s framing and batching, its bytes wrapped
 * into TLS records and unwrapped from them by the JDK's {@link SSLEngine} on direct buffers, the handshake driven
 * inside the shooter's duty cycle. The server's certificate is verified against the context's trust (and its name
 * against the server name) unless the context trusts everything; sessions are resumed through the context's client
 * session cache (the engine is made for the server's name and port).
 * <p>
 * Allocation: the engine allocates an {@link SSLEngineResult} per wrap and unwrap and some per record; the DNS side
 * allocates nothing.
 */
class TlsStreamIo extends StreamIo
{
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);
    private static final int NET_BUFFER_LENGTH = 64 * 1024;

    private final SSLContext sslContext;
    private final String serverName;
    private final boolean verifyName;
    private final ByteBuffer netOut;
    private final ByteBuffer netIn;
    private final ByteBuffer scratch;
    private SSLEngine engine;
    private boolean freed;

    /**
     * @param target             the server, resolved.
     * @param sendSlotLength     room for the longest query, bytes.
     * @param socketBufferLength SO_SNDBUF/SO_RCVBUF asked for, or 0 for the kernel's default.
     * @param sslContext         the client context: its trust decides which certificates are accepted.
     * @param serverName         the name sent as SNI and checked against the certificate, or null for none (the
     *                           certificate is then checked against nothing but the trust).
     * @param verifyName         whether the certificate must name {@code serverName}.
     */
    TlsStreamIo(
        final java.net.InetSocketAddress target,
        final int sendSlotLength,
        final int socketBufferLength,
        final SSLContext sslContext,
        final String serverName,
        final boolean verifyName)
    {
        this(target, sendSlotLength, socketBufferLength, sslContext, serverName, verifyName, FRAME_HEADER_LENGTH, 0,
            2 * (FRAME_HEADER_LENGTH + MAX_MESSAGE_LENGTH));
    }

    /**
     * For a protocol with its own framing inside TLS (see {@link StreamIo}'s constructor of the same parameters).
     */
    TlsStreamIo(
        final java.net.InetSocketAddress target,
        final int sendSlotLength,
        final int socketBufferLength,
        final SSLContext sslContext,
        final String serverName,
        final boolean verifyName,
        final int framingOverhead,
        final int controlReserve,
        final int receiveBufferLength)
    {
        super(target, sendSlotLength, socketBufferLength, framingOverhead, controlReserve, receiveBufferLength);
        this.sslContext = sslContext;
        this.serverName = serverName;
        this.verifyName = verifyName;
        netOut = ByteBuffer.allocateDirect(NET_BUFFER_LENGTH);
        netIn = ByteBuffer.allocateDirect(NET_BUFFER_LENGTH);
        scratch = ByteBuffer.allocateDirect(NET_BUFFER_LENGTH);
    }

    void opened() throws IOException
    {
        engine = sslContext.createSSLEngine(
            null == serverName ? target().getAddress().getHostAddress() : serverName, target().getPort());
        engine.setUseClientMode(true);
        final SSLParameters parameters = engine.getSSLParameters();
        if (null != serverName)
        {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        }
        if (verifyName)
        {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        final String[] protocols = applicationProtocols();
        if (null != protocols)
        {
            parameters.setApplicationProtocols(protocols);
        }
        engine.setSSLParameters(parameters);
        netOut.clear().flip();
        netIn.clear();
        engine.beginHandshake();
    }

    boolean handshake() throws IOException
    {
        while (true)
        {
            if (netOut.hasRemaining() && 0 == channel.write(netOut) && netOut.hasRemaining())
            {
                return false;
            }
            switch (engine.getHandshakeStatus())
            {
                case NEED_WRAP:
                {
                    netOut.compact();
                    final SSLEngineResult result = engine.wrap(EMPTY, netOut);
                    netOut.flip();
                    if (SSLEngineResult.Status.CLOSED == result.getStatus())
                    {
                        throw new SSLException("TLS: the handshake was closed");
                    }
                    break;
                }
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                {
                    scratch.clear();
                    netIn.flip();
                    final SSLEngineResult result = engine.unwrap(netIn, scratch);
                    netIn.compact();
                    if (SSLEngineResult.Status.BUFFER_UNDERFLOW == result.getStatus())
                    {
                        final int read = channel.read(netIn);
                        if (read < 0)
                        {
                            throw new SSLException("TLS: the server closed the connection during the handshake");
                        }
                        if (0 == read)
                        {
                            return false;
                        }
                    }
                    else if (SSLEngineResult.Status.CLOSED == result.getStatus())
                    {
                        throw new SSLException("TLS: the server closed the handshake");
                    }
                    break;
                }
                case NEED_TASK:
                    runDelegatedTasks();
                    break;
                default:
                    // FINISHED or NOT_HANDSHAKING: done once what it wrote is out
                    return !netOut.hasRemaining() || 0 != channel.write(netOut) && !netOut.hasRemaining();
            }
        }
    }

    /**
     * TLS's close_notify (RFC 8446 6.1), after what still waits to be written.
     */
    void sayGoodbye() throws IOException
    {
        engine.closeOutbound();
        netOut.compact();
        engine.wrap(EMPTY, netOut);
        netOut.flip();
        channel.write(netOut);
    }

    int writeBytes(final ByteBuffer bytes) throws IOException
    {
        if (netOut.hasRemaining())
        {
            channel.write(netOut);
            if (netOut.hasRemaining())
            {
                return 0;
            }
        }
        final int start = bytes.position();
        while (bytes.hasRemaining())
        {
            netOut.compact();
            final SSLEngineResult result = engine.wrap(bytes, netOut);
            netOut.flip();
            if (SSLEngineResult.Status.CLOSED == result.getStatus())
            {
                throw new SSLException("TLS: the connection was closed");
            }
            if (SSLEngineResult.Status.BUFFER_OVERFLOW == result.getStatus() || 0 == result.bytesConsumed())
            {
                break;
            }
        }
        channel.write(netOut);
        return bytes.position() - start;
    }

    int readBytes(final ByteBuffer into) throws IOException
    {
        final int read = channel.read(netIn);
        netIn.flip();
        final int start = into.position();
        try
        {
            while (netIn.hasRemaining() && into.hasRemaining())
            {
                final SSLEngineResult result = engine.unwrap(netIn, into);
                if (SSLEngineResult.Status.CLOSED == result.getStatus())
                {
                    return into.position() > start ? into.position() - start : -1;
                }
                if (SSLEngineResult.Status.BUFFER_UNDERFLOW == result.getStatus() ||
                    SSLEngineResult.Status.BUFFER_OVERFLOW == result.getStatus())
                {
                    break;
                }
                if (SSLEngineResult.HandshakeStatus.NEED_TASK == result.getHandshakeStatus())
                {
                    runDelegatedTasks();
                }
                else if (SSLEngineResult.HandshakeStatus.NEED_WRAP == result.getHandshakeStatus())
                {
                    // a key update or the like: answered on the next write
                    break;
                }
            }
        }
        finally
        {
            netIn.compact();
        }
        final int produced = into.position() - start;
        return 0 == produced && read < 0 ? -1 : produced;
    }

    /**
     * @return the protocols offered by ALPN, or null to offer none (DNS over TLS).
     */
    String[] applicationProtocols()
    {
        return null;
    }

    /**
     * @return the protocol the server chose by ALPN once the handshake is done: "" or null when it chose none.
     */
    final String applicationProtocol()
    {
        return engine.getApplicationProtocol();
    }

    /**
     * Runs the engine's delegated tasks (certificate checks, key derivation) here, on the shooter's thread.
     */
    private void runDelegatedTasks()
    {
        Runnable task;
        while (null != (task = engine.getDelegatedTask()))
        {
            task.run();
        }
    }

    String name()
    {
        return Transport.DOT.alias();
    }

    int transportCode()
    {
        return Transport.DOT.code();
    }

    public void close()
    {
        super.close();
        if (!freed)
        {
            freed = true;
            BufferUtil.free(netOut);
            BufferUtil.free(netIn);
            BufferUtil.free(scratch);
        }
    }
}
