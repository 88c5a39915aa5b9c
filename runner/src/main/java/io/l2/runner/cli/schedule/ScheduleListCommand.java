/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.schedule;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.l2.config.L2Config;
import io.l2.config.Schedule;
import io.l2.runner.base.ExitCode;
import io.l2.runner.base.InputException;
import io.l2.runner.cli.common.GlobalOptions;
import io.l2.runner.results.Json;
import io.l2.runner.schedule.CronTimes;
import io.l2.runner.shoot.ConfigSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2 schedule list}: every schedule of {@code l2.yaml} with its next fire times, in its zone and in UTC.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
        "List the schedules of l2.yaml: name, cron, time zone, target, set, plan, and the next fire times "
            + "(in the schedule's zone and in UTC). The first line says whether this host's daemon runs the "
            + "scheduler (l2.scheduler) and the overlap policy (l2.schedule-overlap).",
        ""
    })
public final class ScheduleListCommand implements Callable<Integer>
{
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx '['VV']'");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'")
        .withZone(ZoneOffset.UTC);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json")
    private String output;

    @Option(names = "--count", paramLabel = "N", defaultValue = "3",
        description = "how many next fire times (default: ${DEFAULT-VALUE})")
    private int count;

    @Option(names = "--after", paramLabel = "INSTANT",
        description = "fire times after this instant, e.g. 2026-03-28T00:00:00Z (default: now)")
    private String after;

    /**
     * {@inheritDoc}
     */
    public Integer call()
    {
        if (!"text".equals(output) && !"json".equals(output))
        {
            throw new InputException("--output " + output + ": expected text or json");
        }
        if (count < 0 || count > 1000)
        {
            throw new InputException("--count " + count + ": expected 0..1000");
        }
        final Instant from;
        try
        {
            from = null == after ? Instant.now() : Instant.parse(after);
        }
        catch (final DateTimeParseException ex)
        {
            throw new InputException("--after " + after + ": expected an instant such as 2026-03-28T00:00:00Z");
        }
        final GlobalOptions root = (GlobalOptions)spec.root().userObject();
        final L2Config config = ConfigSource.load(
            root.config(), System.getenv(), Path.of("").toAbsolutePath(), ConfigSource.SYSTEM_CONFIG);
        final PrintWriter out = spec.commandLine().getOut();
        if ("json".equals(output))
        {
            out.print(Json.write(toJson(config, from)));
        }
        else
        {
            printText(config, from, out);
        }
        out.flush();
        return ExitCode.OK;
    }

    private Map<String, Object> toJson(final L2Config config, final Instant from)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("config", null == config.source() ? null : config.source().toString());
        json.put("scheduler", config.schedules().scheduler());
        json.put("overlap", config.schedules().overlap().yamlName());
        json.put("after", from.toString());
        final List<Object> schedules = new ArrayList<>();
        for (final Schedule schedule : config.schedules().entries())
        {
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", schedule.name());
            entry.put("cron", schedule.cron());
            entry.put("timezone", schedule.timezone().getId());
            entry.put("target", schedule.target().authority());
            entry.put("set", schedule.set());
            entry.put("plan", schedule.planDescription());
            final List<Object> next = new ArrayList<>();
            for (final ZonedDateTime time : CronTimes.of(schedule.cron(), schedule.timezone()).next(from, count))
            {
                final Map<String, Object> at = new LinkedHashMap<>();
                at.put("local", time.toOffsetDateTime().toString());
                at.put("utc", time.toInstant().toString());
                next.add(at);
            }
            entry.put("next", next);
            schedules.add(entry);
        }
        json.put("schedules", schedules);
        return json;
    }

    private void printText(final L2Config config, final Instant from, final PrintWriter out)
    {
        final List<Schedule> schedules = config.schedules().entries();
        out.println(schedules.size() + " schedule(s) in " +
            (null == config.source() ? "the embedded default" : config.source()) + "; scheduler " +
            (config.schedules().scheduler() ? "on" : "off") + " on this host (l2.scheduler), overlap " +
            config.schedules().overlap().yamlName());
        for (final Schedule schedule : schedules)
        {
            out.println();
            out.println(schedule.name());
            out.println("  cron      " + schedule.cron() + "  (" + schedule.timezone().getId() + ")");
            out.println("  target    " + schedule.target().authority());
            out.println("  set       " + schedule.set());
            out.println("  plan      " + schedule.planDescription());
            final List<ZonedDateTime> next = CronTimes.of(schedule.cron(), schedule.timezone()).next(from, count);
            if (next.isEmpty() && count > 0)
            {
                out.println("  next      never");
            }
            for (int i = 0; i < next.size(); i++)
            {
                out.println((0 == i ? "  next      " : "            ") + LOCAL.format(next.get(i)) + "  =  " +
                    UTC.format(next.get(i).toInstant()));
            }
        }
    }
}
