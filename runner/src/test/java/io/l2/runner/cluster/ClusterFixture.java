/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Stream;

import io.l2.engine.test.NsdServer;
import io.l2.engine.test.ZoneWriter;
import io.l2.runner.test.TestJvm;
import io.l2.runner.test.TestKeys;

/**
 * A cluster of real l2 daemons on one machine, for tests: a {@link NetnsBridge} with {@code daemonCount} daemon
 * namespaces and one target namespace (the last), a real NSD serving {@link ZoneWriter#exampleTest} on port 53 of
 * the target's address, and one {@code l2 daemon} JVM in each daemon namespace.
 * <p>
 * Daemons are numbered 1 to {@code daemonCount}, as the bridge's hosts: daemon i is host {@link #hostName(int)}
 * {@code l2t-load}<em>i</em>, listens on TCP {@code 10.213.R.(10+i)}:{@value #DAEMON_PORT} and on its unix socket, and has
 * its own directory (its {@code l2.yaml}, socket, data, results and log directories, and {@code daemon.log} with its
 * stdout and stderr) under the fixture's temporary directory {@code l2t-…}, and its own Aeron directory
 * {@code /dev/shm/l2t-}<em>id</em>{@code -}<em>host</em>. Every {@code l2.yaml} (the daemons' and {@link #runnerConfig()}, for a runner
 * in the root namespace) has the same {@code cluster:} (one set {@value #SET_NAME}, daemon i in datacenter
 * {@link #datacenter(int)}), the same {@code ammo:} ({@value #AMMO_NAME}: names of the zone, A and AAAA) and the same
 * control channel: UDP multicast on a group and port random per fixture, on the interface in the bridge's subnet,
 * TTL 1; or, when made in unicast mode, {@code control-mode: unicast} on a {@code control-port} random per fixture
 * with {@code host-addresses} giving every daemon's address; and the same {@code security: cluster-key-file}, one key
 * made per fixture ({@link #keyFile()}, mode 0600 in the temporary directory). The root namespace reaches every namespace over the
 * bridge. Made with a scheduler ({@link #ClusterFixture(int, int, Function)}), one daemon's {@code l2.yaml} also says
 * {@code scheduler: true} and every {@code l2.yaml} ends with the same extra top-level sections (a {@code schedules:}
 * list, say), written once the target's address is known.
 * <p>
 * The constructor returns once NSD answers and every daemon answers {@code GET /status} over TCP, within
 * {@link #START_TIMEOUT_NS}; daemons start in parallel. A failure names the daemon and ends with its log's tail,
 * after everything started was stopped and deleted.
 * <p>
 * {@link #close()} stops every daemon (SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT_NS}; the scheduler daemon
 * first and alone, so that it fires nothing while the others stop), NSD, deletes the
 * namespaces and the bridge, the temporary directory and the Aeron directories: every step is attempted, failures
 * are collected into one exception; idempotent; also run by a JVM shutdown hook when the JVM exits without it. A
 * SIGKILL of the test JVM leaves the daemons and NSD running: the daemons' command lines, the namespaces, the
 * temporary and Aeron directories all contain {@code l2t} ({@code pgrep -f l2t} finds the daemons), NSD's command
 * line contains {@code l2-nsd-}. Needs root, iproute2, NSD and the test's classpath. Not thread-safe, except
 * {@link #close()}.
 */
final class ClusterFixture implements AutoCloseable
{
    /** The TCP port of every daemon's REST API. */
    static final int DAEMON_PORT = 9883;
    /** The name of the one set of the inventory. */
    static final String SET_NAME = "load";
    /** The name of the ammo in every {@code l2.yaml}. */
    static final String AMMO_NAME = "zone";
    /** The port NSD listens on in the target namespace. */
    static final int TARGET_PORT = 53;
    /** The hosts of the zone NSD serves ({@code host0} ...), each asked A and AAAA by the ammo. */
    static final int ZONE_HOST_COUNT = 100;
    /** Longest wait for every daemon to answer {@code /status} after they were started. */
    static final long START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    /** Longest wait for the daemons to exit after SIGTERM, all together, before SIGKILL. */
    static final long STOP_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** Longest wait for one daemon to exit after SIGKILL. */
    static final long KILL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    /** Lines of a daemon's log given by {@link #daemonLog(int)}. */
    static final int LOG_TAIL_LINES = 60;

