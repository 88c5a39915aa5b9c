package io.l2.config;

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
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ScheduleGrammarTest
{
    private static final String HEAD = "target: ns1.example.net\nammo: ns-cache\n";
    private static final long SECOND_NS = 1_000_000_000L;

    private static List<RpsSegment> schedule(final String line)
    {
        return ConfigLoader.parsePlan("plan.yaml", HEAD + line + "\n", BASE_DIR, seedConfig()).rps();
    }

    @Test
    void shouldParseLineThenConst()
    {
        final List<RpsSegment> rps = schedule("schedule: line(5000,50000,30s) const(50000,1m)");

        assertEquals(List.of(
            new RpsSegment(RpsKind.LINE, 5000, 50000, 0, 30 * SECOND_NS, new Position("plan.yaml", 3, 11)),
            new RpsSegment(RpsKind.CONST, 50000, 50000, 0, 60 * SECOND_NS, new Position("plan.yaml", 3, 32))),
            rps);
    }

    @Test
    void shouldParseStepAsTank()
    {
        final List<RpsSegment> rps = schedule("schedule: \"step(1000, 5000, 1000, 10s)\"");

        assertEquals(List.of(
            new RpsSegment(RpsKind.STEP, 1000, 5000, 1000, 10 * SECOND_NS, new Position("plan.yaml", 3, 12))), rps);
        assertEquals(5, rps.get(0).levelCount());
        assertEquals(50 * SECOND_NS, rps.get(0).totalDurationNs());
    }

    @Test
    void shouldCountLastPartialStepAndDescend()
    {
        final RpsSegment partial = schedule("schedule: step(10,25,10,1s)").get(0);
        assertEquals(3, partial.levelCount());

        final RpsSegment descending = schedule("schedule: step(50,10,20,2s)").get(0);
        assertEquals(50, descending.from());
        assertEquals(10, descending.to());
        assertEquals(3, descending.levelCount());
        assertEquals(6 * SECOND_NS, descending.totalDurationNs());
    }

    @Test
    void shouldParseThreeKindsWithSpacesAndAsList()
    {
        final List<RpsSegment> fromString = schedule(
            "schedule: \"  line(1, 10, 1m30s)   const( 10 ,500ms )\tstep(1,5,2,1h)  \"");
        final List<RpsSegment> fromList = schedule(
            "schedule:\n  - line(1,10,1m30s)\n  - const(10,500ms) step(1,5,2,1h)");

        assertEquals(List.of(RpsKind.LINE, RpsKind.CONST, RpsKind.STEP),
            fromString.stream().map(RpsSegment::kind).toList());
        assertEquals(90 * SECOND_NS, fromString.get(0).durationNs());
        assertEquals(500_000_000L, fromString.get(1).durationNs());
        assertEquals(3600 * SECOND_NS, fromString.get(2).durationNs());
        assertEquals(fromString.stream().map(RpsSegment::durationNs).toList(),
            fromList.stream().map(RpsSegment::durationNs).toList());
        assertEquals(new Position("plan.yaml", 5, 5), fromList.get(1).position());
        assertEquals(new Position("plan.yaml", 5, 21), fromList.get(2).position());
    }

    static Stream<Arguments> mistakes()
    {
        return Stream.of(
            arguments("unknown segment, plain", "schedule: line(1,2,3s) ramp(1,2,3s)", "plan.yaml:3:24",
                "schedule: unknown segment 'ramp' (use line, const or step)"),
            arguments("unknown segment, double-quoted", "schedule: \"line(1,2,3s) ramp(1,2,3s)\"", "plan.yaml:3:25",
                "unknown segment 'ramp'"),
            arguments("unknown segment, single-quoted", "schedule: 'const(1,1s)  ramp(1,2,3s)'", "plan.yaml:3:25",
                "unknown segment 'ramp'"),
            arguments("bad rate argument", "schedule: line(5000,-1,30s)", "plan.yaml:3:21",
                "schedule line(from,to,duration): to must be a positive integer or 0, got -1"),
            arguments("zero const", "schedule: const(0,30s)", "plan.yaml:3:17",
                "schedule const(rate,duration): rate must be a positive integer, got 0"),
            arguments("duration without unit", "schedule: line(1,2,30)", "plan.yaml:3:20",
                "schedule line(from,to,duration): duration needs a unit (e.g. 30s), got 30"),
            arguments("wrong arity", "schedule: const(1,2,3s)", "plan.yaml:3:11",
                "schedule: const(rate,duration) takes 2 arguments, got 3"),
            arguments("step arity", "schedule: step(1,5,1s)", "plan.yaml:3:11",
                "schedule: step(from,to,step,duration) takes 4 arguments, got 3"),
            arguments("step zero step", "schedule: step(1,5,0,1s)", "plan.yaml:3:20",
                "schedule step(from,to,step,duration): step must be a positive integer, got 0"),
            arguments("not closed", "schedule: \"line(1,2,3s) const(1,\"", "plan.yaml:3:25",
                "schedule: 'const'(... is not closed with ')'"),
            arguments("missing parenthesis", "schedule: line 1,2,3s", "plan.yaml:3:16", "expected '(' after 'line'"),
            arguments("missing space between segments", "schedule: const(1,1s)const(2,1s)", "plan.yaml:3:22",
                "expected a space before the next segment"),
            arguments("empty argument", "schedule: line(1,,3s)", "plan.yaml:3:18", "empty argument"),
            arguments("garbage", "schedule: \"(1,2)\"", "plan.yaml:3:12", "expected a segment such as line(...)"),
            arguments("empty schedule", "schedule: \"\"", "plan.yaml:3:12", "schedule is empty"),
            arguments("multi-line scalar points at its start", "schedule: >\n  line(1,2,3s)\n  bad(1)\n",
                "plan.yaml:3:11", "unknown segment 'bad'"),
            arguments("escaped quoted scalar points at its start", "schedule: \"line(1,2,3s)\\t bad(1)\"",
                "plan.yaml:3:11", "unknown segment 'bad'"),
            arguments("schedule as map", "schedule: {line: 1}", "plan.yaml:3:11",
                "schedule: expected a string such as \"line(1000,10000,30s)\", got a map"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void shouldReportGrammarErrorAtColumnInsideScalar(
        final String name, final String line, final String expectedPosition, final String expectedReason)
    {
        assertError(planError(HEAD + line + "\n"), expectedPosition, expectedReason);
    }
}
