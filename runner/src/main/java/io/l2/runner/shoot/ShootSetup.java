/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.l2.config.ClusterSet;
import io.l2.config.ConfigException;
import io.l2.config.Datacenter;
import io.l2.config.Edns;
import io.l2.config.L2Config;
import io.l2.config.RpsSegment;
import io.l2.config.ShootPlan;
import io.l2.engine.ammo.AmmoTable;
import io.l2.engine.codec.QueryOptions;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileBuilder;
import io.l2.engine.shoot.TlsContexts;
import io.l2.runner.base.InputException;
import io.l2.runner.inventory.HostSelector;

/**
 * A shoot plan resolved against the configuration, ready to fire: the target's address pinned for the whole shoot,
 * the ammo loaded and encoded, the hosts selected ({@code set}, {@code --limit}) and the profile split among them.
 * Holds its ammo (shared through the {@link AmmoCache}): close it. One thread.
 */
public final class ShootSetup implements AutoCloseable
{
    private final String shootId;
    private final L2Config config;
    private final ShootPlan plan;
    private final ClusterSet set;
    private final InetSocketAddress target;
    private final AmmoCache.Lease ammoLease;
    private final AmmoTable ammo;
    private final RateProfile profile;
    private List<HostShare> hosts;
    private int shareCount;

    private ShootSetup(
        final String shootId,
        final L2Config config,
        final ShootPlan plan,
        final ClusterSet set,
        final InetSocketAddress target,
        final AmmoCache.Lease ammoLease,
        final RateProfile profile,
        final List<HostShare> hosts)
    {
        this.shootId = shootId;
        this.config = config;
        this.plan = plan;
        this.set = set;
        this.target = target;
        this.ammoLease = ammoLease;
        this.ammo = ammoLease.table();
        this.profile = profile;
        this.hosts = List.copyOf(hosts);
    }

    /**
     * Resolves a plan. Bad input throws {@link ConfigException} (file:line:column), {@link InputException} or the
     * ammo loader's exception (file:line), each with a one-line message.
     *
     * @param shootId the shoot's id.
     * @param config  the configuration.
     * @param plan    the plan, already validated against the configuration.
     * @param limit   the {@code --limit} host pattern, or null for every host of the set.
     * @return the resolved shoot.
     */
    public static ShootSetup resolve(
        final String shootId, final L2Config config, final ShootPlan plan, final String limit)
    {
        final ClusterSet set = null == plan.set() ? config.inventory().first() : config.inventory().set(plan.set())
            .orElseThrow(() -> ConfigException.at(plan.setPosition(), "unknown set '" + plan.set() + "'"));
        final List<String[]> selected = selectHosts(config, set, limit);
        final InetSocketAddress target = resolveTarget(plan);
        checkCaFile(plan);
        final RateProfile profile = buildProfile(plan.rps());
        final AmmoCache.Lease ammo = loadAmmo(plan);
        try
        {
            return new ShootSetup(shootId, config, plan, set, target, ammo, profile,
                split(plan, profile, ammo.table(), selected));
        }
        catch (final RuntimeException ex)
        {
            ammo.close();
            throw ex;
        }
    }

