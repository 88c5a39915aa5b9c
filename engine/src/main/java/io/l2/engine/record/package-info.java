/**
 * The result record and its way to disk: every query's outcome is one fixed-size binary record
 * ({@link io.l2.engine.record.ResultRecordDescriptor}, {@link io.l2.engine.record.ResultRecordFlyweight},
 * {@link io.l2.engine.record.Outcome}) in the shoot's Chronicle Queue ({@link io.l2.engine.record.ResultQueue}), one
 * queue per host per shoot.
 * <p>
 * <b>The hand-off.</b> A shooter puts each outcome into a {@link io.l2.engine.record.ResultSink}:
 * {@link io.l2.engine.record.ResultRecorder}, one appender per shooter thread. Records are staged off-heap and written
 * as one queue document per duty cycle ({@code flush()}: one copy into the mapped file, the document's costs paid
 * once per batch), no other thread, nothing can be dropped. The shooter pays for the append itself (the queue's
 * write lock, the header, index upkeep, a page fault when a new chunk of the file is touched, a roll once an hour),
 * so a slow disk shows as schedule lag on the thread that keeps time: counted, never hidden.
 * <p>
 * A second route, an Agrona one-to-one ring drained into the queue by a recorder agent on another thread, was built
 * and measured beside this one (docs/performance.md): the shooter's share of it was cheaper (28 ns a record against
 * 62-76 ns for the staged append), but it needs a recorder thread (a core on a 2-core host) and a second copy of every
 * record, and no shoot ever used it. It was removed (issue 18); its code and benchmark are in git's history.
 * <p>
 * <b>Reading.</b> Every reader of a queue's records, live or recorded ({@code QueueAggregation}, so {@code l2 replay},
 * and the bench's {@code StallReport}), goes through {@link io.l2.engine.record.ResultRecordReader}: whole records
 * only, read in place, a bad document named by its index.
 * <p>
 * Threads: a queue may be shared; appenders, tailers, readers, recorders and flyweights are each used by one thread.
 */
package io.l2.engine.record;
