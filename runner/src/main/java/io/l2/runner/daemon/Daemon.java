/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.l2.config.ClusterSet;
import io.l2.config.ControlMode;
import io.l2.config.DaemonSettings;
import io.l2.config.L2Config;
import io.l2.config.Security;
import io.l2.engine.shoot.DatagramIos;
import io.l2.runner.base.InputException;
import io.l2.runner.base.Version;
import io.l2.runner.control.ControlChannels;
import io.l2.runner.control.ControlKeys;
import io.l2.runner.fire.ConsoleShootListener;
import io.l2.runner.fire.ShootRequest;
import io.l2.runner.fire.Shoots;
import io.l2.runner.schedule.EffectivePlanFirer;
import io.l2.runner.schedule.SchedulerThread;
import io.l2.runner.shoot.ShootId;
import io.l2.transport.auth.ClusterKeys;
import org.agrona.concurrent.SystemEpochClock;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The running daemon: the {@link ControlPlane} (an embedded Aeron media driver answering on the control channel) and
 * one Jetty server with two connectors, TCP and a unix socket, serving the same {@link ApiHandler}. {@link #start}
 * starts all or nothing; {@link #close} stops gracefully (at most {@link #STOP_TIMEOUT_MS} for HTTP), deletes the
 * socket file and stops the control plane, which deletes its Aeron directory. With {@code l2.scheduler: true} it also
 * runs the scheduler ({@link SchedulerThread}), stopped first on close. Every thread it starts is named {@code l2-daemon-…}.
 * Start and close from one thread; the getters are safe from any thread.
 */
public final class Daemon implements AutoCloseable
{
    /** The prefix of the name of every thread the daemon starts. */
    public static final String THREAD_PREFIX = "l2-daemon-";

    /** The longest graceful stop, in ms: requests still running after it are cut. */
    public static final long STOP_TIMEOUT_MS = 5_000;

    /**
     * Once the daemon stops, how long a connection may stay idle (a scraper's or another client's kept-alive one)
     * before it is closed, in ms. Jetty's default, a second, made every stop with such a client open last that second
     * longer; the API answers within milliseconds, so a connection idle this long has no request left to finish.
     */
    public static final long SHUTDOWN_IDLE_TIMEOUT_MS = 200;

    /** The longest wait for a running shoot to stop and write its results when the daemon stops, in ms. */
    public static final long SHOOT_STOP_TIMEOUT_MS = ShootService.CLOSE_WAIT_MS;

    /** The TCP address bound by default: every interface (the runner reaches daemons across datacenters). */
    public static final String DEFAULT_BIND = "0.0.0.0";

    private static final int MIN_THREAD_COUNT = 4;

    private final Server server;
    private final ControlPlane control;
    private final ServerConnector tcp;
    private final Path socketPath;
    private final DaemonState state;
    private final PrintStream log;
    private final SchedulerThread scheduler;
    private final ApiShoots shoots;

    private Daemon(
        final Server server, final ControlPlane control, final ServerConnector tcp, final Path socketPath,
        final DaemonState state, final PrintStream log, final SchedulerThread scheduler, final ApiShoots shoots)
    {
        this.shoots = shoots;
        this.server = server;
        this.control = control;
        this.tcp = tcp;
        this.socketPath = socketPath;
        this.state = state;
        this.log = log;
        this.scheduler = scheduler;
    }

    /**
     * Starts the daemon.
     *
     * @param config  the configuration ({@code l2:} section: results dir; the rest is shown by {@code /status}).
     * @param options the host's name and where to listen: the unix socket's stale file is removed, a live one (a
     *                daemon answering) or any other kind of file is refused; it is created with mode 0660.
     * @param state   the daemon's state, shared with whatever runs shoots.
     * @param log     where the one-line start and stop messages go (stderr outside tests).
     * @return the started daemon.
     * @throws InputException when the socket path is taken or its directory is missing, or the Aeron directory, the
     *                        control port or the TCP port is in use: one line naming the option that fixes it.
     * @throws IOException    when a connector cannot bind for another reason or the control plane cannot start, or (a
     *                        {@link io.l2.transport.auth.KeyFileException}) a configured cluster key file cannot be
     *                        used: nothing is started then.
     */
    public static Daemon start(
        final L2Config config, final DaemonOptions options, final DaemonState state, final PrintStream log)
        throws IOException
    {
        return start(config, options, state, log, ApiLimits.DEFAULT);
    }

    /**
     * Starts the daemon with the given limits of its REST API (tests shorten the idle timeout).
     * <p>
     * Before anything listens: the API token ({@code security.api-token-file}) is read and checked
     * ({@link ApiToken#load}) and the socket's group ({@code l2-socket-group}) looked up; either failing stops the start
     * with one line. The TCP connector binds {@code l2-bind} of l2.yaml unless {@code options} name an address other
     * than {@link #DEFAULT_BIND}. The unix socket is bound inside a directory only this user may enter, given mode
     * 0660 and its group there, and only then moved to its path, so nobody connects before its mode is set.
     *
     * @param config  the configuration.
     * @param options the host's name and where to listen.
     * @param state   the daemon's state.
     * @param log     where the one-line start and stop messages go.
     * @param limits  the REST API's idle timeout, header cap, threads and slowest body.
     * @return the started daemon.
     * @throws InputException when the token file or the socket group is wrong, the socket path, the Aeron
     *                        directory, the control port or the TCP port is in use (nothing is left running), or its
     *                        directory is missing.
     * @throws IOException    when a connector cannot bind or the control plane cannot start.
     */
    public static Daemon start(
        final L2Config config,
        final DaemonOptions options,
        final DaemonState state,
        final PrintStream log,
        final ApiLimits limits)
        throws IOException
    {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(limits, "limits");
        final DaemonSettings settings = config.daemon();
        final String bind = null != settings.apiBind() && DEFAULT_BIND.equals(options.bind()) ?
            settings.apiBind() : options.bind();
        final String configName = null == config.source() ?
            "l2.yaml (none was found: the daemon runs on the embedded default)" : config.source().toString();
        final Security security = config.security();
        final ApiToken token = null == security.apiTokenFile() ? null :
            ApiToken.load(security.apiTokenFile(), configName);
        final GroupPrincipal socketGroup = lookupGroup(settings.socketGroup(), configName);
        final int port = options.port();
        final Path socketPath = options.socketPath();
        final Path aeronDir = options.aeronDir();
        final String controlChannel = options.controlChannel();
        if (null != controlChannel && !controlChannel.startsWith(DaemonSettings.CHANNEL_PREFIX))
        {
            throw new InputException("control-channel " + controlChannel + ": must start with " +
                DaemonSettings.CHANNEL_PREFIX);
        }
        final ControlChannels.DaemonChannels channels = daemonChannels(config, options);
        final ClusterKeys keys = ControlKeys.load(config);
        prepareSocketPath(socketPath);
        final Path staging = Files.createDirectory(socketPath.toAbsolutePath().getParent().resolve(
            ".l2-socket-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime() & 0xffffffL)),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        final Path stagedSocket = staging.resolve("s");
        final ControlPlane control;
        try
        {
            control = ControlPlane.start(
                aeronDir, channels, config.daemon().controlStream(), config, state, options.host(), Version.current(),
                keys, log);
        }
        catch (final IOException | RuntimeException ex)
        {
            Files.deleteIfExists(staging);
            throw ex;
        }

        // at most maxThreadCount threads; Jetty's queue of jobs stays unbounded (it warns that a bounded one
        // misbehaves): a job is a ready connection, and one that sends nothing or half a request holds no thread
        final QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreadCount(), MIN_THREAD_COUNT);
        threads.setName(THREAD_PREFIX + "http");
        final Server server =
            new Server(threads, new ScheduledExecutorScheduler(THREAD_PREFIX + "http-timer", false), null);
        server.setStopTimeout(STOP_TIMEOUT_MS);
        server.setErrorHandler(new JsonErrorHandler(state));
        final HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setRequestHeaderSize(limits.maxRequestHeaderLength());

        final ServerConnector tcp = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        tcp.setHost(bind);
        tcp.setPort(port);
        tcp.setName("tcp");
        tcp.setIdleTimeout(limits.idleTimeoutMs());
        tcp.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MS);
        final UnixDomainServerConnector unix =
            new UnixDomainServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        unix.setUnixDomainPath(stagedSocket);
        unix.setName("unix");
        unix.setIdleTimeout(limits.idleTimeoutMs());
        unix.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MS);
        server.addConnector(tcp);
        server.addConnector(unix);

        final PrintWriter shootLog = new PrintWriter(log, true);
        final ApiShoots shoots = new ApiShoots(config,
            null == config.source() ? Path.of("").toAbsolutePath() : config.source().toAbsolutePath().getParent(),
            (id, plan, yaml, abort) -> Shoots.fireAndExplain(new ShootRequest(config, plan).planText(yaml).shootId(id)
                .abortRequested(abort), new ConsoleShootListener(shootLog, shootLog, false, false)),
            () -> ShootId.next(Instant.now()), log);
        final ApiHandler api = new ApiHandler(state, new ShootResults(settings.resultsDir()),
            staticStatus(config, options, control, bind, null != token), new ApiAccess(token,
            security.apiReadOpen(), configName), shoots, limits);
        server.setHandler(new GracefulHandler(api));
        boolean published = false;
        try
        {
            server.start();
            publishSocket(stagedSocket, socketPath, socketGroup, settings.socketGroup());
            published = true;
            Files.deleteIfExists(staging);
        }
        catch (final Exception ex)
        {
            stopQuietly(server);
            control.close();
            Files.deleteIfExists(stagedSocket);
            Files.deleteIfExists(staging);
            if (published)
            {
                Files.deleteIfExists(socketPath);
            }
            if (ex instanceof InputException input)
            {
                throw input;
            }
            if (ex instanceof IOException io && io.getCause() instanceof BindException)
            {
                throw new InputException("l2-port " + port + " on " + bind + ": " + io.getCause().getMessage() +
                    " (another l2 daemon?): give this one another with --port N (or l2-port in l2.yaml)", io);
            }
            if (ex instanceof IOException io)
            {
                throw new IOException("cannot listen on " + bind + ":" + port + " and " + socketPath + ": " +
                    io.getMessage(), io);
            }
            throw new IllegalStateException("cannot start the daemon: " + ex, ex);
        }
        final List<String> sets = setsOf(config, options.host());
        log.println("l2 daemon: " + state.stateName() + " as host " + options.host() +
            (sets.isEmpty() ? " (in no set)" : " (set " + String.join(", ", sets) + ")") + " on " + bind + ":" +
            tcp.getLocalPort() + " and " +
            socketPath + ", control " + ControlPlane.describe(channels) + " stream " + control.stream() + ", API " +
            (null != token ? "token from " + security.apiTokenFile() : "without token (writes over TCP refused)") +
            (security.apiReadOpen() ? "" : ", reads need it") + " (pid " + ProcessHandle.current().pid() + ")");
        if (sets.isEmpty())
        {
            log.println("l2 daemon: WARNING: host " + options.host() + " is in no set of " + configName +
                ", so no runner fires at it: --host NAME picks the name the inventory gives this machine" +
                (config.inventory().isEmpty() ? "" : " (sets: " + String.join(", ", config.inventory().setNames()) +
                ")"));
        }
        log.println(null == keys ? "l2 daemon: WARNING: this daemon has no cluster key, so it refuses every fire: " +
            "set security.cluster-key-file in " + ControlKeys.configName(config) + " (l2 keygen FILE makes one)" :
            "l2 daemon: control messages signed and checked with cluster " + keys.describe() + ", replay-window " +
            keys.replayWindowNs() / 1_000_000 + " ms");
        // loads and links the batched I/O now (a few hundred ms on a JDK 22+), not on the first fire, whose answer
        // has to reach the runner before the start instant
        final String mmsgUnavailable = DatagramIos.mmsgUnavailableReason();
        log.println("l2 daemon: shooters' I/O by default " + (null == mmsgUnavailable ?
            "mmsg (sendmmsg/recvmmsg, JDK " + Runtime.version().feature() + ")" :
            "nio (mmsg " + mmsgUnavailable + ")"));
        log.flush();
        return new Daemon(server, control, tcp, socketPath, state, log, startScheduler(config, log), shoots);
    }

    private static List<String> setsOf(final L2Config config, final String host)
    {
        final List<String> sets = new ArrayList<>();
        for (final ClusterSet set : config.inventory().sets())
        {
            if (set.datacenterOf(host).isPresent())
            {
                sets.add(set.name());
            }
        }
        return sets;
    }

    private static SchedulerThread startScheduler(final L2Config config, final PrintStream log)
    {
        if (!config.schedules().scheduler())
        {
            return null;
        }
        final PrintWriter writer = new PrintWriter(log, true);
        return SchedulerThread.start(config.schedules(), SystemEpochClock.INSTANCE,
            new EffectivePlanFirer(config, writer, writer), (line) ->
            {
                log.println(line);
                log.flush();
            });
    }

    /**
     * @return the scheduler thread when {@code l2.scheduler: true}, else null.
     */
    public SchedulerThread scheduler()
    {
        return scheduler;
    }

    /**
     * @return the TCP port bound.
     */
    public int port()
    {
        return tcp.getLocalPort();
    }

    /**
     * @return the unix socket's path.
     */
    public Path socketPath()
    {
        return socketPath;
    }

    /**
     * @return the daemon's state.
     */
    public DaemonState state()
    {
        return state;
    }

    /**
     * @return the control plane.
     */
    public ControlPlane control()
    {
        return control;
    }

    /**
     * Stops a shoot started through the API (as Ctrl-C stops {@code shoot fire}), a running shoot (at most
     * {@link #SHOOT_STOP_TIMEOUT_MS} each: its end is sent and its results written) and the
     * control plane (its Aeron directory is deleted), then stops accepting, lets running requests finish (at most
     * {@link #STOP_TIMEOUT_MS}), deletes the socket file and stops every thread. Idempotent.
     */
    public void close()
    {
        if (server.isStopped())
        {
            return;
        }
        // the scheduler first (no new fire; a scheduled shoot still running is waited for), then the shoot: a SIGTERM
        // stops the load at once (its end is sent, its results written), then the API
        if (null != scheduler)
        {
            scheduler.close();
        }
        shoots.close();
        control.close();
        stopQuietly(server);
        try
        {
            Files.deleteIfExists(socketPath);
        }
        catch (final IOException ex)
        {
            log.println("l2 daemon: cannot delete " + socketPath + ": " + ex.getMessage());
        }
        log.println("l2 daemon: stopped");
        log.flush();
    }

    private static ControlChannels.DaemonChannels daemonChannels(final L2Config config, final DaemonOptions options)
        throws IOException
    {
        final ControlChannels channels = null == options.controlChannel() ?
            ControlChannels.of(config.daemon()) : ControlChannels.multicast(options.controlChannel());
        try
        {
            return channels.daemon(options.host(), options.bind());
        }
        catch (final UnknownHostException ex)
        {
            throw new IOException("cannot start the control plane (control-mode unicast): host " + options.host() +
                " does not resolve (" + ex.getMessage() + "): give it an address in host-addresses of l2.yaml, or " +
                "--bind the address to answer from", ex);
        }
    }

    private static Map<String, Object> staticStatus(
        final L2Config config, final DaemonOptions options, final ControlPlane control, final String apiBind,
        final boolean apiToken)
    {
        final DaemonSettings settings = config.daemon();
        final Map<String, Object> status = new LinkedHashMap<>();
        status.put("version", Version.current());
        status.put("host", options.host());
        status.put("pid", ProcessHandle.current().pid());
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", null == config.source() ? null : config.source().toString());
        json.put("bind", options.bind());
        json.put("l2-bind", apiBind);
        json.put("l2-port", options.port());
        json.put("l2-socket", options.socketPath().toString());
        json.put("l2-socket-group", settings.socketGroup());
        json.put("api-token", apiToken);
        json.put("api-read-open", config.security().apiReadOpen());
        json.put("data-dir", settings.dataDir().toString());
        json.put("results-dir", settings.resultsDir().toString());
        json.put("log-dir", settings.logDir().toString());
        json.put("aeron-dir", options.aeronDir().toString());
        final ControlChannels.DaemonChannels channels = control.channels();
        json.put("control-mode", null == options.controlChannel() ? settings.controlMode().yamlName() :
            ControlMode.MULTICAST.yamlName());
        json.put("control-channel", channels.subscription());
        json.put("control-publication", channels.publication());
        json.put("control-stream", settings.controlStream());
        status.put("config", json);
        return status;
    }

    private static void prepareSocketPath(final Path socketPath) throws IOException
    {
        final Path parent = socketPath.toAbsolutePath().getParent();
        if (null == parent || !Files.isDirectory(parent))
        {
            throw new InputException("l2-socket " + socketPath + ": no such directory " + parent);
        }
        if (!Files.exists(socketPath, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        final BasicFileAttributes attributes =
            Files.readAttributes(socketPath, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isOther())
        {
            throw new InputException("l2-socket " + socketPath + ": exists and is not a socket");
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX))
        {
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            throw new InputException("l2-socket " + socketPath + ": in use (is another l2 daemon running?): give " +
                "this one another with --socket PATH (or l2-socket in l2.yaml), or stop the other daemon");
        }
        catch (final IOException ex)
        {
            Files.delete(socketPath);
        }
    }

    private static GroupPrincipal lookupGroup(final String group, final String configName)
    {
        if (null == group)
        {
            return null;
        }
        try
        {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        }
        catch (final UserPrincipalNotFoundException ex)
        {
            throw new InputException("l2-socket-group " + group + " (in " + configName + "): no such group", ex);
        }
        catch (final IOException ex)
        {
            throw new InputException("l2-socket-group " + group + " (in " + configName + "): cannot look it up: " +
                ex.getMessage(), ex);
        }
    }

    /**
     * Gives the staged socket mode 0660 and its group, then moves it to its path (a rename: the bound socket stays).
     */
    private static void publishSocket(
        final Path staged, final Path socketPath, final GroupPrincipal group, final String groupName)
        throws IOException
    {
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-rw----"));
        if (null != group)
        {
            try
            {
                Files.getFileAttributeView(staged, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setGroup(group);
            }
            catch (final IOException ex)
            {
                throw new InputException("l2-socket-group " + groupName + ": cannot give " + socketPath +
                    " to it (" + ex.getMessage() + "): the daemon's user must be root or a member of the group", ex);
            }
        }
        Files.move(staged, socketPath, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void stopQuietly(final Server server)
    {
        try
        {
            server.stop();
        }
        catch (final Exception ex)
        {
            // stop() already closed what it could; nothing more to do here
        }
    }
}
