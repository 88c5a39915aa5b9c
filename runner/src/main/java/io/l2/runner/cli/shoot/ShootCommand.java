/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.shoot;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code l2 shoot}: the group of shoot commands.
 */
@Command(
    name = "shoot",
    description = "Shoot a DNS target from every host of a set.",
    mixinStandardHelpOptions = true,
    subcommands = { ShootFireCommand.class, ShootCapacityCommand.class, CommandLine.HelpCommand.class })
public final class ShootCommand implements Runnable
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
