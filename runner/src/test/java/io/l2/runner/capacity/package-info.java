/**
 * Tests of the capacity search: the SLO's grammar and checks, the search on scripted trials.
 */
package io.l2.runner.capacity;
