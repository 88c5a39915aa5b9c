/**
 * {@code l2 replay}: recompute a past shoot's result from its recorded queues.
 */
package io.l2.runner.cli.replay;
