/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code sinks: {influxdb: …}} section of {@code l2.yaml}: where a shoot's seconds are written as InfluxDB line
 * protocol. Version 1 writes to {@code url + "write?db=…&rp=…"} (user and password as parameters), version 2 to
 * {@code url + "api/v2/write?org=…&bucket=…"} with an {@code Authorization: Token …} header. Immutable; the token file
 * is only named here, read when a write starts.
 *
 * @param url             the server, {@code http} or {@code https}, ending with {@code /} (e.g.
 *                        {@code http://influx.example.net:8086/}).
 * @param version         1 or 2.
 * @param db              the database (version 1), else null.
 * @param retentionPolicy the retention policy (version 1), or null for the database's default.
 * @param username        the user (version 1), or null for none; given together with {@code password}.
 * @param password        the password (version 1), or null for none.
 * @param org             the organization (version 2), else null.
 * @param bucket          the bucket (version 2), else null.
 * @param tokenFile       the file holding the token (version 2; its first line, trimmed), or null.
 * @param token           the token itself (version 2), or null; exactly one of the two for version 2.
 * @param measurement     the measurement of the per-second points; the totals go to {@code measurement + "_totals"}.
 * @param attempts        tries of one write on a 5xx or a network error, at least 1.
 * @param retryPauseNs    first pause after a 5xx or a network error, ns; it doubles on each retry.
 * @param timeoutNs       timeout of one HTTP request, ns.
 * @param position        where the section is, for messages.
 */
public record InfluxSink(
    URI url,
    int version,
    String db,
    String retentionPolicy,
    String username,
    String password,
    String org,
    String bucket,
    Path tokenFile,
    String token,
    String measurement,
    int attempts,
    long retryPauseNs,
    long timeoutNs,
    Position position)
{
    /** Default {@code version}. */
    public static final int DEFAULT_VERSION = 1;
    /** Default {@code measurement}. */
    public static final String DEFAULT_MEASUREMENT = "l2";
    /** Default {@code attempts}. */
    public static final int DEFAULT_ATTEMPTS = 5;
    /** Default {@code retry-pause}: 1 s. */
    public static final long DEFAULT_RETRY_PAUSE_NS = 1_000_000_000L;
    /** Default {@code timeout}: 10 s. */
    public static final long DEFAULT_TIMEOUT_NS = 10_000_000_000L;

    /**
     * Validates the components.
     */
    public InfluxSink
    {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(position, "position");
        if (1 == version)
        {
            if (null == db || null != org || null != bucket || null != tokenFile || null != token)
            {
                throw new IllegalArgumentException("version 1 needs db and no org, bucket or token");
            }
            if ((null == username) != (null == password))
            {
                throw new IllegalArgumentException("username and password go together");
            }
        }
        else if (2 == version)
        {
            if (null == org || null == bucket || (null == tokenFile) == (null == token) || null != db ||
                null != retentionPolicy || null != username || null != password)
            {
                throw new IllegalArgumentException("version 2 needs org, bucket and one of tokenFile and token");
            }
        }
        else
        {
            throw new IllegalArgumentException("version must be 1 or 2, got " + version);
        }
        if (attempts < 1 || retryPauseNs <= 0 || timeoutNs <= 0)
        {
            throw new IllegalArgumentException("attempts and pauses must be positive");
        }
    }
}
