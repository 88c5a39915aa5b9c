/**
 * Multi-host tests on one machine: each host is a network namespace joined to the others by a bridge the test
 * creates and deletes ({@link io.l2.runner.cluster.NetnsBridge}), with its own processes; they need root and
 * iproute2 and are tagged {@code netns}.
 */
package io.l2.runner.cluster;
