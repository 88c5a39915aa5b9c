package io.l2.bench;

import java.util.concurrent.TimeUnit;

import io.l2.engine.profile.ProfileCursor;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The next intended send time, per query: a shooter asks its {@link ProfileCursor} for the time of query i, then
 * i + 1, and so on. Compared with asking the profile itself ({@link RateProfile#intendedTimeNs}), which finds the
 * segment by binary search on every call. Profiles ({@code profile}): {@code const}, {@code line}, {@code step} (a
 * chain of many const segments), {@code chain} (line, const and step chained) and {@code share} (host 1 of 3 of the
 * chain). Indexes run from 0 to the profile's end, then start over (one backwards seek per lap). Thread: one state
 * per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProfileCursorBenchmark
{
    /** Which profile: {@code const}, {@code line}, {@code step}, {@code chain} or {@code share}. */
    @Param({ "const", "line", "step", "chain", "share" })
    public String profile;

    private RateProfile rateProfile;
    private ProfileCursor cursor;
    private long totalCount;
    private long index;

    /**
     * Parses the profile and opens a cursor at its start.
     */
    @Setup
    public void setUp()
    {
        rateProfile = profileOf(profile);
        cursor = new ProfileCursor(rateProfile);
        totalCount = rateProfile.totalCount();
    }

    /**
     * The cursor's time of the next query.
     *
     * @return the intended time, ns.
     */
    @Benchmark
    public long cursorNextIntendedTime()
    {
        return cursor.intendedTimeNs(next());
    }

    /**
     * Baseline: the profile's closed form, searched on every call.
     *
     * @return the intended time, ns.
     */
    @Benchmark
    public long profileIntendedTime()
    {
        return rateProfile.intendedTimeNs(next());
    }

    private long next()
    {
        final long i = index;
        index = i + 1 == totalCount ? 0 : i + 1;
        return i;
    }

    static RateProfile profileOf(final String name)
    {
        switch (name)
        {
            case "const":
                return RateProfileParser.parse("const(100000,1h)");
            case "line":
                return RateProfileParser.parse("line(1000,200000,1h)");
            case "step":
                return RateProfileParser.parse("step(1000,200000,1000,10s)");
            case "chain":
                return RateProfileParser.parse(
                    "line(1000,100000,10m) const(100000,20m) step(100000,10000,10000,1m) line(10000,50000,10m)");
            case "share":
                return profileOf("chain").share(1, 3);
            default:
                throw new IllegalArgumentException("unknown profile '" + name + "' (const, line, step, chain, share)");
        }
    }
}
