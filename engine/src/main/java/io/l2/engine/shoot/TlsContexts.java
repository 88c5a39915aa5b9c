/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS client contexts a DNS-over-TLS shoot uses: one per shoot, so its session cache (resumption) is the shoot's
 * own. Trust: the JDK's default CAs, the CAs of a PEM file, or — only when asked in writing — none at all.
 */
public final class TlsContexts
{
    private TlsContexts()
    {
    }

    /**
     * @param caFile a PEM file of the CA certificates to trust (the JDK's default CAs when null).
     * @return a fresh client context.
     * @throws IOException naming the file when it cannot be read or holds no certificate, or when TLS cannot be set
     *                     up in this JVM.
     */
    public static SSLContext verifying(final Path caFile) throws IOException
    {
        try
        {
            final TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (null == caFile)
            {
                factory.init((KeyStore)null);
            }
            else
            {
                final KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                final Collection<? extends Certificate> certificates;
                try (InputStream in = Files.newInputStream(caFile))
                {
                    certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                catch (final GeneralSecurityException ex)
                {
                    throw new IOException(caFile + ": not PEM certificates: " + ex.getMessage(), ex);
                }
                if (certificates.isEmpty())
                {
                    throw new IOException(caFile + ": holds no certificate");
                }
                int i = 0;
                for (final Certificate certificate : certificates)
                {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
                factory.init(store);
            }
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IOException("TLS: " + ex.getMessage(), ex);
        }
    }

    /**
     * A context that accepts any certificate: for {@code insecure: true} only (test servers with self-made
     * certificates), never a default.
     *
     * @return a fresh client context that verifies nothing.
     * @throws IOException when TLS cannot be set up in this JVM.
     */
    public static SSLContext trustingAll() throws IOException
    {
        try
        {
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{ new TrustAll() }, null);
            return context;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IOException("TLS: " + ex.getMessage(), ex);
        }
    }

    private static final class TrustAll implements X509TrustManager
    {
        public void checkClientTrusted(final X509Certificate[] chain, final String authType)
        {
        }

        public void checkServerTrusted(final X509Certificate[] chain, final String authType)
        {
        }

        public X509Certificate[] getAcceptedIssuers()
        {
            return new X509Certificate[0];
        }
    }
}