    /**
     * Resolves a plan fired at this host by a runner: only this host's share, {@code hostIndex} of
     * {@code hostCount}, as {@link #resolve} gives it on the runner. The target is the address the runner pinned
     * ({@link FirePlan#pinnedTarget}): no name is resolved here.
     *
     * @param shootId   the shoot's id.
     * @param config    this host's configuration.
     * @param plan      the fired plan, already validated against the configuration.
     * @param host      this host's name.
     * @param hostIndex this host's index among the hosts that shoot.
     * @param hostCount the number of hosts that shoot.
     * @return the resolved shoot, with one host.
     * @throws IllegalArgumentException when the index is outside the count.
     * @throws ConfigException            when the plan's target is a name rather than an address.
     */
    public static ShootSetup resolveShare(
        final String shootId, final L2Config config, final ShootPlan plan, final String host, final int hostIndex,
        final int hostCount)
    {
        if (hostCount < 1 || hostIndex < 0 || hostIndex >= hostCount)
        {
            throw new IllegalArgumentException("host index " + hostIndex + " outside 0.." + (hostCount - 1));
        }
        final ClusterSet set = config.inventory().set(plan.set())
            .orElseThrow(() -> ConfigException.at(plan.setPosition(), "unknown set '" + plan.set() + "'"));
        final InetSocketAddress target = FirePlan.pinnedTarget(plan);
        checkCaFile(plan);
        final RateProfile profile = buildProfile(plan.rps());
        final AmmoCache.Lease ammo = loadAmmo(plan);
        try
        {
            final ShootSetup setup = new ShootSetup(shootId, config, plan, set, target, ammo, profile, List.of(
                share(plan, profile, ammo.table(), hostIndex, hostCount, host, set.datacenterOf(host).orElse(""))));
            setup.shareCount = hostCount;
            return setup;
        }
        catch (final RuntimeException ex)
        {
            ammo.close();
            throw ex;
        }
    }

    /**
     * Keeps only the named hosts and splits the profile among them again (the hosts a preflight found ready).
     *
     * @param hostNames the hosts to keep; the others are dropped.
     * @throws IllegalArgumentException when no host is kept.
     */
    public void restrictTo(final Collection<String> hostNames)
    {
        final List<String[]> kept = new ArrayList<>();
        for (final HostShare host : hosts)
        {
            if (hostNames.contains(host.host()))
            {
                kept.add(new String[] { host.datacenter(), host.host() });
            }
        }
        if (kept.isEmpty())
        {
            throw new IllegalArgumentException("no host left to shoot");
        }
        hosts = List.copyOf(split(plan, profile, ammo, kept));
    }

    private static List<HostShare> split(
        final ShootPlan plan, final RateProfile profile, final AmmoTable ammo, final List<String[]> selected)
    {
        final int hostCount = selected.size();
        final List<HostShare> shares = new ArrayList<>(hostCount);
        for (int i = 0; i < hostCount; i++)
        {
            shares.add(share(plan, profile, ammo, i, hostCount, selected.get(i)[1], selected.get(i)[0]));
        }
        return shares;
    }

    /**
     * Host {@code index} of {@code count}'s share: the profile split interleaved (or whole with per-host) and an ammo
     * offset that spreads the hosts over the ammo; the same on the runner and on the daemon.
     */
    private static HostShare share(
        final ShootPlan plan,
        final RateProfile profile,
        final AmmoTable ammo,
        final int index,
        final int count,
        final String host,
        final String datacenter)
    {
        final RateProfile share = plan.perHost() ? profile : profile.share(index, count);
        final int ammoOffset = (int)((long)index * ammo.count() / count);
        return new HostShare(index, host, datacenter, share, ammoOffset);
    }

    /**
     * The profile the plan describes, built from its segments.
     *
     * @param segments the plan's rps segments, in order.
     * @return the profile for the whole set (or for each host with per-host).
     */
    public static RateProfile buildProfile(final List<RpsSegment> segments)
    {
        final RateProfileBuilder builder = new RateProfileBuilder();
        for (final RpsSegment segment : segments)
        {
            try
            {
                switch (segment.kind())
                {
                    case CONST -> builder.constant(segment.from(), segment.durationNs());
                    case LINE -> builder.line(segment.from(), segment.to(), segment.durationNs());
                    case STEP -> builder.step(segment.from(), segment.to(), segment.step(), segment.durationNs());
                    default -> throw new IllegalStateException("unknown segment kind " + segment.kind());
                }
            }
            catch (final IllegalArgumentException ex)
            {
                throw ConfigException.at(segment.position(), ex.getMessage());
            }
        }
        return builder.build();
    }

