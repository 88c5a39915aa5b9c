/**
 * Tests of the result record, its queue, the direct recorder and the ring hand-off.
 */
package io.l2.engine.record;
