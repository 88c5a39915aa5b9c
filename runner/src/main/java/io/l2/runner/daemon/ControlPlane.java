/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.ThreadingMode;
import io.l2.config.ClusterSet;
import io.l2.runner.base.InputException;
import io.l2.runner.control.EmbeddedAeron;
import io.l2.config.L2Config;
import io.l2.runner.control.ControlChannels;
import io.l2.runner.control.ControlKeys;
import io.l2.transport.auth.ClusterKeys;
import io.l2.transport.auth.MessageSigner;
import io.l2.transport.auth.MessageVerifier;
import io.l2.transport.auth.Rejection;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.codecs.SecondAggregateDecoder;
import io.l2.transport.control.ControlAdapter;
import io.l2.transport.control.ControlListener;
import io.l2.transport.control.ControlProxy;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.collections.LongArrayQueue;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * The daemon's side of the control channel: an embedded Aeron media driver ({@link ThreadingMode#SHARED}, backoff
 * idle, its directory deleted on start and on close), an Aeron client, one subscription and one publication on the
 * control stream (the same multicast channel, or in unicast mode a unicast subscription and a dynamic
 * multi-destination-cast publication: see {@link ControlChannels}), and an {@link Agent} on its own {@link AgentRunner} thread that polls the subscription
 * through a {@link FragmentAssembler} and a {@link ControlAdapter}.
 * <p>
 * The agent sends a hello heartbeat (correlation id 0; this host's name, datacenter, state, version and the SHA-256
 * of each named ammo) every {@link #HEARTBEAT_INTERVAL_NS} and answers every hello with a non-zero correlation id (a
 * runner's probe) with its own hello echoing that id, at most once per id among the last {@link #ANSWERED_MEMORY}
 * ids (an answer refused by back pressure is retried, at most that many wait), so two daemons never answer each
 * other's answers forever. Fires, leases and aborts go to the {@link ShootService}, which runs the shoots on its own
 * thread. Messages from its own host are ignored.
 * <p>
 * With cluster keys, every message sent is signed (the agent and the shoot thread each with their own signer) and
 * every message received is verified before it is decoded: an unauthenticated, stale, replayed or malformed one is
 * dropped, counted, and logged once per source and reason. Without a key the daemon still sends (unsigned) hellos and
 * answers probes, but refuses every fire addressed to it with a one-line reason and ignores leases and aborts; each of
 * these runners' messages (probes, fires to it, leases, aborts), which it cannot check, is counted as unauthenticated. The
 * counts of valid, malformed and rejected messages, and whether the plane is authenticated, are published to
 * {@link DaemonState}. Every thread it starts (the driver's, the client's, the agent's, the shoot's) is named
 * {@link Daemon#THREAD_PREFIX}{@code …}. Start and close from one thread.
 */
public final class ControlPlane implements AutoCloseable
{
    /** The interval of the hello heartbeat, in ns. */
    public static final long HEARTBEAT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    /** How many answered correlation ids are remembered to answer each once. */
    public static final int ANSWERED_MEMORY = 64;

    private static final long DRIVER_ACTIVE_TIMEOUT_MS = 5_000;
    private static final int FRAGMENT_LIMIT = 16;

    private final EmbeddedAeron embedded;
    private final AgentRunner runner;
    private final ShootService shoots;
    private final Path aeronDir;
    private final ControlChannels.DaemonChannels channels;
    private final int stream;

    private ControlPlane(
        final EmbeddedAeron embedded, final AgentRunner runner, final ShootService shoots,
        final Path aeronDir, final ControlChannels.DaemonChannels channels, final int stream)
    {
        this.embedded = embedded;
        this.runner = runner;
        this.shoots = shoots;
        this.aeronDir = aeronDir;
        this.channels = channels;
        this.stream = stream;
    }

    /**
     * Starts the driver, the client and the agent.
     *
     * @param aeronDir the media driver's directory; refused when a live driver uses it, else deleted and recreated.
     * @param channels the daemon's subscription and publication, e.g. both
     *                 {@code aeron:udp?endpoint=239.255.98.83:9884|ttl=8}.
     * @param stream   the control stream id.
     * @param config   this host's configuration: its datacenter and ammo digests go into every hello; fired plans are
     *                 checked and shot with it.
     * @param state    the daemon's state: its state name goes into every hello; the control counts go into it.
     * @param host     this host's name, sent in every hello; hellos naming it are ignored; fires name it.
     * @param version  the l2 version sent in every hello.
     * @param keys     the cluster keys that sign and check every message, or null: then every fire is refused.
     * @param log      where the shoots' one-line messages and the rejections' go.
     * @return the started control plane.
     * @throws InputException when the directory is in use by a live driver, or the control port by another
     *                        process (one line naming the setting that fixes it; nothing is left running then).
     * @throws IOException    when anything else fails to start (nothing is left running then).
     */
    public static ControlPlane start(
        final Path aeronDir, final ControlChannels.DaemonChannels channels, final int stream, final L2Config config,
        final DaemonState state,
        final String host, final String version, final ClusterKeys keys, final PrintStream log) throws IOException
    {
        final File dir = aeronDir.toAbsolutePath().toFile();
        if (heldByLiveDriver(dir))
        {
            throw new InputException("aeron-dir " + aeronDir + ": in use by a running media driver (another l2 " +
                "daemon?): give this one its own with --aeron-dir DIR (or aeron-dir in l2.yaml)");
        }
        EmbeddedAeron embedded = null;
        AgentRunner runner = null;
        ShootService shoots = null;
        try
        {
            embedded = EmbeddedAeron.launch(dir, Daemon.THREAD_PREFIX);
            final Aeron aeron = embedded.aeron();
            final Subscription subscription = aeron.addSubscription(channels.subscription(), stream);
            final Publication publication = aeron.addPublication(channels.publication(), stream);
            final SystemEpochNanoClock clock = SystemEpochNanoClock.INSTANCE;
            shoots = new ShootService(config, host, state, publication,
                null == keys ? MessageSigner.unsigned(clock) : keys.newSigner(clock), log);
            state.controlAuthenticated(null != keys);
            final ControlAgent agent = new ControlAgent(subscription, publication, state, host,
                datacenterOf(config, host), version, new AmmoDigests(config.ammo(), log), shoots, keys,
                "this daemon has no cluster key: set security.cluster-key-file in " + ControlKeys.configName(config),
                log);
            runner = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null, agent);
            AgentRunner.startOnThread(runner, EmbeddedAeron.threads(Daemon.THREAD_PREFIX + "control"));
            return new ControlPlane(embedded, runner, shoots, aeronDir, channels, stream);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(shoots, runner, embedded);
            if (addressInUse(ex))
            {
                throw new InputException("control-port: cannot bind " + endpoints(channels) + ": address already " +
                    "in use (another l2 daemon on this machine?): give each daemon its own control-port, two apart " +
                    "as each answers on port+1 (host-addresses or control-port of l2.yaml)", ex);
            }
            throw new IOException("cannot start the control plane (aeron-dir " + aeronDir + ", control-channel " +
                describe(channels) + ", control-stream " + stream + "): " + ex.getMessage(), ex);
        }
    }

    private static boolean addressInUse(final Throwable failure)
    {
        for (Throwable cause = failure; null != cause; cause = cause.getCause())
        {
            if (cause instanceof BindException ||
                null != cause.getMessage() && cause.getMessage().contains("Address already in use"))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the UDP addresses the channels bind, e.g. {@code 127.0.0.1:9884 and 127.0.0.1:9885}.
     */
    private static String endpoints(final ControlChannels.DaemonChannels channels)
    {
        final String subscription = bound(channels.subscription());
        final String publication = bound(channels.publication());
        return null == publication || publication.equals(subscription) ? subscription :
            subscription + " and " + publication;
    }

    private static String bound(final String channel)
    {
        final ChannelUri uri = ChannelUri.parse(channel);
        final String endpoint = uri.get(CommonContext.ENDPOINT_PARAM_NAME);
        return null != endpoint ? endpoint : uri.get(CommonContext.MDC_CONTROL_PARAM_NAME);
    }

    /**
     * @return the media driver's directory.
     */
    public Path aeronDir()
    {
        return aeronDir;
    }

    /**
     * @return the daemon's subscription and publication channels.
     */
    public ControlChannels.DaemonChannels channels()
    {
        return channels;
    }

    /**
     * @param channels a daemon's channels.
     * @return the channel when both are the same, else {@code SUBSCRIPTION (answers on PUBLICATION)}.
     */
    static String describe(final ControlChannels.DaemonChannels channels)
    {
        return channels.subscription().equals(channels.publication()) ? channels.subscription() :
            channels.subscription() + " (answers on " + channels.publication() + ")";
    }

    /**
     * @return the control stream id.
     */
    public int stream()
    {
        return stream;
    }

    /**
     * Stops a running shoot (its end is still sent), the agent (bounded by {@link AgentRunner#RETRY_CLOSE_TIMEOUT_MS}
     * per retry), the client and the driver, which deletes its directory. Idempotent.
     */
    public void close()
    {
        CloseHelper.quietCloseAll(shoots, runner, embedded);
    }

    private static String datacenterOf(final L2Config config, final String host)
    {
        for (final ClusterSet set : config.inventory().sets())
        {
            final Optional<String> datacenter = set.datacenterOf(host);
            if (datacenter.isPresent())
            {
                return datacenter.get();
            }
        }
        return "";
    }

    /**
     * The agent on the control thread: polls, answers probes, sends heartbeats. Confined to its thread.
     */
    static final class ControlAgent implements Agent, ControlListener
    {
        private final Subscription subscription;
        private final ControlProxy proxy;
        private final DaemonState state;
        private final String host;
        private final String datacenter;
        private final String version;
        private final AmmoDigests ammo;
        private final ShootService shoots;
        private final boolean authenticated;
        private final String noKeyReason;
        private final PrintStream log;
        private final ControlAdapter adapter;
        private final FragmentAssembler assembler;
        private final long[] answered = new long[ANSWERED_MEMORY];
        private final LongArrayQueue pendingAnswers = new LongArrayQueue(Long.MIN_VALUE);
        private int answeredNext;
        private long nextHeartbeatNs = System.nanoTime();
        private long ownCount;
        private long lastRefusedShootId;
        private long uncheckedCount;

        ControlAgent(
            final Subscription subscription, final Publication publication, final DaemonState state,
            final String host, final String datacenter, final String version, final AmmoDigests ammo,
            final ShootService shoots, final ClusterKeys keys, final String noKeyReason, final PrintStream log)
        {
            final SystemEpochNanoClock clock = SystemEpochNanoClock.INSTANCE;
            this.subscription = subscription;
            this.authenticated = null != keys;
            this.noKeyReason = noKeyReason;
            this.log = log;
            this.proxy = new ControlProxy(publication,
                null == keys ? MessageSigner.unsigned(clock) : keys.newSigner(clock));
            this.adapter = new ControlAdapter(this,
                null == keys ? MessageVerifier.keyless(clock) : keys.newVerifier(clock), (line) ->
                {
                    log.println("l2 daemon: " + line);
                    log.flush();
                });
            this.assembler = new FragmentAssembler(adapter);
            this.state = state;
            this.host = host;
            this.datacenter = datacenter;
            this.version = version;
            this.ammo = ammo;
            this.shoots = shoots;
        }

        public int doWork()
        {
            int work = subscription.poll(assembler, FRAGMENT_LIMIT);
            while (!pendingAnswers.isEmpty())
            {
                if (hello(pendingAnswers.peekLong()) < 0)
                {
                    break;
                }
                pendingAnswers.pollLong();
                work++;
            }
            final long nowNs = System.nanoTime();
            if (nowNs - nextHeartbeatNs >= 0)
            {
                // a heartbeat that finds no receiver or back pressure is dropped: the next one is a second away
                ammo.refresh();
                hello(0);
                nextHeartbeatNs = nowNs + HEARTBEAT_INTERVAL_NS;
                work++;
            }
            if (work > 0)
            {
                state.controlCounts(adapter.messageCount() - ownCount, adapter.rejectedCount(Rejection.MALFORMED));
                state.controlRejections(adapter.rejectedCount(Rejection.UNAUTHENTICATED) + uncheckedCount,
                    adapter.rejectedCount(Rejection.STALE), adapter.rejectedCount(Rejection.REPLAYED));
            }
            return work;
        }

        public String roleName()
        {
            return Daemon.THREAD_PREFIX + "control";
        }

        public void onHello(final HelloDecoder hello)
        {
            final HelloDecoder.AmmoDecoder ammoEntries = hello.ammo();
            while (ammoEntries.hasNext())
            {
                ammoEntries.next().skipName();
            }
            if (host.equals(hello.host()))
            {
                ownCount++;
                return;
            }
            final long correlationId = hello.correlationId();
            if (!authenticated && 0 != correlationId)
            {
                uncheckedCount++;
            }
            if (0 == correlationId || answeredBefore(correlationId))
            {
                return;
            }
            answered[answeredNext] = correlationId;
            answeredNext = (answeredNext + 1) % ANSWERED_MEMORY;
            if ((!pendingAnswers.isEmpty() || hello(correlationId) < 0) && pendingAnswers.size() < ANSWERED_MEMORY)
            {
                pendingAnswers.addLong(correlationId);
            }
        }

        public void onFire(final FireDecoder fire)
        {
            if (authenticated)
            {
                shoots.onFire(fire, proxy);
                return;
            }
            if (host.equals(fire.host()))
            {
                uncheckedCount++;
                proxy.refuse(fire.correlationId(), fire.shootId(), host, noKeyReason);
                if (lastRefusedShootId != fire.shootId())
                {
                    lastRefusedShootId = fire.shootId();
                    log.println("l2 daemon: fire refused: " + noKeyReason);
                    log.flush();
                }
            }
        }

        public void onAck(final AckDecoder ack)
        {
            // sent by daemons, read by runners
        }

        public void onRefuse(final RefuseDecoder refuse)
        {
            // sent by daemons, read by runners
        }

        public void onSecondAggregate(final SecondAggregateDecoder aggregate)
        {
            // sent by daemons, read by runners
        }

        public void onEnd(final EndDecoder end)
        {
            // sent by daemons, read by runners
        }

        public void onAbort(final AbortDecoder abort)
        {
            if (authenticated)
            {
                shoots.onAbort(abort);
            }
            else
            {
                uncheckedCount++;
            }
        }

        public void onLease(final LeaseDecoder lease)
        {
            if (authenticated)
            {
                shoots.onLease(lease);
            }
            else
            {
                uncheckedCount++;
            }
        }

        private boolean answeredBefore(final long correlationId)
        {
            for (final long id : answered)
            {
                if (id == correlationId)
                {
                    return true;
                }
            }
            return false;
        }

        private long hello(final long correlationId)
        {
            final int helloState = DaemonState.SHOOTING.equals(state.stateName()) ?
                ControlCodec.STATE_SHOOTING : ControlCodec.STATE_WAITING;
            return proxy.hello(correlationId, SystemEpochNanoClock.INSTANCE.nanoTime(), helloState, host, datacenter,
                version, ammo.names(), ammo.digests(), ammo.count());
        }
    }

    /**
     * Whether a live media driver holds the directory: its heartbeat is recent and the process that wrote it (the pid
     * in its CnC file) is alive, so a daemon restarted right after a crash (SIGKILL leaves the directory and a fresh
     * heartbeat behind) starts at once instead of waiting for the heartbeat to age.
     */
    static boolean heldByLiveDriver(final File dir)
    {
        if (!dir.isDirectory() || !CommonContext.isDriverActive(dir, DRIVER_ACTIVE_TIMEOUT_MS, (message) -> {}))
        {
            return false;
        }
        final long pid = driverPid(dir);
        return pid <= 0 || ProcessHandle.current().pid() == pid ||
            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static long driverPid(final File dir)
    {
        MappedByteBuffer cnc = null;
        try
        {
            cnc = IoUtil.mapExistingFile(new File(dir, CncFileDescriptor.CNC_FILE), "cnc");
            return CncFileDescriptor.createMetaDataBuffer(cnc).getLong(CncFileDescriptor.PID_FIELD_OFFSET);
        }
        catch (final RuntimeException ex)
        {
            return -1;
        }
        finally
        {
            IoUtil.unmap(cnc);
        }
    }
}
