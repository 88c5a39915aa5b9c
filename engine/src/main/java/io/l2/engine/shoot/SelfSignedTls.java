/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS server and a client that trusts it and nothing else, made in memory in a few milliseconds: a fresh EC P-256
 * key and a self-signed X.509 v3 certificate for one DNS name (its CN and its only subjectAltName), valid from a day
 * before to a day after it is made. The certificate is put together in DER here (RFC 5280's few fields) and signed
 * with the JDK's {@code SHA256withECDSA}: no {@code keytool} process, no file, no JDK-internal class.
 * <p>
 * For a peer of l2's own on loopback (the warm-up's TLS reflector, benchmarks): the key never leaves the JVM and
 * the client trusts exactly this certificate, with its name checked as a real shoot's is.
 */
public final class SelfSignedTls
{
    private static final char[] PASSWORD = "l2".toCharArray();
    private static final String ALIAS = "l2";
    private static final DateTimeFormatter UTC_TIME =
        DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int OBJECT_IDENTIFIER = 0x06;
    private static final int UTF8_STRING = 0x0C;
    private static final int UTC_TIME_TAG = 0x17;
    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final int CONTEXT_0 = 0xA0;
    private static final int CONTEXT_3 = 0xA3;
    private static final int DNS_NAME = 0x82;
    private static final int SHORT_LENGTH_MAX = 0x7F;

    /** 1.2.840.10045.4.3.2, ecdsa-with-SHA256. */
    private static final byte[] ECDSA_WITH_SHA256 = {0x2A, (byte)0x86, 0x48, (byte)0xCE, 0x3D, 0x04, 0x03, 0x02};
    /** 2.5.4.3, commonName. */
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};
    /** 2.5.29.17, subjectAltName. */
    private static final byte[] SUBJECT_ALT_NAME = {0x55, 0x1D, 0x11};

    private final String name;
    private final X509Certificate certificate;
    private final SSLContext server;
    private final SSLContext client;

    private SelfSignedTls(
        final String name, final X509Certificate certificate, final SSLContext server, final SSLContext client)
    {
        this.name = name;
        this.certificate = certificate;
        this.server = server;
        this.client = client;
    }

    /**
     * @param name the DNS name the certificate is for (ASCII).
     * @return a new key, its certificate and the two contexts.
     * @throws IOException when this JVM cannot make an EC key, sign or set up TLS.
     */
    public static SelfSignedTls make(final String name) throws IOException
    {
        try
        {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            final KeyPair pair = generator.generateKeyPair();
            final X509Certificate certificate = certificate(name, pair, Instant.now());

            final KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(ALIAS, pair.getPrivate(), PASSWORD, new Certificate[]{ certificate });
            final KeyManagerFactory keyManagers =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PASSWORD);
            final SSLContext server = SSLContext.getInstance("TLS");
            server.init(keyManagers.getKeyManagers(), null, null);

            final KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate);
            final TrustManagerFactory trustManagers =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            final SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trustManagers.getTrustManagers(), null);
            return new SelfSignedTls(name, certificate, server, client);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IOException("TLS: cannot make a self-signed certificate for " + name + ": " + ex.getMessage(),
                ex);
        }
    }

    /**
     * @return the name the certificate is for.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the certificate.
     */
    public X509Certificate certificate()
    {
        return certificate;
    }

    /**
     * @return a server context presenting the certificate.
     */
    public SSLContext serverContext()
    {
        return server;
    }

    /**
     * @return a client context trusting the certificate and nothing else.
     */
    public SSLContext clientContext()
    {
        return client;
    }

    static X509Certificate certificate(final String name, final KeyPair pair, final Instant now)
        throws GeneralSecurityException
    {
        final byte[] algorithm = der(SEQUENCE, der(OBJECT_IDENTIFIER, ECDSA_WITH_SHA256));
        final byte[] subject = der(SEQUENCE, der(SET, der(SEQUENCE,
            der(OBJECT_IDENTIFIER, COMMON_NAME), der(UTF8_STRING, name.getBytes(StandardCharsets.UTF_8)))));
        final byte[] validity = der(SEQUENCE,
            der(UTC_TIME_TAG, utcTime(now.minus(1, ChronoUnit.DAYS))),
            der(UTC_TIME_TAG, utcTime(now.plus(1, ChronoUnit.DAYS))));
        final byte[] altName = der(SEQUENCE, der(OBJECT_IDENTIFIER, SUBJECT_ALT_NAME),
            der(OCTET_STRING, der(SEQUENCE, der(DNS_NAME, name.getBytes(StandardCharsets.US_ASCII)))));
        final byte[] serial = new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray();
        final byte[] tbs = der(SEQUENCE,
            der(CONTEXT_0, der(INTEGER, new byte[]{ 2 })),
            der(INTEGER, serial),
            algorithm,
            subject,
            validity,
            subject,
            pair.getPublic().getEncoded(),
            der(CONTEXT_3, der(SEQUENCE, altName)));

        final Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(tbs);
        final byte[] signature = signer.sign();
        final byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        final byte[] encoded = der(SEQUENCE, tbs, algorithm, der(BIT_STRING, bits));
        return (X509Certificate)CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(encoded));
    }

    private static byte[] utcTime(final Instant instant)
    {
        return UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * One DER element: its tag, its length (short form, or long form of one or two bytes), its contents.
     */
    static byte[] der(final int tag, final byte[]... parts)
    {
        int length = 0;
        for (final byte[] part : parts)
        {
            length += part.length;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(length + 4);
        out.write(tag);
        if (length <= SHORT_LENGTH_MAX)
        {
            out.write(length);
        }
        else if (length <= 0xFF)
        {
            out.write(0x81);
            out.write(length);
        }
        else
        {
            out.write(0x82);
            out.write(length >>> 8);
            out.write(length);
        }
        for (final byte[] part : parts)
        {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }
}
