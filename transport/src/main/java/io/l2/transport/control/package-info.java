/**
 * The control protocol in Aeron's shape: {@link io.l2.transport.control.ControlProxy} encodes with the generated SBE
 * encoders, signs and offers; {@link io.l2.transport.control.ControlAdapter} verifies and validates fragments, wraps
 * the generated decoders over them and calls a {@link io.l2.transport.control.ControlListener}.
 */
package io.l2.transport.control;
