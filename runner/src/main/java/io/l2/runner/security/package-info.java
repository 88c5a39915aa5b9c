/**
 * Where l2 may aim and how hard: the {@code security:} section of {@code l2.yaml} applied to a shoot
 * ({@link io.l2.runner.security.AimLimits}), by the runner before it fires and by every daemon on every fire it
 * receives.
 */
package io.l2.runner.security;
