/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code security:} section of {@code l2.yaml}: who may command the fleet and where it may aim. Immutable.
 * Absent keys keep the defaults of {@link #NONE}: no cluster key (daemons then refuse every fire from the control
 * plane), no API token (the HTTP API then refuses every write over TCP), no allow-list and no ceilings.
 *
 * @param clusterKeyFile         the file holding the cluster key that signs every control-plane message (HMAC-SHA256),
 *                               or null when none is configured. Its permissions are checked when it is read.
 * @param previousClusterKeyFile during a key rotation, the key that is still accepted (never used to sign), or null.
 * @param replayWindowNs         how far a signed message's timestamp may be from the receiver's clock, in ns.
 * @param apiTokenFile           the file holding the bearer token the HTTP API wants for every write, or null.
 * @param apiReadOpen            whether the HTTP API's reads ({@code GET}) are served without the token.
 * @param targets                the allow-list of targets; empty means any target.
 * @param maxRpsPerHost          the highest rate one host may be asked to shoot, queries per second; 0 for no ceiling.
 * @param maxWorkersPerHost      the most workers (shooter threads) one host may run; 0 for no ceiling.
 * @param maxDurationNs          the longest shoot, in ns; 0 for no ceiling.
 * @param position               where the section was written, or null for {@link #NONE}.
 */
public record Security(
    Path clusterKeyFile,
    Path previousClusterKeyFile,
    long replayWindowNs,
    Path apiTokenFile,
    boolean apiReadOpen,
    List<TargetRule> targets,
    long maxRpsPerHost,
    int maxWorkersPerHost,
    long maxDurationNs,
    Position position)
{
    /**
     * Default {@code replay-window}: 10 s, wide enough for hosts whose clocks NTP keeps within a second.
     */
    public static final long DEFAULT_REPLAY_WINDOW_NS = 10_000_000_000L;

    /**
     * The narrowest {@code replay-window}.
     */
    public static final long MIN_REPLAY_WINDOW_NS = 1_000_000_000L;

    /**
     * The widest {@code replay-window}.
     */
    public static final long MAX_REPLAY_WINDOW_NS = 3_600_000_000_000L;

    /**
     * No {@code security:} section.
     */
    public static final Security NONE = new Security(
        null, null, DEFAULT_REPLAY_WINDOW_NS, null, true, List.of(), 0, 0, 0, null);

    /**
     * Validates and copies the components.
     */
    public Security
    {
        Objects.requireNonNull(targets, "targets");
        targets = List.copyOf(targets);
        if (null == clusterKeyFile && null != previousClusterKeyFile)
        {
            throw new IllegalArgumentException("previousClusterKeyFile needs clusterKeyFile");
        }
        if (replayWindowNs < MIN_REPLAY_WINDOW_NS || replayWindowNs > MAX_REPLAY_WINDOW_NS)
        {
            throw new IllegalArgumentException("replayWindowNs out of range: " + replayWindowNs);
        }
        if (maxRpsPerHost < 0 || maxWorkersPerHost < 0 || maxDurationNs < 0)
        {
            throw new IllegalArgumentException("ceilings must not be negative");
        }
    }

    /**
     * Whether a cluster key is configured (the control plane is then signed and checked).
     *
     * @return true when {@code cluster-key-file} is set.
     */
    public boolean hasClusterKey()
    {
        return null != clusterKeyFile;
    }

    /**
     * Whether an allow-list is configured.
     *
     * @return true when {@code targets} lists at least one entry.
     */
    public boolean restrictsTargets()
    {
        return !targets.isEmpty();
    }
}
