/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.fleet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.l2.engine.responder.Responder;
import io.l2.runner.base.ExitCode;
import io.l2.runner.cli.L2Command;
import io.l2.runner.control.EmbeddedAeron;
import io.l2.runner.daemon.Daemon;
import io.l2.runner.daemon.DaemonState;
import io.l2.runner.daemon.TestChannels;
import io.l2.runner.shoot.ShootId;
import io.l2.runner.test.FleetBed;
import io.l2.runner.test.TestKeys;
import io.l2.transport.auth.AuthTrailerDescriptor;
import io.l2.transport.auth.ClusterKey;
import io.l2.transport.auth.MessageSigner;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codec.ControlMessageValidator;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.FireEncoder;
import io.l2.transport.codecs.MessageHeaderDecoder;
import io.l2.transport.codecs.MessageHeaderEncoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.control.ControlProxy;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control plane's authentication end to end: two daemons in this JVM ({@code a} and {@code b}) on a loopback
 * multicast control channel, sharing a cluster key, l2's embedded responder on loopback as the target. A listener on
 * the channel captures a real signed fire of a real shoot; then a fire forged without the key (unsigned, signed with
 * another key, no trailer at all), that captured fire replayed byte for byte after its shoot ended, and a fire of the
 * wrong length signed with the key are each dropped by both daemons, counted in {@code /metrics} (read over HTTP), and
 * no query reaches the target. During a key rotation, daemons with the new and the previous key shoot for a runner
 * that still signs with the previous one; a runner with a third key is not heard.
 */
class ControlAuthTest
{
    private static final Path AMMO = FleetBed.AMMO;
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(20);
    private static final int STREAM = 1001;
    /** The plan's 500 queries and the runner's probe of the target before it fires. */
    private static final long QUERIES_OF_A_SHOOT = 500 + 1;

    @TempDir
    private Path tmp;

    private FleetBed bed;

    private final String channel = TestChannels.uniqueLoopbackMulticast();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Responder responder;
    private InetSocketAddress target;

    @BeforeEach
    void start()
    {
        bed = new FleetBed(tmp, channel);
    }

    @AfterEach
    void stop()
    {
        bed.close();
    }

