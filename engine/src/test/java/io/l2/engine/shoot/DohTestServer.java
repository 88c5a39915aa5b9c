/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A DNS over HTTPS server for tests that is not l2's own HTTP/2: Jetty's, over TLS with ALPN {@code h2}. It answers a
 * POST's body or a GET's {@code dns} parameter with the query echoed (QR and RA set, NOERROR, no records), except a
 * query whose name has a label {@code e500}, {@code e429} or {@code e999}: answered with that HTTP status and a text
 * body, no DNS message. Counts requests by method.
 */
final class DohTestServer implements AutoCloseable
{
    private final Server server = new Server();
    private final ServerConnector connector;
    private final AtomicLong posts = new AtomicLong();
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong statuses = new AtomicLong();

    /**
     * @param tls                  the server's context (its key and certificate).
     * @param maxConcurrentStreams the server's SETTINGS_MAX_CONCURRENT_STREAMS.
     */
    DohTestServer(final SSLContext tls, final int maxConcurrentStreams) throws Exception
    {
        final SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls);
        final HttpConfiguration configuration = new HttpConfiguration();
        configuration.addCustomizer(new SecureRequestCustomizer(false));
        final HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(configuration);
        h2.setMaxConcurrentStreams(maxConcurrentStreams);
        final ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2");
        alpn.setDefaultProtocol("h2");
        connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract()
        {
            public boolean handle(final Request request, final Response response, final Callback callback)
                throws java.io.IOException
            {
                final byte[] query;
                if ("GET".equals(request.getMethod()))
                {
                    gets.incrementAndGet();
                    query = Base64.getUrlDecoder().decode(Request.extractQueryParameters(request).getValue("dns"));
                }
                else
                {
                    posts.incrementAndGet();
                    final ByteBuffer body = Content.Source.asByteBuffer(request);
                    query = new byte[body.remaining()];
                    body.get(query);
                }
                final String text = new String(query, StandardCharsets.ISO_8859_1);
                final int status = text.contains("\u0004e500") ? 500 : text.contains("\u0004e429") ? 429 :
                    text.contains("\u0004e999") ? 999 : 200;
                if (200 != status)
                {
                    statuses.incrementAndGet();
                    response.setStatus(status);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                    response.write(true, ByteBuffer.wrap("no\n".getBytes(StandardCharsets.US_ASCII)), callback);
                    return true;
                }
                query[2] |= (byte)0x80;
                query[3] |= (byte)0x80;
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/dns-message");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, query.length);
                response.write(true, ByteBuffer.wrap(query), callback);
                return true;
            }
        });
        server.start();
    }

    InetSocketAddress address()
    {
        return new InetSocketAddress("127.0.0.1", connector.getLocalPort());
    }

    long posts()
    {
        return posts.get();
    }

    long gets()
    {
        return gets.get();
    }

    long statuses()
    {
        return statuses.get();
    }

    public void close() throws Exception
    {
        server.stop();
    }
}
