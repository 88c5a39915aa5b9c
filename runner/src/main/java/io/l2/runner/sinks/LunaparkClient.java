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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.l2.config.LunaparkSink;
import io.l2.runner.base.InputException;
import io.l2.runner.results.Json;

/**
 * The job protocol of Lunapark as Yandex.Tank's DataUploader speaks it, over HTTP:
 * <ul>
 *     <li>{@code POST api/job/create.json} (JSON: task, person, tank, host, port, loadscheme, detailed_time,
 *     notify) answers {@code [{"job": N, "upload_token": T}]};</li>
 *     <li>{@code POST api/job/N/edit.json} (JSON: name, description, instances, ammo, …);</li>
 *     <li>{@code POST api/job/N/push_data.json?upload_token=T} (JSON: the list of one second's items, see
 *     {@link LunaparkItems});</li>
 *     <li>{@code GET api/job/N/close.json?exitcode=X}.</li>
 * </ul>
 * Every call carries {@code api_token} as a query parameter, an {@code X-Request-ID} of its own per attempt
 * ({@code <uuid>-<attempt>}) and a {@code User-Agent}. Answers: 2xx is success; 500..599 and network errors are
 * retried after {@code retry-pause}, doubling (up to 16 times it) on each retry, up to {@code attempts} tries; 423
 * (maintenance) is waited on, {@code maintenance-pause} each time, up to {@code attempts} tries; 410 is
 * {@link LunaparkException.StoppedFromOnline} at once; any other status is a {@link LunaparkException} at once, one
 * line naming the call and the status. TLS certificates are verified (unlike Tank's uploader).
 * <p>
 * Thread-safe (the {@link HttpClient} is); each call blocks its caller for its attempts and pauses.
 */
public final class LunaparkClient
{
    /** The status Lunapark answers when a job was stopped from its web page. */
    public static final int HTTP_GONE = 410;
    /** The status Lunapark answers when it is under maintenance. */
    public static final int HTTP_LOCKED = 423;

    private static final int MAX_BACKOFF_FACTOR = 16;
    private static final int BODY_EXCERPT_LENGTH = 160;

    /**
     * Waits between attempts; tests give one that does not sleep.
     */
    @FunctionalInterface
    public interface Pause
    {
        /**
         * @param durationNs how long to wait, ns.
         * @throws InterruptedException when interrupted meanwhile.
         */
        void pause(long durationNs) throws InterruptedException;
    }

    /**
     * A created job.
     *
     * @param number      the job's number.
     * @param uploadToken the token its pushes carry.
     */
    public record Job(long number, String uploadToken)
    {
    }

    private final URI api;
    private final String token;
    private final int attempts;
    private final long retryPauseNs;
    private final long maintenancePauseNs;
    private final Duration timeout;
    private final String userAgent;
    private final Pause pause;
    private final HttpClient http;

