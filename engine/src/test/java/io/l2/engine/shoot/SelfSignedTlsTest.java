/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SelfSignedTlsTest
{
    private static final String NAME = "warmup.l2.invalid";

    @Test
    void shouldMakeACertificateForTheNameSignedByItsOwnKeyAndValidAroundNow() throws Exception
    {
        final X509Certificate certificate = SelfSignedTls.make(NAME).certificate();

        certificate.verify(certificate.getPublicKey());
        certificate.checkValidity();
        certificate.checkValidity(new Date(System.currentTimeMillis() + TimeUnit.HOURS.toMillis(23)));
        assertThrows(CertificateException.class,
            () -> certificate.checkValidity(new Date(System.currentTimeMillis() + TimeUnit.HOURS.toMillis(25))));
        assertEquals(3, certificate.getVersion());
        assertEquals("CN=" + NAME, certificate.getSubjectX500Principal().getName());
        assertEquals(List.of(List.of(2, NAME)), List.copyOf(certificate.getSubjectAlternativeNames()));
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
    }

    @Test
    void shouldCompleteAHandshakeWithTheNameCheckedAndFailOneForAnotherName() throws Exception
    {
        final SelfSignedTls tls = SelfSignedTls.make(NAME);

        assertEquals("hello", exchange(tls, tls.clientContext(), NAME));
        assertThrows(SSLHandshakeException.class, () -> exchange(tls, tls.clientContext(), "other.l2.invalid"));
        assertThrows(SSLHandshakeException.class,
            () -> exchange(tls, SelfSignedTls.make(NAME).clientContext(), NAME), "another key's client");
    }

    @Test
    void shouldBeTrustedByNoDefaultTrustStore() throws Exception
    {
        final TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((java.security.KeyStore)null);
        final X509TrustManager trust = (X509TrustManager)factory.getTrustManagers()[0];

        assertThrows(CertificateException.class,
            () -> trust.checkServerTrusted(new X509Certificate[]{ SelfSignedTls.make(NAME).certificate() }, "EC"));
    }

    private static String exchange(final SelfSignedTls tls, final SSLContext client, final String name)
        throws Exception
    {
        try (SSLServerSocket server = (SSLServerSocket)tls.serverContext().getServerSocketFactory()
            .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            final Thread thread = new Thread(() ->
            {
                try (SSLSocket accepted = (SSLSocket)server.accept())
                {
                    accepted.getOutputStream().write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    accepted.getOutputStream().flush();
                    accepted.getInputStream().read();
                }
                catch (final java.io.IOException ex)
                {
                    // the client refused the certificate
                }
            });
            thread.start();
            try (SSLSocket socket = (SSLSocket)client.getSocketFactory().createSocket(
                server.getInetAddress(), server.getLocalPort()))
            {
                final SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(name)));
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(10_000);
                return new String(socket.getInputStream().readNBytes(5), java.nio.charset.StandardCharsets.US_ASCII);
            }
            finally
            {
                thread.join(10_000);
            }
        }
    }
}
