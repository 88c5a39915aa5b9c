package io.l2.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Turns the node tree of a shoot plan into a {@link ShootPlan}, checked against an {@link L2Config}.
 */
final class PlanParser
{
    static final String DEFAULT_SET = "local";
    static final List<String> PLAN_KEYS = List.of(
        "description", "target", "ammo", "rps", "schedule", "instances", "mode", "timeout", "set", "per-host",
        "late", "edns", "autostop", "transport");
    static final List<String> SEGMENT_KEYS = List.of("type", "from", "to", "step", "duration");
    static final List<String> EDNS_KEYS = List.of("udp-size", "do");
    static final List<String> TRANSPORT_KEYS =
        List.of("protocol", "connections", "pipeline", "server-name", "ca-file", "insecure", "path", "method",
            "queries-per-connection");

    private final NodeReader reader;
    private final Path baseDir;
    private final L2Config config;

    PlanParser(final NodeReader reader, final Path baseDir, final L2Config config)
    {
        this.reader = reader;
        this.baseDir = baseDir;
        this.config = config;
    }

    static ShootPlan parse(
        final String fileName, final String yaml, final Path source, final Path baseDir, final L2Config config)
    {
        final Optional<Node> root = SafeYaml.compose(fileName, yaml);
        return new PlanParser(new NodeReader(fileName), baseDir, config).parse(root, source, null);
    }

    /**
     * Parses a plan.
     *
     * @param root     the plan's document (a map), or empty for an empty file.
     * @param source   the plan's source.
     * @param override a target that replaces the plan's (a schedule's); the plan's own target is then optional, and
     *                 checked when present. Null: the plan's target, required.
     */
    ShootPlan parse(final Optional<Node> root, final Path source, final Target override)
    {
        if (root.isEmpty() || NodeReader.isNull(root.get()))
        {
            throw ConfigException.at(new Position(reader.fileName(), 1, 1),
                "the plan is empty (it needs at least target, ammo and rps or schedule)");
        }
        final Node planNode = body(root.get());
        final Map<String, NodeTuple> keys = reader.mapping(planNode, "the plan", "a map of plan keys");
        reader.allowOnly(keys, "the plan", PLAN_KEYS);
        final Position planPosition = reader.position(planNode);

        final String description = keys.containsKey("description") ?
            reader.string(keys.get("description").getValueNode(), "description") : "";
        final Target own = null == override || keys.containsKey("target") ?
            target(required(keys, "target", planPosition, "host[:port], e.g. ns1.example.net:53")) : null;
        final TransportSettings transport = keys.containsKey("transport") ?
            transport(keys.get("transport").getValueNode()) : TransportSettings.UDP;
        final Target target = (null == override ? own : override).withDefaultPort(transport.protocol().defaultPort());
        if (transport.protocol().tls() && !transport.insecure() && null == transport.serverNameFor(target))
        {
            throw reader.error(keys.get("transport").getValueNode(), "transport " + transport.protocol().yamlName() +
                " checks the server's certificate " +
                "for a name, and the target " + NodeReader.quote(target.host()) + " is an address: give " +
                "transport.server-name (or insecure: true for a test server)");
        }
        final AmmoRef ammo = ammo(required(keys, "ammo", planPosition, "an ammo name from l2.yaml or a file path"));
        final List<RpsSegment> rps = profile(keys, planPosition);
        final int instances = keys.containsKey("instances") ? (int) reader.integer(
            keys.get("instances").getValueNode(), "instances", 1, ShootPlan.MAX_INSTANCES) :
            ShootPlan.DEFAULT_INSTANCES;
        final Mode mode = keys.containsKey("mode") ? mode(keys.get("mode").getValueNode()) : Mode.ASYNC;
        final long timeoutNs = keys.containsKey("timeout") ? durationNs(keys.get("timeout").getValueNode(),
            "timeout") : ShootPlan.DEFAULT_TIMEOUT_NS;
        final boolean perHost = keys.containsKey("per-host") &&
            reader.bool(keys.get("per-host").getValueNode(), "per-host");
        final LatePolicy late = keys.containsKey("late") ? late(keys.get("late").getValueNode()) : LatePolicy.SEND;
        final Edns edns = keys.containsKey("edns") ? edns(keys.get("edns").getValueNode()) : Edns.OFF;
        final List<AutostopCriterion> autostop = keys.containsKey("autostop") ?
            autostop(keys.get("autostop").getValueNode()) : List.of();

        final String set;
        final Position setPosition;
        if (keys.containsKey("set"))
        {
            final Node setNode = keys.get("set").getValueNode();
            set = set(setNode);
            setPosition = reader.position(setNode);
        }
        else
        {
            set = config.inventory().isEmpty() ? DEFAULT_SET : config.inventory().first().name();
            setPosition = planPosition;
        }

        return new ShootPlan(
            source, description, target, ammo, rps, perHost, instances, mode, timeoutNs, set, late, edns, setPosition,
            autostop, transport);
    }