    private static final int MAX_DAEMON_COUNT = 8;
    private static final int DATACENTER_COUNT = 3;
    private static final long PROBE_PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final List<String> DAEMON_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private final String id;
    private final List<String> datacenters;
    private final Path root;
    private final String controlChannel;
    private final int controlPort;
    private final Path ammo;
    private final Path keyFile;
    private final Path runnerConfig;
    private final List<Path> shmDirs = new ArrayList<>();
    private final List<Process> daemons = new ArrayList<>();
    private final List<Path> tmpfsMounts = new ArrayList<>();
    private final Thread shutdownHook;
    private final int schedulerDaemon;
    private final String extraConfigYaml;
    private NetnsBridge bridge;
    private NsdServer nsd;
    private boolean closed;

    /**
     * Start {@code daemonCount} daemons, daemon i in datacenter {@code dc<1 + (i-1) mod 3>}.
     *
     * @param daemonCount 1 to 8.
     * @throws IOException when a step fails (everything started by then is stopped and deleted first).
     */
    ClusterFixture(final int daemonCount) throws IOException
    {
        this(defaultDatacenters(daemonCount), false, 0, null, 0);
    }

    /**
     * Start {@code daemonCount} daemons, daemon i in datacenter {@code dc<1 + (i-1) mod 3>}, in either control mode.
     *
     * @param daemonCount 1 to 8.
     * @param unicast     true: every {@code l2.yaml} says {@code control-mode: unicast}, a {@code control-port} random
     *                    per fixture and {@code host-addresses} mapping every daemon's name to its namespace's
     *                    address (the names do not resolve); false: multicast as {@link #ClusterFixture(List)}.
     * @throws IOException when a step fails (everything started by then is stopped and deleted first).
     */
    ClusterFixture(final int daemonCount, final boolean unicast) throws IOException
    {
        this(defaultDatacenters(daemonCount), unicast, 0, null, 0);
    }

    /**
     * Start {@code daemonCount} daemons as {@link #ClusterFixture(int)} (multicast), daemon {@code schedulerDaemon}'s
     * {@code l2.yaml} with {@code scheduler: true} in its {@code l2:} section, and every {@code l2.yaml} (the
     * daemons' and {@link #runnerConfig()}) ending with {@code extraYaml}'s text.
     *
     * @param daemonCount     1 to 8.
     * @param schedulerDaemon the daemon that runs the scheduler, 1 to {@code daemonCount}.
     * @param extraYaml       given {@link #target()}, returns top-level sections for every {@code l2.yaml} (e.g.
     *                        {@code schedules:}), each line ending with a newline; called once, before any daemon
     *                        starts.
     * @throws IOException when a step fails (everything started by then is stopped and deleted first).
     */
    ClusterFixture(
        final int daemonCount, final int schedulerDaemon, final Function<InetSocketAddress, String> extraYaml)
        throws IOException
    {
        this(defaultDatacenters(daemonCount), false, schedulerDaemon, extraYaml, 0);
    }

    /**
     * Start one daemon per entry of {@code datacenters}.
     *
     * @param datacenters daemon i's datacenter is entry i-1; 1 to 8 entries, names as the inventory takes them.
     * @throws IOException when a step fails (everything started by then is stopped and deleted first).
     */
    ClusterFixture(final List<String> datacenters) throws IOException
    {
        this(datacenters, false, 0, null, 0);
    }

