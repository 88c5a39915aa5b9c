package io.l2.config;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Turns the node tree of {@code l2.yaml} into an {@link L2Config}. Stateless apart from its {@link NodeReader}.
 */
final class L2ConfigParser
{
    private static final Pattern SHOOTER_CPUS =
        Pattern.compile("[0-9]{1,4}(-[0-9]{1,4})?(,[0-9]{1,4}(-[0-9]{1,4})?)*");
    static final List<String> TOP_KEYS = List.of("l2", "cluster", "ammo", "schedules", "sinks", "security");
    static final List<String> DAEMON_KEYS = List.of(
        "l2-socket", "l2-port", "data-dir", "results-dir", "log-dir", "dedicated", "shooter-cpus", "aeron-dir",
        "control-channel", "control-stream", "control-mode", "control-port", "host-addresses", "l2-bind",
        "l2-socket-group",
        ScheduleParser.SCHEDULER_KEY, ScheduleParser.OVERLAP_KEY);
    static final List<String> SECURITY_KEYS = List.of(
        "cluster-key-file", "previous-cluster-key-file", "replay-window", "api-token-file", "api-read-open", "targets",
        "max-rps-per-host", "max-workers-per-host", "max-duration");
    static final List<String> RESERVED_KEYS = List.of("sinks", "security");
    static final List<String> LUNAPARK_KEYS = List.of(
        "api", "token-file", "token", "task", "person", "notify", "attempts", "retry-pause", "maintenance-pause",
        "timeout");
    static final List<String> INFLUX_KEYS = List.of(
        "url", "version", "db", "retention-policy", "username", "password", "org", "bucket", "token-file", "token",
        "measurement", "attempts", "retry-pause", "timeout");
    static final List<String> INFLUX_V1_KEYS = List.of("db", "retention-policy", "username", "password");
    static final List<String> INFLUX_V2_KEYS = List.of("org", "bucket", "token-file", "token");

    private final NodeReader reader;
    private final Path baseDir;

    private L2ConfigParser(final NodeReader reader, final Path baseDir)
    {
        this.reader = reader;
        this.baseDir = baseDir;
    }

    static L2Config parse(final String fileName, final String yaml, final Path source, final Path baseDir)
    {
        final Optional<Node> root = SafeYaml.compose(fileName, yaml);
        return new L2ConfigParser(new NodeReader(fileName), baseDir).parse(root, source);
    }

    private L2Config parse(final Optional<Node> root, final Path source)
    {
        if (root.isEmpty() || NodeReader.isNull(root.get()))
        {
            return new L2Config(
                source, DaemonSettings.DEFAULTS, new Inventory(List.of()), Map.of(), Map.of());
        }
        final Map<String, NodeTuple> sections = reader.mapping(
            root.get(), "l2.yaml", "a map of sections (" + String.join(", ", TOP_KEYS) + ")");
        reader.allowOnly(sections, "l2.yaml", TOP_KEYS);

        final DaemonSettings daemon = sections.containsKey("l2") ?
            daemon(sections.get("l2").getValueNode()) : DaemonSettings.DEFAULTS;
        final Inventory inventory = sections.containsKey("cluster") ?
            inventory(sections.get("cluster").getValueNode()) : new Inventory(List.of());
        final Map<String, AmmoEntry> ammo = sections.containsKey("ammo") ?
            ammo(sections.get("ammo").getValueNode()) : Map.of();
        final Map<String, Object> reserved = new LinkedHashMap<>();
        for (final String key : RESERVED_KEYS)
        {
            if (sections.containsKey(key))
            {
                reserved.put(key, reader.plain(sections.get(key).getValueNode(), 1));
            }
        }
        final Sinks sinks = sections.containsKey("sinks") ? sinks(sections.get("sinks").getValueNode()) : Sinks.NONE;
        final Security security = sections.containsKey("security") ?
            security(sections.get("security").getValueNode()) : Security.NONE;
        final L2Config config = new L2Config(
            source, daemon, inventory, ammo, reserved, sinks, Schedules.NONE, security);
        if (!sections.containsKey("schedules") && !sections.containsKey("l2"))
        {
            return config;
        }
        final Schedules schedules = new ScheduleParser(reader, baseDir, source, config).parse(
            sections.containsKey("l2") ? sections.get("l2").getValueNode() : null,
            sections.containsKey("schedules") ? sections.get("schedules").getValueNode() : null);
        return new L2Config(source, daemon, inventory, ammo, reserved, sinks, schedules, security);
    }

