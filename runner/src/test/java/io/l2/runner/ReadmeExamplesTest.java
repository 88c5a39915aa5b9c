/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README's examples run as written: every block marked {@code <!-- readme-test: NAME -->} and fenced
 * {@code ```console} (see {@link ReadmeExample}) runs in one bash, command after command, in a scratch checkout (a
 * temporary directory with {@code bin} linked to this checkout's and a copy of {@code examples/}, so the keys, logs
 * and results the examples make stay there), with {@code bin/l2} on the jars {@code package} built; each command's
 * output (stdout and stderr together) must match the lines the README shows after it ({@link ExpectedOutput}), and
 * its exit status must be 0 unless a {@code $ echo $?} after it shows another. Tagged {@code readme}: the surefire
 * execution {@code readme} of {@code runner/pom.xml} runs it in the {@code integration-test} phase, after
 * {@code package}, so {@code mvn verify} (and {@code bin/test}) run it on a clean clone. Background jobs a block
 * starts ({@code &}) are killed when the block ends, and every process it left is killed after at most
 * {@link #TIMEOUT_S} s.
 */
@Tag("readme")
class ReadmeExamplesTest
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String README = "README.md";
    private static final long TIMEOUT_S = 300;
    /** What a reader's run of the examples leaves in examples/ (git ignores it): not copied. */
    private static final Pattern LEFT_OUT = Pattern.compile("fleet/(cluster\\.key|data|results|[^/]*\\.socket)(/.*)?");
    private static final String STEP_END = "@@l2-readme-step-end@@";

    @TempDir
    private Path tmp;

    @TestFactory
    Stream<DynamicTest> shouldPrintWhatTheReadmeShowsWhenItsExamplesRun() throws IOException
    {
        final List<ReadmeExample> examples = ReadmeExample.parse(README, Files.readAllLines(ROOT.resolve(README)));
        assertFalse(examples.isEmpty(), "no <!-- readme-test: NAME --> in " + README);
        assertTrue(Files.isRegularFile(ROOT.resolve("runner/target/l2.jar")),
            "no runner/target/l2.jar for bin/l2: this test runs after package (mvn verify)");
        return examples.stream().map((example) -> DynamicTest.dynamicTest(
            example.name() + " (" + README + ":" + example.line() + ")", () -> run(example)));
    }

    private void run(final ReadmeExample example) throws Exception
    {
        final Path dir = Files.createDirectories(tmp.resolve(example.name()));
        final Path bin = Files.createSymbolicLink(dir.resolve("bin"), ROOT.resolve("bin"));
        try
        {
            run(example, dir);
        }
        finally
        {
            Files.delete(bin);
        }
    }

    private void run(final ReadmeExample example, final Path dir) throws Exception
    {
        copy(ROOT.resolve("examples"), dir.resolve("examples"));
        final Path script = Files.writeString(dir.resolve("example.sh"), script(example));
        final Path output = dir.resolve("output.txt");
        final ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        final Map<String, String> env = builder.environment();
        env.remove("L2_CONFIG");
        env.remove("L2_HOME");
        env.remove("L2_SHARE");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        final Process bash = builder.start();
        bash.getOutputStream().close();
        final boolean ended;
        try
        {
            ended = bash.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
        }
        finally
        {
            kill(bash);
        }
        check(example, Files.readAllLines(output, StandardCharsets.UTF_8), ended, dir);
    }

    private static String script(final ReadmeExample example)
    {
        final StringBuilder script = new StringBuilder()
            .append("exec 2>&1\n")
            .append("__l2_return() { return \"$1\"; }\n")
            .append("trap 'kill $(jobs -p) 2> /dev/null; wait' EXIT\n");
        for (final ReadmeExample.Step step : example.steps())
        {
            script.append(step.command()).append('\n')
                .append("__l2_status=$?; printf '\\n%s %s\\n' '").append(STEP_END)
                .append("' \"$__l2_status\"; __l2_return \"$__l2_status\"\n");
        }
        return script.toString();
    }

    private static void check(final ReadmeExample example, final List<String> output, final boolean ended,
        final Path dir) throws IOException
    {
        final List<ReadmeExample.Step> steps = example.steps();
        int from = 0;
        for (int i = 0; i < steps.size(); i++)
        {
            final ReadmeExample.Step step = steps.get(i);
            int end = from;
            while (end < output.size() && !output.get(end).startsWith(STEP_END + " "))
            {
                end++;
            }
            final List<String> printed = output.subList(from, end);
            if (end == output.size())
            {
                fail(where(example, step.line()) + "`" + step.oneLine() + "` " +
                    (ended ? "did not end: the block stopped there" : "did not end within " + TIMEOUT_S + " s") +
                    details(printed, dir));
            }
            final ExpectedOutput.Mismatch mismatch = ExpectedOutput.match(step.expected(), step.line(), printed);
            if (null != mismatch)
            {
                fail(where(example, mismatch.line()) + mismatch.what() + " (output of `" + step.oneLine() + "`, " +
                    README + ":" + step.line() + ")" + details(printed, dir));
            }
            final int status = Integer.parseInt(output.get(end).substring(STEP_END.length() + 1).strip());
            final boolean shown = i + 1 < steps.size() && steps.get(i + 1).showsStatus();
            if (0 != status && !shown)
            {
                fail(where(example, step.line()) + "`" + step.oneLine() + "` exited " + status +
                    ", and the README shows no `$ echo $?` after it (so 0)" + details(printed, dir));
            }
            from = end + 1;
        }
    }

    private static String where(final ReadmeExample example, final int line)
    {
        return README + ":" + line + ": readme-test " + example.name() + ": ";
    }

    private static String details(final List<String> printed, final Path dir) throws IOException
    {
        final StringBuilder text = new StringBuilder("\n--- what the command printed:\n");
        printed.forEach((line) -> text.append(line).append('\n'));
        try (Stream<Path> files = Files.walk(dir, 3))
        {
            for (final Path log : files.filter((file) -> file.toString().endsWith(".log")).sorted().toList())
            {
                text.append("--- ").append(dir.relativize(log)).append(":\n").append(Files.readString(log));
            }
        }
        return text.toString();
    }

    private static void kill(final Process bash) throws InterruptedException
    {
        final List<ProcessHandle> left = new ArrayList<>(bash.descendants().toList());
        left.add(bash.toHandle());
        left.forEach(ProcessHandle::destroy);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (final ProcessHandle process : left)
        {
            while (process.isAlive() && System.nanoTime() - deadlineNs < 0)
            {
                Thread.sleep(50);
            }
            process.destroyForcibly();
        }
    }

    private static void copy(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> files = Files.walk(from))
        {
            final List<Path> copied = files
                .filter((path) -> !LEFT_OUT.matcher(from.relativize(path).toString()).matches()).toList();
            for (final Path file : copied)
            {
                final Path copy = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file))
                {
                    Files.createDirectories(copy);
                }
                else
                {
                    Files.copy(file, copy);
                }
            }
        }
    }
}