    private static List<String[]> selectHosts(final L2Config config, final ClusterSet set, final String limit)
    {
        final List<String[]> setHosts = new ArrayList<>();
        for (final Datacenter datacenter : set.datacenters())
        {
            for (final String host : datacenter.hosts())
            {
                setHosts.add(new String[] { datacenter.name(), host });
            }
        }
        if (null == limit)
        {
            return setHosts;
        }

        final List<String> allHosts = new ArrayList<>();
        final Map<String, List<String>> groups = new LinkedHashMap<>();
        for (final ClusterSet each : config.inventory().sets())
        {
            groups.computeIfAbsent(each.name(), k -> new ArrayList<>());
            for (final Datacenter datacenter : each.datacenters())
            {
                for (final String host : datacenter.hosts())
                {
                    allHosts.add(host);
                    groups.get(each.name()).add(host);
                    groups.computeIfAbsent(datacenter.name(), k -> new ArrayList<>()).add(host);
                }
            }
        }
        final List<String> chosen;
        try
        {
            chosen = new HostSelector(allHosts, groups).select(limit);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException("--limit '" + limit + "': " + ex.getMessage(), ex);
        }
        final List<String[]> result = new ArrayList<>();
        for (final String[] host : setHosts)
        {
            if (chosen.contains(host[1]))
            {
                result.add(host);
            }
        }
        if (result.isEmpty())
        {
            throw new InputException("--limit '" + limit + "' selects no host of set '" + set.name() + "'");
        }
        return result;
    }

    private static InetSocketAddress resolveTarget(final ShootPlan plan)
    {
        try
        {
            final InetAddress address = InetAddress.getAllByName(plan.target().host())[0];
            return new InetSocketAddress(address, plan.target().port());
        }
        catch (final UnknownHostException | SecurityException ex)
        {
            throw ConfigException.at(
                plan.target().position(), "cannot resolve target host '" + plan.target().host() + "'");
        }
    }

    /**
     * A DNS-over-TLS plan's CA file is read where the plan is resolved (the runner, and each daemon for its own
     * share, a dry run included), so a missing or broken file is refused before anything is sent.
     */
    private static void checkCaFile(final ShootPlan plan)
    {
        final Path caFile = plan.transport().caFile();
        if (null != caFile)
        {
            try
            {
                TlsContexts.verifying(caFile);
            }
            catch (final IOException ex)
            {
                throw ConfigException.at(plan.target().position(), "transport.ca-file: " +
                    (ex instanceof java.nio.file.NoSuchFileException ? "no such file: " + caFile : ex.getMessage()));
            }
        }
    }

    private static AmmoCache.Lease loadAmmo(final ShootPlan plan)
    {
        if (!Files.isRegularFile(plan.ammo().file()))
        {
            throw ConfigException.at(plan.ammo().position(), (plan.ammo().named() ?
                "ammo '" + plan.ammo().written() + "' names a missing file: " : "no such ammo file: ") +
                plan.ammo().file());
        }
        final Edns edns = plan.edns();
        return AmmoCache.SHARED.acquire(plan.ammo().file(), edns.enabled() ?
            QueryOptions.withEdns(true, edns.udpSize(), edns.dnssecOk()) : QueryOptions.DEFAULT);
    }

    /**
     * @return the shoot's id, the same on every host.
     */
    public String shootId()
    {
        return shootId;
    }

    /**
     * @return the configuration the shoot was resolved against.
     */
    public L2Config config()
    {
        return config;
    }

    /**
     * @return the plan.
     */
    public ShootPlan plan()
    {
        return plan;
    }

    /**
     * @return the set that shoots.
     */
    public ClusterSet set()
    {
        return set;
    }

    /**
     * @return the target's address, resolved once and pinned for the whole shoot.
     */
    public InetSocketAddress target()
    {
        return target;
    }

    /**
     * @return the loaded ammo (owned by this setup).
     */
    public AmmoTable ammo()
    {
        return ammo;
    }

    /**
     * @return the profile as the plan gives it: the total for the set, or each host's with per-host.
     */
    public RateProfile profile()
    {
        return profile;
    }

