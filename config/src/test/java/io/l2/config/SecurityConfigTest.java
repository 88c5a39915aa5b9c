/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.l2.config.Fixtures.BASE_DIR;
import static io.l2.config.Fixtures.assertError;
import static io.l2.config.Fixtures.configError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SecurityConfigTest
{
    @Test
    void shouldDefaultToNoKeyNoTokenAnyTargetWhenSectionAbsent()
    {
        final L2Config config = ConfigLoader.parse("l2.yaml", "l2: {l2-port: 9883}\n", BASE_DIR);

        assertSame(Security.NONE, config.security());
        assertFalse(config.security().hasClusterKey());
        assertFalse(config.security().restrictsTargets());
        assertTrue(config.security().apiReadOpen());
        assertNull(config.daemon().apiBind());
        assertNull(config.daemon().socketGroup());
    }

    @Test
    void shouldReadEveryKey() throws Exception
    {
        final String yaml = String.join("\n",
            "l2: {l2-bind: \"[::1]\", l2-socket-group: l2}",
            "security:",
            "  cluster-key-file: keys/cluster.key",
            "  previous-cluster-key-file: /etc/l2/keys/old.key",
            "  replay-window: 5s",
            "  api-token-file: api.token",
            "  api-read-open: false",
            "  targets: [10.0.0.0/8, \"10.1.2.3:5353\", \"[2001:db8::/32]:53\", \"::1\", NS1.Example.NET., " +
                "ns2.example.net:53]",
            "  max-rps-per-host: 200000",
            "  max-workers-per-host: 8",
            "  max-duration: 1h",
            "");
        final L2Config config = ConfigLoader.parse("l2.yaml", yaml, BASE_DIR);
        final Security security = config.security();

        assertEquals("::1", config.daemon().apiBind());
        assertEquals("l2", config.daemon().socketGroup());
        assertEquals(Path.of("/etc/l2/keys/cluster.key"), security.clusterKeyFile());
        assertEquals(Path.of("/etc/l2/keys/old.key"), security.previousClusterKeyFile());
        assertEquals(5_000_000_000L, security.replayWindowNs());
        assertEquals(Path.of("/etc/l2/api.token"), security.apiTokenFile());
        assertFalse(security.apiReadOpen());
        assertEquals(200_000, security.maxRpsPerHost());
        assertEquals(8, security.maxWorkersPerHost());
        assertEquals(3_600_000_000_000L, security.maxDurationNs());
        assertEquals(new Position("l2.yaml", 3, 3), security.position());

        final List<TargetRule> rules = security.targets();
        assertEquals(6, rules.size());
        assertTrue(rules.get(0).containsAddress(InetAddress.getByName("10.255.0.1")));
        assertTrue(rules.get(0).containsAddress(InetAddress.getByName("::ffff:10.0.0.1")));
        assertFalse(rules.get(0).containsAddress(InetAddress.getByName("11.0.0.1")));
        assertTrue(rules.get(0).allowsPort(53) && rules.get(0).allowsPort(5353));
        assertTrue(rules.get(1).containsAddress(InetAddress.getByName("10.1.2.3")));
        assertFalse(rules.get(1).containsAddress(InetAddress.getByName("10.1.2.4")));
        assertTrue(rules.get(1).allowsPort(5353));
        assertFalse(rules.get(1).allowsPort(53));
        assertTrue(rules.get(2).containsAddress(InetAddress.getByName("2001:db8:ffff::1")));
        assertFalse(rules.get(2).containsAddress(InetAddress.getByName("2001:db9::1")));
        assertFalse(rules.get(2).containsAddress(InetAddress.getByName("10.0.0.1")));
        assertEquals(53, rules.get(2).port());
        assertTrue(rules.get(3).containsAddress(InetAddress.getByName("::1")));
        assertTrue(rules.get(4).isHostName());
        assertTrue(rules.get(4).namesHost("ns1.example.net"));
        assertTrue(rules.get(4).namesHost("NS1.EXAMPLE.NET."));
        assertFalse(rules.get(4).containsAddress(InetAddress.getByName("10.0.0.1")));
        assertEquals("ns2.example.net", rules.get(5).hostName());
        assertEquals(53, rules.get(5).port());
    }

    static Stream<Arguments> badSecurity()
    {
        return Stream.of(
            arguments("security: [a]", "l2.yaml:1:11", "security: expected a map"),
            arguments("security: {cluster-key: x}", "l2.yaml:1:12", "unknown key 'cluster-key'"),
            arguments("security: {previous-cluster-key-file: a}", "l2.yaml:1:12", "needs cluster-key-file"),
            arguments("security: {cluster-key-file: a, previous-cluster-key-file: a}", "l2.yaml:1:60", "same file"),
            arguments("security: {replay-window: 10ms}", "l2.yaml:1:27", "replay-window must be 1s..1h"),
            arguments("security: {replay-window: 2h}", "l2.yaml:1:27", "replay-window must be 1s..1h"),
            arguments("security: {api-read-open: maybe}", "l2.yaml:1:27", "api-read-open"),
            arguments("security: {targets: 10.0.0.0/8}", "l2.yaml:1:21", "a list of networks"),
            arguments("security: {targets: []}", "l2.yaml:1:21", "targets is empty"),
            arguments("security: {targets: [10.0.0.1/8]}", "l2.yaml:1:22", "did you mean 10.0.0.0/8"),
            arguments("security: {targets: [10.0.0.0/33]}", "l2.yaml:1:22", "must be 0..32"),
            arguments("security: {targets: [\"10.0.0.0/8:0\"]}", "l2.yaml:1:22", "must be 1..65535"),
            arguments("security: {targets: [\"10.0.0:53\"]}", "l2.yaml:1:22", "neither a network nor a host name"),
            arguments("security: {targets: [ns1.example.net/24]}", "l2.yaml:1:22", "neither a network"),
            arguments("security: {targets: [\"[2001:db8::/32\"]}", "l2.yaml:1:22", "is not NETWORK"),
            arguments("security: {targets: [\"fe80::1%eth0\"]}", "l2.yaml:1:22", "must not have a zone"),
            arguments("security: {targets: [\"bad_name!\"]}", "l2.yaml:1:22", "neither a network"),
            arguments("security: {max-rps-per-host: 0}", "l2.yaml:1:30", "max-rps-per-host"),
            arguments("security: {max-workers-per-host: 5000}", "l2.yaml:1:34", "max-workers-per-host"),
            arguments("security: {max-duration: 10ms}", "l2.yaml:1:26", "max-duration must be at least 1s"),
            arguments("l2: {l2-bind: localhost}", "l2.yaml:1:15", "l2-bind must be a literal IP address"),
            arguments("l2: {l2-socket-group: \"a b\"}", "l2.yaml:1:23", "l2-socket-group must be a group name"),
            arguments("l2: {shooter-cpus: \"3-1\"}", "l2.yaml:1:20", "shooter-cpus must be a CPU list such as 0, " +
                "2-5 or 0,2,4-7 (CPUs 0..1023), got '3-1'"),
            arguments("l2: {shooter-cpus: 1024}", "l2.yaml:1:20", "(CPUs 0..1023), got '1024'"),
            arguments("l2: {shooter-cpus: \"0,,1\"}", "l2.yaml:1:20", "got '0,,1'"),
            arguments("l2: {shooter-cpus: [0, 1]}", "l2.yaml:1:20", "got a sequence"),
            arguments("l2: {shooter-cpus: }", "l2.yaml:1:19", "got ''"));
    }

    @ParameterizedTest
    @MethodSource("badSecurity")
    void shouldRefuseBadSecurityInOneLineAtItsPosition(
        final String yaml, final String expectedPosition, final String expectedReason)
    {
        assertError(configError(yaml + "\n"), expectedPosition, expectedReason);
    }
}
