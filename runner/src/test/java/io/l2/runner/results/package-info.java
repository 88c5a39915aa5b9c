/**
 * Tests of the console report (its rehearsal formats exactly what a real second prints; the summary) and of the
 * result's JSON.
 */
package io.l2.runner.results;
