/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.fleet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.l2.config.ConfigLoader;
import io.l2.config.ControlMode;
import io.l2.config.L2Config;
import io.l2.runner.base.ExitCode;
import io.l2.runner.cli.L2Command;
import io.l2.runner.control.ControlChannels;
import io.l2.runner.daemon.Daemon;
import io.l2.runner.fire.ConsoleShootListener;
import io.l2.runner.results.HostResult;
import io.l2.runner.shoot.HostShare;
import io.l2.runner.shoot.Replay;
import io.l2.runner.shoot.ShootId;
import io.l2.runner.shoot.ShootSetup;
import io.l2.runner.sinks.ShootSink;
import io.l2.runner.test.FleetBed;
import io.l2.runner.test.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static io.l2.runner.test.FleetBed.json;
import static io.l2.runner.test.FleetBed.map;
import static io.l2.runner.test.FleetBed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Control-mode unicast in this JVM: two daemons ({@code a} in dc1, {@code b} in dc2) on loopback, each with its own
 * control port through {@code host-addresses: {a: "127.0.0.1:P", b: "127.0.0.1:Q"}}; the runner reaches them by
 * multi-destination-cast and hears each on its own subscription. The merged result equals the hosts' own queues; a
 * daemon on another control port is not heard; a host whose name does not resolve is not ready, with the reason,
 * and the others are; a host gone between the preflight and the fire is left out while the one that acked keeps its
 * lease and shoots its whole share.
 */
class FleetUnicastTest
{
    private static final Path AMMO = FleetBed.AMMO;

    @TempDir
    private Path tmp;

    private FleetBed bed;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final int portA = freePortPair();
    private final int portB = freePortPair(portA);
    private InetSocketAddress target;

    @BeforeEach
    void start()
    {
        bed = new FleetBed(tmp, null);
    }

    @AfterEach
    void stop()
    {
        bed.close();
    }

    @Test
    void shouldMergeExactlyWhenTwoDaemonsShootOverUnicast() throws IOException
    {
        startResponder();
        final Path config = config("l2.yaml", portA, portB, "");
        assertEquals(ControlMode.UNICAST, ConfigLoader.load(config).daemon().controlMode());
        final Daemon a = startDaemon("a", config);
        startDaemon("b", config);
        assertEquals("aeron:udp?endpoint=127.0.0.1:" + portA, a.control().channels().subscription());
        assertEquals("aeron:udp?control=127.0.0.1:" + (portA + 1) + "|control-mode=dynamic",
            a.control().channels().publication());

        final int exit = fire(config, plan("schedule: \"const(2000,3s)\""));

        assertEquals(ExitCode.OK, exit, err.toString());
        final Map<String, Object> result = json(out.toString());
        assertEquals(6000L, number(map(result.get("totals")).get("sent")), err.toString());
        long answered = 0;
        for (final Object entry : (List<?>)result.get("hosts"))
        {
            final Map<String, Object> host = map(entry);
            assertEquals("ok", host.get("status"), err.toString());
            assertEquals(3000L, number(map(host.get("totals")).get("sent")), "an even split: " + err);
            final long own = Replay.replay(Path.of((String)host.get("queue"))).merged().totals().answeredCount();
            assertEquals(own, number(map(host.get("totals")).get("answered")));
            answered += own;
        }
        assertEquals(answered, number(map(result.get("totals")).get("answered")));
        assertTrue(err.toString().contains("dc1: sent "), err.toString());
    }

    @Test
    void shouldNotHearADaemonOnAnotherControlPort() throws IOException
    {
        final Path runnerConfig = config("l2.yaml", portA, portB, "");
        startDaemon("a", runnerConfig);
        final int elsewhere = freePortPair(portA, portB);
        startDaemon("b", config("b.yaml", portA, elsewhere, ""));
        startResponder();

        final int exit = fire(runnerConfig, plan("schedule: \"const(1000,1s)\""), "--dry-run");

        assertEquals(ExitCode.FAILED, exit, out + "" + err);
        final String text = out.toString();
        assertTrue(text.contains("PREFLIGHT (asked every host on unicast, control-port 9884; "), text);
        assertTrue(text.matches("(?s).*\\na +: ready dc=dc1 .*"), text);
        assertTrue(text.matches("(?s).*\\nb +: NOT READY dc=dc2 no answer within 2500 ms on the control channel " +
            "\\(is its l2 daemon running as b \\(l2 daemon --host b where the machine has another name\\).*"), text);
    }

    @Test
    void shouldReportAHostWhoseNameDoesNotResolveAsNotReady() throws IOException
    {
        startResponder();
        final Path config = config("l2.yaml", portA, portB, "    dc3: [nowhere.example.net]\n");
        startDaemon("a", config);
        startDaemon("b", config);
        final L2Config l2 = ConfigLoader.load(config);
        final ControlChannels channels = ControlChannels.of(l2.daemon(), (host) ->
        {
            throw new UnknownHostException(host + ": Name or service not known");
        });
        try (ShootSetup setup = ShootSetup.resolve(ShootId.next(Instant.now()), l2,
            ConfigLoader.loadPlan(plan("schedule: \"const(1000,1s)\""), l2), null))
        {
            final List<String> hosts = setup.hosts().stream().map(HostShare::host).toList();
            final FleetShoot fleet = new FleetShoot(setup, "test-runner");
            final List<FleetShoot.Readiness> readiness;
            try (FleetControl control = FleetControl.start(tmp, channels.runner(hosts),
                l2.daemon().controlStream(), fleet, TestKeys.load(bed.keyFile(), null),
                (line) -> err.write(line + "\n")))
            {
                readiness = fleet.preflight(control);
            }
            assertEquals(List.of("a", "b", "nowhere.example.net"),
                readiness.stream().map(FleetShoot.Readiness::host).toList());
            assertTrue(readiness.get(0).ready(), readiness.toString());
            assertTrue(readiness.get(1).ready(), readiness.toString());
            assertFalse(readiness.get(2).ready());
            assertEquals("cannot be reached on the control channel (control-mode unicast): its name does not " +
                "resolve (nowhere.example.net: Name or service not known): add it to host-addresses in l2.yaml",
                readiness.get(2).detail());
            assertEquals(List.of("a", "b"), setup.hosts().stream().map(HostShare::host).toList());
        }
    }

