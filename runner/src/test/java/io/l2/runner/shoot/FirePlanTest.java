/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import io.l2.config.ConfigException;
import io.l2.config.ConfigLoader;
import io.l2.config.DaemonSettings;
import io.l2.config.L2Config;
import io.l2.config.ShootPlan;
import io.l2.engine.shoot.CpuList;
import io.l2.engine.shoot.IoMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plan fired to a daemon reads back, against the daemon's l2.yaml, as the plan the runner resolved, its target the
 * address the runner pinned (a name is only a claim beside it, and a fired name is refused); shoot ids survive their
 * trip through a long.
 */
class FirePlanTest
{
    @TempDir
    private Path tmp;

    @Test
    void shouldReadBackThePlanWhenFiredAndDecodedWithTheSameConfig() throws Exception
    {
        final Path ammo = Files.writeString(tmp.resolve("q.txt"), "a.example. A\nb.example. AAAA\n");
        final L2Config config = ConfigLoader.parse("l2.yaml", String.join("\n",
            "cluster:",
            "  load:",
            "    dc1: [h1, h2]",
            "    dc2: [h3]",
            "ammo:",
            "  q: " + ammo,
            ""), tmp);
        final ShootPlan plan = ConfigLoader.parsePlan("plan.yaml", String.join("\n",
            "description: \"quotes \\\" and \\\\ and tab\\t, unicode é\"",
            "target: \"127.0.0.1:5353\"",
            "ammo: q",
            "schedule: \"line(1,1000,1.5s) const(700,250ms) step(10,40,10,3s)\"",
            "per-host: false",
            "instances: 33",
            "mode: sync",
            "timeout: 1500ms",
            "late: discard",
            "edns: {udp-size: 4096, do: true}",
            ""), tmp, config);

        try (ShootSetup setup = ShootSetup.resolve(ShootId.next(Instant.now()), config, plan, null))
        {
            final byte[] fired = FirePlan.encode(setup);
            final ShootPlan back = FirePlan.decode(fired, config);

            assertEquals(plan.description(), back.description(), new String(fired, StandardCharsets.UTF_8));
            assertEquals("127.0.0.1", back.target().host());
            assertEquals(5353, back.target().port());
            assertEquals(plan.ammo().file(), back.ammo().file());
            assertEquals(plan.rps().size(), back.rps().size());
            for (int i = 0; i < plan.rps().size(); i++)
            {
                assertEquals(plan.rps().get(i).kind(), back.rps().get(i).kind());
                assertEquals(plan.rps().get(i).from(), back.rps().get(i).from());
                assertEquals(plan.rps().get(i).to(), back.rps().get(i).to());
                assertEquals(plan.rps().get(i).step(), back.rps().get(i).step());
                assertEquals(plan.rps().get(i).durationNs(), back.rps().get(i).durationNs());
            }
            assertEquals(plan.perHost(), back.perHost());
            assertEquals(plan.instances(), back.instances());
            assertEquals(plan.mode(), back.mode());
            assertEquals(plan.timeoutNs(), back.timeoutNs());
            assertEquals(plan.late(), back.late());
            assertEquals(plan.edns(), back.edns());
            assertEquals(plan.set(), back.set());

            try (ShootSetup share = ShootSetup.resolveShare(setup.shootId(), config, back, "h2", 1, 3))
            {
                assertEquals(setup.hosts().get(1).profile().totalCount(), share.hosts().get(0).profile().totalCount());
                assertEquals(setup.hosts().get(1).ammoOffset(), share.hosts().get(0).ammoOffset());
                assertEquals("dc1", share.hosts().get(0).datacenter());
            }
        }
    }

    @Test
    void shouldCarryQueriesPerConnectionToTheDaemonsAndSayItInTheDryRunText() throws Exception
    {
        final Path ammo = Files.writeString(tmp.resolve("q.txt"), "a.example. A\n");
        final L2Config config = ConfigLoader.parse("l2.yaml", String.join("\n",
            "cluster:",
            "  load:",
            "    dc1: [h1, h2]",
            "ammo:",
            "  q: " + ammo,
            ""), tmp);
        final ShootPlan plan = ConfigLoader.parsePlan("plan.yaml", String.join("\n",
            "target: \"127.0.0.1:5353\"",
            "ammo: q",
            "schedule: \"const(10,1s)\"",
            "transport: {protocol: tcp, connections: 2, queries-per-connection: 50}",
            ""), tmp, config);

        try (ShootSetup setup = ShootSetup.resolve(ShootId.next(Instant.now()), config, plan, null))
        {
            final byte[] fired = FirePlan.encode(setup);
            final ShootPlan back = FirePlan.decode(fired, config);
            assertEquals(plan.transport(), back.transport(), new String(fired, StandardCharsets.UTF_8));
            assertEquals(50, back.transport().queriesPerConnection());
        }
        assertEquals("tcp, 2 connections per host, pipelined, a new connection every 50 queries",
            TransportText.describe(plan.transport(), plan.target()));
        assertEquals(50L, TransportText.json(plan.transport()).get("queries_per_connection"));
    }

