/**
 * JMH benchmarks of the engine's hot path, and the small mains the {@code bench/} scripts use.
 * <p>
 * One benchmark class per area: query encode (against dnsjava's {@code Message.toWire()}), response decode and
 * question match, profile cursor, result recording (direct to the queue and through the ring), aggregation, a
 * loopback UDP round trip with the embedded responder and a shooter agent's duty cycle. Every benchmark keeps its
 * data in a {@code @State} built in {@code @Setup}, returns a value or feeds a {@code Blackhole}, and is meant to run
 * with {@code -prof gc} so {@code gc.alloc.rate.norm} shows the bytes allocated per operation. Run them with
 * {@code bench/jmh}, which adds the JVM flags Chronicle Queue and Agrona need. {@link io.l2.bench.BenchData}
 * generates the zone and ammo every benchmark and script uses; {@link io.l2.bench.LagReport} reads a recorded
 * queue back for the precision check.
 */
package io.l2.bench;
