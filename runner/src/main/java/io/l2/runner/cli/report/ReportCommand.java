/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.runner.cli.common.GlobalOptions;
import io.l2.runner.cli.common.ShootFolders;
import io.l2.runner.report.HtmlReport;
import io.l2.runner.report.ReportSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code l2 report SHOOT_ID|PATH [--output FILE]}: writes a past shoot's {@code report.html} again.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
        "Write a past shoot's report.html again (one self-contained page: charts over time, the plan, the recap "
            + "and the totals; it opens offline). SHOOT_ID is looked up under results-dir of l2.yaml; PATH is a "
            + "results folder or a queue directory. The numbers come from the recorded queues when every host's "
            + "queue is on this host (replayed with the live aggregator), else from result.json (without the "
            + "per-host charts).",
        ""
    })
public final class ReportCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SHOOT_ID|PATH", description = "a shoot id (under results-dir), a results folder, or a "
        + "queue directory")
    private String shoot;

    @Option(
        names = { "-o", "--output" },
        paramLabel = "FILE",
        description = "where to write the page (default: report.html in the folder)")
    private Path output;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        final Path dir = folder();
        if (null != output && null != output.toAbsolutePath().getParent() &&
            !Files.isDirectory(output.toAbsolutePath().getParent()))
        {
            throw new InputException("--output " + output + ": no such directory " +
                output.toAbsolutePath().getParent());
        }
        final ReportSource.Rendered rendered = ReportSource.render(dir);
        final Path file = null != output ? output : dir.resolve(HtmlReport.REPORT_FILE);
        try
        {
            HtmlReport.write(file, rendered.html());
        }
        catch (final IOException ex)
        {
            spec.commandLine().getErr().println("l2: cannot write " + file + ": " + ex.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCode.FAILED;
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.println("report " + file + " (from " + rendered.from() + ", " + rendered.html().length() / 1024 + " KiB)");
        out.flush();
        return ExitCode.OK;
    }

    private Path folder()
    {
        return ShootFolders.resolve(shoot, (GlobalOptions)spec.root().userObject());
    }
}
