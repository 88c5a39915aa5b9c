/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server certificate made for a test by the running JDK's {@code keytool}, signed by a CA made for it too (a
 * self-signed certificate trusted as itself would never be checked for expiry): the server's key and chain in a
 * PKCS#12 store (for a Java TLS server), the certificate, the CA and the key as PEM files (the client's CA file;
 * unbound's {@code tls-service-pem}/{@code tls-service-key}, the key through {@code openssl}). Valid for the given
 * name, from a given start for a given number of days (three days back and one day makes an expired one).
 *
 * @param store  the PKCS#12 store holding the server's key and its certificate chain (password {@link #PASSWORD}).
 * @param pem    the server's certificate, PEM, signed by the CA.
 * @param caPem  the CA's certificate, PEM: what a client trusts.
 * @param keyPem the server's private key, PEM (PKCS#8), or null when openssl is missing.
 */
public record TestCertificates(Path store, Path pem, Path caPem, Path keyPem)
{
    /** The store's password. */
    public static final String PASSWORD = "l2-test";

    private static final long TOOL_TIMEOUT_S = 60;

    /**
     * @param directory where the files go.
     * @param name      the DNS name the certificate is for (its CN and its only SAN).
     * @param startDate keytool's {@code -startdate} (e.g. {@code -2d}), or null for now.
     * @param days      days of validity from the start.
     * @return the files.
     */
    public static TestCertificates make(final Path directory, final String name, final String startDate, final int days)
    {
        final String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        final Path caStore = directory.resolve(name + ".ca.p12");
        final Path ca = directory.resolve(name + ".ca.pem");
        final Path store = directory.resolve(name + ".p12");
        final Path request = directory.resolve(name + ".csr");
        final Path chain = directory.resolve(name + ".pem");
        final List<String> storeOptions = List.of("-storepass", PASSWORD, "-storetype", "PKCS12");
        run(keytool, List.of("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
            "CN=l2 test CA for " + name, "-ext", "bc:c", "-validity", "30", "-keystore", caStore.toString()),
            storeOptions);
        run(keytool, List.of("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-file",
            ca.toString()), storeOptions);
        run(keytool, List.of("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
            "CN=" + name, "-keystore", store.toString()), storeOptions);
        run(keytool, List.of("-certreq", "-alias", "server", "-keystore", store.toString(), "-file",
            request.toString()), storeOptions);
        final List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore",
            caStore.toString(), "-infile", request.toString(), "-outfile", chain.toString(), "-ext", "SAN=dns:" + name,
            "-validity", Integer.toString(days)));
        if (null != startDate)
        {
            sign.addAll(List.of("-startdate", startDate));
        }
        run(keytool, sign, storeOptions);
        run(keytool, List.of("-importcert", "-noprompt", "-alias", "ca", "-file", ca.toString(), "-keystore",
            store.toString()), storeOptions);
        run(keytool, List.of("-importcert", "-noprompt", "-alias", "server", "-file", chain.toString(), "-keystore",
            store.toString()), storeOptions);
        Path keyPem = null;
        if (Files.isExecutable(Path.of("/usr/bin/openssl")))
        {
            keyPem = directory.resolve(name + ".key");
            run("/usr/bin/openssl", List.of("pkcs12", "-in", store.toString(), "-passin", "pass:" + PASSWORD,
                "-nocerts", "-nodes", "-out", keyPem.toString()), List.of());
        }
        return new TestCertificates(store, chain, ca, keyPem);
    }

    /**
     * @return a server TLS context presenting this certificate.
     */
    public SSLContext serverContext()
    {
        try (InputStream in = Files.newInputStream(store))
        {
            final KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            final KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, PASSWORD.toCharArray());
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalStateException(store + ": " + ex, ex);
        }
    }

    private static void run(final String tool, final List<String> arguments, final List<String> more)
    {
        final List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(arguments);
        command.addAll(more);
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TOOL_TIMEOUT_S, TimeUnit.SECONDS) || 0 != process.exitValue())
            {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(command.get(0) + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