    private Security security(final Node node)
    {
        if (NodeReader.isNull(node))
        {
            return Security.NONE;
        }
        final Map<String, NodeTuple> keys = reader.mapping(
            node, "security", "a map (cluster-key-file, api-token-file, targets, max-rps-per-host, …)");
        reader.allowOnly(keys, "the security section", SECURITY_KEYS);
        final Path clusterKeyFile = keys.containsKey("cluster-key-file") ?
            file(keys.get("cluster-key-file").getValueNode(), "cluster-key-file") : null;
        final Path previousClusterKeyFile = keys.containsKey("previous-cluster-key-file") ?
            file(keys.get("previous-cluster-key-file").getValueNode(), "previous-cluster-key-file") : null;
        if (null != previousClusterKeyFile && null == clusterKeyFile)
        {
            throw reader.error(keys.get("previous-cluster-key-file").getKeyNode(),
                "previous-cluster-key-file needs cluster-key-file (the new key, which signs)");
        }
        if (null != previousClusterKeyFile && previousClusterKeyFile.equals(clusterKeyFile))
        {
            throw reader.error(keys.get("previous-cluster-key-file").getValueNode(),
                "previous-cluster-key-file is the same file as cluster-key-file");
        }
        long replayWindowNs = Security.DEFAULT_REPLAY_WINDOW_NS;
        if (keys.containsKey("replay-window"))
        {
            final Node value = keys.get("replay-window").getValueNode();
            replayWindowNs = sinkDurationNs(keys, "replay-window", Security.DEFAULT_REPLAY_WINDOW_NS);
            if (replayWindowNs < Security.MIN_REPLAY_WINDOW_NS || replayWindowNs > Security.MAX_REPLAY_WINDOW_NS)
            {
                throw reader.error(value, "replay-window must be 1s..1h, got " +
                    NodeReader.quote(reader.text(value, "replay-window", "a duration such as 10s")));
            }
        }
        final Path apiTokenFile = keys.containsKey("api-token-file") ?
            file(keys.get("api-token-file").getValueNode(), "api-token-file") : null;
        final boolean apiReadOpen = !keys.containsKey("api-read-open") ||
            reader.bool(keys.get("api-read-open").getValueNode(), "api-read-open");
        final List<TargetRule> targets = keys.containsKey("targets") ?
            targets(keys.get("targets").getValueNode()) : List.of();
        final long maxRps = keys.containsKey("max-rps-per-host") ?
            reader.integer(keys.get("max-rps-per-host").getValueNode(), "max-rps-per-host", 1, 100_000_000) : 0;
        final int maxWorkers = keys.containsKey("max-workers-per-host") ?
            (int) reader.integer(keys.get("max-workers-per-host").getValueNode(), "max-workers-per-host", 1, 1024) : 0;
        long maxDurationNs = 0;
        if (keys.containsKey("max-duration"))
        {
            final Node value = keys.get("max-duration").getValueNode();
            maxDurationNs = sinkDurationNs(keys, "max-duration", 0);
            if (maxDurationNs < 1_000_000_000L)
            {
                throw reader.error(value, "max-duration must be at least 1s, got " +
                    NodeReader.quote(reader.text(value, "max-duration", "a duration such as 1h")));
            }
        }
        return new Security(
            clusterKeyFile, previousClusterKeyFile, replayWindowNs, apiTokenFile, apiReadOpen, targets, maxRps,
            maxWorkers, maxDurationNs, reader.position(node));
    }

    private Path file(final Node node, final String key)
    {
        return path(node, reader.nonEmptyString(node, key, "a file path"), key);
    }

    private List<TargetRule> targets(final Node node)
    {
        if (!(node instanceof SequenceNode))
        {
            throw reader.typeError(node, "targets", "a list of networks and host names, each with an optional port " +
                "(e.g. [10.0.0.0/8, \"[2001:db8::/32]:53\", ns1.example.net:53])");
        }
        final List<TargetRule> result = new ArrayList<>();
        for (final Node item : ((SequenceNode) node).getValue())
        {
            result.add(targetRule(item));
        }
        if (result.isEmpty())
        {
            throw reader.error(node, "targets is empty: list where l2 may aim, or remove the key to allow any target");
        }
        return result;
    }

