/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.l2.config.ConfigLoader;
import io.l2.config.Inventory;
import io.l2.config.L2Config;
import io.l2.runner.base.InputException;

/**
 * Finds the {@code l2.yaml} to use: {@code --config}, else {@code $L2_CONFIG}, else {@code ./l2.yaml}, else
 * {@code /etc/l2/l2.yaml}, else the embedded default (one set {@code local} with this host alone). An
 * {@code l2.yaml} without {@code cluster:} has that set {@code local} too.
 */
public final class ConfigSource
{
    /**
     * The system-wide configuration file.
     */
    public static final Path SYSTEM_CONFIG = Path.of("/etc/l2/l2.yaml");

    /**
     * Environment variable naming the configuration file.
     */
    public static final String CONFIG_ENV = "L2_CONFIG";

    private ConfigSource()
    {
    }

    /**
     * Loads the configuration that applies.
     *
     * @param explicit   the {@code --config} option, or null.
     * @param env        the environment ({@link System#getenv()}).
     * @param workDir    the working directory.
     * @param systemFile the system-wide file ({@link #SYSTEM_CONFIG} outside tests).
     * @return the configuration; its {@link L2Config#source()} is null for the embedded default.
     */
    public static L2Config load(
        final Path explicit, final Map<String, String> env, final Path workDir, final Path systemFile)
    {
        if (null != explicit)
        {
            if (!Files.isRegularFile(explicit))
            {
                throw new InputException("--config " + explicit + ": no such file");
            }
            return withLocalSet(ConfigLoader.load(explicit), localHostName());
        }
        final String fromEnv = env.get(CONFIG_ENV);
        if (null != fromEnv && !fromEnv.isBlank())
        {
            final Path file = Path.of(fromEnv);
            if (!Files.isRegularFile(file))
            {
                throw new InputException("$" + CONFIG_ENV + "=" + fromEnv + ": no such file");
            }
            return withLocalSet(ConfigLoader.load(file), localHostName());
        }
        for (final Path candidate : List.of(workDir.resolve("l2.yaml"), systemFile))
        {
            if (Files.isRegularFile(candidate))
            {
                return withLocalSet(ConfigLoader.load(candidate), localHostName());
            }
        }
        return ConfigLoader.embeddedDefault(localHostName());
    }

    /**
     * The set an {@code l2.yaml} without {@code cluster:} shoots with, as the embedded default: {@code local}, one
     * datacenter {@code local} holding this host alone (so it shoots in-process). A configuration with a cluster is
     * returned as it is.
     *
     * @param config        the configuration as loaded.
     * @param localHostName this host's name ({@link #localHostName()} outside tests).
     * @return the configuration with the set {@code local} when it has no set.
     */
    public static L2Config withLocalSet(final L2Config config, final String localHostName)
    {
        if (!config.inventory().isEmpty())
        {
            return config;
        }
        final Inventory local = ConfigLoader.embeddedDefault(localHostName).inventory();
        return new L2Config(config.source(), config.daemon(), local, config.ammo(), config.reserved(), config.sinks(),
            config.schedules(), config.security());
    }

    /**
     * @return this host's name as the embedded default's only host.
     */
    public static String localHostName()
    {
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final UnknownHostException ex)
        {
            return "localhost";
        }
    }
}
