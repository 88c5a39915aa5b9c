package io.l2.engine.profile;

/**
 * One host's share of a total {@link ChainProfile}: the total's queries offset, offset + stride, offset + 2 stride, …
 * A share of a share is again a share of the total (offsets and strides compose), so every host's times come from
 * the one total profile.
 * <p>
 * Immutable and thread-safe.
 */
final class ShareProfile implements RateProfile
{
    private final ChainProfile total;
    private final long offset;
    private final long stride;
    private final long count;

    ShareProfile(final ChainProfile total, final int hostIndex, final int hostCount)
    {
        this(total, validate(hostIndex, hostCount), hostCount);
    }

    private ShareProfile(final ChainProfile total, final long offset, final long stride)
    {
        this.total = total;
        this.offset = offset;
        this.stride = stride;
        this.count = sharedCount(total.totalCount());
    }

    private static long validate(final int hostIndex, final int hostCount)
    {
        if (hostCount < 1)
        {
            throw new IllegalArgumentException("hostCount must be >= 1, got " + hostCount);
        }
        if (hostIndex < 0 || hostIndex >= hostCount)
        {
            throw new IllegalArgumentException(
                "hostIndex must be in [0, " + hostCount + "), got " + hostIndex);
        }
        return hostIndex;
    }

    /**
     * How many of the total's first totalIndexes indexes belong to this share.
     */
    private long sharedCount(final long totalIndexes)
    {
        return totalIndexes > offset ? (totalIndexes - offset - 1) / stride + 1 : 0;
    }

    ChainProfile total()
    {
        return total;
    }

    long offset()
    {
        return offset;
    }

    long stride()
    {
        return stride;
    }

    /**
     * {@inheritDoc}
     */
    public long totalCount()
    {
        return count;
    }

    /**
     * {@inheritDoc}
     */
    public long durationNs()
    {
        return total.durationNs();
    }

    /**
     * {@inheritDoc}
     */
    public long intendedTimeNs(final long index)
    {
        if (index < 0)
        {
            throw new IllegalArgumentException("query index must be >= 0, got " + index);
        }
        if (index >= count)
        {
            return total.durationNs();
        }
        return total.intendedTimeNs(offset + index * stride);
    }

    /**
     * {@inheritDoc}
     */
    public long countBefore(final long timeNs)
    {
        return sharedCount(total.countBefore(timeNs));
    }

    /**
     * {@inheritDoc}
     */
    public double rateAt(final long timeNs)
    {
        return total.rateAt(timeNs) / stride;
    }

    /**
     * {@inheritDoc}
     */
    public RateProfile share(final int hostIndex, final int hostCount)
    {
        validate(hostIndex, hostCount);
        final long newStride;
        try
        {
            newStride = Math.multiplyExact(stride, (long) hostCount);
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("share of a share: host count product overflows a long");
        }
        return new ShareProfile(total, offset + hostIndex * stride, newStride);
    }

    /**
     * {@inheritDoc}
     */
    public String describe()
    {
        return total.describe() + " share(" + offset + "," + stride + ")";
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return describe();
    }
}
