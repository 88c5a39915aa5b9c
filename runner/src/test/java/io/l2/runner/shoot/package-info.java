/**
 * Acceptance tests of the local shoot: {@code l2 shoot fire} run in-process against real DNS servers on loopback
 * (NSD, unbound, l2's responder, a port that never answers), with the results checked against the issue's
 * thresholds, and {@code l2 replay} of the results folder.
 */
package io.l2.runner.shoot;
