/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.replay;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.runner.report.ResultFolder;
import io.l2.runner.results.ConsoleReport;
import io.l2.runner.results.Json;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.results.ShootResult;
import io.l2.runner.shoot.Replay;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code l2 replay PATH}: runs the aggregator over a shoot's recorded queues and prints the same result.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Recompute a shoot's result from its recorded queues (every query's outcome), with the very aggregator the "
            + "live shoot used: totals and seconds come back exactly. PATH is a shoot's results folder (with "
            + "shoot.json) or a queue directory. A results folder's report.html is written again from the replay.",
        ""
    })
public final class ReplayCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "a shoot's results folder, or a queue directory")
    private Path path;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json")
    private String output;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        if (!"text".equals(output) && !"json".equals(output))
        {
            throw new InputException("--output " + output + ": expected text or json");
        }
        final ShootResult result = Replay.replay(path);
        final PrintWriter out = spec.commandLine().getOut();
        final Path reportFile = Files.isRegularFile(path.resolve(ResultWriter.SHOOT_FILE)) ?
            ResultFolder.writeReport(path, result.toJson(), result, spec.commandLine().getErr()) : null;
        if ("json".equals(output))
        {
            out.print(Json.write(result.toJson()));
            out.flush();
        }
        else
        {
            final ConsoleReport report = new ConsoleReport(out);
            result.merged().seconds().forEach(report::second);
            report.summary(result, null);
            if (null != reportFile)
            {
                out.println("  report      " + reportFile);
                out.flush();
            }
        }
        return ExitCode.OK;
    }
}
