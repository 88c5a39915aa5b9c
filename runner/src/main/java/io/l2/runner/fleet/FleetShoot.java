/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.fleet;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.aggregate.SecondStatsCodec;
import io.l2.runner.base.InputException;
import io.l2.runner.base.Version;
import io.l2.runner.results.HostResult;
import io.l2.runner.security.Aim;
import io.l2.runner.security.AimLimits;
import io.l2.runner.shoot.FireOptions;
import io.l2.runner.shoot.FirePlan;
import io.l2.runner.shoot.HostShare;
import io.l2.runner.shoot.ShootId;
import io.l2.runner.shoot.ShootSetup;
import io.l2.runner.sinks.ShootSink;
import io.l2.transport.auth.Rejection;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.codecs.SecondAggregateDecoder;
import io.l2.transport.control.ControlListener;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One shoot driven across the fleet from the runner, over the control channel.
 * <ol>
 *     <li><b>Preflight</b>: a hello probe; every selected host must answer within {@link #PREFLIGHT_TIMEOUT_NS} (or
 *     the wait given to {@link #preflightTimeoutNs(long)}),
 *     waiting for jobs, holding the plan's named ammo with the runner's SHA-256. The others are left out of the
 *     shoot (unreachable or failed, with the reason) and the profile is split among the ready ones.</li>
 *     <li><b>Fire</b>: each ready host gets the plan, its share (index of count), a start instant the lead ahead
 *     ({@link #FIRE_LEAD_NS} unless given) and the lease; fires are resent every {@link #RESEND_NS} until acked or
 *     refused, up to {@link #ANSWER_GRACE_NS} after the start instant (then the host is unreachable, and an ack later
 *     still is not taken in); leases go out from the fire on.</li>
 *     <li><b>Shoot</b>: a lease every second keeps the daemons shooting (they stop by themselves
 *     {@link #LEASE_MS} after the runner's last word); every host's seconds arrive whole and are merged exactly
 *     (counts summed, histograms added); a merged second is printed once every live host sent it, with a line per
 *     datacenter. A host silent for the lease is lost: what it sent before is kept. Abort (Ctrl-C) is sent to every
 *     host, and what they measured until then is still merged.</li>
 * </ol>
 * Not thread-safe: the runner's thread calls everything, the listener methods included (through
 * {@link FleetControl#poll()}).
 */
public final class FleetShoot implements ControlListener
{
    /** How long a daemon shoots on without hearing the runner; also how long a silent host takes to be lost. */
    public static final int LEASE_MS = 3_000;

    /** How long the preflight waits for the hosts' answers, by default. */
    public static final long PREFLIGHT_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(2_500);

    /** The shortest preflight wait: a few probes, each resent every {@link #RESEND_NS}. */
    public static final long MIN_PREFLIGHT_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The longest preflight wait. */
    public static final long MAX_PREFLIGHT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    /** How far ahead of the fire the common start instant is, by default. */
    public static final long FIRE_LEAD_NS = TimeUnit.MILLISECONDS.toNanos(3_000);

    /** The shortest lead: a fire resent once or twice still arrives, the host still loads the plan and its ammo. */
    public static final long MIN_LEAD_NS = TimeUnit.MILLISECONDS.toNanos(500);

    /** The longest lead: half what a daemon takes (it refuses a start instant over 60 s ahead of its clock). */
    public static final long MAX_LEAD_NS = TimeUnit.SECONDS.toNanos(30);

    /**
     * How long after the start instant the runner still takes a fire's answer: an ack a host sent just before the
     * start is still on its way. Leases go out meanwhile, so the hosts that acked keep shooting.
     */
    public static final long ANSWER_GRACE_NS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Interval of resent probes, fires and aborts. */
    public static final long RESEND_NS = TimeUnit.MILLISECONDS.toNanos(250);

    /** Interval of leases. */
    public static final long LEASE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1_000);

    /** How long after the profile's end (plus the timeout) the runner waits for hosts' ends before losing them. */
    public static final long END_GRACE_NS = TimeUnit.SECONDS.toNanos(10);

    private static final long NS_PER_MS = 1_000_000L;

    private final ShootSetup setup;
    private final FireOptions fireOptions;
    private final long leadNs;
    private final String runnerName;
    private final long shootId;
    private final Map<String, HostState> hosts = new LinkedHashMap<>();
    private final UnsafeBuffer blob = new UnsafeBuffer(new byte[0]);
    private final IdleStrategy idle = new BackoffIdleStrategy(
        1, 1, TimeUnit.MICROSECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(5));
    private byte[] blobBytes = new byte[SecondStatsCodec.MAX_ENCODED_LENGTH];
    private ShootSink sink = ShootSink.NONE;
    private Supplier<String> abortReason = () -> null;
    private long preflightTimeoutNs = PREFLIGHT_TIMEOUT_NS;
    private long probeCorrelationId;
    private long malformedSecondCount;
    private long leaseSequence;
    private long nextLeaseNs;
    private boolean answersClosed;

    /**
     * The readiness of one host, as the preflight found it.
     *
     * @param host       the host.
     * @param datacenter its datacenter.
     * @param ready      whether it can shoot.
     * @param detail     its state and version when ready, else why not.
     */
    public record Readiness(String host, String datacenter, boolean ready, String detail)
    {
    }

    /**
     * What the runner knows of one host. Runner thread only.
     */
    static final class HostState
    {
        final String name;
        final String datacenter;
        final Aggregator aggregator = Aggregator.of((second) -> 0);
        boolean heard;
        int helloState = -1;
        String version = "";
        final Map<String, String> ammo = new LinkedHashMap<>();
        long lastHeardNs;
        long fireCorrelationId;
        HostShare share;
        String status;
        String reason = "";
        String queue;
        boolean acked;
        boolean ackedLate;
        boolean ended;
        boolean endHeard;
        long reportedThrough = -1;
        int secondsReceived;
        int secondsSent;
        long sentAtEnd;
        long answeredAtEnd;

        HostState(final String name, final String datacenter)
        {
            this.name = name;
            this.datacenter = datacenter;
        }

        boolean live()
        {
            return acked && !ended;
        }
    }

    /**
     * A shoot of the setup's hosts.
     *
     * @param setup      the resolved shoot; {@link #preflight} restricts its hosts to the ready ones.
     * @param runnerName this runner's name in leases (distinct from every daemon's).
     */
    public FleetShoot(final ShootSetup setup, final String runnerName)
    {
        this(setup, runnerName, FireOptions.DEFAULT);
    }

    /**
     * A shoot of the setup's hosts, each running its shooter as the options say.
     *
     * @param setup       the resolved shoot; {@link #preflight} restricts its hosts to the ready ones.
     * @param runnerName  this runner's name in leases (distinct from every daemon's).
     * @param fireOptions threads, idle strategy and warm-up of every host's shooter.
     */
    public FleetShoot(final ShootSetup setup, final String runnerName, final FireOptions fireOptions)
    {
        this(setup, runnerName, fireOptions, FIRE_LEAD_NS);
    }

    /**
     * A shoot of the setup's hosts, each running its shooter as the options say, starting the lead after the fire.
     *
     * @param setup       the resolved shoot; {@link #preflight} restricts its hosts to the ready ones.
     * @param runnerName  this runner's name in leases (distinct from every daemon's).
     * @param fireOptions threads, idle strategy and warm-up of every host's shooter.
     * @param leadNs      how far ahead of the fire the common start instant is, {@link #MIN_LEAD_NS} to
     *                    {@link #MAX_LEAD_NS}: time for every host to get the fire and prepare (and warm up, which
     *                    never runs past the start).
     */
    public FleetShoot(
        final ShootSetup setup, final String runnerName, final FireOptions fireOptions, final long leadNs)
    {
        if (leadNs < MIN_LEAD_NS || leadNs > MAX_LEAD_NS)
        {
            throw new IllegalArgumentException("lead must be " + MIN_LEAD_NS + ".." + MAX_LEAD_NS + " ns: " + leadNs);
        }
        this.setup = setup;
        this.fireOptions = fireOptions;
        this.leadNs = leadNs;
        this.runnerName = runnerName;
        this.shootId = ShootId.toLong(setup.shootId());
        for (final HostShare share : setup.hosts())
        {
            hosts.put(share.host(), new HostState(share.host(), share.datacenter()));
        }
    }

    /**
     * Asks every selected host whether it is ready, then restricts the setup's hosts to the ready ones (when at
     * least one is) and checks the shoot as they would shoot it against this l2.yaml's aim limits
     * ({@link AimLimits}).
     *
     * @param control the channel.
     * @return every selected host's readiness, in the setup's order.
     * @throws InputException when the aim limits refuse the shoot split among the ready hosts (nothing is fired).
     */
    public List<Readiness> preflight(final FleetControl control)
    {
        probeCorrelationId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        final Map<String, String> unresolved = control.unresolved();
        final long deadlineNs = System.nanoTime() + preflightTimeoutNs;
        long nextProbeNs = System.nanoTime();
        while (System.nanoTime() - deadlineNs < 0 && !allHeard(unresolved))
        {
            final long nowNs = System.nanoTime();
            if (nowNs - nextProbeNs >= 0)
            {
                control.proxy().hello(probeCorrelationId, SystemEpochNanoClock.INSTANCE.nanoTime(),
                    ControlCodec.STATE_WAITING, runnerName, "", Version.current(), null, null, 0);
                nextProbeNs = nowNs + RESEND_NS;
            }
            idle.idle(control.poll());
        }
        idle.reset();

        final List<Readiness> result = new ArrayList<>();
        final List<String> ready = new ArrayList<>();
        final String ammoName = setup.plan().ammo().named() ? setup.plan().ammo().written() : null;
        final String ammoSha = setup.ammo().sha256();
        for (final HostState host : hosts.values())
        {
            final String problem;
            if (unresolved.containsKey(host.name))
            {
                problem = "cannot be reached on the control channel (control-mode unicast): " +
                    unresolved.get(host.name);
                host.status = HostResult.UNREACHABLE;
            }
            else if (!host.heard && control.heardUnauthenticated(host.name))
            {
                problem = "unauthenticated: it answers, but unsigned or signed with another cluster key (give its " +
                    "l2.yaml the same security.cluster-key-file as this runner's)";
                host.status = HostResult.FAILED;
            }
            else if (!host.heard)
            {
                final long unauthenticated = control.rejectedCount(Rejection.UNAUTHENTICATED);
                problem = "no answer within " + TimeUnit.NANOSECONDS.toMillis(preflightTimeoutNs) + " ms on " +
                    "the control channel (is its l2 daemon running as " + host.name + " (l2 daemon --host " +
                    host.name + " where the machine has another name), with the same control-mode and " +
                    "control-channel or control-port?" + (0 == unauthenticated ? ")" : " " + unauthenticated +
                    " messages were dropped as unauthenticated: does its l2.yaml have the same " +
                    "security.cluster-key-file?)");
                host.status = HostResult.UNREACHABLE;
            }
            else if (ControlCodec.STATE_WAITING != host.helloState)
            {
                problem = "busy: already shooting";
                host.status = HostResult.FAILED;
            }
            else if (null != ammoName && !host.ammo.containsKey(ammoName))
            {
                problem = "has no ammo '" + ammoName + "' in its l2.yaml (it has: " +
                    (host.ammo.isEmpty() ? "none" : String.join(", ", host.ammo.keySet())) + ")";
                host.status = HostResult.FAILED;
            }
            else if (null != ammoName && !ammoSha.equals(host.ammo.get(ammoName)))
            {
                problem = "ammo '" + ammoName + "' differs: sha256 " + abbreviate(host.ammo.get(ammoName)) +
                    " there, " + abbreviate(ammoSha) + " here";
                host.status = HostResult.FAILED;
            }
            else
            {
                problem = null;
            }
            if (null == problem)
            {
                ready.add(host.name);
                result.add(new Readiness(host.name, host.datacenter, true, "ready: waiting for jobs, l2 " +
                    host.version + (null == ammoName ? "" : ", ammo '" + ammoName + "' " + abbreviate(ammoSha))));
            }
            else
            {
                host.reason = problem;
                result.add(new Readiness(host.name, host.datacenter, false, problem));
            }
        }
        if (!ready.isEmpty())
        {
            setup.restrictTo(ready);
            for (final HostShare share : setup.hosts())
            {
                hosts.get(share.host()).share = share;
            }
            checkAim(result);
        }
        return result;
    }

    /**
     * The runner's own aim limits once the profile is split among the ready hosts only (each one's share is then
     * larger than the command's check saw).
     *
     * @throws InputException when this l2.yaml's {@code security:} refuses the shoot as the ready hosts would shoot it.
     */
    private void checkAim(final List<Readiness> readiness)
    {
        final String refusal = AimLimits.of(setup.config().security()).refusal(Aim.of(setup.plan(),
            Aim.targetNameOf(setup.plan()), setup.target(), setup.hosts().size(), false));
        if (null != refusal)
        {
            final List<String> notReady = new ArrayList<>();
            for (final Readiness host : readiness)
            {
                if (!host.ready())
                {
                    notReady.add(host.host());
                }
            }
            throw new InputException(refusal + " (" + setup.hosts().size() + " of " + readiness.size() +
                " hosts ready, not " + String.join(", ", notReady) + "; nothing was fired)");
        }
    }

    /**
     * For a dry run, after {@link #preflight}: sends each ready host a dry-run fire, which it checks as it would shoot
     * it (the plan against its own l2.yaml, its ammo, the target) without sending a query, and collects the answers.
     *
     * @param control   the channel.
     * @param readiness the preflight's answer.
     * @return every selected host's readiness, the ready ones checked, in the setup's order.
     */
    public List<Readiness> check(final FleetControl control, final List<Readiness> readiness)
    {
        fireUntilAnswered(control, SystemEpochNanoClock.INSTANCE.nanoTime() + leadNs, ControlCodec.FLAG_DRY_RUN,
            System.nanoTime() + preflightTimeoutNs, () -> false);
        final List<Readiness> result = new ArrayList<>();
        for (final Readiness before : readiness)
        {
            final HostState host = hosts.get(before.host());
            if (!before.ready())
            {
                result.add(before);
            }
            else if (HostResult.OK.equals(host.status))
            {
                result.add(new Readiness(host.name, host.datacenter, true, before.detail() + "; " + host.queue));
            }
            else
            {
                result.add(new Readiness(host.name, host.datacenter, false, null == host.status ?
                    "no answer to a dry-run fire within " + TimeUnit.NANOSECONDS.toMillis(preflightTimeoutNs) +
                    " ms" : host.reason));
            }
        }
        return result;
    }

    /**
     * @param preflightTimeoutNs how long {@link #preflight} waits for the hosts' answers (and {@link #check} for the
     *                           answers to a dry-run fire), {@link #MIN_PREFLIGHT_TIMEOUT_NS} to
     *                           {@link #MAX_PREFLIGHT_TIMEOUT_NS}; {@link #PREFLIGHT_TIMEOUT_NS} unless given.
     * @return this.
     */
    public FleetShoot preflightTimeoutNs(final long preflightTimeoutNs)
    {
        if (preflightTimeoutNs < MIN_PREFLIGHT_TIMEOUT_NS || preflightTimeoutNs > MAX_PREFLIGHT_TIMEOUT_NS)
        {
            throw new IllegalArgumentException("preflight timeout must be " + MIN_PREFLIGHT_TIMEOUT_NS + ".." +
                MAX_PREFLIGHT_TIMEOUT_NS + " ns: " + preflightTimeoutNs);
        }
        this.preflightTimeoutNs = preflightTimeoutNs;
        return this;
    }

    /**
     * @param abortReason why the runner aborts, added to the abort every host is sent (and logs), e.g. the autostop
     *                    criterion that held; it may return null (the default: no more than "aborted on the runner").
     *                    Called on the thread that runs {@link #shoot}.
     * @return this.
     */
    public FleetShoot abortReason(final Supplier<String> abortReason)
    {
        this.abortReason = Objects.requireNonNull(abortReason, "abortReason");
        return this;
    }

    /**
     * Fires the ready hosts, follows the shoot to its end, merges what every host measured, and tells a sink.
     *
     * @param control  the channel.
     * @param listener told of each merged second and of what happens to the hosts (fire answers, lost hosts, start
     *                 skew).
     * @param abort    polled: true sends an abort to every host; what they measured is still merged.
     * @param sink     told of the start instant and of each merged second as it is told (with each host's row).
     * @return every selected host's result, in the setup's order of selection.
     */
    public List<HostResult> shoot(
        final FleetControl control,
        final FleetListener listener,
        final BooleanSupplier abort,
        final ShootSink sink)
    {
        this.sink = sink;
        final long startEpochNs = SystemEpochNanoClock.INSTANCE.nanoTime() + leadNs;
        final long startNs = System.nanoTime() + leadNs;
        sink.onStart(startEpochNs);
        nextLeaseNs = System.nanoTime();
        final boolean aborted = fireUntilAnswered(control, startEpochNs, 0, startNs + ANSWER_GRACE_NS, abort);
        answersClosed = true;
        for (final HostShare share : setup.hosts())
        {
            final HostState host = hosts.get(share.host());
            if (null == host.status)
            {
                host.status = HostResult.UNREACHABLE;
                host.reason = "no answer to the fire by " + TimeUnit.NANOSECONDS.toMillis(ANSWER_GRACE_NS) +
                    " ms after the start instant";
            }
            if (!host.acked)
            {
                listener.onHostNotShooting(host.name, host.reason);
            }
        }

        final long profileEndNs = startNs + setup.hosts().get(0).profile().durationNs() + setup.plan().timeoutNs();
        follow(control, listener, abort, aborted, profileEndNs);
        reportSkew(listener, startEpochNs);

        final List<HostResult> results = new ArrayList<>();
        for (final HostState host : hosts.values())
        {
            checkComplete(host, listener);
            if (host.ackedLate)
            {
                host.reason += "; it acked later, so it may have shot: its queries are not counted";
                listener.onLateAck(host.name);
            }
            final String status = null == host.status ? HostResult.UNREACHABLE : host.status;
            results.add(new HostResult(host.name, host.datacenter, status, host.reason, host.aggregator, Map.of(),
                null == host.queue || host.queue.isEmpty() ? null : Path.of(host.queue)));
        }
        return results;
    }

    /**
     * The result when no host was ready: every host with the preflight's status and reason, nothing measured.
     *
     * @return every selected host's result.
     */
    public List<HostResult> notShot()
    {
        final List<HostResult> results = new ArrayList<>();
        for (final HostState host : hosts.values())
        {
            results.add(new HostResult(host.name, host.datacenter, null == host.status ? HostResult.UNREACHABLE :
                host.status, host.reason, host.aggregator, Map.of(), null));
        }
        return results;
    }

    /**
     * @return seconds that arrived but could not be decoded (dropped, counted here).
     */
    public long malformedSecondCount()
    {
        return malformedSecondCount;
    }

    private void follow(
        final FleetControl control, final FleetListener listener, final BooleanSupplier abort,
        final boolean abortedBeforeStart, final long profileEndNs)
    {
        boolean aborted = abortedBeforeStart;
        long nextAbortNs = System.nanoTime();
        long printedThrough = -1;
        final long leaseNs = TimeUnit.MILLISECONDS.toNanos(LEASE_MS);
        for (final HostState host : hosts.values())
        {
            host.lastHeardNs = System.nanoTime();
        }
        while (anyLive())
        {
            final long nowNs = System.nanoTime();
            if (!aborted && abort.getAsBoolean())
            {
                aborted = true;
                listener.onAborting();
            }
            leaseIfDue(control, nowNs);
            if (aborted && nowNs - nextAbortNs >= 0)
            {
                final String why = abortReason.get();
                control.proxy().abort(leaseSequence, shootId, "aborted on the runner (" + runnerName + ")" +
                    (null == why ? "" : ": " + why));
                nextAbortNs = nowNs + RESEND_NS;
            }
            for (final HostState host : hosts.values())
            {
                if (host.live() && (nowNs - host.lastHeardNs > leaseNs || nowNs - profileEndNs - END_GRACE_NS > 0))
                {
                    host.ended = true;
                    host.status = HostResult.LOST;
                    host.reason = nowNs - host.lastHeardNs > leaseNs ?
                        "silent for " + TimeUnit.NANOSECONDS.toMillis(nowNs - host.lastHeardNs) + " ms (lease " +
                        LEASE_MS + " ms): crashed or cut off; its data until then is kept" :
                        "no end " + TimeUnit.NANOSECONDS.toSeconds(END_GRACE_NS) + " s after the profile's end";
                    listener.onHostLost(host.name, host.reason);
                }
            }
            printedThrough = printComplete(listener, printedThrough);
            idle.idle(control.poll());
        }
        idle.reset();
        printComplete(listener, printedThrough);
    }

    private static void checkComplete(final HostState host, final FleetListener listener)
    {
        if (!host.endHeard)
        {
            return;
        }
        final SecondStats totals = host.aggregator.totals();
        if (host.secondsReceived != host.secondsSent || totals.sentCount() != host.sentAtEnd ||
            totals.answeredCount() != host.answeredAtEnd)
        {
            final String incomplete = "incomplete: " + host.secondsReceived + " of " + host.secondsSent +
                " seconds arrived (" + totals.sentCount() + " of " + host.sentAtEnd + " sent, " +
                totals.answeredCount() + " of " + host.answeredAtEnd + " answered)";
            host.reason = host.reason.isEmpty() ? incomplete : host.reason + "; " + incomplete;
            if (HostResult.OK.equals(host.status))
            {
                host.status = HostResult.FAILED;
            }
            listener.onHostIncomplete(host.name, incomplete);
        }
    }

    /**
     * Sends each host of the setup that has not answered yet its fire (a new correlation id each), again every
     * {@link #RESEND_NS}, until every host answered (acked or refused), the deadline, or an abort.
     *
     * @return true when it stopped on an abort.
     */
    private boolean fireUntilAnswered(
        final FleetControl control,
        final long startEpochNs,
        final int flags,
        final long deadlineNs,
        final BooleanSupplier abort)
    {
        final byte[] plan = FirePlan.encode(setup, fireOptions);
        final int hostCount = setup.hosts().size();
        long correlationId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        for (final HostShare share : setup.hosts())
        {
            final HostState host = hosts.get(share.host());
            if (null == host.status)
            {
                host.fireCorrelationId = correlationId++;
            }
        }
        boolean aborted = false;
        long nextResendNs = System.nanoTime();
        while (System.nanoTime() - deadlineNs < 0 && !allAnswered())
        {
            if (abort.getAsBoolean())
            {
                aborted = true;
                break;
            }
            final long nowNs = System.nanoTime();
            if (0 == (flags & ControlCodec.FLAG_DRY_RUN))
            {
                leaseIfDue(control, nowNs);
            }
            if (nowNs - nextResendNs >= 0)
            {
                for (final HostShare share : setup.hosts())
                {
                    final HostState host = hosts.get(share.host());
                    if (null == host.status)
                    {
                        control.proxy().fire(host.fireCorrelationId, shootId, startEpochNs, LEASE_MS, share.index(),
                            hostCount, flags, share.host(), plan, 0, plan.length);
                    }
                }
                nextResendNs = nowNs + RESEND_NS;
            }
            idle.idle(control.poll());
        }
        idle.reset();
        return aborted;
    }

    private long printComplete(final FleetListener listener, final long printedThrough)
    {
        long through = Long.MAX_VALUE;
        long last = -1;
        for (final HostState host : hosts.values())
        {
            if (host.acked)
            {
                last = Math.max(last, host.reportedThrough);
                if (!host.ended)
                {
                    through = Math.min(through, host.reportedThrough);
                }
            }
        }
        through = Math.min(through, last);
        long printed = printedThrough;
        final boolean perDatacenter = datacenterCount() > 1;
        for (long second = printedThrough + 1; second <= through; second++)
        {
            final SecondStats merged = new SecondStats(second, 0);
            final Map<String, SecondStats> byDatacenter = new LinkedHashMap<>();
            final Map<String, SecondStats> byHost = new LinkedHashMap<>();
            for (final HostState host : hosts.values())
            {
                final SecondStats row = row(host.aggregator, second);
                if (null != row)
                {
                    merged.add(row);
                    byDatacenter.computeIfAbsent(host.datacenter, (dc) -> new SecondStats(row.second(), 0)).add(row);
                    byHost.put(host.name, row);
                }
            }
            listener.onSecond(merged);
            sink.onSecond(merged, byHost);
            if (perDatacenter)
            {
                listener.onDatacenterSeconds(second, byDatacenter);
            }
            printed = second;
        }
        return printed;
    }

    private void reportSkew(final FleetListener listener, final long startEpochNs)
    {
        long earliestUs = Long.MAX_VALUE;
        long latestUs = Long.MIN_VALUE;
        int counted = 0;
        for (final HostState host : hosts.values())
        {
            final SecondStats first = host.aggregator.seconds().isEmpty() ? null : host.aggregator.seconds().get(0);
            if (null != first && first.sentCount() > 0 && 0 == first.second())
            {
                final long lateUs = first.lagHistogram().getMinValue();
                earliestUs = Math.min(earliestUs, lateUs);
                latestUs = Math.max(latestUs, lateUs);
                counted++;
            }
        }
        if (counted > 1)
        {
            listener.onStartSkew(counted, earliestUs, latestUs, Instant.ofEpochSecond(0, startEpochNs));
        }
    }

    private static SecondStats row(final Aggregator aggregator, final long second)
    {
        final long first = aggregator.firstSecond();
        if (first < 0 || second < first || second > aggregator.lastSecond())
        {
            return null;
        }
        return aggregator.seconds().get((int)(second - first));
    }

    private int datacenterCount()
    {
        return (int)hosts.values().stream().filter((host) -> host.acked).map((host) -> host.datacenter).distinct()
            .count();
    }

    private boolean allHeard(final Map<String, String> unresolved)
    {
        for (final HostState host : hosts.values())
        {
            if (!unresolved.containsKey(host.name) && (!host.heard || host.helloState < 0))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends the shoot's lease when one is due (every {@link #LEASE_INTERVAL_NS}), from the fire on: a host that acked
     * keeps its lease while the others are awaited.
     */
    private void leaseIfDue(final FleetControl control, final long nowNs)
    {
        if (nowNs - nextLeaseNs >= 0)
        {
            control.proxy().lease(
                ++leaseSequence, shootId, SystemEpochNanoClock.INSTANCE.nanoTime(), LEASE_MS, runnerName);
            nextLeaseNs = nowNs + LEASE_INTERVAL_NS;
        }
    }

    private boolean allAnswered()
    {
        for (final HostShare share : setup.hosts())
        {
            if (null == hosts.get(share.host()).status)
            {
                return false;
            }
        }
        return true;
    }

    private boolean anyLive()
    {
        for (final HostState host : hosts.values())
        {
            if (host.live())
            {
                return true;
            }
        }
        return false;
    }

    private HostState heard(final String name)
    {
        final HostState host = hosts.get(name);
        if (null != host)
        {
            host.heard = true;
            host.lastHeardNs = System.nanoTime();
        }
        return host;
    }

    /**
     * {@inheritDoc}
     */
    public void onHello(final HelloDecoder hello)
    {
        final Map<String, String> ammo = new LinkedHashMap<>();
        final byte[] digest = new byte[ControlCodec.SHA256_LENGTH];
        for (final HelloDecoder.AmmoDecoder entry : hello.ammo())
        {
            entry.getSha256(digest, 0, digest.length);
            ammo.put(entry.name(), HexFormat.of().formatHex(digest));
        }
        final HostState host = heard(hello.host());
        if (null == host)
        {
            return;
        }
        hello.skipDatacenter();
        host.helloState = hello.state();
        host.version = hello.l2Version();
        host.ammo.clear();
        host.ammo.putAll(ammo);
    }

    /**
     * {@inheritDoc}
     */
    public void onFire(final FireDecoder fire)
    {
        // sent by runners: another runner's fire is not this one's business
    }

    /**
     * {@inheritDoc}
     */
    public void onAck(final AckDecoder ack)
    {
        if (ack.shootId() != shootId)
        {
            return;
        }
        final HostState host = heard(ack.host());
        if (null != host && host.fireCorrelationId == ack.correlationId() && !host.acked && !host.ended)
        {
            if (answersClosed)
            {
                // given up on after the start instant and its grace (seconds were merged without it): kept out
                host.ackedLate = true;
                return;
            }
            host.acked = true;
            host.status = HostResult.OK;
            host.queue = ack.queue();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onRefuse(final RefuseDecoder refuse)
    {
        if (refuse.shootId() != shootId)
        {
            return;
        }
        final HostState host = heard(refuse.host());
        if (null != host && host.fireCorrelationId == refuse.correlationId() && !host.acked && null == host.status)
        {
            host.status = HostResult.FAILED;
            host.reason = "refused: " + refuse.reason();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onSecondAggregate(final SecondAggregateDecoder aggregate)
    {
        if (aggregate.shootId() != shootId)
        {
            return;
        }
        // the rcodes travel in the encoded second too (the blob): the group is stepped over, not read
        final SecondAggregateDecoder.RcodesDecoder rcodes = aggregate.rcodes();
        while (rcodes.hasNext())
        {
            rcodes.next();
        }
        final HostState host = heard(aggregate.host());
        if (null == host || !host.acked)
        {
            return;
        }
        final int length = aggregate.histogramLength();
        if (length > blobBytes.length)
        {
            blobBytes = new byte[length];
        }
        aggregate.getHistogram(blobBytes, 0, length);
        blob.wrap(blobBytes, 0, length);
        final SecondStats row;
        try
        {
            row = SecondStatsCodec.decode(blob, 0, length);
        }
        catch (final IllegalArgumentException ex)
        {
            malformedSecondCount++;
            return;
        }
        if (row.second() != aggregate.secondIndex() || row.sentCount() != aggregate.sent() ||
            row.answeredCount() != aggregate.answered())
        {
            malformedSecondCount++;
            return;
        }
        host.aggregator.add(row);
        host.secondsReceived++;
        host.reportedThrough = Math.max(host.reportedThrough, row.second());
    }

    /**
     * {@inheritDoc}
     */
    public void onEnd(final EndDecoder end)
    {
        if (end.shootId() != shootId)
        {
            return;
        }
        final HostState host = heard(end.host());
        if (null == host || !host.acked || host.ended)
        {
            return;
        }
        host.ended = true;
        host.endHeard = true;
        host.secondsSent = end.secondCount();
        host.sentAtEnd = end.sent();
        host.answeredAtEnd = end.answered();
        host.reason = end.reason();
        switch (end.status())
        {
            case ControlCodec.STATUS_COMPLETED -> host.status = HostResult.OK;
            case ControlCodec.STATUS_ABORTED -> host.status = HostResult.ABORTED;
            case ControlCodec.STATUS_LEASE_EXPIRED -> host.status = HostResult.LOST;
            default -> host.status = HostResult.FAILED;
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onAbort(final AbortDecoder abort)
    {
        // sent by runners
    }

    /**
     * {@inheritDoc}
     */
    public void onLease(final LeaseDecoder lease)
    {
        // sent by runners
    }

    private static String abbreviate(final String sha256)
    {
        return null == sha256 ? "-" : sha256.substring(0, Math.min(12, sha256.length())) + "…";
    }

}
