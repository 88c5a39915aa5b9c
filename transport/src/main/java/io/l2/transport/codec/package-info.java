/**
 * The hand-written part of l2's control codecs; the codecs themselves are generated from
 * {@code src/main/resources/l2-control.xml} by sbe-tool into {@code io.l2.transport.codecs}.
 * <p>
 * Here: {@link io.l2.transport.codec.ControlCodec} (the schema's limits under the names callers use, the named values
 * of int fields, the decode result codes), {@link io.l2.transport.codec.ControlMessageValidator} (every length of a
 * received message checked before a generated decoder reads it: SBE's decoders trust what they read) and
 * {@link io.l2.transport.codec.Utf8} (encodes a {@link java.lang.CharSequence} without allocating: the generated
 * encoders' string setters allocate a {@code byte[]} per call).
 */
package io.l2.transport.codec;
