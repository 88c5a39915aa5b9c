/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.security;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.config.ShootPlan;
import io.l2.engine.responder.Responder;
import io.l2.runner.base.ExitCode;
import io.l2.runner.cli.L2Command;
import io.l2.runner.daemon.Daemon;
import io.l2.runner.daemon.TestChannels;
import io.l2.runner.fleet.FleetControl;
import io.l2.runner.fleet.FleetShoot;
import io.l2.runner.shoot.ConfigSource;
import io.l2.runner.shoot.FirePlan;
import io.l2.runner.shoot.ShootId;
import io.l2.runner.shoot.ShootSetup;
import io.l2.runner.test.FleetBed;
import io.l2.runner.test.TestKeys;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.codecs.SecondAggregateDecoder;
import io.l2.transport.control.ControlListener;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Aim limits end to end, with daemons {@code a} and {@code b} in this JVM on a loopback multicast control channel and
 * l2's embedded responder on loopback as the target (its answered count is what reached it):
 * <ul>
 *     <li>a fire sent straight over the control plane, as a modified runner would (its own FirePlan and
 *     ControlProxy, no runner check), is refused by every daemon whose own l2.yaml does not list the target, dry run
 *     or not, and the target hears nothing;</li>
 *     <li>a daemon shoots the address the fire pins, never what the claimed name resolves to there, and refuses an
 *     address that the claimed name does not resolve to;</li>
 *     <li>{@code l2 shoot fire} and {@code l2 schedule fire} refuse a plan outside the runner's own l2.yaml at once,
 *     one line, exit 2, before any query or fire; within it they shoot; a share that grows over the ceiling because a
 *     host is not ready is refused after the preflight.</li>
 * </ul>
 */
class AimLimitsFleetTest
{
    private static final Path AMMO = FleetBed.AMMO;
    private static final long ANSWER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long RESEND_NS = TimeUnit.MILLISECONDS.toNanos(100);

    @TempDir
    private Path tmp;

    private FleetBed bed;

    private final String channel = TestChannels.uniqueLoopbackMulticast();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private int port;

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
    void shouldBeRefusedByEveryDaemonWhenAFireOutsideItsTargetsComesStraightOverTheControlPlane() throws Exception
    {
        final Responder target = startResponder("127.0.0.1", 0);
        final Path daemonConfig = config("daemon.yaml", "  targets: [127.0.0.2/32]");
        final Daemon a = startDaemon("a", daemonConfig);
        final Daemon b = startDaemon("b", daemonConfig);

        for (final int flags : new int[] { ControlCodec.FLAG_DRY_RUN, 0 })
        {
            final Answers answers = fireDirectly(config("runner.yaml", ""), "127.0.0.1", null, flags, "a", "b");

            final String reason = "refused: target 127.0.0.1:" + port + " is outside security.targets (" +
                daemonConfig + ":15:13: 127.0.0.2/32)";
            assertEquals(Map.of("a", reason, "b", reason), answers.byHost, "flags " + flags);
        }
        assertEquals(0, target.answered(), "no query reached the target");
        assertEquals("waiting for jobs", a.state().stateName());
        assertEquals("waiting for jobs", b.state().stateName());
        assertFalse(Files.exists(tmp.resolve("data")), "nothing was recorded");
    }

    @Test
    void shouldShootOnlyThePinnedAddressAndNeverWhatTheClaimedNameResolvesToOnTheDaemon() throws Exception
    {
        final Responder resolved = startResponder("127.0.0.1", 0);
        final Responder pinned = startResponder("127.0.0.2", port);

        final Path onlyName = config("name.yaml", "  targets: [localhost]");
        final Daemon strict = startDaemon("a", onlyName);
        final Answers refused = fireDirectly(config("runner.yaml", ""), "127.0.0.2", "localhost", 0, "a");
        assertEquals(Map.of("a", "refused: target localhost:" + port + " (127.0.0.2) is outside security.targets (" +
            onlyName + ":15:13: localhost): localhost resolves here to 127.0.0.1, not to 127.0.0.2"), refused.byHost,
            "an address cannot pass for a name it does not belong to");
        bed.closeNow(strict);

        final Daemon a = startDaemon("a", config("both.yaml", "  targets: [localhost, 127.0.0.2/32]"));
        final Answers shot = fireDirectly(config("runner.yaml", ""), "127.0.0.2", "localhost", 0, "a");

        assertTrue(shot.byHost.get("a").startsWith("acked: "), shot.byHost.toString());
        assertEquals(List.of("a completed sent=200"), shot.ends);
        assertEquals(200, pinned.answered(), "the daemon shot the address the runner pinned");
        assertEquals(0, resolved.answered(), "and not the one localhost resolves to there");
        assertEquals(1, a.state().shootCount());
    }

