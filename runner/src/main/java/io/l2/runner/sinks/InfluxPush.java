/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.l2.engine.aggregate.SecondStats;
import io.l2.runner.results.HostResult;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.results.ShootResult;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * Writes a shoot to InfluxDB from a thread of its own ({@code l2-influxdb}): one write per second handed to
 * {@link #onSecond} (its points, {@link InfluxLines}), and at {@link #finish} one write of the totals; then
 * {@link #FILE} in the results folder says what was written.
 * <p>
 * Live ({@link #start}) the hand-over is a bounded queue of {@link #QUEUE_CAPACITY} seconds: a full queue drops the
 * second from the live write (counted, and the note says the write is incomplete), so a slow InfluxDB never slows the
 * shoot's progress loop. For {@code l2 push} ({@link #replay}) the hand-over waits instead. The first write that
 * fails for good stops the writes; {@code l2 push} writes the whole shoot again (the same points: InfluxDB keeps one
 * of each). {@link #onStart} and {@link #onSecond} are for the progress thread, {@link #finish} for the thread that
 * started it, once.
 */
public final class InfluxPush implements ShootSink
{
    /** The note in the results folder. */
    public static final String FILE = "influxdb.json";
    /** Seconds the live hand-over holds. */
    public static final int QUEUE_CAPACITY = 600;
    /** Every second and the totals were written. */
    public static final String WRITTEN = "written";
    /** A write failed for good or a second was dropped: {@code l2 push} writes the shoot again. */
    public static final String FAILED = "failed";

    private final InfluxClient client;
    private final InfluxLines lines;
    private final Path resultsDir;
    private final String shootId;
    private final PrintWriter human;
    private final Handover<Object> handover;
    private final Thread worker;
    private volatile long startEpochNs;

    // owned by the worker until it is joined
    private String error;
    private long writtenSecondCount;
    private long pointCount;
    private boolean totalsWritten;

    /**
     * What a write came to.
     *
     * @param status       {@link #WRITTEN} or {@link #FAILED}.
     * @param writtenCount seconds written.
     * @param secondCount  seconds the shoot has.
     * @param pointCount   points written (seconds' and totals').
     * @param error        what failed, one line, or null.
     */
    public record Outcome(String status, long writtenCount, long secondCount, long pointCount, String error)
    {
    }

    private record Second(long second, String lines, int pointCount)
    {
    }

    private record Totals(String lines, int pointCount)
    {
    }

    private InfluxPush(
        final InfluxClient client,
        final InfluxLines lines,
        final Path resultsDir,
        final PrintWriter human,
        final boolean wait,
        final long startEpochNs)
    {
        this.client = client;
        this.lines = lines;
        this.resultsDir = resultsDir;
        this.shootId = String.valueOf(resultsDir.getFileName());
        this.human = human;
        this.handover = new Handover<>(QUEUE_CAPACITY, wait);
        this.startEpochNs = startEpochNs;
        this.worker = new Thread(this::work, "l2-influxdb");
        this.worker.setDaemon(true);
    }

    /**
     * Starts the live write of a shoot.
     *
     * @param client     the client.
     * @param lines      the mapping of the shoot's seconds.
     * @param resultsDir the shoot's results folder (the note goes there).
     * @param human      where failures are told.
     * @return the running push.
     */
    public static InfluxPush start(
        final InfluxClient client, final InfluxLines lines, final Path resultsDir, final PrintWriter human)
    {
        final InfluxPush push = new InfluxPush(
            client, lines, resultsDir, human, false, SystemEpochNanoClock.INSTANCE.nanoTime());
        push.worker.start();
        return push;
    }

    /**
     * Starts the write of a stored shoot ({@code l2 push}): {@link #onSecond} waits for room instead of dropping.
     *
     * @param client       the client.
     * @param lines        the mapping of the shoot's seconds.
     * @param startEpochNs the instant of second 0, ns since the epoch (as the live write had it).
     * @param resultsDir   the shoot's results folder.
     * @param human        where failures are told.
     * @return the running push.
     */
    public static InfluxPush replay(
        final InfluxClient client,
        final InfluxLines lines,
        final long startEpochNs,
        final Path resultsDir,
        final PrintWriter human)
    {
        final InfluxPush push = new InfluxPush(client, lines, resultsDir, human, true, startEpochNs);
        push.worker.start();
        return push;
    }

    /**
     * {@inheritDoc}
     */
    public void onStart(final long startEpochNs)
    {
        this.startEpochNs = startEpochNs;
    }

    /**
     * {@inheritDoc}
     */
    public void onSecond(final SecondStats merged, final Map<String, SecondStats> byHost)
    {
        final long epochSecond = Math.floorDiv(startEpochNs, 1_000_000_000L) + merged.second();
        final String text = lines.second(epochSecond, merged, byHost);
        handover.hand(new Second(merged.second(), text, count(text)));
    }

    /**
     * Writes the totals once every second handed over was written, waits for the push's thread, writes the note.
     *
     * @param result the shoot's result (its totals and its hosts').
     * @return what the write came to.
     * @throws IOException when the note cannot be written.
     */
    public Outcome finish(final ShootResult result) throws IOException
    {
        final Map<String, SecondStats> byHost = new LinkedHashMap<>();
        for (final HostResult host : result.hosts())
        {
            byHost.put(host.host(), host.aggregator().totals());
        }
        final long startEpochSecond = Math.floorDiv(startEpochNs, 1_000_000_000L);
        final String text = lines.totals(startEpochSecond, result.merged().totals(), byHost) +
            (null == result.autostop() ? "" : lines.autostop(startEpochSecond, result.autostop()));
        handover.finish(new Totals(text, count(text)), worker);
        final long secondCount = result.merged().seconds().size();
        if (handover.droppedCount() > 0 && null == error)
        {
            error = "influxdb: " + handover.droppedCount() + " seconds were not written live (the queue of " +
                QUEUE_CAPACITY + " was full: InfluxDB answered too slowly)";
        }
        final String status = null == error && totalsWritten && writtenSecondCount == secondCount ? WRITTEN : FAILED;
        if (WRITTEN.equals(status))
        {
            human.println("influxdb: " + writtenSecondCount + " seconds and the totals written (" + pointCount +
                " points) to " + client.shownUri());
        }
        else
        {
            if (null == error)
            {
                error = "influxdb: " + writtenSecondCount + " of " + secondCount + " seconds written";
            }
            human.println("l2: influxdb write incomplete (" + writtenSecondCount + " of " + secondCount +
                " seconds" + (totalsWritten ? "" : ", no totals") + "): the data stays in " + resultsDir +
                "; 'l2 push " + shootId + " --sink influxdb' writes it again");
        }
        human.flush();
        final Map<String, Object> note = new LinkedHashMap<>();
        note.put("url", client.shownUri());
        note.put("status", status);
        if (!WRITTEN.equals(status))
        {
            note.put("error", error);
        }
        note.put("start_epoch_ns", startEpochNs);
        note.put("seconds", secondCount);
        note.put("written_seconds", writtenSecondCount);
        note.put("totals_written", totalsWritten);
        note.put("points", pointCount);
        ResultWriter.writeJson(resultsDir, FILE, note);
        return new Outcome(status, writtenSecondCount, secondCount, pointCount, error);
    }

    /**
     * Writes the note of a write that could not start (its token could not be read), so the results folder says why.
     *
     * @param resultsDir the shoot's results folder.
     * @param error      why, one line.
     * @throws IOException when the note cannot be written.
     */
    public static void writeNotStarted(final Path resultsDir, final String error) throws IOException
    {
        final Map<String, Object> note = new LinkedHashMap<>();
        note.put("status", FAILED);
        note.put("error", error);
        note.put("written_seconds", 0);
        note.put("totals_written", false);
        ResultWriter.writeJson(resultsDir, FILE, note);
    }

    private void work()
    {
        while (true)
        {
            final Object task;
            try
            {
                task = handover.take();
            }
            catch (final InterruptedException ex)
            {
                error = "influxdb: interrupted";
                return;
            }
            if (task instanceof Second second && null == error)
            {
                if (write(second.lines(), "second " + second.second()))
                {
                    writtenSecondCount++;
                    pointCount += second.pointCount();
                }
            }
            else if (task instanceof Totals totals)
            {
                if (null == error && write(totals.lines(), "totals"))
                {
                    totalsWritten = true;
                    pointCount += totals.pointCount();
                }
                return;
            }
        }
    }

    private boolean write(final String text, final String label)
    {
        try
        {
            client.write(text, label);
            return true;
        }
        catch (final InfluxException ex)
        {
            error = ex.getMessage();
            human.println("l2: " + ex.getMessage());
            human.flush();
            return false;
        }
    }

    private static int count(final String text)
    {
        int lineCount = 0;
        for (int i = 0; i < text.length(); i++)
        {
            lineCount += '\n' == text.charAt(i) ? 1 : 0;
        }
        return lineCount;
    }
}
