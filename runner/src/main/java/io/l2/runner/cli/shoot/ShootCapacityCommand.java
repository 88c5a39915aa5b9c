/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.shoot;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.config.ShootPlan;
import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.runner.capacity.CapacityReport;
import io.l2.runner.capacity.CapacityRun;
import io.l2.runner.capacity.CapacitySearch;
import io.l2.runner.capacity.Slo;
import io.l2.runner.cli.common.GlobalOptions;
import io.l2.runner.cli.common.ShootOptionChecks;
import io.l2.runner.results.Json;
import io.l2.runner.shoot.ConfigSource;
import io.l2.runner.shoot.FireOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2 shoot capacity --file PLAN --slo SLO}: the highest rate the plan's target answers within the SLO, found
 * by trials that are real shoots.
 */
@Command(
    name = "capacity",
    mixinStandardHelpOptions = true,
    description = {
        "Find the highest rate the plan's target answers within an SLO. Every trial is a real shoot of the plan on "
            + "its set (this host, or the set's daemons) with the plan's target, ammo, mode, instances and timeout, "
            + "its profile replaced by const(RATE, LENGTH) and no autostop: each has a shoot id, a results folder "
            + "and replays with 'l2 replay'.",
        "The search: short trials (--trial) doubling from --from up to --to until the first that misses the SLO; "
            + "then bisection between the last pass and the first fail until the bracket is narrower than "
            + "--resolution; then one trial of the full --hold at the rate found (when it fails, the rate steps down "
            + "by the resolution and is confirmed again, at most 3 times, and the output says so).",
        "--slo: terms joined by commas, all of which a trial's totals must meet: loss, timeouts, errors (shares of "
            + "the queries sent, e.g. loss<=0.1%%), pQ and max (latency, e.g. p99<=20ms, p99.9<50ms; timeouts count "
            + "as slower than any limit), an rcode's share of the answers (servfail<=1%%).",
        "A trial where l2 could not keep the rate (sent under 99%% of the requested queries, or p99 schedule lag "
            + "above --max-lag) says nothing of the target: the search stops there, says so in one line, exit 5.",
        "Output: one line per trial (rate, verdict, why, generator health, shoot id), then the capacity with its "
            + "bracket [last pass, first fail], the figures at that rate and what failed above it; --output json "
            + "prints the same as JSON. capacity.json and capacity.html (every trial, a chart of p99 and loss "
            + "against the rate) are written to results-dir/capacity-ID.",
        "Exit status: 0 capacity found (or every rate up to --to passed); 1 a trial's shoot failed, the target "
            + "failed already at --from, or no rate passed its confirmation; 2 bad input; 5 the generator could not "
            + "keep a trial's rate.",
        ""
    })
