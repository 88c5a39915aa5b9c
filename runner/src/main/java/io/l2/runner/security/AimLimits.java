/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.l2.config.Position;
import io.l2.config.Security;
import io.l2.config.TargetRule;
import io.l2.runner.base.Durations;
import io.l2.runner.base.InputException;

/**
 * The aim limits of one {@code l2.yaml}: whether a shoot may go where it aims, as hard and as long as it would. The
 * runner checks before it fires (with its own l2.yaml), every daemon checks each fire it receives (with its own).
 * <ul>
 *     <li><b>targets</b>: with {@code security.targets}, the pinned address and port must be allowed by a network
 *     rule (the address inside the network, the port the rule's or any), or by a host name rule that the plan's
 *     target names, with the pinned address among the addresses this host resolves that name to now (so an address
 *     cannot pass for a name it does not belong to); a name that does not resolve here is refused.</li>
 *     <li><b>max-rps-per-host</b>: one host's share of the peak rate ({@link Aim#sharePeakRps()}) at most this.</li>
 *     <li><b>max-workers-per-host</b>: the plan's {@code instances} at most this.</li>
 *     <li><b>max-duration</b>: the profile's whole length at most this.</li>
 * </ul>
 * Each refusal is one line that names what is refused, why, and the key with where it is written. Immutable; thread-safe
 * when the resolver is.
 */
public final class AimLimits
{
    /** The name resolver the daemon and the runner use: the system's, as every other lookup of l2. */
    public static final Resolver SYSTEM_RESOLVER = InetAddress::getAllByName;

    private final Security security;
    private final Resolver resolver;

    /**
     * Resolves a host name to every address it has now. Implementations say which threads may call them.
     */
    @FunctionalInterface
    public interface Resolver
    {
        /**
         * @param hostName a host name.
         * @return its addresses, at least one.
         * @throws UnknownHostException when the name does not resolve.
         */
        InetAddress[] resolve(String hostName) throws UnknownHostException;
    }

    /**
     * @param security the {@code security:} section whose limits apply.
     * @param resolver resolves the host names of {@code targets} rules.
     */
    public AimLimits(final Security security, final Resolver resolver)
    {
        this.security = Objects.requireNonNull(security, "security");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * The limits of a section, names resolved by the system's resolver.
     *
     * @param security the {@code security:} section.
     * @return the limits.
     */
    public static AimLimits of(final Security security)
    {
        return new AimLimits(security, SYSTEM_RESOLVER);
    }

    /**
     * Every reason the aim is refused, in the order target, rate, workers, duration.
     *
     * @param aim what a host is about to shoot.
     * @return one line per refusal; empty when the aim is allowed.
     */
    public List<String> refusals(final Aim aim)
    {
        final List<String> refusals = new ArrayList<>(4);
        final String target = targetRefusal(aim);
        if (null != target)
        {
            refusals.add(target);
        }
        final String share = aim.thisHost() ? "this host's" : "each host's";
        if (0 != security.maxRpsPerHost() && aim.sharePeakRps() > security.maxRpsPerHost())
        {
            final String split = aim.perHost() ? " (per-host: every host shoots the whole profile)" :
                aim.hostCount() > 1 ? " (the plan's " + aim.planPeakRps() + " rps over " + aim.hostCount() +
                " hosts)" : "";
            refusals.add(share + " share peaks at " + aim.sharePeakRps() + " rps" + split +
                ", above security.max-rps-per-host " + security.maxRpsPerHost() + where());
        }
        if (0 != security.maxWorkersPerHost() && aim.workerCount() > security.maxWorkersPerHost())
        {
            refusals.add(share + " share runs " + aim.workerCount() + " workers (instances), above " +
                "security.max-workers-per-host " + security.maxWorkersPerHost() + where());
        }
        if (0 != security.maxDurationNs() && aim.durationNs() > security.maxDurationNs())
        {
            refusals.add("the profile lasts " + Durations.format(aim.durationNs()) + ", above security.max-duration " +
                Durations.format(security.maxDurationNs()) + where());
        }
        return refusals;
    }

    /**
     * All refusals on one line.
     *
     * @param aim what a host is about to shoot.
     * @return the refusals joined by {@code "; "}, or null when the aim is allowed.
     */
    public String refusal(final Aim aim)
    {
        final List<String> refusals = refusals(aim);
        return refusals.isEmpty() ? null : String.join("; ", refusals);
    }

    /**
     * Refuses an aim as bad input: nothing is started, the command exits with
     * {@link io.l2.runner.base.ExitCode#BAD_INPUT}.
     *
     * @param aim what the hosts are about to shoot.
     * @throws InputException with {@link #refusal} as its one-line message when the aim is refused.
     */
    public void check(final Aim aim)
    {
        final String refusal = refusal(aim);
        if (null != refusal)
        {
            throw new InputException(refusal);
        }
    }

    private String targetRefusal(final Aim aim)
    {
        if (!security.restrictsTargets())
        {
            return null;
        }
        final InetAddress address = aim.target().getAddress();
        final int port = aim.target().getPort();
        boolean addressListed = false;
        final List<TargetRule> nameRules = new ArrayList<>();
        for (final TargetRule rule : security.targets())
        {
            if (rule.containsAddress(address))
            {
                if (rule.allowsPort(port))
                {
                    return null;
                }
                addressListed = true;
            }
            else if (null != aim.targetName() && rule.namesHost(aim.targetName()))
            {
                if (rule.allowsPort(port))
                {
                    nameRules.add(rule);
                }
                else
                {
                    addressListed = true;
                }
            }
        }
        final String outside = "target " + aim.describeTarget() + " is outside security.targets (" + listed() + ")";
        if (!nameRules.isEmpty())
        {
            final String name = aim.targetName();
            final InetAddress[] resolved;
            try
            {
                resolved = resolver.resolve(name);
            }
            catch (final UnknownHostException | SecurityException ex)
            {
                return outside + ": " + name + " does not resolve here (" + oneLine(ex.getMessage()) +
                    "), so its addresses cannot be checked";
            }
            final byte[] pinned = TargetRule.plainBytes(address);
            final List<String> texts = new ArrayList<>(resolved.length);
            for (final InetAddress each : resolved)
            {
                if (Arrays.equals(pinned, TargetRule.plainBytes(each)))
                {
                    return null;
                }
                texts.add(each.getHostAddress());
            }
            return outside + ": " + name + " resolves here to " + String.join(", ", texts) + ", not to " +
                address.getHostAddress();
        }
        return addressListed ? outside + ": port " + port + " is not the one allowed" : outside;
    }

    private String listed()
    {
        final List<TargetRule> targets = security.targets();
        final List<String> texts = new ArrayList<>(targets.size());
        for (final TargetRule rule : targets)
        {
            texts.add(rule.text());
        }
        return targets.get(0).position() + ": " + String.join(", ", texts);
    }

    private String where()
    {
        final Position position = security.position();
        return null == position ? "" : " (" + position + ")";
    }

    private static String oneLine(final String text)
    {
        return null == text ? "unknown host" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
