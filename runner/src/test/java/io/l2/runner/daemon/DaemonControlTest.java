/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.runner.base.InputException;
import io.l2.runner.shoot.ConfigSource;
import io.l2.runner.test.TestKeys;
import io.l2.transport.auth.KeyFileException;
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
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class DaemonControlTest
{
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(15);
    private static final long PROBE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final String RUNNER_HOST = "runner-test.invalid";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Daemon daemon;

    @AfterEach
    void stop()
    {
        if (null != daemon)
        {
            daemon.close();
        }
    }

    /**
     * A daemon without a cluster key: it answers probes and sends heartbeats (unsigned), refuses a fire with the
     * one-line reason, counts a message too short for a trailer as malformed, and says it is not authenticated.
     */
    @Test
    void shouldAnswerProbeAndSendHeartbeatsAndCountMessagesWhenRunnerSaysHello() throws Exception
    {
        final String channel = TestChannels.uniqueLoopbackMulticast();
        final L2Config config = ConfigLoader.parse("l2.yaml", """
            l2:
              results-dir: results
              control-stream: 4242
            """, tmp);
        final Path daemonAeron = tmp.resolve("daemon-aeron");
        daemon = Daemon.start(config, TestChannels.loopback(tmp.resolve("l2.socket"), daemonAeron, channel),
            new DaemonState(System::nanoTime), new PrintStream(new ByteArrayOutputStream(), true));
        assertTrue(Files.isDirectory(daemonAeron));
        final String daemonHost = ConfigSource.localHostName();

        final List<long[]> heard = new ArrayList<>();
        final List<String> hosts = new ArrayList<>();
        final List<String> refusals = new ArrayList<>();
        final ControlAdapter adapter = new ControlAdapter(new HelloRecorder(heard, hosts, refusals),
            MessageVerifier.keyless(SystemEpochNanoClock.INSTANCE), null);
        final FragmentAssembler assembler = new FragmentAssembler(adapter);
        final BackoffIdleStrategy idle = new BackoffIdleStrategy();
        int probesSent = 0;
        int firesSent = 0;
        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(tmp.resolve("runner-aeron").toString())
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Subscription subscription = aeron.addSubscription(channel, 4242);
            Publication publication = aeron.addPublication(channel, 4242))
        {
            final ControlProxy proxy =
                new ControlProxy(publication, MessageSigner.unsigned(SystemEpochNanoClock.INSTANCE));
            final long startNs = System.nanoTime();
            long nextProbeNs = startNs;
            boolean answered = false;
            boolean heartbeat = false;
            boolean malformedSent = false;
            final byte[] plan = "target: 127.0.0.1:53\n".getBytes(StandardCharsets.UTF_8);
            while (!(answered && heartbeat && malformedSent && !refusals.isEmpty()))
            {
                final long nowNs = System.nanoTime();
                if (nowNs - startNs > DEADLINE_NS)
                {
                    fail("answered " + answered + ", heartbeat " + heartbeat + ", malformed sent " + malformedSent +
                        ", heard " + hosts + ", refusals " + refusals);
                }
                if (answered && refusals.isEmpty() && nowNs - nextProbeNs >= 0)
                {
                    if (proxy.fire(99, 1234, System.currentTimeMillis() * 1_000_000L + 5_000_000_000L, 3000, 0, 1,
                        0, daemonHost, plan, 0, plan.length) > 0)
                    {
                        firesSent++;
                    }
                    nextProbeNs = nowNs + PROBE_INTERVAL_NS;
                }
                if (!answered && nowNs - nextProbeNs >= 0)
                {
                    // a new correlation id per probe: the daemon answers each id once, and an answer sent before
                    // this side's subscription was connected is lost
                    final long correlationId = 42 + probesSent;
                    if (proxy.hello(correlationId, 1, ControlCodec.STATE_WAITING, RUNNER_HOST, "dc", "test", null,
                        null, 0) > 0)
                    {
                        probesSent++;
                    }
                    nextProbeNs = nowNs + PROBE_INTERVAL_NS;
                }
                if (!malformedSent && publication.isConnected())
                {
                    final UnsafeBuffer garbage = new UnsafeBuffer(new byte[16]);
                    garbage.setMemory(0, 16, (byte)0x7F);
                    malformedSent = publication.offer(garbage, 0, 16) > 0;
                }
                idle.idle(subscription.poll(assembler, 10));
                for (int i = 0; i < heard.size(); i++)
                {
                    if (!daemonHost.equals(hosts.get(i)))
                    {
                        continue;
                    }
                    assertEquals(ControlCodec.STATE_WAITING, heard.get(i)[1]);
                    final long echoed = heard.get(i)[0];
                    answered |= echoed >= 42 && echoed < 42 + probesSent;
                    heartbeat |= 0 == heard.get(i)[0];
                }
            }
            assertTrue(hosts.contains(daemonHost), hosts.toString());
            assertTrue(refusals.get(0).startsWith("99 1234 this daemon has no cluster key: set " +
                "security.cluster-key-file in "), refusals.toString());
            assertEquals(1, refusals.get(0).lines().count());
            assertEquals(0, daemon.state().shootCount(), "a daemon without a key shoots nothing");

            Map<String, Object> control = null;
            while (System.nanoTime() - startNs < DEADLINE_NS)
            {
                control = control();
                if (((Number)control.get("messages")).longValue() >= 1 &&
                    ((Number)control.get("malformed")).longValue() >= 1)
                {
                    break;
                }
                idle.idle(0);
            }
            assertNotNull(control);
            final long messages = ((Number)control.get("messages")).longValue();
            // each fire, and the daemon's own refusal of it, which it hears on the multicast channel
            assertTrue(messages >= 2 && messages <= probesSent + 2 * firesSent,
                control + " probes " + probesSent + " fires " + firesSent);
            assertEquals(1L, ((Number)control.get("malformed")).longValue(), control.toString());
            assertEquals(Boolean.FALSE, control.get("authenticated"), control.toString());
        }

        daemon.close();
        assertFalse(Files.exists(daemonAeron));
        assertEquals(List.of(), DaemonTest.daemonThreads());
        daemon.close();
    }

    @Test
    void shouldRefuseAeronDirInUseAndBadChannelAndLeaveNothingRunning() throws Exception
    {
        final L2Config config = ConfigLoader.parse("l2.yaml", "l2:\n  results-dir: results\n", tmp);
        final Path aeronDir = tmp.resolve("aeron");
        final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true);
        daemon = Daemon.start(config, TestChannels.loopback(tmp.resolve("a.socket"), aeronDir,
            TestChannels.uniqueLoopbackMulticast()), new DaemonState(System::nanoTime), log);

        final InputException inUse = assertThrows(InputException.class, () -> Daemon.start(config,
            TestChannels.loopback(tmp.resolve("b.socket"), aeronDir, TestChannels.uniqueLoopbackMulticast()),
            new DaemonState(System::nanoTime), log));
        assertEquals("aeron-dir " + aeronDir + ": in use by a running media driver (another l2 daemon?): give this " +
            "one its own with --aeron-dir DIR (or aeron-dir in l2.yaml)", inUse.getMessage());
        assertTrue(Files.isDirectory(aeronDir));
        assertFalse(Files.exists(tmp.resolve("b.socket")));
        daemon.close();

        final IOException even = assertThrows(IOException.class, () -> Daemon.start(config,
            TestChannels.loopback(tmp.resolve("b.socket"), aeronDir,
            "aeron:udp?endpoint=239.255.98.2:9|interface=127.0.0.1|ttl=0"),
            new DaemonState(System::nanoTime), log));
        assertTrue(even.getMessage().startsWith("cannot start the control plane (aeron-dir " + aeronDir),
            even.getMessage());
        assertFalse(even.getMessage().contains("\n"), even.getMessage());
        assertFalse(Files.exists(aeronDir));
        assertFalse(Files.exists(tmp.resolve("b.socket")));
        assertEquals(List.of(), DaemonTest.daemonThreads());
        assertThrows(InputException.class, () -> Daemon.start(config, TestChannels.loopback(tmp.resolve("b.socket"),
            aeronDir, "udp://239.255.98.3:9"), new DaemonState(System::nanoTime), log));
    }

    @Test
    void shouldRefuseToStartInOneLineWhenTheClusterKeyFileCannotBeUsed() throws Exception
    {
        final Path key = TestKeys.write(tmp, "cluster.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        final L2Config config = ConfigLoader.parse("l2.yaml", "l2:\n  results-dir: results\n" +
            TestKeys.securityYaml(key), tmp);
        final Path aeronDir = tmp.resolve("aeron");
        final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true);
        final KeyFileException open = assertThrows(KeyFileException.class, () -> Daemon.start(config,
            TestChannels.loopback(tmp.resolve("a.socket"), aeronDir, TestChannels.uniqueLoopbackMulticast()),
            new DaemonState(System::nanoTime), log));
        assertEquals(key.toAbsolutePath() + " is readable by others than its owner (mode 0644): chmod 600 it",
            open.getMessage());

        final Path missing = tmp.resolve("missing.key").toAbsolutePath();
        final L2Config missingKey = ConfigLoader.parse("l2.yaml", TestKeys.securityYaml(missing), tmp);
        assertTrue(assertThrows(KeyFileException.class, () -> Daemon.start(missingKey,
            TestChannels.loopback(tmp.resolve("a.socket"), aeronDir, TestChannels.uniqueLoopbackMulticast()),
            new DaemonState(System::nanoTime), log)).getMessage().startsWith(missing + ": no such file"));
        assertFalse(Files.exists(aeronDir), "nothing started");
        assertFalse(Files.exists(tmp.resolve("a.socket")));
        assertEquals(List.of(), DaemonTest.daemonThreads());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> control() throws Exception
    {
        final HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + "/status")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        final Map<String, Object> status =
            (Map<String, Object>)new Load(LoadSettings.builder().build()).loadFromString(response.body());
        assertEquals("aeron:", ((Map<String, Object>)status.get("config")).get("control-channel").toString()
            .substring(0, 6));
        return (Map<String, Object>)status.get("control");
    }

    private static final class HelloRecorder implements ControlListener
    {
        private final List<long[]> heard;
        private final List<String> hosts;
        private final List<String> refusals;

        HelloRecorder(final List<long[]> heard, final List<String> hosts, final List<String> refusals)
        {
            this.heard = heard;
            this.hosts = hosts;
            this.refusals = refusals;
        }

        public void onHello(final HelloDecoder hello)
        {
            heard.add(new long[]{hello.correlationId(), hello.state()});
            final HelloDecoder.AmmoDecoder ammo = hello.ammo();
            while (ammo.hasNext())
            {
                ammo.next().skipName();
            }
            hosts.add(hello.host());
        }

        public void onFire(final FireDecoder fire)
        {
        }

        public void onAck(final AckDecoder ack)
        {
        }

        public void onRefuse(final RefuseDecoder refuse)
        {
            refuse.skipHost();
            refusals.add(refuse.correlationId() + " " + refuse.shootId() + " " + refuse.reason());
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