    /**
     * The map that holds the plan's keys: the document itself, or the value of its one top-level {@code shoot:} key.
     */
    Node body(final Node root)
    {
        final Map<String, NodeTuple> keys = reader.mapping(root, "the plan", "a map of plan keys");
        if (!keys.containsKey("shoot"))
        {
            return root;
        }
        for (final Map.Entry<String, NodeTuple> entry : keys.entrySet())
        {
            if (!"shoot".equals(entry.getKey()))
            {
                throw reader.error(entry.getValue().getKeyNode(), "key " + NodeReader.quote(entry.getKey()) +
                    " is beside 'shoot': put every plan key under 'shoot', or leave 'shoot' out");
            }
        }
        final Node planNode = keys.get("shoot").getValueNode();
        reader.mapping(planNode, "shoot", "a map of plan keys");
        return planNode;
    }

    /**
     * The plan's keys as plain values (strings, maps, lists, null), as {@link NodeReader#plain} gives them.
     */
    Map<?, ?> plainBody(final Node root)
    {
        return (Map<?, ?>) reader.plain(body(root), 1);
    }

    private Node required(
        final Map<String, NodeTuple> keys, final String key, final Position planPosition, final String expected)
    {
        final NodeTuple tuple = keys.get(key);
        if (null == tuple)
        {
            throw ConfigException.at(planPosition, key + " is required (" + expected + ")");
        }
        return tuple.getValueNode();
    }

    Target target(final Node node)
    {
        final String text = reader.text(node, "target", "host[:port]").strip();
        final Position position = reader.position(node);
        if (text.isEmpty())
        {
            throw reader.error(node, "target is empty (expected host[:port], e.g. ns1.example.net:53)");
        }
        final String host;
        String portText = null;
        if (text.startsWith("["))
        {
            final int close = text.indexOf(']');
            if (close < 0)
            {
                throw reader.error(node, "target " + NodeReader.quote(text) + " has '[' without ']'");
            }
            host = text.substring(1, close);
            final String rest = text.substring(close + 1);
            if (!rest.isEmpty())
            {
                if (!rest.startsWith(":"))
                {
                    throw reader.error(node, "target " + NodeReader.quote(text) + ": expected ':port' after ']'");
                }
                portText = rest.substring(1);
            }
            if (!HostSyntax.isIpv6(host))
            {
                throw reader.error(node, "target " + NodeReader.quote(text) +
                    ": brackets must hold an IPv6 address");
            }
        }
        else if (text.indexOf(':') != text.lastIndexOf(':'))
        {
            host = text;
            if (!HostSyntax.isIpv6(host))
            {
                throw reader.error(node, "target " + NodeReader.quote(text) +
                    " is not a valid IPv6 address (write [address]:port to give a port)");
            }
        }
        else
        {
            final int colon = text.indexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            portText = colon < 0 ? null : text.substring(colon + 1);
        }

        int port = Target.DEFAULT_PORT;
        if (null != portText)
        {
            port = -1;
            if (portText.matches("[0-9]{1,5}"))
            {
                port = Integer.parseInt(portText);
            }
            if (port < 1 || port > 65535)
            {
                throw reader.error(node, "target port must be 1..65535, got " + NodeReader.quote(portText));
            }
        }
        if (host.isEmpty())
        {
            throw reader.error(node, "target " + NodeReader.quote(text) + " has no host");
        }
        if (!HostSyntax.isValidHost(host))
        {
            throw reader.error(node, "target host " + NodeReader.quote(host) + " is not a valid " +
                (HostSyntax.looksNumeric(host) ? "IPv4 address" : "host name or address"));
        }
        return new Target(host, port, position, null != portText);
    }

