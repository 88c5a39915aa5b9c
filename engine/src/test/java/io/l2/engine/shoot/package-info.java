/**
 * Tests of the shooter on loopback: against the embedded responder, a silent target and a misbehaving one; the
 * agents driven on the test thread with a hand-moved clock wherever the outcome depends on time.
 */
package io.l2.engine.shoot;
