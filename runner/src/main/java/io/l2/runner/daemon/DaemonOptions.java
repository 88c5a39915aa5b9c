/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a daemon listens and who it is: l2.yaml's {@code l2:} section with the command line's overrides applied.
 *
 * @param host           this host's name as the inventory lists it: sent in every hello, and the name fires address.
 * @param bind           the TCP address to bind, e.g. {@link Daemon#DEFAULT_BIND} or {@code 127.0.0.1}.
 * @param port           the TCP port, 0 for any free one ({@link Daemon#port()} tells which).
 * @param socketPath     the unix socket.
 * @param aeronDir       the embedded media driver's directory.
 * @param controlChannel a multicast Aeron control channel that overrides l2.yaml's {@code control-mode} and
 *                       {@code control-channel} ({@code --control-channel}), or null for what l2.yaml says.
 */
public record DaemonOptions(
    String host, String bind, int port, Path socketPath, Path aeronDir, String controlChannel)
{
    /**
     * Checks that nothing is missing.
     */
    public DaemonOptions
    {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(socketPath, "socketPath");
        Objects.requireNonNull(aeronDir, "aeronDir");
    }
}
