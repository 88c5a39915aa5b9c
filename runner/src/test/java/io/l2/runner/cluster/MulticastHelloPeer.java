/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cluster;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.l2.transport.auth.MessageSigner;
import io.l2.transport.auth.MessageVerifier;
import io.l2.transport.codec.ControlCodec;
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
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * One test host of {@link NetnsMulticastTest}, run in its own JVM inside a namespace: embeds an Aeron media driver,
 * sends a hello naming itself every 100 ms on a UDP multicast channel and listens on the same channel. Prints
 * {@code heard <host>} once per distinct host it hears (itself included). Once it has heard every expected peer it
 * keeps sending for {@link #LINGER_NS} so the peers hear it too, then exits 0; after {@link #GIVE_UP_NS} it exits 1.
 * <p>
 * Arguments: {@code <aeron dir> <channel> <this host> <expected peer>,<expected peer>...}.
 */
final class MulticastHelloPeer
{
    static final int STREAM_ID = 1001;
    static final long GIVE_UP_NS = TimeUnit.SECONDS.toNanos(15);
    static final long LINGER_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long HELLO_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private MulticastHelloPeer()
    {
    }

    /**
     * Run one peer.
     *
     * @param args aeron directory, channel, this host's name, comma-separated names of the peers to hear.
     */
    public static void main(final String[] args)
    {
        if (4 != args.length)
        {
            System.err.println("usage: MulticastHelloPeer <aeron dir> <channel> <host> <peer>,<peer>...");
            System.exit(2);
        }
        final String host = args[2];
        final List<String> expected = List.of(args[3].split(","));
        final Set<String> heard = new HashSet<>();
        final ControlAdapter adapter = new ControlAdapter(
            new HelloListener(heard), MessageVerifier.keyless(SystemEpochNanoClock.INSTANCE), null);
        final FragmentAssembler assembler = new FragmentAssembler(adapter);
        final IdleStrategy idle = new BackoffIdleStrategy();
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(args[0])
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);

        boolean done = false;
        try (MediaDriver driver = MediaDriver.launchEmbedded(driverContext);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Subscription subscription = aeron.addSubscription(args[1], STREAM_ID);
            Publication publication = aeron.addPublication(args[1], STREAM_ID))
        {
            final ControlProxy proxy =
                new ControlProxy(publication, MessageSigner.unsigned(SystemEpochNanoClock.INSTANCE));
            final long startNs = System.nanoTime();
            long nextHelloNs = startNs;
            long doneAtNs = 0;
            while (System.nanoTime() - startNs < GIVE_UP_NS)
            {
                final long nowNs = System.nanoTime();
                if (nowNs - nextHelloNs >= 0)
                {
                    // not connected until a receiver answers: the result is ignored, the next hello is 100 ms away
                    proxy.hello(0, System.currentTimeMillis() * 1_000_000L, ControlCodec.STATE_WAITING, host,
                        "netns", "test", null, null, 0);
                    nextHelloNs = nowNs + HELLO_INTERVAL_NS;
                }
                if (!done && heard.containsAll(expected))
                {
                    done = true;
                    doneAtNs = nowNs;
                }
                if (done && nowNs - doneAtNs >= LINGER_NS)
                {
                    break;
                }
                idle.idle(subscription.poll(assembler, 10));
            }
        }
        if (!done)
        {
            System.err.println("gave up: heard " + heard + ", expected " + expected);
        }
        System.out.flush();
        System.exit(done ? 0 : 1);
    }

    private static final class HelloListener implements ControlListener
    {
        private final Set<String> heard;

        HelloListener(final Set<String> heard)
        {
            this.heard = heard;
        }

        public void onHello(final HelloDecoder hello)
        {
            final HelloDecoder.AmmoDecoder ammo = hello.ammo();
            while (ammo.hasNext())
            {
                ammo.next().skipName();
            }
            final String host = hello.host();
            if (heard.add(host))
            {
                System.out.println("heard " + host);
                System.out.flush();
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
            // not for this listener
        }
    }
}
