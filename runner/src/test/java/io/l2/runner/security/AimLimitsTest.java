/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.config.Security;
import io.l2.config.ShootPlan;
import io.l2.runner.base.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The aim limits against a table of targets (networks v4 and v6, v4-mapped v6, ports, host names resolved by a fake
 * resolver) and of ceilings exactly at and one above, each refusal one line.
 */
class AimLimitsTest
{
    private static final Path BASE_DIR = Path.of("/etc/l2");
    private static final long SECOND_NS = 1_000_000_000L;

    /** The fake DNS: names to addresses; any other name does not resolve. */
    private static final Map<String, List<String>> DNS = Map.of(
        "ns1.example.net", List.of("192.0.2.53", "2001:db8::53"),
        "ns2.example.net", List.of("198.51.100.2"),
        "localhost", List.of("127.0.0.1"));

    private final List<String> lookups = new ArrayList<>();
    private final AimLimits.Resolver resolver = (name) ->
    {
        lookups.add(name);
        final List<String> addresses = DNS.get(name);
        if (null == addresses)
        {
            throw new UnknownHostException(name + ": Name or service not known");
        }
        final InetAddress[] result = new InetAddress[addresses.size()];
        for (int i = 0; i < result.length; i++)
        {
            result[i] = InetAddress.getByName(addresses.get(i));
        }
        return result;
    };

    static Stream<Arguments> targets()
    {
        return Stream.of(
            // targets, plan's name (null: an address), pinned address, port, allowed
            arguments("[10.0.0.0/8]", null, "10.255.255.254", 53, true),
            arguments("[10.0.0.0/8]", null, "11.0.0.1", 53, false),
            arguments("[10.0.0.0/8]", null, "9.255.255.255", 53, false),
            arguments("[10.0.0.0/8]", null, "::ffff:10.1.2.3", 53, true),
            arguments("[10.0.0.0/8]", null, "::ffff:11.1.2.3", 53, false),
            arguments("[192.0.2.0/25]", null, "192.0.2.127", 53, true),
            arguments("[192.0.2.0/25]", null, "192.0.2.128", 53, false),
            arguments("[127.0.0.2]", null, "127.0.0.2", 53, true),
            arguments("[127.0.0.2]", null, "127.0.0.1", 53, false),
            arguments("[\"[2001:db8::/32]:53\"]", null, "2001:db8:ffff::1", 53, true),
            arguments("[\"[2001:db8::/32]:53\"]", null, "2001:db9::1", 53, false),
            arguments("[\"[2001:db8::/32]:53\"]", null, "2001:db8::1", 5353, false),
            arguments("[\"::1\"]", null, "::1", 53, true),
            arguments("[\"::1\"]", null, "127.0.0.1", 53, false),
            arguments("[10.0.0.0/8]", null, "::a00:1", 53, false),
            arguments("[\"10.0.0.0/8:53\"]", null, "10.0.0.1", 53, true),
            arguments("[\"10.0.0.0/8:53\"]", null, "10.0.0.1", 54, false),
            arguments("[\"10.0.0.0/8:53\", \"10.0.0.1:5353\"]", null, "10.0.0.1", 5353, true),
            arguments("[\"10.0.0.0/8:53\", \"10.0.0.1:5353\"]", null, "10.0.0.2", 5353, false),
            arguments("[ns1.example.net]", "ns1.example.net", "192.0.2.53", 53, true),
            arguments("[ns1.example.net]", "NS1.Example.NET.", "2001:db8::53", 5353, true),
            arguments("[ns1.example.net]", "ns1.example.net", "192.0.2.54", 53, false),
            arguments("[ns1.example.net]", null, "192.0.2.53", 53, false),
            arguments("[ns1.example.net]", "ns2.example.net", "198.51.100.2", 53, false),
            arguments("[ns1.example.net]", "ns1.example.net", "::ffff:192.0.2.53", 53, true),
            arguments("[\"ns1.example.net:53\"]", "ns1.example.net", "192.0.2.53", 53, true),
            arguments("[\"ns1.example.net:53\"]", "ns1.example.net", "192.0.2.53", 5353, false),
            arguments("[gone.example.net]", "gone.example.net", "192.0.2.53", 53, false),
            arguments("[ns1.example.net, 198.51.100.0/24]", "ns2.example.net", "198.51.100.2", 53, true),
            arguments("[]", null, "203.0.113.9", 53, true),
            arguments("[]", "anything.example.org", "203.0.113.9", 53, true));
    }

    @ParameterizedTest(name = "{0}: {1} {2} port {3} -> {4}")
    @MethodSource("targets")
    void shouldAllowOnlyListedTargetsWhenTargetsAreSet(
        final String targets, final String name, final String pinned, final int port, final boolean allowed)
        throws Exception
    {
        final AimLimits limits = new AimLimits(security(targets.equals("[]") ? "" : "  targets: " + targets), resolver);

        final List<String> refusals = limits.refusals(aim(name, pinned, port));

        assertEquals(allowed, refusals.isEmpty(), String.valueOf(refusals));
        for (final String refusal : refusals)
        {
            assertEquals(1, refusal.lines().count(), refusal);
            assertTrue(refusal.startsWith("target "), refusal);
            assertTrue(refusal.contains(" is outside security.targets (/etc/l2/l2.yaml:"), refusal);
        }
    }

