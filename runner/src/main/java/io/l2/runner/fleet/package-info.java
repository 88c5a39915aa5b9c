/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
/**
 * The runner's side of a shoot across the fleet: its end of the control channel ({@link
 * io.l2.runner.fleet.FleetControl}) and one shoot driven over it ({@link io.l2.runner.fleet.FleetShoot}):
 * preflight, fire, leases, merge of every host's seconds, lost hosts, abort.
 */
package io.l2.runner.fleet;
