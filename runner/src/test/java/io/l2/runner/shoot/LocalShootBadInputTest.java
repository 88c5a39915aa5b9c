/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.l2.runner.base.ExitCode;
import io.l2.runner.daemon.TestChannels;
import io.l2.runner.test.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to a real (not dry-run) {@code l2 shoot fire} exits 2 with one line on stderr, before anything is sent
 * and before anything is written to stdout.
 */
class LocalShootBadInputTest
{
    private static final InetSocketAddress NOWHERE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

    @Test
    void shouldExitTwoWithOneLineNamingFileLineColumnWhenAmmoLineIsBad(@TempDir final Path dir)
    {
        final ShootHarness harness = new ShootHarness(dir, List.of("host0.example.test A", "host1.example.test NOPE"));
        final Path plan = harness.plan("plan.yaml", NOWHERE, "schedule: \"const(10,1s)\"\n");

        final ShootHarness.Run run = harness.fire(plan);

        assertOneLineError(run, dir.resolve("ammo.txt") + ":2:20: ");
    }

    @Test
    void shouldExitTwoWithOneLineWhenTheDnsOverTlsCaFileIsMissingOrNotPem(@TempDir final Path dir) throws IOException
    {
        final ShootHarness harness = new ShootHarness(dir, List.of("host0.example.test A"));
        final Path missing = harness.plan("missing.yaml", NOWHERE, "schedule: \"const(10,1s)\"\n" +
            "transport: {protocol: dot, server-name: dot.example.test, ca-file: nowhere.pem}\n");

        assertOneLineError(harness.fire(missing), "transport.ca-file: no such file: " + dir.resolve("nowhere.pem"));

        java.nio.file.Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        final Path garbage = harness.plan("garbage.yaml", NOWHERE, "schedule: \"const(10,1s)\"\n" +
            "transport: {protocol: dot, server-name: dot.example.test, ca-file: garbage.pem}\n");

        assertOneLineError(harness.fire(garbage), "transport.ca-file: " + dir.resolve("garbage.pem"));
    }

    @Test
    void shouldExitOneWhenSetHasHostsWithoutDaemons(@TempDir final Path dir) throws IOException
    {
        final ShootHarness harness = new ShootHarness(dir, List.of("host0.example.test A"));
        final String config = Files.readString(harness.config(), StandardCharsets.UTF_8)
            .replace("    local:\n", "    local:\n      - \"other-host.example.net\"\n") +
            TestKeys.securityYaml(TestKeys.write(dir, "cluster.key"));
        Files.writeString(harness.config(), config, StandardCharsets.UTF_8);
        final Path plan = harness.plan("plan.yaml", NOWHERE, "schedule: \"const(10,1s)\"\n");

        final ShootHarness.Run run = harness.fire(plan, "--control-channel", TestChannels.uniqueLoopbackMulticast(),
            "--preflight-wait", "300ms");

        assertEquals(ExitCode.FAILED, run.exitCode(), run.out() + "/" + run.err());
        assertTrue(run.err().contains("l2: other-host.example.net not ready: no answer within 300 ms on the " +
            "control channel"), run.err());
        assertTrue(run.err().contains("preflight: 0 of 2 hosts ready"), run.err());
        assertTrue(run.err().contains("nothing was shot: no host is ready (no results folder written)"), run.err());
        assertFalse(run.err().contains("SUMMARY"), run.err());
        assertTrue(run.err().matches("(?s).*other-host.example.net +: ok=0 failed=0 unreachable=1.*"), run.err());
        final Path results = dir.resolve("results");
        assertTrue(!Files.exists(results) || Files.list(results).findAny().isEmpty(), "no results folder");
    }

    @Test
    void shouldExitTwoWithOneLineWhenResponderAskedForNonLoopbackTarget(@TempDir final Path dir)
    {
        final ShootHarness harness = new ShootHarness(dir, List.of("h001.l2.test A"));
        final Path plan = harness.plan(
            "plan.yaml", new InetSocketAddress("192.0.2.1", 53), "schedule: \"const(10,1s)\"\n");
        final Path zone = Path.of("..", "examples", "zone", "l2.test.zone").toAbsolutePath().normalize();

        final ShootHarness.Run run = harness.fire(plan, "--responder", zone.toString());

        assertOneLineError(run, "--responder: the target /192.0.2.1:53 is not a loopback address");
    }

    @Test
    void shouldRefuseResponderOnAFleetSayingWhatToRunInstead(@TempDir final Path dir) throws IOException
    {
        final ShootHarness harness = new ShootHarness(dir, List.of("host0.example.test A"));
        final String config = Files.readString(harness.config(), StandardCharsets.UTF_8)
            .replace("    local:\n", "    local:\n      - \"other-host.example.net\"\n");
        Files.writeString(harness.config(), config, StandardCharsets.UTF_8);
        final Path plan = harness.plan("plan.yaml", NOWHERE, "schedule: \"const(10,1s)\"\n");
        final Path zone = Path.of("..", "examples", "zone", "l2.test.zone").toAbsolutePath().normalize();

        final ShootHarness.Run run = harness.fire(plan, "--responder", zone.toString());

        assertOneLineError(run, "--responder: only for a shoot from this host alone at a loopback target (set " +
            "'local' has 2 hosts): run l2 responder --listen ADDR:PORT --zone " + zone + " on the target's machine, " +
            "then fire without --responder");
    }

    private static void assertOneLineError(final ShootHarness.Run run, final String expected)
    {
        final String message = run.err().trim();
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.out() + "/" + message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("l2: ") && message.contains(expected), message);
        assertEquals("", run.out());
    }
}
