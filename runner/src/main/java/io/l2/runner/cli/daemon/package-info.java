/**
 * {@code l2 daemon}: the daemon as a command, run by systemd on every load host.
 */
package io.l2.runner.cli.daemon;