    /**
     * Start {@code daemonCount} daemons as {@link #ClusterFixture(int)} (multicast) and a target that breaks above a
     * rate: NSD with response-rate limiting ({@code rrl-ratelimit: nsdRateLimit}, {@code rrl-slip: 0}: answers above
     * the limit are dropped), and an ammo of one name, so the limit is the whole fleet's (the daemons' addresses are
     * one /24, one query name is one RRL bucket).
     *
     * @param daemonCount  1 to 8.
     * @param nsdRateLimit answers per second NSD gives the fleet, above 0.
     * @throws IOException when a step fails (everything started by then is stopped and deleted first).
     */
    ClusterFixture(final int daemonCount, final int nsdRateLimit) throws IOException
    {
        this(defaultDatacenters(daemonCount), false, 0, null, nsdRateLimit);
    }

    private ClusterFixture(
        final List<String> datacenters,
        final boolean unicast,
        final int schedulerDaemon,
        final Function<InetSocketAddress, String> extraYaml,
        final int nsdRateLimit)
        throws IOException
    {
        if (datacenters.isEmpty() || datacenters.size() > MAX_DAEMON_COUNT)
        {
            throw new IllegalArgumentException("1 to " + MAX_DAEMON_COUNT + " daemons: " + datacenters.size());
        }
        if (schedulerDaemon < 0 || schedulerDaemon > datacenters.size() ||
            (0 == schedulerDaemon) != (null == extraYaml))
        {
            throw new IllegalArgumentException("scheduler daemon " + schedulerDaemon + " of 1.." + datacenters.size() +
                (null == extraYaml ? " without" : " with") + " extra l2.yaml");
        }
        this.datacenters = List.copyOf(datacenters);
        this.schedulerDaemon = schedulerDaemon;
        id = String.format("%06x", ThreadLocalRandom.current().nextInt(0x1000000));
        root = Files.createTempDirectory("l2t-" + id + "-");
        shutdownHook = new Thread(this::closeQuietly, "cluster-fixture-cleanup-" + id);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try
        {
            bridge = new NetnsBridge(datacenters.size() + 1);
            final ThreadLocalRandom random = ThreadLocalRandom.current();
            // Aeron takes the group's next address for control: the group's last octet is odd
            controlChannel = "aeron:udp?endpoint=239.255." + bridge.subnet() + "." + (1 + 2 * random.nextInt(127)) +
                ":" + (20_000 + random.nextInt(20_000)) + "|interface=10.213." + bridge.subnet() + ".0/24|ttl=1";
            controlPort = unicast ? 20_000 + 2 * random.nextInt(10_000) : 0;
            extraConfigYaml = null == extraYaml ? "" : extraYaml.apply(target());
            final ZoneWriter zone = ZoneWriter.exampleTest(ZONE_HOST_COUNT);
            ammo = writeAmmo(zone, nsdRateLimit > 0);
            keyFile = TestKeys.write(root, "cluster.key");
            for (int i = 1; i <= daemonCount(); i++)
            {
                writeConfig(hostName(i), i == schedulerDaemon);
            }
            runnerConfig = writeConfig("runner", false);
            for (int i = 1; i <= daemonCount(); i++)
            {
                daemons.add(startDaemon(i));
            }
            nsd = nsdRateLimit > 0 ?
                NsdServer.startRateLimited(zone, target(), bridge.exec(daemonCount() + 1, List.of()), nsdRateLimit) :
                NsdServer.start(zone, target(), bridge.exec(daemonCount() + 1, List.of()));
            awaitDaemons();
        }
        catch (final IOException | RuntimeException ex)
        {
            try
            {
                close();
            }
            catch (final IOException | RuntimeException cleanupEx)
            {
                ex.addSuppressed(cleanupEx);
            }
            throw ex;
        }
    }

    /**
     * @return the number of daemons.
     */
    int daemonCount()
    {
        return datacenters.size();
    }

    /**
     * @return the runner's {@code l2.yaml}: the daemons' cluster, ammo and control channel, its own directories and
     * Aeron directory, for a runner in the root namespace.
     */
    Path runnerConfig()
    {
        return runnerConfig;
    }

    /**
     * @return the cluster key file every {@code l2.yaml} names.
     */
    Path keyFile()
    {
        return keyFile;
    }

