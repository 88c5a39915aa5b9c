/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.base;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of this build of l2, as the build wrote it into {@code io/l2/runner/version.properties}: what
 * {@code l2 --version} prints, the daemon's {@code /status} and hello answer carry, and the sinks send as their user
 * agent. Read once. Stateless and thread-safe.
 */
public final class Version
{
    /** The version when the build's properties are not on the class path (run from classes without them). */
    public static final String UNKNOWN = "unknown";

    private static final String VERSION = read();

    private Version()
    {
    }

    /**
     * @return the version of the build, e.g. {@code 0.1.0-SNAPSHOT}, or {@link #UNKNOWN}.
     */
    public static String current()
    {
        return VERSION;
    }

    private static String read()
    {
        final Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/io/l2/runner/version.properties"))
        {
            if (null != in)
            {
                properties.load(in);
            }
        }
        catch (final IOException ex)
        {
            return UNKNOWN;
        }
        return properties.getProperty("version", UNKNOWN);
    }
}
