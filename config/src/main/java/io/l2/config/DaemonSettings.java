package io.l2.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code l2:} section of {@code l2.yaml}: where the daemon listens and where it keeps its files.
 * Immutable.
 *
 * @param socketPath the unix socket of the local HTTP API, as written (at most 107 bytes in UTF-8).
 * @param port       the TCP port of the HTTP API (only: control is on the control channel), 1..65535.
 * @param dataDir    the directory of the Chronicle queues (one per shoot).
 * @param resultsDir the directory of the results (one folder per shoot).
 * @param logDir     the directory of the daemon's logs.
 * @param dedicated  true when the host does nothing but shoot: shooter threads then busy-spin by default (lowest
 *                   latency, a whole core each); false (the default) uses a backoff idle strategy.
 * @param aeronDir       the directory of the daemon's embedded Aeron media driver (deleted on start and on stop).
 * @param controlChannel the Aeron channel of the control plane, starting with {@code aeron:}.
 * @param controlStream  the Aeron stream id of the control plane, 1..2^31-1.
 * @param controlMode    multicast (one channel, {@code controlChannel}) or unicast (multi-destination-cast on
 *                       {@code controlPort}).
 * @param controlPort    unicast: the UDP port daemons receive control on, 1..65534; they answer on the next one.
 * @param hostAddresses  host name as the inventory writes it -> its address (and optional own control port), for
 *                       hosts whose names do not resolve; unmodifiable, in the order written; looked up without
 *                       regard to case by {@link #hostAddress(String)}.
 * @param apiBind        the address the HTTP API listens on ({@code l2-bind}), or null for every interface.
 * @param socketGroup    the group the unix socket is given ({@code l2-socket-group}; mode 0660), or null to keep the
 *                       daemon's own group.
 * @param shooterCpus    the CPUs this host pins its shooter threads to ({@code shooter-cpus}, a Linux CPU list such
 *                       as {@code 2-5}) when a fire does not say, or null to leave them to the scheduler.
 */
public record DaemonSettings(
    String socketPath, int port, Path dataDir, Path resultsDir, Path logDir, boolean dedicated, Path aeronDir,
    String controlChannel, int controlStream, ControlMode controlMode, int controlPort,
    Map<String, HostAddress> hostAddresses, String apiBind, String socketGroup, String shooterCpus)
{
    /**
     * Default {@code l2-socket}.
     */
    public static final String DEFAULT_SOCKET_PATH = "/var/run/l2.socket";

    /**
     * Default {@code l2-port}.
     */
    public static final int DEFAULT_PORT = 9883;

    /**
     * Default {@code data-dir}.
     */
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/l2");

    /**
     * Default {@code results-dir}.
     */
    public static final Path DEFAULT_RESULTS_DIR = Path.of("/var/lib/l2/results");

    /**
     * Default {@code log-dir}.
     */
    public static final Path DEFAULT_LOG_DIR = Path.of("/var/log/l2");

    /**
     * Default {@code aeron-dir}: in shared memory.
     */
    public static final Path DEFAULT_AERON_DIR = Path.of("/dev/shm/l2-aeron");

    /**
     * Default {@code control-channel}: UDP multicast, crossing up to 8 routers.
     */
    public static final String DEFAULT_CONTROL_CHANNEL = "aeron:udp?endpoint=239.255.98.83:9884|ttl=8";

    /**
     * Default {@code control-stream}.
     */
    public static final int DEFAULT_CONTROL_STREAM = 9883;

    /**
     * Default {@code control-mode}.
     */
    public static final ControlMode DEFAULT_CONTROL_MODE = ControlMode.MULTICAST;

    /**
     * Default {@code control-port} (unicast): daemons receive on it and answer on the next port.
     */
    public static final int DEFAULT_CONTROL_PORT = 9884;

    /**
     * The highest {@code control-port}: the answers go to the next port.
     */
    public static final int MAX_CONTROL_PORT = 65534;

    /**
     * The prefix every Aeron channel starts with.
     */
    public static final String CHANNEL_PREFIX = "aeron:";

    /**
     * The longest unix socket path the kernel takes ({@code sun_path} is 108 bytes with its NUL).
     */
    public static final int MAX_SOCKET_PATH_LENGTH = 107;

    /**
     * All defaults, as when {@code l2.yaml} has no {@code l2:} section.
     */
    public static final DaemonSettings DEFAULTS = new DaemonSettings(
        DEFAULT_SOCKET_PATH, DEFAULT_PORT, DEFAULT_DATA_DIR, DEFAULT_RESULTS_DIR, DEFAULT_LOG_DIR, false,
        DEFAULT_AERON_DIR, DEFAULT_CONTROL_CHANNEL, DEFAULT_CONTROL_STREAM);

    /**
     * Settings in multicast control mode ({@link #DEFAULT_CONTROL_MODE}, {@link #DEFAULT_CONTROL_PORT}, no host
     * addresses).
     *
     * @param socketPath     the unix socket of the local HTTP API.
     * @param port           the TCP port of the HTTP API.
     * @param dataDir        the directory of the Chronicle queues.
     * @param resultsDir     the directory of the results.
     * @param logDir         the directory of the daemon's logs.
     * @param dedicated      whether shooter threads busy-spin by default.
     * @param aeronDir       the directory of the daemon's embedded Aeron media driver.
     * @param controlChannel the Aeron channel of the control plane.
     * @param controlStream  the Aeron stream id of the control plane.
     */
    public DaemonSettings(
        final String socketPath, final int port, final Path dataDir, final Path resultsDir, final Path logDir,
        final boolean dedicated, final Path aeronDir, final String controlChannel, final int controlStream)
    {
        this(socketPath, port, dataDir, resultsDir, logDir, dedicated, aeronDir, controlChannel, controlStream,
            DEFAULT_CONTROL_MODE, DEFAULT_CONTROL_PORT, Map.of(), null, null);
    }

    /**
     * Settings listening on every interface, the socket keeping the daemon's group.
     *
     * @param socketPath     the unix socket of the local HTTP API.
     * @param port           the TCP port of the HTTP API.
     * @param dataDir        the directory of the Chronicle queues.
     * @param resultsDir     the directory of the results.
     * @param logDir         the directory of the daemon's logs.
     * @param dedicated      whether shooter threads busy-spin by default.
     * @param aeronDir       the directory of the daemon's embedded Aeron media driver.
     * @param controlChannel the Aeron channel of the control plane.
     * @param controlStream  the Aeron stream id of the control plane.
     * @param controlMode    multicast or unicast.
     * @param controlPort    unicast: the UDP port daemons receive control on.
     * @param hostAddresses  host name to its address, for hosts whose names do not resolve.
     */
    public DaemonSettings(
        final String socketPath, final int port, final Path dataDir, final Path resultsDir, final Path logDir,
        final boolean dedicated, final Path aeronDir, final String controlChannel, final int controlStream,
        final ControlMode controlMode, final int controlPort, final Map<String, HostAddress> hostAddresses)
    {
        this(socketPath, port, dataDir, resultsDir, logDir, dedicated, aeronDir, controlChannel, controlStream,
            controlMode, controlPort, hostAddresses, null, null);
    }

    /**
     * Settings that leave the shooter threads to the scheduler.
     *
     * @param socketPath     the unix socket of the local HTTP API.
     * @param port           the TCP port of the HTTP API.
     * @param dataDir        the directory of the Chronicle queues.
     * @param resultsDir     the directory of the results.
     * @param logDir         the directory of the daemon's logs.
     * @param dedicated      whether shooter threads busy-spin by default.
     * @param aeronDir       the directory of the daemon's embedded Aeron media driver.
     * @param controlChannel the Aeron channel of the control plane.
     * @param controlStream  the Aeron stream id of the control plane.
     * @param controlMode    multicast or unicast.
     * @param controlPort    unicast: the UDP port daemons receive control on.
     * @param hostAddresses  host name to its address, for hosts whose names do not resolve.
     * @param apiBind        the address the HTTP API listens on, or null for every interface.
     * @param socketGroup    the group the unix socket is given, or null.
     */
    public DaemonSettings(
        final String socketPath, final int port, final Path dataDir, final Path resultsDir, final Path logDir,
        final boolean dedicated, final Path aeronDir, final String controlChannel, final int controlStream,
        final ControlMode controlMode, final int controlPort, final Map<String, HostAddress> hostAddresses,
        final String apiBind, final String socketGroup)
    {
        this(socketPath, port, dataDir, resultsDir, logDir, dedicated, aeronDir, controlChannel, controlStream,
            controlMode, controlPort, hostAddresses, apiBind, socketGroup, null);
    }

    /**
     * Validates the components.
     */
    public DaemonSettings
    {
        Objects.requireNonNull(socketPath, "socketPath");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(resultsDir, "resultsDir");
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(aeronDir, "aeronDir");
        Objects.requireNonNull(controlChannel, "controlChannel");
        Objects.requireNonNull(controlMode, "controlMode");
        Objects.requireNonNull(hostAddresses, "hostAddresses");
        if (socketPath.isEmpty() || socketPath.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_LENGTH)
        {
            throw new IllegalArgumentException("socketPath must be 1.." + MAX_SOCKET_PATH_LENGTH + " bytes");
        }
        if (port < 1 || port > 65535)
        {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
        if (!controlChannel.startsWith(CHANNEL_PREFIX))
        {
            throw new IllegalArgumentException("controlChannel must start with " + CHANNEL_PREFIX + ": " +
                controlChannel);
        }
        if (controlStream < 1)
        {
            throw new IllegalArgumentException("controlStream must be 1..2147483647: " + controlStream);
        }
        if (controlPort < 1 || controlPort > MAX_CONTROL_PORT)
        {
            throw new IllegalArgumentException("controlPort must be 1.." + MAX_CONTROL_PORT + ": " + controlPort);
        }
        final Map<String, HostAddress> copy = new LinkedHashMap<>();
        final Map<String, String> lowerCase = new LinkedHashMap<>();
        for (final Map.Entry<String, HostAddress> entry : hostAddresses.entrySet())
        {
            final String host = Objects.requireNonNull(entry.getKey(), "host");
            if (null != lowerCase.put(host.toLowerCase(Locale.ROOT), host))
            {
                throw new IllegalArgumentException("hostAddresses has " + host + " twice (names ignore case)");
            }
            copy.put(host, Objects.requireNonNull(entry.getValue(), "address of " + host));
        }
        hostAddresses = Collections.unmodifiableMap(copy);
        if (null != apiBind && !HostSyntax.isIpv4(apiBind) && !HostSyntax.isIpv6(apiBind))
        {
            throw new IllegalArgumentException("apiBind must be a literal IP address: " + apiBind);
        }
        if (null != socketGroup && (socketGroup.isBlank() || socketGroup.indexOf(':') >= 0))
        {
            throw new IllegalArgumentException("socketGroup must be a group name: " + socketGroup);
        }
    }

    /**
     * The {@code host-addresses} entry of a host, its name compared without regard to case.
     *
     * @param host the host's name.
     * @return its entry, or empty when it has none (its name is then resolved).
     */
    public Optional<HostAddress> hostAddress(final String host)
    {
        final HostAddress exact = hostAddresses.get(host);
        if (null != exact)
        {
            return Optional.of(exact);
        }
        for (final Map.Entry<String, HostAddress> entry : hostAddresses.entrySet())
        {
            if (entry.getKey().equalsIgnoreCase(host))
            {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }
}
