package io.l2.engine.profile;

/**
 * A per-thread cursor over a {@link RateProfile} for the hot path: it gives the same intended times as
 * {@link RateProfile#intendedTimeNs(long)} but remembers the segment of the last query, so that for
 * non-decreasing indexes a call is O(1) amortised (no binary search in steady state) and never allocates.
 * Going back in index is allowed and costs one binary search.
 * <p>
 * Not thread-safe: one cursor per thread. The profile it reads is immutable and may be shared. For a profile that
 * was not made by this package the cursor simply delegates to it.
 */
public final class ProfileCursor
{
    private final RateProfile profile;
    private final ChainProfile chain;
    private final long offset;
    private final long stride;
    private final long count;
    private final long durationNs;
    private int segment;
    private long segmentFirstIndex;
    private long segmentEndIndex;

    /**
     * A cursor at the start of the profile.
     *
     * @param profile to read, not null.
     */
    public ProfileCursor(final RateProfile profile)
    {
        if (null == profile)
        {
            throw new IllegalArgumentException("profile must not be null");
        }
        this.profile = profile;
        if (profile instanceof ShareProfile)
        {
            final ShareProfile share = (ShareProfile) profile;
            chain = share.total();
            offset = share.offset();
            stride = share.stride();
        }
        else if (profile instanceof ChainProfile)
        {
            chain = (ChainProfile) profile;
            offset = 0;
            stride = 1;
        }
        else
        {
            chain = null;
            offset = 0;
            stride = 1;
        }
        count = profile.totalCount();
        durationNs = profile.durationNs();
        if (null != chain)
        {
            moveTo(0);
        }
    }

    /**
     * The profile this cursor reads.
     *
     * @return the profile.
     */
    public RateProfile profile()
    {
        return profile;
    }

    /**
     * The intended time of a query, equal to {@code profile().intendedTimeNs(index)}.
     *
     * @param index of the query in the profile (a share's own numbering for a share), &gt;= 0.
     * @return the intended time in ns from the profile start; the duration for index &gt;= totalCount().
     * @throws IllegalArgumentException if index is negative.
     */
    public long intendedTimeNs(final long index)
    {
        if (index < 0)
        {
            throw new IllegalArgumentException("query index must be >= 0, got " + index);
        }
        if (index >= count)
        {
            return durationNs;
        }
        if (null == chain)
        {
            return profile.intendedTimeNs(index);
        }

        final long totalIndex = offset + index * stride;
        if (totalIndex >= segmentEndIndex || totalIndex < segmentFirstIndex)
        {
            seek(totalIndex);
        }
        return chain.timeInSegment(segment, totalIndex);
    }

    private void seek(final long totalIndex)
    {
        if (totalIndex >= segmentEndIndex)
        {
            int k = segment + 1;
            while (chain.firstIndex(k + 1) <= totalIndex)
            {
                k++;
            }
            moveTo(k);
        }
        else
        {
            moveTo(chain.segmentOfIndex(totalIndex));
        }
    }

    private void moveTo(final int k)
    {
        segment = k;
        segmentFirstIndex = chain.firstIndex(k);
        segmentEndIndex = chain.firstIndex(k + 1);
    }
}
