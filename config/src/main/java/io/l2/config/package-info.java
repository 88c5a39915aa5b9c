/**
 * l2's YAML model: {@code l2.yaml} (daemon settings, the cluster inventory of load hosts, ammo names, and reserved
 * sections) and shoot plans, loaded safely with SnakeYAML Engine and validated with one-line
 * {@code file:line:column} errors ({@link io.l2.config.ConfigException}). The entry point is
 * {@link io.l2.config.ConfigLoader}, whose Javadoc is the configuration reference. Every model type is an immutable
 * record; the module does no I/O beyond reading the YAML files it is given and knows nothing of the engine.
 */
package io.l2.config;
