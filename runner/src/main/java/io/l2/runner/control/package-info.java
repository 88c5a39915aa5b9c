/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
/**
 * The Aeron channels of the control plane, from {@code l2.yaml}'s {@code control-mode}: one multicast channel for
 * everyone, or unicast multi-destination-cast ({@link io.l2.runner.control.ControlChannels}). Channel strings only;
 * the daemon's {@code ControlPlane} and the runner's {@code FleetControl} open them. The cluster keys that sign and
 * check every control message, from {@code l2.yaml}'s {@code security:} ({@link io.l2.runner.control.ControlKeys}).
 */
package io.l2.runner.control;
