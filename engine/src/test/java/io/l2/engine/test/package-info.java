/**
 * Test support shared through the engine test-jar: real DNS servers started on loopback for the tests
 * ({@link io.l2.engine.test.NsdServer}) and the zones they serve ({@link io.l2.engine.test.ZoneWriter}).
 */
package io.l2.engine.test;
