package io.l2.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.l2.config.Fixtures.BASE_DIR;
import static io.l2.config.Fixtures.assertError;
import static io.l2.config.Fixtures.planError;
import static io.l2.config.Fixtures.seedConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ShootPlanTest
{
    private static final String MINIMAL = "target: ns1.example.net\nammo: ns-cache\n";

    private static ShootPlan plan(final String yaml)
    {
        return ConfigLoader.parsePlan("plan.yaml", yaml, BASE_DIR, seedConfig());
    }

    @Test
    void shouldLoadSeedPlanUnchanged()
    {
        final Path file = Fixtures.resourcePath("seed-plan.yaml");
        final ShootPlan plan = ConfigLoader.loadPlan(file, seedConfig());
        final String name = file.toString();

        assertEquals(file, plan.source());
        assertEquals("unbound:1.9.0/threads:54", plan.description());
        assertEquals(new Target("alpha-05i.lxd.tt.yandex.net", 53, new Position(name, 11, 11)), plan.target());
        assertEquals(new AmmoRef("ns-cache", Path.of("/etc/l2/ammo/ns-cache.txt"), true, new Position(name, 15, 9)),
            plan.ammo());
        assertEquals(List.of(new RpsSegment(RpsKind.LINE, 5000, 50000, 0, 30_000_000_000L, new Position(name, 19, 5))),
            plan.rps());
        assertEquals(100, plan.instances());
        assertEquals(Mode.SYNC, plan.mode());
        assertEquals(2_000_000_000L, plan.timeoutNs());
        assertEquals("ns+load", plan.set());
        assertEquals(new Position(name, 7, 3), plan.setPosition());
        assertFalse(plan.perHost());
        assertEquals(LatePolicy.SEND, plan.late());
        assertEquals(Edns.OFF, plan.edns());
        assertEquals(30_000_000_000L, plan.totalDurationNs());
    }

    @Test
    void shouldLoadSeedPlanNestedUnderShoot()
    {
        final String seed = Fixtures.resourceText("seed-plan.yaml").replace("#shoot:", "shoot:");
        final ShootPlan nested = ConfigLoader.parsePlan("plan.yaml", seed, BASE_DIR, seedConfig());
        final ShootPlan flat = ConfigLoader.parsePlan(
            "plan.yaml", Fixtures.resourceText("seed-plan.yaml"), BASE_DIR, seedConfig());

        assertEquals(flat, nested);
    }

    @Test
    void shouldApplyDefaults()
    {
        final ShootPlan plan = plan(MINIMAL + "rps: {type: const, from: 1000, duration: 10s}\n");

        assertEquals("", plan.description());
        assertEquals(ShootPlan.DEFAULT_INSTANCES, plan.instances());
        assertEquals(Mode.ASYNC, plan.mode());
        assertEquals(ShootPlan.DEFAULT_TIMEOUT_NS, plan.timeoutNs());
        assertEquals("ns+load", plan.set());
        assertEquals(new Position("plan.yaml", 1, 1), plan.setPosition());
        assertFalse(plan.perHost());
        assertEquals(LatePolicy.SEND, plan.late());
        assertEquals(Edns.OFF, plan.edns());
        assertEquals(List.of(RpsSegment.constant(1000, 10_000_000_000L, new Position("plan.yaml", 3, 6))), plan.rps());
    }

    @Test
    void shouldReadEveryKey()
    {
        final ShootPlan plan = plan(String.join("\n",
            "shoot:",
            "  description: nightly",
            "  target: \"[2001:db8::53]:5353\"",
            "  ammo: ./queries/top.txt.gz",
            "  rps:",
            "    - {type: line, from: 0, to: 1000, duration: 1m30s}",
            "    - {type: const, from: 1000, to: 1000, duration: 500ms}",
            "    - {type: step, from: 1000, to: 100, step: 300, duration: 10s}",
            "  instances: 65536",
            "  mode: ASYNC",
            "  timeout: 1.5s",
            "  set: ns+load",
            "  per-host: true",
            "  late: discard",
            "  edns: {udp-size: 4096, do: true}",
            ""));

        assertEquals("nightly", plan.description());
        assertEquals("2001:db8::53", plan.target().host());
        assertEquals(5353, plan.target().port());
        assertEquals("[2001:db8::53]:5353", plan.target().authority());
        assertEquals(new AmmoRef("./queries/top.txt.gz", Path.of("/etc/l2/queries/top.txt.gz"), false,
            new Position("plan.yaml", 4, 9)), plan.ammo());
        assertEquals(3, plan.rps().size());
        assertEquals(new RpsSegment(RpsKind.LINE, 0, 1000, 0, 90_000_000_000L, new Position("plan.yaml", 6, 7)),
            plan.rps().get(0));
        assertEquals(RpsKind.CONST, plan.rps().get(1).kind());
        assertEquals(500_000_000L, plan.rps().get(1).durationNs());
        final RpsSegment step = plan.rps().get(2);
        assertEquals(new RpsSegment(RpsKind.STEP, 1000, 100, 300, 10_000_000_000L, new Position("plan.yaml", 8, 7)),
            step);
        assertEquals(4, step.levelCount());
        assertEquals(40_000_000_000L, step.totalDurationNs());
        assertEquals(90_000_000_000L + 500_000_000L + 40_000_000_000L, plan.totalDurationNs());
        assertEquals(65536, plan.instances());
        assertEquals(Mode.ASYNC, plan.mode());
        assertEquals(1_500_000_000L, plan.timeoutNs());
        assertEquals("ns+load", plan.set());
        assertEquals(new Position("plan.yaml", 12, 8), plan.setPosition());
        assertTrue(plan.perHost());
        assertEquals(LatePolicy.DISCARD, plan.late());
        assertEquals(new Edns(true, 4096, true), plan.edns());
    }

    static Stream<Arguments> targets()
    {
        return Stream.of(
            arguments("ns1.example.net", "ns1.example.net", 53),
            arguments("ns1.example.net.:5300", "ns1.example.net.", 5300),
            arguments("127.0.0.1", "127.0.0.1", 53),
            arguments("127.0.0.1:5353", "127.0.0.1", 5353),
            arguments("\"::1\"", "::1", 53),
            arguments("\"2001:db8::1\"", "2001:db8::1", 53),
            arguments("\"[::1]:5353\"", "::1", 5353),
            arguments("\"[::ffff:192.0.2.1]\"", "::ffff:192.0.2.1", 53),
            arguments("\"fe80::1%eth0\"", "fe80::1%eth0", 53),
            arguments("localhost", "localhost", 53));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void shouldReadTarget(final String written, final String expectedHost, final int expectedPort)
    {
        final ShootPlan plan = plan("target: " + written + "\nammo: ns-cache\nschedule: const(1,1s)\n");

        assertEquals(expectedHost, plan.target().host());
        assertEquals(expectedPort, plan.target().port());
        assertEquals(new Position("plan.yaml", 1, 9), plan.target().position());
    }

    @Test
    void shouldReadEdnsShortForms()
    {
        final String base = MINIMAL + "schedule: const(1,1s)\n";
        assertEquals(Edns.ON, plan(base + "edns: true\n").edns());
        assertEquals(new Edns(true, 1232, false), plan(base + "edns: true\n").edns());
        assertEquals(Edns.OFF, plan(base + "edns: false\n").edns());
        assertEquals(new Edns(true, 1232, true), plan(base + "edns: {do: true}\n").edns());
    }

    @Test
    void shouldReadTransportAsAProtocolOrAMapAndDefaultToUdp()
    {
        final String base = MINIMAL + "schedule: const(1,1s)\n";
        assertEquals(TransportSettings.UDP, plan(base).transport());
        assertEquals(TransportSettings.UDP, plan(base + "transport: udp\n").transport());
        assertEquals(new TransportSettings(TransportSettings.Protocol.TCP, 0, true, null, null, false),
            plan(base + "transport: TCP\n").transport());
        assertEquals(new TransportSettings(TransportSettings.Protocol.TCP, 8, false, null, null, false),
            plan(base + "transport: {protocol: tcp, connections: 8, pipeline: false}\n").transport());
        assertEquals(new TransportSettings(TransportSettings.Protocol.DOT, 0, true, null, null, true, null, false,
            100), plan(base + "transport: {protocol: dot, insecure: true, queries-per-connection: 100}\n").transport());
        assertEquals(0, plan(base + "transport: {protocol: tcp, queries-per-connection: 0}\n").transport()
            .queriesPerConnection(), "0: no limit, as absent");
    }

    @Test
    void shouldReadDnsOverTlsWithItsOwnDefaultPortAndServerName()
    {
        final String base = "ammo: ns-cache\nschedule: const(1,1s)\n";
        final ShootPlan byName = plan(base + "target: dot.example.net\ntransport: dot\n");
        assertEquals(853, byName.target().port(), "DNS over TLS listens on 853 unless the target says");
        assertEquals("dot.example.net", byName.transport().serverNameFor(byName.target()));
        assertEquals(8853, plan(base + "target: dot.example.net:8853\ntransport: dot\n").target().port());
        assertEquals(53, plan(base + "target: dot.example.net\ntransport: tcp\n").target().port());

        final ShootPlan byAddress = plan(base + "target: 192.0.2.1\n" +
            "transport: {protocol: dot, server-name: dns.example.net, ca-file: ca.pem}\n");
        assertEquals("dns.example.net", byAddress.transport().serverNameFor(byAddress.target()));
        assertEquals(BASE_DIR.resolve("ca.pem"), byAddress.transport().caFile());
        assertTrue(plan(base + "target: 192.0.2.1\ntransport: {protocol: dot, insecure: true}\n").transport()
            .insecure());
    }

    @Test
    void shouldReadDnsOverHttpsWithItsDefaultPortPathAndMethod()
    {
        final String base = "ammo: ns-cache\nschedule: const(1,1s)\n";
        final ShootPlan plain = plan(base + "target: doh.example.net\ntransport: doh\n");
        assertEquals(443, plain.target().port(), "DNS over HTTPS listens on 443 unless the target says");
        assertEquals(new TransportSettings(TransportSettings.Protocol.DOH, 0, true, null, null, false,
            "/dns-query", false, 0), plain.transport());
        assertEquals("doh.example.net", plain.transport().serverNameFor(plain.target()));

        final ShootPlan get = plan(base + "target: 192.0.2.1:8443\n" +
            "transport: {protocol: doh, method: get, path: /resolve?ct=1, server-name: dns.example.net, " +
            "connections: 4}\n");
        assertEquals(8443, get.target().port());
        assertEquals(new TransportSettings(TransportSettings.Protocol.DOH, 4, true, "dns.example.net", null, false,
            "/resolve?ct=1", true, 0), get.transport());
    }

    @Test
    void shouldResolveAmmoNameBeforePathAndPathAgainstPlanDirectory()
    {
        final String tail = "\nschedule: const(1,1s)\ntarget: ns1.example.net\n";
        final ShootPlan named = plan("ammo: ns64-cache" + tail);
        assertTrue(named.ammo().named());
        assertEquals(Path.of("/srv/ammo/ns64-cache.txt.gz"), named.ammo().file());

        final ShootPlan byName = ConfigLoader.parsePlan("p.yaml", "ammo: queries.ammo" + tail, Path.of("/home/u/plans"),
            seedConfig());
        assertFalse(byName.ammo().named());
        assertEquals(Path.of("/home/u/plans/queries.ammo"), byName.ammo().file());
        assertEquals("queries.ammo", byName.ammo().written());
    }

    @Test
    void shouldDefaultToLocalSetWhenConfigHasNoCluster()
    {
        final L2Config noCluster = ConfigLoader.parse("l2.yaml", "ammo: {a: a.txt}\n", BASE_DIR);
        final ShootPlan plan = ConfigLoader.parsePlan("plan.yaml", "target: h1\nammo: a\nschedule: const(1,1s)\n",
            BASE_DIR, noCluster);
        assertEquals("local", plan.set());

        final ShootPlan onEmbedded = ConfigLoader.parsePlan("plan.yaml",
            "target: h1\nammo: /a.txt\nschedule: const(1,1s)\n", BASE_DIR, ConfigLoader.embeddedDefault("me"));
        assertEquals("local", onEmbedded.set());

        final ConfigException ex = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
            () -> ConfigLoader.parsePlan("plan.yaml", "target: h1\nammo: a\nschedule: const(1,1s)\nset: x\n",
            BASE_DIR, noCluster));
        assertError(ex, "plan.yaml:4:6", "unknown set 'x' (known: none; l2.yaml has no cluster section)");
    }

    static Stream<Arguments> mistakes()
    {
        final String head = MINIMAL;
        return Stream.of(
            arguments("negative from (the brief's example)",
                "target: ns1.example.net\nammo: ns-cache\nrps:\n  type: line\n  duration: 30s\n  to: 5\n  from: -5\n",
                "plan.yaml:7:9", "rps.from must be a positive integer or 0, got -5"),
            arguments("negative const rate", head + "rps: {type: const, from: -5, duration: 1s}\n", "plan.yaml:3:26",
                "rps.from must be a positive integer, got -5"),
            arguments("zero const rate", head + "rps: {type: const, from: 0, duration: 1s}\n", "plan.yaml:3:26",
                "rps.from must be a positive integer, got 0"),
            arguments("fractional rate", head + "rps: {type: const, from: 1.5, duration: 1s}\n", "plan.yaml:3:26",
                "rps.from must be an integer, got 1.5"),
            arguments("rate too large", head + "rps: {type: const, from: 99999999999, duration: 1s}\n",
                "plan.yaml:3:26", "rps.from is too large (at most 1000000000 queries per second)"),
            arguments("duration without unit", head + "rps:\n  type: const\n  from: 5\n  duration: 30\n",
                "plan.yaml:6:13", "rps.duration needs a unit (e.g. 30s), got 30"),
            arguments("zero duration", head + "rps: {type: const, from: 5, duration: 0s}\n", "plan.yaml:3:39",
                "rps.duration must be positive, got 0s"),
            arguments("missing duration", head + "rps: {type: const, from: 5}\n", "plan.yaml:3:6",
                "rps.duration is required for type const"),
            arguments("missing type", head + "rps: {from: 5, duration: 1s}\n", "plan.yaml:3:6",
                "rps.type is required (line, const or step)"),
            arguments("unknown type", head + "rps: {type: ramp, from: 5, duration: 1s}\n", "plan.yaml:3:13",
                "rps.type must be line, const or step, got 'ramp'"),
            arguments("const with to different from from", head +
                "rps: {type: const, from: 5, to: 6, duration: 1s}\n", "plan.yaml:3:33",
                "rps.to must equal rps.from for type const (or be left out), got 6"),
            arguments("const with step", head + "rps: {type: const, from: 5, step: 1, duration: 1s}\n",
                "plan.yaml:3:35", "rps.step is only for type step"),
            arguments("step without step", head + "rps: {type: step, from: 5, to: 50, duration: 1s}\n",
                "plan.yaml:3:6", "rps.step is required for type step"),
            arguments("step with zero step", head + "rps: {type: step, from: 5, to: 50, step: 0, duration: 1s}\n",
                "plan.yaml:3:42", "rps.step must be a positive integer, got 0"),
            arguments("line with both zero", head + "rps: {type: line, from: 0, to: 0, duration: 1s}\n",
                "plan.yaml:3:25", "rps.from and rps.to are both 0"),
            arguments("line without to", head + "rps: {type: line, from: 1, duration: 1s}\n", "plan.yaml:3:6",
                "rps.to is required for type line"),
            arguments("unknown key in segment", head + "rps: {type: line, form: 1, to: 2, duration: 1s}\n",
                "plan.yaml:3:19", "unknown key 'form' in rps; did you mean 'from'?"),
            arguments("error in second segment of a list", head +
                "rps:\n  - {type: const, from: 5, duration: 1s}\n  - {type: const, from: x, duration: 1s}\n",
                "plan.yaml:5:25", "rps[1].from must be an integer, got x"),
            arguments("empty rps list", head + "rps: []\n", "plan.yaml:3:6", "rps is an empty list"),
            arguments("rps as grammar string", head + "rps: line(1,2,3s)\n", "plan.yaml:3:6",
                "for the line(...) grammar use schedule:"),
            arguments("both rps and schedule", head +
                "rps: {type: const, from: 5, duration: 1s}\nschedule: const(5,1s)\n", "plan.yaml:4:1",
                "give either rps or schedule, not both"),
            arguments("neither rps nor schedule", head, "plan.yaml:1:1", "an rps profile is required"),
            arguments("unknown ammo", "target: h1\nammo: ns-cahce\nschedule: const(1,1s)\n", "plan.yaml:2:7",
                "unknown ammo 'ns-cahce' (known: ns-cache, ns64-cache); did you mean 'ns-cache'?"),
            arguments("unknown set", head + "schedule: const(1,1s)\nset: ns+lod\n", "plan.yaml:4:6",
                "unknown set 'ns+lod' (known: ns+load); did you mean 'ns+load'?"),
            arguments("unknown key with suggestion", head + "schedule: const(1,1s)\ninstanses: 5\n", "plan.yaml:4:1",
                "unknown key 'instanses' in the plan; did you mean 'instances'? (allowed: description, target, " +
                "ammo, rps, schedule, instances, mode, timeout, set, per-host, late, edns, autostop, transport)"),
            arguments("missing target", "ammo: ns-cache\nschedule: const(1,1s)\n", "plan.yaml:1:1",
                "target is required"),
            arguments("missing ammo", "target: h1\nschedule: const(1,1s)\n", "plan.yaml:1:1", "ammo is required"),
            arguments("target port out of range", "target: h1:65536\nammo: ns-cache\nschedule: const(1,1s)\n",
                "plan.yaml:1:9", "target port must be 1..65535, got '65536'"),
            arguments("target port zero", "target: h1:0\nammo: ns-cache\nschedule: const(1,1s)\n",
                "plan.yaml:1:9", "target port must be 1..65535, got '0'"),
            arguments("target empty port", "target: \"h1:\"\nammo: ns-cache\nschedule: const(1,1s)\n",
                "plan.yaml:1:9", "target port must be 1..65535, got ''"),
            arguments("target no host", "target: \":53\"\nammo: ns-cache\nschedule: const(1,1s)\n",
                "plan.yaml:1:9", "has no host"),
            arguments("target bad name", "target: \"ns_1..example\"\nammo: ns-cache\nschedule: const(1,1s)\n",
                "plan.yaml:1:9", "target host 'ns_1..example' is not a valid host name or address"),
            arguments("target bad IPv4", "target: 192.0.2.300\nammo: ns-cache\nschedule: const(1,1s)\n",
                "plan.yaml:1:9", "target host '192.0.2.300' is not a valid IPv4 address"),
            arguments("target bad IPv6", "target: \"2001:db8:::1\"\nammo: ns-cache\nschedule: const(1,1s)\n",
                "plan.yaml:1:9", "is not a valid IPv6 address"),
            arguments("target unclosed bracket", "target: \"[::1:53\"\nammo: ns-cache\nschedule: const(1,1s)\n",
                "plan.yaml:1:9", "has '[' without ']'"),
            arguments("target a list", "target: [h1]\nammo: ns-cache\nschedule: const(1,1s)\n",
                "plan.yaml:1:9", "target: expected host[:port], got a list"),
            arguments("instances zero", head + "schedule: const(1,1s)\ninstances: 0\n", "plan.yaml:4:12",
                "instances must be 1..65536, got 0"),
            arguments("bad mode", head + "schedule: const(1,1s)\nmode: fast\n", "plan.yaml:4:7",
                "mode must be sync or async, got 'fast'"),
            arguments("bad late", head + "schedule: const(1,1s)\nlate: drop\n", "plan.yaml:4:7",
                "late must be send or discard, got 'drop'"),
            arguments("timeout without unit", head + "schedule: const(1,1s)\ntimeout: 2\n", "plan.yaml:4:10",
                "timeout needs a unit (e.g. 30s), got 2"),
            arguments("per-host yes", head + "schedule: const(1,1s)\nper-host: yes\n", "plan.yaml:4:11",
                "per-host must be true or false, got 'yes'"),
            arguments("edns bad", head + "schedule: const(1,1s)\nedns: 4096\n", "plan.yaml:4:7",
                "edns must be true, false or a map {udp-size: 1232, do: true}, got '4096'"),
            arguments("edns small udp size", head + "schedule: const(1,1s)\nedns: {udp-size: 100}\n",
                "plan.yaml:4:18", "edns.udp-size must be 512..65535, got 100"),
            arguments("transport unknown", head + "schedule: const(1,1s)\ntransport: quic\n", "plan.yaml:4:12",
                "transport must be udp, tcp, dot or doh, got 'quic'"),
            arguments("transport map without protocol", head + "schedule: const(1,1s)\ntransport: {connections: 2}\n",
                "plan.yaml:4:12", "transport needs protocol (udp, tcp, dot or doh)"),
            arguments("transport zero connections", head + "schedule: const(1,1s)\n" +
                "transport: {protocol: tcp, connections: 0}\n", "plan.yaml:4:41",
                "transport.connections must be 1..4096, got 0"),
            arguments("transport udp with connections", head + "schedule: const(1,1s)\n" +
                "transport: {protocol: udp, connections: 2}\n", "plan.yaml:4:23",
                "transport.connections and transport.pipeline are for tcp, dot and doh, not udp"),
            arguments("transport unknown key", head + "schedule: const(1,1s)\n" +
                "transport: {protocol: tcp, pipelined: false}\n", "plan.yaml:4:28",
                "unknown key 'pipelined' in transport; did you mean 'pipeline'?"),
            arguments("transport pipeline not a bool", head + "schedule: const(1,1s)\n" +
                "transport: {protocol: tcp, pipeline: 1}\n", "plan.yaml:4:38",
                "transport.pipeline must be true or false, got '1'"),
            arguments("transport queries-per-connection negative", head + "schedule: const(1,1s)\n" +
                "transport: {protocol: tcp, queries-per-connection: -1}\n", "plan.yaml:4:52",
                "transport.queries-per-connection must be 0..1000000000, got -1"),
            arguments("transport queries-per-connection not a number", head + "schedule: const(1,1s)\n" +
                "transport: {protocol: dot, queries-per-connection: many}\n", "plan.yaml:4:52",
                "transport.queries-per-connection must be an integer, got many"),
            arguments("transport udp with queries-per-connection", head + "schedule: const(1,1s)\n" +
                "transport: {protocol: udp, queries-per-connection: 10}\n", "plan.yaml:4:28",
                "transport.queries-per-connection is for tcp, dot and doh, not udp"),
            arguments("dot to an address without a name", "target: 192.0.2.1\nammo: ns-cache\n" +
                "schedule: const(1,1s)\ntransport: dot\n", "plan.yaml:4:12",
                "transport dot checks the server's certificate for a name, and the target '192.0.2.1' is an address"),
            arguments("dot insecure with a CA file", head + "schedule: const(1,1s)\n" +
                "transport: {protocol: dot, ca-file: ca.pem, insecure: true}\n", "plan.yaml:4:55",
                "transport.insecure: true verifies nothing, so ca-file would be ignored"),
            arguments("server-name on tcp", head + "schedule: const(1,1s)\n" +
                "transport: {protocol: tcp, server-name: a.example}\n", "plan.yaml:4:28",
                "transport.server-name is for dot and doh, not tcp"),
            arguments("path on dot", head + "schedule: const(1,1s)\n" +
                "transport: {protocol: dot, path: /q}\n", "plan.yaml:4:28", "transport.path is for doh, not dot"),
            arguments("doh path without its slash", head + "schedule: const(1,1s)\n" +
                "transport: {protocol: doh, path: dns-query}\n", "plan.yaml:4:34",
                "transport.path 'dns-query' must start with '/'"),
            arguments("doh method unknown", head + "schedule: const(1,1s)\n" +
                "transport: {protocol: doh, method: PUT}\n", "plan.yaml:4:36",
                "transport.method must be GET or POST, got 'PUT'"),
            arguments("doh to an address without a name", "target: 192.0.2.1\nammo: ns-cache\n" +
                "schedule: const(1,1s)\ntransport: doh\n", "plan.yaml:4:12",
                "transport doh checks the server's certificate for a name"),
            arguments("set with no value", head + "schedule: const(1,1s)\nset:\n", "plan.yaml:4:5",
                "set has no value"),
            arguments("key beside shoot", "shoot:\n  target: h1\nammo: ns-cache\n", "plan.yaml:3:1",
                "key 'ammo' is beside 'shoot'"),
            arguments("empty plan", "# nothing\n", "plan.yaml:1:1", "the plan is empty"),
            arguments("plan is a list", "- target: h1\n", "plan.yaml:1:1", "the plan: expected a map of plan keys"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void shouldReportMistakeAtItsPosition(
        final String name, final String yaml, final String expectedPosition, final String expectedReason)
    {
        assertError(planError(yaml), expectedPosition, expectedReason);
    }

    @Test
    void shouldGiveTheBriefsExactMessageForNegativeStepRate()
    {
        final ConfigException ex = planError(
            "target: h1\nammo: ns-cache\nrps:\n  type: step\n  step: 5\n  to: 5\n  from: -5\n  duration: 1s\n");

        assertEquals("plan.yaml:7:9: rps.from must be a positive integer, got -5", ex.getMessage());
    }
}
