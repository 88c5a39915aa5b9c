/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.l2.config.ControlMode;
import io.l2.config.DaemonSettings;
import io.l2.config.HostAddress;

/**
 * The Aeron channel strings of the control plane, for a daemon and for a runner, from the {@code l2:} section of
 * {@code l2.yaml}.
 * <ul>
 *     <li><b>multicast</b> ({@code control-mode: multicast}, the default): everyone publishes and subscribes on
 *     {@code control-channel}; daemons hear each other too.</li>
 *     <li><b>unicast</b> ({@code control-mode: unicast}), Aeron multi-destination-cast for networks without
 *     multicast. Runner to daemons: the runner's publication is {@code aeron:udp?control-mode=manual} with one
 *     destination {@code aeron:udp?endpoint=ADDR:PORT} per selected host; each daemon subscribes on
 *     {@code aeron:udp?endpoint=BIND:PORT}. Daemons to runner: each daemon publishes on
 *     {@code aeron:udp?control=LOCAL:PORT+1|control-mode=dynamic}; the runner subscribes once per host with
 *     {@code aeron:udp?control=ADDR:PORT+1|control-mode=dynamic} (no endpoint: Aeron binds an ephemeral port and
 *     the daemon's publication learns it from the status messages). Daemons do not hear each other.</li>
 * </ul>
 * A host's ADDR and PORT: its {@code host-addresses} entry (its own port when it has one, else
 * {@code control-port}), else its inventory name resolved by the {@link Resolver} with {@code control-port}.
 * A daemon's LOCAL address is its {@code --bind} when that is not a wildcard, else its own ADDR. Immutable.
 */
public final class ControlChannels
{
    /** The runner's publication in unicast mode: destinations are added by hand. */
    public static final String MANUAL_PUBLICATION = "aeron:udp?control-mode=manual";

    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    private final ControlMode mode;
    private final String multicastChannel;
    private final DaemonSettings settings;
    private final Resolver resolver;

    /**
     * Resolves a host name that has no {@code host-addresses} entry.
     */
    @FunctionalInterface
    public interface Resolver
    {
        /**
         * @param host a host name (or a literal address) as the inventory writes it.
         * @return its address.
         * @throws UnknownHostException when it does not resolve.
         */
        InetAddress resolve(String host) throws UnknownHostException;
    }

    /**
     * A daemon's channels.
     *
     * @param subscription what the daemon polls.
     * @param publication  what the daemon sends on.
     */
    public record DaemonChannels(String subscription, String publication)
    {
    }

    /**
     * A runner's channels for a selection of hosts.
     *
     * @param publication  what the runner sends on.
     * @param destinations host -> destination to add to the publication (unicast; empty in multicast).
     * @param subscriptions what the runner polls: one per resolved host (unicast), or the one channel (multicast).
     * @param unresolved   host -> why it cannot be reached (its name does not resolve); such a host has no
     *                     destination and no subscription.
     */
    public record RunnerChannels(
        String publication, Map<String, String> destinations, List<String> subscriptions,
        Map<String, String> unresolved)
    {
        /**
         * Copies the collections.
         */
        public RunnerChannels
        {
            Objects.requireNonNull(publication, "publication");
            destinations = Collections.unmodifiableMap(new LinkedHashMap<>(destinations));
            subscriptions = List.copyOf(subscriptions);
            unresolved = Collections.unmodifiableMap(new LinkedHashMap<>(unresolved));
        }
    }

    private ControlChannels(
        final ControlMode mode, final String multicastChannel, final DaemonSettings settings, final Resolver resolver)
    {
        this.mode = mode;
        this.multicastChannel = multicastChannel;
        this.settings = settings;
        this.resolver = resolver;
    }

    /**
     * The channels {@code l2.yaml} says, host names resolved by the JVM ({@link InetAddress#getByName}).
     *
     * @param settings the {@code l2:} section.
     * @return the channels.
     */
    public static ControlChannels of(final DaemonSettings settings)
    {
        return of(settings, InetAddress::getByName);
    }

