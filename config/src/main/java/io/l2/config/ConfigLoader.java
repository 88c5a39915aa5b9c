package io.l2.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads {@code l2.yaml} and shoot plans, safely, and validates them. Stateless and thread-safe.
 *
 * <h2>Safety</h2>
 * YAML is read with SnakeYAML Engine (YAML 1.2, core schema) into a node tree; no Java object is ever built from a
 * tag. Refused, each with a one-line error {@code file:line:column: what is wrong}: YAML syntax errors (bad
 * indentation, tabs, unclosed quotes), bytes that are not UTF-8, more than 4 MiB of characters, lists and maps
 * nested deeper than 64 levels, more than 50 aliases to lists or maps (billion laughs) or more than 100000 values
 * once aliases are expanded, recursive or undefined aliases, duplicate keys, keys that are lists or maps, tags other
 * than the core schema's ({@code !!str}, {@code !!int}, {@code !!float}, {@code !!bool}, {@code !!null},
 * {@code !!seq}, {@code !!map}), more than one document. A file that cannot be read is reported at
 * {@code file:0:0}. Nothing here resolves a name or opens a file other than the YAML file itself.
 *
 * <h2>l2.yaml</h2>
 * Every section is optional; an empty file means all defaults and no cluster. Relative paths resolve against the
 * directory of {@code l2.yaml}.
 * <pre>{@code
 * l2:                                 # the daemon; absent or empty = all defaults
 *   l2-socket: "/var/run/l2.socket"   # unix socket of the local HTTP API; at most 107 bytes
 *   l2-port: 9883                     # TCP port of the HTTP API only (not the control plane), 1..65535
 *   data-dir: /var/lib/l2             # Chronicle queues, one per shoot
 *   results-dir: /var/lib/l2/results  # results, one folder per shoot
 *   log-dir: /var/log/l2              # written by nothing yet: the daemon logs to stderr (journal)
 *   dedicated: false                  # true: this host only shoots, shooter threads busy-spin by default
 *   shooter-cpus: "2-5"               # pin shooter threads to these CPUs (unless a fire says); default: not
 *   aeron-dir: /dev/shm/l2-aeron      # the embedded Aeron media driver's directory, deleted on start and stop
 *   control-channel: "aeron:udp?endpoint=239.255.98.83:9884|ttl=8"  # control plane; must start with aeron:
 *   control-stream: 9883              # Aeron stream id of the control plane, 1..2147483647
 *   scheduler: false                  # true: this host's daemon fires the schedules on time
 *   schedule-overlap: skip            # skip | wait: a schedule due while its set still shoots
 *
 * cluster:                            # set name -> datacenter -> list of hosts; absent = no sets
 *   ns+load:                          # a set name: any non-empty string
 *     man:                            # a datacenter name
 *       - "alpha-26i.lxd.tt.yandex.net"
 *       - "dns-load01i.berry.yandex.net"
 *     sas:
 *       - "dns-load01h.berry.yandex.net"
 *
 * ammo:                               # ammo name -> file (dnsperf format, optionally gzip)
 *   ns-cache: /etc/l2/ammo/ns-cache.txt
 *
 * schedules:                          # absent or empty = none (L2Config.schedules())
 *   - name: nightly                   # required, unique
 *     cron: "0 3 * * *"               # required: 5 fields (UNIX), checked by cron-utils
 *     timezone: Europe/Moscow         # a ZoneId; default UTC
 *     target: "ns01e.example.net:53"  # required: host[:port] as a plan's; replaces the plan's target
 *     plan: plans/nightly.yaml        # required: a plan file relative to l2.yaml, or the plan inline as a map
 *
 * sinks: ...                          # accepted and kept raw (L2Config.reserved) for later versions
 * security: ...                       # same
 * }</pre>
 * Errors: an unknown key (the allowed keys are listed, and the closest suggested when it looks like a typo), a
 * value of the wrong type ("expected a list of host names, got a map"), an explicitly empty {@code cluster:}, a set
 * without datacenters, a datacenter without hosts, a host that is not a valid host name or address, the same host
 * twice in one set (in any datacenters; hosts compare without case), a port outside 1..65535, an empty path; in
 * {@code schedules:} a cron expression cron-utils refuses (its message is kept), an unknown time zone, a name used
 * twice, a missing key, a plan file that does not exist (at the {@code plan:} value), and any mistake in the plan
 * itself (at the plan file's own position, or inside {@code l2.yaml} for an inline plan). A schedule's plan is parsed
 * as a shoot plan against this configuration, its {@code target} optional since the schedule's replaces it.
 * <p>
 * Without {@code /etc/l2/l2.yaml} the runner uses {@link #embeddedDefault(String)}: all daemon defaults except
 * {@code data-dir: ./l2-data} and {@code results-dir: ./l2-results} (relative to the working directory, so a user
 * who is not root can run), one set {@code local} with one datacenter {@code local} holding the local host, and no
 * ammo names.
 *
 * <h2>Shoot plans</h2>
 * The keys are at the top level, or all nested under one top-level {@code shoot:} key.
 * <pre>{@code
 * description: "unbound:1.9.0/threads:54"  # free text; default ""
 * target: "alpha-05i.lxd.tt.yandex.net:53" # required: host[:port], port default 53; IPv6 as "[2001:db8::1]:53"
 *                                          #   or bare "2001:db8::1" (port 53); checked for syntax only
 * ammo: "ns-cache"                         # required: a name from l2.yaml's ammo map, or a file path (a value with
 *                                          #   a '/' or ending .txt, .gz or .ammo) relative to the plan's directory
 * rps:                                     # the rps profile: one segment ...
 *   type: "line"                           #   line | const | step
 *   from: 5000                             #   queries per second, an integer
 *   to: 50000
 *   duration: 30s
 * # ... or a list of segments played in order, or instead of rps, Yandex.Tank's grammar:
 * # schedule: "line(5000,50000,30s) const(50000,1m) step(1000,5000,1000,10s)"
 * instances: 100                           # workers per host, 1..65536; default 10
 * mode: "sync"                             # sync (closed model) | async (open model); default async
 * timeout: 2s                              # a query without an answer after this is a timeout; default 2s
 * set: "ns+load"                           # the set that shoots; default the first set of l2.yaml ("local" when
 *                                          #   l2.yaml has no cluster)
 * per-host: false                          # false: the profile is the total of the whole set; true: every host
 *                                          #   shoots the whole profile; default false
 * late: send                               # send | discard queries whose send time has passed; default send
 * edns: false                              # false (default) | true (udp-size 1232) | {udp-size: 1232, do: true}
 * autostop:                                # stop every host early when a criterion holds (Yandex.Tank's grammar)
 *   - "timeouts(5%, 2s)"                   #   N (2s) bad seconds in a row; total_... : the last N seconds summed
 *   - "quantile(99.9, 50ms, 3s)"
 *   - "rcode(!NOERROR+NXDOMAIN, 1%, 5s)"
 * }</pre>
 * Exactly one of {@code rps} and {@code schedule}. Segments ({@code rps} map keys: {@code type}, {@code from},
 * {@code to}, {@code step}, {@code duration}; grammar in parentheses):
 * <ul>
 *   <li>{@code const} ({@code const(rate,duration)}): the rate is {@code from}, an integer above 0; {@code to} may
 *       be left out, and if given must equal {@code from}.</li>
 *   <li>{@code line} ({@code line(from,to,duration)}): {@code from} and {@code to} integers of 0 or more, not both
 *       0; the rate changes linearly over {@code duration}.</li>
 *   <li>{@code step} ({@code step(from,to,step,duration)}, as Yandex.Tank): {@code from}, {@code to}, {@code step}
 *       integers above 0, {@code from} may be above {@code to} (descending); {@code duration} is the duration of
 *       EACH level; the last level is {@code to}.</li>
 * </ul>
 * Rates are at most 1000000000 queries per second. Durations are a number with a unit, {@code ms}, {@code s},
 * {@code m} or {@code h}, parts may be combined ({@code 1m30s}) and decimals are allowed ({@code 1.5s}); a bare
 * number is never a duration ({@code duration: 30} gives "duration needs a unit (e.g. 30s)"), and zero or negative
 * durations are errors. In the grammar, segments are separated by white space and spaces may follow commas; an error
 * points at the column of the bad segment or argument inside the string (at the string's start when it spans lines
 * or has escapes). {@code schedule} may also be a list of such strings.
 * <p>
 * {@code autostop} is a list of criteria (or one string of them separated by white space):
 * {@code quantile(Q,LIMIT,N)} (Q above 0 to 100, e.g. 99.9), {@code time(LIMIT,N)} (mean latency),
 * {@code rcode(MASK,LEVEL,N)} (MASK: rcode names or numbers joined with {@code +}, {@code !} before them for every
 * other rcode), {@code timeouts(LEVEL,N)}, {@code errors(LEVEL,N)}, the generator's {@code lag(LIMIT,N)} and
 * {@code achieved(LEVEL,N)}, and {@code limit(T)}; {@code total_} before any but {@code limit} sums the last N
 * seconds instead of asking for N bad seconds in a row. LIMIT is a duration ({@code us}, {@code ms}, {@code s}), LEVEL
 * a count of queries or a share ({@code 5%}), N whole seconds (1s to 60m). See {@link AutostopCriterion}.
 * <p>
 * Checked against {@code l2.yaml}: an ammo name that is not in its {@code ammo:} map ("unknown ammo 'x' (known: a,
 * b)") and a set it does not define ("unknown set 'x' (known: ...)"). The runner resolves the target and opens the
 * ammo itself, reporting failures with {@code ConfigException.at(plan.target().position(), ...)}.
 */
public final class ConfigLoader
{
    /**
     * The file name of positions in the embedded default configuration.
     */
    public static final String EMBEDDED_SOURCE_NAME = "<embedded default>";

    private ConfigLoader()
    {
    }

    /**
     * Loads an {@code l2.yaml}. Relative paths in it resolve against its directory.
     *
     * @param file the file; positions in errors use it as given.
     * @return the configuration, {@link L2Config#source()} = {@code file}.
     * @throws ConfigException for any mistake, a missing file included (at {@code file:0:0}).
     */
    public static L2Config load(final Path file)
    {
        final String fileName = file.toString();
        final String yaml = SafeYaml.readUtf8(file, fileName);
        return L2ConfigParser.parse(fileName, yaml, file, directoryOf(file));
    }

    /**
     * Parses the text of an {@code l2.yaml}, for tests and embedded use.
     *
     * @param fileName the name used in positions.
     * @param yaml     the YAML text.
     * @param baseDir  the directory relative paths resolve against.
     * @return the configuration, {@link L2Config#source()} = {@code baseDir.resolve(fileName)}.
     * @throws ConfigException for any mistake.
     */
    public static L2Config parse(final String fileName, final String yaml, final Path baseDir)
    {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(baseDir, "baseDir");
        return L2ConfigParser.parse(fileName, yaml, baseDir.resolve(fileName), baseDir);
    }

    /**
     * The configuration used when there is no {@code l2.yaml}: daemon defaults except {@code data-dir ./l2-data} and
     * {@code results-dir ./l2-results} (relative to the working directory), one set {@code local} with one
     * datacenter {@code local} holding {@code localHostName}, no ammo names, nothing reserved.
     *
     * @param localHostName the name of this host.
     * @return the configuration, {@link L2Config#source()} = null.
     */
    public static L2Config embeddedDefault(final String localHostName)
    {
        Objects.requireNonNull(localHostName, "localHostName");
        if (localHostName.isBlank())
        {
            throw new IllegalArgumentException("localHostName is empty");
        }
        final Position position = Position.ofFile(EMBEDDED_SOURCE_NAME);
        final DaemonSettings daemon = new DaemonSettings(
            DaemonSettings.DEFAULT_SOCKET_PATH,
            DaemonSettings.DEFAULT_PORT,
            Path.of("./l2-data"),
            Path.of("./l2-results"),
            DaemonSettings.DEFAULT_LOG_DIR,
            false,
            DaemonSettings.DEFAULT_AERON_DIR,
            DaemonSettings.DEFAULT_CONTROL_CHANNEL,
            DaemonSettings.DEFAULT_CONTROL_STREAM);
        final Datacenter datacenter = new Datacenter(PlanParser.DEFAULT_SET, List.of(localHostName), position);
        final ClusterSet set = new ClusterSet(PlanParser.DEFAULT_SET, List.of(datacenter), position);
        return new L2Config(null, daemon, new Inventory(List.of(set)), Map.of(), Map.of());
    }

    /**
     * Loads a shoot plan. A relative ammo path resolves against the plan's directory.
     *
     * @param file   the plan file; positions in errors use it as given.
     * @param config the configuration the plan's ammo name and set are checked against.
     * @return the plan, {@link ShootPlan#source()} = {@code file}.
     * @throws ConfigException for any mistake, a missing file included (at {@code file:0:0}).
     */
    public static ShootPlan loadPlan(final Path file, final L2Config config)
    {
        Objects.requireNonNull(config, "config");
        final String fileName = file.toString();
        final String yaml = SafeYaml.readUtf8(file, fileName);
        return PlanParser.parse(fileName, yaml, file, directoryOf(file), config);
    }

    /**
     * Parses the text of a shoot plan, for tests and embedded use.
     *
     * @param fileName the name used in positions.
     * @param yaml     the YAML text.
     * @param baseDir  the directory a relative ammo path resolves against.
     * @param config   the configuration the plan's ammo name and set are checked against.
     * @return the plan, {@link ShootPlan#source()} = {@code baseDir.resolve(fileName)}.
     * @throws ConfigException for any mistake.
     */
    public static ShootPlan parsePlan(final String fileName, final String yaml, final Path baseDir,
        final L2Config config)
    {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(baseDir, "baseDir");
        Objects.requireNonNull(config, "config");
        return PlanParser.parse(fileName, yaml, baseDir.resolve(fileName), baseDir, config);
    }

    /**
     * Parses a duration: one or more {@code <number><unit>} parts, units {@code ms}, {@code s}, {@code m}, {@code h}
     * ({@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 1.5s}). A bare number is not a duration.
     *
     * @param text the duration text.
     * @return the duration in nanoseconds, above 0.
     * @throws IllegalArgumentException with a one-line message, e.g. "duration needs a unit (e.g. 30s), got '30'".
     */
    public static long parseDurationNs(final String text)
    {
        Objects.requireNonNull(text, "text");
        try
        {
            return Durations.parseNs(text);
        }
        catch (final Durations.DurationException ex)
        {
            throw new IllegalArgumentException("duration " + ex.getMessage() + ", got " + NodeReader.quote(text));
        }
    }

    private static Path directoryOf(final Path file)
    {
        final Path parent = file.toAbsolutePath().normalize().getParent();
        return null == parent ? file.toAbsolutePath().getRoot() : parent;
    }
}
