package io.l2.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A shoot plan, validated against the {@link L2Config} it was loaded with (its ammo name and set exist). Nothing is
 * resolved or opened: the runner resolves the target and opens the ammo, and reports failures with
 * {@code ConfigException.at(plan.target().position(), ...)}. Immutable.
 *
 * @param source      the plan file.
 * @param description a free text describing the shoot ({@code ""} when not written).
 * @param target      the DNS server to shoot.
 * @param ammo        the ammo: a name from {@code l2.yaml} or a path.
 * @param rps         the profile, one or more segments played in order; the total for the whole set unless
 *                    {@code perHost}.
 * @param perHost     true when every host shoots the whole profile, false when the profile is the set's total.
 * @param instances   workers per host, 1..65536.
 * @param mode        closed ({@link Mode#SYNC}) or open ({@link Mode#ASYNC}) model.
 * @param timeoutNs   how long a query waits for its answer before it counts as a timeout, in nanoseconds.
 * @param set         the name of the cluster set that shoots.
 * @param late        what to do with queries whose send time has passed.
 * @param edns        the EDNS(0) OPT record of the queries.
 * @param setPosition where the set is written, or where the plan starts when the set is the default.
 * @param autostop    the autostop criteria ({@code autostop:}), in the order written; empty: the profile runs to
 *                    its end.
 * @param transport   how the queries travel ({@code transport:}); {@link TransportSettings#UDP} when not written.
 */
public record ShootPlan(
    Path source,
    String description,
    Target target,
    AmmoRef ammo,
    List<RpsSegment> rps,
    boolean perHost,
    int instances,
    Mode mode,
    long timeoutNs,
    String set,
    LatePolicy late,
    Edns edns,
    Position setPosition,
    List<AutostopCriterion> autostop,
    TransportSettings transport)
{
    /**
     * Default {@code instances}.
     */
    public static final int DEFAULT_INSTANCES = 10;

    /**
     * Most {@code instances} per host.
     */
    public static final int MAX_INSTANCES = 65536;

    /**
     * Default {@code timeout}: 2 s.
     */
    public static final long DEFAULT_TIMEOUT_NS = 2_000_000_000L;

    /**
     * Validates and copies the components.
     */
    public ShootPlan
    {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(ammo, "ammo");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(late, "late");
        Objects.requireNonNull(edns, "edns");
        Objects.requireNonNull(setPosition, "setPosition");
        Objects.requireNonNull(transport, "transport");
        rps = List.copyOf(rps);
        autostop = List.copyOf(autostop);
        if (rps.isEmpty())
        {
            throw new IllegalArgumentException("rps has no segments");
        }
        if (instances < 1 || instances > MAX_INSTANCES)
        {
            throw new IllegalArgumentException("instances must be 1.." + MAX_INSTANCES + ": " + instances);
        }
        if (timeoutNs <= 0)
        {
            throw new IllegalArgumentException("timeoutNs must be > 0: " + timeoutNs);
        }
        long totalNs = 0;
        for (final RpsSegment segment : rps)
        {
            totalNs = Math.addExact(totalNs, segment.totalDurationNs());
        }
    }

    /**
     * How long the whole profile lasts.
     *
     * @return the sum of the segments' total durations, in nanoseconds.
     */
    public long totalDurationNs()
    {
        long totalNs = 0;
        for (final RpsSegment segment : rps)
        {
            totalNs += segment.totalDurationNs();
        }
        return totalNs;
    }
}