    /**
     * @return the hosts that shoot, each with its share.
     */
    public List<HostShare> hosts()
    {
        return hosts;
    }

    /**
     * @return the number of queries all hosts together are to send.
     */
    public long totalQueries()
    {
        long total = 0;
        for (final HostShare host : hosts)
        {
            total += host.profile().totalCount();
        }
        return total;
    }

    /**
     * The identity of the shoot a result starts with (see {@code ShootResult}): id, description, target, ammo, mode,
     * started_at, profile, set, results.
     *
     * @param startedAt  when the shoot started (ISO-8601).
     * @param resultsDir the folder the result is written to.
     * @param profile    the profile the result covers: the set's, or one host's share.
     * @return the header, in that order.
     */
    public Map<String, Object> resultHeader(final String startedAt, final Path resultsDir, final RateProfile profile)
    {
        final Map<String, Object> header = new LinkedHashMap<>();
        header.put("id", shootId);
        header.put("description", plan.description());
        header.put("target", plan.target().authority());
        header.put("ammo", plan.ammo().written());
        header.put("mode", plan.mode().yamlName());
        header.put("started_at", startedAt);
        header.put("profile", profile.describe());
        header.put("set", set.name());
        header.put("results", resultsDir.toString());
        return header;
    }

    /**
     * The resolved plan as written to {@code shoot.json}: enough to know what was shot and to replay the queues.
     *
     * @param startedAt when the shoot started (ISO-8601).
     * @param queueDirs each host's queue directory, in the order of {@link #hosts()} (a daemon's one share: one).
     * @return the JSON tree.
     */
    public Map<String, Object> toJson(final String startedAt, final List<String> queueDirs)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", shootId);
        json.put("description", plan.description());
        json.put("started_at", startedAt);
        json.put("config", null == config.source() ? "embedded default" : config.source().toString());
        json.put("plan", String.valueOf(plan.source()));
        json.put("target", plan.target().authority());
        json.put("target_address", target.getAddress().getHostAddress() + ":" + target.getPort());
        final Map<String, Object> ammoJson = new LinkedHashMap<>();
        ammoJson.put("name", plan.ammo().named() ? plan.ammo().written() : null);
        ammoJson.put("file", plan.ammo().file().toString());
        ammoJson.put("queries", ammo.count());
        ammoJson.put("sha256", ammo.sha256());
        json.put("ammo", ammoJson);
        json.put("profile", profile.describe());
        final List<Object> segments = new ArrayList<>();
        for (final RpsSegment segment : plan.rps())
        {
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", segment.kind().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("from", segment.from());
            entry.put("to", segment.to());
            entry.put("step", segment.step());
            entry.put("duration_ns", segment.durationNs());
            segments.add(entry);
        }
        json.put("rps", segments);
        json.put("per_host", plan.perHost());
        json.put("mode", plan.mode().yamlName());
        json.put("instances", plan.instances());
        json.put("timeout_ms", plan.timeoutNs() / 1_000_000);
        json.put("late", plan.late().yamlName());
        json.put("edns", plan.edns().enabled() ? Map.of("udp_size", plan.edns().udpSize(), "do",
            plan.edns().dnssecOk()) : false);
        json.put("transport", TransportText.json(plan.transport()));
        json.put("set", set.name());
        final List<Object> hostList = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++)
        {
            final HostShare host = hosts.get(i);
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("host", host.host());
            entry.put("dc", host.datacenter());
            entry.put("index", host.index());
            // a daemon's setup holds its own share only: the count is the fleet's, so a replay splits as it shot
            entry.put("host_count", 0 == shareCount ? hosts.size() : shareCount);
            entry.put("ammo_offset", host.ammoOffset());
            entry.put("queries", host.profile().totalCount());
            entry.put("queue", i < queueDirs.size() ? queueDirs.get(i) : null);
            hostList.add(entry);
        }
        json.put("hosts", hostList);
        return json;
    }

    /**
     * Frees the ammo's off-heap buffer.
     */
    public void close()
    {
        ammoLease.close();
    }
}
