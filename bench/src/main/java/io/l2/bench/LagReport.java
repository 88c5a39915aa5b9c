package io.l2.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

import io.l2.engine.aggregate.Aggregator;
import io.l2.engine.aggregate.QueueAggregation;
import io.l2.engine.aggregate.SecondStats;
import io.l2.engine.profile.RateProfile;
import io.l2.engine.profile.RateProfileParser;
import org.HdrHistogram.Histogram;

/**
 * Reads a shoot's recorded queue back with the engine's own aggregator ({@link QueueAggregation#replay}) and prints,
 * per second of the profile, the requested and achieved counts and the schedule lag (actual minus intended send
 * time) p50, p99 and max in µs, then the lag over every full second merged (histograms added, not averaged).
 * <p>
 * {@code LagReport QUEUE_DIR PROFILE [SKIP_SECONDS]}: PROFILE is the shoot's profile in Tank grammar as the shoot
 * printed it (e.g. {@code const(100000,10s)}); SKIP_SECONDS leaves the first seconds out of the merged line. The
 * last line is {@code summary full_seconds=… worst_error_pct=… lag_p50_us=… lag_p99_us=… lag_max_us=…}, for scripts.
 * The lag histogram has 2 significant digits (1%), as the engine keeps it. Cold path; exits 1 with a one-line error.
 */
public final class LagReport
{
    private static final long NS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private LagReport()
    {
    }

    /**
     * Prints the report.
     *
     * @param args queue directory, profile, optional seconds to skip.
     */
    public static void main(final String[] args)
    {
        if (args.length < 2 || args.length > 3)
        {
            System.err.println("usage: LagReport QUEUE_DIR PROFILE [SKIP_SECONDS]");
            System.exit(2);
        }
        try
        {
            final Path queueDirectory = Path.of(args[0]);
            if (!Files.isDirectory(queueDirectory))
            {
                throw new IllegalArgumentException(queueDirectory + ": no such queue directory");
            }
            final RateProfile profile = RateProfileParser.parse(args[1]);
            final int skipSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 0;
            report(queueDirectory, profile, skipSeconds);
        }
        catch (final RuntimeException ex)
        {
            System.err.println("LagReport: " + ex.getMessage());
            System.exit(1);
        }
    }

    private static void report(final Path queueDirectory, final RateProfile profile, final int skipSeconds)
    {
        final LongUnaryOperator requested =
            (s) -> profile.countBefore((s + 1) * NS_PER_SECOND) - profile.countBefore(s * NS_PER_SECOND);
        final Aggregator aggregator = QueueAggregation.replay(queueDirectory, requested);
        final long fullSeconds = profile.durationNs() / NS_PER_SECOND;
        final Histogram merged = new Histogram(SecondStats.LAG_SIGNIFICANT_DIGITS);
        double worstErrorPct = 0;

        System.out.printf(Locale.ROOT, "%6s %10s %10s %8s %10s %10s %10s%n",
            "t", "requested", "achieved", "error%", "lag_p50_us", "lag_p99_us", "lag_max_us");
        final List<SecondStats> seconds = aggregator.seconds();
        for (final SecondStats second : seconds)
        {
            final Histogram lag = second.lagHistogram();
            final long requestedCount = second.requestedCount();
            final double errorPct = requestedCount > 0 ?
                100.0 * (second.achievedCount() - requestedCount) / requestedCount : 0;
            System.out.printf(Locale.ROOT, "%6d %10d %10d %8.3f %10d %10d %10d%n",
                second.second(), requestedCount, second.achievedCount(), errorPct,
                lag.getValueAtPercentile(50), lag.getValueAtPercentile(99), second.lagMaxNs() / 1000);
            if (second.second() >= skipSeconds && second.second() < fullSeconds)
            {
                merged.add(lag);
                worstErrorPct = Math.max(worstErrorPct, Math.abs(errorPct));
            }
        }

        System.out.printf(Locale.ROOT,
            "summary full_seconds=%d skipped=%d worst_error_pct=%.3f lag_p50_us=%d lag_p99_us=%d lag_max_us=%d%n",
            fullSeconds, skipSeconds, worstErrorPct, merged.getValueAtPercentile(50),
            merged.getValueAtPercentile(99), merged.getMaxValue());
    }
}