    /**
     * @return the {@code results-dir} of {@link #runnerConfig()}.
     */
    Path runnerResultsDir()
    {
        return runnerConfig.resolveSibling("results");
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return daemon i's {@code l2.yaml}.
     */
    Path config(final int i)
    {
        return hostDir(i).resolve("l2.yaml");
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return daemon i's host name in the inventory and its {@code --host}: {@code l2t-load}<em>i</em>.
     */
    String hostName(final int i)
    {
        check(i);
        return "l2t-load" + i;
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return daemon i's datacenter in the inventory.
     */
    String datacenter(final int i)
    {
        check(i);
        return datacenters.get(i - 1);
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return daemon i's IPv4 address, {@code 10.213.R.(10+i)}, which its REST API binds.
     */
    String address(final int i)
    {
        check(i);
        return bridge.address(i);
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return daemon i's network namespace.
     */
    String namespace(final int i)
    {
        check(i);
        return bridge.namespace(i);
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return daemon i's Aeron directory ({@code aeron-dir}) in {@code /dev/shm}.
     */
    Path aeronDir(final int i)
    {
        check(i);
        return shmDirs.get(i - 1);
    }

    /**
     * @return the fixture's temporary directory (every host's directory, the runner's, the ammo), deleted by
     * {@link #close()}.
     */
    Path directory()
    {
        return root;
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return daemon i's REST API over TCP, e.g. {@code http://10.213.7.11:9883}.
     */
    URI uri(final int i)
    {
        return URI.create("http://" + address(i) + ":" + DAEMON_PORT);
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return daemon i's unix socket ({@code l2-socket}).
     */
    Path socket(final int i)
    {
        return hostDir(i).resolve("l2.socket");
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return daemon i's {@code data-dir}.
     */
    Path dataDir(final int i)
    {
        return hostDir(i).resolve("data");
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return daemon i's {@code results-dir}.
     */
    Path resultsDir(final int i)
    {
        return hostDir(i).resolve("results");
    }

    /**
     * @return the {@code control-port} of every {@code l2.yaml} in unicast mode, 0 in multicast mode.
     */
    int controlPort()
    {
        return controlPort;
    }

    /**
     * @return the control channel of every {@code l2.yaml}.
     */
    String controlChannel()
    {
        return controlChannel;
    }

    /**
     * @return NSD in the target namespace: its address (reached from every namespace and the root) and port 53.
     */
    InetSocketAddress target()
    {
        return new InetSocketAddress(bridge.address(daemonCount() + 1), TARGET_PORT);
    }

    /**
     * @return the target namespace, where NSD runs.
     */
    String targetNamespace()
    {
        return bridge.namespace(daemonCount() + 1);
    }

    /**
     * @return the PID of NSD's main process.
     */
    long targetPid()
    {
        return nsd.pid();
    }

    /**
     * @return the ammo file: {@code host<n>.example.test A} and {@code AAAA} for every host of the zone, all NOERROR.
     */
    Path ammo()
    {
        return ammo;
    }

    /**
     * @return the ammo's name in every {@code l2.yaml}.
     */
    String ammoName()
    {
        return AMMO_NAME;
    }

    /**
     * @return the inventory's one set.
     */
    String setName()
    {
        return SET_NAME;
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return daemon i's process ({@code ip netns exec} execs the JVM, so this is the daemon's JVM).
     */
    Process daemon(final int i)
    {
        check(i);
        return daemons.get(i - 1);
    }

    /**
     * SIGKILL daemon i and wait for its exit; its socket file and Aeron directory are left (as after a crash) until
     * {@link #close()}.
     *
     * @param i 1 to {@link #daemonCount()}.
     * @throws IllegalStateException when it is still alive after {@link #KILL_TIMEOUT_NS}.
     */
    void kill(final int i)
    {
        final Process process = daemon(i);
        process.destroyForcibly();
        if (!waitFor(process, KILL_TIMEOUT_NS))
        {
            throw new IllegalStateException(hostName(i) + " (pid " + process.pid() + ") alive after SIGKILL");
        }
    }

    /**
     * SIGTERM daemon i and wait for its exit (SIGKILL after {@link #STOP_TIMEOUT_NS}): a running shoot ends, its
     * results are written, its Aeron directory is deleted.
     *
     * @param i 1 to {@link #daemonCount()}.
     * @throws IllegalStateException when it is still alive after SIGKILL.
     */
    void stop(final int i)
    {
        final List<String> errors = new ArrayList<>();
        daemon(i).destroy();
        stopDaemon(i, System.nanoTime() + STOP_TIMEOUT_NS, errors);
        if (!errors.isEmpty())
        {
            throw new IllegalStateException(String.join("; ", errors));
        }
    }

    /**
     * Start daemon i again after {@link #kill(int)} or {@link #stop(int)}: the same command line (same
     * {@code l2.yaml}, data, results and Aeron directories, its log appended to) at once: the Aeron directory a killed
     * daemon left still has a fresh heartbeat, but its driver's pid is dead, which the daemon checks; returns once it
     * answers {@code GET /status}, within {@link #START_TIMEOUT_NS}.
     *
     * @param i 1 to {@link #daemonCount()}, not running.
     * @throws IOException when it does not start or answer.
     */
    void restart(final int i) throws IOException
    {
        if (daemon(i).isAlive())
        {
            throw new IllegalStateException(hostName(i) + " is running");
        }
        final List<String> command = l2Command(List.of("daemon", "--config", config(i).toString(),
            "--host", hostName(i), "--bind", address(i), "--port", Integer.toString(DAEMON_PORT)));
        daemons.set(i - 1, new ProcessBuilder(bridge.exec(i, command))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(i).toFile()))
            .start());
        awaitDaemons();
    }

    /**
     * Cut daemon i's link (its veth end on the bridge down, as a pulled cable) or restore it.
     *
     * @param i  1 to {@link #daemonCount()}.
     * @param up true to restore, false to cut.
     * @throws IOException when {@code ip} fails.
     */
    void link(final int i, final boolean up) throws IOException
    {
        check(i);
        bridge.setLink(i, up);
    }

    /**
     * Mount a tmpfs of {@code sizeMiB} MiB on daemon i's (empty) data directory, in the root mount namespace: a
     * daemon started after it ({@link #restart(int)}) sees it, a running one may not. {@link #close()} unmounts it if
     * {@link #unmountTmpfs(int)} did not.
     *
     * @param i       1 to {@link #daemonCount()}.
     * @param sizeMiB the file system's size.
     * @throws IOException when {@code mount} fails.
     */
    void mountTmpfs(final int i, final int sizeMiB) throws IOException
    {
        final Path dir = dataDir(i);
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + sizeMiB + "m,mode=0755", "l2t-" + id + "-tmpfs",
            dir.toString()));
        tmpfsMounts.add(dir);
    }

    /**
     * Unmount the tmpfs of {@link #mountTmpfs(int, int)} (lazily when still busy); its files are gone with it.
     *
     * @param i 1 to {@link #daemonCount()}.
     * @throws IOException when {@code umount} fails.
     */
    void unmountTmpfs(final int i) throws IOException
    {
        final Path dir = dataDir(i);
        if (tmpfsMounts.remove(dir))
        {
            unmount(dir);
        }
    }

    /**
     * The command line that runs a command in the target's namespace (where NSD runs).
     *
     * @param command the command and its arguments.
     * @return {@code ip netns exec <target namespace> command...}.
     */
    List<String> targetExec(final List<String> command)
    {
        return bridge.exec(daemonCount() + 1, command);
    }

    /**
     * @return the name of the target's network interface inside its namespace (its veth end).
     */
    String targetInterface()
    {
        return bridge.innerVeth(daemonCount() + 1);
    }

    /**
     * Runs a command to its end (at most 10 s), its output kept for the error.
     *
     * @param command the command.
     * @return its output.
     * @throws IOException when it fails or exits non-zero.
     */
    static String run(final List<String> command) throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!waitFor(process, TimeUnit.SECONDS.toNanos(10)))
        {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": no exit within 10 s");
        }
        if (0 != process.exitValue())
        {
            throw new IOException(String.join(" ", command) + ": exit " + process.exitValue() + ": " + output);
        }
        return output;
    }

    private static void unmount(final Path dir) throws IOException
    {
        try
        {
            run(List.of("umount", dir.toString()));
        }
        catch (final IOException ex)
        {
            run(List.of("umount", "-l", dir.toString()));
        }
    }

    /**
     * The queries NSD received so far, from its own statistics ({@code num.queries} of
     * {@code nsd-control stats_noreset}, over its control socket); the fixture's start-up probes are included, so
     * compare two readings.
     *
     * @return the count.
     */
    long targetQueryCount()
    {
        return nsd.queryCount();
    }

    /**
     * @return the queries NSD received over TCP so far ({@code num.tcp}); compare two readings.
     */
    long targetTcpQueryCount()
    {
        return nsd.stat("num.tcp");
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return daemon i's {@code daemon.log}: its whole stdout and stderr (the scheduler's lines too).
     */
    Path logFile(final int i)
    {
        return hostDir(i).resolve("daemon.log");
    }

    /**
     * @return every daemon's {@link #daemonLog(int)}, each under a {@code --- daemon i:} line, for failure messages.
     */
    String logs()
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 1; i <= daemonCount(); i++)
        {
            text.append("\n--- daemon ").append(i).append(":\n").append(daemonLog(i));
        }
        return text.toString();
    }

    /**
     * @param i 1 to {@link #daemonCount()}.
     * @return the last {@link #LOG_TAIL_LINES} lines of daemon i's stdout and stderr, for failure messages.
     */
    String daemonLog(final int i)
    {
        final Path log = logFile(i);
        try
        {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return hostName(i) + " log " + log + ":\n" +
                String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        }
        catch (final IOException ex)
        {
            return hostName(i) + " log " + log + ": unreadable (" + ex + ")";
        }
    }

    /**
     * Stop every daemon (SIGTERM, SIGKILL after {@link #STOP_TIMEOUT_NS}), unmount what {@link #mountTmpfs} mounted,
     * stop NSD, delete the namespaces, the bridge,
     * the temporary directory and the Aeron directories. Every step is attempted; idempotent.
     *
     * @throws IOException naming every step that failed.
     */
    @Override
    public synchronized void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final List<String> errors = new ArrayList<>();
        stopDaemons(errors);
        for (final Path dir : tmpfsMounts)
        {
            try
            {
                unmount(dir);
            }
            catch (final IOException ex)
            {
                errors.add(ex.getMessage());
            }
        }
        tmpfsMounts.clear();
        if (null != nsd)
        {
            try
            {
                nsd.close();
            }
            catch (final RuntimeException ex)
            {
                errors.add("NSD: " + ex.getMessage());
            }
        }
        if (null != bridge)
        {
            try
            {
                bridge.close();
            }
            catch (final IOException | RuntimeException ex)
            {
                errors.add(ex.getMessage());
            }
        }
        deleteRecursively(root, errors);
        for (final Path dir : shmDirs)
        {
            deleteRecursively(dir, errors);
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException ignore)
        {
            // called by the hook itself while the JVM shuts down
        }
        if (!errors.isEmpty())
        {
            throw new IOException("cluster fixture cleanup failed: " + String.join("; ", errors));
        }
    }

