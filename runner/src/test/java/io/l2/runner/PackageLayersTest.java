/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runner's packages import one way, top to bottom, as {@code io/l2/runner/package-info.java} writes the order,
 * and form no circle: read from the import lines of {@code src/main/java}.
 */
class PackageLayersTest
{
    private static final Map<String, String> MAIN = PackageLayers.read(Path.of("src", "main", "java"));

    @Test
    void shouldImportOnlyOwnOrLowerLayersWhenMainSourcesRead()
    {
        assertTrue(MAIN.size() > 50, "read " + MAIN.size() + " sources");
        final List<String> problems = PackageLayers.upwardImports(MAIN);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void shouldHaveNoPackageCircleWhenMainSourcesRead()
    {
        final List<String> problems = PackageLayers.cycles(MAIN);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void shouldNameFileAndImportWhenAnImportGoesUp()
    {
        final Map<String, String> sources = PackageLayers.of(
            "io/l2/runner/results/ResultWriter.java",
            "package io.l2.runner.results;\n\nimport java.util.List;\nimport io.l2.runner.report.HtmlReport;\n" +
                "import static io.l2.runner.base.ExitCode.OK;\n");

        assertEquals(List.of("io/l2/runner/results/ResultWriter.java: 'import io.l2.runner.report.HtmlReport;' goes " +
            "up from results to report (order, top to bottom: cli, capacity, daemon, schedule, fire, fleet, " +
            "report|sinks, shoot, results, control|inventory|security, base)"), PackageLayers.upwardImports(sources));
    }

    @Test
    void shouldNameEveryImportOfACircleWhenPackagesImportEachOther()
    {
        final Map<String, String> sources = PackageLayers.of(
            "io/l2/runner/cli/L2Command.java",
            "package io.l2.runner.cli;\nimport io.l2.runner.cli.shoot.ShootCommand;\n",
            "io/l2/runner/cli/shoot/ShootCommand.java",
            "package io.l2.runner.cli.shoot;\nimport io.l2.runner.cli.L2Command;\n");

        assertEquals(List.of("package circle: io.l2.runner.cli -> io.l2.runner.cli.shoot -> io.l2.runner.cli " +
            "(io/l2/runner/cli/L2Command.java: 'import io.l2.runner.cli.shoot.ShootCommand;'; " +
            "io/l2/runner/cli/shoot/ShootCommand.java: 'import io.l2.runner.cli.L2Command;')"),
            PackageLayers.cycles(sources));
        assertEquals(List.of(), PackageLayers.upwardImports(sources), "one layer: no upward import");
    }

    @Test
    void shouldRefuseAPackageNoLayerNames()
    {
        final Map<String, String> sources = PackageLayers.of(
            "io/l2/runner/extra/Thing.java", "package io.l2.runner.extra;\nimport io.l2.runner.base.Version;\n");

        final List<String> problems = PackageLayers.upwardImports(sources);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("package io.l2.runner.extra is in no layer"), problems.get(0));
    }
}
