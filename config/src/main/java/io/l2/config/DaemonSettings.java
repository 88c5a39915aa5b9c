package io.l2.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code l2:} section of {@code l2.yaml}: where the daemon listens and where it keeps its files.
 * Immutable.
 *
 * @param socketPath the unix socket of the local HTTP API, as written (at most 107 bytes in UTF-8).
 * @param port       the TCP port of the HTTP API and control plane, 1..65535.
 * @param dataDir    the directory of the Chronicle queues (one per shoot).
 * @param resultsDir the directory of the results (one folder per shoot).
 * @param logDir     the directory of the daemon's logs.
 * @param dedicated  true when the host does nothing but shoot: shooter threads then busy-spin by default (lowest
 *                   latency, a whole core each); false (the default) uses a backoff idle strategy.
 * @param aeronDir       the directory of the daemon's embedded Aeron media driver (deleted on start and on stop).
 * @param controlChannel the Aeron channel of the control plane, starting with {@code aeron:}.
 * @param controlStream  the Aeron stream id of the control plane, 1..2^31-1.
 */
public record DaemonSettings(
    String socketPath, int port, Path dataDir, Path resultsDir, Path logDir, boolean dedicated, Path aeronDir,
    String controlChannel, int controlStream)
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
    }
}
