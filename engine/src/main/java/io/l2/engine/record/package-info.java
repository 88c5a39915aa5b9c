/**
 * The result record and its way to disk: every query's outcome is one fixed-size binary record
 * ({@link io.l2.engine.record.ResultRecordDescriptor}, {@link io.l2.engine.record.ResultRecordFlyweight},
 * {@link io.l2.engine.record.Outcome}) in the shoot's Chronicle Queue ({@link io.l2.engine.record.ResultQueue}), one
 * queue per host per shoot.
 * <p>
 * <b>The hand-off decision.</b> A shooter puts each outcome into a {@link io.l2.engine.record.ResultSink}; two
 * implementations exist so that a JMH benchmark can choose between them:
 * <ul>
 *     <li><b>Direct</b>: {@link io.l2.engine.record.ResultRecorder}, one appender per shooter thread. Records are
 *     staged off-heap and written as one queue document per duty cycle ({@code flush()}: one copy into the mapped
 *     file, the document's costs paid once per batch), no other thread, nothing can be dropped. But the shooter pays
 *     for the append itself (the queue's write lock, the header, index upkeep every 256 documents, a page fault
 *     when a new chunk of the file is touched, and a roll once an hour), so a slow disk or a page fault shows up as
 *     schedule lag on the very thread that must keep time; the outcome is counted, never hidden, but the load is
 *     disturbed.</li>
 *     <li><b>Ring</b>: {@link io.l2.engine.record.RecordRing} (an Agrona one-to-one ring over a pre-allocated
 *     off-heap buffer) drained by a {@link io.l2.engine.record.RecorderAgent} on another thread. The shooter's cost
 *     is a claim, 48 bytes written in place and a commit, with no system call and no page fault, so disk hiccups
 *     are absorbed by the ring's depth. The price: one more thread (a core on a 2-core host), a second copy of each
 *     record, and when the ring is full the record is dropped and counted ({@code droppedCount}) rather than the
 *     shooter waiting, so a recorder that cannot keep up shows as drops, not as silently thinner results.</li>
 * </ul>
 * Both are zero-allocation per record. The ring wins when appends have a heavy tail (p99.9 of the append above the
 * inter-send gap); the direct path wins on a dedicated host with a fast disk, where the extra thread and copy cost
 * more than the appends they move away.
 * <p>
 * Threads: a queue may be shared; appenders, tailers, recorders and flyweights are each used by one thread.
 */
package io.l2.engine.record;