public final class ShootCapacityCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = { "-f", "--file" }, required = true, paramLabel = "PLAN", description = "the shoot plan (YAML)")
    private Path file;

    @Option(names = "--slo", required = true, paramLabel = "SLO",
        description = "what every trial must meet, e.g. 'loss<=0.1%%,p99<=20ms,servfail<=1%%'")
    private String slo;

    @Option(names = "--from", paramLabel = "RATE", defaultValue = "100",
        description = "the first trial's rate, queries per second for the whole set (default: ${DEFAULT-VALUE})")
    private long fromRate;

    @Option(names = "--to", paramLabel = "RATE", defaultValue = "1000000",
        description = "the highest rate tried (default: ${DEFAULT-VALUE})")
    private long toRate;

    @Option(names = "--trial", paramLabel = "DURATION", defaultValue = "3s",
        description = "length of the ramp's and the bisection's short trials (default: ${DEFAULT-VALUE})")
    private String trial;

    @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "10s",
        description = "length of the confirmation trial at the rate found (default: ${DEFAULT-VALUE})")
    private String hold;

    @Option(names = "--resolution", paramLabel = "PERCENT", defaultValue = "2%",
        description = "bisection stops when the bracket is narrower than this share of its lower end, 0.1%% to 50%% "
            + "(default: ${DEFAULT-VALUE})")
    private String resolution;

    @Option(names = "--pause", paramLabel = "DURATION", defaultValue = "1s",
        description = "idle time between trials, so the target settles (default: ${DEFAULT-VALUE}; 0 for none)")
    private String pause;

    @Option(names = "--max-lag", paramLabel = "DURATION", defaultValue = "50ms",
        description = "a trial whose p99 schedule lag is above this blames the generator (default: ${DEFAULT-VALUE})")
    private String maxLag;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default) or json: the search as JSON on stdout, the trials' lines on stderr")
    private String output;

    @Option(names = { "-l", "--limit" }, paramLabel = "PATTERN",
        description = "only these hosts of the set, as Ansible's --limit")
    private String limit;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
        description = "threads carrying the workers on each host (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--idle", paramLabel = "STRATEGY",
        description = "idle strategy of the shooter threads, as for 'l2 shoot fire'")
    private String idle;

    @Option(names = "--no-warmup", description = "skip each trial's warm-up, as for 'l2 shoot fire'")
    private boolean noWarmup;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        final GlobalOptions root = (GlobalOptions)spec.root().userObject();
        final CapacityRun.Settings settings = settings();
        final L2Config config = ConfigSource.load(
            root.config(), System.getenv(), Path.of("").toAbsolutePath(), ConfigSource.SYSTEM_CONFIG);
        final ShootPlan plan = ConfigLoader.loadPlan(file, config);
        final FireOptions fireOptions = new FireOptions(threads, idle, !noWarmup, ShootOptionChecks.io("auto"), 0,
            ShootOptionChecks.cpus(null));
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final boolean json = "json".equals(output);
        final PrintWriter lines = json ? err : out;
        final CapacityRun run = new CapacityRun(config, file, Files.readString(file, StandardCharsets.UTF_8), plan,
            settings, (request) -> request.limit(limit).fireOptions(fireOptions), err, root.debug());
        final int ready = run.preflight();
        if (ExitCode.OK != ready)
        {
            err.println("l2: capacity: not every host of the set is ready for --to " + toRate + " rps: nothing shot");
            err.flush();
            return ready;
        }
        lines.println("capacity " + run.searchId() + ": " + plan.target().authority() + " within " +
            settings.slo().text() + ", from " + fromRate + " to " + toRate + " rps, trials " + trial + ", hold " +
            hold + ", resolution " + resolution);
        lines.println(CapacityReport.trialHeader());
        lines.flush();
        final CapacitySearch.Outcome outcome = run.run((each) ->
        {
            lines.println(CapacityReport.trialLine(each));
            lines.flush();
        });
        final Map<String, Object> tree = CapacityReport.json(run.header(), outcome);
        if (json)
        {
            out.print(Json.write(tree));
        }
        else
        {
            CapacityReport.lines(tree).forEach(out::println);
        }
        out.flush();
        switch (outcome.status())
        {
            case FOUND:
            case AT_LEAST_TO:
                return ExitCode.OK;
            case GENERATOR:
                return ExitCode.GENERATOR_LIMITED;
            default:
                return ExitCode.FAILED;
        }
    }

    private CapacityRun.Settings settings()
    {
        if (!Files.isRegularFile(file))
        {
            throw new InputException("--file " + file + ": no such file");
        }
        if (!"text".equals(output) && !"json".equals(output))
        {
            throw new InputException("--output " + output + ": expected text or json");
        }
        ShootOptionChecks.threads(threads);
        ShootOptionChecks.idle(idle);
        final Slo parsed = Slo.parse(slo);
        final CapacitySearch.Bounds bounds = new CapacitySearch.Bounds(fromRate, toRate, duration("--trial", trial),
            duration("--hold", hold), percent(resolution));
        final long pauseNs = "0".equals(pause.trim()) ? 0 : duration("--pause", pause);
        return new CapacityRun.Settings(parsed, bounds, pauseNs, duration("--max-lag", maxLag));
    }

    private static long duration(final String option, final String text)
    {
        try
        {
            return ConfigLoader.parseDurationNs(text.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException(option + " " + text + ": " + ex.getMessage());
        }
    }

    private static double percent(final String text)
    {
        final String number = text.trim().endsWith("%") ? text.trim().substring(0, text.trim().length() - 1) :
            text.trim();
        try
        {
            return Double.parseDouble(number) / 100;
        }
        catch (final NumberFormatException ex)
        {
            throw new InputException("--resolution " + text + ": expected a percentage such as 2%");
        }
    }
}
