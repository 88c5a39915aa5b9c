/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.util.Locale;

/**
 * How a shooter moves datagrams between its sockets and the kernel.
 */
public enum IoMode
{
    /** {@link #MMSG} where this JVM and OS have it, else {@link #NIO}. */
    AUTO,
    /** One {@code write}/{@code read} system call per datagram through NIO's {@code DatagramChannel} (any JDK). */
    NIO,
    /** Up to 64 datagrams per {@code sendmmsg}/{@code recvmmsg} call, through the FFM API (JDK 22+, Linux). */
    MMSG;

    /** The aliases, as an option's help would list them. */
    public static final String ALIASES = "auto, nio, mmsg";

    /**
     * @param alias one of {@link #ALIASES}, any case.
     * @return the mode.
     * @throws IllegalArgumentException naming the known aliases.
     */
    public static IoMode of(final String alias)
    {
        if (null != alias)
        {
            switch (alias.trim().toLowerCase(Locale.ROOT))
            {
                case "auto":
                    return AUTO;
                case "nio":
                    return NIO;
                case "mmsg":
                    return MMSG;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("unknown io '" + alias + "' (known: " + ALIASES + ")");
    }

    /**
     * @return the alias, as {@link #of(String)} takes it.
     */
    public String alias()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
