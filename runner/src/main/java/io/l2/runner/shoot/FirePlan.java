/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

import io.l2.config.ConfigException;
import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.config.RpsKind;
import io.l2.config.RpsSegment;
import io.l2.config.ShootPlan;
import io.l2.config.TransportSettings;
import io.l2.engine.shoot.CpuList;
import io.l2.engine.shoot.IoMode;
import io.l2.runner.security.Aim;
import io.l2.transport.codec.ControlCodec;

/**
 * The plan a runner sends each daemon in a fire: the user's plan resolved by the runner and written back as a plan
 * document every daemon parses with its own l2.yaml, so a daemon checks it exactly as {@code l2 shoot fire} would.
 * The target is the address the runner resolved (pinned: every host shoots the same address for the whole shoot);
 * the ammo is the name (or path) the user wrote, resolved by each daemon against its l2.yaml and checked by hash in
 * the preflight; durations are written exactly (ns as decimal seconds), so the daemon's profile is the runner's.
 * <p>
 * A daemon never resolves a fired target again: {@link #decode} refuses a fire whose target is a name. The name the
 * user wrote travels beside the address, as the comment line {@code # target-name: NAME} that YAML ignores
 * ({@link #targetName}), only so the daemon can check it against a host name rule of its {@code security.targets}:
 * it is a claim the daemon verifies by resolving the name itself, never an address it shoots.
 */
public final class FirePlan
{
    /** The name a fired plan has in the daemon's error messages. */
    public static final String SOURCE_NAME = "<fire from the runner>";

    /** The comment line that carries the target's name, followed by the name. */
    public static final String TARGET_NAME_LINE = "# target-name: ";

    /** The comment line that carries {@link FireOptions#threadCount()}. */
    public static final String THREADS_LINE = "# threads: ";

    /** The comment line that carries {@link FireOptions#idleStrategy()} (absent: each host's default). */
    public static final String IDLE_LINE = "# idle: ";

    /** The comment line that carries {@link FireOptions#io()}. */
    public static final String IO_LINE = "# io: ";

    /** The comment line that carries {@link FireOptions#socketCount()} (absent: the engine's choice). */
    public static final String SOCKETS_LINE = "# sockets: ";
    /** The comment line that carries {@link FireOptions#cpus()} (absent: not pinned). */
    public static final String CPUS_LINE = "# cpus: ";