    @Test
    void shouldFailFastWithOneLineAndExitTwoWhenTheRunnersOwnTargetsExcludeThePlan() throws Exception
    {
        final Responder target = startResponder("127.0.0.1", 0);
        final Daemon a = startDaemon("a", config("daemon.yaml", ""));
        final Daemon b = startDaemon("b", config("daemon.yaml", ""));
        final Path runner = config("runner.yaml", "  targets: [\"127.0.0.1:" + (port + 1) + "\", 127.0.0.2/32]");

        for (final boolean dryRun : new boolean[] { true, false })
        {
            final int exit = shootFire(runner, plan("127.0.0.1", "const(200,1s)"), dryRun);

            assertEquals(ExitCode.BAD_INPUT, exit, err.toString());
            assertEquals("l2: target 127.0.0.1:" + port + " is outside security.targets (" + runner + ":15:13: " +
                "127.0.0.1:" + (port + 1) + ", 127.0.0.2/32): port " + port + " is not the one allowed\n",
                err.toString());
            assertEquals("", out.toString());
            err.getBuffer().setLength(0);
        }
        assertEquals(0, target.answered(), "not even the probe query was sent");
        assertEquals(0, a.state().shootCount() + b.state().shootCount(), "no daemon was fired at");
    }

    @Test
    void shouldShootWhenTheTargetIsWithinTheRunnersAndTheDaemonsTargets() throws Exception
    {
        final Responder target = startResponder("127.0.0.1", 0);
        final Path daemon = config("daemon.yaml", "  targets: [\"127.0.0.1:" + port + "\"]\n  max-rps-per-host: 100");
        startDaemon("a", daemon);
        startDaemon("b", daemon);
        final Path runner = config("runner.yaml", "  targets: [127.0.0.0/8]\n  max-rps-per-host: 100");

        final int exit = shootFire(runner, plan("127.0.0.1", "const(200,1s)"), false);

        assertEquals(ExitCode.OK, exit, out + "/" + err);
        assertEquals(201, target.answered(), "200 queries and the probe: " + out);
    }

    @Test
    void shouldRefuseAfterThePreflightWhenAHostMissingMakesTheOtherSharePeakAboveTheCeiling() throws Exception
    {
        final Responder target = startResponder("127.0.0.1", 0);
        final Daemon a = startDaemon("a", config("daemon.yaml", ""));
        final Path runner = config("runner.yaml", "  max-rps-per-host: 150");

        final int exit = shootFire(runner, plan("127.0.0.1", "const(200,1s)"), false);

        assertEquals(ExitCode.BAD_INPUT, exit, out + "/" + err);
        assertEquals("l2: each host's share peaks at 200 rps, above security.max-rps-per-host 150 (" + runner +
            ":14:3) (1 of 2 hosts ready, not b; nothing was fired)\n", err.toString());
        assertEquals(1, target.answered(), "only the probe query");
        assertEquals(0, a.state().shootCount());
    }

