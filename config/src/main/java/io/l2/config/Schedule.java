package io.l2.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One entry of {@code schedules:} in {@code l2.yaml}, validated: its cron expression parses (5-field UNIX), its time
 * zone exists, its plan parses and is checked against the configuration. Immutable.
 *
 * @param name      the schedule's name, unique in the file.
 * @param cron      the cron expression as written (5 fields: minute hour day-of-month month day-of-week).
 * @param timezone  the zone the cron fields are read in (UTC when not written).
 * @param target    the schedule's target; it overrides the plan's.
 * @param plan      the effective plan: the plan with the schedule's target (its {@link ShootPlan#source()} is the
 *                  plan file, or {@code l2.yaml} for an inline plan).
 * @param planFile  the plan file, or null for a plan written inline.
 * @param planYaml  the effective plan as YAML text: the plan's keys with {@code target} replaced by the schedule's and
 *                  a relative ammo path made absolute, so it parses to the same plan from any directory.
 * @param position  where the entry starts in {@code l2.yaml}.
 */
public record Schedule(
    String name, String cron, ZoneId timezone, Target target, ShootPlan plan, Path planFile, String planYaml,
    Position position)
{
    /**
     * Validates the components.
     */
    public Schedule
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(planYaml, "planYaml");
        Objects.requireNonNull(position, "position");
        if (name.isBlank())
        {
            throw new IllegalArgumentException("name is empty");
        }
    }

    /**
     * The plan as written, for people.
     *
     * @return the plan file's path, or {@code inline}.
     */
    public String planDescription()
    {
        return null == planFile ? "inline" : planFile.toString();
    }

    /**
     * The set that shoots.
     *
     * @return the plan's set.
     */
    public String set()
    {
        return plan.set();
    }
}
