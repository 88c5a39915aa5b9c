/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code sinks: {lunapark: …}} section of {@code l2.yaml}: where and how a shoot is pushed to Lunapark (the job
 * protocol of Yandex.Tank's DataUploader). Immutable; the token file is only named here, read when a push starts.
 *
 * @param api                the API address, {@code http} or {@code https}, ending with {@code /}; calls go to
 *                           {@code api + "api/job/…"}, and a job's page is {@code api + job}.
 * @param tokenFile          the file holding the {@code api_token} (its first line, trimmed), or null when
 *                           {@code token} is given.
 * @param token              the {@code api_token} itself, or null when {@code tokenFile} is given.
 * @param task               the Lunapark task (ticket) the jobs belong to, not empty.
 * @param person             the job's person, or empty for the operating-system user that pushes.
 * @param notifyLogins       people notified of a job ({@code notify:}), may be empty.
 * @param attempts           tries of one call on a 5xx, a network error or a 423 (maintenance), at least 1.
 * @param retryPauseNs       first pause after a 5xx or a network error, ns; it doubles on each retry.
 * @param maintenancePauseNs pause after a 423, ns.
 * @param timeoutNs          timeout of one HTTP request, ns.
 * @param position           where the section is, for messages.
 */
public record LunaparkSink(
    URI api,
    Path tokenFile,
    String token,
    String task,
    String person,
    List<String> notifyLogins,
    int attempts,
    long retryPauseNs,
    long maintenancePauseNs,
    long timeoutNs,
    Position position)
{
    /** Default {@code attempts}. */
    public static final int DEFAULT_ATTEMPTS = 10;
    /** Default {@code retry-pause}: 2 s. */
    public static final long DEFAULT_RETRY_PAUSE_NS = 2_000_000_000L;
    /** Default {@code maintenance-pause}: 10 s. */
    public static final long DEFAULT_MAINTENANCE_PAUSE_NS = 10_000_000_000L;
    /** Default {@code timeout}: 30 s. */
    public static final long DEFAULT_TIMEOUT_NS = 30_000_000_000L;

    /**
     * Validates and copies the components.
     */
    public LunaparkSink
    {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(position, "position");
        notifyLogins = List.copyOf(notifyLogins);
        if ((null == tokenFile) == (null == token))
        {
            throw new IllegalArgumentException("exactly one of tokenFile and token");
        }
        if (attempts < 1 || retryPauseNs <= 0 || maintenancePauseNs <= 0 || timeoutNs <= 0)
        {
            throw new IllegalArgumentException("attempts and pauses must be positive");
        }
    }
}
