/**
 * Hand-written, SBE-shaped flyweights for l2's control and aggregation messages: an 8-byte
 * {@link io.l2.transport.codec.MessageHeaderFlyweight} then one fixed block per message, then repeating groups, then
 * variable-length fields, all little-endian. Decoders validate every length against the buffer and answer a negative
 * {@link io.l2.transport.codec.ControlCodec} code for anything malformed; they never throw and never allocate.
 */
package io.l2.transport.codec;
