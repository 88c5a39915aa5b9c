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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AutostopGrammarTest
{
    private static final String HEAD = "target: ns1.example.net\nammo: ns-cache\nschedule: line(1,10,10s)\n";
    private static final long MS_NS = 1_000_000L;
    private static final long SECOND_NS = 1_000_000_000L;

    private static List<AutostopCriterion> autostop(final String lines)
    {
        return ConfigLoader.parsePlan("plan.yaml", HEAD + lines + "\n", BASE_DIR, seedConfig()).autostop();
    }

    @Test
    void shouldHaveNoCriteriaWhenNotWritten()
    {
        assertEquals(List.of(), ConfigLoader.parsePlan("plan.yaml", HEAD, BASE_DIR, seedConfig()).autostop());
    }

    @Test
    void shouldParseEveryKindFromList()
    {
        final List<AutostopCriterion> criteria = autostop("autostop:\n" +
            "  - quantile(99.9, 50ms, 3s)\n" +
            "  - \"rcode(!NOERROR+NXDOMAIN, 5%, 5s)\"\n" +
            "  - timeouts(5%, 2s)\n" +
            "  - errors(100, 10s)\n" +
            "  - time(800us, 4s)\n" +
            "  - limit(1m30s)\n" +
            "  - lag(20ms, 3s)\n" +
            "  - achieved(95%, 3s)\n" +
            "  - total_rcode(SERVFAIL, 1%, 1m)");

        assertEquals(9, criteria.size());
        final AutostopCriterion quantile = criteria.get(0);
        assertEquals(new AutostopCriterion("quantile(99.9,50ms,3s)", AutostopKind.QUANTILE, false, 99.9, 50 * MS_NS,
            0, false, List.of(), false, 3, new Position("plan.yaml", 5, 5)), quantile);

        final AutostopCriterion rcode = criteria.get(1);
        assertEquals(AutostopKind.RCODE, rcode.kind());
        assertEquals(List.of(0, 3), rcode.rcodes());
        assertTrue(rcode.negated());
        assertTrue(rcode.percent());
        assertEquals(5.0, rcode.level());
        assertEquals(5, rcode.seconds());
        assertTrue(rcode.matches(2));
        assertFalse(rcode.matches(3));
        assertEquals(new Position("plan.yaml", 6, 6), rcode.position());
        assertEquals("rcode(!NOERROR+NXDOMAIN,5%,5s)", rcode.text());

        assertEquals(new AutostopCriterion("timeouts(5%,2s)", AutostopKind.TIMEOUTS, false, 0, 0, 5, true,
            List.of(), false, 2, new Position("plan.yaml", 7, 5)), criteria.get(2));
        assertEquals(100.0, criteria.get(3).level());
        assertFalse(criteria.get(3).percent());
        assertEquals(800_000L, criteria.get(4).limitNs());
        assertEquals(90 * SECOND_NS, criteria.get(5).limitNs());
        assertEquals(0, criteria.get(5).seconds());
        assertEquals(20 * MS_NS, criteria.get(6).limitNs());
        assertTrue(criteria.get(6).kind().generator());
        assertTrue(criteria.get(7).kind().generator());
        assertFalse(criteria.get(2).kind().generator());
        final AutostopCriterion window = criteria.get(8);
        assertTrue(window.window());
        assertEquals(List.of(2), window.rcodes());
        assertEquals(60, window.seconds());
        assertEquals("total_rcode(SERVFAIL,1%,1m)", window.text());
    }

    @Test
    void shouldParseSeveralCriteriaInOneStringWithSpaces()
    {
        final List<AutostopCriterion> criteria = autostop(
            "autostop: \"Quantile( p99 , 20ms,1s)   TIMEOUTS(1,2s)\trcode(servfail+5+rcode23,10,1s)\"");

        assertEquals(List.of(AutostopKind.QUANTILE, AutostopKind.TIMEOUTS, AutostopKind.RCODE),
            criteria.stream().map(AutostopCriterion::kind).toList());
        assertEquals(99.0, criteria.get(0).quantile());
        assertEquals(new Position("plan.yaml", 4, 12), criteria.get(0).position());
        assertEquals(new Position("plan.yaml", 4, 39), criteria.get(1).position());
        assertEquals(List.of(2, 5, 23), criteria.get(2).rcodes());
        assertFalse(criteria.get(2).negated());
        assertEquals("quantile(p99,20ms,1s)", criteria.get(0).text());
    }

    @Test
    void shouldJoinWhatAFlowListSplitAtCommas()
    {
        // YAML reads [timeouts(5%, 2s)] as two items, "timeouts(5%" and "2s)": they are one criterion again
        final List<AutostopCriterion> criteria = autostop("autostop: [timeouts(5%, 2s), quantile(99, 10ms, 3s)]");

        assertEquals(List.of("timeouts(5%,2s)", "quantile(99,10ms,3s)"),
            criteria.stream().map(AutostopCriterion::text).toList());
        assertEquals(new Position("plan.yaml", 4, 12), criteria.get(0).position());
        assertEquals(new Position("plan.yaml", 4, 30), criteria.get(1).position());
    }

    @Test
    void shouldAcceptAnEmptyList()
    {
        assertEquals(List.of(), autostop("autostop: []"));
    }

    static Stream<Arguments> mistakes()
    {
        return Stream.of(
            arguments("unknown criterion", "autostop: [\"timeouts(5%,2s) http(5xx,1%,2s)\"]", "plan.yaml:4:29",
                "autostop[0]: unknown criterion 'http' (use quantile, time, rcode, timeouts, errors, lag, " +
                    "achieved, limit, or total_ before any but limit)"),
            arguments("total_limit", "autostop: [total_limit(1m)]", "plan.yaml:4:12",
                "unknown criterion 'total_limit'"),
            arguments("quantile above 100", "autostop: [quantile(100.1, 5ms, 2s)]", "plan.yaml:4:21",
                "autostop quantile(Q,LIMIT,N): Q must be a percentile above 0 and at most 100 (e.g. 99.9), got 100.1"),
            arguments("quantile 0", "autostop: [quantile(0, 5ms, 2s)]", "plan.yaml:4:21", "Q must be a percentile"),
            arguments("limit without unit", "autostop: [quantile(95, 100, 2s)]", "plan.yaml:4:25",
                "autostop quantile(Q,LIMIT,N): LIMIT needs a unit (e.g. 100ms), got 100"),
            arguments("streak without unit", "autostop: [timeouts(5%, 2)]", "plan.yaml:4:25",
                "autostop timeouts(LEVEL,N): N needs a unit (e.g. 3s), got 2"),
            arguments("streak not whole seconds", "autostop: [timeouts(5%, 1500ms)]", "plan.yaml:4:25",
                "N must be whole seconds, 1s to 60m, got 1500ms"),
            arguments("streak too long", "autostop: [total_timeouts(5%, 2h)]", "plan.yaml:4:31",
                "N must be whole seconds, 1s to 60m, got 2h"),
            arguments("percent above 100", "autostop: [timeouts(101%, 2s)]", "plan.yaml:4:21",
                "autostop timeouts(LEVEL,N): LEVEL must be a share above 0% and at most 100%, got 101%"),
            arguments("zero level", "autostop: [errors(0, 2s)]", "plan.yaml:4:19",
                "LEVEL must be a count of queries (an integer above 0) or a share such as 5%, got 0"),
            arguments("fractional count", "autostop: [errors(1.5, 2s)]", "plan.yaml:4:19", "LEVEL must be a count"),
            arguments("unknown rcode", "autostop: [\"rcode(SERVFAIL+NXDOMIAN, 1%, 3s)\"]", "plan.yaml:4:19",
                "autostop rcode(MASK,LEVEL,N): MASK 'SERVFAIL+NXDOMIAN': unknown rcode 'NXDOMIAN'"),
            arguments("rcode out of range", "autostop: [\"rcode(4096, 1%, 3s)\"]", "plan.yaml:4:19",
                "unknown rcode '4096'"),
            arguments("empty rcode name", "autostop: [\"rcode(!, 1%, 3s)\"]", "plan.yaml:4:19",
                "MASK '!' has an empty name"),
            arguments("wrong arity", "autostop: [timeouts(5%, 2s, 3s)]", "plan.yaml:4:12",
                "autostop: timeouts(LEVEL,N) takes 2 arguments, got 3"),
            arguments("limit arity", "autostop: [limit()]", "plan.yaml:4:18", "empty argument in limit(T)"),
            arguments("not closed", "autostop: [\"timeouts(5%, 2s\"]", "plan.yaml:4:13",
                "autostop[0]: 'timeouts'(... is not closed with ')'"),
            arguments("missing parenthesis", "autostop: [\"lag 5ms\"]", "plan.yaml:4:17",
                "autostop[0]: expected '(' after 'lag', as in lag(LIMIT,N)"),
            arguments("missing space", "autostop: \"limit(1m)limit(2m)\"", "plan.yaml:4:21",
                "autostop: expected a space before the next criterion"),
            arguments("garbage", "autostop: [\"(1)\"]", "plan.yaml:4:13", "expected a criterion such as"),
            arguments("empty string", "autostop: [\"\"]", "plan.yaml:4:13", "autostop[0] is empty"),
            arguments("a map", "autostop: {timeouts: 5%}", "plan.yaml:4:11",
                "autostop: expected a list of criteria such as"),
            arguments("a map in the list", "autostop:\n  - limit(1m)\n  - {timeouts: 5%}", "plan.yaml:6:5",
                "autostop[1]: expected a criterion such as \"timeouts(5%, 2s)\", got a map"),
            arguments("unknown duration unit", "autostop: [time(5ns, 2s)]", "plan.yaml:4:17",
                "autostop time(LIMIT,N): LIMIT has an unknown unit 'ns' (use ms, s, m or h), got 5ns"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void shouldReportCriterionErrorAtColumnInsideScalar(
        final String name, final String line, final String expectedPosition, final String expectedReason)
    {
        assertError(planError(HEAD + line + "\n"), expectedPosition, expectedReason);
    }
}