    private AmmoRef ammo(final Node node)
    {
        final String written = reader.nonEmptyString(node, "ammo", "an ammo name from l2.yaml or a file path");
        final Position position = reader.position(node);
        final AmmoEntry entry = config.ammo().get(written);
        if (null != entry)
        {
            return new AmmoRef(written, entry.file(), true, position);
        }
        if (looksLikePath(written))
        {
            try
            {
                return new AmmoRef(written, baseDir.resolve(written).normalize(), false, position);
            }
            catch (final InvalidPathException ex)
            {
                throw reader.error(node, "ammo is not a valid path: " + ex.getReason());
            }
        }
        throw reader.error(node, "unknown ammo " + NodeReader.quote(written) + " (known: " +
            known(config.ammo().keySet()) + ")" + NodeReader.didYouMean(written, config.ammo().keySet()) +
            "; a file path needs a '/' or a .txt, .gz or .ammo suffix");
    }

    static boolean looksLikePath(final String text)
    {
        final String lower = text.toLowerCase(Locale.ROOT);
        return text.indexOf('/') >= 0 || lower.endsWith(".txt") || lower.endsWith(".gz") || lower.endsWith(".ammo");
    }

    private static String known(final Iterable<String> names)
    {
        final String joined = String.join(", ", names);
        return joined.isEmpty() ? "none" : joined;
    }

    private String set(final Node node)
    {
        final String name = reader.nonEmptyString(node, "set", "a set name from l2.yaml");
        final Inventory inventory = config.inventory();
        if (inventory.isEmpty())
        {
            if (DEFAULT_SET.equals(name))
            {
                return name;
            }
            throw reader.error(node, "unknown set " + NodeReader.quote(name) +
                " (known: none; l2.yaml has no cluster section)");
        }
        if (inventory.set(name).isEmpty())
        {
            throw reader.error(node, "unknown set " + NodeReader.quote(name) + " (known: " +
                known(inventory.setNames()) + ")" + NodeReader.didYouMean(name, inventory.setNames()));
        }
        return name;
    }

    private List<RpsSegment> profile(final Map<String, NodeTuple> keys, final Position planPosition)
    {
        final NodeTuple rps = keys.get("rps");
        final NodeTuple schedule = keys.get("schedule");
        if (null != rps && null != schedule)
        {
            throw reader.error(schedule.getKeyNode(),
                "give either rps or schedule, not both (rps is at " + reader.position(rps.getKeyNode()).line() + ")");
        }
        if (null == rps && null == schedule)
        {
            throw ConfigException.at(planPosition, "an rps profile is required: rps (e.g. {type: line, from: 1000, " +
                "to: 10000, duration: 30s}) or schedule (e.g. \"line(1000,10000,30s)\")");
        }
        if (null != rps)
        {
            return rps(rps.getValueNode());
        }
        return schedule(schedule.getValueNode());
    }

    private List<RpsSegment> rps(final Node node)
    {
        if (node instanceof MappingNode)
        {
            return List.of(segment(node, "rps"));
        }
        if (node instanceof SequenceNode)
        {
            final List<Node> items = ((SequenceNode) node).getValue();
            if (items.isEmpty())
            {
                throw reader.error(node, "rps is an empty list (expected one or more segments)");
            }
            final List<RpsSegment> segments = new ArrayList<>();
            for (int i = 0; i < items.size(); i++)
            {
                segments.add(segment(items.get(i), "rps[" + i + "]"));
            }
            return segments;
        }
        if (NodeReader.isNull(node))
        {
            throw reader.error(node, "rps has no value (expected a segment {type, from, to, duration} or a list of " +
                "them)");
        }
        throw reader.error(node, "rps: expected a segment {type, from, to, duration} or a list of them, got " +
            NodeReader.describe(node) + " (for the line(...) grammar use schedule:)");
    }

