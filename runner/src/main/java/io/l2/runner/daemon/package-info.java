/**
 * The {@code l2} daemon: one per load host, serving the same REST API on TCP and on a unix socket (status, shoots
 * and their per-second data, abort, Prometheus metrics). Jetty core handlers, no servlets; JSON written by
 * {@link io.l2.runner.results.Json} and read with SnakeYAML Engine.
 */
package io.l2.runner.daemon;
