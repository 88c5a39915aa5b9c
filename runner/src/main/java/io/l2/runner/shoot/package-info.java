/**
 * A shoot as the runner prepares it: the configuration found, the plan resolved against it (target address pinned,
 * ammo loaded, hosts selected, the profile split among them), and what is printed about it.
 */
package io.l2.runner.shoot;