    private static List<String> defaultDatacenters(final int daemonCount)
    {
        if (daemonCount < 1 || daemonCount > MAX_DAEMON_COUNT)
        {
            throw new IllegalArgumentException("1 to " + MAX_DAEMON_COUNT + " daemons: " + daemonCount);
        }
        final List<String> datacenters = new ArrayList<>();
        for (int i = 1; i <= daemonCount; i++)
        {
            datacenters.add("dc" + (1 + (i - 1) % DATACENTER_COUNT));
        }
        return datacenters;
    }

    private void check(final int i)
    {
        if (i < 1 || i > daemonCount())
        {
            throw new IndexOutOfBoundsException("daemon " + i + " of 1.." + daemonCount());
        }
    }

    private Path hostDir(final int i)
    {
        return root.resolve(hostName(i));
    }

    private Path writeAmmo(final ZoneWriter zone, final boolean oneName) throws IOException
    {
        final StringBuilder text = new StringBuilder("# every name exists in " + zone.origin() + "\n");
        if (oneName)
        {
            text.append(zone.hostName(1)).append(" A\n");
        }
        for (int n = 0; n < (oneName ? 0 : zone.hostCount()); n++)
        {
            text.append(zone.hostName(n)).append(" A\n");
            text.append(zone.hostName(n)).append(" AAAA\n");
        }
        return Files.writeString(root.resolve("ammo.txt"), text, StandardCharsets.US_ASCII);
    }

