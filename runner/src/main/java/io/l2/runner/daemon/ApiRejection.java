/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

/**
 * Why the REST API refused a request, as {@code l2_api_rejected_total{reason="..."}} counts it ({@link #label()}).
 * Only refusals of the caller's request are counted: unknown paths (404), wrong methods (405) and a busy daemon (409)
 * are answers, not rejections.
 */
public enum ApiRejection
{
    /** 401: no {@code Authorization: Bearer} header, or a wrong token. */
    UNAUTHORIZED("unauthorized"),

    /** 403: a write (or a closed read) over TCP while no API token is configured. */
    FORBIDDEN("forbidden"),

    /** 413 or 431: a body over {@link ApiHandler#MAX_BODY_LENGTH} bytes, or headers over the header cap. */
    TOO_LARGE("too_large"),

    /** 408: a body that arrived slower than {@link ApiLimits#minBodyRate()}. */
    TOO_SLOW("too_slow"),

    /** 415: a body that is not YAML or JSON. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),

    /** 400: a bad plan, a bad shoot id, or a request Jetty could not parse. */
    BAD_REQUEST("bad_request");

    private final String label;

    ApiRejection(final String label)
    {
        this.label = label;
    }

    /**
     * @return the value of the {@code reason} label.
     */
    public String label()
    {
        return label;
    }
}
