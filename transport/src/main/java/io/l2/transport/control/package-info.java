/**
 * The control protocol in Aeron's shape: {@link io.l2.transport.control.ControlProxy} encodes and offers,
 * {@link io.l2.transport.control.ControlAdapter} decodes fragments and calls a
 * {@link io.l2.transport.control.ControlListener}.
 */
package io.l2.transport.control;