    @Test
    void shouldDropAndCountForgedReplayedAndMalformedFiresWithoutAQueryReachingTheTarget() throws Exception
    {
        startResponder();
        final Path key = TestKeys.write(tmp, "cluster.key");
        final Path config = config("l2.yaml", TestKeys.securityYaml(key) + "  replay-window: 60s\n");
        final Daemon a = startDaemon("a", config);
        final Daemon b = startDaemon("b", config);
        final Capture capture = new Capture(tmp.resolve("aeron-capture"), channel);
        bed.add(capture);

        assertEquals(ExitCode.OK, fire(config, plan("schedule: \"const(500,1s)\"")), err.toString());
        awaitWaiting(a);
        awaitWaiting(b);
        final byte[] captured = capture.firstFire("a");
        awaitAnswered(QUERIES_OF_A_SHOOT);
        final long answeredBefore = responder.answered();
        final Map<String, Long> aBefore = metrics(a);
        final Map<String, Long> bBefore = metrics(b);
        assertEquals(0L, aBefore.get("unauthenticated") + aBefore.get("stale") + aBefore.get("replayed") +
            aBefore.get("malformed"), aBefore.toString());
        assertEquals(1L, aBefore.get("authenticated"));

        final UnsafeBuffer real = new UnsafeBuffer(captured);
        assertTrue(ControlMessageValidator.validate(
            real, 0, captured.length - AuthTrailerDescriptor.TRAILER_LENGTH) > 0);
        final FireDecoder realFire = new FireDecoder().wrapAndApplyHeader(real, 0, new MessageHeaderDecoder());
        realFire.skipHost();
        final byte[] plan = new byte[realFire.planLength()];
        realFire.getPlan(plan, 0, plan.length);
        final long forgedShootId = ShootId.toLong(ShootId.next(Instant.now()));
        final long startEpochNs = SystemEpochNanoClock.INSTANCE.nanoTime() + TimeUnit.SECONDS.toNanos(3);

        // (a) forged: unsigned, signed with another cluster's key, and with no trailer at all
        final ControlProxy unsigned =
            new ControlProxy(capture.publication, MessageSigner.unsigned(SystemEpochNanoClock.INSTANCE));
        final ControlProxy foreign = new ControlProxy(capture.publication,
            MessageSigner.of(ClusterKey.random(new SecureRandom()), SystemEpochNanoClock.INSTANCE));
        capture.offer(() -> unsigned.fire(1, forgedShootId, startEpochNs, 3000, 0, 1, 0, "a", plan, 0, plan.length));
        capture.offer(() -> foreign.fire(2, forgedShootId, startEpochNs, 3000, 0, 1, 0, "a", plan, 0, plan.length));
        final UnsafeBuffer raw = new UnsafeBuffer(new byte[plan.length + 512]);
        final int rawLength = MessageHeaderEncoder.ENCODED_LENGTH + new FireEncoder()
            .wrapAndApplyHeader(raw, 0, new MessageHeaderEncoder()).correlationId(3).shootId(forgedShootId)
            .startEpochNs(startEpochNs).leaseMs(3000).hostIndex(0).hostCount(1).flags(0).host("a")
            .putPlan(plan, 0, plan.length).encodedLength();
        capture.offer(() -> capture.publication.offer(raw, 0, rawLength));
        // (b) the real fire again, byte for byte, after its shoot ended
        capture.offer(() -> capture.publication.offer(real, 0, captured.length));
        // (c) signed with the cluster key, but one byte short of a fire
        final MessageSigner keyed = TestKeys.load(key, null).newSigner(SystemEpochNanoClock.INSTANCE);
        capture.offer(() ->
        {
            final int signed = keyed.sign(raw, 0, rawLength - 1);
            return capture.publication.offer(raw, 0, signed);
        });

        for (final Daemon daemon : List.of(a, b))
        {
            final Map<String, Long> before = daemon == a ? aBefore : bBefore;
            final Map<String, Long> after = awaitMetrics(daemon, before, 3, 1, 1);
            assertEquals(before.get("unauthenticated") + 3, after.get("unauthenticated"), after.toString());
            assertEquals(before.get("replayed") + 1, after.get("replayed"), after.toString());
            assertEquals(before.get("malformed") + 1, after.get("malformed"), after.toString());
            assertEquals(before.get("stale"), after.get("stale"), after.toString());
            assertEquals(1L, daemon.state().shootCount(), "only the real shoot ran");
            assertEquals(DaemonState.WAITING, daemon.state().stateName());
        }
        assertEquals(answeredBefore, responder.answered(), "no query reached the target");
        assertEquals(List.of(), capture.answersTo(forgedShootId), "no daemon answered a forged fire");

        final String aLog = bed.log("a");
        assertEquals(1, aLog.lines().filter((line) -> line.contains(" as unauthenticated (")).count(),
            "one line per source and reason: " + aLog);
        assertTrue(aLog.contains("l2 daemon: control: dropped a message from 127.0.0.1:"), aLog);
        assertTrue(aLog.contains(" as unauthenticated (unsigned: the sender has no cluster key"), aLog);
        assertTrue(aLog.contains(" as replayed (sequence not above the last one accepted"), aLog);
        assertTrue(aLog.contains(" as malformed (LENGTH_PAST_END)"), aLog);
    }

    @Test
    void shouldShootForARunnerStillSigningWithThePreviousKeyWhenTheDaemonsRotate() throws Exception
    {
        startResponder();
        final Path oldKey = TestKeys.write(tmp, "old.key");
        final Path newKey = TestKeys.write(tmp, "new.key");
        final Path daemons = config("l2.yaml", "security:\n  cluster-key-file: \"" + newKey + "\"\n" +
            "  previous-cluster-key-file: \"" + oldKey + "\"\n");
        final Daemon a = startDaemon("a", daemons);
        final Daemon b = startDaemon("b", daemons);
        final Path runner = config("runner.yaml", "security:\n  cluster-key-file: \"" + oldKey + "\"\n" +
            "  previous-cluster-key-file: \"" + newKey + "\"\n");

        assertEquals(ExitCode.OK, fire(runner, plan("schedule: \"const(500,1s)\"")), err.toString());
        awaitAnswered(QUERIES_OF_A_SHOOT);
        awaitWaiting(a);
        awaitWaiting(b);

        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        final Path third = config("third.yaml", TestKeys.securityYaml(TestKeys.write(tmp, "third.key")));
        assertEquals(ExitCode.FAILED, fire(third, plan("schedule: \"const(500,1s)\"")), err.toString());
        assertTrue(err.toString().contains("l2: a not ready: unauthenticated: it answers, but unsigned or signed " +
            "with another cluster key (give its l2.yaml the same security.cluster-key-file as this runner's)"),
            err.toString());
        assertTrue(err.toString().contains("l2: control: dropped a message from "), err.toString());
        assertEquals(QUERIES_OF_A_SHOOT + 1, responder.answered(), "the runner with a third key only probed");
        assertEquals(1L, a.state().shootCount());
        assertTrue(metrics(a).get("unauthenticated") > 0, "the third key's probes are counted");
    }

