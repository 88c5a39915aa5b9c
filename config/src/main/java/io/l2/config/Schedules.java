package io.l2.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The schedules of {@code l2.yaml} and the scheduler's settings from its {@code l2:} section. Immutable.
 *
 * @param scheduler true when {@code l2.scheduler: true}: this host's daemon fires the schedules on time (one host of
 *                  the fleet, so a schedule fires once, not once per host).
 * @param overlap   {@code l2.schedule-overlap}: what happens when a schedule is due while its set still shoots.
 * @param entries   the {@code schedules:} entries, in the order written; names are unique.
 */
public record Schedules(boolean scheduler, ScheduleOverlap overlap, List<Schedule> entries)
{
    /**
     * No schedules, scheduler off, overlap {@link ScheduleOverlap#SKIP}.
     */
    public static final Schedules NONE = new Schedules(false, ScheduleOverlap.SKIP, List.of());

    /**
     * Validates and copies the components.
     */
    public Schedules
    {
        Objects.requireNonNull(overlap, "overlap");
        entries = List.copyOf(entries);
        for (int i = 0; i < entries.size(); i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (entries.get(i).name().equals(entries.get(j).name()))
                {
                    throw new IllegalArgumentException("schedule name '" + entries.get(i).name() + "' is used twice");
                }
            }
        }
    }

    /**
     * The schedule of a name.
     *
     * @param name a schedule name, exactly as written.
     * @return the schedule, or empty.
     */
    public Optional<Schedule> named(final String name)
    {
        return entries.stream().filter((schedule) -> schedule.name().equals(name)).findFirst();
    }
}
