/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.fire;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import io.l2.config.DaemonSettings;
import io.l2.config.L2Config;
import io.l2.config.ShootPlan;
import io.l2.runner.base.InputException;
import io.l2.runner.fleet.FleetShoot;
import io.l2.runner.shoot.FireOptions;
import io.l2.runner.shoot.ShootId;

/**
 * What {@link Shoots#fire} is asked to do: a plan already parsed against its configuration (so every error points at
 * the file the user wrote: the plan file, the schedule's line in {@code l2.yaml}, a request body) and the options of
 * {@code l2 shoot fire} as values. Set with the fluent setters, then handed over; {@link #conclude()} checks it once.
 * One thread.
 */
public final class ShootRequest
{
    /** What to do with the resolved plan. */
    public enum Mode
    {
        /** Shoot it. */
        FIRE,
        /** Print it and ask the daemons whether they are ready; send no query ({@code --dry-run}). */
        DRY_RUN,
        /** Only name the hosts that would shoot ({@code --list-hosts}). */
        LIST_HOSTS
    }

    private final L2Config config;
    private final ShootPlan plan;
    private String planText;
    private String shootId;
    private Mode mode = Mode.FIRE;
    private String limit;
    private FireOptions fireOptions = FireOptions.DEFAULT;
    private long leadNs = FleetShoot.FIRE_LEAD_NS;
    private long preflightWaitNs = FleetShoot.PREFLIGHT_TIMEOUT_NS;
    private String controlChannel;
    private Path responderZone;
    private BooleanSupplier abortRequested = () -> false;

    /**
     * @param config the configuration the plan was parsed against.
     * @param plan   the plan, validated against {@code config}.
     */
    public ShootRequest(final L2Config config, final ShootPlan plan)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /**
     * @param planText the plan's text as the results folder keeps it ({@code plan.yaml}); null (the default) reads
     *                 the plan's source file when the folder is written.
     * @return this.
     */
    public ShootRequest planText(final String planText)
    {
        this.planText = planText;
        return this;
    }

    /**
     * @param shootId the shoot's id, as {@link ShootId#next} makes them; null (the default) for a new one.
     * @return this.
     */
    public ShootRequest shootId(final String shootId)
    {
        this.shootId = shootId;
        return this;
    }

    /**
     * @param mode fire (the default), dry run or list the hosts.
     * @return this.
     */
    public ShootRequest mode(final Mode mode)
    {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * @param limit an Ansible host pattern ({@code --limit}) selecting hosts of the set, or null for all.
     * @return this.
     */
    public ShootRequest limit(final String limit)
    {
        this.limit = limit;
        return this;
    }

    /**
     * @param fireOptions how each host runs its shooter ({@code --threads}, {@code --idle}, {@code --no-warmup}).
     * @return this.
     */
    public ShootRequest fireOptions(final FireOptions fireOptions)
    {
        this.fireOptions = Objects.requireNonNull(fireOptions, "fireOptions");
        return this;
    }

    /**
     * @param leadNs how long after the fire a fleet's hosts start, {@link FleetShoot#MIN_LEAD_NS} to
     *               {@link FleetShoot#MAX_LEAD_NS} ({@code --lead}).
     * @return this.
     */
    public ShootRequest leadNs(final long leadNs)
    {
        this.leadNs = leadNs;
        return this;
    }

    /**
     * @param preflightWaitNs how long the preflight waits for a fleet's hosts to answer,
     *                        {@link FleetShoot#MIN_PREFLIGHT_TIMEOUT_NS} to {@link FleetShoot#MAX_PREFLIGHT_TIMEOUT_NS}
     *                        ({@code --preflight-wait}).
     * @return this.
     */
    public ShootRequest preflightWaitNs(final long preflightWaitNs)
    {
        this.preflightWaitNs = preflightWaitNs;
        return this;
    }

    /**
     * @param controlChannel a multicast Aeron channel overriding {@code l2.yaml}'s ({@code --control-channel}), or
     *                       null.
     * @return this.
     */
    public ShootRequest controlChannel(final String controlChannel)
    {
        this.controlChannel = controlChannel;
        return this;
    }

    /**
     * @param responderZone a zone file the embedded responder answers from on the (loopback) target for the shoot
     *                      ({@code --responder}), or null.
     * @return this.
     */
    public ShootRequest responderZone(final Path responderZone)
    {
        this.responderZone = responderZone;
        return this;
    }

    /**
     * @param abortRequested true once the shoot should stop, as Ctrl-C stops it; polled on the shooting thread.
     * @return this.
     */
    public ShootRequest abortRequested(final BooleanSupplier abortRequested)
    {
        this.abortRequested = Objects.requireNonNull(abortRequested, "abortRequested");
        return this;
    }

    /**
     * Checks the request once, before anything is resolved.
     *
     * @return this.
     * @throws InputException in one line naming the option.
     */
    public ShootRequest conclude()
    {
        if (null != shootId)
        {
            ShootId.toLong(shootId);
        }
        if (leadNs < FleetShoot.MIN_LEAD_NS || leadNs > FleetShoot.MAX_LEAD_NS)
        {
            throw new InputException("--lead " + leadNs / 1_000_000 + "ms: expected 500ms to 30s");
        }
        if (preflightWaitNs < FleetShoot.MIN_PREFLIGHT_TIMEOUT_NS ||
            preflightWaitNs > FleetShoot.MAX_PREFLIGHT_TIMEOUT_NS)
        {
            throw new InputException("--preflight-wait " + preflightWaitNs / 1_000_000 + "ms: expected 100ms to 30s");
        }
        if (null != controlChannel && !controlChannel.startsWith(DaemonSettings.CHANNEL_PREFIX))
        {
            throw new InputException("--control-channel " + controlChannel + ": must start with " +
                DaemonSettings.CHANNEL_PREFIX);
        }
        if (null != responderZone && !Files.isRegularFile(responderZone))
        {
            throw new InputException("--responder " + responderZone + ": no such file");
        }
        return this;
    }

    /**
     * @return the configuration.
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
     * @return the plan's text for the results folder, or null to read the plan's source file.
     */
    public String planText()
    {
        return planText;
    }

    /**
     * @return the shoot's id, or null for a new one.
     */
    public String shootId()
    {
        return shootId;
    }

    /**
     * @return fire, dry run or list the hosts.
     */
    public Mode mode()
    {
        return mode;
    }

    /**
     * @return the host pattern, or null.
     */
    public String limit()
    {
        return limit;
    }

    /**
     * @return how each host runs its shooter.
     */
    public FireOptions fireOptions()
    {
        return fireOptions;
    }

    /**
     * @return how long after the fire a fleet's hosts start, in nanoseconds.
     */
    public long leadNs()
    {
        return leadNs;
    }

    /**
     * @return how long the preflight waits for a fleet's hosts to answer, in nanoseconds.
     */
    public long preflightWaitNs()
    {
        return preflightWaitNs;
    }

    /**
     * @return the control channel overriding l2.yaml's, or null.
     */
    public String controlChannel()
    {
        return controlChannel;
    }

    /**
     * @return the embedded responder's zone file, or null.
     */
    public Path responderZone()
    {
        return responderZone;
    }

    /**
     * @return true once the shoot should stop.
     */
    public BooleanSupplier abortRequested()
    {
        return abortRequested;
    }
}