    @Test
    void shouldNameTheAddressAndTheListWhenOutside() throws Exception
    {
        final AimLimits limits = new AimLimits(security("  targets: [10.0.0.0/8, \"ns1.example.net:53\"]"),
            resolver);

        assertEquals("target 192.0.2.7:53 is outside security.targets (/etc/l2/l2.yaml:4:13: 10.0.0.0/8, " +
            "ns1.example.net:53)", limits.refusal(aim(null, "192.0.2.7", 53)));
        assertEquals("target [2001:db8:0:0:0:0:0:7]:53 is outside security.targets (/etc/l2/l2.yaml:4:13: " +
            "10.0.0.0/8, ns1.example.net:53)", limits.refusal(aim(null, "2001:db8::7", 53)));
        assertNull(limits.refusal(aim(null, "10.0.0.1", 53)));
    }

    @Test
    void shouldSayWhyWhenTheNameResolvesElsewhereOrNotAtAll() throws Exception
    {
        final AimLimits limits = new AimLimits(security("  targets: [ns1.example.net, gone.example.net, " +
            "\"10.0.0.0/8:53\"]"), resolver);

        assertEquals("target ns1.example.net:53 (1.2.3.4) is outside security.targets (/etc/l2/l2.yaml:4:13: " +
            "ns1.example.net, gone.example.net, 10.0.0.0/8:53): ns1.example.net resolves here to 192.0.2.53, " +
            "2001:db8:0:0:0:0:0:53, not to 1.2.3.4", limits.refusal(aim("ns1.example.net", "1.2.3.4", 53)));
        assertEquals("target gone.example.net:53 (192.0.2.53) is outside security.targets (/etc/l2/l2.yaml:4:13: " +
            "ns1.example.net, gone.example.net, 10.0.0.0/8:53): gone.example.net does not resolve here " +
            "(gone.example.net: Name or service not known), so its addresses cannot be checked",
            limits.refusal(aim("gone.example.net", "192.0.2.53", 53)));
        assertEquals("target 10.0.0.1:5353 is outside security.targets (/etc/l2/l2.yaml:4:13: ns1.example.net, " +
            "gone.example.net, 10.0.0.0/8:53): port 5353 is not the one allowed",
            limits.refusal(aim(null, "10.0.0.1", 5353)));
    }

    @Test
    void shouldResolveNoNameWhenANetworkRuleAllowsOrNoRuleNamesIt() throws Exception
    {
        final AimLimits limits = new AimLimits(security("  targets: [ns1.example.net, 10.0.0.0/8]"), resolver);

        assertNull(limits.refusal(aim("ns9.example.net", "10.0.0.9", 53)));
        assertTrue(null != limits.refusal(aim("ns9.example.net", "192.0.2.53", 53)));
        assertEquals(List.of(), lookups, "only a name a rule names is looked up");

        assertNull(limits.refusal(aim("ns1.example.net", "192.0.2.53", 53)));
        assertEquals(List.of("ns1.example.net"), lookups);
    }

    @Test
    void shouldRefuseTheShareOneAboveMaxRpsPerHostAndAllowItExactlyAt() throws Exception
    {
        final AimLimits limits = new AimLimits(security("  max-rps-per-host: 100000"), resolver);

        assertNull(limits.refusal(aim(plan("const(100000,10s)", false, 10), 1)));
        assertEquals("each host's share peaks at 100001 rps, above security.max-rps-per-host 100000 " +
            "(/etc/l2/l2.yaml:3:3)", limits.refusal(aim(plan("const(100001,10s)", false, 10), 1)));
        assertNull(limits.refusal(aim(plan("line(1,300000,10s)", false, 10), 3)));
        assertEquals("each host's share peaks at 100001 rps (the plan's 300001 rps over 3 hosts), above " +
            "security.max-rps-per-host 100000 (/etc/l2/l2.yaml:3:3)",
            limits.refusal(aim(plan("line(300001,1,10s)", false, 10), 3)));
        assertEquals("each host's share peaks at 100001 rps (per-host: every host shoots the whole profile), above " +
            "security.max-rps-per-host 100000 (/etc/l2/l2.yaml:3:3)",
            limits.refusal(aim(plan("const(100001,10s)", true, 10), 3)));
        assertNull(limits.refusal(aim(plan("step(1000,100000,1000,1s) const(5,1s)", false, 10), 1)));
        assertEquals("each host's share peaks at 120000 rps (the plan's 240000 rps over 2 hosts), above " +
            "security.max-rps-per-host 100000 (/etc/l2/l2.yaml:3:3)",
            limits.refusal(aim(plan("const(1000,1s) step(240000,1000,10000,1s)", false, 10), 2)));
        final ShootPlan plan = plan("const(120000,1s)", false, 10);
        assertEquals("this host's share peaks at 120000 rps, above security.max-rps-per-host 100000 " +
            "(/etc/l2/l2.yaml:3:3)", limits.refusal(Aim.of(plan, null, address("127.0.0.1", 53), 1, true)));
    }

