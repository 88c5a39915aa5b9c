/**
 * A shoot as the runner prepares it: the configuration found, the plan resolved against it (target address pinned,
 * ammo loaded, hosts selected, the profile split among them), a host's shoot in this process ({@link io.l2.runner.shoot.LocalShoot}), the offline replay of
 * its queues ({@link io.l2.runner.shoot.Replay}), and what is printed about it.
 */
package io.l2.runner.shoot;
