/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.security;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Objects;

import io.l2.config.RpsSegment;
import io.l2.config.ShootPlan;
import io.l2.config.TargetRule;

/**
 * What one host of a shoot is about to do, as {@link AimLimits} checks it: where it aims (the name the plan wrote and
 * the address pinned for the whole shoot) and how hard (the plan's peak rate and how it is split, the workers, the
 * profile's length). Immutable.
 *
 * @param targetName   the host name the plan wrote as its target, lower case without a trailing dot, or null when
 *                     the plan wrote an address.
 * @param target       the address and port every host shoots, resolved once (pinned).
 * @param planPeakRps  the highest rate of the plan's profile, queries per second: the set's total, or each host's
 *                     with {@code perHost}.
 * @param hostCount    the number of hosts the profile is split among, at least 1.
 * @param perHost      true when every host shoots the whole profile (no split).
 * @param workerCount  the workers (sockets, the plan's {@code instances}) each host runs.
 * @param durationNs   the length of the whole profile, in ns.
 * @param thisHost     true when a load host checks its own share ("this host's share"), false when the runner checks
 *                     for every host of the set ("each host's share").
 */
public record Aim(
    String targetName,
    InetSocketAddress target,
    long planPeakRps,
    int hostCount,
    boolean perHost,
    int workerCount,
    long durationNs,
    boolean thisHost)
{
    /**
     * Validates the components.
     */
    public Aim
    {
        Objects.requireNonNull(target, "target");
        if (target.isUnresolved())
        {
            throw new IllegalArgumentException("the target must be an address, not " + target);
        }
        if (hostCount < 1 || planPeakRps < 0 || workerCount < 1 || durationNs < 0)
        {
            throw new IllegalArgumentException("hostCount, workerCount >= 1 and planPeakRps, durationNs >= 0");
        }
        targetName = null == targetName ? null : TargetRule.normalName(targetName);
    }

    /**
     * The aim of a plan.
     *
     * @param plan       the plan (its profile, per-host, instances).
     * @param targetName the host name the plan wrote as its target, or null when it wrote an address.
     * @param target     the pinned address and port.
     * @param hostCount  the number of hosts that shoot it.
     * @param thisHost   true on the load host that checks its own share, false on the runner.
     * @return the aim.
     */
    public static Aim of(
        final ShootPlan plan, final String targetName, final InetSocketAddress target, final int hostCount,
        final boolean thisHost)
    {
        return new Aim(targetName, target, peakRps(plan), hostCount, plan.perHost(), plan.instances(),
            plan.totalDurationNs(), thisHost);
    }

    /**
     * The host name a plan's target names.
     *
     * @param plan the plan.
     * @return the target's host when it is a name, or null when it is an IPv4 or IPv6 address.
     */
    public static String targetNameOf(final ShootPlan plan)
    {
        return isAddressLiteral(plan.target().host()) ? null : plan.target().host();
    }

    /**
     * Whether a target host, as a plan writes it (already checked for syntax), is an address rather than a name.
     *
     * @param host an IPv4 address, an IPv6 address without brackets, or a host name.
     * @return true for an address: four decimal octets 0..255, or anything with a colon (which
     *         {@link java.net.InetAddress#getByName} parses as IPv6 and never looks up).
     */
    public static boolean isAddressLiteral(final String host)
    {
        if (host.indexOf(':') >= 0)
        {
            return true;
        }
        if (!host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"))
        {
            return false;
        }
        for (final String octet : host.split("\\."))
        {
            if (Integer.parseInt(octet) > 255)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The highest rate a plan's profile reaches: the largest {@code from} or {@code to} of its segments (rates are
     * linear within a segment, and the levels of a step lie between its {@code from} and {@code to}).
     *
     * @param plan the plan.
     * @return queries per second.
     */
    public static long peakRps(final ShootPlan plan)
    {
        long peak = 0;
        for (final RpsSegment segment : plan.rps())
        {
            peak = Math.max(peak, Math.max(segment.from(), segment.to()));
        }
        return peak;
    }

    /**
     * The highest rate one host's share reaches: the plan's peak with per-host, else the peak divided among the
     * hosts, rounded up (a share takes every hostCount-th query of the total, so in a second of the peak it sends at
     * most that many).
     *
     * @return queries per second.
     */
    public long sharePeakRps()
    {
        return perHost ? planPeakRps : (planPeakRps + hostCount - 1) / hostCount;
    }

    /**
     * The target as an operator reads it: {@code ns1.example.net:53 (192.0.2.7)} for a name, {@code 192.0.2.7:53} or
     * {@code [2001:db8::1]:53} for an address.
     *
     * @return the text.
     */
    public String describeTarget()
    {
        final String address = target.getAddress().getHostAddress();
        if (null != targetName)
        {
            return targetName + ":" + target.getPort() + " (" + address + ")";
        }
        return target.getAddress() instanceof Inet6Address ?
            "[" + address + "]:" + target.getPort() : address + ":" + target.getPort();
    }
}