    @Test
    void shouldRefuseALocalShootAndAScheduleOverTheCeilingsWithExitTwo() throws Exception
    {
        final Responder target = startResponder("127.0.0.1", 0);
        final Path config = Files.writeString(tmp.resolve("local.yaml"), String.join("\n",
            "l2:",
            "  data-dir: " + tmp.resolve("data"),
            "  results-dir: " + tmp.resolve("results"),
            "cluster:",
            "  local:",
            "    local: [\"" + ConfigSource.localHostName() + "\"]",
            "ammo:",
            "  zone: " + AMMO,
            "schedules:",
            "  - name: nightly",
            "    cron: \"0 3 * * *\"",
            "    target: \"127.0.0.1:" + port + "\"",
            "    plan: {ammo: zone, schedule: \"const(10,2s)\", instances: 4, set: local}",
            "security:",
            "  max-workers-per-host: 3",
            "  max-duration: 1s",
            ""));

        final String refusal = "each host's share runs 4 workers (instances), above security.max-workers-per-host " +
            "3 (" + config + ":15:3); the profile lasts 2s, above security.max-duration 1s (" + config + ":15:3)";
        final CommandLine local = commandLine();
        assertEquals(ExitCode.BAD_INPUT, local.execute("--config", config.toString(), "shoot", "fire", "--file",
            Files.writeString(tmp.resolve("local-plan.yaml"), "target: \"127.0.0.1:" + port + "\"\nammo: zone\n" +
            "schedule: \"const(10,2s)\"\ninstances: 4\n").toString()), err.toString());
        assertEquals("l2: " + refusal + "\n", err.toString());

        err.getBuffer().setLength(0);
        final CommandLine schedule = commandLine();
        assertEquals(ExitCode.BAD_INPUT, schedule.execute("--config", config.toString(), "schedule", "fire",
            "--target", "127.0.0.1:" + port), out + "/" + err);
        assertTrue(err.toString().startsWith("l2: " + refusal + "\n"), err.toString());
        assertEquals(0, target.answered());
        assertFalse(Files.exists(tmp.resolve("results")), "nothing was shot");
    }

    /**
     * Fires a two-host (or one-host) shoot of 200 queries in 1 s straight over the control plane, as a runner that
     * skips its own checks would: the plan resolved against the runner's l2.yaml, written with {@link FirePlan}, the
     * fire sent with the control proxy until every daemon answered; an acked shoot is followed with leases to its end.
     */
    private Answers fireDirectly(
        final Path runnerConfig, final String pinned, final String claimedName, final int flags, final String... hosts)
        throws IOException
    {
        final L2Config config = ConfigLoader.load(runnerConfig);
        final ShootPlan plan = ConfigLoader.loadPlan(plan(pinned, "const(200,1s)"), config);
        final Answers answers = new Answers();
        try (ShootSetup setup = ShootSetup.resolve(ShootId.next(Instant.now()), config, plan, null);
            FleetControl control = FleetControl.start(tmp, channel, config.daemon().controlStream(), answers,
                TestKeys.load(bed.keyFile(), null), System.err::println))
        {
            final byte[] fired = FirePlan.encode(setup, claimedName);
            final long shootId = ShootId.toLong(setup.shootId());
            answers.shootId = shootId;
            final long startEpochNs = SystemEpochNanoClock.INSTANCE.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            final long deadlineNs = System.nanoTime() + ANSWER_TIMEOUT_NS;
            long nextNs = System.nanoTime();
            while (answers.byHost.size() < hosts.length)
            {
                assertFalse(System.nanoTime() - deadlineNs > 0, "no answer from every host: " + answers.byHost);
                if (System.nanoTime() - nextNs >= 0)
                {
                    for (int i = 0; i < hosts.length; i++)
                    {
                        control.proxy().fire(100 + i, shootId, startEpochNs, FleetShoot.LEASE_MS, i, hosts.length,
                            flags, hosts[i], fired, 0, fired.length);
                    }
                    nextNs = System.nanoTime() + RESEND_NS;
                }
                control.poll();
                Thread.onSpinWait();
            }
            final long acked = answers.byHost.values().stream().filter((a) -> a.startsWith("acked: ")).count();
            if (0 == flags && acked > 0)
            {
                final long endDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                long lease = 0;
                while (answers.ends.size() < acked)
                {
                    assertFalse(System.nanoTime() - endDeadlineNs > 0, "no end: " + answers.ends);
                    if (System.nanoTime() - nextNs >= 0)
                    {
                        control.proxy().lease(++lease, shootId, SystemEpochNanoClock.INSTANCE.nanoTime(),
                            FleetShoot.LEASE_MS, "a test that skips the runner");
                        nextNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                    }
                    control.poll();
                    Thread.onSpinWait();
                }
            }
        }
        return answers;
    }

