package io.l2.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.l2.config.Fixtures.BASE_DIR;
import static io.l2.config.Fixtures.assertError;
import static io.l2.config.Fixtures.configError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class L2ConfigTest
{
    private static final List<String> SEED_HOSTS = List.of(
        "alpha-26i.lxd.tt.yandex.net",
        "dns-load01i.berry.yandex.net",
        "dns-load02i.berry.yandex.net",
        "dns-load01h.berry.yandex.net",
        "dns-load01v.berry.yandex.net",
        "build-bionic-01v.cdn.yandex.net");

    @Test
    void shouldLoadSeedClusterSnippetUnchanged()
    {
        final Path file = Fixtures.resourcePath("seed-cluster.yaml");
        final L2Config config = ConfigLoader.load(file);

        assertEquals(file, config.source());
        assertEquals(DaemonSettings.DEFAULTS, config.daemon());
        assertEquals(List.of("ns+load"), config.inventory().setNames());
        final ClusterSet set = config.inventory().first();
        assertEquals("ns+load", set.name());
        assertEquals(new Position(file.toString(), 6, 3), set.position());
        assertEquals(List.of("man", "sas", "vla"), set.datacenters().stream().map(Datacenter::name).toList());
        assertEquals(List.of("dns-load01h.berry.yandex.net"), set.datacenters().get(1).hosts());
        assertEquals(new Position(file.toString(), 11, 5), set.datacenters().get(1).position());
        assertEquals(SEED_HOSTS, set.hosts());
        assertTrue(config.ammo().isEmpty());
        assertTrue(config.reserved().isEmpty());
    }

    @Test
    void shouldLoadSeedDaemonSnippetUnchanged()
    {
        final L2Config config = ConfigLoader.load(Fixtures.resourcePath("seed-daemon.yaml"));

        assertEquals("/var/run/l2.socket", config.daemon().socketPath());
        assertEquals(9883, config.daemon().port());
        assertEquals(Path.of("/var/lib/l2"), config.daemon().dataDir());
        assertTrue(config.inventory().isEmpty());
    }

    @Test
    void shouldLoadSeedSnippetsTogether()
    {
        final L2Config config = ConfigLoader.load(Fixtures.resourcePath("seed-l2.yaml"));

        assertEquals(9883, config.daemon().port());
        assertEquals(SEED_HOSTS, config.inventory().set("ns+load").orElseThrow().hosts());
    }

    @Test
    void shouldReadEverySectionWhenAllAreGiven()
    {
        final String yaml = String.join("\n",
            "l2:",
            "  l2-socket: /run/l2/l2.socket",
            "  l2-port: 19883",
            "  data-dir: data",
            "  results-dir: ../results",
            "  log-dir: /tmp/l2-log",
            "  dedicated: true",
            "  aeron-dir: aeron",
            "  control-channel: \"aeron:udp?endpoint=127.0.0.1:40456\"",
            "  control-stream: 2147483647",
            "cluster:",
            "  b-set:",
            "    dc1: [h1.example.net, 192.0.2.1]",
            "  a-set:",
            "    dc2: [\"2001:db8::1\"]",
            "    dc1: [h1.example.net]",
            "ammo:",
            "  zeta: z.txt",
            "  alpha: /abs/alpha.txt",
            "sinks:",
            "  influx: {url: \"http://127.0.0.1:8086\", db: l2, retries: 3, on: ~}",
            "security:",
            "");
        final L2Config config = ConfigLoader.parse("l2.yaml", yaml, Path.of("/etc/l2"));

        assertEquals(Path.of("/etc/l2/l2.yaml"), config.source());
        assertEquals(new DaemonSettings(
            "/run/l2/l2.socket", 19883, Path.of("/etc/l2/data"), Path.of("/etc/results"), Path.of("/tmp/l2-log"),
            true, Path.of("/etc/l2/aeron"), "aeron:udp?endpoint=127.0.0.1:40456", Integer.MAX_VALUE),
            config.daemon());
        assertNull(config.daemon().shooterCpus(), "not pinned unless asked");
        assertEquals("2-5,7", ConfigLoader.parse("l2.yaml", "l2: {shooter-cpus: \"2-5,7\"}\n", Path.of("/etc/l2"))
            .daemon().shooterCpus());
        assertEquals("3", ConfigLoader.parse("l2.yaml", "l2: {shooter-cpus: 3}\n", Path.of("/etc/l2"))
            .daemon().shooterCpus());
        assertEquals(List.of("b-set", "a-set"), config.inventory().setNames());
        assertEquals("b-set", config.inventory().first().name());
        assertEquals(List.of("2001:db8::1", "h1.example.net"), config.inventory().set("a-set").orElseThrow().hosts());
        assertEquals(List.of("zeta", "alpha"), List.copyOf(config.ammo().keySet()));
        assertEquals(Path.of("/etc/l2/z.txt"), config.ammo().get("zeta").file());
        assertEquals(new Position("l2.yaml", 18, 9), config.ammo().get("zeta").position());
        assertEquals(Path.of("/abs/alpha.txt"), config.ammoEntry("alpha").orElseThrow().file());

        assertEquals(List.of("sinks", "security"), List.copyOf(config.reserved().keySet()));
        assertEquals(Schedules.NONE, config.schedules());
        final Map<?, ?> influx = (Map<?, ?>) ((Map<?, ?>) config.reserved().get("sinks")).get("influx");
        assertEquals("3", influx.get("retries"));
        assertTrue(influx.containsKey("on"));
        assertNull(influx.get("on"));
        assertNull(config.reserved().get("security"));
        assertThrows(UnsupportedOperationException.class, () -> config.reserved().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> config.ammo().remove("zeta"));
    }

    @Test
    void shouldReadUnicastControlWithHostAddresses()
    {
        final String yaml = String.join("\n",
            "l2:",
            "  control-mode: unicast",
            "  control-port: 0x4e20",
            "  host-addresses:",
            "    dns-load01i.example.net: 10.0.0.11",
            "    b: \"127.0.0.1:40100\"",
            "    c: \"2001:db8::7\"",
            "    d: \"[::1]:40200\"",
            "");
        final DaemonSettings daemon = ConfigLoader.parse("l2.yaml", yaml, BASE_DIR).daemon();

        assertEquals(ControlMode.UNICAST, daemon.controlMode());
        assertEquals(20000, daemon.controlPort());
        assertEquals(List.of("dns-load01i.example.net", "b", "c", "d"), List.copyOf(daemon.hostAddresses().keySet()));
        final HostAddress first = daemon.hostAddress("DNS-LOAD01I.example.net").orElseThrow();
        assertEquals("10.0.0.11", first.address());
        assertEquals(20000, first.portOr(daemon.controlPort()));
        assertEquals(new Position("l2.yaml", 5, 30), first.position());
        assertEquals(40100, daemon.hostAddress("b").orElseThrow().portOr(daemon.controlPort()));
        assertEquals("[2001:db8::7]", daemon.hostAddress("c").orElseThrow().uriHost());
        assertEquals(0, daemon.hostAddress("c").orElseThrow().port());
        assertEquals("::1", daemon.hostAddress("d").orElseThrow().address());
        assertEquals(40200, daemon.hostAddress("d").orElseThrow().port());
        assertTrue(daemon.hostAddress("e").isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> daemon.hostAddresses().remove("b"));
    }

    @Test
    void shouldDefaultToMulticastControl()
    {
        final DaemonSettings daemon = ConfigLoader.parse("l2.yaml", "l2:\n  l2-port: 1\n", BASE_DIR).daemon();

        assertEquals(ControlMode.MULTICAST, daemon.controlMode());
        assertEquals(9884, daemon.controlPort());
        assertTrue(daemon.hostAddresses().isEmpty());
        assertEquals(ControlMode.MULTICAST, DaemonSettings.DEFAULTS.controlMode());
    }

    @Test
    void shouldUseDefaultsWhenFileIsEmptyOrOnlyComments()
    {
        for (final String yaml : List.of("", "# nothing here\n", "l2:\n", "ammo: {}\n"))
        {
            final L2Config config = ConfigLoader.parse("l2.yaml", yaml, BASE_DIR);
            assertEquals(DaemonSettings.DEFAULTS, config.daemon(), yaml);
            assertTrue(config.inventory().isEmpty(), yaml);
            assertTrue(config.ammo().isEmpty(), yaml);
        }
        final Inventory empty = new Inventory(List.of());
        assertThrows(IllegalStateException.class, empty::first);
    }

    @Test
    void shouldBuildEmbeddedDefaultForLocalHost()
    {
        final L2Config config = ConfigLoader.embeddedDefault("box1.example.net");

        assertNull(config.source());
        assertEquals(Path.of("./l2-data"), config.daemon().dataDir());
        assertEquals(Path.of("./l2-results"), config.daemon().resultsDir());
        assertEquals(DaemonSettings.DEFAULT_LOG_DIR, config.daemon().logDir());
        assertEquals(9883, config.daemon().port());
        assertEquals("/var/run/l2.socket", config.daemon().socketPath());
        assertEquals(List.of("local"), config.inventory().setNames());
        final ClusterSet set = config.inventory().first();
        assertEquals("local", set.datacenters().get(0).name());
        assertEquals(List.of("box1.example.net"), set.hosts());
        assertTrue(config.ammo().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.embeddedDefault(" "));
    }

    static Stream<Arguments> mistakes()
    {
        return Stream.of(
            arguments("unknown top-level key with suggestion", "clustr:\n  a: {dc: [h1]}\n", "l2.yaml:1:1",
                "unknown key 'clustr' in l2.yaml; did you mean 'cluster'? (allowed: l2, cluster, ammo, schedules, " +
                "sinks, security)"),
            arguments("unknown key without suggestion", "l2:\n  colour: red\n", "l2.yaml:2:3",
                "unknown key 'colour' in the l2 section (allowed: l2-socket, l2-port, data-dir, results-dir, " +
                "log-dir, dedicated, shooter-cpus, aeron-dir, control-channel, control-stream, control-mode, " +
                "control-port, host-addresses, l2-bind, l2-socket-group, scheduler, schedule-overlap)"),
            arguments("control mode unknown", "l2:\n  control-mode: broadcast\n", "l2.yaml:2:17",
                "control-mode must be multicast or unicast, got 'broadcast'"),
            arguments("control mode as list", "l2:\n  control-mode: [unicast]\n", "l2.yaml:2:17",
                "control-mode: expected multicast or unicast, got a list"),
            arguments("control port zero", "l2:\n  control-port: 0\n", "l2.yaml:2:17",
                "control-port must be 1..65534, got 0"),
            arguments("control port leaves no answer port", "l2:\n  control-port: 65535\n", "l2.yaml:2:17",
                "control-port must be 1..65534, got 65535"),
            arguments("host addresses as list", "l2:\n  host-addresses: [10.0.0.1]\n", "l2.yaml:2:19",
                "host-addresses: expected a map of host name to IP address"),
            arguments("host address is a name", "l2:\n  host-addresses:\n    a: b.example.net\n", "l2.yaml:3:8",
                "the address of 'a' must be a literal IP address (IPV4, IPV4:PORT, IPV6 or [IPV6]:PORT; names are " +
                "not resolved here), got 'b.example.net'"),
            arguments("host address bad octet", "l2:\n  host-addresses:\n    a: 10.0.0.256\n", "l2.yaml:3:8",
                "must be a literal IP address"),
            arguments("host address port too big", "l2:\n  host-addresses:\n    a: \"10.0.0.1:65535\"\n",
                "l2.yaml:3:8", "the address of 'a': the port must be 1..65534 (the host answers on the next one), " +
                "got '65535'"),
            arguments("host address port not a number", "l2:\n  host-addresses:\n    a: \"10.0.0.1:x\"\n",
                "l2.yaml:3:8", "the port must be 1..65534"),
            arguments("host address v6 without brackets and port", "l2:\n  host-addresses:\n    a: \"[::1]x\"\n",
                "l2.yaml:3:8", "the address of 'a' must be IPV4, IPV4:PORT, IPV6 or [IPV6]:PORT, got '[::1]x'"),
            arguments("host address empty", "l2:\n  host-addresses:\n    a: \"\"\n", "l2.yaml:3:8",
                "the address of 'a' is empty"),
            arguments("host address null", "l2:\n  host-addresses:\n    a:\n", "l2.yaml:3:7",
                "the address of 'a' has no value"),
            arguments("host addresses invalid name", "l2:\n  host-addresses:\n    \"bad host\": 10.0.0.1\n",
                "l2.yaml:3:5", "'bad host' is not a valid host name (in host-addresses)"),
            arguments("host addresses twice", "l2:\n  host-addresses:\n    a: 10.0.0.1\n    A: 10.0.0.2\n",
                "l2.yaml:4:5", "host 'A' is listed twice in host-addresses (first at 3:5)"),
            arguments("host addresses ports one apart", "l2:\n  host-addresses:\n    a: \"127.0.0.1:9884\"\n" +
                "    b: \"127.0.0.1:9885\"\n", "l2.yaml:4:8", "host 'b' has control port 9885 on 127.0.0.1, one " +
                "from 'a''s 9884 (at 3:8): each daemon also answers on its port + 1, so ports on one address must " +
                "be at least two apart (e.g. 9886)"),
            arguments("host address one below control-port", "l2:\n  control-port: 9900\n  host-addresses:\n" +
                "    a: 10.0.0.1\n    b: \"10.0.0.1:9899\"\n", "l2.yaml:5:8",
                "host 'b' has control port 9899 on 10.0.0.1, one from 'a''s 9900 (at 4:8)"),
            arguments("control channel without aeron:", "l2:\n  control-channel: udp://239.1.1.1:1\n", "l2.yaml:2:20",
                "control-channel must start with 'aeron:'"),
            arguments("control channel empty", "l2:\n  control-channel: \" \"\n", "l2.yaml:2:20",
                "control-channel is empty"),
            arguments("control stream zero", "l2:\n  control-stream: 0\n", "l2.yaml:2:19",
                "control-stream must be 1..2147483647, got 0"),
            arguments("control stream too big", "l2:\n  control-stream: 2147483648\n", "l2.yaml:2:19",
                "control-stream must be 1..2147483647, got 2147483648"),
            arguments("aeron dir empty", "l2:\n  aeron-dir: \"\"\n", "l2.yaml:2:14", "aeron-dir is empty"),
            arguments("typo in l2 section", "l2:\n  l2_port: 1\n", "l2.yaml:2:3", "did you mean 'l2-port'?"),
            arguments("port out of range", "l2:\n  l2-port: 70000\n", "l2.yaml:2:12",
                "l2-port must be 1..65535, got 70000"),
            arguments("port zero", "l2:\n  l2-port: 0\n", "l2.yaml:2:12", "l2-port must be 1..65535, got 0"),
            arguments("port not a number", "l2:\n  l2-port: http\n", "l2.yaml:2:12",
                "l2-port must be an integer, got http"),
            arguments("socket path too long", "l2:\n  l2-socket: /" + "s".repeat(107) + "\n", "l2.yaml:2:14",
                "l2-socket is longer than 107 bytes"),
            arguments("l2 section is a list", "l2: [a]\n", "l2.yaml:1:5",
                "l2: expected a map of daemon settings, got a list"),
            arguments("explicitly empty cluster", "cluster:\nammo: {}\n", "l2.yaml:1:9",
                "cluster is empty: define at least one set"),
            arguments("cluster as empty map", "cluster: {}\n", "l2.yaml:1:10", "cluster is empty"),
            arguments("cluster as list", "cluster:\n  - a\n", "l2.yaml:2:3",
                "cluster: expected a map of set name to datacenters"),
            arguments("set without datacenters", "cluster:\n  ns+load:\n", "l2.yaml:2:11",
                "set 'ns+load' has no datacenters"),
            arguments("set as list", "cluster:\n  s:\n    - h1\n", "l2.yaml:3:5",
                "set 's': expected a map of datacenter to a list of host names, got a list"),
            arguments("datacenter without hosts", "cluster:\n  s:\n    man:\n", "l2.yaml:3:9",
                "datacenter 'man' of set 's' has no hosts"),
            arguments("datacenter with empty list", "cluster:\n  s:\n    man: []\n", "l2.yaml:3:10",
                "datacenter 'man' of set 's' has no hosts"),
            arguments("hosts as a map", "cluster:\n  s:\n    man:\n      h1: x\n", "l2.yaml:4:7",
                "datacenter 'man' of set 's': expected a list of host names, got a map"),
            arguments("hosts as a string", "cluster:\n  s:\n    man: h1\n", "l2.yaml:3:10",
                "expected a list of host names, got 'h1'"),
            arguments("duplicate host across datacenters", "cluster:\n  s:\n    man: [h1, h2]\n    sas: [H1]\n",
                "l2.yaml:4:11", "host 'H1' is listed twice in set 's' (first at 3:11)"),
            arguments("invalid host name", "cluster:\n  s:\n    man: [\"bad host\"]\n", "l2.yaml:3:11",
                "'bad host' is not a valid host name or address (in datacenter 'man' of set 's')"),
            arguments("host with a port", "cluster:\n  s:\n    man: [\"h1:9883\"]\n", "l2.yaml:3:11",
                "is not a valid host name or address"),
            arguments("null host", "cluster:\n  s:\n    man: [~]\n", "l2.yaml:3:11", "has no value"),
            arguments("empty ammo path", "ammo:\n  ns-cache: \"\"\n", "l2.yaml:2:13",
                "ammo 'ns-cache' has an empty path"),
            arguments("null ammo path", "ammo:\n  ns-cache:\n", "l2.yaml:2:12", "ammo 'ns-cache' has an empty path"),
            arguments("ammo as list", "ammo: [a.txt]\n", "l2.yaml:1:7",
                "ammo: expected a map of ammo name to file path"),
            arguments("duplicate set", "cluster:\n  s: {a: [h1]}\n  s: {b: [h2]}\n", "l2.yaml:3:3",
                "duplicate key 's' (first at 2:3)"),
            arguments("top level is a list", "- a\n", "l2.yaml:1:1", "l2.yaml: expected a map of sections"),
            arguments("data-dir empty", "l2:\n  data-dir: \"\"\n", "l2.yaml:2:13", "data-dir is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void shouldReportMistakeAtItsPosition(
        final String name, final String yaml, final String expectedPosition, final String expectedReason)
    {
        assertError(configError(yaml), expectedPosition, expectedReason);
    }

    @Test
    void shouldGiveExactMessageForUnknownKey()
    {
        final ConfigException ex = configError("cluster:\n  s: {dc: [h1]}\namo:\n  x: y.txt\n");

        assertEquals("l2.yaml:3:1: unknown key 'amo' in l2.yaml; did you mean 'ammo'? (allowed: l2, cluster, ammo, " +
            "schedules, sinks, security)", ex.getMessage());
    }
}
