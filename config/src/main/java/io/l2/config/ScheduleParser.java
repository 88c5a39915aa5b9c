package io.l2.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Turns {@code schedules:} and the scheduler keys of the {@code l2:} section into {@link Schedules}, checked against
 * the rest of the configuration (plans name its ammo and sets). Reads the plan files it names (YAML only).
 */
final class ScheduleParser
{
    static final List<String> ENTRY_KEYS = List.of("name", "cron", "timezone", "target", "plan");
    static final String SCHEDULER_KEY = "scheduler";
    static final String OVERLAP_KEY = "schedule-overlap";
    static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");

    private static final CronParser CRON_PARSER =
        new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final NodeReader reader;
    private final Path baseDir;
    private final Path source;
    private final L2Config config;

    ScheduleParser(final NodeReader reader, final Path baseDir, final Path source, final L2Config config)
    {
        this.reader = reader;
        this.baseDir = baseDir;
        this.source = source;
        this.config = config;
    }

    /**
     * Checks a 5-field cron expression with cron-utils (UNIX definition).
     *
     * @return null when it is valid, else cron-utils' message.
     */
    static String cronError(final String cron)
    {
        try
        {
            CRON_PARSER.parse(cron).validate();
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            return null == ex.getMessage() ? ex.toString() : ex.getMessage();
        }
    }

    Schedules parse(final Node daemonNode, final Node schedulesNode)
    {
        boolean scheduler = false;
        ScheduleOverlap overlap = ScheduleOverlap.SKIP;
        if (null != daemonNode && !NodeReader.isNull(daemonNode))
        {
            final Map<String, NodeTuple> keys = reader.mapping(daemonNode, "l2", "a map of daemon settings");
            if (keys.containsKey(SCHEDULER_KEY))
            {
                scheduler = reader.bool(keys.get(SCHEDULER_KEY).getValueNode(), SCHEDULER_KEY);
            }
            if (keys.containsKey(OVERLAP_KEY))
            {
                overlap = overlap(keys.get(OVERLAP_KEY).getValueNode());
            }
        }
        if (null == schedulesNode || NodeReader.isNull(schedulesNode))
        {
            return new Schedules(scheduler, overlap, List.of());
        }
        if (!(schedulesNode instanceof SequenceNode))
        {
            throw reader.typeError(schedulesNode, "schedules", "a list of {name, cron, timezone, target, plan}");
        }
        final Map<String, Position> names = new HashMap<>();
        final List<Schedule> entries = new ArrayList<>();
        for (final Node item : ((SequenceNode) schedulesNode).getValue())
        {
            entries.add(entry(item, names));
        }
        return new Schedules(scheduler, overlap, entries);
    }

    private ScheduleOverlap overlap(final Node node)
    {
        final String text = reader.text(node, OVERLAP_KEY, "skip or wait");
        for (final ScheduleOverlap overlap : ScheduleOverlap.values())
        {
            if (overlap.yamlName().equalsIgnoreCase(text))
            {
                return overlap;
            }
        }
        throw reader.error(node, OVERLAP_KEY + " must be skip or wait, got " + NodeReader.quote(text));
    }

