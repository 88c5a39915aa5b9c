package io.l2.engine.shoot;

import io.l2.engine.record.ResultSink;

/**
 * Test sink: keeps every record in pre-allocated primitive arrays (no allocation per record). Written by one
 * shooter thread; the count is published with a volatile store, so a reader that sees the count sees the records.
 */
final class CapturingSink implements ResultSink
{
    final long[] intendedNs;
    final long[] sentNs;
    final long[] receivedNs;
    final int[] worker;
    final int[] ammoIndex;
    final int[] qtype;
    final int[] rcode;
    final int[] flags;
    final int[] outcome;
    final int[] answerCount;
    final int[] responseLength;
    final int[] queryId;
    final int[] transport;
    final int[] setupUnits;
    /** The CPUs the shooter thread may run on when it started ({@link ThreadAffinity#currentThreadCpus()}). */
    volatile String startCpus;
    private volatile int count;

    public void onStart()
    {
        startCpus = ThreadAffinity.currentThreadCpus();
    }

    CapturingSink(final int capacity)
    {
        intendedNs = new long[capacity];
        sentNs = new long[capacity];
        receivedNs = new long[capacity];
        worker = new int[capacity];
        ammoIndex = new int[capacity];
        qtype = new int[capacity];
        rcode = new int[capacity];
        flags = new int[capacity];
        outcome = new int[capacity];
        answerCount = new int[capacity];
        responseLength = new int[capacity];
        queryId = new int[capacity];
        transport = new int[capacity];
        setupUnits = new int[capacity];
    }

    public boolean record(
        final long intendedNs,
        final long sentNs,
        final long receivedNs,
        final int worker,
        final int ammoIndex,
        final int qtype,
        final int rcode,
        final int flags,
        final int outcome,
        final int answerCount,
        final int responseLength,
        final int queryId,
        final int transport,
        final int setupUnits)
    {
        final int i = count;
        if (i == this.intendedNs.length)
        {
            return false;
        }
        this.intendedNs[i] = intendedNs;
        this.sentNs[i] = sentNs;
        this.receivedNs[i] = receivedNs;
        this.worker[i] = worker;
        this.ammoIndex[i] = ammoIndex;
        this.qtype[i] = qtype;
        this.rcode[i] = rcode;
        this.flags[i] = flags;
        this.outcome[i] = outcome;
        this.answerCount[i] = answerCount;
        this.responseLength[i] = responseLength;
        this.queryId[i] = queryId;
        this.transport[i] = transport;
        this.setupUnits[i] = setupUnits;
        count = i + 1;
        return true;
    }

    int count()
    {
        return count;
    }

    int countOf(final int outcomeValue)
    {
        final int n = count;
        int matched = 0;
        for (int i = 0; i < n; i++)
        {
            matched += outcomeValue == outcome[i] ? 1 : 0;
        }
        return matched;
    }
}
