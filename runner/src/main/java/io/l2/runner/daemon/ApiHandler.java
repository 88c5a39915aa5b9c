/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.l2.runner.results.Json;
import io.l2.transport.auth.Rejection;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The daemon's REST API, the same on every connector:
 * <ul>
 *     <li>{@code GET /status}: version, state ("waiting for jobs" or "shooting"), uptime_s, control (messages
 *     and malformed counts of the control channel, whether it is authenticated, the rejected counts by reason),
 *     host, pid, config;</li>
 *     <li>{@code GET /shoots}: the shoots with results here, newest first, as summaries;</li>
 *     <li>{@code GET /shoots/{id}}: that shoot's {@code result.json};</li>
 *     <li>{@code GET /shoots/{id}/seconds}: its per-second list;</li>
 *     <li>{@code POST /shoots/{id}/abort}: stops that shoot when it runs here (202), else 409;</li>
 *     <li>{@code GET /metrics}: Prometheus text format 0.0.4 ({@link PrometheusMetrics}).</li>
 * </ul>
 * Every error is JSON {@code {"error": "..."}}: 400 bad shoot id, 404 unknown path or shoot, 405 wrong method (with
 * {@code Allow}), 413 a body over {@link #MAX_BODY_LENGTH} bytes. Blocking handler, called on Jetty's pool threads;
 * it reads the results directory on every request (no cache).
 */
final class ApiHandler extends Handler.Abstract
{
    /** The largest request body taken, in bytes. */
    static final int MAX_BODY_LENGTH = 64 * 1024;

    static final String JSON_TYPE = "application/json; charset=utf-8";

    private final DaemonState state;
    private final ShootResults results;
    private final Map<String, Object> staticStatus;

    /**
     * @param state        the daemon's state.
     * @param results      the shoots of the results directory.
     * @param staticStatus what {@code /status} always says (version, host, pid, config), in order.
     */
    ApiHandler(final DaemonState state, final ShootResults results, final Map<String, Object> staticStatus)
    {
        super(InvocationType.BLOCKING);
        this.state = state;
        this.results = results;
        this.staticStatus = staticStatus;
    }

    /**
     * {@inheritDoc}
     */
    public boolean handle(final Request request, final Response response, final Callback callback)
        throws IOException
    {
        if (bodyTooLong(request))
        {
            error(response, HttpStatus.PAYLOAD_TOO_LARGE_413,
                "request body over " + MAX_BODY_LENGTH + " bytes", callback);
            return true;
        }
        final String method = request.getMethod();
        final String path = request.getHttpURI().getPath();
        final String[] segments = null == path || path.isEmpty() ? new String[0] : path.substring(1).split("/", -1);
        if (1 == segments.length && "status".equals(segments[0]))
        {
            if (allowed(method, "GET", response, callback))
            {
                json(response, HttpStatus.OK_200, status(), callback);
            }
        }
        else if (1 == segments.length && "metrics".equals(segments[0]))
        {
            if (allowed(method, "GET", response, callback))
            {
                send(response, HttpStatus.OK_200, PrometheusMetrics.CONTENT_TYPE, PrometheusMetrics.write(state),
                    callback);
            }
        }
        else if (1 == segments.length && "shoots".equals(segments[0]))
        {
            if (allowed(method, "GET", response, callback))
            {
                final Map<String, Object> json = new LinkedHashMap<>();
                json.put("shoots", results.list());
                json(response, HttpStatus.OK_200, json, callback);
            }
        }
        else if (2 <= segments.length && segments.length <= 3 && "shoots".equals(segments[0]))
        {
            shoot(request, response, segments, callback);
        }
        else
        {
            error(response, HttpStatus.NOT_FOUND_404, "no such path: " + path, callback);
        }
        return true;
    }

    private void shoot(final Request request, final Response response, final String[] segments, final Callback callback)
        throws IOException
    {
        final String id = segments[1];
        final String action = 3 == segments.length ? segments[2] : "";
        final boolean known = action.isEmpty() || "seconds".equals(action) || "abort".equals(action);
        if (!known)
        {
            error(response, HttpStatus.NOT_FOUND_404, "no such path: " + request.getHttpURI().getPath(), callback);
            return;
        }
        if (!allowed(request.getMethod(), "abort".equals(action) ? "POST" : "GET", response, callback))
        {
            return;
        }
        if (!ShootResults.isValidId(id))
        {
            error(response, HttpStatus.BAD_REQUEST_400,
                "bad shoot id (expected " + ShootResults.ID_PATTERN.pattern() + ")", callback);
            return;
        }
        if ("abort".equals(action))
        {
            if (state.abort(id))
            {
                final Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", id);
                json.put("aborting", true);
                json(response, HttpStatus.ACCEPTED_202, json, callback);
            }
            else
            {
                final String running = state.shootId();
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
        json.putAll(staticStatus);
        return json;
    }

    private static boolean bodyTooLong(final Request request) throws IOException
    {
        final long length = request.getLength();
        if (length > MAX_BODY_LENGTH)
        {
            return true;
        }
        if (0 == length)
        {
            return false;
        }
        final byte[] chunk = new byte[8192];
        long total = 0;
        try (InputStream in = Content.Source.asInputStream(request))
        {
            int read;
            while (-1 != (read = in.read(chunk)))
            {
                total += read;
                if (total > MAX_BODY_LENGTH)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean allowed(
        final String method, final String allowedMethod, final Response response, final Callback callback)
    {
        if (allowedMethod.equals(method))
        {
            return true;
        }
        response.getHeaders().put(HttpHeader.ALLOW, allowedMethod);
        error(response, HttpStatus.METHOD_NOT_ALLOWED_405, method + " not allowed here (only " + allowedMethod + ")",
            callback);
        return false;
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
