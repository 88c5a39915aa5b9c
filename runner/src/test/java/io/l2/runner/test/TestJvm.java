/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.test;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.l2.runner.L2Main;

/**
 * Command lines of JVMs that tests start as processes of their own: the test JVM's java, its flags (surefire's argLine,
 * i.e. {@code l2.jvm.flags}, as {@code bin/l2} gives them from {@code l2-jvm.options}; agents left out) and its class
 * path.
 */
public final class TestJvm
{
    private TestJvm()
    {
    }

    /**
     * An {@code l2} command line.
     *
     * @param jvmOptions more JVM options, after the test JVM's.
     * @param args       l2's arguments.
     * @return the command.
     */
    public static List<String> l2(final List<String> jvmOptions, final List<String> args)
    {
        return command(L2Main.class.getName(), jvmOptions, args);
    }

    /**
     * A command line running a main class.
     *
     * @param mainClass  the class with {@code main}.
     * @param jvmOptions more JVM options, after the test JVM's.
     * @param args       the program's arguments.
     * @return the command.
     */
    public static List<String> command(final String mainClass, final List<String> jvmOptions, final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter((argument) -> !argument.startsWith("-agentlib") && !argument.startsWith("-javaagent"))
            .toList());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }
}
