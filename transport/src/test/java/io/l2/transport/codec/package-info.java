/**
 * Tests of the generated control codecs and the validation in front of them: round trips, truncation, corruption and
 * random bytes.
 */
package io.l2.transport.codec;
