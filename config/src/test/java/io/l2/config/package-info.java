/**
 * Tests of the config module: the seed's YAML loads unchanged, every mistake gives its one-line
 * {@code file:line:column} error, and the safe-loading limits hold.
 */
package io.l2.config;
