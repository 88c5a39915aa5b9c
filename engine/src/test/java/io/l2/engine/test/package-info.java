/**
 * Test support shared through the engine test-jar: real DNS servers started on loopback (NSD also in a network
 * namespace) for the tests ({@link io.l2.engine.test.NsdServer} authoritative, {@link io.l2.engine.test.UnboundServer}
 * resolving through a stub zone) and the zones they serve ({@link io.l2.engine.test.ZoneWriter}).
 */
package io.l2.engine.test;
