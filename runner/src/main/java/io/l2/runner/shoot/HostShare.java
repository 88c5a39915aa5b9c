/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import io.l2.engine.profile.RateProfile;

/**
 * One host's part of a shoot.
 *
 * @param index      the host's index among the hosts that shoot (0-based, inventory order).
 * @param host       the host name as in the inventory.
 * @param datacenter the datacenter it is listed under.
 * @param profile    the queries this host sends: its share of the total, or the whole profile with per-host.
 * @param ammoOffset the ammo index this host starts at (hosts start at different offsets and cycle).
 */
public record HostShare(int index, String host, String datacenter, RateProfile profile, int ammoOffset)
{
}
