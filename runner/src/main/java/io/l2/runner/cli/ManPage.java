/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.l2.runner.base.Version;
import picocli.CommandLine;

/**
 * Writes the manual page {@code l2(1)} (troff) from the command tree {@code l2} parses with: the root's help, then
 * every command's {@code --help} as {@code l2 COMMAND --help} prints it, and the files the Debian package installs.
 * The build runs it ({@code java io.l2.runner.cli.ManPage target/l2.1}); the packages install the page. Nothing at
 * run time uses it.
 */
public final class ManPage
{
    /**
     * The width of the help text in the page: man indents it by 7 columns, so 72 fits an 80-column terminal.
     */
    static final int WIDTH = 72;

    private ManPage()
    {
    }

    /**
     * Writes the page.
     *
     * @param args one argument: the file to write.
     * @throws IOException when the file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 1)
        {
            throw new IllegalArgumentException("usage: ManPage FILE");
        }
        Files.writeString(Path.of(args[0]), render(L2Command.newCommandLine()), StandardCharsets.UTF_8);
    }

    /**
     * @param root the {@code l2} command line.
     * @return the page, in troff with the man macros.
     */
    static String render(final CommandLine root)
    {
        root.setUsageHelpWidth(WIDTH);
        final StringBuilder page = new StringBuilder(64 * 1024);
        page.append(".TH L2 1 \"\" \"l2 ").append(Version.current()).append("\" \"User Commands\"\n");
        page.append(".SH NAME\nl2 \\- control plane for DNS load testing\n");
        page.append(".SH SYNOPSIS\n.B l2\n[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n");
        page.append(".SH DESCRIPTION\n");
        verbatim(page, root.getUsageMessage(CommandLine.Help.Ansi.OFF));
        page.append(".SH COMMANDS\n");
        for (final CommandLine command : commands(root))
        {
            page.append(".SS \"").append(escape(command.getCommandSpec().qualifiedName())).append("\"\n");
            verbatim(page, command.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        page.append(".SH FILES\n");
        file(page, "/etc/l2/l2.yaml", "the configuration when there is no --config, $L2_CONFIG or ./l2.yaml; the "
            + "daemon's (l2.service)");
        file(page, "/usr/share/l2/l2-jvm.options", "the JVM flags the launcher adds; L2_JAVA_OPTS adds more, "
            + "JAVA_HOME picks the Java");
        file(page, "/usr/lib/systemd/system/l2.service", "the daemon as the user l2");
        file(page, "/run/l2/l2.socket", "the daemon's unix socket (mode 0660, group l2)");
        file(page, "/var/lib/l2", "shoots' queues and results");
        page.append(".SH SEE ALSO\n/usr/share/doc/l2/README.md\n");
        return page.toString();
    }

    private static List<CommandLine> commands(final CommandLine root)
    {
        final Set<CommandLine> seen = new LinkedHashSet<>();
        addSubcommands(root, seen);
        return new ArrayList<>(seen);
    }

    private static void addSubcommands(final CommandLine parent, final Set<CommandLine> seen)
    {
        for (final CommandLine sub : parent.getSubcommands().values())
        {
            if (sub.getCommand() instanceof CommandLine.HelpCommand || !seen.add(sub))
            {
                continue;
            }
            addSubcommands(sub, seen);
        }
    }

    private static void file(final StringBuilder page, final String path, final String what)
    {
        page.append(".TP\n.I ").append(escape(path)).append('\n').append(escape(what)).append('\n');
    }

    private static void verbatim(final StringBuilder page, final String text)
    {
        page.append(".nf\n");
        for (final String line : text.split("\n", -1))
        {
            final String escaped = escape(line.stripTrailing());
            if (escaped.startsWith(".") || escaped.startsWith("'"))
            {
                page.append("\\&");
            }
            page.append(escaped).append('\n');
        }
        page.append(".fi\n");
    }

    /**
     * @param text plain text.
     * @return the text for troff: backslashes as {@code \e}, hyphens as {@code \-} (options are typed with ASCII
     *     hyphen-minus, which {@code \-} is).
     */
    static String escape(final String text)
    {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }
}
