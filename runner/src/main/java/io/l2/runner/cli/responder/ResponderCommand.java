/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.responder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.l2.engine.responder.Responder;
import io.l2.engine.responder.ZoneAnswers;
import io.l2.engine.shoot.IdleStrategies;
import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2 responder --listen ADDR:PORT --zone FILE}: answers DNS queries over UDP from one zone file.
 */
@Command(
    name = "responder",
    mixinStandardHelpOptions = true,
    description = {
        "Answer DNS queries over UDP from one zone file: l2's embedded responder, a target for demos and tests. "
            + "Authoritative answers encoded at load; NXDOMAIN/NODATA with the SOA; REFUSED outside the zone. "
            + "No wildcards, delegations, TCP or DNSSEC signing. Runs until Ctrl-C (or --duration).",
        ""
    })
public final class ResponderCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--listen", required = true, paramLabel = "ADDR:PORT", description = "e.g. 127.0.0.1:5300, [::1]:5300")
    private String listen;

    @Option(names = "--zone", required = true, paramLabel = "FILE", description = "zone file (master format)")
    private Path zone;

    @Option(names = "--origin", paramLabel = "NAME", description = "the zone's origin (default: $ORIGIN in the file)")
    private String origin;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds")
    private Long durationSeconds;

    @Option(names = "--idle", paramLabel = "STRATEGY", defaultValue = "backoff", description = IdleStrategies.ALIASES)
    private String idle;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException, InterruptedException
    {
        final InetSocketAddress address = parseListen(listen);
        if (!Files.isRegularFile(zone))
        {
            throw new InputException("--zone " + zone + ": no such file");
        }
        final ZoneAnswers answers;
        try
        {
            answers = ZoneAnswers.load(zone, origin);
            IdleStrategies.of(idle);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException(ex.getMessage(), ex);
        }
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            stop.countDown();
            try
            {
                stopped.await(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
        }, "l2-responder-stop"));
        try (Responder responder = Responder.launch(address, answers, idle))
        {
            spec.commandLine().getOut().printf("l2 responder: zone %s (%d answers) on %s%n", answers.origin(),
                answers.responseCount(), responder.address());
            spec.commandLine().getOut().flush();
            if (null == durationSeconds)
            {
                stop.await();
            }
            else
            {
                stop.await(durationSeconds, TimeUnit.SECONDS);
            }
            spec.commandLine().getOut().printf("l2 responder: %d responses sent%n", responder.answered());
            spec.commandLine().getOut().flush();
        }
        finally
        {
            stopped.countDown();
        }
        return ExitCode.OK;
    }

    static InetSocketAddress parseListen(final String text)
    {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new InputException("--listen " + text + ": expected ADDR:PORT");
        }
        final String host = text.substring(0, colon).replace("[", "").replace("]", "");
        final int port;
        try
        {
            port = Integer.parseInt(text.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new InputException("--listen " + text + ": bad port");
        }
        if (port < 0 || port > 65535)
        {
            throw new InputException("--listen " + text + ": port out of range");
        }
        final InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved())
        {
            throw new InputException("--listen " + text + ": cannot resolve " + host);
        }
        return address;
    }
}
