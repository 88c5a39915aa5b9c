/**
 * Aeron channels and the control/aggregation messages between the runner and every l2 daemon.
 * Filled by the cluster issue; the module is a leaf: it knows nothing of the engine or the YAML model.
 */
package io.l2.transport;
