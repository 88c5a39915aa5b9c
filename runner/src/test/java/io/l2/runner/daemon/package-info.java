/**
 * Tests of the daemon's REST API over TCP and over its unix socket.
 */
package io.l2.runner.daemon;
