/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import org.eclipse.jetty.http.HttpStatus;

/**
 * Who may do what on the REST API, from {@code security:} of l2.yaml. Immutable and thread-safe.
 * <ul>
 *     <li>A write (any method but {@code GET}) needs {@code Authorization: Bearer <token>}, on TCP and on the unix
 *     socket alike; a read needs it too when {@code api-read-open: false}.</li>
 *     <li>Without {@code api-token-file}, what needs the token is refused over TCP (403) and allowed over the unix
 *     socket, which its mode (0660) and group protect.</li>
 * </ul>
 */
final class ApiAccess
{
    private final ApiToken token;
    private final boolean readOpen;
    private final String configName;

    /**
     * A refusal: the status, the reason counted in the metrics and the one-line message.
     *
     * @param status  401 or 403.
     * @param reason  the reason counted.
     * @param message what the caller reads.
     */
    record Refusal(int status, ApiRejection reason, String message)
    {
    }

    /**
     * @param token      the API token, or null when none is configured.
     * @param readOpen   whether reads are served without the token.
     * @param configName the l2.yaml the daemon runs with, named when the token is missing.
     */
    ApiAccess(final ApiToken token, final boolean readOpen, final String configName)
    {
        this.token = token;
        this.readOpen = readOpen;
        this.configName = configName;
    }

    /**
     * @param write         true for anything but a read.
     * @param unixSocket    true when the request came over the unix socket.
     * @param authorization its {@code Authorization} header, or null.
     * @return null when the request may go on, else why not.
     */
    Refusal check(final boolean write, final boolean unixSocket, final String authorization)
    {
        if (!write && readOpen)
        {
            return null;
        }
        if (null == token)
        {
            return unixSocket ? null : new Refusal(HttpStatus.FORBIDDEN_403, ApiRejection.FORBIDDEN,
                "no API token configured: set security.api-token-file in " + configName +
                (write ? " (or write over the unix socket)" : " (or read over the unix socket)"));
        }
        if (token.matches(authorization))
        {
            return null;
        }
        return new Refusal(HttpStatus.UNAUTHORIZED_401, ApiRejection.UNAUTHORIZED, null == authorization ?
            "this needs Authorization: Bearer <token> (security.api-token-file)" : "wrong bearer token");
    }

    /**
     * @return true when a token is configured.
     */
    boolean hasToken()
    {
        return null != token;
    }
}
