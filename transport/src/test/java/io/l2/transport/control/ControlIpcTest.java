package io.l2.transport.control;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.l2.transport.auth.ClusterKey;
import io.l2.transport.auth.ClusterKeys;
import io.l2.transport.auth.MessageSigner;
import io.l2.transport.auth.Rejection;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codec.ControlMessages;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ControlIpcTest
{
    private static final String CHANNEL = "aeron:ipc";
    private static final int STREAM_ID = 1001;
    private static final long GIVE_UP_NS = 20_000_000_000L;

    @TempDir
    Path tempDir;

    @Test
    void shouldDeliverEveryMessageWhenSentOverAeronIpc()
    {
        final String aeronDir = tempDir.resolve("aeron").toString();
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
        final CapturingListener listener = new CapturingListener();
        final ClusterKeys keys = new ClusterKeys(ClusterKey.random(new SecureRandom()), null, 10_000_000_000L);
        final List<String> log = new ArrayList<>();
        final ControlAdapter adapter = new ControlAdapter(listener, keys.newVerifier(SystemEpochNanoClock.INSTANCE),
            log::add);
        final FragmentAssembler assembler = new FragmentAssembler(adapter);
        final IdleStrategy idle = new BackoffIdleStrategy();
        final byte[] plan = new byte[5000];
        Arrays.fill(plan, (byte) 'p');
        final byte[] histogram = new byte[3000];
        Arrays.fill(histogram, (byte) 1);
        final byte[] shaA = new byte[32];
        shaA[0] = 1;
        shaA[31] = 2;

        try (MediaDriver driver = MediaDriver.launchEmbedded(driverContext);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Subscription subscription = aeron.addSubscription(CHANNEL, STREAM_ID);
            Publication publication = aeron.addPublication(CHANNEL, STREAM_ID))
        {
            final long deadlineNs = System.nanoTime() + GIVE_UP_NS;
            while (!publication.isConnected() || !subscription.isConnected())
            {
                giveUpAfter(deadlineNs, "connect");
                idle.idle();
            }

            final MessageSigner signer = keys.newSigner(SystemEpochNanoClock.INSTANCE);
            final ControlProxy proxy = new ControlProxy(publication, signer);
            send(deadlineNs, () -> proxy.hello(0, 123, ControlCodec.STATE_WAITING, "load01", "vla", "0.1.0",
                new CharSequence[]{"q.txt"}, new byte[][]{shaA}, 1));
            send(deadlineNs, () -> proxy.fire(5, 77, 1_000_000_000L, 3000, 0, 2, 0, "load01", plan, 0, plan.length));
            send(deadlineNs, () -> proxy.ack(5, 77, "load01", "/var/lib/l2/q"));
            send(deadlineNs, () -> proxy.refuse(6, 77, "load02", "ammo differs"));
            send(deadlineNs, () ->
            {
                proxy.secondAggregate(77, 3)
                    .requested(10).sent(9).achieved(8).answered(7).timeouts(1).malformed(0).sendErrors(1).discarded(1)
                    .rcodesCount(2).next().rcode(0).responseCount(6).next().rcode(2).responseCount(1);
                return proxy.offerSecondAggregate("load01", histogram, 0, histogram.length);
            });
            send(deadlineNs, () -> proxy.end(77, ControlCodec.STATUS_COMPLETED, 4, 36, 28, "load01", ""));
            send(deadlineNs, () -> proxy.abort(8, 77, "Ctrl-C"));
            send(deadlineNs, () -> proxy.lease(9, 77, 1_000_000_123L, 3000, "runner01"));
            // an unsigned message and a signed but malformed one on the same stream are counted and dropped, the
            // stream goes on
            final UnsafeBuffer junk = new UnsafeBuffer(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
            send(deadlineNs, () -> publication.offer(junk));
            final UnsafeBuffer truncated = new UnsafeBuffer(new byte[256]);
            final int ackLength = ControlMessages.ack(truncated, 0, 1, 2, "h", "/q");
            final int signedLength = signer.sign(truncated, 0, ackLength - 1);
            send(deadlineNs, () -> publication.offer(truncated, 0, signedLength));

            while (listener.messages.size() < 8 || adapter.malformedCount() < 1 ||
                adapter.rejectedCount(Rejection.UNAUTHENTICATED) < 1)
            {
                giveUpAfter(deadlineNs, "receive, got " + listener.messages);
                idle.idle(subscription.poll(assembler, 10));
            }
        }

        final List<String> expected = List.of(
            "hello 0 123 0 load01 vla 0.1.0 q.txt=1/2",
            "fire 5 77 1000000000 3000 0/2 load01 " + new String(plan, StandardCharsets.US_ASCII),
            "ack 5 77 load01 /var/lib/l2/q",
            "refuse 6 77 load02 ammo differs",
            "second 77 3 load01 10 9 8 7 1 0 1 1 0:6 2:1 histogram 3000/3000",
            "end 77 0 4 36 28 load01 ",
            "abort 8 77 Ctrl-C",
            "lease 9 77 1000000123 3000 runner01");
        assertEquals(expected, listener.messages);
        assertEquals(8, adapter.messageCount());
        assertEquals(1, adapter.malformedCount());
        assertEquals(1, adapter.rejectedCount(Rejection.UNAUTHENTICATED));
        assertEquals(1, adapter.rejectedCount(Rejection.MALFORMED));
        assertEquals(0, adapter.unknownTemplateCount());
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("control: dropped a message from "), log.toString());
        assertTrue(log.get(0).contains(" as unauthenticated (no authentication trailer"), log.toString());
        assertTrue(log.get(1).contains(" as malformed (LENGTH_PAST_END)"), log.toString());
        assertTrue(!tempDir.resolve("aeron").toFile().exists(), "aeron dir deleted on shutdown");
    }

    private static void send(final long deadlineNs, final LongSupplier offer)
    {
        final IdleStrategy idle = new BackoffIdleStrategy();
        long result;
        while ((result = offer.getAsLong()) < 0)
        {
            if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result)
            {
                fail("offer failed: " + result);
            }
            giveUpAfter(deadlineNs, "offer, last result " + result);
            idle.idle();
        }
    }

    private static void giveUpAfter(final long deadlineNs, final String what)
    {
        if (System.nanoTime() - deadlineNs > 0)
        {
            fail("gave up waiting to " + what);
        }
    }
}
