/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.l2.config.ConfigException;
import io.l2.runner.results.Json;
import io.l2.transport.auth.Rejection;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The daemon's REST API, the same on every connector:
 * <ul>
 *     <li>{@code GET /status}: version, state ("waiting for jobs" or "shooting"), uptime_s, control (messages
 *     and malformed counts of the control channel, whether it is authenticated, the rejected counts by reason),
 *     api_shoot (the last shoot started through the API), host, pid, config;</li>
 *     <li>{@code GET /shoots}: the shoots with results here, newest first, as summaries;</li>
 *     <li>{@code POST /shoots}: the body is a shoot plan (YAML or JSON, as {@code l2 shoot fire --file} takes it,
 *     {@code Content-Type} {@code application/yaml} or {@code application/json}); the daemon fires it as
 *     {@code l2 shoot fire} would and answers 202 {@code {"id": ..., "status": "started"}}, 409 when a shoot runs
 *     here, 400 with the plan's one-line error ({@code request body:LINE:COLUMN: ...});</li>
 *     <li>{@code GET /shoots/{id}}: that shoot's {@code result.json};</li>
 *     <li>{@code GET /shoots/{id}/seconds}: its per-second list;</li>
 *     <li>{@code POST /shoots/{id}/abort}: stops that shoot when it runs here, started through the API or fired by a
 *     runner (202), else 409;</li>
 *     <li>{@code GET /metrics}: Prometheus text format 0.0.4 ({@link PrometheusMetrics}).</li>
 * </ul>
 * The order of checks: the path (404), the method (405, with {@code Allow}), the token ({@link ApiAccess}: 401 with
 * {@code WWW-Authenticate: Bearer}, 403), the body's declared length (413), its type (415), then the request itself
 * (400, 409). A body is read only for {@code POST /shoots}, only once the token was checked, never past
 * {@link #MAX_BODY_LENGTH} bytes, and cut (408) when it arrives slower than {@link ApiLimits#minBodyRate()}. Every error is JSON {@code {"error": "..."}} in one line; refusals are counted
 * ({@link ApiRejection}). Blocking handler, called on Jetty's pool threads; it reads the results directory on every
 * request (no cache).
 */
final class ApiHandler extends Handler.Abstract
{
    /** The largest request body taken, in bytes (1 MiB). */
    static final int MAX_BODY_LENGTH = 1024 * 1024;

    static final String JSON_TYPE = "application/json; charset=utf-8";

    /** The media types a plan may be sent as (JSON is YAML too). */
    static final Set<String> PLAN_TYPES = Set.of(
        "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/json");

    private static final String GET = "GET";
    private static final String POST = "POST";

    private final DaemonState state;
    private final ShootResults results;
    private final Map<String, Object> staticStatus;
    private final ApiAccess access;
    private final ApiShoots shoots;
    private final ApiLimits limits;

    /**
     * @param state        the daemon's state.
     * @param results      the shoots of the results directory.
     * @param staticStatus what {@code /status} always says (version, host, pid, config), in order.
     * @param access       who may do what.
     * @param shoots       the shoots started through {@code POST /shoots}.
     * @param limits       the slowest a body may arrive.
     */
    ApiHandler(
        final DaemonState state,
        final ShootResults results,
        final Map<String, Object> staticStatus,
        final ApiAccess access,
        final ApiShoots shoots,
        final ApiLimits limits)
    {
        super(InvocationType.BLOCKING);
        this.limits = limits;
        this.state = state;
        this.results = results;
        this.staticStatus = staticStatus;
        this.access = access;
        this.shoots = shoots;
    }

    /**
     * {@inheritDoc}
     */
    public boolean handle(final Request request, final Response response, final Callback callback)
        throws IOException
    {
        final String method = request.getMethod();
        final String path = request.getHttpURI().getPath();
        final String[] segments = null == path || path.isEmpty() ? new String[0] : path.substring(1).split("/", -1);
        final String allowed = allowedMethods(segments);
        if (null == allowed)
        {
            error(response, HttpStatus.NOT_FOUND_404, "no such path: " + path, callback);
            return true;
        }
        if (!List.of(allowed.split(", ")).contains(method))
        {
            response.getHeaders().put(HttpHeader.ALLOW, allowed);
            error(response, HttpStatus.METHOD_NOT_ALLOWED_405, method + " not allowed here (only " + allowed + ")",
                callback);
            return true;
        }
        final ApiAccess.Refusal refusal = access.check(!GET.equals(method),
            request.getConnectionMetaData().getConnector() instanceof UnixDomainServerConnector,
            request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (null != refusal)
        {
            if (HttpStatus.UNAUTHORIZED_401 == refusal.status())
            {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            }
            reject(response, refusal.status(), refusal.reason(), refusal.message(), callback);
            return true;
        }
        if (request.getLength() > MAX_BODY_LENGTH)
        {
            reject(response, HttpStatus.PAYLOAD_TOO_LARGE_413, ApiRejection.TOO_LARGE,
                "request body over " + MAX_BODY_LENGTH + " bytes", callback);
            return true;
        }
        route(request, response, segments, callback);
        return true;
    }

    private static String allowedMethods(final String[] segments)
    {
        if (1 == segments.length && ("status".equals(segments[0]) || "metrics".equals(segments[0])))
        {
            return GET;
        }
        if (0 == segments.length || !"shoots".equals(segments[0]) || segments.length > 3)
        {
            return null;
        }
        if (1 == segments.length)
        {
            return GET + ", " + POST;
        }
        if (2 == segments.length || "seconds".equals(segments[2]))
        {
            return GET;
        }
        return "abort".equals(segments[2]) ? POST : null;
    }

    private void route(final Request request, final Response response, final String[] segments, final Callback callback)
        throws IOException
    {
        if ("status".equals(segments[0]))
        {
            json(response, HttpStatus.OK_200, status(), callback);
        }
        else if ("metrics".equals(segments[0]))
        {
            send(response, HttpStatus.OK_200, PrometheusMetrics.CONTENT_TYPE, PrometheusMetrics.write(state),
                callback);
        }
        else if (1 == segments.length && POST.equals(request.getMethod()))
        {
            startShoot(request, response, callback);
        }
        else if (1 == segments.length)
        {
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("shoots", results.list());
            json(response, HttpStatus.OK_200, json, callback);
        }
        else
        {
            shoot(response, segments, callback);
        }
    }

    private void startShoot(final Request request, final Response response, final Callback callback)
        throws IOException
    {
        final String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        final String mediaType = null == contentType ? "" :
            contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!PLAN_TYPES.contains(mediaType))
        {
            reject(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, ApiRejection.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type " + (null == contentType ? "missing" : contentType) +
                ": a shoot plan is application/yaml or application/json", callback);
            return;
        }
        if (!charsetIsUtf8(contentType))
        {
            reject(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, ApiRejection.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type " + contentType + ": only charset=utf-8", callback);
            return;
        }
        final String runningBefore = runningHere();
        if (null != runningBefore)
        {
            conflict(response, runningBefore, callback);
            return;
        }
        final byte[] body;
        try
        {
            body = readBody(request);
        }
        catch (final SlowBodyException ex)
        {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            reject(response, HttpStatus.REQUEST_TIMEOUT_408, ApiRejection.TOO_SLOW,
                "request body arrived slower than " + limits.minBodyRate() + " bytes/s", callback);
            return;
        }
        if (null == body)
        {
            reject(response, HttpStatus.PAYLOAD_TOO_LARGE_413, ApiRejection.TOO_LARGE,
                "request body over " + MAX_BODY_LENGTH + " bytes", callback);
            return;
        }
        final String yaml;
        try
        {
            yaml = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        }
        catch (final CharacterCodingException ex)
        {
            reject(response, HttpStatus.BAD_REQUEST_400, ApiRejection.BAD_REQUEST,
                ApiShoots.PLAN_NAME + ": not UTF-8", callback);
            return;
        }
        try
        {
            shoots.check(yaml);
        }
        catch (final ConfigException ex)
        {
            reject(response, HttpStatus.BAD_REQUEST_400, ApiRejection.BAD_REQUEST, ex.getMessage(), callback);
            return;
        }
        catch (final RuntimeException ex)
        {
            reject(response, HttpStatus.BAD_REQUEST_400, ApiRejection.BAD_REQUEST,
                ApiShoots.PLAN_NAME + ": " + oneLine(String.valueOf(ex.getMessage())), callback);
            return;
        }
        final String running = state.shootId();
        final String id = null == running ? shoots.start(yaml) : null;
        if (null == id)
        {
            conflict(response, runningHere(), callback);
            return;
        }
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("status", "started");
        json(response, HttpStatus.ACCEPTED_202, json, callback);
    }

    /**
     * @return the shoot running here (started through the API, or fired by a runner), or null.
     */
    private String runningHere()
    {
        final String apiShoot = shoots.runningId();
        return null != apiShoot ? apiShoot : state.shootId();
    }

    private static void conflict(final Response response, final String running, final Callback callback)
    {
        error(response, HttpStatus.CONFLICT_409, null == running ? "another shoot started on this daemon just now" :
            "shoot " + running + " is running on this daemon: abort it first (POST /shoots/" + running +
            "/abort) or wait for it", callback);
    }

    private void shoot(final Response response, final String[] segments, final Callback callback) throws IOException
    {
        final String id = segments[1];
        final String action = 3 == segments.length ? segments[2] : "";
        if (!ShootResults.isValidId(id))
        {
            reject(response, HttpStatus.BAD_REQUEST_400, ApiRejection.BAD_REQUEST,
                "bad shoot id (expected " + ShootResults.ID_PATTERN.pattern() + ")", callback);
            return;
        }
        if ("abort".equals(action))
        {
            if (shoots.abort(id) || state.abort(id))
            {
                final Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", id);
                json.put("aborting", true);
                json(response, HttpStatus.ACCEPTED_202, json, callback);
            }
            else
            {
                final String running = runningHere();
                error(response, HttpStatus.CONFLICT_409, "shoot " + id + " is not running on this daemon (" +
                    (null == running ? "waiting for jobs" : "shooting " + running) + ")", callback);
            }
            return;
        }
        if (action.isEmpty())
        {
            final String text = results.resultText(id);
            if (null == text)
            {
                error(response, HttpStatus.NOT_FOUND_404, "no such shoot: " + id, callback);
            }
            else
            {
                send(response, HttpStatus.OK_200, JSON_TYPE, text, callback);
            }
            return;
        }
        final Map<String, Object> result;
        try
        {
            result = results.read(id);
        }
        catch (final IllegalArgumentException ex)
        {
            error(response, HttpStatus.INTERNAL_SERVER_ERROR_500, ex.getMessage(), callback);
            return;
        }
        if (null == result)
        {
            error(response, HttpStatus.NOT_FOUND_404, "no such shoot: " + id, callback);
            return;
        }
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("seconds", result.get("seconds") instanceof List<?> list ? list : List.of());
        json(response, HttpStatus.OK_200, json, callback);
    }

    private Map<String, Object> status()
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", staticStatus.get("version"));
        json.put("state", state.stateName());
        json.put("shoot", state.shootId());
        json.put("uptime_s", state.uptimeNs() / 1_000_000_000L);
        final Map<String, Object> control = new LinkedHashMap<>();
        control.put("messages", state.controlMessageCount());
        control.put("malformed", state.controlMalformedCount());
        control.put("authenticated", state.controlAuthenticated());
        final Map<String, Object> rejected = new LinkedHashMap<>();
        for (final Rejection rejection : Rejection.values())
        {
            rejected.put(rejection.label(), state.controlRejectedCount(rejection));
        }
        control.put("rejected", rejected);
        json.put("control", control);
        json.put("api_shoot", shoots.status());
        json.putAll(staticStatus);
        return json;
    }

    private static boolean charsetIsUtf8(final String contentType)
    {
        for (final String parameter : contentType.split(";"))
        {
            final String[] pair = parameter.strip().split("=", 2);
            if (2 == pair.length && "charset".equalsIgnoreCase(pair[0].strip()))
            {
                final String charset = pair[1].strip().replace("\"", "");
                return "utf-8".equalsIgnoreCase(charset) || "utf8".equalsIgnoreCase(charset);
            }
        }
        return true;
    }

    /**
     * Reads the body on this thread, at most {@link #MAX_BODY_LENGTH} bytes; once a second a timer checks that it
     * arrives at {@link ApiLimits#minBodyRate()} at least since the read began, and fails the read when it does not
     * (the connection's idle timeout alone never cuts a client that sends one byte now and then).
     *
     * @return the whole body, or null when it is over {@link #MAX_BODY_LENGTH} (reading stops there).
     * @throws SlowBodyException when it arrived too slowly.
     */
    private byte[] readBody(final Request request) throws IOException
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        final byte[] chunk = new byte[8192];
        final AtomicLong receivedLength = new AtomicLong();
        final AtomicBoolean tooSlow = new AtomicBoolean();
        final long startNs = System.nanoTime();
        final Scheduler scheduler = request.getComponents().getScheduler();
        final AtomicReference<Scheduler.Task> check = new AtomicReference<>();
        final Runnable rateCheck = new Runnable()
        {
            public void run()
            {
                final double elapsedS = (System.nanoTime() - startNs) / 1e9;
                if (receivedLength.get() < elapsedS * limits.minBodyRate())
                {
                    tooSlow.set(true);
                    request.fail(new TimeoutException("request body slower than " + limits.minBodyRate() +
                        " bytes/s"));
                }
                else
                {
                    check.set(scheduler.schedule(this, 1, TimeUnit.SECONDS));
                }
            }
        };
        check.set(scheduler.schedule(rateCheck, 1, TimeUnit.SECONDS));
        try (InputStream in = Content.Source.asInputStream(request))
        {
            int read;
            while (-1 != (read = in.read(chunk)))
            {
                receivedLength.addAndGet(read);
                if (body.size() + read > MAX_BODY_LENGTH)
                {
                    return null;
                }
                body.write(chunk, 0, read);
            }
        }
        catch (final IOException ex)
        {
            if (tooSlow.get())
            {
                throw new SlowBodyException(ex);
            }
            throw ex;
        }
        finally
        {
            final Scheduler.Task task = check.getAndSet(null);
            if (null != task)
            {
                task.cancel();
            }
        }
        if (tooSlow.get())
        {
            throw new SlowBodyException(null);
        }
        return body.toByteArray();
    }

    /**
     * A body that arrived slower than {@link ApiLimits#minBodyRate()}.
     */
    static final class SlowBodyException extends IOException
    {
        private static final long serialVersionUID = 1L;

        SlowBodyException(final Throwable cause)
        {
            super("request body too slow", cause);
        }
    }

    private static String oneLine(final String text)
    {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private void reject(
        final Response response,
        final int status,
        final ApiRejection reason,
        final String message,
        final Callback callback)
    {
        state.apiRejected(reason);
        error(response, status, message, callback);
    }

    private static void json(
        final Response response, final int status, final Map<String, Object> json, final Callback callback)
    {
        send(response, status, JSON_TYPE, Json.write(json), callback);
    }

    private static void error(final Response response, final int status, final String message, final Callback callback)
    {
        json(response, status, JsonErrorHandler.error(message), callback);
    }

    static void send(
        final Response response, final int status, final String contentType, final String text, final Callback callback)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