    private TargetRule targetRule(final Node node)
    {
        final String expected = "NETWORK[/LEN], [IPV6[/LEN]]:PORT, IPV4[/LEN]:PORT or NAME[:PORT]";
        final String text = reader.nonEmptyString(node, "an entry of targets", expected).strip();
        String host = text;
        String port = null;
        if (text.startsWith("["))
        {
            final int close = text.indexOf(']');
            if (close < 0 || (close + 1 < text.length() && ':' != text.charAt(close + 1)) ||
                close + 2 == text.length())
            {
                throw reader.error(node, "targets: " + NodeReader.quote(text) + " is not " + expected);
            }
            host = text.substring(1, close);
            port = close + 1 < text.length() ? text.substring(close + 2) : null;
        }
        else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':'))
        {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        int portNumber = 0;
        if (null != port)
        {
            final BigInteger value = NodeReader.parseInteger(port);
            if (null == value || value.signum() <= 0 || value.compareTo(BigInteger.valueOf(65535)) > 0)
            {
                throw reader.error(node, "targets: the port of " + NodeReader.quote(text) + " must be 1..65535");
            }
            portNumber = value.intValueExact();
        }
        final int slash = host.indexOf('/');
        final String address = slash < 0 ? host : host.substring(0, slash);
        final boolean literal = HostSyntax.isIpv4(address) || (address.indexOf(':') >= 0 && HostSyntax.isIpv6(address));
        if (!literal)
        {
            if (slash >= 0 || HostSyntax.looksNumeric(address) || !HostSyntax.isHostName(TargetRule.normalName(host)))
            {
                throw reader.error(node, "targets: " + NodeReader.quote(text) + " is neither a network nor a host " +
                    "name (" + expected + ")");
            }
            return new TargetRule(text, null, 0, host, portNumber, reader.position(node));
        }
        if (address.indexOf('%') >= 0)
        {
            throw reader.error(node, "targets: " + NodeReader.quote(text) + " must not have a zone (%)");
        }
        final byte[] bytes = TargetRule.literalBytes(address);
        int prefixLength = bytes.length * 8;
        if (slash >= 0)
        {
            final BigInteger value = NodeReader.parseInteger(host.substring(slash + 1));
            if (null == value || value.signum() < 0 || value.compareTo(BigInteger.valueOf(prefixLength)) > 0)
            {
                throw reader.error(node, "targets: the prefix length of " + NodeReader.quote(text) + " must be 0.." +
                    prefixLength);
            }
            prefixLength = value.intValueExact();
        }
        final TargetRule rule = new TargetRule(text, bytes, prefixLength, null, portNumber, reader.position(node));
        final byte[] masked = bytes.clone();
        for (int bit = prefixLength; bit < masked.length * 8; bit++)
        {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        if (!Arrays.equals(masked, bytes))
        {
            throw reader.error(node, "targets: " + NodeReader.quote(text) + " has bits set past its prefix length " +
                "(did you mean " + TargetRule.literalText(masked) + "/" + prefixLength + "?)");
        }
        return rule;
    }

    /**
     * The typed sinks ({@code lunapark:}, {@code influxdb:}); others stay raw in {@code reserved} only.
     */
    private Sinks sinks(final Node node)
    {
        if (!(node instanceof MappingNode))
        {
            return Sinks.NONE;
        }
        final Map<String, NodeTuple> keys = reader.mapping(node, "sinks", "a map of sink name to its settings");
        final LunaparkSink lunapark = keys.containsKey("lunapark") ? lunapark(keys.get("lunapark").getValueNode()) :
            null;
        final InfluxSink influxdb = keys.containsKey("influxdb") ? influxdb(keys.get("influxdb").getValueNode()) :
            null;
        return null == lunapark && null == influxdb ? Sinks.NONE : new Sinks(lunapark, influxdb);
    }

    private InfluxSink influxdb(final Node node)
    {
        final Map<String, NodeTuple> keys = reader.mapping(
            node, "sinks.influxdb", "a map (url, version, db or org and bucket and token-file or token, measurement, " +
            "…)");
        reader.allowOnly(keys, "sinks.influxdb", INFLUX_KEYS);
        if (!keys.containsKey("url"))
        {
            throw reader.error(node, "sinks.influxdb needs url (e.g. http://influx.example.net:8086)");
        }
        final URI url = httpUri(keys.get("url").getValueNode(), "url", "the InfluxDB server",
            "http://influx.example.net:8086");
        final int version = keys.containsKey("version") ?
            (int) reader.integer(keys.get("version").getValueNode(), "version", 1, 2) : InfluxSink.DEFAULT_VERSION;
        final List<String> others = 1 == version ? INFLUX_V2_KEYS : INFLUX_V1_KEYS;
        for (final String key : others)
        {
            if (keys.containsKey(key))
            {
                throw reader.error(keys.get(key).getKeyNode(), key + " is for InfluxDB " + (1 == version ?
                    "version 2 (set version: 2)" : "version 1; version 2 takes org, bucket and token-file or token"));
            }
        }
        String db = null;
        String retentionPolicy = null;
        String username = null;
        String password = null;
        String org = null;
        String bucket = null;
        Path tokenFile = null;
        String token = null;
        if (1 == version)
        {
            if (!keys.containsKey("db"))
            {
                throw reader.error(node, "sinks.influxdb needs db (the database to write to)");
            }
            db = influxName(keys, "db", "a database name");
            retentionPolicy = keys.containsKey("retention-policy") ?
                influxName(keys, "retention-policy", "a retention policy name") : null;
            if (keys.containsKey("username") != keys.containsKey("password"))
            {
                throw reader.error(node, "sinks.influxdb needs username and password together (or neither)");
            }
            username = keys.containsKey("username") ? influxName(keys, "username", "a user name") : null;
            password = keys.containsKey("password") ?
                reader.string(keys.get("password").getValueNode(), "password") : null;
        }
        else
        {
            for (final String required : List.of("org", "bucket"))
            {
                if (!keys.containsKey(required))
                {
                    throw reader.error(node, "sinks.influxdb version 2 needs " + required);
                }
            }
            org = influxName(keys, "org", "an organization name");
            bucket = influxName(keys, "bucket", "a bucket name");
            if (keys.containsKey("token-file") == keys.containsKey("token"))
            {
                throw reader.error(node, "sinks.influxdb version 2 needs exactly one of token-file (a file holding " +
                    "the token) and token");
            }
            tokenFile = keys.containsKey("token-file") ? path(keys.get("token-file").getValueNode(),
                reader.nonEmptyString(keys.get("token-file").getValueNode(), "token-file", "a file path"),
                "token-file") : null;
            token = keys.containsKey("token") ? influxName(keys, "token", "the API token") : null;
        }
        final String measurement = keys.containsKey("measurement") ?
            influxName(keys, "measurement", "a measurement name") : InfluxSink.DEFAULT_MEASUREMENT;
        final int attempts = keys.containsKey("attempts") ?
            (int) reader.integer(keys.get("attempts").getValueNode(), "attempts", 1, 1000) :
            InfluxSink.DEFAULT_ATTEMPTS;
        return new InfluxSink(
            url, version, db, retentionPolicy, username, password, org, bucket, tokenFile, token, measurement,
            attempts,
            sinkDurationNs(keys, "retry-pause", InfluxSink.DEFAULT_RETRY_PAUSE_NS),
            sinkDurationNs(keys, "timeout", InfluxSink.DEFAULT_TIMEOUT_NS),
            reader.position(node));
    }

    private String influxName(final Map<String, NodeTuple> keys, final String key, final String expected)
    {
        final Node value = keys.get(key).getValueNode();
        final String text = reader.nonEmptyString(value, key, expected).strip();
        for (int i = 0; i < text.length(); i++)
        {
            if (Character.isISOControl(text.charAt(i)))
            {
                throw reader.error(value, key + " has a control character, got " + NodeReader.quote(text));
            }
        }
        return text;
    }

    private LunaparkSink lunapark(final Node node)
    {
        final Map<String, NodeTuple> keys = reader.mapping(
            node, "sinks.lunapark", "a map (api, token-file or token, task, person, notify, attempts, retry-pause, " +
            "maintenance-pause, timeout)");
        reader.allowOnly(keys, "sinks.lunapark", LUNAPARK_KEYS);
        for (final String required : List.of("api", "task"))
        {
            if (!keys.containsKey(required))
            {
                throw reader.error(node, "sinks.lunapark needs " + required +
                    ("api".equals(required) ? " (e.g. https://lunapark.example.net/)" : " (the Lunapark task)"));
            }
        }
        if (keys.containsKey("token-file") == keys.containsKey("token"))
        {
            throw reader.error(node, "sinks.lunapark needs exactly one of token-file (a file holding the api_token) " +
                "and token");
        }
        final URI api = httpUri(keys.get("api").getValueNode(), "api", "the Lunapark address",
            "https://lunapark.example.net/");
        final Path tokenFile = keys.containsKey("token-file") ? path(keys.get("token-file").getValueNode(),
            reader.nonEmptyString(keys.get("token-file").getValueNode(), "token-file", "a file path"), "token-file") :
            null;
        final String token = keys.containsKey("token") ?
            reader.nonEmptyString(keys.get("token").getValueNode(), "token", "the api_token").strip() : null;
        final String task = reader.nonEmptyString(keys.get("task").getValueNode(), "task", "a Lunapark task").strip();
        final String person = keys.containsKey("person") ?
            reader.nonEmptyString(keys.get("person").getValueNode(), "person", "a login").strip() : "";
        final List<String> notify = new ArrayList<>();
        if (keys.containsKey("notify"))
        {
            final Node value = keys.get("notify").getValueNode();
            if (!(value instanceof SequenceNode))
            {
                throw reader.typeError(value, "notify", "a list of logins (e.g. [alice, bob])");
            }
            for (final Node item : ((SequenceNode) value).getValue())
            {
                notify.add(reader.nonEmptyString(item, "a login in notify", "a login").strip());
            }
        }
        final int attempts = keys.containsKey("attempts") ?
            (int) reader.integer(keys.get("attempts").getValueNode(), "attempts", 1, 1000) :
            LunaparkSink.DEFAULT_ATTEMPTS;
        return new LunaparkSink(
            api, tokenFile, token, task, person, notify, attempts,
            sinkDurationNs(keys, "retry-pause", LunaparkSink.DEFAULT_RETRY_PAUSE_NS),
            sinkDurationNs(keys, "maintenance-pause", LunaparkSink.DEFAULT_MAINTENANCE_PAUSE_NS),
            sinkDurationNs(keys, "timeout", LunaparkSink.DEFAULT_TIMEOUT_NS),
            reader.position(node));
    }

    private URI httpUri(final Node node, final String key, final String what, final String example)
    {
        final String text = reader.nonEmptyString(node, key, what + " (e.g. " + example + ")").strip();
        final URI uri;
        try
        {
            uri = new URI(text);
        }
        catch (final URISyntaxException ex)
        {
            throw reader.error(node, key + " is not a valid URL: " + ex.getReason() + ", got " +
                NodeReader.quote(text));
        }
        final String scheme = null == uri.getScheme() ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme))
        {
            throw reader.error(node, key + " must be an http or https URL (e.g. " + example + "), got " +
                NodeReader.quote(text));
        }
        if (null == uri.getHost() || uri.getHost().isEmpty())
        {
            throw reader.error(node, key + " has no host, got " + NodeReader.quote(text));
        }
        if (null != uri.getRawQuery() || null != uri.getRawFragment())
        {
            throw reader.error(node, key + " must not have a query or a fragment, got " + NodeReader.quote(text));
        }
        return text.endsWith("/") ? uri : URI.create(text + "/");
    }

    private long sinkDurationNs(final Map<String, NodeTuple> keys, final String key, final long defaultNs)
    {
        if (!keys.containsKey(key))
        {
            return defaultNs;
        }
        final Node value = keys.get(key).getValueNode();
        final String text = reader.text(value, key, "a duration such as 2s");
        return RpsRules.durationNs(new RpsRules.Field(key, text, reader.position(value)));
    }

    private DaemonSettings daemon(final Node node)
    {
        if (NodeReader.isNull(node))
        {
            return DaemonSettings.DEFAULTS;
        }
        final Map<String, NodeTuple> keys = reader.mapping(node, "l2", "a map of daemon settings");
        reader.allowOnly(keys, "the l2 section", DAEMON_KEYS);

        String socketPath = DaemonSettings.DEFAULT_SOCKET_PATH;
        if (keys.containsKey("l2-socket"))
        {
            final Node value = keys.get("l2-socket").getValueNode();
            socketPath = reader.nonEmptyString(value, "l2-socket", "a unix socket path");
            if (socketPath.getBytes(StandardCharsets.UTF_8).length > DaemonSettings.MAX_SOCKET_PATH_LENGTH)
            {
                throw reader.error(value, "l2-socket is longer than " + DaemonSettings.MAX_SOCKET_PATH_LENGTH +
                    " bytes (the limit of a unix socket path)");
            }
        }
        final int port = keys.containsKey("l2-port") ?
            (int) reader.integer(keys.get("l2-port").getValueNode(), "l2-port", 1, 65535) : DaemonSettings.DEFAULT_PORT;
        final Path dataDir = dir(keys, "data-dir", DaemonSettings.DEFAULT_DATA_DIR);
        final Path resultsDir = dir(keys, "results-dir", DaemonSettings.DEFAULT_RESULTS_DIR);
        final Path logDir = dir(keys, "log-dir", DaemonSettings.DEFAULT_LOG_DIR);
        final boolean dedicated = keys.containsKey("dedicated") &&
            reader.bool(keys.get("dedicated").getValueNode(), "dedicated");
        final Path aeronDir = dir(keys, "aeron-dir", DaemonSettings.DEFAULT_AERON_DIR);
        final String shooterCpus = keys.containsKey("shooter-cpus") ?
            shooterCpus(keys.get("shooter-cpus").getValueNode()) : null;
        String controlChannel = DaemonSettings.DEFAULT_CONTROL_CHANNEL;
        if (keys.containsKey("control-channel"))
        {
            final Node value = keys.get("control-channel").getValueNode();
            controlChannel = reader.nonEmptyString(value, "control-channel", "an Aeron channel");
            if (!controlChannel.startsWith(DaemonSettings.CHANNEL_PREFIX))
            {
                throw reader.error(value, "control-channel must start with '" + DaemonSettings.CHANNEL_PREFIX +
                    "' (e.g. " + DaemonSettings.DEFAULT_CONTROL_CHANNEL + "), got " + controlChannel);
            }
        }
        final int controlStream = keys.containsKey("control-stream") ?
            (int) reader.integer(keys.get("control-stream").getValueNode(), "control-stream", 1, Integer.MAX_VALUE) :
            DaemonSettings.DEFAULT_CONTROL_STREAM;
        final ControlMode controlMode = keys.containsKey("control-mode") ?
            controlMode(keys.get("control-mode").getValueNode()) : DaemonSettings.DEFAULT_CONTROL_MODE;
        final int controlPort = keys.containsKey("control-port") ?
            (int) reader.integer(keys.get("control-port").getValueNode(), "control-port", 1,
            DaemonSettings.MAX_CONTROL_PORT) : DaemonSettings.DEFAULT_CONTROL_PORT;
        final Map<String, HostAddress> hostAddresses = keys.containsKey("host-addresses") ?
            hostAddresses(keys.get("host-addresses").getValueNode(), controlPort) : Map.of();
        String apiBind = null;
        if (keys.containsKey("l2-bind"))
        {
            final Node value = keys.get("l2-bind").getValueNode();
            apiBind = reader.nonEmptyString(value, "l2-bind", "a literal IP address such as 0.0.0.0 or ::1").strip();
            if (apiBind.startsWith("[") && apiBind.endsWith("]"))
            {
                apiBind = apiBind.substring(1, apiBind.length() - 1);
            }
            if (!HostSyntax.isIpv4(apiBind) && !HostSyntax.isIpv6(apiBind))
            {
                throw reader.error(value, "l2-bind must be a literal IP address (0.0.0.0 for every IPv4 interface, " +
                    ":: for every interface, 127.0.0.1 for this host only), got " + NodeReader.quote(apiBind));
            }
        }
        String socketGroup = null;
        if (keys.containsKey("l2-socket-group"))
        {
            final Node value = keys.get("l2-socket-group").getValueNode();
            socketGroup = reader.nonEmptyString(value, "l2-socket-group", "a group name such as l2").strip();
            if (socketGroup.isEmpty() || socketGroup.indexOf(':') >= 0 || socketGroup.chars().anyMatch(
                (c) -> Character.isWhitespace(c) || Character.isISOControl(c)))
            {
                throw reader.error(value, "l2-socket-group must be a group name, got " + NodeReader.quote(socketGroup));
            }
        }
        return new DaemonSettings(
            socketPath, port, dataDir, resultsDir, logDir, dedicated, aeronDir, controlChannel, controlStream,
            controlMode, controlPort, hostAddresses, apiBind, socketGroup, shooterCpus);
    }

    /**
     * A Linux CPU list ({@code 0}, {@code 2-5}, {@code 0,2,4-7}) of CPUs 0..1023, ranges ascending; as the engine's
     * {@code CpuList} reads it (config is a leaf: the check is repeated here to name the line).
     */
    private String shooterCpus(final Node node)
    {
        final String text = (node instanceof ScalarNode scalar ? scalar.getValue() : "").strip();
        final String expected = "shooter-cpus must be a CPU list such as 0, 2-5 or 0,2,4-7 (CPUs 0..1023), got ";
        if (!SHOOTER_CPUS.matcher(text).matches())
        {
            throw reader.error(node, expected + (node instanceof ScalarNode ? NodeReader.quote(text) : "a " +
                node.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        for (final String part : text.split(","))
        {
            final String[] ends = part.split("-");
            final int first = Integer.parseInt(ends[0]);
            final int last = Integer.parseInt(ends[ends.length - 1]);
            if (first > 1023 || last > 1023 || last < first)
            {
                throw reader.error(node, expected + NodeReader.quote(text));
            }
        }
        return text;
    }

    private ControlMode controlMode(final Node node)
    {
        final String text = reader.text(node, "control-mode", "multicast or unicast");
        for (final ControlMode mode : ControlMode.values())
        {
            if (mode.yamlName().equals(text))
            {
                return mode;
            }
        }
        throw reader.error(node, "control-mode must be multicast or unicast, got " + NodeReader.quote(text));
    }

    /**
     * The entries of {@code host-addresses}. Two entries on one address whose control ports (their own, else
     * {@code controlPort}) are one apart are refused at the later one: each daemon also binds port + 1 to answer.
     */
    private Map<String, HostAddress> hostAddresses(final Node node, final int controlPort)
    {
        if (NodeReader.isNull(node))
        {
            return Map.of();
        }
        final Map<String, NodeTuple> entries = reader.mapping(
            node, "host-addresses", "a map of host name to IP address (e.g. dns-load01i: 10.0.0.11)");
        final Map<String, Position> seen = new HashMap<>();
        final Map<String, HostAddress> result = new LinkedHashMap<>();
        for (final Map.Entry<String, NodeTuple> entry : entries.entrySet())
        {
            final String host = entry.getKey();
            final Node keyNode = entry.getValue().getKeyNode();
            if (!HostSyntax.isValidHost(host))
            {
                throw reader.error(keyNode, NodeReader.quote(host) + " is not a valid host name (in host-addresses)");
            }
            final Position first = seen.putIfAbsent(host.toLowerCase(Locale.ROOT), reader.position(keyNode));
            if (null != first)
            {
                throw reader.error(keyNode, "host " + NodeReader.quote(host) + " is listed twice in host-addresses " +
                    "(first at " + first.line() + ":" + first.column() + ")");
            }
            final Node valueNode = entry.getValue().getValueNode();
            final HostAddress address = hostAddress(host, valueNode);
            final int port = address.portOr(controlPort);
            for (final Map.Entry<String, HostAddress> earlier : result.entrySet())
            {
                final HostAddress other = earlier.getValue();
                final int otherPort = other.portOr(controlPort);
                if (other.address().equalsIgnoreCase(address.address()) && 1 == Math.abs(port - otherPort))
                {
                    throw reader.error(valueNode, "host " + NodeReader.quote(host) + " has control port " + port +
                        " on " + address.address() + ", one from " + NodeReader.quote(earlier.getKey()) + "'s " +
                        otherPort + " (at " + other.position().line() + ":" + other.position().column() + "): each " +
                        "daemon also answers on its port + 1, so ports on one address must be at least two apart " +
                        "(e.g. " + (Math.max(port, otherPort) + 1) + ")");
                }
            }
            result.put(host, address);
        }
        return result;
    }

    private HostAddress hostAddress(final String host, final Node node)
    {
        final String label = "the address of " + NodeReader.quote(host);
        final String expected = "IPV4, IPV4:PORT, IPV6 or [IPV6]:PORT";
        final String text = reader.nonEmptyString(node, label, expected).strip();
        String address = text;
        String port = null;
        if (text.startsWith("["))
        {
            final int close = text.indexOf(']');
            if (close < 0 || (close + 1 < text.length() && ':' != text.charAt(close + 1)))
            {
                throw reader.error(node, label + " must be " + expected + ", got " + NodeReader.quote(text));
            }
            address = text.substring(1, close);
            port = close + 1 < text.length() ? text.substring(close + 2) : null;
        }
        else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':'))
        {
            address = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        if (!HostSyntax.isIpv4(address) && !HostSyntax.isIpv6(address))
        {
            throw reader.error(node, label + " must be a literal IP address (" + expected + "; names are not " +
                "resolved here), got " + NodeReader.quote(text));
        }
        int portNumber = 0;
        if (null != port)
        {
            final BigInteger value = NodeReader.parseInteger(port);
            if (null == value || value.signum() <= 0 ||
                value.compareTo(BigInteger.valueOf(DaemonSettings.MAX_CONTROL_PORT)) > 0)
            {
                throw reader.error(node, label + ": the port must be 1.." + DaemonSettings.MAX_CONTROL_PORT +
                    " (the host answers on the next one), got " + NodeReader.quote(port));
            }
            portNumber = value.intValueExact();
        }
        return new HostAddress(address, portNumber, reader.position(node));
    }

    private Path dir(final Map<String, NodeTuple> keys, final String key, final Path defaultDir)
    {
        if (!keys.containsKey(key))
        {
            return defaultDir;
        }
        final Node value = keys.get(key).getValueNode();
        return path(value, reader.nonEmptyString(value, key, "a directory path"), key);
    }

    private Path path(final Node node, final String text, final String label)
    {
        try
        {
            return baseDir.resolve(text).normalize();
        }
        catch (final InvalidPathException ex)
        {
            throw reader.error(node, label + " is not a valid path: " + ex.getReason());
        }
    }

    private Inventory inventory(final Node node)
    {
        if (NodeReader.isNull(node))
        {
            throw reader.error(node, "cluster is empty: define at least one set (or remove the cluster section)");
        }
        final Map<String, NodeTuple> sets = reader.mapping(
            node, "cluster", "a map of set name to datacenters (e.g. ns+load: {man: [host1, host2]})");
        if (sets.isEmpty())
        {
            throw reader.error(node, "cluster is empty: define at least one set (or remove the cluster section)");
        }
        final List<ClusterSet> result = new ArrayList<>();
        for (final Map.Entry<String, NodeTuple> entry : sets.entrySet())
        {
            result.add(set(entry.getKey(), entry.getValue()));
        }
        return new Inventory(result);
    }

    private ClusterSet set(final String name, final NodeTuple tuple)
    {
        final Node keyNode = tuple.getKeyNode();
        final Node value = tuple.getValueNode();
        if (name.isBlank())
        {
            throw reader.error(keyNode, "a set name must not be empty");
        }
        final String label = "set " + NodeReader.quote(name);
        if (NodeReader.isNull(value))
        {
            throw reader.error(value, label + " has no datacenters");
        }
        final Map<String, NodeTuple> datacenters = reader.mapping(
            value, label, "a map of datacenter to a list of host names");
        if (datacenters.isEmpty())
        {
            throw reader.error(value, label + " has no datacenters");
        }
        final Map<String, Position> seen = new HashMap<>();
        final List<Datacenter> result = new ArrayList<>();
        for (final Map.Entry<String, NodeTuple> entry : datacenters.entrySet())
        {
            result.add(datacenter(name, entry.getKey(), entry.getValue(), seen));
        }
        return new ClusterSet(name, result, reader.position(keyNode));
    }

    private Datacenter datacenter(
        final String setName, final String name, final NodeTuple tuple, final Map<String, Position> seen)
    {
        final Node keyNode = tuple.getKeyNode();
        final Node value = tuple.getValueNode();
        if (name.isBlank())
        {
            throw reader.error(keyNode, "a datacenter name must not be empty (set " + NodeReader.quote(setName) + ")");
        }
        final String label = "datacenter " + NodeReader.quote(name) + " of set " + NodeReader.quote(setName);
        if (NodeReader.isNull(value))
        {
            throw reader.error(value, label + " has no hosts");
        }
        if (!(value instanceof SequenceNode))
        {
            throw reader.typeError(value, label, "a list of host names");
        }
        final List<Node> items = ((SequenceNode) value).getValue();
        if (items.isEmpty())
        {
            throw reader.error(value, label + " has no hosts");
        }
        final List<String> hosts = new ArrayList<>();
        for (final Node item : items)
        {
            final String host = reader.nonEmptyString(item, "a host in " + label, "a host name");
            if (!HostSyntax.isValidHost(host))
            {
                throw reader.error(item, NodeReader.quote(host) + " is not a valid host name or address (in " +
                    label + ")");
            }
            final Position position = reader.position(item);
            final Position first = seen.putIfAbsent(host.toLowerCase(Locale.ROOT), position);
            if (null != first)
            {
                throw reader.error(item, "host " + NodeReader.quote(host) + " is listed twice in set " +
                    NodeReader.quote(setName) + " (first at " + first.line() + ":" + first.column() + ")");
            }
            hosts.add(host);
        }
        return new Datacenter(name, hosts, reader.position(keyNode));
    }

    private Map<String, AmmoEntry> ammo(final Node node)
    {
        if (NodeReader.isNull(node))
        {
            return Map.of();
        }
        final Map<String, NodeTuple> entries = reader.mapping(
            node, "ammo", "a map of ammo name to file path (e.g. ns-cache: /etc/l2/ammo/ns-cache.txt)");
        final Map<String, AmmoEntry> result = new LinkedHashMap<>();
        for (final Map.Entry<String, NodeTuple> entry : entries.entrySet())
        {
            final String name = entry.getKey();
            final Node value = entry.getValue().getValueNode();
            if (name.isBlank())
            {
                throw reader.error(entry.getValue().getKeyNode(), "an ammo name must not be empty");
            }
            final String label = "ammo " + NodeReader.quote(name);
            if (NodeReader.isNull(value))
            {
                throw reader.error(value, label + " has an empty path");
            }
            final String text = reader.text(value, label, "a file path");
            if (text.isBlank())
            {
                throw reader.error(value, label + " has an empty path");
            }
            result.put(name, new AmmoEntry(name, path(value, text, label), reader.position(value)));
        }
        return result;
    }
}
