/**
 * Tests of ammo loading: the dnsperf format, its errors, and the encoded table.
 */
package io.l2.engine.ammo;
