/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import io.l2.runner.shoot.ConfigSource;

/**
 * Control channels for tests: UDP multicast on loopback (interface 127.0.0.1, ttl 0), a random group (odd: Aeron
 * takes the next address for control) and a port
 * that was free a moment ago, so tests never hear each other nor reach the network.
 */
public final class TestChannels
{
    private TestChannels()
    {
    }

    static DaemonOptions loopback(final Path socketPath, final Path aeronDir, final String controlChannel)
    {
        return new DaemonOptions(
            ConfigSource.localHostName(), "127.0.0.1", 0, socketPath, aeronDir, controlChannel);
    }

    /**
     * @return a control channel no daemon listens on and that never leaves the host.
     */
    public static String uniqueLoopbackMulticast()
    {
        final int group = 1 + 2 * ThreadLocalRandom.current().nextInt(0, 127);
        final int port;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return "aeron:udp?endpoint=239.255.98." + group + ":" + port + "|interface=127.0.0.1|ttl=0";
    }
}
