/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.capacity;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.config.ShootPlan;
import io.l2.engine.aggregate.SecondStats;
import io.l2.runner.base.Durations;
import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.runner.fire.ConsoleShootListener;
import io.l2.runner.fire.ShootRequest;
import io.l2.runner.fire.Shoots;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.ShootResult;
import io.l2.runner.shoot.ShootId;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * A capacity search on real shoots: each trial is the plan with its profile replaced by {@code const(RATE, LENGTH)}
 * (and its {@code autostop:} removed: the SLO judges the trial), fired through {@link Shoots#fire} as
 * {@code l2 shoot fire} fires a plan, on the plan's set (this host, or the set's daemons), so every trial has its
 * shoot id, its results folder (whose {@code plan.yaml} is the trial's plan) and replays with {@code l2 replay}.
 * A trial is judged in this order: its shoot failed (a host failed or was lost); the generator could not keep the
 * rate (sent below {@link #MIN_SENT_PERCENT} of the requested queries, or the p99 schedule lag above
 * {@code maxLagNs}): l2, not the target; else the SLO on the trial's merged totals. The search's own folder
 * ({@code capacity-ID} in {@code results-dir}) gets {@code capacity.json} and {@code capacity.html}. One thread.
 */
public final class CapacityRun
{
    /** A trial that sent less than this share of the queries it asked for (percent) blames the generator. */
    public static final double MIN_SENT_PERCENT = 99.0;

    /** The capacity search's JSON in its folder. */
    public static final String JSON_FILE = "capacity.json";

    /** The capacity search's report in its folder. */
    public static final String HTML_FILE = "capacity.html";

    /**
     * The search's settings, as the options give them.
     *
     * @param slo      what every trial must meet.
     * @param bounds   rates, lengths, resolution.
     * @param pauseNs  idle time before each trial after the first, so the target settles (a rate limiter forgets).
     * @param maxLagNs the p99 schedule lag above which a trial blames the generator.
     */
    public record Settings(Slo slo, CapacitySearch.Bounds bounds, long pauseNs, long maxLagNs)
    {
        /**
         * Checks the settings.
         */
        public Settings
        {
            Objects.requireNonNull(slo, "slo");
            Objects.requireNonNull(bounds, "bounds");
            if (pauseNs < 0)
            {
                throw new InputException("--pause: must not be negative");
            }
            if (maxLagNs <= 0)
            {
                throw new InputException("--max-lag: must be above 0");
            }
        }
    }

    private final L2Config config;
    private final Path planFile;
    private final String planText;
    private final ShootPlan plan;
    private final Settings settings;
    private final UnaryOperator<ShootRequest> shootOptions;
    private final PrintWriter err;
    private final boolean verbose;
    private final String searchId = ShootId.next(Instant.now());

    /**
     * @param config       the configuration the plan was parsed against.
     * @param planFile     the plan file.
     * @param planText     its text.
     * @param plan         the plan, parsed (its mistakes already reported at file:line:column).
     * @param settings     the search's settings.
     * @param shootOptions sets the shoot options of every trial ({@code --limit}, {@code --threads}, ...).
     * @param err          where each trial's warnings go (a host lost, a silent target).
     * @param verbose      true to print each trial's seconds and summary there too.
     */
    public CapacityRun(
        final L2Config config, final Path planFile, final String planText, final ShootPlan plan,
        final Settings settings, final UnaryOperator<ShootRequest> shootOptions, final PrintWriter err,
        final boolean verbose)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.planFile = Objects.requireNonNull(planFile, "planFile");
        this.planText = Objects.requireNonNull(planText, "planText");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.shootOptions = Objects.requireNonNull(shootOptions, "shootOptions");
        this.err = Objects.requireNonNull(err, "err");
        this.verbose = verbose;
    }

    /**
     * @return the search's id (its folder is {@code capacity-ID} in {@code results-dir}).
     */
    public String searchId()
    {
        return searchId;
    }

    /**
     * @return the search's folder.
     */
    public Path folder()
    {
        return config.daemon().resultsDir().resolve("capacity-" + searchId).toAbsolutePath().normalize();
    }

    /**
     * Checks the longest and fastest trial before any query is sent: the plan at {@code const(--to, --hold)} fired as
     * a dry run (resolved, checked against {@code security:}'s ceilings, and for a set of other hosts every daemon
     * asked whether it is ready), so a search does not stop half-way on a ceiling.
     *
     * @return {@link ExitCode#OK} when it may start, else {@link ExitCode#FAILED} (a host not ready).
     * @throws InputException                 a ceiling the search would cross, in one line.
     * @throws io.l2.config.ConfigException   as {@link Shoots#fire} throws it.
     * @throws IOException                    when the control channel fails.
     */
    public int preflight() throws IOException
    {
        final CapacitySearch.Bounds bounds = settings.bounds();
        final String yaml = trialYaml(0, bounds.toRate(), Math.max(bounds.trialNs(), bounds.holdNs()));
        final ShootRequest request = shootOptions.apply(new ShootRequest(config, trialPlan(yaml)).planText(yaml)
            .mode(ShootRequest.Mode.DRY_RUN));
        return Shoots.fire(request, new TrialListener(new ConsoleShootListener(err, err, false, verbose), verbose));
    }

    /**
     * Runs the search, writes its folder.
     *
     * @param onTrial told of each trial as it ends.
     * @return what it found, as {@link CapacityReport#json} writes it.
     * @throws IOException when a results folder or the control channel fails.
     */
    public CapacitySearch.Outcome run(final Consumer<Trial> onTrial) throws IOException
    {
        final CapacitySearch.Outcome outcome = new CapacitySearch(settings.bounds(), this::trial, onTrial).run();
        final Map<String, Object> json = CapacityReport.json(header(), outcome);
        CapacityReport.write(folder(), json);
        return outcome;
    }

    /**
     * @return what the search was asked: id, plan, target, set, SLO, bounds.
     */
    public Map<String, Object> header()
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", searchId);
        json.put("plan", planFile.toString());
        json.put("description", plan.description());
        json.put("target", plan.target().authority());
        json.put("set", plan.set());
        json.put("mode", plan.mode().yamlName());
        json.put("instances", plan.instances());
        json.put("slo", settings.slo().text());
        final CapacitySearch.Bounds bounds = settings.bounds();
        json.put("from", bounds.fromRate());
        json.put("to", bounds.toRate());
        json.put("trial_s", bounds.trialNs() / 1e9);
        json.put("hold_s", bounds.holdNs() / 1e9);
        json.put("resolution_pct", bounds.resolution() * 100);
        json.put("max_lag_ms", settings.maxLagNs() / 1e6);
        json.put("folder", folder().toString());
        return json;
    }

    /**
     * The plan of one trial, as YAML: the plan's keys as written, {@code rps}/{@code schedule} replaced by
     * {@code schedule: "const(RATE,LENGTH)"}, {@code autostop} removed, a relative ammo path made absolute, the
     * description naming the trial; a comment line says where it came from.
     *
     * @param index      the trial's index.
     * @param rate       its rate.
     * @param durationNs its length.
     * @return the YAML text.
     */
    String trialYaml(final int index, final long rate, final long durationNs)
    {
        final Object tree = new Load(LoadSettings.builder().build()).loadFromString(planText);
        if (!(tree instanceof Map<?, ?>))
        {
            throw new InputException("--file " + planFile + ": not a mapping of plan keys");
        }
        final Map<String, Object> keys = new LinkedHashMap<>();
        for (final Map.Entry<?, ?> entry : ((Map<?, ?>)tree).entrySet())
        {
            final String key = String.valueOf(entry.getKey());
            if (!"rps".equals(key) && !"schedule".equals(key) && !"autostop".equals(key))
            {
                keys.put(key, entry.getValue());
            }
        }
        keys.put("description", (plan.description().isEmpty() ? "" : plan.description() + " ") + "[capacity " +
            searchId + " trial " + index + ": " + rate + " rps]");
        if (!plan.ammo().named())
        {
            keys.put("ammo", plan.ammo().file().toAbsolutePath().toString());
        }
        keys.put("schedule", "const(" + rate + "," + Durations.format(durationNs) + ")");
        final DumpSettings dump = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        return "# l2 shoot capacity " + searchId + ", trial " + index + ": " + planFile +
            " with its profile replaced by const(" + rate + "," + Durations.format(durationNs) + ") and no autostop\n" +
            new Dump(dump).dumpToString(keys);
    }

    private Trial trial(final int index, final String phase, final long rate, final long durationNs)
        throws IOException
    {
        if (index > 1 && settings.pauseNs() > 0)
        {
            pause();
        }
        final String yaml = trialYaml(index, rate, durationNs);
        final ShootRequest request = shootOptions.apply(new ShootRequest(config, trialPlan(yaml)).planText(yaml));
        final TrialListener listener =
            new TrialListener(new ConsoleShootListener(err, err, false, verbose), verbose);
        final int exitCode = Shoots.fire(request, listener);
        final ShootResult result = listener.result();
        if (null == result || null == result.merged())
        {
            return new Trial(index, phase, rate, durationNs, Trial.Verdict.FAILED, "the shoot did not run (exit " +
                exitCode + ")", "unknown", listener.shootId(), listener.resultsDir(), Map.of());
        }
        final SecondStats totals = result.merged().totals();
        final Map<String, Object> stats = TrialStats.of(totals);
        final double sentPercent = 0 == totals.requestedCount() ? 100 :
            100.0 * totals.sentCount() / totals.requestedCount();
        final long lagNs = TrialStats.lagP99Ns(totals);
        final boolean generatorOk = sentPercent >= MIN_SENT_PERCENT && lagNs <= settings.maxLagNs();
        final String health = (generatorOk ? "ok" : "behind") + String.format(Locale.ROOT,
            " (sent %.1f%%, lag p99 %s)", sentPercent, Slo.latency(lagNs));
        final Trial.Verdict verdict;
        final String why;
        if (ExitCode.OK != exitCode || !result.allOk())
        {
            verdict = Trial.Verdict.FAILED;
            why = "the shoot failed (exit " + exitCode + ")" + hostReasons(result);
        }
        else if (!generatorOk)
        {
            verdict = Trial.Verdict.GENERATOR;
            why = "the generator, not the target: l2 could not keep " + rate + " rps: " + (sentPercent <
                MIN_SENT_PERCENT ? String.format(Locale.ROOT, "sent %.1f%% of the requested queries < %.0f%%",
                sentPercent, MIN_SENT_PERCENT) : "p99 schedule lag " + Slo.latency(lagNs) + " > " +
                Slo.latency(settings.maxLagNs()));
        }
        else
        {
            final String miss = settings.slo().firstMiss(totals);
            verdict = null == miss ? Trial.Verdict.PASS : Trial.Verdict.FAIL;
            why = null == miss ? "" : miss;
        }
        return new Trial(index, phase, rate, durationNs, verdict, why, health, listener.shootId(),
            listener.resultsDir(), stats);
    }

    private ShootPlan trialPlan(final String yaml)
    {
        final Path base = null == planFile.toAbsolutePath().getParent() ? Path.of("") :
            planFile.toAbsolutePath().getParent();
        return ConfigLoader.parsePlan(planFile.getFileName().toString(), yaml, base, config);
    }

    private static String hostReasons(final ShootResult result)
    {
        final List<String> reasons = new ArrayList<>();
        for (final HostResult host : result.hosts())
        {
            if (!HostResult.OK.equals(host.status()))
            {
                reasons.add(host.host() + " " + host.status() + (host.reason().isEmpty() ? "" : ": " + host.reason()));
            }
        }
        return reasons.isEmpty() ? "" : ": " + String.join("; ", reasons);
    }

    private void pause()
    {
        try
        {
            TimeUnit.NANOSECONDS.sleep(settings.pauseNs());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
