/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.keygen;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.l2.runner.base.ExitCode;
import io.l2.runner.cli.L2Command;
import io.l2.transport.auth.ClusterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeygenCommandTest
{
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldWriteAHexKeyWithModeSixHundredAndRefuseToOverwriteIt() throws Exception
    {
        final Path file = tmp.resolve("cluster.key");
        assertEquals(ExitCode.OK, run("keygen", file.toString()), err.toString());

        final String text = Files.readString(file, StandardCharsets.US_ASCII);
        assertTrue(text.matches("[0-9a-f]{64}\n"), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        final ClusterKey key = ClusterKey.load(file);
        assertTrue(out.toString().startsWith("l2 keygen: wrote a new cluster key to " + file + " (key id " +
            key.keyIdHex() + ", mode 0600)\n"), out.toString());
        assertTrue(out.toString().contains("security:\n  cluster-key-file: " + file + "\n"), out.toString());

        out.getBuffer().setLength(0);
        assertEquals(ExitCode.BAD_INPUT, run("keygen", file.toString()));
        assertEquals("l2: " + file + ": exists; l2 keygen never overwrites a key (delete it first to replace it, or " +
            "write the new key to another file for a rotation)\n", err.toString());
        assertEquals(text, Files.readString(file, StandardCharsets.US_ASCII), "the key is untouched");
        assertEquals("", out.toString());
    }

    private int run(final String... args)
    {
        final CommandLine commandLine = L2Command.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