    /**
     * The channels {@code l2.yaml} says.
     *
     * @param settings the {@code l2:} section.
     * @param resolver resolves host names without a {@code host-addresses} entry.
     * @return the channels.
     */
    public static ControlChannels of(final DaemonSettings settings, final Resolver resolver)
    {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(resolver, "resolver");
        return new ControlChannels(settings.controlMode(), settings.controlChannel(), settings, resolver);
    }

    /**
     * One multicast channel for everyone, whatever {@code l2.yaml} says (a {@code --control-channel} option).
     *
     * @param channel the channel, starting with {@code aeron:}.
     * @return the channels.
     */
    public static ControlChannels multicast(final String channel)
    {
        Objects.requireNonNull(channel, "channel");
        return new ControlChannels(ControlMode.MULTICAST, channel, DaemonSettings.DEFAULTS, InetAddress::getByName);
    }

    /**
     * @return the mode.
     */
    public ControlMode mode()
    {
        return mode;
    }

    /**
     * @return one line for operators: {@code multicast CHANNEL} or {@code unicast, control-port N}.
     */
    public String describe()
    {
        return ControlMode.MULTICAST == mode ? "multicast " + multicastChannel :
            "unicast, control-port " + settings.controlPort();
    }

    /**
     * A daemon's channels.
     *
     * @param host this host's name as the inventory lists it.
     * @param bind the daemon's {@code --bind} address ({@code 0.0.0.0} for every interface).
     * @return the channels.
     * @throws UnknownHostException in unicast when {@code bind} is a wildcard and {@code host} has no
     *                              {@code host-addresses} entry and does not resolve.
     */
    public DaemonChannels daemon(final String host, final String bind) throws UnknownHostException
    {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(bind, "bind");
        if (ControlMode.MULTICAST == mode)
        {
            return new DaemonChannels(multicastChannel, multicastChannel);
        }
        final Optional<HostAddress> entry = settings.hostAddress(host);
        final int port = entry.map((address) -> address.portOr(settings.controlPort())).orElse(settings.controlPort());
        final String local;
        if (!WILDCARDS.contains(bind))
        {
            local = uriHost(bind);
        }
        else if (entry.isPresent())
        {
            local = entry.get().uriHost();
        }
        else
        {
            local = uriHost(resolve(host));
        }
        return new DaemonChannels(
            "aeron:udp?endpoint=" + uriHost(bind) + ":" + port,
            "aeron:udp?control=" + local + ":" + (port + 1) + "|control-mode=dynamic");
    }

    /**
     * A runner's channels for the selected hosts.
     *
     * @param hosts the selected hosts, in order.
     * @return the channels; a host whose name does not resolve is in {@link RunnerChannels#unresolved()}.
     */
    public RunnerChannels runner(final List<String> hosts)
    {
        if (ControlMode.MULTICAST == mode)
        {
            return new RunnerChannels(multicastChannel, Map.of(), List.of(multicastChannel), Map.of());
        }
        final Map<String, String> destinations = new LinkedHashMap<>();
        final List<String> subscriptions = new ArrayList<>();
        final Map<String, String> unresolved = new LinkedHashMap<>();
        for (final String host : hosts)
        {
            final Optional<HostAddress> entry = settings.hostAddress(host);
            final String address;
            final int port;
            if (entry.isPresent())
            {
                address = entry.get().uriHost();
                port = entry.get().portOr(settings.controlPort());
            }
            else
            {
                try
                {
                    address = uriHost(resolve(host));
                }
                catch (final UnknownHostException ex)
                {
                    unresolved.put(host, "its name does not resolve (" + ex.getMessage() + "): add it to " +
                        "host-addresses in l2.yaml");
                    continue;
                }
                port = settings.controlPort();
            }
            destinations.put(host, "aeron:udp?endpoint=" + address + ":" + port);
            subscriptions.add("aeron:udp?control=" + address + ":" + (port + 1) + "|control-mode=dynamic");
        }
        return new RunnerChannels(MANUAL_PUBLICATION, destinations, subscriptions, unresolved);
    }

    private String resolve(final String host) throws UnknownHostException
    {
        final InetAddress address = resolver.resolve(host);
        if (null == address)
        {
            throw new UnknownHostException(host);
        }
        return address.getHostAddress();
    }

    private static String uriHost(final String address)
    {
        return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
