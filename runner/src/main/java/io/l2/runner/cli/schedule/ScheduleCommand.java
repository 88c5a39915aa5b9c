/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.schedule;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code l2 schedule}: the group of schedule commands.
 */
@Command(
    name = "schedule",
    description = "The schedules of l2.yaml: list them with their next fire times, or fire them now.",
    mixinStandardHelpOptions = true,
    subcommands = { ScheduleListCommand.class, ScheduleFireCommand.class, CommandLine.HelpCommand.class })
public final class ScheduleCommand implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Without a subcommand, prints the group's usage.
     */
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
