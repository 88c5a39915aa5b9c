package io.l2.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.l2.config.Fixtures.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@code schedules:} and the scheduler keys of {@code l2:}: parsed, checked (cron by cron-utils, time zones, names,
 * plan files and inline plans), errors at file:line:column; the effective plan YAML parses to the same plan.
 */
class ScheduleConfigTest
{
    private static final String HEAD = String.join("\n",
        "cluster:",
        "  ns+load:",
        "    man: [h1.example.net, h2.example.net]",
        "  local:",
        "    dc: [localhost]",
        "ammo:",
        "  ns-cache: ammo/ns-cache.txt",
        "");

    private static final String PLAN = String.join("\n",
        "description: nightly",
        "target: old.example.net:5353",
        "ammo: ns-cache",
        "rps: {type: const, from: 100, duration: 10s}",
        "instances: 3",
        "set: ns+load",
        "");

    @TempDir
    Path dir;

    private L2Config load(final String yaml)
    {
        write("l2.yaml", yaml);
        return ConfigLoader.load(dir.resolve("l2.yaml"));
    }

    private void write(final String name, final String text)
    {
        try
        {
            Files.createDirectories(dir.resolve(name).getParent());
            Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private ConfigException error(final String yaml)
    {
        return assertThrows(ConfigException.class, () -> load(yaml));
    }

    @Test
    void shouldReadFileAndInlinePlansWhenSchedulesAreGiven()
    {
        write("plans/nightly.yaml", PLAN);
        final L2Config config = load(HEAD + String.join("\n",
            "l2:",
            "  scheduler: true",
            "  schedule-overlap: wait",
            "schedules:",
            "  - name: nightly",
            "    cron: \"0 3 * * *\"",
            "    timezone: Europe/Moscow",
            "    target: ns01e.example.net",
            "    plan: plans/nightly.yaml",
            "  - name: hourly",
            "    cron: \"*/15 2-3 * * 1-5\"",
            "    target: \"127.0.0.1:5300\"",
            "    plan:",
            "      ammo: q.txt",
            "      schedule: \"const(10,1s)\"",
            "      set: local",
            ""));

        final Schedules schedules = config.schedules();
        assertTrue(schedules.scheduler());
        assertEquals(ScheduleOverlap.WAIT, schedules.overlap());
        assertEquals(2, schedules.entries().size());

        final Schedule nightly = schedules.named("nightly").orElseThrow();
        assertEquals("0 3 * * *", nightly.cron());
        assertEquals(ZoneId.of("Europe/Moscow"), nightly.timezone());
        assertEquals("ns01e.example.net:53", nightly.target().authority());
        assertEquals(nightly.target(), nightly.plan().target());
        assertEquals("ns+load", nightly.set());
        assertEquals(3, nightly.plan().instances());
        assertEquals(dir.resolve("plans/nightly.yaml"), nightly.planFile());
        assertEquals(dir.resolve("plans/nightly.yaml"), nightly.plan().source());
        assertEquals(new Position(dir.resolve("l2.yaml").toString(), 12, 5), nightly.position());

        final Schedule hourly = schedules.named("hourly").orElseThrow();
        assertEquals(ZoneId.of("UTC"), hourly.timezone());
        assertNull(hourly.planFile());
        assertEquals("inline", hourly.planDescription());
        assertEquals("local", hourly.set());
        assertEquals("127.0.0.1:5300", hourly.plan().target().authority());
        assertEquals(dir.resolve("q.txt"), hourly.plan().ammo().file());
        assertFalse(schedules.named("weekly").isPresent());
    }

    @Test
    void shouldParseEffectivePlanYamlToSamePlanWithScheduleTarget()
    {
        write("plans/nightly.yaml", "shoot:\n" + PLAN.replaceAll("(?m)^", "  ").replace("ammo: ns-cache",
            "ammo: ../ammo/q.txt"));
        final L2Config config = load(HEAD + String.join("\n",
            "schedules:",
            "  - name: nightly",
            "    cron: \"0 3 * * *\"",
            "    target: \"[2001:db8::1]:53\"",
            "    plan: plans/nightly.yaml",
            ""));
        final Schedule schedule = config.schedules().entries().get(0);

        assertTrue(schedule.planYaml().startsWith("# schedule 'nightly' ("), schedule.planYaml());
        assertTrue(schedule.planYaml().contains("\ninstances: 3\n"), schedule.planYaml());
        assertTrue(schedule.planYaml().contains("\ntarget: '[2001:db8::1]:53'\n"), schedule.planYaml());
        final ShootPlan reparsed = ConfigLoader.parsePlan(
            "effective.yaml", schedule.planYaml(), Path.of("/somewhere/else"), config);
        final ShootPlan plan = schedule.plan();
        assertEquals("[2001:db8::1]:53", reparsed.target().authority());
        assertEquals(dir.resolve("ammo/q.txt"), reparsed.ammo().file());
        assertEquals(plan.ammo().file(), reparsed.ammo().file());
        assertEquals(plan.description(), reparsed.description());
        assertEquals(plan.rps().size(), reparsed.rps().size());
        assertEquals(plan.rps().get(0).from(), reparsed.rps().get(0).from());
        assertEquals(plan.totalDurationNs(), reparsed.totalDurationNs());
        assertEquals(plan.instances(), reparsed.instances());
        assertEquals(plan.set(), reparsed.set());
        assertEquals(plan.mode(), reparsed.mode());
        assertEquals(plan.timeoutNs(), reparsed.timeoutNs());
    }

    @Test
    void shouldDefaultToNoSchedulerAndSkipWhenNotGiven()
    {
        final L2Config config = load(HEAD + "l2:\n  l2-port: 9883\n");

        assertEquals(Schedules.NONE, config.schedules());
        assertEquals(Schedules.NONE, load(HEAD).schedules());
        assertEquals(Schedules.NONE, load(HEAD + "schedules:\n").schedules());
    }

    static Stream<Arguments> mistakes()
    {
        final String entry = "schedules:\n  - name: a\n    target: t.example.net\n    plan: {ammo: ns-cache, " +
            "schedule: \"const(1,1s)\"}\n";
        return Stream.of(
            arguments("bad cron field", entry + "    cron: \"61 * * * *\"\n", "l2.yaml:12:11",
                "schedule 'a': cron '61 * * * *': Failed to parse cron expression. Value 61 not in range [0, 59]"),
            arguments("six fields", entry + "    cron: \"0 0 * * * *\"\n", "l2.yaml:12:11",
                "Cron expression contains 6 parts but we expect one of [5]"),
            arguments("nickname", entry + "    cron: \"@daily\"\n", "l2.yaml:12:11", "Nicknames not supported!"),
            arguments("unknown timezone", entry + "    cron: \"0 3 * * *\"\n    timezone: Europe/Berln\n",
                "l2.yaml:13:15", "schedule 'a': unknown timezone 'Europe/Berln'; did you mean 'Europe/Berlin'?"),
            arguments("duplicate name", entry + "    cron: \"0 3 * * *\"\n" + entry.substring("schedules:\n".length()) +
                "    cron: \"0 4 * * *\"\n", "l2.yaml:13:11", "schedule name 'a' is used twice (first at 9:11)"),
            arguments("missing cron", entry, "l2.yaml:9:5", "schedule 'a': cron is required"),
            arguments("missing target", "schedules:\n  - {name: b, cron: \"0 3 * * *\", plan: x.yaml}\n",
                "l2.yaml:9:5", "schedule 'b': target is required"),
            arguments("missing plan file", "schedules:\n  - {name: b, cron: \"0 3 * * *\", target: t, plan: x.yaml}\n",
                "l2.yaml:9:51", "schedule 'b': plan file "),
            arguments("bad target", "schedules:\n  - {name: b, cron: \"0 3 * * *\", target: \"t:0\", plan: x.yaml}\n",
                "l2.yaml:9:42", "target port must be 1..65535"),
            arguments("unknown key", "schedules:\n  - {name: b, crn: \"0 3 * * *\"}\n", "l2.yaml:9:15",
                "unknown key 'crn' in a schedule; did you mean 'cron'?"),
            arguments("not a list", "schedules: {name: b}\n", "l2.yaml:8:12",
                "schedules: expected a list of {name, cron, timezone, target, plan}, got a map"),
            arguments("inline plan error", entry.replace("const(1,1s)", "const(1,1)") + "    cron: \"0 3 * * *\"\n",
                "l2.yaml:11:47", "duration needs a unit"),
            arguments("bad overlap", "l2:\n  schedule-overlap: queue\n", "l2.yaml:9:21",
                "schedule-overlap must be skip or wait, got 'queue'"),
            arguments("bad scheduler", "l2:\n  scheduler: sometimes\n", "l2.yaml:9:14",
                "scheduler must be true or false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void shouldReportMistakeAtItsPosition(
        final String name, final String yaml, final String expectedPosition, final String expectedReason)
    {
        final ConfigException ex = error(HEAD + yaml);

        assertError(ex, dir.resolve(expectedPosition).toString(), expectedReason);
    }

    @Test
    void shouldReportPlanFileMistakeAtPlanFilePosition()
    {
        write("bad.yaml", "target: t.example.net\nammo: ns-cache\nrps: {type: const, from: -5, duration: 1s}\n");
        final ConfigException ex = error(HEAD + String.join("\n",
            "schedules:",
            "  - name: bad",
            "    cron: \"0 3 * * *\"",
            "    target: t.example.net",
            "    plan: bad.yaml",
            ""));

        assertEquals(dir.resolve("bad.yaml") + ":3:", ex.position().toString().substring(0,
            ex.position().toString().lastIndexOf(':') + 1), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"));
    }

    @Test
    void shouldCarryAutostopOfFileAndInlinePlansIntoTheEffectivePlan()
    {
        write("plans/nightly.yaml", PLAN + "autostop: [timeouts(5%, 2s), \"quantile(99.9, 20ms, 3s)\"]\n");
        final L2Config config = load(HEAD + String.join("\n",
            "schedules:",
            "  - name: nightly",
            "    cron: \"0 3 * * *\"",
            "    target: ns01e.example.net",
            "    plan: plans/nightly.yaml",
            "  - name: hourly",
            "    cron: \"0 * * * *\"",
            "    target: \"127.0.0.1:5300\"",
            "    plan: {ammo: q.txt, schedule: \"line(10,1000,1m)\", set: local, " +
                "autostop: [\"rcode(SERVFAIL,1%,3s)\"]}",
            ""));

        final Schedule nightly = config.schedules().named("nightly").orElseThrow();
        assertEquals(List.of("timeouts(5%,2s)", "quantile(99.9,20ms,3s)"),
            nightly.plan().autostop().stream().map(AutostopCriterion::text).toList());
        final ShootPlan reparsed = ConfigLoader.parsePlan(
            "effective.yaml", nightly.planYaml(), Path.of("/somewhere/else"), config);
        assertEquals(nightly.plan().autostop().stream().map(AutostopCriterion::text).toList(),
            reparsed.autostop().stream().map(AutostopCriterion::text).toList(), nightly.planYaml());
        final Schedule hourly = config.schedules().named("hourly").orElseThrow();
        assertEquals(List.of("rcode(SERVFAIL,1%,3s)"),
            hourly.plan().autostop().stream().map(AutostopCriterion::text).toList());
        assertEquals(new Position(dir.resolve("l2.yaml").toString(), 16, 79),
            hourly.plan().autostop().get(0).position());
    }

    @Test
    void shouldReportABadCriterionOfAnInlinePlanInL2Yaml()
    {
        final ConfigException ex = error(HEAD + String.join("\n",
            "schedules:",
            "  - name: hourly",
            "    cron: \"0 * * * *\"",
            "    target: \"127.0.0.1:5300\"",
            "    plan: {ammo: q.txt, schedule: \"const(10,1m)\", set: local, autostop: [\"timeouts(5, 2)\"]}",
            ""));

        assertError(ex, dir.resolve("l2.yaml") + ":12:87", "autostop timeouts(LEVEL,N): N needs a unit (e.g. 3s)");
    }

    @Test
    void shouldReportPlanFileWithUnknownSetAtItsOwnPosition()
    {
        write("p.yaml", "ammo: ns-cache\nrps: {type: const, from: 5, duration: 1s}\nset: nope\n");
        final ConfigException ex = error(HEAD + "schedules:\n  - {name: p, cron: \"0 3 * * *\", target: t, " +
            "plan: p.yaml}\n");

        assertError(ex, dir.resolve("p.yaml") + ":3:6", "unknown set 'nope'");
    }

    @Test
    void shouldListSchedulesInOrderWritten()
    {
        final String inline = "{ammo: ns-cache, schedule: \"const(1,1s)\"}";
        final L2Config config = load(HEAD + "schedules:\n" +
            "  - {name: z, cron: \"0 3 * * *\", target: t1, plan: " + inline + "}\n" +
            "  - {name: a, cron: \"0 4 * * *\", timezone: \"+03:00\", target: t2, plan: " + inline + "}\n");

        assertEquals(List.of("z", "a"), config.schedules().entries().stream().map(Schedule::name).toList());
        assertEquals(ZoneOffset.ofHours(3), config.schedules().entries().get(1).timezone());
        assertEquals("ns+load", config.schedules().entries().get(0).set());
    }
}
