/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.keygen;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;

import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.transport.auth.ClusterKey;
import io.l2.transport.auth.KeyFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code l2 keygen FILE}: writes 32 random bytes ({@link SecureRandom}) as hex to a new file with mode 0600, and
 * refuses to overwrite an existing one (exit code 2, one line).
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
        "Write a new cluster key to FILE: 32 random bytes as 64 hex digits, mode 0600. An existing file is never "
            + "overwritten. Copy the file to every daemon and runner host (owned by the user l2 runs as, mode 0600) "
            + "and set security.cluster-key-file in l2.yaml: every control message is then signed with it "
            + "(HMAC-SHA256) and checked.",
        ""
    })
public final class KeygenCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the new key file (must not exist)")
    private Path file;

    /**
     * {@inheritDoc}
     */
    public Integer call()
    {
        final ClusterKey key;
        try
        {
            key = ClusterKey.generate(file, new SecureRandom());
        }
        catch (final KeyFileException ex)
        {
            throw new InputException(ex.getMessage(), ex);
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.println("l2 keygen: wrote a new cluster key to " + file + " (key id " + key.keyIdHex() + ", mode 0600)");
        out.println("copy it to every l2 host (mode 0600, owned by the user l2 runs as) and set in l2.yaml:");
        out.println("security:");
        out.println("  cluster-key-file: " + file.toAbsolutePath().normalize());
        out.flush();
        return ExitCode.OK;
    }
}
