/**
 * Tests of the DNS wire codec, with dnsjava as the oracle, and against a real NSD on loopback.
 */
package io.l2.engine.codec;