    private int shootFire(final Path config, final Path plan, final boolean dryRun)
    {
        final List<String> args = new ArrayList<>(List.of("--config", config.toString(), "shoot", "fire", "--file",
            plan.toString(), "--control-channel", channel, "--lead", FleetBed.LEAD));
        if (dryRun)
        {
            args.add("--dry-run");
        }
        return commandLine().execute(args.toArray(new String[0]));
    }

    private CommandLine commandLine()
    {
        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    /**
     * Starts l2's responder on a loopback address; port 0 picks a free one and keeps it as the targets' port.
     */
    private Responder startResponder(final String address, final int wantedPort) throws IOException
    {
        int listen = wantedPort;
        if (0 == listen)
        {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0)))
            {
                listen = socket.getLocalPort();
            }
            port = listen;
        }
        return bed.startResponder(InetAddress.getByName(address), listen);
    }

    private Daemon startDaemon(final String host, final Path config) throws IOException
    {
        return bed.startDaemon(host, config);
    }

    /**
     * An l2.yaml for set {@code pair} (a in dc1, b in dc2) with a {@code security:} section on line 14 (keys from
     * line 15).
     */
    private Path config(final String name, final String securityKeys) throws IOException
    {
        return Files.writeString(tmp.resolve(name), String.join("\n",
            "l2:",
            "  data-dir: " + tmp.resolve("data"),
            "  results-dir: " + tmp.resolve("results"),
            "  aeron-dir: " + tmp.resolve("aeron-runner"),
            "cluster:",
            "  pair:",
            "    dc1: [a]",
            "    dc2: [b]",
            "ammo:",
            "  zone: " + AMMO,
            "#",
            "#",
            "security:",
            "  cluster-key-file: \"" + bed.keyFile() + "\"",
            securityKeys,
            ""), StandardCharsets.UTF_8);
    }

    private Path plan(final String address, final String schedule) throws IOException
    {
        return Files.writeString(tmp.resolve("plan.yaml"), String.join("\n",
            "target: \"" + address + ":" + port + "\"",
            "ammo: zone",
            "set: pair",
            "schedule: \"" + schedule + "\"",
            "instances: 2",
            "timeout: 500ms",
            ""));
    }

    /**
     * What the daemons answered: per host {@code acked: QUEUE} or {@code refused: REASON}, and each end as
     * {@code host status sent=N}.
     */
    private static final class Answers implements ControlListener
    {
        final Map<String, String> byHost = new LinkedHashMap<>();
        final List<String> ends = new ArrayList<>();
        long shootId;

        public void onHello(final HelloDecoder hello)
        {
        }

        public void onFire(final FireDecoder fire)
        {
        }

        public void onAck(final AckDecoder ack)
        {
            if (ack.shootId() == shootId)
            {
                byHost.putIfAbsent(ack.host(), "acked: " + ack.queue());
            }
        }

        public void onRefuse(final RefuseDecoder refuse)
        {
            if (refuse.shootId() == shootId)
            {
                byHost.putIfAbsent(refuse.host(), "refused: " + refuse.reason());
            }
        }

        public void onSecondAggregate(final SecondAggregateDecoder aggregate)
        {
        }

        public void onEnd(final EndDecoder end)
        {
            if (end.shootId() == shootId)
            {
                ends.add(end.host() + " " + (ControlCodec.STATUS_COMPLETED == end.status() ? "completed" :
                    "status " + end.status() + " " + end.reason()) + " sent=" + end.sent());
            }
        }

        public void onAbort(final AbortDecoder abort)
        {
        }

        public void onLease(final LeaseDecoder lease)
        {
        }
    }
}
