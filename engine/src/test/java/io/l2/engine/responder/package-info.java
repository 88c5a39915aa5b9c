/**
 * Tests of the embedded responder: its answers checked against dnsjava's reading of the same zone, on loopback.
 */
package io.l2.engine.responder;
