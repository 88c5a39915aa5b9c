/**
 * What the {@code l2} commands share below the root command: the options every command takes
 * ({@link io.l2.runner.cli.common.GlobalOptions}) and the checks of the shoot options
 * ({@link io.l2.runner.cli.common.ShootOptionChecks}). Imports no other package of the command line, so the root
 * command and its subcommands form no circle.
 */
package io.l2.runner.cli.common;
