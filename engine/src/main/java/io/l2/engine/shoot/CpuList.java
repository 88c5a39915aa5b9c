/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A list of CPUs as Linux writes them ({@code taskset -c}, {@code cpuset.cpus}): numbers and ranges separated by
 * commas, {@code 0}, {@code 2-5}, {@code 0,2,4-7}. Immutable; ascending, without repeats.
 */
public final class CpuList
{
    /** The highest CPU number taken (Linux's default {@code CONFIG_NR_CPUS} on x86-64 is 8192; 1024 is plenty). */
    public static final int MAX_CPU = 1023;

    private final int[] cpus;

    private CpuList(final int[] cpus)
    {
        this.cpus = cpus;
    }

    /**
     * @param text the list, e.g. {@code 0,2-3}.
     * @return the CPUs.
     * @throws IllegalArgumentException naming the part that is not a CPU or a range of them.
     */
    public static CpuList parse(final String text)
    {
        if (null == text || text.isBlank())
        {
            throw new IllegalArgumentException("expected CPU numbers and ranges such as 0,2-3, got nothing");
        }
        final BitSet set = new BitSet();
        for (final String part : text.split(",", -1))
        {
            final String trimmed = part.trim();
            final int dash = trimmed.indexOf('-');
            final int first = cpu(dash < 0 ? trimmed : trimmed.substring(0, dash), text);
            final int last = dash < 0 ? first : cpu(trimmed.substring(dash + 1), text);
            if (last < first)
            {
                throw new IllegalArgumentException(
                    "'" + trimmed + "' in '" + text + "' is a range that ends before it starts");
            }
            set.set(first, last + 1);
        }
        return new CpuList(set.stream().toArray());
    }

    private static int cpu(final String number, final String text)
    {
        if (number.isEmpty() || number.length() > 4 || !number.chars().allMatch(Character::isDigit) ||
            Integer.parseInt(number) > MAX_CPU)
        {
            throw new IllegalArgumentException("'" + number + "' in '" + text + "' is not a CPU number 0.." + MAX_CPU +
                " (expected numbers and ranges such as 0,2-3)");
        }
        return Integer.parseInt(number);
    }

    /**
     * @return how many CPUs.
     */
    public int size()
    {
        return cpus.length;
    }

    /**
     * @param index 0 to {@link #size()} - 1.
     * @return the CPU at that place, in ascending order.
     */
    public int cpu(final int index)
    {
        return cpus[index];
    }

    /**
     * @return the list in its shortest form, ranges joined: {@code 0,2-5}.
     */
    public String toString()
    {
        final StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < cpus.length)
        {
            int j = i;
            while (j + 1 < cpus.length && cpus[j + 1] == cpus[j] + 1)
            {
                j++;
            }
            if (text.length() > 0)
            {
                text.append(',');
            }
            text.append(cpus[i]);
            if (j > i)
            {
                text.append('-').append(cpus[j]);
            }
            i = j + 1;
        }
        return text.toString();
    }

    /**
     * {@inheritDoc}
     */
    public boolean equals(final Object other)
    {
        return other instanceof CpuList that && Arrays.equals(cpus, that.cpus);
    }

    /**
     * {@inheritDoc}
     */
    public int hashCode()
    {
        return Arrays.hashCode(cpus);
    }
}
