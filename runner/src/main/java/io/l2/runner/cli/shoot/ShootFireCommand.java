/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.shoot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.config.ShootPlan;
import io.l2.runner.cli.ExitCode;
import io.l2.runner.cli.InputException;
import io.l2.runner.cli.L2Command;
import io.l2.runner.shoot.ConfigSource;
import io.l2.runner.shoot.DryRunPrinter;
import io.l2.runner.shoot.ShootId;
import io.l2.runner.shoot.ShootSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2 shoot fire --file=PLAN}: every selected host of the plan's set shoots the target along the profile.
 */
@Command(
    name = "fire",
    mixinStandardHelpOptions = true,
    description = {
        "Fire a shoot plan: every host of the plan's set (or those --limit selects) shoots the target at once.",
        "With --dry-run, print the resolved plan (shoot id, target address, ammo, hosts and their shares,",
        "first and last intended send times) and send nothing."
    })
public final class ShootFireCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = { "-f", "--file" }, required = true, paramLabel = "PLAN", description = "the shoot plan (YAML)")
    private Path file;

    @Option(names = { "-n", "--dry-run" }, description = "resolve and print the plan; send nothing")
    private boolean dryRun;

    @Option(
        names = { "-l", "--limit" },
        paramLabel = "PATTERN",
        description = "only these hosts of the set, as Ansible's --limit: man, 'ns+load:&vla', '!dns-load02i*', @file")
    private String limit;

    /**
     * {@inheritDoc}
     */
    public Integer call()
    {
        final L2Command root = (L2Command)spec.root().userObject();
        if (!Files.isRegularFile(file))
        {
            throw new InputException("--file " + file + ": no such file");
        }
        final L2Config config = ConfigSource.load(
            root.config(), System.getenv(), Path.of("").toAbsolutePath(), ConfigSource.SYSTEM_CONFIG);
        final ShootPlan plan = ConfigLoader.loadPlan(file, config);
        try (ShootSetup setup = ShootSetup.resolve(ShootId.next(Instant.now()), config, plan, limit))
        {
            if (dryRun)
            {
                DryRunPrinter.print(setup, spec.commandLine().getOut());
                return ExitCode.OK;
            }
            spec.commandLine().getErr().println(
                "l2: shoot fire without --dry-run is not built yet (the shooter lands with issue #3)");
            return ExitCode.FAILED;
        }
    }
}