    @Test
    void shouldRefuseInOneLineWhenTheDaemonLacksTheAmmo() throws Exception
    {
        final L2Config daemon = ConfigLoader.parse("l2.yaml", "cluster:\n  load:\n    dc1: [h1]\n", tmp);
        final byte[] fired = "target: \"127.0.0.1:53\"\nammo: q\nrps: {type: const, from: 5, duration: 1s}\n"
            .getBytes(StandardCharsets.UTF_8);

        final ConfigException ex = assertThrows(ConfigException.class, () -> FirePlan.decode(fired, daemon));

        assertTrue(ex.getMessage().startsWith(FirePlan.SOURCE_NAME + ":2:7: unknown ammo 'q'"), ex.getMessage());
        assertEquals(1, ex.getMessage().lines().count());
    }

    @Test
    void shouldPinTheRunnersAddressAndCarryTheNameOnlyAsAClaimWhenTheTargetIsAName() throws Exception
    {
        final Path ammo = Files.writeString(tmp.resolve("q.txt"), "a.example. A\n");
        final L2Config config = ConfigLoader.parse("l2.yaml", "cluster:\n  load:\n    dc1: [h1, h2]\nammo:\n" +
            "  q: " + ammo + "\n", tmp);
        final ShootPlan plan = ConfigLoader.parsePlan("plan.yaml",
            "target: \"LocalHost:5353\"\nammo: q\nschedule: \"const(10,1s)\"\n", tmp, config);

        try (ShootSetup setup = ShootSetup.resolve(ShootId.next(Instant.now()), config, plan, null))
        {
            final byte[] fired = FirePlan.encode(setup);
            final String text = new String(fired, StandardCharsets.UTF_8);

            assertTrue(text.contains("\n# target-name: LocalHost\n"), text);
            assertTrue(text.contains("\ntarget: \"127.0.0.1:5353\"\n"), "the address, not the name: " + text);
            assertEquals("LocalHost", FirePlan.targetName(fired));
            final ShootPlan back = FirePlan.decode(fired, config);
            assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5353), FirePlan.pinnedTarget(back));
            try (ShootSetup share = ShootSetup.resolveShare(setup.shootId(), config, back, "h1", 0, 2))
            {
                assertEquals(setup.target(), share.target());
            }
        }
        final byte[] literal = "# shoot x\ntarget: \"[::1]:53\"\n# target-name: evil.example\nammo: q\n"
            .getBytes(StandardCharsets.UTF_8);
        assertNull(FirePlan.targetName(literal), "only a comment before the first key is the claim");
        assertThrows(IllegalArgumentException.class,
            () -> FirePlan.targetName("# target-name: a b\ntarget: x\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRefuseAFiredTargetThatIsANameSoNoDaemonResolvesItAgain() throws Exception
    {
        final Path ammo = Files.writeString(tmp.resolve("q.txt"), "a.example. A\n");
        final L2Config daemon = ConfigLoader.parse("l2.yaml", "cluster:\n  load:\n    dc1: [h1]\nammo:\n" +
            "  q: " + ammo + "\n", tmp);
        final byte[] fired = "target: \"localhost:53\"\nammo: q\nrps: {type: const, from: 5, duration: 1s}\n"
            .getBytes(StandardCharsets.UTF_8);

        final ConfigException ex = assertThrows(ConfigException.class, () -> FirePlan.decode(fired, daemon));

        assertEquals(FirePlan.SOURCE_NAME + ":1:9: the fired target localhost:53 is not an address: a runner sends " +
            "the address it resolved, pinned for the whole shoot, and this host does not resolve it again",
            ex.getMessage());
    }

    @Test
    void shouldKeepTheShootIdWhenCarriedAsALong()
    {
        for (int i = 0; i < 1000; i++)
        {
            final String id = ShootId.next(Instant.ofEpochSecond(i * 7_919_993L));
            assertEquals(id, ShootId.fromLong(ShootId.toLong(id)));
        }
        assertEquals("20261125-193142-00abcd", ShootId.fromLong(ShootId.toLong("20261125-193142-00abcd")));
        assertThrows(IllegalArgumentException.class, () -> ShootId.toLong("20261325-193142-00abcd"));
        assertThrows(IllegalArgumentException.class, () -> ShootId.toLong("20261125-193142-00ABCD"));
        assertThrows(IllegalArgumentException.class, () -> ShootId.toLong("x"));
        assertThrows(IllegalArgumentException.class, () -> ShootId.fromLong(-1));
        assertThrows(IllegalArgumentException.class, () -> ShootId.fromLong(Long.MAX_VALUE));
    }

    @Test
    void shouldCarryThreadsIdleAndWarmupToEveryHostWhenFired() throws Exception
    {
        final Path ammo = Files.writeString(tmp.resolve("q.txt"), "a.example. A\n");
        final L2Config config = ConfigLoader.parse("l2.yaml", "cluster: {load: {dc1: [h1, h2]}}\nammo: {q: " + ammo +
            "}\n", tmp);
        final ShootPlan plan = ConfigLoader.parsePlan(
            "plan.yaml", "target: \"127.0.0.1:5353\"\nammo: q\nschedule: \"const(10,1s)\"\n", tmp, config);
        try (ShootSetup setup = ShootSetup.resolve(ShootId.next(Instant.now()), config, plan, null))
        {
            final FireOptions options = new FireOptions(4, "backoff", false);
            final byte[] fired = FirePlan.encode(setup, options);

            assertEquals(options, FirePlan.options(fired), new String(fired, StandardCharsets.UTF_8));
            assertEquals(FireOptions.DEFAULT, FirePlan.options(FirePlan.encode(setup)));
            assertEquals(plan.instances(), FirePlan.decode(fired, config).instances(), "still a plan");
            final ShootOptions onDedicated = FireOptions.DEFAULT.shootOptions(true, 1 << 20);
            assertEquals(new ShootOptions(1, "spin", 1 << 20, true), onDedicated);
            assertEquals("backoff", options.shootOptions(true, 1 << 20).idleStrategy(), "the fire's choice wins");

            final FireOptions batched = new FireOptions(2, null, true, IoMode.NIO, 12);
            final FireOptions carried = FirePlan.options(FirePlan.encode(setup, batched));
            assertEquals(batched, carried, "io and sockets travel with the fire");
            assertEquals(new ShootOptions(2, "deadline", 1 << 20, true, IoMode.NIO, 12, null),
                carried.shootOptions(false, 1 << 20));
            assertEquals("io nio, sockets 12", carried.shootOptions(false, 0).describeIo());

            final FireOptions pinned = new FireOptions(2, null, true, IoMode.NIO, 0, CpuList.parse("3,1-2"));
            final byte[] pinnedFire = FirePlan.encode(setup, pinned);
            assertTrue(new String(pinnedFire, StandardCharsets.UTF_8).contains("\n# cpus: 1-3\n"));
            assertEquals(pinned, FirePlan.options(pinnedFire), "the CPUs travel with the fire");
            assertEquals("io nio, sockets auto, cpus 1-3",
                FirePlan.options(pinnedFire).shootOptions(false, 0).describeIo());
            final DaemonSettings pinningHost = new DaemonSettings(DaemonSettings.DEFAULT_SOCKET_PATH, 9883,
                tmp, tmp, tmp, true, tmp, DaemonSettings.DEFAULT_CONTROL_CHANNEL, 1,
                DaemonSettings.DEFAULT_CONTROL_MODE, DaemonSettings.DEFAULT_CONTROL_PORT, Map.of(), null, null, "0");
            assertEquals(CpuList.parse("1-3"), pinned.shootOptions(pinningHost, 0).cpus(), "the fire's CPUs win");
            assertEquals(CpuList.parse("0"), batched.shootOptions(pinningHost, 0).cpus(), "else the host's own");
            assertEquals("spin", batched.shootOptions(pinningHost, 0).idleStrategy(), "dedicated: spin");
            assertEquals(null, batched.shootOptions(config.daemon(), 0).cpus(), "else not pinned");
        }
    }

    @Test
    void shouldRefuseBadShooterLinesInOneLineWhenAFireCarriesThem()
    {
        final String plan = "target: \"127.0.0.1:53\"\n";
        for (final String[] row : new String[][]
        {
            {"# threads: 0\n", "threads 0: expected 1..1024"},
            {"# threads: 5000\n", "threads 5000: expected 1..1024"},
            {"# threads: many\n", "the fire's threads line holds no number: many"},
            {"# idle: dance\n", "idle "},
            {"# warmup: maybe\n", "the fire's warmup line must be true or false"},
            {"# io: uring\n", "unknown io 'uring' (known: auto, nio, mmsg)"},
            {"# sockets: lots\n", "the fire's sockets line holds no number: lots"},
            {"# sockets: 5000\n", "sockets 5000: expected 1..4096"},
            {"# cpus: 0-x\n", "the fire's cpus line: 'x' in '0-x' is not a CPU number 0..1023"},
            {"# cpus: \n", "the fire's cpus line: expected CPU numbers and ranges"},
        })
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> FirePlan.options((row[0] + plan).getBytes(StandardCharsets.UTF_8)), row[0]);
            assertTrue(ex.getMessage().startsWith(row[1]), ex.getMessage());
            assertTrue(!ex.getMessage().contains("\n"), ex.getMessage());
        }
        assertEquals(FireOptions.DEFAULT,
            FirePlan.options(("description: x\n# threads: 9\n" + plan).getBytes(StandardCharsets.UTF_8)),
            "only the comment lines before the first key count");
    }
}
