/**
 * What every layer of the runner may use, and nothing of the runner itself: the build's version
 * ({@link io.l2.runner.base.Version}), the exit codes ({@link io.l2.runner.base.ExitCode}), bad input said in one
 * line ({@link io.l2.runner.base.InputException}) and durations for people ({@link io.l2.runner.base.Durations}).
 */
package io.l2.runner.base;
