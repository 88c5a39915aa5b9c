/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.l2.engine.test.ZoneWriter;

/**
 * Ammo for a {@link ZoneWriter} zone whose every answer is known: names of the zone with several types (A, AAAA and
 * types the name lacks, which are NOERROR without answers; the apex's SOA, NS, MX, TXT) and one line in ten a name
 * that does not exist (NXDOMAIN). Shuffled with a fixed seed. Immutable.
 */
final class ZoneAmmo
{
    /** The rcode of an existing name, whatever the type. */
    static final String NOERROR = "NOERROR";
    /** The rcode of a name the zone lacks. */
    static final String NXDOMAIN = "NXDOMAIN";

    private static final String[] HOST_TYPES = { "A", "AAAA", "MX", "TXT" };
    private static final String[] APEX_TYPES = { "SOA", "NS", "MX", "TXT" };

    private final List<String> lines;
    private final boolean[] nxdomain;

    private ZoneAmmo(final List<String> lines, final boolean[] nxdomain)
    {
        this.lines = List.copyOf(lines);
        this.nxdomain = nxdomain;
    }

    /**
     * @param zone      the zone the names are taken from.
     * @param lineCount how many lines; every tenth is NXDOMAIN (before shuffling).
     * @param seed      the shuffle's seed.
     * @return the ammo.
     */
    static ZoneAmmo of(final ZoneWriter zone, final int lineCount, final long seed)
    {
        final Random random = new Random(seed);
        final List<String> lines = new ArrayList<>(lineCount);
        final List<Boolean> nx = new ArrayList<>(lineCount);
        for (int i = 0; i < lineCount; i++)
        {
            if (0 == i % 10)
            {
                lines.add("nx" + i + "." + zone.origin() + " " + HOST_TYPES[random.nextInt(HOST_TYPES.length)]);
                nx.add(true);
            }
            else if (1 == i % 10)
            {
                lines.add(zone.origin() + " " + APEX_TYPES[random.nextInt(APEX_TYPES.length)]);
                nx.add(false);
            }
            else
            {
                lines.add(zone.hostName(random.nextInt(zone.hostCount())) + " " +
                    HOST_TYPES[random.nextInt(HOST_TYPES.length)]);
                nx.add(false);
            }
        }
        final List<Integer> order = new ArrayList<>(lineCount);
        for (int i = 0; i < lineCount; i++)
        {
            order.add(i);
        }
        Collections.shuffle(order, random);
        final List<String> shuffled = new ArrayList<>(lineCount);
        final boolean[] nxdomain = new boolean[lineCount];
        for (int i = 0; i < lineCount; i++)
        {
            shuffled.add(lines.get(order.get(i)));
            nxdomain[i] = nx.get(order.get(i));
        }
        return new ZoneAmmo(shuffled, nxdomain);
    }

    /**
     * @return the lines, dnsperf format.
     */
    List<String> lines()
    {
        return lines;
    }

    /**
     * How many of the first {@code queryCount} queries get NXDOMAIN when a host cycles through the ammo from
     * {@code offset}.
     *
     * @param queryCount the queries sent.
     * @param offset     the host's first ammo index.
     * @return the NXDOMAIN count; the rest are NOERROR.
     */
    long nxdomainCount(final long queryCount, final int offset)
    {
        long count = 0;
        for (long i = 0; i < queryCount; i++)
        {
            if (nxdomain[(int)((offset + i) % nxdomain.length)])
            {
                count++;
            }
        }
        return count;
    }
}
