/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.l2.engine.aggregate.SecondStats;
import io.l2.runner.results.ResultWriter;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * Pushes a shoot to one Lunapark job from a thread of its own ({@code l2-lunapark}): creates the job and sends its
 * description (unless it resumes a recorded job), pushes each second handed to {@link #onSecond} once, and at
 * {@link #finish} closes the job with the shoot's exit code, then writes {@link #FILE} into the results folder (also
 * right after the job is created, so a runner that dies leaves the job's number behind).
 * <p>
 * Live ({@link #start}), the hand-over is a bounded queue of {@link #QUEUE_CAPACITY} seconds: a full queue drops the
 * second from the live push (counted, and the job is then left open for {@code l2 push}), so a slow Lunapark never
 * slows the shoot's progress loop. For {@code l2 push} ({@link #resume}) the hand-over waits instead.
 * <p>
 * The first call that fails for good stops the pushes: a 410 (stopped from Lunapark's web page) sets
 * {@link #abortRequested()} and the job is closed; any other failure leaves the job open and the note says what
 * failed, for {@code l2 push} to resume. {@link #onStart} and {@link #onSecond} are for the progress thread,
 * {@link #finish} for the thread that started it, once.
 */
public final class LunaparkPush implements ShootSink
{
    /** The note in the results folder. */
    public static final String FILE = "lunapark.json";
    /** Seconds the live hand-over holds. */
    public static final int QUEUE_CAPACITY = 600;

    /** Every second was pushed and the job closed. */
    public static final String PUSHED = "pushed";
    /** Pushing (the note as written while the shoot runs). */
    public static final String PUSHING = "pushing";
    /** A call failed for good: the job (if any) is open, {@code l2 push} resumes it. */
    public static final String FAILED = "failed";
    /** Lunapark answered 410: the job was stopped from its web page; the shoot was asked to stop. */
    public static final String STOPPED = "stopped";

    private final LunaparkClient client;
    private final LunaparkItems items;
    private final Map<String, Object> createBody;
    private final Map<String, Object> editBody;
    private final Path resultsDir;
    private final String shootId;
    private final PrintWriter human;
    private final Handover<Object> handover;
    private final Set<Long> alreadyPushed;
    private final Thread worker;
    private volatile boolean abortRequested;
    private volatile long startEpochNs;
    private long handedCount;

    // owned by the worker until it is joined
    private LunaparkClient.Job job;
    private String status = PUSHING;
    private String error;
    private boolean closed;
    private int exitCode = -1;
    private final TreeSet<Long> pushed = new TreeSet<>();

    /**
     * What a push came to.
     *
     * @param status       {@link #PUSHED}, {@link #FAILED} or {@link #STOPPED}.
     * @param job          the job's number, or -1 when none was created.
     * @param url          the job's page, or null.
     * @param pushedCount  seconds pushed to the job (over every run of it).
     * @param secondCount  seconds the shoot has.
     * @param error        what failed, one line, or null.
     */
    public record Outcome(String status, long job, String url, long pushedCount, long secondCount, String error)
    {
    }

    private record Push(long second, List<Map<String, Object>> items)
    {
    }

    /**
     * What Tank sends when autostop stopped a shoot: the job's {@code imbalance} and a line added to its description.
     *
     * @param rps   the rate the target broke at (requested, queries per second).
     * @param cause one line, appended to the job's description.
     */
    public record Imbalance(long rps, String cause)
    {
    }

    private record Close(int exitCode, Imbalance imbalance)
    {
    }

    private LunaparkPush(
        final LunaparkClient client,
        final LunaparkItems items,
        final Map<String, Object> createBody,
        final Map<String, Object> editBody,
        final LunaparkClient.Job job,
        final Set<Long> alreadyPushed,
        final Path resultsDir,
        final PrintWriter human,
        final boolean wait)
    {
        this.client = client;
        this.items = items;
        this.createBody = createBody;
        this.editBody = editBody;
        this.job = job;
        this.alreadyPushed = Set.copyOf(alreadyPushed);
        this.pushed.addAll(alreadyPushed);
        this.resultsDir = resultsDir;
        this.shootId = String.valueOf(resultsDir.getFileName());
        this.human = human;
        this.handover = new Handover<>(QUEUE_CAPACITY, wait);
        this.startEpochNs = SystemEpochNanoClock.INSTANCE.nanoTime();
        this.worker = new Thread(this::work, "l2-lunapark");
        this.worker.setDaemon(true);
    }

    /**
     * Starts the live push of a shoot: the job is created on the push's thread.
     *
     * @param client     the client.
     * @param items      the mapping of the shoot's seconds.
     * @param job        the job's description ({@link LunaparkJob}).
     * @param resultsDir the shoot's results folder (the note goes there).
     * @param human      where the push's lines go (job created, failures).
     * @return the running push.
     */
    public static LunaparkPush start(
        final LunaparkClient client,
        final LunaparkItems items,
        final LunaparkJob job,
        final Path resultsDir,
        final PrintWriter human)
    {
        final LunaparkPush push = new LunaparkPush(
            client, items, job.createBody(), job.editBody(), null, Set.of(), resultsDir, human, false);
        push.worker.start();
        return push;
    }

    /**
     * Starts the push of a stored shoot ({@code l2 push}): to a new job when {@code recorded} is null, else the rest
     * of a recorded one.
     *
     * @param client        the client.
     * @param items         the mapping of the shoot's seconds.
     * @param job           the job's description.
     * @param recorded      the recorded job to resume, or null for a new one.
     * @param alreadyPushed seconds the recorded job already has (skipped).
     * @param startEpochNs  the instant of second 0, ns since the epoch.
     * @param resultsDir    the shoot's results folder.
     * @param human         where the push's lines go.
     * @return the running push.
     */
    public static LunaparkPush resume(
        final LunaparkClient client,
        final LunaparkItems items,
        final LunaparkJob job,
        final LunaparkClient.Job recorded,
        final Set<Long> alreadyPushed,
        final long startEpochNs,
        final Path resultsDir,
        final PrintWriter human)
    {
        final LunaparkPush push = new LunaparkPush(client, items, job.createBody(), job.editBody(), recorded,
            null == recorded ? Set.of() : alreadyPushed, resultsDir, human, true);
        push.startEpochNs = startEpochNs;
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
        handedCount++;
        if (alreadyPushed.contains(merged.second()))
        {
            return;
        }
        final long epochSecond = Math.floorDiv(startEpochNs, 1_000_000_000L) + merged.second();
        handover.hand(new Push(merged.second(), items.items(epochSecond, merged, byHost)));
    }

    /**
     * {@inheritDoc}
     */
    public boolean abortRequested()
    {
        return abortRequested;
    }

    /**
     * Closes the job once every second handed over was pushed, waits for the push's thread, writes the note.
     *
     * @param exitCode    the shoot's exit code, sent to Lunapark.
     * @param secondCount seconds the shoot has (for the note).
     * @return what the push came to.
     * @throws IOException when the note cannot be written.
     */
    public Outcome finish(final int exitCode, final long secondCount) throws IOException
    {
        return finish(exitCode, secondCount, null);
    }

    /**
     * As {@link #finish(int, long)}, and before the job is closed sets its {@code imbalance} and appends the cause to
     * its description (as Tank's uploader does when its autostop fired).
     *
     * @param exitCode    the shoot's exit code, sent to Lunapark.
     * @param secondCount seconds the shoot has (for the note).
     * @param imbalance   the autostop's rate and cause, or null.
     * @return what the push came to.
     * @throws IOException when the note cannot be written.
     */
    public Outcome finish(final int exitCode, final long secondCount, final Imbalance imbalance) throws IOException
    {
        handover.finish(new Close(exitCode, imbalance), worker);
        if (handover.droppedCount() > 0 && !FAILED.equals(status) && !STOPPED.equals(status))
        {
            status = FAILED;
            error = "lunapark: " + handover.droppedCount() + " seconds were not pushed live (the queue of " +
                QUEUE_CAPACITY + " was full: Lunapark answered too slowly)";
        }
        final String url = null == job ? null : client.jobUrl(job.number()).toString();
        if (PUSHED.equals(status))
        {
            human.println("lunapark: job " + job.number() + ": " + pushed.size() + " seconds pushed, closed with " +
                "exit code " + exitCode + ": " + url);
        }
        else if (FAILED.equals(status))
        {
            human.println("l2: lunapark push incomplete (" + pushed.size() + " of " + secondCount + " seconds" +
                (null == job ? ", no job" : " in job " + job.number()) + "): the data stays in " + resultsDir +
                "; 'l2 push " + shootId + "' pushes it later");
        }
        human.flush();
        writeNote(secondCount);
        return new Outcome(status, null == job ? -1 : job.number(), url, pushed.size(), secondCount, error);
    }

    /**
     * Writes the note of a push that could not start (no job), so the results folder says why.
     *
     * @param resultsDir the shoot's results folder.
     * @param api        the API address.
     * @param error      why, one line.
     * @throws IOException when the note cannot be written.
     */
    public static void writeNotStarted(final Path resultsDir, final String api, final String error) throws IOException
    {
        final Map<String, Object> note = new LinkedHashMap<>();
        note.put("api", api);
        note.put("job", null);
        note.put("url", null);
        note.put("upload_token", null);
        note.put("status", FAILED);
        note.put("error", error);
        note.put("pushed_seconds", 0);
        note.put("closed", false);
        note.put("pushed", List.of());
        ResultWriter.writeJson(resultsDir, FILE, note);
    }

    private void work()
    {
        if (null == job)
        {
            try
            {
                job = client.create(createBody);
                client.edit(job.number(), editBody);
                human.println("lunapark: job " + job.number() + " " + client.jobUrl(job.number()));
                human.flush();
                writeNote(-1);
            }
            catch (final LunaparkException ex)
            {
                fail(ex);
            }
            catch (final IOException ex)
            {
                human.println("l2: lunapark: cannot write " + resultsDir.resolve(FILE) + ": " + ex.getMessage());
                human.flush();
            }
        }
        else
        {
            human.println("lunapark: resuming job " + job.number() + " " + client.jobUrl(job.number()) + " (" +
                pushed.size() + " seconds already there)");
            human.flush();
        }
        while (true)
        {
            final Object task;
            try
            {
                task = handover.take();
            }
            catch (final InterruptedException ex)
            {
                fail(new LunaparkException("lunapark: interrupted", 0));
                return;
            }
            if (task instanceof Push push && PUSHING.equals(status))
            {
                try
                {
                    client.push(job, push.items(), "second " + push.second());
                    pushed.add(push.second());
                }
                catch (final LunaparkException ex)
                {
                    fail(ex);
                }
            }
            else if (task instanceof Close close)
            {
                exitCode = close.exitCode();
                if (null != close.imbalance())
                {
                    imbalance(close.imbalance());
                }
                closeJob(close.exitCode());
                return;
            }
        }
    }

    private void imbalance(final Imbalance imbalance)
    {
        if (null == job || FAILED.equals(status))
        {
            return;
        }
        try
        {
            final String old = client.description(job.number());
            final Map<String, Object> edit = new LinkedHashMap<>();
            edit.put("imbalance", imbalance.rps());
            edit.put("description", (null != old ? old : String.valueOf(editBody.getOrDefault("description", ""))) +
                "\n" + imbalance.cause());
            client.edit(job.number(), edit);
        }
        catch (final LunaparkException ex)
        {
            human.println("l2: lunapark: the job's imbalance was not set: " + ex.getMessage());
            human.flush();
        }
    }

    private void closeJob(final int code)
    {
        if (null == job || FAILED.equals(status) || handover.droppedCount() > 0)
        {
            return;
        }
        try
        {
            client.close(job.number(), code);
            closed = true;
            status = STOPPED.equals(status) ? STOPPED : PUSHED;
        }
        catch (final LunaparkException ex)
        {
            if (!STOPPED.equals(status))
            {
                fail(ex);
            }
        }
    }

    private void fail(final LunaparkException ex)
    {
        error = ex.getMessage();
        if (ex instanceof LunaparkException.StoppedFromOnline)
        {
            status = STOPPED;
            abortRequested = true;
            human.println("l2: lunapark: job " + (null == job ? "-" : job.number()) + " was stopped from " +
                "Lunapark (HTTP 410): aborting the shoot");
        }
        else
        {
            status = FAILED;
            human.println("l2: " + ex.getMessage());
        }
        human.flush();
    }

    private void writeNote(final long secondCount) throws IOException
    {
        final Map<String, Object> note = new LinkedHashMap<>();
        note.put("api", client.api().toString());
        note.put("job", null == job ? null : job.number());
        note.put("url", null == job ? null : client.jobUrl(job.number()).toString());
        note.put("upload_token", null == job ? null : job.uploadToken());
        note.put("status", status);
        if (null != error)
        {
            note.put("error", error);
        }
        note.put("start_epoch_ns", startEpochNs);
        note.put("pushed_seconds", pushed.size());
        if (secondCount >= 0)
        {
            note.put("seconds", secondCount);
        }
        note.put("closed", closed);
        if (exitCode >= 0)
        {
            note.put("exit_code", exitCode);
        }
        note.put("pushed", new ArrayList<>(pushed));
        ResultWriter.writeJson(resultsDir, FILE, note);
    }

    /**
     * @return seconds handed to {@link #onSecond} so far.
     */
    public long handedCount()
    {
        return handedCount;
    }
}
