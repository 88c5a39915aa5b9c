/**
 * The shoot API under the command line: {@link io.l2.runner.fire.Shoots#fire} takes a parsed plan and its options
 * ({@link io.l2.runner.fire.ShootRequest}) and runs the shoot, in this process or through a set's daemons, telling a
 * {@link io.l2.runner.fire.ShootListener} what happens. {@code l2 shoot fire}, {@code l2 schedule fire}, the daemon's
 * scheduler and its {@code POST /shoots} all fire through it; printing is the listener's
 * ({@link io.l2.runner.fire.ConsoleShootListener}).
 */
package io.l2.runner.fire;
