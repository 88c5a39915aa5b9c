/**
 * Tests of the console report: its rehearsal formats exactly what a real second prints.
 */
package io.l2.runner.results;
