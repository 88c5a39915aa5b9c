/**
 * Tests of the aim limits: the policy table-driven with a fake resolver, and end to end with daemons in this JVM on
 * loopback that refuse fires their own {@code security:} does not allow, whoever sends them.
 */
package io.l2.runner.security;
