/**
 * Tests of the control proxy and adapter, in memory and over Aeron IPC with an embedded media driver.
 */
package io.l2.transport.control;