    private Path writeConfig(final String name, final boolean scheduler) throws IOException
    {
        final Path dir = Files.createDirectory(root.resolve(name));
        for (final String sub : List.of("data", "results", "log"))
        {
            Files.createDirectory(dir.resolve(sub));
        }
        final Path aeronDir = Path.of("/dev/shm", "l2t-" + id + "-" + name);
        shmDirs.add(aeronDir);
        final Map<String, List<String>> hostsByDatacenter = new LinkedHashMap<>();
        for (int i = 1; i <= daemonCount(); i++)
        {
            hostsByDatacenter.computeIfAbsent(datacenter(i), (dc) -> new ArrayList<>()).add(hostName(i));
        }
        final StringBuilder yaml = new StringBuilder(1024);
        yaml.append("# written by ClusterFixture for ").append(name).append('\n');
        yaml.append("l2:\n");
        yaml.append("  l2-socket: ").append(quote(dir.resolve("l2.socket"))).append('\n');
        yaml.append("  l2-port: ").append(DAEMON_PORT).append('\n');
        yaml.append("  data-dir: ").append(quote(dir.resolve("data"))).append('\n');
        yaml.append("  results-dir: ").append(quote(dir.resolve("results"))).append('\n');
        yaml.append("  log-dir: ").append(quote(dir.resolve("log"))).append('\n');
        yaml.append("  aeron-dir: ").append(quote(aeronDir)).append('\n');
        yaml.append("  control-channel: ").append(quote(controlChannel)).append('\n');
        if (scheduler)
        {
            yaml.append("  scheduler: true\n");
        }
        if (0 != controlPort)
        {
            yaml.append("  control-mode: unicast\n");
            yaml.append("  control-port: ").append(controlPort).append('\n');
            yaml.append("  host-addresses:\n");
            for (int i = 1; i <= daemonCount(); i++)
            {
                yaml.append("    ").append(quote(hostName(i))).append(": ").append(quote(address(i))).append('\n');
            }
        }
        yaml.append("cluster:\n");
        yaml.append("  ").append(SET_NAME).append(":\n");
        for (final Map.Entry<String, List<String>> datacenter : hostsByDatacenter.entrySet())
        {
            yaml.append("    ").append(quote(datacenter.getKey())).append(":\n");
            for (final String host : datacenter.getValue())
            {
                yaml.append("      - ").append(quote(host)).append('\n');
            }
        }
        yaml.append("ammo:\n");
        yaml.append("  ").append(AMMO_NAME).append(": ").append(quote(ammo)).append('\n');
        yaml.append(TestKeys.securityYaml(keyFile));
        yaml.append(extraConfigYaml);
        return Files.writeString(dir.resolve("l2.yaml"), yaml, StandardCharsets.UTF_8);
    }

