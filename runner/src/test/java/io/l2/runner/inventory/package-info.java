/**
 * Tests of host patterns.
 */
package io.l2.runner.inventory;
