/**
 * Tests of the control message flyweights: round trips, truncation, corruption and random bytes.
 */
package io.l2.transport.codec;
