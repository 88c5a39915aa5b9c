/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.compare;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.runner.cli.common.GlobalOptions;
import io.l2.runner.cli.common.ShootFolders;
import io.l2.runner.report.CompareReport;
import io.l2.runner.report.ComparedShoot;
import io.l2.runner.report.HtmlReport;
import io.l2.runner.report.RegressionCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code l2 compare SHOOT_OR_FOLDER... [--output FILE] [--fail-if CHECKS]}: one page overlaying past shoots, and a
 * regression gate of the last shoot against the first.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
        "Overlay two shoots or more on one self-contained page (it opens offline): latency by percentile on "
            + "HdrHistogram's 1/(1-p) log axis (timeouts drawn at the timeout, so loss shows as a tail), answers "
            + "a second and p99 over time, the outcome of the sent queries by rcode, and a table of the totals with "
            + "each shoot's change against the first. A shoot is its id (under results-dir of l2.yaml) or its "
            + "results folder; latency comes from the folder's latency.hlog (its merged HdrHistogram), else from "
            + "its queues when they are on this host.",
        "",
        "With --fail-if it is a gate for a build pipeline: the candidate (the last shoot) is checked against the "
            + "baseline (the first); each breach is one line, and the exit code is 4.",
        ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the page was written (and every --fail-if check passed)",
        "1:it could not be written",
        "2:bad input: an unknown shoot, a folder without result, a bad --fail-if",
        "4:a --fail-if check was breached (regression found)"
    })
public final class CompareCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "SHOOT_OR_FOLDER", description = "a shoot id (under results-dir) or a "
        + "results folder; the first is the baseline, the last the candidate")
    private List<String> shoots;

    @Option(
        names = { "-o", "--output" },
        paramLabel = "FILE",
        description = "where to write the page (default: " + CompareReport.DEFAULT_FILE + " here)")
    private Path output;

    @Option(
        names = "--fail-if",
        paramLabel = "CHECKS",
        description = {
            "checks of the candidate's change against the baseline, separated by commas, e.g. "
                + "'p99>+10%%,answered<-1%%,rcode(SERVFAIL)>+0.1%%'. METRIC OP CHANGE, OP one of > >= < <=:",
            "  pQ (any Q: p50, p99.9; answered queries, merged HdrHistogram), max: CHANGE in %% of the baseline, "
                + "or in us, ms, s;",
            "  requested, sent, achieved, answered, timeouts, errors, dropped, rate (answers/s): CHANGE in %% of "
                + "the baseline, or a bare number;",
            "  loss (timeouts of sent), rcode(NAME) (of answered): CHANGE in percentage points, written %%."
        })
    private String failIf;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        final List<RegressionCheck> checks = null == failIf ? List.of() : RegressionCheck.parse(failIf);
        final Path file = null != output ? output : Path.of(CompareReport.DEFAULT_FILE);
        final Path parent = file.toAbsolutePath().getParent();
        if (null != parent && !Files.isDirectory(parent))
        {
            throw new InputException("--output " + file + ": no such directory " + parent);
        }
        final GlobalOptions root = (GlobalOptions)spec.root().userObject();
        final List<ComparedShoot> loaded = new ArrayList<>();
        for (final String shoot : shoots)
        {
            loaded.add(ComparedShoot.load(shoot, ShootFolders.resolve(shoot, root).toAbsolutePath().normalize()));
        }
        final List<RegressionCheck.Outcome> outcomes = new ArrayList<>();
        for (final RegressionCheck check : checks)
        {
            outcomes.add(check.check(loaded.get(0), loaded.get(loaded.size() - 1)));
        }
        final String html = CompareReport.render(loaded, outcomes);
        final PrintWriter out = spec.commandLine().getOut();
        try
        {
            HtmlReport.write(file, html);
        }
        catch (final IOException ex)
        {
            spec.commandLine().getErr().println("l2: cannot write " + file + ": " + ex.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCode.FAILED;
        }
        for (int i = 0; i < loaded.size(); i++)
        {
            final ComparedShoot shoot = loaded.get(i);
            out.println(String.format(Locale.ROOT, "#%d %s: sent %d, answered %d, loss %.3f%%, p50 %.3f ms, " +
                "p99 %.3f ms", i + 1, shoot.id(), shoot.count("sent"), shoot.count("answered"),
                RegressionCheck.share(shoot.count("timeouts"), shoot.count("sent")), shoot.latencyUs(50) / 1e3,
                shoot.latencyUs(99) / 1e3));
        }
        out.println("compare " + file + " (" + loaded.size() + " shoots, " + html.length() / 1024 + " KiB)");
        final long breaches = outcomes.stream().filter(RegressionCheck.Outcome::breached).count();
        for (final RegressionCheck.Outcome outcome : outcomes)
        {
            if (outcome.breached())
            {
                out.println("regression: " + outcome.line());
            }
        }
        if (!outcomes.isEmpty())
        {
            out.println("checks: " + (outcomes.size() - breaches) + " passed, " + breaches + " breached");
        }
        out.flush();
        return 0 == breaches ? ExitCode.OK : ExitCode.REGRESSION;
    }
}
