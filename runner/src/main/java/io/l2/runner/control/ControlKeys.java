/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.control;

import io.l2.config.L2Config;
import io.l2.config.Security;
import io.l2.transport.auth.ClusterKeys;
import io.l2.transport.auth.KeyFileException;

/**
 * The cluster keys {@code security:} in {@code l2.yaml} names, read for the daemon and the runner. Stateless.
 */
public final class ControlKeys
{
    private ControlKeys()
    {
    }

    /**
     * Reads {@code security.cluster-key-file} and {@code security.previous-cluster-key-file}.
     *
     * @param config the configuration.
     * @return the keys with {@code security.replay-window}, or null when no {@code cluster-key-file} is set.
     * @throws KeyFileException in one line naming the file that cannot be used (missing, unreadable, too short, not
     *                          hex, open to group or others).
     */
    public static ClusterKeys load(final L2Config config) throws KeyFileException
    {
        final Security security = config.security();
        if (!security.hasClusterKey())
        {
            return null;
        }
        return ClusterKeys.load(security.clusterKeyFile(), security.previousClusterKeyFile(),
            security.replayWindowNs());
    }

    /**
     * @param config the configuration.
     * @return where the key is to be set: the l2.yaml's path, or {@code l2.yaml} for the embedded default.
     */
    public static String configName(final L2Config config)
    {
        return null == config.source() ? "l2.yaml" : config.source().toString();
    }
}
