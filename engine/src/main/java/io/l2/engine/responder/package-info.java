/**
 * The embedded DNS responder: an authoritative answerer from one zone file, for demos, tests and benchmarks when no
 * real server is at hand. Answers are encoded once at load (dnsjava on the cold path); per query it only looks up,
 * copies and stamps. Not a real server: no wildcards, no delegations, no TCP, no DNSSEC signing.
 */
package io.l2.engine.responder;
