package io.l2.engine.profile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Test oracle: the same chain of segments in exact arithmetic (BigInteger for N(t), 60-digit BigDecimal for the
 * roots), written independently of {@link ChainProfile}.
 */
final class ExactProfile
{
    private static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);
    private static final BigInteger NS = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger TWO_NS = NS.shiftLeft(1);

    private final List<long[]> segments = new ArrayList<>();

    ExactProfile constant(final long rps, final long durationNs)
    {
        segments.add(new long[]{ durationNs, rps, rps });
        return this;
    }

    ExactProfile line(final long from, final long to, final long durationNs)
    {
        segments.add(new long[]{ durationNs, from, to });
        return this;
    }

    /**
     * N(t) as a fraction {numerator, denominator}.
     */
    BigInteger[] integral(final long timeNs)
    {
        BigInteger halfUnits = BigInteger.ZERO;
        long start = 0;
        for (final long[] s : segments)
        {
            final long d = s[0];
            final BigInteger a = BigInteger.valueOf(s[1]);
            final BigInteger b = BigInteger.valueOf(s[2]);
            if (timeNs >= start + d)
            {
                halfUnits = halfUnits.add(a.add(b).multiply(BigInteger.valueOf(d)));
                start += d;
                continue;
            }
            final BigInteger tau = BigInteger.valueOf(Math.max(0, timeNs - start));
            final BigInteger bigD = BigInteger.valueOf(d);
            // H(start + tau) = H(start) + (2 a tau d + (b - a) tau^2) / d
            final BigInteger numerator = halfUnits.multiply(bigD)
                .add(a.shiftLeft(1).multiply(tau).multiply(bigD))
                .add(b.subtract(a).multiply(tau).multiply(tau));
            return new BigInteger[]{ numerator, TWO_NS.multiply(bigD) };
        }
        return new BigInteger[]{ halfUnits, TWO_NS };
    }

    long ceilIntegral(final long timeNs)
    {
        final BigInteger[] n = integral(timeNs);
        return n[0].add(n[1]).subtract(BigInteger.ONE).divide(n[1]).longValueExact();
    }

    double integralAsDouble(final long timeNs)
    {
        final BigInteger[] n = integral(timeNs);
        return new BigDecimal(n[0]).divide(new BigDecimal(n[1]), MC).doubleValue();
    }

    long totalCount()
    {
        return ceilIntegral(Long.MAX_VALUE);
    }

    /**
     * The exact intended time of query i in ns (before rounding down), t_i = inf{t : N(t) > i}.
     */
    BigDecimal exactTimeNs(final long index)
    {
        BigInteger halfUnits = BigInteger.ZERO;
        long start = 0;
        final BigInteger target = BigInteger.valueOf(index).multiply(TWO_NS);
        for (final long[] s : segments)
        {
            final long d = s[0];
            final BigInteger endHalfUnits =
                halfUnits.add(BigInteger.valueOf(s[1] + s[2]).multiply(BigInteger.valueOf(d)));
            if (endHalfUnits.compareTo(target) > 0)
            {
                // Q = (i - N(start)) * 1e9 in query-ns per s: solve a tau + (b - a) tau^2 / (2d) = Q
                final BigDecimal bigQ = new BigDecimal(target.subtract(halfUnits)).divide(BigDecimal.valueOf(2));
                final BigDecimal a = BigDecimal.valueOf(s[1]);
                final BigDecimal tau;
                if (s[1] == s[2])
                {
                    tau = bigQ.divide(a, MC);
                }
                else
                {
                    final BigDecimal k = BigDecimal.valueOf(s[2] - s[1]).divide(BigDecimal.valueOf(d), MC);
                    final BigDecimal disc = a.multiply(a).add(k.multiply(bigQ).multiply(BigDecimal.valueOf(2)));
                    final BigDecimal denominator = a.add(disc.max(BigDecimal.ZERO).sqrt(MC));
                    tau = 0 == bigQ.signum() ? BigDecimal.ZERO :
                        bigQ.multiply(BigDecimal.valueOf(2)).divide(denominator, MC);
                }
                return tau.add(BigDecimal.valueOf(start));
            }
            halfUnits = endHalfUnits;
            start += d;
        }
        return BigDecimal.valueOf(start);
    }

    long floorTimeNs(final long index)
    {
        return exactTimeNs(index).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