    private Schedule entry(final Node node, final Map<String, Position> names)
    {
        final Map<String, NodeTuple> keys = reader.mapping(
            node, "a schedule", "a map {name, cron, timezone, target, plan}");
        reader.allowOnly(keys, "a schedule", ENTRY_KEYS);
        final Position position = reader.position(node);

        final Node nameNode = required(keys, "name", position, "the schedule", "a name, unique in l2.yaml");
        final String name = reader.nonEmptyString(nameNode, "name", "a schedule name").strip();
        final Position first = names.putIfAbsent(name, reader.position(nameNode));
        if (null != first)
        {
            throw reader.error(nameNode, "schedule name " + NodeReader.quote(name) + " is used twice (first at " +
                first.line() + ":" + first.column() + ")");
        }
        final String label = "schedule " + NodeReader.quote(name);

        final Node cronNode = required(keys, "cron", position, label, "5 fields, e.g. \"0 3 * * *\"");
        final String cron = reader.nonEmptyString(cronNode, label + " cron", "5 fields, e.g. \"0 3 * * *\"").strip();
        final String cronError = cronError(cron);
        if (null != cronError)
        {
            throw reader.error(cronNode, label + ": cron " + NodeReader.quote(cron) + ": " + cronError +
                " (5 fields: minute hour day-of-month month day-of-week)");
        }

        final ZoneId timezone = keys.containsKey("timezone") ?
            timezone(keys.get("timezone").getValueNode(), label) : DEFAULT_TIMEZONE;

        final Node targetNode = required(keys, "target", position, label, "host[:port], e.g. ns1.example.net:53");
        final PlanParser targetParser = new PlanParser(reader, baseDir, config);
        final Target target = targetParser.target(targetNode);

        final Node planNode = required(keys, "plan", position, label, "a plan file relative to l2.yaml, or a map");
        if (planNode instanceof MappingNode)
        {
            final PlanParser parser = new PlanParser(reader, baseDir, config);
            final ShootPlan plan = parser.parse(Optional.of(planNode), source, target);
            return new Schedule(name, cron, timezone, target, plan, null,
                planYaml(name, position, "inline", parser.plainBody(planNode), plan), position);
        }
        if (!(planNode instanceof ScalarNode) || NodeReader.isNull(planNode))
        {
            throw reader.typeError(planNode, label + " plan", "a plan file relative to l2.yaml, or a map");
        }
        final String text = reader.nonEmptyString(planNode, label + " plan", "a plan file relative to l2.yaml");
        final Path file;
        try
        {
            file = baseDir.resolve(text).normalize();
        }
        catch (final InvalidPathException ex)
        {
            throw reader.error(planNode, label + ": plan is not a valid path: " + ex.getReason());
        }
        if (!Files.isRegularFile(file))
        {
            throw reader.error(planNode, label + ": plan file " + file + " does not exist");
        }
        final String fileName = file.toString();
        final Optional<Node> root = SafeYaml.compose(fileName, SafeYaml.readUtf8(file, fileName));
        final Path planDir = file.toAbsolutePath().getParent();
        final PlanParser parser = new PlanParser(new NodeReader(fileName), planDir, config);
        final ShootPlan plan = parser.parse(root, file, target);
        return new Schedule(name, cron, timezone, target, plan, file,
            planYaml(name, position, file.toString(), parser.plainBody(root.orElseThrow()), plan), position);
    }

    private Node required(
        final Map<String, NodeTuple> keys,
        final String key,
        final Position position,
        final String label,
        final String expected)
    {
        final NodeTuple tuple = keys.get(key);
        if (null == tuple)
        {
            throw ConfigException.at(position, label + ": " + key + " is required (" + expected + ")");
        }
        return tuple.getValueNode();
    }

    private ZoneId timezone(final Node node, final String label)
    {
        final String text = reader.nonEmptyString(node, label + " timezone", "a zone such as Europe/Berlin").strip();
        try
        {
            return ZoneId.of(text);
        }
        catch (final DateTimeException ex)
        {
            throw reader.error(node, label + ": unknown timezone " + NodeReader.quote(text) +
                NodeReader.didYouMean(text, ZoneId.getAvailableZoneIds()) +
                " (expected a region such as Europe/Berlin, UTC, or an offset such as +03:00)");
        }
    }

    /**
     * Plain values with integers and booleans written as such (so the YAML reads {@code instances: 4}, not
     * {@code '4'}) where that gives back the very same text; everything else as it was.
     */
    private static Object readable(final Object value)
    {
        if (value instanceof Map<?, ?> map)
        {
            final Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(key, readable(item)));
            return copy;
        }
        if (value instanceof List<?> list)
        {
            return list.stream().map(ScheduleParser::readable).toList();
        }
        if (value instanceof String text)
        {
            if ("true".equals(text) || "false".equals(text))
            {
                return Boolean.valueOf(text);
            }
            if (text.matches("-?[1-9][0-9]{0,17}|0"))
            {
                return Long.valueOf(text);
            }
        }
        return value;
    }

    /**
     * The effective plan as YAML: the plan's keys as written, {@code target} replaced by the schedule's, a relative
     * ammo path made absolute; a comment line says where it came from.
     */
    private String planYaml(
        final String name, final Position position, final String from, final Map<?, ?> body, final ShootPlan plan)
    {
        final Map<String, Object> keys = new LinkedHashMap<>();
        for (final Map.Entry<?, ?> entry : body.entrySet())
        {
            keys.put((String) entry.getKey(), readable(entry.getValue()));
        }
        keys.put("target", plan.target().authority());
        if (!plan.ammo().named())
        {
            keys.put("ammo", plan.ammo().file().toAbsolutePath().toString());
        }
        final DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        return "# schedule " + NodeReader.quote(name) + " (" + position + "), plan " + from +
            ", target from the schedule\n" + new Dump(settings).dumpToString(keys);
    }
}
