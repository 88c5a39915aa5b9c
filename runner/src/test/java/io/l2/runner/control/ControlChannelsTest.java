/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.aeron.ChannelUri;
import io.l2.config.ConfigLoader;
import io.l2.config.ControlMode;
import io.l2.config.DaemonSettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlChannelsTest
{
    private static final String UNICAST = String.join("\n",
        "l2:",
        "  control-mode: unicast",
        "  control-port: 30000",
        "  host-addresses:",
        "    a: 10.0.0.1",
        "    b: \"127.0.0.1:40100\"",
        "    c: \"[2001:db8::3]:40200\"",
        "");

    private static final ControlChannels.Resolver DNS = (host) ->
    {
        if ("d.example.net".equals(host))
        {
            return InetAddress.getByAddress(host, new byte[]{ 10, 0, 0, 4 });
        }
        throw new UnknownHostException(host + ": Name or service not known");
    };

    @Test
    void shouldShareTheMulticastChannelWhenModeIsMulticast() throws UnknownHostException
    {
        final DaemonSettings settings = ConfigLoader.parse(
            "l2.yaml", "l2:\n  control-channel: \"aeron:udp?endpoint=239.1.1.1:9|ttl=1\"\n", Path.of("/")).daemon();
        final ControlChannels channels = ControlChannels.of(settings, DNS);

        assertEquals(ControlMode.MULTICAST, channels.mode());
        assertEquals(new ControlChannels.DaemonChannels("aeron:udp?endpoint=239.1.1.1:9|ttl=1",
            "aeron:udp?endpoint=239.1.1.1:9|ttl=1"), channels.daemon("unresolvable", "0.0.0.0"));
        final ControlChannels.RunnerChannels runner = channels.runner(List.of("a", "unresolvable"));
        assertEquals("aeron:udp?endpoint=239.1.1.1:9|ttl=1", runner.publication());
        assertEquals(List.of("aeron:udp?endpoint=239.1.1.1:9|ttl=1"), runner.subscriptions());
        assertTrue(runner.destinations().isEmpty());
        assertTrue(runner.unresolved().isEmpty());
        assertEquals("multicast aeron:udp?endpoint=239.1.1.1:9|ttl=1", channels.describe());
    }

    @Test
    void shouldOverrideUnicastWithAnExplicitMulticastChannel()
    {
        final ControlChannels channels = ControlChannels.multicast("aeron:udp?endpoint=239.1.1.3:9");

        assertEquals(ControlMode.MULTICAST, channels.mode());
        assertEquals(List.of("aeron:udp?endpoint=239.1.1.3:9"), channels.runner(List.of("x")).subscriptions());
    }

    @Test
    void shouldGiveTheRunnerOneDestinationAndOneSubscriptionPerHost()
    {
        final ControlChannels channels = ControlChannels.of(unicast(), DNS);
        final ControlChannels.RunnerChannels runner = channels.runner(List.of("a", "B", "c", "d.example.net"));

        assertEquals("aeron:udp?control-mode=manual", runner.publication());
        assertEquals(Map.of(
            "a", "aeron:udp?endpoint=10.0.0.1:30000",
            "B", "aeron:udp?endpoint=127.0.0.1:40100",
            "c", "aeron:udp?endpoint=[2001:db8::3]:40200",
            "d.example.net", "aeron:udp?endpoint=10.0.0.4:30000"), runner.destinations());
        assertEquals(List.of(
            "aeron:udp?control=10.0.0.1:30001|control-mode=dynamic",
            "aeron:udp?control=127.0.0.1:40101|control-mode=dynamic",
            "aeron:udp?control=[2001:db8::3]:40201|control-mode=dynamic",
            "aeron:udp?control=10.0.0.4:30001|control-mode=dynamic"), runner.subscriptions());
        assertTrue(runner.unresolved().isEmpty());
        assertEquals("unicast, control-port 30000", channels.describe());
        for (final String channel : runner.subscriptions())
        {
            final ChannelUri uri = ChannelUri.parse(channel);
            assertEquals("dynamic", uri.get("control-mode"), channel);
        }
        assertEquals("manual", ChannelUri.parse(runner.publication()).get("control-mode"));
    }

    @Test
    void shouldReportAHostWhoseNameDoesNotResolveAndKeepTheOthers()
    {
        final ControlChannels.RunnerChannels runner =
            ControlChannels.of(unicast(), DNS).runner(List.of("nowhere.example.net", "a"));

        assertEquals(List.of("a"), List.copyOf(runner.destinations().keySet()));
        assertEquals(1, runner.subscriptions().size());
        assertEquals("its name does not resolve (nowhere.example.net: Name or service not known): add it to " +
            "host-addresses in l2.yaml", runner.unresolved().get("nowhere.example.net"));
    }

    @Test
    void shouldAnswerFromTheBindAddressWhenItIsNotAWildcard() throws UnknownHostException
    {
        final ControlChannels channels = ControlChannels.of(unicast(), DNS);

        assertEquals(new ControlChannels.DaemonChannels("aeron:udp?endpoint=127.0.0.1:40100",
            "aeron:udp?control=127.0.0.1:40101|control-mode=dynamic"), channels.daemon("b", "127.0.0.1"));
        assertEquals(new ControlChannels.DaemonChannels("aeron:udp?endpoint=192.0.2.9:30000",
            "aeron:udp?control=192.0.2.9:30001|control-mode=dynamic"), channels.daemon("nowhere", "192.0.2.9"));
    }

    @Test
    void shouldAnswerFromTheOwnAddressWhenBoundToEveryInterface() throws UnknownHostException
    {
        final ControlChannels channels = ControlChannels.of(unicast(), DNS);

        assertEquals(new ControlChannels.DaemonChannels("aeron:udp?endpoint=0.0.0.0:30000",
            "aeron:udp?control=10.0.0.1:30001|control-mode=dynamic"), channels.daemon("A", "0.0.0.0"));
        assertEquals(new ControlChannels.DaemonChannels("aeron:udp?endpoint=[::]:40200",
            "aeron:udp?control=[2001:db8::3]:40201|control-mode=dynamic"), channels.daemon("c", "::"));
        assertEquals(new ControlChannels.DaemonChannels("aeron:udp?endpoint=0.0.0.0:30000",
            "aeron:udp?control=10.0.0.4:30001|control-mode=dynamic"), channels.daemon("d.example.net", "0.0.0.0"));
        assertThrows(UnknownHostException.class, () -> channels.daemon("nowhere", "0.0.0.0"));
    }

    private static DaemonSettings unicast()
    {
        return ConfigLoader.parse("l2.yaml", UNICAST, Path.of("/")).daemon();
    }
}
