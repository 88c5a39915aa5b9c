/**
 * Tests of the per-second aggregation, live and offline, and of exact merges.
 */
package io.l2.engine.aggregate;