    private static String quote(final Object value)
    {
        final String text = value.toString();
        if (text.contains("\"") || text.contains("\\"))
        {
            throw new IllegalArgumentException("no quotes or backslashes expected in " + text);
        }
        return "\"" + text + "\"";
    }

    /**
     * The command line of an {@code l2} JVM as the test JVM runs (same java, same flags, same class path).
     *
     * @param args l2's arguments.
     * @return the command.
     */
    static List<String> l2Command(final List<String> args)
    {
        return TestJvm.l2(DAEMON_JVM_OPTIONS, args);
    }

    private Process startDaemon(final int i) throws IOException
    {
        final List<String> command = l2Command(List.of("daemon", "--config", config(i).toString(),
            "--host", hostName(i), "--bind", address(i), "--port", Integer.toString(DAEMON_PORT)));
        return new ProcessBuilder(bridge.exec(i, command))
            .redirectErrorStream(true)
            .redirectOutput(logFile(i).toFile())
            .start();
    }

    private void awaitDaemons() throws IOException
    {
        final long deadlineNs = System.nanoTime() + START_TIMEOUT_NS;
        final HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        for (int i = 1; i <= daemonCount(); i++)
        {
            final HttpRequest request = HttpRequest.newBuilder(uri(i).resolve("/status")).timeout(PROBE_TIMEOUT)
                .GET().build();
            String last = "no answer";
            while (true)
            {
                final Process process = daemon(i);
                if (!process.isAlive())
                {
                    throw new IOException(hostName(i) + " exited with " + process.exitValue() +
                        " before answering /status; " + daemonLog(i));
                }
                try
                {
                    final HttpResponse<String> response =
                        client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (200 == response.statusCode())
                    {
                        break;
                    }
                    last = "HTTP " + response.statusCode() + " " + response.body();
                }
                catch (final IOException ex)
                {
                    // refused or reset while the daemon starts: ask again
                    last = ex.toString();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + hostName(i), ex);
                }
                if (System.nanoTime() - deadlineNs >= 0)
                {
                    throw new IOException(hostName(i) + " did not answer GET " + request.uri() + " within " +
                        TimeUnit.NANOSECONDS.toSeconds(START_TIMEOUT_NS) + " s (last: " + last + "); " +
                        daemonLog(i));
                }
                LockSupport.parkNanos(PROBE_PAUSE_NS);
            }
        }
    }

    private void stopDaemons(final List<String> errors)
    {
        // the scheduler's daemon first: no new fire while the others stop
        if (0 != schedulerDaemon && schedulerDaemon <= daemons.size())
        {
            daemons.get(schedulerDaemon - 1).destroy();
            stopDaemon(schedulerDaemon, System.nanoTime() + STOP_TIMEOUT_NS, errors);
        }
        for (int i = 1; i <= daemons.size(); i++)
        {
            if (i != schedulerDaemon)
            {
                daemons.get(i - 1).destroy();
            }
        }
        final long deadlineNs = System.nanoTime() + STOP_TIMEOUT_NS;
        for (int i = 1; i <= daemons.size(); i++)
        {
            if (i != schedulerDaemon)
            {
                stopDaemon(i, deadlineNs, errors);
            }
        }
    }

    private void stopDaemon(final int i, final long deadlineNs, final List<String> errors)
    {
        final Process process = daemons.get(i - 1);
        if (!waitFor(process, Math.max(0, deadlineNs - System.nanoTime())))
        {
            errors.add(hostName(i) + " (pid " + process.pid() + ") ignored SIGTERM for " +
                TimeUnit.NANOSECONDS.toSeconds(STOP_TIMEOUT_NS) + " s: killed");
            process.destroyForcibly();
            if (!waitFor(process, KILL_TIMEOUT_NS))
            {
                errors.add(hostName(i) + " (pid " + process.pid() + ") alive after SIGKILL");
            }
        }
    }

    private static boolean waitFor(final Process process, final long timeoutNs)
    {
        try
        {
            return process.waitFor(timeoutNs, TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void deleteRecursively(final Path dir, final List<String> errors)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            errors.add("cannot delete " + dir + ": " + ex);
        }
    }

    private void closeQuietly()
    {
        try
        {
            close();
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("cluster fixture cleanup at JVM exit: " + ex.getMessage());
        }
    }
}