    @Test
    void shouldRefuseOneWorkerAboveMaxWorkersPerHostAndAllowExactlyAt() throws Exception
    {
        final AimLimits limits = new AimLimits(security("  max-workers-per-host: 32"), resolver);

        assertNull(limits.refusal(aim(plan("const(10,1s)", false, 32), 4)));
        assertEquals("each host's share runs 33 workers (instances), above security.max-workers-per-host 32 " +
            "(/etc/l2/l2.yaml:3:3)", limits.refusal(aim(plan("const(10,1s)", false, 33), 4)));
    }

    @Test
    void shouldRefuseAProfileLongerThanMaxDurationAndAllowExactlyIt() throws Exception
    {
        final AimLimits limits = new AimLimits(security("  max-duration: 1h"), resolver);

        assertNull(limits.refusal(aim(plan("const(10,30m) line(10,20,30m)", false, 1), 1)));
        assertEquals("the profile lasts 1h1ms, above security.max-duration 1h (/etc/l2/l2.yaml:3:3)",
            limits.refusal(aim(plan("const(10,30m) line(10,20,1800.001s)", false, 1), 1)));
        assertEquals("the profile lasts 1h3s, above security.max-duration 1h (/etc/l2/l2.yaml:3:3)",
            limits.refusal(aim(plan("const(10,1h) step(1,3,1,1s)", false, 1), 1)),
            "a step's duration is each level's");
    }

    @Test
    void shouldGiveEveryRefusalOnOneLineAndThrowInputExceptionWhenChecked() throws Exception
    {
        final AimLimits limits = new AimLimits(security(String.join("\n",
            "  targets: [127.0.0.2/32]",
            "  max-rps-per-host: 10",
            "  max-workers-per-host: 1",
            "  max-duration: 1s")), resolver);
        final Aim aim = aim(plan("const(11,2s)", false, 2), 1);

        assertEquals(4, limits.refusals(aim).size(), String.valueOf(limits.refusals(aim)));
        final InputException refused = assertThrows(InputException.class, () -> limits.check(aim));
        assertEquals(String.join("; ", limits.refusals(aim)), refused.getMessage());
        assertEquals(1, refused.getMessage().lines().count());
        limits.check(Aim.of(plan("const(10,1s)", false, 1), null, address("127.0.0.2", 53), 1, false));
    }

    @Test
    void shouldTellAddressesFromNamesWithoutALookup()
    {
        assertTrue(Aim.isAddressLiteral("192.0.2.255"));
        assertTrue(Aim.isAddressLiteral("2001:db8::1"));
        assertTrue(Aim.isAddressLiteral("::ffff:10.0.0.1"));
        assertTrue(!Aim.isAddressLiteral("192.0.2.256"));
        assertTrue(!Aim.isAddressLiteral("1.2.3.4.example.net"));
        assertTrue(!Aim.isAddressLiteral("ns1.example.net"));
        assertTrue(!Aim.isAddressLiteral("localhost"));
    }

    @Test
    void shouldAllowAnythingWithoutASecuritySection() throws Exception
    {
        final AimLimits limits = new AimLimits(Security.NONE, resolver);

        assertNull(limits.refusal(aim(plan("const(100000000,24h)", true, 65536), 1000)));
        assertEquals(List.of(), lookups);
    }

    private static Security security(final String keys)
    {
        return config(keys).security();
    }

    private static L2Config config(final String keys)
    {
        return ConfigLoader.parse("/etc/l2/l2.yaml", String.join("\n",
            "cluster: {load: {dc1: [h1, h2, h3]}}",
            "security:",
            "  api-read-open: true",
            keys,
            ""), BASE_DIR);
    }

    private static ShootPlan plan(final String schedule, final boolean perHost, final int instances)
    {
        return ConfigLoader.parsePlan("plan.yaml", String.join("\n",
            "target: 127.0.0.1",
            "ammo: /nonexistent/ammo.txt",
            "schedule: \"" + schedule + "\"",
            "per-host: " + perHost,
            "instances: " + instances,
            ""), BASE_DIR, config(""));
    }

    private static Aim aim(final String name, final String pinned, final int port) throws UnknownHostException
    {
        return new Aim(name, address(pinned, port), 1, 1, false, 1, SECOND_NS, false);
    }

    private static Aim aim(final ShootPlan plan, final int hostCount) throws UnknownHostException
    {
        return Aim.of(plan, null, address("127.0.0.1", 53), hostCount, false);
    }

    private static InetSocketAddress address(final String literal, final int port) throws UnknownHostException
    {
        return new InetSocketAddress(InetAddress.getByName(literal), port);
    }
}
