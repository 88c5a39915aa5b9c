/**
 * DNS wire codec: hand-written flyweights over Agrona buffers, in network byte order (big endian) throughout.
 * <p>
 * {@link io.l2.engine.codec.DnsQueryEncoder} builds a query once, on the cold path, so that at send time only the
 * 16-bit id is stamped ({@link io.l2.engine.codec.DnsQueryEncoder#stampId}); the question name goes from presentation
 * form straight into the query through {@link io.l2.engine.codec.DnsNameEncoder}. {@link
 * io.l2.engine.codec.DnsResponseDecoder} reads a response in place without allocating and without throwing: every
 * way a packet can be broken is a negative reason code, so a hostile or buggy server can only be counted, never
 * crash a shooter. {@link io.l2.engine.codec.RcodeNames} and {@link io.l2.engine.codec.QTypes} map numbers to the
 * mnemonics operators read in reports. dnsjava is used only on the cold path (the rarer type mnemonics) and as the
 * test oracle.
 */
package io.l2.engine.codec;