    /** The comment line that carries {@link FireOptions#warmup()}. */
    public static final String WARMUP_LINE = "# warmup: ";

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})");

    private static final BigDecimal NS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private FirePlan()
    {
    }

    /**
     * Writes a resolved plan as the document a fire carries.
     *
     * @param setup the resolved shoot.
     * @return the plan's UTF-8 bytes.
     * @throws IllegalArgumentException when the document would exceed {@link ControlCodec#MAX_BLOB_LENGTH}.
     */
    public static byte[] encode(final ShootSetup setup)
    {
        return encode(setup, Aim.targetNameOf(setup.plan()), FireOptions.DEFAULT);
    }

    /**
     * Writes a resolved plan as the document a fire carries, with how each host runs its shooter.
     *
     * @param setup   the resolved shoot.
     * @param options threads, idle strategy and warm-up of every host's shooter.
     * @return the plan's UTF-8 bytes.
     * @throws IllegalArgumentException when the document would exceed {@link ControlCodec#MAX_BLOB_LENGTH}.
     */
    public static byte[] encode(final ShootSetup setup, final FireOptions options)
    {
        return encode(setup, Aim.targetNameOf(setup.plan()), options);
    }

    /**
     * Writes a resolved plan with the name of its target given apart and the default {@link FireOptions}.
     *
     * @param setup      the resolved shoot; its pinned address is the fire's target.
     * @param targetName the host name the user wrote as the target, or null when the user wrote an address.
     * @return the plan's UTF-8 bytes.
     * @throws IllegalArgumentException when the document would exceed {@link ControlCodec#MAX_BLOB_LENGTH} or the
     *                                  name is not a host name.
     */
    public static byte[] encode(final ShootSetup setup, final String targetName)
    {
        return encode(setup, targetName, FireOptions.DEFAULT);
    }

    /**
     * Writes a resolved plan as the document a fire carries, with the name of its target given apart (what a runner
     * claims the pinned address is: the daemons check the claim, see {@link #targetName}).
     *
     * @param setup      the resolved shoot; its pinned address is the fire's target.
     * @param targetName the host name the user wrote as the target, or null when the user wrote an address.
     * @param options    threads, idle strategy and warm-up of every host's shooter.
     * @return the plan's UTF-8 bytes.
     * @throws IllegalArgumentException when the document would exceed {@link ControlCodec#MAX_BLOB_LENGTH} or the
     *                                  name is not a host name.
     */
    public static byte[] encode(final ShootSetup setup, final String targetName, final FireOptions options)
    {
        final ShootPlan plan = setup.plan();
        final StringBuilder yaml = new StringBuilder(512);
        yaml.append("# shoot ").append(setup.shootId()).append(", fired by l2 from ")
            .append(plan.source().toString().replace('\n', ' ').replace('\r', ' ')).append('\n');
        if (null != targetName)
        {
            if (!HOST_NAME.matcher(targetName).matches())
            {
                throw new IllegalArgumentException("not a host name: " + targetName);
            }
            yaml.append(TARGET_NAME_LINE).append(targetName).append('\n');
        }
        yaml.append(THREADS_LINE).append(options.threadCount()).append('\n');
        if (null != options.idleStrategy())
        {
            yaml.append(IDLE_LINE).append(options.idleStrategy().replace('\n', ' ').replace('\r', ' ')).append('\n');
        }
        yaml.append(WARMUP_LINE).append(options.warmup()).append('\n');
        yaml.append(IO_LINE).append(options.io().alias()).append('\n');
        if (0 != options.socketCount())
        {
            yaml.append(SOCKETS_LINE).append(options.socketCount()).append('\n');
        }
        if (null != options.cpus())
        {
            yaml.append(CPUS_LINE).append(options.cpus()).append('\n');
        }
        yaml.append("description: ").append(quote(plan.description())).append('\n');
        yaml.append("target: ").append(quote(authority(setup.target()))).append('\n');
        yaml.append("ammo: ").append(quote(plan.ammo().written())).append('\n');
        yaml.append("rps:\n");
        for (final RpsSegment segment : plan.rps())
        {
            yaml.append("  - type: ").append(segment.kind().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
            yaml.append("    from: ").append(segment.from()).append('\n');
            if (RpsKind.CONST != segment.kind())
            {
                yaml.append("    to: ").append(segment.to()).append('\n');
            }
            if (RpsKind.STEP == segment.kind())
            {
                yaml.append("    step: ").append(segment.step()).append('\n');
            }
            yaml.append("    duration: ").append(seconds(segment.durationNs())).append('\n');
        }
        yaml.append("per-host: ").append(plan.perHost()).append('\n');
        yaml.append("instances: ").append(plan.instances()).append('\n');
        yaml.append("mode: ").append(plan.mode().yamlName()).append('\n');
        yaml.append("timeout: ").append(seconds(plan.timeoutNs())).append('\n');
        yaml.append("late: ").append(plan.late().yamlName()).append('\n');
        if (plan.edns().enabled())
        {
            yaml.append("edns: {udp-size: ").append(plan.edns().udpSize()).append(", do: ")
                .append(plan.edns().dnssecOk()).append("}\n");
        }
        else
        {
            yaml.append("edns: false\n");
        }
        if (plan.transport().connected())
        {
            yaml.append("transport: {protocol: ").append(plan.transport().protocol().yamlName());
            if (0 != plan.transport().connections())
            {
                yaml.append(", connections: ").append(plan.transport().connections());
            }
            yaml.append(", pipeline: ").append(plan.transport().pipeline());
            if (0 != plan.transport().queriesPerConnection())
            {
                yaml.append(", queries-per-connection: ").append(plan.transport().queriesPerConnection());
            }
            if (TransportSettings.Protocol.DOH == plan.transport().protocol())
            {
                yaml.append(", path: ").append(quote(plan.transport().path())).append(", method: ")
                    .append(plan.transport().get() ? "GET" : "POST");
            }
            if (plan.transport().protocol().tls())
            {
                // the daemons see the pinned address, not the name: the server name travels resolved
                final String serverName = plan.transport().serverNameFor(plan.target());
                if (null != serverName)
                {
                    yaml.append(", server-name: ").append(quote(serverName));
                }
                if (null != plan.transport().caFile())
                {
                    yaml.append(", ca-file: ").append(quote(plan.transport().caFile().toString()));
                }
                if (plan.transport().insecure())
                {
                    yaml.append(", insecure: true");
                }
            }
            yaml.append("}\n");
        }
        yaml.append("set: ").append(quote(setup.set().name())).append('\n');
        final byte[] bytes = yaml.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > ControlCodec.MAX_BLOB_LENGTH)
        {
            throw new IllegalArgumentException("the plan is " + bytes.length + " bytes as a fire, over the " +
                ControlCodec.MAX_BLOB_LENGTH + " a fire carries (a description that long?)");
        }
        return bytes;
    }

    /**
     * Reads a fired plan against this host's configuration, as {@code l2 shoot fire} reads a plan file.
     *
     * @param bytes  the plan's UTF-8 bytes.
     * @param config this host's configuration (its ammo names, its sets).
     * @return the plan.
     * @throws io.l2.config.ConfigException with a one-line message naming the field when it does not hold here, or
     *                                       when the target is a name instead of the address the runner pinned.
     */
    public static ShootPlan decode(final byte[] bytes, final L2Config config)
    {
        final Path baseDir = null == config.source() || null == config.source().getParent() ?
            Path.of("").toAbsolutePath() : config.source().getParent();
        final ShootPlan plan =
            ConfigLoader.parsePlan(SOURCE_NAME, new String(bytes, StandardCharsets.UTF_8), baseDir, config);
        pinnedTarget(plan);
        return plan;
    }

    /**
     * The address a fired plan pins, read from its target without any lookup.
     *
     * @param plan a fired plan.
     * @return the target's address and port.
     * @throws io.l2.config.ConfigException when the target is a name instead of the address the runner pinned.
     */
    public static InetSocketAddress pinnedTarget(final ShootPlan plan)
    {
        if (Aim.isAddressLiteral(plan.target().host()))
        {
            try
            {
                // a literal: parsed, never looked up
                return new InetSocketAddress(InetAddress.getByName(plan.target().host()), plan.target().port());
            }
            catch (final UnknownHostException ex)
            {
                // not an address after all: refused below
            }
        }
        throw ConfigException.at(plan.target().position(), "the fired target " + plan.target().authority() +
            " is not an address: a runner sends the address it resolved, pinned for the whole shoot, and this " +
            "host does not resolve it again");
    }

    /**
     * The name a fired plan claims for its target ({@code # target-name: NAME} before the first key).
     *
     * @param bytes the plan's UTF-8 bytes.
     * @return the name, or null when the fire carries none (the user wrote an address).
     * @throws IllegalArgumentException when the line is there but holds no host name.
     */
    public static String targetName(final byte[] bytes)
    {
        final String name = headerValue(bytes, TARGET_NAME_LINE);
        if (null != name && !HOST_NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("the fire's target-name line holds no host name");
        }
        return name;
    }

    /**
     * How the fire asks this host to run its shooter ({@code # threads:}, {@code # idle:}, {@code # warmup:} before
     * the first key); a fire without them (an older runner) gets {@link FireOptions#DEFAULT}'s.
     *
     * @param bytes the plan's UTF-8 bytes.
     * @return the options.
     * @throws IllegalArgumentException with a one-line reason when a line holds a bad value.
     */
    public static FireOptions options(final byte[] bytes)
    {
        final int threadCount = headerNumber(bytes, THREADS_LINE, "threads", FireOptions.DEFAULT.threadCount());
        final String warmup = headerValue(bytes, WARMUP_LINE);
        if (null != warmup && !"true".equals(warmup) && !"false".equals(warmup))
        {
            throw new IllegalArgumentException("the fire's warmup line must be true or false");
        }
        final String idle = headerValue(bytes, IDLE_LINE);
        final String io = headerValue(bytes, IO_LINE);
        final int socketCount = headerNumber(bytes, SOCKETS_LINE, "sockets", 0);
        final String cpus = headerValue(bytes, CPUS_LINE);
        final CpuList cpuList;
        try
        {
            cpuList = null == cpus ? null : CpuList.parse(cpus);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("the fire's cpus line: " + ex.getMessage(), ex);
        }
        return new FireOptions(threadCount, null == idle || idle.isEmpty() ? null : idle, !"false".equals(warmup),
            null == io ? IoMode.AUTO : IoMode.of(io), socketCount, cpuList);
    }

    private static int headerNumber(final byte[] bytes, final String prefix, final String name, final int absent)
    {
        final String value = headerValue(bytes, prefix);
        if (null == value)
        {
            return absent;
        }
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("the fire's " + name + " line holds no number: " +
                (value.length() > 20 ? value.substring(0, 20) + "..." : value), ex);
        }
    }

    private static String headerValue(final byte[] bytes, final String prefix)
    {
        for (final String line : new String(bytes, StandardCharsets.UTF_8).split("\n", -1))
        {
            if (!line.startsWith("#"))
            {
                return null;
            }
            if (line.startsWith(prefix))
            {
                return line.substring(prefix.length()).strip();
            }
        }
        return null;
    }

    private static String authority(final InetSocketAddress address)
    {
        final String host = address.getAddress().getHostAddress();
        return address.getAddress() instanceof Inet6Address ?
            "[" + host + "]:" + address.getPort() : host + ":" + address.getPort();
    }

    private static String seconds(final long durationNs)
    {
        return new BigDecimal(durationNs).divide(NS_PER_SECOND).stripTrailingZeros().toPlainString() + "s";
    }

    private static String quote(final String text)
    {
        final StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default ->
                {
                    if (c < 0x20 || 0x7F == c)
                    {
                        quoted.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