    private RpsSegment segment(final Node node, final String label)
    {
        final Map<String, NodeTuple> keys = reader.mapping(
            node, label, "a segment {type, from, to, duration} (step also has step)");
        reader.allowOnly(keys, label, SEGMENT_KEYS);
        final Position position = reader.position(node);
        final NodeTuple typeTuple = keys.get("type");
        if (null == typeTuple)
        {
            throw ConfigException.at(position, label + ".type is required (line, const or step)");
        }
        final Node typeNode = typeTuple.getValueNode();
        final String typeName = reader.text(typeNode, label + ".type", "line, const or step");
        final RpsKind kind = RpsRules.kind(typeName);
        if (null == kind)
        {
            throw reader.error(typeNode, label + ".type must be line, const or step, got " +
                NodeReader.quote(typeName));
        }
        return RpsRules.build(
            kind,
            typeName,
            field(keys, "from", label, position, "an integer"),
            field(keys, "to", label, position, "an integer"),
            field(keys, "step", label, position, "an integer"),
            field(keys, "duration", label, position, "a duration such as 30s"),
            position);
    }

    private RpsRules.Field field(
        final Map<String, NodeTuple> keys,
        final String key,
        final String label,
        final Position segmentPosition,
        final String expected)
    {
        final String fieldLabel = label + "." + key;
        final NodeTuple tuple = keys.get(key);
        if (null == tuple)
        {
            return new RpsRules.Field(fieldLabel, null, segmentPosition);
        }
        final Node value = tuple.getValueNode();
        return new RpsRules.Field(fieldLabel, reader.text(value, fieldLabel, expected), reader.position(value));
    }

    private List<RpsSegment> schedule(final Node node)
    {
        final List<Node> parts = new ArrayList<>();
        if (node instanceof SequenceNode)
        {
            parts.addAll(((SequenceNode) node).getValue());
            if (parts.isEmpty())
            {
                throw reader.error(node, "schedule is an empty list");
            }
        }
        else
        {
            parts.add(node);
        }
        final List<RpsSegment> segments = new ArrayList<>();
        for (final Node part : parts)
        {
            final String text = reader.text(part, "schedule", "a string such as \"line(1000,10000,30s)\"");
            final ScalarNode scalar = (ScalarNode) part;
            segments.addAll(RpsRules.parseSchedule(text, (offset) -> reader.position(scalar, offset)));
        }
        return segments;
    }

    private List<AutostopCriterion> autostop(final Node node)
    {
        final String expected = "a list of criteria such as [\"timeouts(5%, 2s)\", \"quantile(99, 50ms, 3s)\"]";
        final List<Node> items = new ArrayList<>();
        if (node instanceof SequenceNode)
        {
            items.addAll(((SequenceNode) node).getValue());
        }
        else if (node instanceof ScalarNode && !NodeReader.isNull(node))
        {
            items.add(node);
        }
        else
        {
            throw reader.error(node, "autostop: expected " + expected + ", got " + NodeReader.describe(node));
        }
        final List<AutostopCriterion> criteria = new ArrayList<>();
        int index = 0;
        while (index < items.size())
        {
            final String label = node instanceof SequenceNode ? "autostop[" + index + "]" : "autostop";
            // a flow list splits "[timeouts(5%, 2s)]" at its comma: the pieces of one criterion are joined again
            final List<ScalarNode> pieces = new ArrayList<>();
            int depth = 0;
            do
            {
                final Node item = items.get(index);
                if (!(item instanceof ScalarNode) || NodeReader.isNull(item))
                {
                    throw reader.error(item, label + ": expected a criterion such as \"timeouts(5%, 2s)\", got " +
                        NodeReader.describe(item));
                }
                pieces.add((ScalarNode) item);
                depth += openParentheses(((ScalarNode) item).getValue());
                index++;
            }
            while (depth > 0 && index < items.size());
            final StringBuilder text = new StringBuilder();
            final List<Integer> starts = new ArrayList<>();
            for (final ScalarNode piece : pieces)
            {
                text.append(text.length() > 0 ? ", " : "");
                starts.add(text.length());
                text.append(piece.getValue());
            }
            criteria.addAll(AutostopRules.parse(text.toString(), label, (offset) ->
            {
                int piece = 0;
                while (piece + 1 < starts.size() && offset >= starts.get(piece + 1) - 2)
                {
                    piece++;
                }
                return reader.position(pieces.get(piece), Math.max(0, offset - starts.get(piece)));
            }));
        }
        return criteria;
    }

