/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.util.LinkedHashMap;
import java.util.Map;

import io.l2.runner.results.Json;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a URI it refuses, a request it cannot parse) as the daemon's JSON {@code {"error": "..."}}
 * instead of an HTML page; a 400 counts as {@link ApiRejection#BAD_REQUEST}, a 413 or 431 (headers over the cap) as
 * {@link ApiRejection#TOO_LARGE}. Called on Jetty's threads.
 */
final class JsonErrorHandler extends ErrorHandler
{
    private final DaemonState state;

    /**
     * @param state where refusals are counted.
     */
    JsonErrorHandler(final DaemonState state)
    {
        this.state = state;
    }

    protected void generateResponse(
        final Request request,
        final Response response,
        final int code,
        final String message,
        final Throwable cause,
        final Callback callback)
    {
        if (HttpStatus.BAD_REQUEST_400 == code)
        {
            state.apiRejected(ApiRejection.BAD_REQUEST);
        }
        else if (HttpStatus.PAYLOAD_TOO_LARGE_413 == code || HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 == code)
        {
            state.apiRejected(ApiRejection.TOO_LARGE);
        }
        final String text = null == message || message.isBlank() ? HttpStatus.getMessage(code) : message;
        ApiHandler.send(response, code, ApiHandler.JSON_TYPE, Json.write(error(text)), callback);
    }

    static Map<String, Object> error(final String message)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", message);
        return json;
    }
}
