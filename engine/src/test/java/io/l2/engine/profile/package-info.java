/**
 * Tests of the rate profiles, against an exact rational oracle and Yandex.Tank's own test vectors.
 */
package io.l2.engine.profile;