    @Test
    void shouldKeepTheAckedHostShootingWhileTheFireWaitsForAHostThatNeverAnswers() throws IOException
    {
        startResponder();
        final Path config = config("l2.yaml", portA, portB, "");
        startDaemon("a", config);
        final Daemon b = startDaemon("b", config);
        final L2Config l2 = ConfigLoader.load(config);
        try (ShootSetup setup = ShootSetup.resolve(ShootId.next(Instant.now()), l2,
            ConfigLoader.loadPlan(plan("schedule: \"const(1000,2s)\""), l2), null))
        {
            final List<String> hosts = setup.hosts().stream().map(HostShare::host).toList();
            // the default lead, 3 s: as long as the lease, so a host that acked must get leases while b is awaited
            final FleetShoot fleet = new FleetShoot(setup, "test-runner");
            final StringWriter human = new StringWriter();
            final List<HostResult> results;
            try (FleetControl control = FleetControl.start(tmp, ControlChannels.of(l2.daemon()).runner(hosts),
                l2.daemon().controlStream(), fleet, TestKeys.load(bed.keyFile(), null),
                (line) -> err.write(line + "\n")))
            {
                assertTrue(fleet.preflight(control).stream().allMatch(FleetShoot.Readiness::ready), err.toString());
                b.close();
                results = fleet.shoot(control, new ConsoleShootListener(new PrintWriter(human, true),
                    new PrintWriter(err, true), false, false), () -> false, ShootSink.NONE);
            }

            assertEquals(List.of("a", "b"), results.stream().map(HostResult::host).toList());
            assertEquals(HostResult.OK, results.get(0).status(), human + results.get(0).reason());
            assertEquals(1000L, results.get(0).aggregator().totals().sentCount(), "a shot its whole share: " + human);
            assertEquals(HostResult.UNREACHABLE, results.get(1).status(), human.toString());
            assertEquals("no answer to the fire by 500 ms after the start instant", results.get(1).reason());
            assertTrue(human.toString().contains("l2: b does not shoot: no answer to the fire"), human.toString());
        }
    }

    private int fire(final Path config, final Path plan, final String... more)
    {
        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final List<String> args = new ArrayList<>(List.of("--config", config.toString(), "shoot", "fire", "--file",
            plan.toString(), "--output", "json", "--lead", FleetBed.LEAD));
        args.addAll(List.of(more));
        return commandLine.execute(args.toArray(new String[0]));
    }

    private void startResponder() throws IOException
    {
        target = bed.startResponder().address();
    }

    private Daemon startDaemon(final String host, final Path config) throws IOException
    {
        return bed.startDaemon(host, config);
    }

    private Path config(final String name, final int a, final int b, final String moreDatacenters)
        throws IOException
    {
        return Files.writeString(tmp.resolve(name), String.join("\n",
            "l2:",
            "  data-dir: " + tmp.resolve("data"),
            "  results-dir: " + tmp.resolve("results"),
            "  aeron-dir: " + tmp.resolve("aeron-runner"),
            "  control-mode: unicast",
            "  host-addresses:",
            "    a: \"127.0.0.1:" + a + "\"",
            "    b: \"127.0.0.1:" + b + "\"",
            "cluster:",
            "  pair:",
            "    dc1: [a]",
            "    dc2: [b]",
            moreDatacenters + "ammo:",
            "  zone: " + AMMO,
            TestKeys.securityYaml(bed.keyFile())));
    }

    private Path plan(final String rps) throws IOException
    {
        return Files.writeString(tmp.resolve("plan.yaml"), String.join("\n",
            "target: \"127.0.0.1:" + (null == target ? 53 : target.getPort()) + "\"",
            "ammo: zone",
            "set: pair",
            rps,
            "instances: 10",
            "timeout: 1s",
            ""));
    }

    /**
     * A port P such that P and P + 1 were both free on loopback a moment ago, and neither is one of {@code taken}
     * nor next to one.
     */
    private static int freePortPair(final int... taken)
    {
        while (true)
        {
            try (DatagramSocket first = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
            {
                final int port = first.getLocalPort();
                boolean clash = port >= 65534;
                for (final int other : taken)
                {
                    clash |= Math.abs(port - other) <= 1;
                }
                if (clash)
                {
                    continue;
                }
                try (DatagramSocket second = new DatagramSocket(port + 1, InetAddress.getLoopbackAddress()))
                {
                    return port;
                }
            }
            catch (final IOException ex)
            {
                // P + 1 is taken: try another P
            }
        }
    }

}
