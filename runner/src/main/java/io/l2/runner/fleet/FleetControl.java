/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.fleet;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.l2.runner.control.ControlChannels;
import io.l2.runner.control.EmbeddedAeron;
import io.l2.transport.auth.ClusterKeys;
import io.l2.transport.auth.MessageVerifier;
import io.l2.transport.auth.Rejection;
import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.codecs.SecondAggregateDecoder;
import io.l2.transport.control.ControlAdapter;
import io.l2.transport.control.ControlListener;
import io.l2.transport.control.ControlProxy;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * The runner's end of the control channel: its own embedded Aeron media driver (a fresh directory under
 * {@code /dev/shm}, deleted on close), one publication (with its destinations added, in unicast mode) and one or more
 * subscriptions on the control stream, as {@link ControlChannels.RunnerChannels} says: the daemons' multicast channel
 * for both, or a manual multi-destination-cast publication to every selected host and one subscription per host.
 * {@link #poll()} hands what arrives on any subscription to the one listener on the caller's thread;
 * {@link #proxy()} sends. Every message sent is signed with the cluster key and every message received is verified
 * before it is decoded (unauthenticated, stale, replayed and malformed ones are dropped, counted and logged once per
 * source and reason): a runner needs the key to talk to daemons. One thread (the runner's); threads the driver and client start are daemon threads named
 * {@code l2-runner-…}.
 */
public final class FleetControl implements AutoCloseable
{
    /** The prefix of a runner's driver directory, followed by its pid. */
    public static final String DIR_PREFIX = "l2-runner-";

    private static final int FRAGMENT_LIMIT = 64;
    private static final int MAX_UNAUTHENTICATED_HOSTS = 1024;

    private static final String THREAD_PREFIX = "l2-runner-";

    private final EmbeddedAeron embedded;
    private final Subscription[] subscriptions;
    private final FragmentAssembler[] assemblers;
    private final Publication publication;
    private final ControlProxy proxy;
    private final ControlAdapter adapter;
    private final Map<String, String> unresolved;
    private final UnauthenticatedHellos unauthenticated = new UnauthenticatedHellos();

    private FleetControl(
        final EmbeddedAeron embedded, final List<Subscription> subscriptions,
        final Publication publication, final ControlListener listener, final Map<String, String> unresolved,
        final ClusterKeys keys, final Consumer<String> log)
    {
        this.embedded = embedded;
        this.subscriptions = subscriptions.toArray(new Subscription[0]);
        this.publication = publication;
        this.proxy = new ControlProxy(publication, keys.newSigner(SystemEpochNanoClock.INSTANCE));
        this.adapter = new ControlAdapter(listener, keys.newVerifier(SystemEpochNanoClock.INSTANCE), log);
        final ControlAdapter keyless =
            new ControlAdapter(unauthenticated, MessageVerifier.keyless(SystemEpochNanoClock.INSTANCE), null);
        final FragmentHandler handler = (buffer, offset, length, header) ->
        {
            final Object context = null == header ? null : header.context();
            if (Rejection.UNAUTHENTICATED.code() == adapter.onSignedMessage(buffer, offset, length, context))
            {
                // only to name the host in the preflight: nothing read from it is acted on
                keyless.onSignedMessage(buffer, offset, length, context);
            }
        };
        this.assemblers = new FragmentAssembler[this.subscriptions.length];
        for (int i = 0; i < assemblers.length; i++)
        {
            assemblers[i] = new FragmentAssembler(handler);
        }
        this.unresolved = unresolved;
    }

    /**
     * Starts the driver and joins one multicast channel.
     *
     * @param shmDir   where the driver's directory goes (a fresh {@code l2-runner-PID-RANDOM} in it).
     * @param channel  the control channel.
     * @param stream   the control stream.
     * @param listener told of every valid message on {@link #poll()}'s thread.
     * @param keys     the cluster keys that sign what is sent and check what arrives.
     * @param log      told one line for the first rejected message of each reason from each source.
     * @return the started control.
     * @throws IOException when the driver or the channel cannot start (nothing is left running).
     */
    public static FleetControl start(
        final Path shmDir, final String channel, final int stream, final ControlListener listener,
        final ClusterKeys keys, final Consumer<String> log) throws IOException
    {
        return start(shmDir, ControlChannels.multicast(channel).runner(List.of()), stream, listener, keys, log);
    }

    /**
     * Starts the driver, the publication with its destinations and the subscriptions.
     *
     * @param shmDir   where the driver's directory goes (a fresh {@code l2-runner-PID-RANDOM} in it).
     * @param channels the runner's channels for the selected hosts.
     * @param stream   the control stream.
     * @param listener told of every valid message on {@link #poll()}'s thread.
     * @param keys     the cluster keys that sign what is sent and check what arrives.
     * @param log      told one line for the first rejected message of each reason from each source.
     * @return the started control.
     * @throws IOException when the driver or a channel cannot start (nothing is left running).
     */
    public static FleetControl start(
        final Path shmDir, final ControlChannels.RunnerChannels channels, final int stream,
        final ControlListener listener, final ClusterKeys keys, final Consumer<String> log) throws IOException
    {
        Objects.requireNonNull(keys, "keys: a runner needs the cluster key to talk to daemons");
        deleteStale(shmDir);
        final File dir = shmDir.resolve(DIR_PREFIX + ProcessHandle.current().pid() + "-" +
            Integer.toHexString(ThreadLocalRandom.current().nextInt())).toFile();
        EmbeddedAeron embedded = null;
        try
        {
            embedded = EmbeddedAeron.launch(dir, THREAD_PREFIX);
            final Aeron aeron = embedded.aeron();
            final List<Subscription> subscriptions = new ArrayList<>();
            for (final String channel : channels.subscriptions())
            {
                subscriptions.add(aeron.addSubscription(channel, stream));
            }
            final Publication publication = aeron.addPublication(channels.publication(), stream);
            for (final String destination : channels.destinations().values())
            {
                publication.addDestination(destination);
            }
            return new FleetControl(
                embedded, subscriptions, publication, listener, channels.unresolved(), keys, log);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(embedded);
            throw new IOException("cannot join the control channel " + channels.publication() + " stream " + stream +
                (channels.destinations().isEmpty() ? "" : " (destinations " +
                String.join(", ", channels.destinations().values()) + ")") + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Hands what arrived to the listener.
     *
     * @return fragments read.
     */
    public int poll()
    {
        int fragments = 0;
        for (int i = 0; i < subscriptions.length; i++)
        {
            fragments += subscriptions[i].poll(assemblers[i], FRAGMENT_LIMIT);
        }
        return fragments;
    }

    /**
     * @return host -> why the runner cannot reach it (its name did not resolve): no destination, no subscription.
     */
    public Map<String, String> unresolved()
    {
        return unresolved;
    }

    /**
     * @return the proxy that sends on the channel (this thread only).
     */
    public ControlProxy proxy()
    {
        return proxy;
    }

    /**
     * @return whether any daemon's subscription is connected to the runner's publication.
     */
    public boolean isConnected()
    {
        return publication.isConnected();
    }

    /**
     * @return messages dropped as malformed or of an unknown type.
     */
    public long malformedCount()
    {
        return adapter.malformedCount() + adapter.unknownTemplateCount();
    }

    /**
     * @param rejection a reason.
     * @return messages dropped for it since start.
     */
    public long rejectedCount(final Rejection rejection)
    {
        return adapter.rejectedCount(rejection);
    }

    /**
     * @param host a host's name.
     * @return whether a hello naming it was dropped as unauthenticated (unsigned, or signed with a key this runner
     *     does not have): it is up and answers, but cannot be trusted. Its name is read from the dropped hello only to
     *     say so.
     */
    public boolean heardUnauthenticated(final String host)
    {
        return unauthenticated.hosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /**
     * Leaves the channel and stops the driver, which deletes its directory. Idempotent.
     */
    public void close()
    {
        CloseHelper.quietClose(embedded);
    }

    /**
     * The host names of hellos dropped as unauthenticated, at most {@link #MAX_UNAUTHENTICATED_HOSTS}. Runner thread.
     */
    private static final class UnauthenticatedHellos implements ControlListener
    {
        private final Set<String> hosts = new HashSet<>();

        public void onHello(final HelloDecoder hello)
        {
            final HelloDecoder.AmmoDecoder ammo = hello.ammo();
            while (ammo.hasNext())
            {
                ammo.next().skipName();
            }
            final String host = hello.host();
            if (hosts.size() < MAX_UNAUTHENTICATED_HOSTS)
            {
                hosts.add(host.toLowerCase(Locale.ROOT));
            }
        }

        public void onFire(final FireDecoder fire)
        {
        }

        public void onAck(final AckDecoder ack)
        {
        }

        public void onRefuse(final RefuseDecoder refuse)
        {
        }

        public void onSecondAggregate(final SecondAggregateDecoder aggregate)
        {
        }

        public void onEnd(final EndDecoder end)
        {
        }

        public void onAbort(final AbortDecoder abort)
        {
        }

        public void onLease(final LeaseDecoder lease)
        {
        }
    }

    /**
     * Deletes the driver directories of runners that died without closing (SIGKILL): {@code l2-runner-PID-…} whose
     * process is gone. Best effort: what cannot be deleted stays.
     *
     * @param shmDir where runners put their drivers' directories.
     */
    static void deleteStale(final Path shmDir)
    {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(shmDir, DIR_PREFIX + "*"))
        {
            for (final Path dir : dirs)
            {
                final String name = dir.getFileName().toString();
                final int dash = name.indexOf('-', DIR_PREFIX.length());
                final long pid;
                try
                {
                    pid = Long.parseLong(name.substring(DIR_PREFIX.length(), dash < 0 ? name.length() : dash));
                }
                catch (final NumberFormatException ex)
                {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty())
                {
                    IoUtil.delete(dir.toFile(), true);
                }
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // best effort: a stale directory only costs its space
        }
    }
}
