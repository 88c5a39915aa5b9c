/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.control;

import java.io.File;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * An embedded Aeron media driver and a client of it, as the daemon and the runner each run one: the driver in
 * {@link ThreadingMode#SHARED} with a backoff idle strategy (control traffic is a few messages a second), its
 * directory deleted on start and on close; every thread named {@code PREFIX…} and a daemon thread. Start and close
 * from one thread.
 */
public final class EmbeddedAeron implements AutoCloseable
{
    private final MediaDriver driver;
    private final Aeron aeron;

    private EmbeddedAeron(final MediaDriver driver, final Aeron aeron)
    {
        this.driver = driver;
        this.aeron = aeron;
    }

    /**
     * Starts the driver in a directory and connects a client.
     *
     * @param dir          the driver's directory (deleted first, and on close).
     * @param threadPrefix the prefix of the names of the threads started.
     * @return the started driver and client.
     * @throws RuntimeException Aeron's, when anything fails (nothing is left running then).
     */
    public static EmbeddedAeron launch(final File dir, final String threadPrefix)
    {
        MediaDriver driver = null;
        Aeron aeron = null;
        try
        {
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(dir.getPath())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy())
                .sharedThreadFactory(threads(threadPrefix + "aeron-driver"))
                .asyncExecutorThreadFactory(threads(threadPrefix + "aeron-async"))
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(driver.aeronDirectoryName())
                .threadFactory(threads(threadPrefix + "aeron-client")));
            return new EmbeddedAeron(driver, aeron);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(aeron, driver);
            throw ex;
        }
    }

    /**
     * Daemon threads named {@code name}, then {@code name-1}, {@code name-2}, ….
     *
     * @param name the first thread's name.
     * @return the factory.
     */
    public static ThreadFactory threads(final String name)
    {
        final AtomicInteger count = new AtomicInteger();
        return (runnable) ->
        {
            final int index = count.getAndIncrement();
            final Thread thread = new Thread(runnable, name + (0 == index ? "" : "-" + index));
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * @return the client.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * Closes the client, then the driver, which deletes its directory. Idempotent.
     */
    public void close()
    {
        CloseHelper.quietCloseAll(aeron, driver);
    }
}
