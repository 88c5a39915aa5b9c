/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.l2.config.DaemonSettings;
import io.l2.config.L2Config;
import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.runner.cli.common.GlobalOptions;
import io.l2.runner.daemon.Daemon;
import io.l2.runner.daemon.DaemonOptions;
import io.l2.runner.daemon.DaemonState;
import io.l2.runner.shoot.ConfigSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code l2 daemon}: shoots what runners fire over the Aeron control channel (embedded media driver) and serves the
 * REST API on {@code l2-port} and {@code l2-socket} until SIGTERM or SIGINT, then stops gracefully (a running shoot
 * is stopped and its end sent) and deletes the socket and the Aeron directory. Runs in the foreground (systemd's {@code l2.service} starts it).
 */
@Command(
    name = "daemon",
    mixinStandardHelpOptions = true,
    description = {
        "Run the l2 daemon in the foreground: it shoots what runners (l2 shoot fire) fire at it over the Aeron "
            + "control channel (embedded media driver), and serves the REST API (GET /status, /shoots, /shoots/ID, "
            + "/shoots/ID/seconds, /metrics; POST /shoots with a plan, POST /shoots/ID/abort) on TCP l2-port "
            + "(l2-bind) and on the unix socket l2-socket (mode 0660, group l2-socket-group). Writes need "
            + "Authorization: Bearer and the token of security.api-token-file (reads too with api-read-open: false); "
            + "without a token file, writes are refused over TCP and taken over the socket. "
            + "A shoot stops by itself when its runner is silent for the lease (3 s). "
            + "Stops cleanly on SIGTERM/SIGINT (a running shoot is stopped, its end sent, its results written). "
            + "Logs to stderr (the journal under systemd; log-dir is not written). A unix socket, Aeron directory, "
            + "TCP port or control port another process holds stops the start at once: one line naming the option "
            + "that fixes it (--socket, --aeron-dir, --port, control-port), exit 2. The start line names the host "
            + "served, with a warning when no set of l2.yaml has it (--host NAME picks the inventory's name).",
        ""
    })
public final class DaemonCommand implements Callable<Integer>
{
    private static final long STOP_WAIT_MS = Daemon.SHOOT_STOP_TIMEOUT_MS + Daemon.STOP_TIMEOUT_MS + 2_000;

    @ParentCommand
    private GlobalOptions parent;

    @Option(names = "--port", paramLabel = "N",
        description = "TCP port of the REST API, only (default: l2-port of l2.yaml, else 9883)")
    private Integer port;

    @Option(names = "--socket", paramLabel = "PATH",
        description = "unix socket (default: l2-socket of l2.yaml, else /var/run/l2.socket)")
    private Path socket;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = Daemon.DEFAULT_BIND,
        description = "TCP address to listen on, and in control-mode unicast the control plane's (default: "
            + "${DEFAULT-VALUE}, every interface, where l2-bind of l2.yaml then sets the API's address; unicast "
            + "answers then leave from this host's host-addresses entry, else its resolved name)")
    private String bind;

    @Option(names = "--host", paramLabel = "NAME",
        description = "this host's name as l2.yaml's cluster lists it, the name runners address (default: the "
            + "machine's host name)")
    private String host;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "the embedded Aeron media driver's directory, deleted on start and stop (default: aeron-dir of "
            + "l2.yaml, else /dev/shm/l2-aeron)")
    private Path aeronDir;

    @Option(names = "--control-channel", paramLabel = "CHANNEL",
        description = "a multicast Aeron control channel, overriding l2.yaml's control-mode (default: as l2.yaml "
            + "says: control-mode multicast on control-channel, else aeron:udp?endpoint=239.255.98.83:9884|ttl=8; or "
            + "control-mode unicast on control-port)")
    private String controlChannel;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException, InterruptedException
    {
        final L2Config config = ConfigSource.load(
            parent.config(), System.getenv(), Path.of("").toAbsolutePath(), ConfigSource.SYSTEM_CONFIG);
        final DaemonSettings settings = config.daemon();
        final int tcpPort = null == port ? settings.port() : port;
        if (tcpPort < 0 || tcpPort > 65535)
        {
            throw new InputException("--port " + tcpPort + ": expected 0..65535");
        }
        final Path socketPath = null == socket ? Path.of(settings.socketPath()) : socket;
        final PrintStream log = System.err;
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            stop.countDown();
            try
            {
                stopped.await(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
        }, Daemon.THREAD_PREFIX + "stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread.currentThread().setName("l2: " + DaemonState.WAITING);
        final Daemon daemon;
        try
        {
            daemon = Daemon.start(config, new DaemonOptions(
                null == host ? ConfigSource.localHostName() : host, bind, tcpPort, socketPath,
                null == aeronDir ? settings.aeronDir() : aeronDir, controlChannel),
                new DaemonState(System::nanoTime), log);
        }
        catch (final IOException | RuntimeException ex)
        {
            // nothing started: the hook has nothing to wait for, and the JVM exits at once
            stopped.countDown();
            Runtime.getRuntime().removeShutdownHook(hook);
            log.println("l2 daemon: " + ex.getMessage());
            if (parent.debug())
            {
                ex.printStackTrace(log);
            }
            log.flush();
            return ExitCode.of(ex);
        }
        try (Daemon ignored = daemon)
        {
            stop.await();
        }
        finally
        {
            stopped.countDown();
        }
        return ExitCode.OK;
    }
}