    private static int openParentheses(final String text)
    {
        int depth = 0;
        for (int i = 0; i < text.length(); i++)
        {
            depth += '(' == text.charAt(i) ? 1 : ')' == text.charAt(i) ? -1 : 0;
        }
        return depth;
    }

    private long durationNs(final Node node, final String label)
    {
        final String text = reader.text(node, label, "a duration such as 2s");
        return RpsRules.durationNs(new RpsRules.Field(label, text, reader.position(node)));
    }

    private Mode mode(final Node node)
    {
        final String text = reader.text(node, "mode", "sync or async");
        for (final Mode mode : Mode.values())
        {
            if (mode.yamlName().equalsIgnoreCase(text))
            {
                return mode;
            }
        }
        throw reader.error(node, "mode must be sync or async, got " + NodeReader.quote(text));
    }

    private LatePolicy late(final Node node)
    {
        final String text = reader.text(node, "late", "send or discard");
        for (final LatePolicy late : LatePolicy.values())
        {
            if (late.yamlName().equalsIgnoreCase(text))
            {
                return late;
            }
        }
        throw reader.error(node, "late must be send or discard, got " + NodeReader.quote(text));
    }

    private Edns edns(final Node node)
    {
        if (node instanceof MappingNode)
        {
            final Map<String, NodeTuple> keys = reader.mapping(node, "edns", "a map {udp-size, do}");
            reader.allowOnly(keys, "edns", EDNS_KEYS);
            final int udpSize = keys.containsKey("udp-size") ?
                (int) reader.integer(keys.get("udp-size").getValueNode(), "edns.udp-size", 512, 65535) :
                Edns.DEFAULT_UDP_SIZE;
            final boolean dnssecOk = keys.containsKey("do") && reader.bool(keys.get("do").getValueNode(), "edns.do");
            return new Edns(true, udpSize, dnssecOk);
        }
        if (node instanceof ScalarNode && !NodeReader.isNull(node))
        {
            final String text = ((ScalarNode) node).getValue();
            if ("true".equalsIgnoreCase(text))
            {
                return Edns.ON;
            }
            if ("false".equalsIgnoreCase(text))
            {
                return Edns.OFF;
            }
        }
        throw reader.error(node, "edns must be true, false or a map {udp-size: 1232, do: true}, got " +
            NodeReader.describe(node));
    }

