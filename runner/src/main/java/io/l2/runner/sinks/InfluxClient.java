/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.l2.config.InfluxSink;

/**
 * Writes line protocol to one InfluxDB: version 1 {@code POST /write?db=…[&rp=…][&u=…&p=…]&precision=s}, version 2
 * {@code POST /api/v2/write?org=…&bucket=…&precision=s} with {@code Authorization: Token …}. A 2xx is success; a 5xx
 * or a network error is retried up to the sink's attempts, pausing {@code retry-pause} and doubling it each time (at
 * most 16 times); any other status fails at once. Every failure is one {@link InfluxException} line that never shows
 * the password or the token. Thread-safe (the JDK's {@link HttpClient}); blocking.
 */
public final class InfluxClient
{
    private static final int MAX_BACKOFF_FACTOR = 16;
    private static final int BODY_EXCERPT_LENGTH = 200;

    /**
     * Waits between attempts (injected so tests do not sleep).
     */
    @FunctionalInterface
    public interface Pause
    {
        /**
         * @param durationNs how long, ns.
         * @throws InterruptedException when interrupted.
         */
        void pause(long durationNs) throws InterruptedException;
    }

    private final URI writeUri;
    private final String shownUri;
    private final String authorization;
    private final int attempts;
    private final long retryPauseNs;
    private final Duration timeout;
    private final String userAgent;
    private final Pause pause;
    private final HttpClient http;

    /**
     * @param sink      the sink's settings.
     * @param token     the version 2 token (read from the token file), or null for version 1.
     * @param userAgent the {@code User-Agent} header.
     * @param pause     how to wait between attempts.
     */
    public InfluxClient(final InfluxSink sink, final String token, final String userAgent, final Pause pause)
    {
        final StringBuilder query = new StringBuilder();
        final StringBuilder shown = new StringBuilder();
        final String path;
        if (1 == sink.version())
        {
            path = "write";
            parameter(query, shown, "db", sink.db(), false);
            if (null != sink.retentionPolicy())
            {
                parameter(query, shown, "rp", sink.retentionPolicy(), false);
            }
            if (null != sink.username())
            {
                parameter(query, shown, "u", sink.username(), false);
                parameter(query, shown, "p", sink.password(), true);
            }
            this.authorization = null;
        }
        else
        {
            path = "api/v2/write";
            parameter(query, shown, "org", sink.org(), false);
            parameter(query, shown, "bucket", sink.bucket(), false);
            this.authorization = "Token " + token;
        }
        parameter(query, shown, "precision", "s", false);
        this.writeUri = sink.url().resolve(path + "?" + query);
        this.shownUri = sink.url().resolve(path) + "?" + shown;
        this.attempts = sink.attempts();
        this.retryPauseNs = sink.retryPauseNs();
        this.timeout = Duration.ofNanos(sink.timeoutNs());
        this.userAgent = userAgent;
        this.pause = pause;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * A client that sleeps between attempts; reads the version 2 token.
     *
     * @param sink      the sink's settings.
     * @param userAgent the {@code User-Agent} header.
     * @return the client.
     * @throws InfluxException when the token file cannot be read or is empty.
     */
    public static InfluxClient of(final InfluxSink sink, final String userAgent) throws InfluxException
    {
        return new InfluxClient(sink, 2 == sink.version() ? readToken(sink) : null, userAgent,
            (durationNs) -> Thread.sleep(durationNs / 1_000_000, (int)(durationNs % 1_000_000)));
    }

    /**
     * @param sink a version 2 sink.
     * @return its token: {@code token}, or the first line of {@code token-file}, trimmed.
     * @throws InfluxException when the file cannot be read or is empty.
     */
    public static String readToken(final InfluxSink sink) throws InfluxException
    {
        if (null != sink.token())
        {
            return sink.token();
        }
        return TokenFile.read(sink.tokenFile(), "influxdb", (message) -> new InfluxException(message, 0));
    }

    /**
     * @return where writes go, with the password shown as {@code ***} (for messages and notes).
     */
    public String shownUri()
    {
        return shownUri;
    }

    /**
     * Writes a batch of lines.
     *
     * @param lines line protocol, one point a line.
     * @param label what the batch is, for messages (e.g. {@code second 3}).
     * @throws InfluxException when the write failed for good.
     */
    public void write(final String lines, final String label) throws InfluxException
    {
        final String name = "write (" + label + ")";
        int lastStatus = 0;
        String last = "";
        for (int attempt = 1; attempt <= attempts; attempt++)
        {
            final HttpRequest.Builder request = HttpRequest.newBuilder(writeUri)
                .timeout(timeout)
                .header("User-Agent", userAgent)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(lines, StandardCharsets.UTF_8));
            if (null != authorization)
            {
                request.header("Authorization", authorization);
            }
            final HttpResponse<String> response;
            try
            {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
            catch (final IOException ex)
            {
                last = "network error: " + ex;
                lastStatus = 0;
                pauseBefore(attempt, name);
                continue;
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new InfluxException("influxdb: " + name + ": interrupted", 0);
            }
            final int status = response.statusCode();
            lastStatus = status;
            if (status >= 200 && status < 300)
            {
                return;
            }
            last = "HTTP " + status + excerptOf(response.body());
            if (status < 500 || status >= 600)
            {
                throw new InfluxException("influxdb: " + name + " to " + shownUri + ": " + last, status);
            }
            pauseBefore(attempt, name);
        }
        throw new InfluxException("influxdb: " + name + " to " + shownUri + ": " + last + " (gave up after " +
            attempts + " attempt" + (1 == attempts ? "" : "s") + ")", lastStatus);
    }

    private void pauseBefore(final int attempt, final String name) throws InfluxException
    {
        if (attempt >= attempts)
        {
            return;
        }
        try
        {
            pause.pause(retryPauseNs * Math.min(MAX_BACKOFF_FACTOR, 1L << Math.min(30, attempt - 1)));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new InfluxException("influxdb: " + name + ": interrupted", 0);
        }
    }

    private static void parameter(
        final StringBuilder query,
        final StringBuilder shown,
        final String key,
        final String value,
        final boolean secret)
    {
        final String separator = query.isEmpty() ? "" : "&";
        query.append(separator).append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        shown.append(separator).append(key).append('=')
            .append(secret ? "***" : URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String excerptOf(final String body)
    {
        if (null == body || body.isBlank())
        {
            return "";
        }
        final String line = body.strip().replaceAll("\\s+", " ");
        return ": " + (line.length() <= BODY_EXCERPT_LENGTH ? line : line.substring(0, BODY_EXCERPT_LENGTH) + "…");
    }
}
