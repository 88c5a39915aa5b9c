/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import io.l2.runner.base.ExitCode;
import io.l2.runner.base.Version;
import io.l2.runner.cli.common.GlobalOptions;
import io.l2.runner.cli.compare.CompareCommand;
import io.l2.runner.cli.daemon.DaemonCommand;
import io.l2.runner.cli.keygen.KeygenCommand;
import io.l2.runner.cli.push.PushCommand;
import io.l2.runner.cli.replay.ReplayCommand;
import io.l2.runner.cli.report.ReportCommand;
import io.l2.runner.cli.responder.ResponderCommand;
import io.l2.runner.cli.schedule.ScheduleCommand;
import io.l2.runner.cli.shoot.ShootCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code l2}: the root command. Holds the options every command takes ({@code --config}, {@code --debug}), which may
 * be given before or after the subcommand ({@code l2 shoot fire --debug --file=plan.yaml}).
 */
@Command(
    name = "l2",
    mixinStandardHelpOptions = true,
    versionProvider = L2Command.VersionProvider.class,
    description = {
        "Control plane for DNS load testing: every host of a set shoots one DNS target along an rps profile, "
            + "and the results are merged exactly.",
        "",
        "Configuration: --config FILE, else $L2_CONFIG, else ./l2.yaml, else /etc/l2/l2.yaml, else the embedded "
            + "default (one set 'local' with this host alone, shooting in-process).",
        ""
    },
    subcommands = {
        ShootCommand.class, ScheduleCommand.class, ReplayCommand.class, ReportCommand.class, CompareCommand.class,
        PushCommand.class, ResponderCommand.class, DaemonCommand.class, KeygenCommand.class,
        CommandLine.HelpCommand.class },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the command did what was asked",
        "1:it failed (a shoot that could not run, a host failed or was lost, no host was ready)",
        "2:bad input (command line, YAML, ammo), or for l2 daemon a socket, Aeron directory or port another "
            + "process holds; nothing was started",
        "3:a shoot stopped by its plan's autostop (every host stopped; the results say which criterion)",
        "4:l2 compare --fail-if: the candidate regressed against the baseline",
        "5:l2 shoot capacity: l2 itself could not keep a trial's rate (the generator's limit, not the target's)"
    })
public final class L2Command implements Runnable, GlobalOptions
{
    @Spec
    private CommandSpec spec;

    @Option(
        names = "--config",
        scope = ScopeType.INHERIT,
        paramLabel = "FILE",
        description = "l2.yaml to use (default: $L2_CONFIG, ./l2.yaml, /etc/l2/l2.yaml, else the embedded default)")
    private Path config;

    @Option(
        names = "--debug",
        scope = ScopeType.INHERIT,
        description = "say more: which files were read, how things were resolved, stack traces of failures")
    private boolean debug;

    /**
     * {@inheritDoc}
     */
    public Path config()
    {
        return config;
    }

    /**
     * {@inheritDoc}
     */
    public boolean debug()
    {
        return debug;
    }

    /**
     * Without a subcommand, {@code l2} prints its usage.
     */
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The command line with l2's error handling: bad input is one line on stderr and exit code 2; an unexpected
     * failure is one line (a stack trace with {@code --debug}) and exit code 1.
     *
     * @return a ready {@link CommandLine}.
     */
    public static CommandLine newCommandLine()
    {
        final L2Command root = new L2Command();
        final CommandLine commandLine = new CommandLine(root);
        commandLine.setExecutionExceptionHandler(
            (ex, cmd, parseResult) ->
            {
                final PrintWriter err = cmd.getErr();
                final boolean badInput = ExitCode.isBadInput(ex);
                if (badInput)
                {
                    err.println("l2: " + ex.getMessage());
                }
                else
                {
                    err.println("l2: internal error: " + ex);
                }
                if (root.debug)
                {
                    ex.printStackTrace(err);
                }
                err.flush();
                return badInput ? ExitCode.BAD_INPUT : ExitCode.FAILED;
            });
        return commandLine;
    }

    /**
     * The version of the build, from the jar.
     */
    public static final class VersionProvider implements CommandLine.IVersionProvider
    {
        /**
         * {@inheritDoc}
         */
        public String[] getVersion()
        {
            return new String[] {
                "l2 " + Version.current(),
                "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", " +
                    System.getProperty("java.home") + ")"
            };
        }
    }
}