    /**
     * @param api                the API address, ending with {@code /}.
     * @param token              the {@code api_token}.
     * @param attempts           tries per call, at least 1.
     * @param retryPauseNs       the first pause after a 5xx or a network error, ns.
     * @param maintenancePauseNs the pause after a 423, ns.
     * @param timeoutNs          connect and request timeout, ns.
     * @param userAgent          the {@code User-Agent} header.
     * @param pause              how to wait between attempts.
     */
    public LunaparkClient(
        final URI api,
        final String token,
        final int attempts,
        final long retryPauseNs,
        final long maintenancePauseNs,
        final long timeoutNs,
        final String userAgent,
        final Pause pause)
    {
        this.api = api.toString().endsWith("/") ? api : URI.create(api + "/");
        this.token = token;
        this.attempts = Math.max(1, attempts);
        this.retryPauseNs = retryPauseNs;
        this.maintenancePauseNs = maintenancePauseNs;
        this.timeout = Duration.ofNanos(timeoutNs);
        this.userAgent = userAgent;
        this.pause = pause;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * A client for the configured sink: reads the token (from {@code token-file} now, its first line trimmed).
     *
     * @param sink      the configured sink.
     * @param userAgent the {@code User-Agent} header.
     * @return the client.
     * @throws LunaparkException when the token file cannot be read or is empty.
     */
    public static LunaparkClient of(final LunaparkSink sink, final String userAgent) throws LunaparkException
    {
        return new LunaparkClient(sink.api(), readToken(sink), sink.attempts(), sink.retryPauseNs(),
            sink.maintenancePauseNs(), sink.timeoutNs(), userAgent, (durationNs) -> Thread.sleep(durationNs / 1_000_000,
            (int)(durationNs % 1_000_000)));
    }

    /**
     * @param sink the configured sink.
     * @return its {@code api_token}: {@code token}, or the first line of {@code token-file}, trimmed.
     * @throws LunaparkException when the file cannot be read or holds no token.
     */
    public static String readToken(final LunaparkSink sink) throws LunaparkException
    {
        if (null != sink.token())
        {
            return sink.token();
        }
        return TokenFile.read(sink.tokenFile(), "lunapark", (message) -> new LunaparkException(message, 0));
    }

    /**
     * @return the API address, ending with {@code /}.
     */
    public URI api()
    {
        return api;
    }

    /**
     * @param job a job's number.
     * @return the job's web page, the API address followed by the number (as Tank prints it).
     */
    public URI jobUrl(final long job)
    {
        return api.resolve(Long.toString(job));
    }

    /**
     * {@code POST api/job/create.json}.
     *
     * @param body task, person, tank, host, port, loadscheme, detailed_time, notify.
     * @return the job.
     * @throws LunaparkException when it fails for good, or the answer is not {@code [{"job", "upload_token"}]}.
     */
    public Job create(final Map<String, Object> body) throws LunaparkException
    {
        final String call = "create.json";
        final Object answer = call(call, "POST", "api/job/create.json", "", body);
        if (answer instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first &&
            first.get("job") instanceof Number job && first.get("upload_token") instanceof String uploadToken &&
            !uploadToken.isEmpty())
        {
            return new Job(job.longValue(), uploadToken);
        }
        throw new LunaparkException("lunapark: " + call + ": expected [{\"job\": N, \"upload_token\": T}], got " +
            excerpt(String.valueOf(answer)), 200);
    }

    /**
     * {@code POST api/job/N/edit.json}.
     *
     * @param job  the job's number.
     * @param body name, description, instances, ammo, loop, version, component, tank_type, command_line, starred.
     * @throws LunaparkException when it fails for good.
     */
    public void edit(final long job, final Map<String, Object> body) throws LunaparkException
    {
        call("edit.json (job " + job + ")", "POST", "api/job/" + job + "/edit.json", "", body);
    }

    /**
     * {@code POST api/job/N/push_data.json?upload_token=T}.
     *
     * @param job   the job.
     * @param items one second's items ({@link LunaparkItems}).
     * @param label what is pushed, for messages (e.g. {@code second 5}).
     * @throws LunaparkException when it fails for good; {@link LunaparkException.StoppedFromOnline} on 410.
     */
    public void push(final Job job, final List<Map<String, Object>> items, final String label)
        throws LunaparkException
    {
        call("push_data.json (job " + job.number() + ", " + label + ")", "POST",
            "api/job/" + job.number() + "/push_data.json", "upload_token=" + encode(job.uploadToken()), items);
    }

    /**
     * {@code GET api/job/N/close.json?exitcode=X}.
     *
     * @param job      the job's number.
     * @param exitCode the shoot's exit code.
     * @throws LunaparkException when it fails for good.
     */
    public void close(final long job, final int exitCode) throws LunaparkException
    {
        call("close.json (job " + job + ")", "GET", "api/job/" + job + "/close.json", "exitcode=" + exitCode, null);
    }

    /**
     * {@code GET api/job/N/summary.json}: the job's description ({@code dsc}), as Tank reads it before it sets the
     * imbalance.
     *
     * @param job the job's number.
     * @return the description, or null when the answer has none.
     * @throws LunaparkException when it fails for good.
     */
    public String description(final long job) throws LunaparkException
    {
        final Object answer = call("summary.json (job " + job + ")", "GET", "api/job/" + job + "/summary.json", "",
            null);
        final Object first = answer instanceof List<?> list && !list.isEmpty() ? list.get(0) : answer;
        return first instanceof Map<?, ?> map && map.get("dsc") instanceof String dsc ? dsc : null;
    }

    private Object call(final String name, final String method, final String path, final String query,
        final Object body) throws LunaparkException
    {
        final URI uri = api.resolve(path + "?" + (query.isEmpty() ? "" : query + "&") + "api_token=" + encode(token));
        final String id = UUID.randomUUID().toString();
        final String json = null == body ? null : Json.write(body);
        int failures = 0;
        int lastStatus = 0;
        String last = "";
        for (int attempt = 1; attempt <= attempts; attempt++)
        {
            final HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("X-Request-ID", id + "-" + attempt)
                .header("User-Agent", userAgent)
                .header("Accept", "application/json");
            if (null == json)
            {
                request.GET();
            }
            else
            {
                request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
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
                pauseBefore(attempt, retryPauseNs * Math.min(MAX_BACKOFF_FACTOR, 1L << Math.min(30, failures++)),
                    name);
                continue;
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new LunaparkException("lunapark: " + name + ": interrupted", 0);
            }
            final int status = response.statusCode();
            lastStatus = status;
            if (status >= 200 && status < 300)
            {
                return parse(name, response.body());
            }
            last = "HTTP " + status + excerptOf(response.body());
            if (HTTP_GONE == status)
            {
                throw new LunaparkException.StoppedFromOnline("lunapark: " + name + ": HTTP 410, the job was " +
                    "stopped from Lunapark");
            }
            if (HTTP_LOCKED == status)
            {
                last = "HTTP 423 (under maintenance)";
                pauseBefore(attempt, maintenancePauseNs, name);
            }
            else if (status >= 500 && status < 600)
            {
                pauseBefore(attempt, retryPauseNs * Math.min(MAX_BACKOFF_FACTOR, 1L << Math.min(30, failures++)),
                    name);
            }
            else
            {
                throw new LunaparkException("lunapark: " + name + ": " + last, status);
            }
        }
        throw new LunaparkException("lunapark: " + name + ": " + last + " (gave up after " + attempts + " attempt" +
            (1 == attempts ? "" : "s") + ")", lastStatus);
    }

    private void pauseBefore(final int attempt, final long durationNs, final String name) throws LunaparkException
    {
        if (attempt >= attempts)
        {
            return;
        }
        try
        {
            pause.pause(durationNs);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new LunaparkException("lunapark: " + name + ": interrupted", 0);
        }
    }

    private static Object parse(final String name, final String body) throws LunaparkException
    {
        if (body.isBlank())
        {
            return null;
        }
        try
        {
            return Json.parseValue(body, name);
        }
        catch (final InputException ex)
        {
            throw new LunaparkException("lunapark: " + name + ": the answer is not JSON: " + excerpt(body), 200);
        }
    }

    private static String excerptOf(final String body)
    {
        return null == body || body.isBlank() ? "" : ": " + excerpt(body);
    }

    private static String excerpt(final String text)
    {
        final String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= BODY_EXCERPT_LENGTH ? line : line.substring(0, BODY_EXCERPT_LENGTH) + "…";
    }

    private static String encode(final String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