    private TransportSettings transport(final Node node)
    {
        if (node instanceof MappingNode)
        {
            final Map<String, NodeTuple> keys = reader.mapping(node, "transport",
                "a map {protocol, connections, pipeline, server-name, ca-file, insecure, path, method, " +
                "queries-per-connection}");
            reader.allowOnly(keys, "transport", TRANSPORT_KEYS);
            if (!keys.containsKey("protocol"))
            {
                throw reader.error(node, "transport needs protocol (udp, tcp, dot or doh)");
            }
            final Node protocolNode = keys.get("protocol").getValueNode();
            final TransportSettings.Protocol protocol = protocol(protocolNode, "transport.protocol");
            final int connections = keys.containsKey("connections") ? (int) reader.integer(
                keys.get("connections").getValueNode(), "transport.connections", 1,
                TransportSettings.MAX_CONNECTIONS) : 0;
            final boolean pipeline = !keys.containsKey("pipeline") ||
                reader.bool(keys.get("pipeline").getValueNode(), "transport.pipeline");
            if (TransportSettings.Protocol.UDP == protocol && (0 != connections || !pipeline))
            {
                throw reader.error(protocolNode, "transport.connections and transport.pipeline are for tcp, dot " +
                    "and doh, not udp (a UDP shoot spreads its queries over sockets by itself)");
            }
            long queriesPerConnection = 0;
            if (keys.containsKey("queries-per-connection"))
            {
                final NodeTuple tuple = keys.get("queries-per-connection");
                if (TransportSettings.Protocol.UDP == protocol)
                {
                    throw reader.error(tuple.getKeyNode(), "transport.queries-per-connection is for tcp, dot and " +
                        "doh, not udp (UDP has no connections to close)");
                }
                queriesPerConnection = reader.integer(tuple.getValueNode(), "transport.queries-per-connection", 0,
                    TransportSettings.MAX_QUERIES_PER_CONNECTION);
            }
            for (final String tlsKey : List.of("server-name", "ca-file", "insecure"))
            {
                if (keys.containsKey(tlsKey) && !protocol.tls())
                {
                    throw reader.error(keys.get(tlsKey).getKeyNode(), "transport." + tlsKey + " is for dot and doh, " +
                        "not " + protocol.yamlName());
                }
            }
            for (final String httpKey : List.of("path", "method"))
            {
                if (keys.containsKey(httpKey) && TransportSettings.Protocol.DOH != protocol)
                {
                    throw reader.error(keys.get(httpKey).getKeyNode(), "transport." + httpKey + " is for doh, not " +
                        protocol.yamlName());
                }
            }
            String path = TransportSettings.Protocol.DOH == protocol ? TransportSettings.DEFAULT_PATH : null;
            if (keys.containsKey("path"))
            {
                final Node pathNode = keys.get("path").getValueNode();
                path = reader.text(pathNode, "transport.path", "the DoH request path");
                if (!TransportSettings.validPath(path))
                {
                    throw reader.error(pathNode, "transport.path " + NodeReader.quote(path) + " must start with '/' " +
                        "and be printable ASCII without spaces, at most " + TransportSettings.MAX_PATH_LENGTH +
                        " characters");
                }
            }
            boolean get = false;
            if (keys.containsKey("method"))
            {
                final Node methodNode = keys.get("method").getValueNode();
                final String method = reader.text(methodNode, "transport.method", "GET or POST").strip();
                if (!"GET".equalsIgnoreCase(method) && !"POST".equalsIgnoreCase(method))
                {
                    throw reader.error(methodNode, "transport.method must be GET or POST, got " +
                        NodeReader.quote(method));
                }
                get = "GET".equalsIgnoreCase(method);
            }
            String serverName = null;
            if (keys.containsKey("server-name"))
            {
                final Node nameNode = keys.get("server-name").getValueNode();
                serverName = reader.text(nameNode, "transport.server-name", "the TLS server name").strip();
                if (!HostSyntax.isHostName(serverName))
                {
                    throw reader.error(nameNode, "transport.server-name " + NodeReader.quote(serverName) +
                        " is not a host name");
                }
            }
            final Path caFile = keys.containsKey("ca-file") ? baseDir.resolve(reader.text(
                keys.get("ca-file").getValueNode(), "transport.ca-file", "a PEM file of CA certificates")).normalize() :
                null;
            boolean insecure = false;
            if (keys.containsKey("insecure"))
            {
                final Node insecureNode = keys.get("insecure").getValueNode();
                insecure = reader.bool(insecureNode, "transport.insecure");
                if (insecure && null != caFile)
                {
                    throw reader.error(insecureNode, "transport.insecure: true verifies nothing, so ca-file " +
                        "would be ignored: give one or the other");
                }
            }
            return new TransportSettings(protocol, connections, pipeline, serverName, caFile, insecure, path, get,
                queriesPerConnection);
        }
        final TransportSettings.Protocol protocol = protocol(node, "transport");
        return TransportSettings.Protocol.UDP == protocol ? TransportSettings.UDP :
            new TransportSettings(protocol, 0, true, null, null, false);
    }

    private TransportSettings.Protocol protocol(final Node node, final String field)
    {
        final String text = reader.text(node, field, "udp, tcp, dot or doh");
        for (final TransportSettings.Protocol protocol : TransportSettings.Protocol.values())
        {
            if (protocol.yamlName().equalsIgnoreCase(text))
            {
                return protocol;
            }
        }
        throw reader.error(node, field + " must be udp, tcp, dot or doh, got " + NodeReader.quote(text));
    }
}
