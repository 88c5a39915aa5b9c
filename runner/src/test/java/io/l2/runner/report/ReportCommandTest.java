/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.l2.runner.base.ExitCode;
import io.l2.runner.cli.L2Command;
import io.l2.runner.results.ResultWriter;
import io.l2.runner.results.ShootResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandTest
{
    private static final List<String> HOSTS = List.of("load01", "load02");

    @Test
    void shouldListReportWhenHelpIsAsked()
    {
        final String[] run = run("--help");

        assertEquals("0", run[0]);
        assertTrue(run[1].contains("  report "), run[1]);
    }

    @Test
    void shouldExitTwoWithOneLineWhenPathDoesNotExist(@TempDir final Path dir)
    {
        final String[] run = run("report", dir.resolve("no/such/folder").toString());

        assertBadInput(run, "no such directory");
    }

    @Test
    void shouldExitTwoWithOneLineWhenShootIdIsUnknown(@TempDir final Path dir) throws Exception
    {
        final Path config = config(dir);

        final String[] run = run("report", "20260101-000000-dead", "--config", config.toString());

        assertBadInput(run, "20260101-000000-dead: no such shoot in " + dir.resolve("results"));
    }

    @Test
    void shouldExitTwoWithOneLineWhenFolderHoldsNoResult(@TempDir final Path dir)
    {
        final String[] run = run("report", dir.toString());

        assertBadInput(run, "neither a results folder");
    }

    @Test
    void shouldExitTwoWithOneLineWhenResultJsonIsBroken(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve(ResultWriter.RESULT_FILE), "{\"seconds\": [1, 2,", StandardCharsets.UTF_8);

        final String[] run = run("report", dir.toString());

        assertBadInput(run, dir.resolve(ResultWriter.RESULT_FILE) + ":1:19: not valid JSON: Unexpected end-of-input");
    }

    @Test
    void shouldExitTwoWithOneLineWhenOutputFolderDoesNotExist(@TempDir final Path dir) throws Exception
    {
        final ShootResult result = SampleShoot.result(1, HOSTS, 3, 10, 10, "x");
        ResultFolder.write(dir, result, new PrintWriter(new StringWriter()));

        final String[] run = run("report", dir.toString(), "--output", dir.resolve("none/r.html").toString());

        assertBadInput(run, "--output " + dir.resolve("none/r.html") + ": no such directory");
    }

    @Test
    void shouldWriteReportBesideResultWhenResultIsWritten(@TempDir final Path dir) throws Exception
    {
        final ShootResult result = SampleShoot.result(2, HOSTS, 6, 20, 100, "beside");
        ResultWriter.writePlan(dir, HtmlReportTest.plan(), "description: beside\n");

        final StringWriter warnings = new StringWriter();
        ResultFolder.write(dir, result, new PrintWriter(warnings));

        assertEquals("", warnings.toString());
        final String html = Files.readString(dir.resolve(HtmlReport.REPORT_FILE), StandardCharsets.UTF_8);
        assertEquals(6, ((Number)ReportPages.data(html).get("n")).intValue());
        assertEquals(2, Maps.list(ReportPages.data(html), "hosts").size());
        assertTrue(html.contains("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), "the plan");
        assertFalse(Files.exists(dir.resolve(HtmlReport.REPORT_FILE + ".tmp")));
    }

    @Test
    void shouldKeepResultAndWarnOneLineWhenReportCannotBeRendered(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve(ResultWriter.SHOOT_FILE), "{\"id\": [", StandardCharsets.UTF_8);
        final StringWriter warnings = new StringWriter();

        ResultFolder.write(dir, SampleShoot.result(3, HOSTS, 4, 10, 10, "kept"), new PrintWriter(warnings));

        assertTrue(Files.isRegularFile(dir.resolve(ResultWriter.RESULT_FILE)));
        assertTrue(Files.isRegularFile(dir.resolve(ResultWriter.SECONDS_FILE)));
        assertFalse(Files.exists(dir.resolve(HtmlReport.REPORT_FILE)));
        assertTrue(warnings.toString().startsWith("l2: warning: " + dir.resolve(HtmlReport.REPORT_FILE) +
            " not written (the result is): "), warnings.toString());
        assertEquals(1, warnings.toString().strip().lines().count(), warnings.toString());
    }

    @Test
    void shouldRenderFromResultJsonWhenQueuesAreNotHere(@TempDir final Path dir) throws Exception
    {
        final ShootResult result = SampleShoot.result(4, HOSTS, 5, 20, 100, "no queues");
        ResultWriter.writePlan(dir, HtmlReportTest.plan(), "description: no queues\n");
        ResultFolder.write(dir, result, new PrintWriter(new StringWriter()));
        final Path output = dir.resolve("again.html");

        final String[] run = run("report", dir.toString(), "--output", output.toString());

        assertEquals("0", run[0], run[2]);
        assertTrue(run[1].startsWith("report " + output + " (from result.json (the queues are not all on this " +
            "host)"), run[1]);
        final Map<String, Object> data = ReportPages.data(Files.readString(output, StandardCharsets.UTF_8));
        assertEquals(5, ((Number)data.get("n")).intValue());
        assertTrue(Maps.list(data, "hosts").isEmpty(), "no host seconds in result.json");
        long answered = 0;
        for (final Object value : (List<?>)Maps.object(data, "total").get("answered"))
        {
            answered += ((Number)value).longValue();
        }
        assertEquals(result.merged().totals().answeredCount(), answered);
    }

    private static Path config(final Path dir) throws Exception
    {
        final Path config = dir.resolve("l2.yaml");
        Files.writeString(config, "l2:\n  data-dir: \"" + dir.resolve("data") + "\"\n  results-dir: \"" +
            dir.resolve("results") + "\"\n", StandardCharsets.UTF_8);
        return config;
    }

    private static void assertBadInput(final String[] run, final String part)
    {
        assertEquals(String.valueOf(ExitCode.BAD_INPUT), run[0], run[1] + run[2]);
        assertTrue(run[2].startsWith("l2: ") && run[2].contains(part), run[2]);
        assertEquals(1, run[2].strip().lines().count(), run[2]);
    }

    private static String[] run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args);
        return new String[] { String.valueOf(exitCode), out.toString(), err.toString() };
    }
}