    @Test
    void shouldFileADaemonWithoutTheKeyAsUnauthenticatedOnBothSides() throws Exception
    {
        startResponder();
        final Path key = TestKeys.write(tmp, "cluster.key");
        final Path keyed = config("l2.yaml", TestKeys.securityYaml(key));
        final Daemon a = startDaemon("a", config("keyless.yaml", ""));
        final Daemon b = startDaemon("b", keyed);

        assertEquals(ExitCode.FAILED, fire(keyed, plan("schedule: \"const(500,1s)\"")), err.toString());

        final String text = err.toString();
        assertTrue(text.contains("l2: a not ready: unauthenticated: it answers, but unsigned or signed with another " +
            "cluster key (give its l2.yaml the same security.cluster-key-file as this runner's)"), text);
        assertTrue(text.matches("(?s).*\\na +: ok=0 failed=1 unreachable=0 .* reason=\"unauthenticated: .*"), text);
        assertTrue(text.matches("(?s).*\\nb +: ok=1 failed=0 unreachable=0 .*"), text);
        assertFalse(text.contains("no answer within"), text);
        awaitWaiting(b);
        assertEquals(0L, a.state().shootCount());
        final Map<String, Long> keyless = metrics(a);
        assertEquals(0L, keyless.get("authenticated"));
        assertTrue(keyless.get("unauthenticated") > 0, "the runner's probes are counted: " + keyless);
        final HttpResponse<String> status = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/status")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertFalse(status.body().replace(" ", "").contains("\"unauthenticated\":0"), status.body());
    }

    private void awaitAnswered(final long count) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + DEADLINE_NS;
        while (responder.answered() != count)
        {
            assertFalse(System.nanoTime() - deadlineNs > 0, "the target answered " + responder.answered() + " of " +
                count + " queries: " + err);
            Thread.sleep(20);
        }
    }

    private Map<String, Long> awaitMetrics(
        final Daemon daemon, final Map<String, Long> before, final long unauthenticated, final long replayed,
        final long malformed) throws Exception
    {
        final long deadlineNs = System.nanoTime() + DEADLINE_NS;
        while (true)
        {
            final Map<String, Long> now = metrics(daemon);
            if (now.get("unauthenticated") - before.get("unauthenticated") >= unauthenticated &&
                now.get("replayed") - before.get("replayed") >= replayed &&
                now.get("malformed") - before.get("malformed") >= malformed)
            {
                return now;
            }
            assertFalse(System.nanoTime() - deadlineNs > 0, "not counted: " + now + " (before " + before + ")");
            Thread.sleep(20);
        }
    }

    /**
     * The rejected counts and the authenticated gauge of a daemon's {@code /metrics}, read over HTTP.
     */
    private Map<String, Long> metrics(final Daemon daemon) throws Exception
    {
        final HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        final Map<String, Long> values = new LinkedHashMap<>();
        for (final String line : response.body().lines().toList())
        {
            if (line.startsWith("l2_control_rejected_total{reason=\""))
            {
                final int quote = line.indexOf('"', 34);
                values.put(line.substring(34, quote), Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
            }
            else if (line.startsWith("l2_control_authenticated "))
            {
                values.put("authenticated", Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        assertEquals(List.of("unauthenticated", "stale", "replayed", "malformed", "authenticated"),
            List.copyOf(values.keySet()), response.body());
        return values;
    }

    private static void awaitWaiting(final Daemon daemon) throws InterruptedException
    {
        FleetBed.awaitWaiting(daemon, DEADLINE_NS);
    }

    private int fire(final Path config, final Path plan)
    {
        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute("--config", config.toString(), "shoot", "fire", "--file", plan.toString(),
            "--output", "json", "--control-channel", channel, "--no-warmup", "--lead", FleetBed.LEAD);
    }

    private void startResponder() throws IOException
    {
        responder = bed.startResponder();
        target = responder.address();
    }

    private Daemon startDaemon(final String host, final Path config) throws IOException
    {
        return bed.startDaemon(host, config);
    }

    private Path config(final String name, final String security) throws IOException
    {
        return Files.writeString(tmp.resolve(name), String.join("\n",
            "l2:",
            "  data-dir: " + tmp.resolve("data"),
            "  results-dir: " + tmp.resolve("results"),
            "  aeron-dir: " + tmp.resolve("aeron-runner"),
            "  control-stream: " + STREAM,
            "cluster:",
            "  pair:",
            "    dc1: [a]",
            "    dc2: [b]",
            "ammo:",
            "  zone: " + AMMO,
            security));
    }

    private Path plan(final String rps) throws IOException
    {
        return Files.writeString(tmp.resolve("plan.yaml"), String.join("\n",
            "target: \"127.0.0.1:" + target.getPort() + "\"",
            "ammo: zone",
            "set: pair",
            rps,
            "instances: 10",
            "timeout: 1s",
            ""));
    }

    /**
     * A listener and a sender of its own on the control channel (its own media driver): keeps a copy of every fire
     * it hears, as the bytes on the wire, and every ack or refusal's shoot id; its publication offers what the test
     * forges. Polls on its own thread.
     */
    private static final class Capture implements AutoCloseable
    {
        private final EmbeddedAeron aeron;
        private final Subscription subscription;
        private final Publication publication;
        private final List<byte[]> fires = new CopyOnWriteArrayList<>();
        private final List<Long> answers = new CopyOnWriteArrayList<>();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final FireDecoder fire = new FireDecoder();
        private final AckDecoder ack = new AckDecoder();
        private final RefuseDecoder refuse = new RefuseDecoder();
        private final Thread poller;
        private volatile boolean running = true;

        Capture(final Path dir, final String channel)
        {
            aeron = EmbeddedAeron.launch(dir.toFile(), "l2-test-capture-");
            subscription = aeron.aeron().addSubscription(channel, STREAM);
            publication = aeron.aeron().addPublication(channel, STREAM);
            final FragmentAssembler assembler = new FragmentAssembler(
                (buffer, offset, length, frame) -> onMessage(buffer, offset, length));
            poller = new Thread(() ->
            {
                while (running)
                {
                    if (0 == subscription.poll(assembler, 16))
                    {
                        Thread.onSpinWait();
                    }
                }
            }, "l2-test-capture");
            poller.setDaemon(true);
            poller.start();
        }

        private void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            final int bodyLength = length - AuthTrailerDescriptor.TRAILER_LENGTH;
            if (bodyLength < ControlCodec.HEADER_LENGTH ||
                ControlMessageValidator.validate(buffer, offset, bodyLength) < 0)
            {
                return;
            }
            switch (header.wrap(buffer, offset).templateId())
            {
                case FireDecoder.TEMPLATE_ID:
                    if (0 == fire.wrapAndApplyHeader(buffer, offset, header).flags())
                    {
                        final byte[] bytes = new byte[length];
                        buffer.getBytes(offset, bytes);
                        fires.add(bytes);
                    }
                    break;
                case AckDecoder.TEMPLATE_ID:
                    answers.add(ack.wrapAndApplyHeader(buffer, offset, header).shootId());
                    break;
                case RefuseDecoder.TEMPLATE_ID:
                    answers.add(refuse.wrapAndApplyHeader(buffer, offset, header).shootId());
                    break;
                default:
                    break;
            }
        }

        byte[] firstFire(final String host)
        {
            final FireDecoder decoder = new FireDecoder();
            for (final byte[] bytes : fires)
            {
                decoder.wrapAndApplyHeader(new UnsafeBuffer(bytes), 0, new MessageHeaderDecoder());
                if (host.equals(decoder.host()))
                {
                    return bytes;
                }
            }
            throw new AssertionError("no fire to " + host + " was captured (" + fires.size() + " fires)");
        }

        List<Long> answersTo(final long shootId)
        {
            return answers.stream().filter((id) -> id == shootId).toList();
        }

        void offer(final LongSupplier offer) throws InterruptedException
        {
            final long deadlineNs = System.nanoTime() + DEADLINE_NS;
            while (offer.getAsLong() < 0)
            {
                assertFalse(System.nanoTime() - deadlineNs > 0, "cannot offer on the control channel");
                Thread.sleep(5);
            }
        }

        public void close() throws InterruptedException
        {
            running = false;
            poller.join(TimeUnit.SECONDS.toMillis(5));
            CloseHelper.quietClose(aeron);
        }
    }
}
