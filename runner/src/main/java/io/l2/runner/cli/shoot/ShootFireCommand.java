/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.cli.shoot;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.l2.config.ConfigLoader;
import io.l2.config.L2Config;
import io.l2.config.ShootPlan;
import io.l2.engine.shoot.IdleStrategies;
import io.l2.runner.base.InputException;
import io.l2.runner.cli.common.GlobalOptions;
import io.l2.runner.cli.common.ShootOptionChecks;
import io.l2.runner.fire.ConsoleShootListener;
import io.l2.runner.fire.ShootRequest;
import io.l2.runner.fire.Shoots;
import io.l2.runner.fleet.FleetShoot;
import io.l2.runner.shoot.ConfigSource;
import io.l2.runner.shoot.FireOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2 shoot fire --file=PLAN}: every selected host of the plan's set shoots the target along the profile.
 */
@Command(
    name = "fire",
    mixinStandardHelpOptions = true,
    description = {
        "Fire a shoot plan: every host of the plan's set (or those --limit selects) shoots the target at once. "
            + "One line per complete second while it runs, then a summary; the results folder keeps the plan, the "
            + "result (result.json, seconds.csv) and where every query's outcome was recorded.",
        "Before anything is sent (--dry-run too), the shoot is checked against l2.yaml's security: section: the "
            + "target's pinned address against targets, each host's share of the peak rate against max-rps-per-host, "
            + "instances against max-workers-per-host, the profile's length against max-duration; a refusal is one "
            + "line and exit code 2. Every daemon checks each fire again with its own l2.yaml.",
        "With --dry-run, print the resolved plan (shoot id, target address, ammo, hosts and their shares, first and "
            + "last intended send times), ask every selected daemon whether it is ready (reachable on the control "
            + "channel, waiting for jobs, same ammo by SHA-256) and send no query; exit 1 when a host is not ready.",
        "A set of other hosts shoots through their l2 daemons: preflight, one start instant for all, the seconds "
            + "merged as they arrive (a line per datacenter), a recap per host; a host silent for the lease is lost "
            + "and the exit code is 1.",
        "Ctrl-C stops sending; what is in flight still resolves and the results are written.",
        "The plan's autostop: criteria (Yandex.Tank's grammar: quantile(Q,LIMIT,N), time(LIMIT,N), "
            + "rcode(MASK,LEVEL,N), timeouts(LEVEL,N), errors(LEVEL,N), the generator's lag(LIMIT,N) and "
            + "achieved(LEVEL,N), limit(T); total_... sums the last N seconds instead of N bad seconds in a row) are "
            + "checked on every merged second; the first that holds stops every host as Ctrl-C does, the results "
            + "(result.json, the summary, report.html, Lunapark's imbalance, InfluxDB) name it with the second and "
            + "the rate at trigger, and the exit code is 3. --dry-run prints the parsed criteria.",
        "With sinks.lunapark in l2.yaml, a Lunapark job is created and each second is pushed as it is printed; the "
            + "job is closed with the exit code and lunapark.json in the results folder says what was pushed. A job "
            + "stopped from Lunapark (HTTP 410) aborts the shoot; a push that fails leaves the data for 'l2 push'.",
        "A set of other hosts needs the cluster key (security.cluster-key-file in l2.yaml, made by 'l2 keygen'): "
            + "every control message is signed with it; without it nothing is sent and the exit code is 2 (with "
            + "--dry-run: the plan is printed, the preflight says in one line why it could not ask the daemons, and "
            + "the exit code is 1).",
        "With sinks.influxdb in l2.yaml, each second is written to InfluxDB as line protocol as it is printed, the "
            + "totals at the end; influxdb.json in the results folder says what was written.",
        ""
    })
public final class ShootFireCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = { "-f", "--file" }, required = true, paramLabel = "PLAN", description = "the shoot plan (YAML)")
    private Path file;

    @Option(names = { "-n", "--dry-run" }, description = "resolve and print the plan; send nothing")
    private boolean dryRun;

    @Option(
        names = { "-l", "--limit" },
        paramLabel = "PATTERN",
        description = "only these hosts of the set, as Ansible's --limit: man, 'ns+load:&vla', '!dns-load02i*', @file")
    private String limit;

    @Option(names = "--list-hosts", description = "print the hosts that would shoot (after --limit), one per line, "
        + "and send nothing, as ansible-playbook --list-hosts")
    private boolean listHosts;

    @Option(
        names = "--control-channel",
        paramLabel = "CHANNEL",
        description = "a multicast Aeron channel to reach the daemons on, overriding l2.yaml's control-mode "
            + "(default: as l2.yaml says: control-mode multicast on control-channel, else UDP multicast "
            + "aeron:udp?endpoint=239.255.98.83:9884|ttl=8; or control-mode unicast to every host's control-port)")
    private String controlChannel;

    @Option(
        names = "--output",
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text (default) or json: the result as JSON on stdout, everything else on stderr")
    private String output;

    @Option(
        names = "--threads",
        paramLabel = "N",
        defaultValue = "1",
        description = "threads carrying the workers on each host (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(
        names = "--idle",
        paramLabel = "STRATEGY",
        description = "idle strategy of the shooter threads: " + IdleStrategies.ALIASES +
            " (default: spin when l2.yaml says the host is dedicated, else deadline: park until the next query is" +
            " due, sending what falls due within 50 us together, spinning through a schedule whose queries come" +
            " a quarter window apart or closer; deadline:NS sets that window, deadline:NS:SPIN_NS also spins to a" +
            " query due within SPIN_NS, 2000 by default)")
    private String idle;

    @Option(
        names = "--io",
        paramLabel = "IO",
        defaultValue = "auto",
        description = "how the shooter's sockets move datagrams: mmsg (sendmmsg/recvmmsg, up to 64 datagrams per " +
            "system call, through the FFM API: JDK 22+ on Linux), nio (one system call per datagram, any JDK) or " +
            "auto (default: mmsg where the host's JVM has it, else nio)")
    private String io;

    @Option(
        names = "--sockets",
        paramLabel = "N",
        defaultValue = "0",
        description = "UDP sockets (source ports) on each host, each carrying many queries at once (default: 4 per " +
            "thread, more when the ids in flight need them, at most one per worker in sync mode); a target that " +
            "spreads its load over threads by source port (SO_REUSEPORT) needs at least as many as it has threads")
    private int sockets;

    @Option(
        names = "--cpus",
        paramLabel = "LIST",
        description = "pin the shooter threads of each host to these CPUs, thread t to the t-th (round robin), e.g. " +
            "2-5; keep the rest of l2 and the target off them (taskset -c, systemd CPUAffinity=) so a busy-spinning " +
            "shooter has its core to itself (default: not pinned)")
    private String cpus;

    @Option(
        names = "--no-warmup",
        description = "skip the warm-up (by default the shooter first runs against an in-process loopback " +
            "reflector, over the shoot's transport, for 0.6 s and on until the JIT is quiet, at most 3 s more, so " +
            "the code is compiled before the first second of the real profile; on a fleet it always ends before " +
            "the start, cut short if need be)")
    private boolean noWarmup;

    @Option(
        names = "--lead",
        paramLabel = "DURATION",
        description = "a set of other hosts starts this long after the fire, all at once: time for every host to " +
            "get the fire, load the plan and warm up (the warm-up is cut short to fit); 500ms to 30s (default: 3s)")
    private String lead;
    private long leadNs = FleetShoot.FIRE_LEAD_NS;

    @Option(
        names = "--preflight-wait",
        paramLabel = "DURATION",
        description = "how long the preflight waits for a set's hosts to answer before it leaves out those that did " +
            "not (and a dry run for their answers to its fire); 100ms to 30s (default: 2.5s)")
    private String preflightWait;
    private long preflightWaitNs = FleetShoot.PREFLIGHT_TIMEOUT_NS;

    @Option(
        names = "--responder",
        paramLabel = "ZONE",
        description = "start l2's embedded responder on the target, answering from ZONE, for the shoot: only for a "
            + "shoot from this host alone (the set local, or a set of this host only) at a loopback target; for a "
            + "fleet, run l2 responder --listen ADDR:PORT --zone ZONE on the target's machine instead")
    private Path responderZone;

    /**
     * {@inheritDoc}
     */
    public Integer call() throws IOException
    {
        final GlobalOptions root = (GlobalOptions)spec.root().userObject();
        validateOptions();
        final L2Config config = ConfigSource.load(
            root.config(), System.getenv(), Path.of("").toAbsolutePath(), ConfigSource.SYSTEM_CONFIG);
        final ShootPlan plan = ConfigLoader.loadPlan(file, config);
        final ShootRequest request = new ShootRequest(config, plan)
            .planText(Files.readString(file, StandardCharsets.UTF_8))
            .mode(listHosts ? ShootRequest.Mode.LIST_HOSTS :
                dryRun ? ShootRequest.Mode.DRY_RUN : ShootRequest.Mode.FIRE)
            .limit(limit)
            .fireOptions(new FireOptions(threads, idle, !noWarmup, ShootOptionChecks.io(io), sockets,
                ShootOptionChecks.cpus(cpus)))
            .leadNs(leadNs)
            .preflightWaitNs(preflightWaitNs)
            .controlChannel(controlChannel)
            .responderZone(responderZone);
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (root.debug())
        {
            err.println("debug: io " + io + " asked; this JVM (JDK " + Runtime.version().feature() + ") runs " +
                ShootOptionChecks.describeIo(ShootOptionChecks.io(io)) + ", sockets " +
                (0 == sockets ? "auto" : sockets) + " (a fleet's hosts run what their own JVM has)");
            err.flush();
        }
        return Shoots.fire(request, new ConsoleShootListener(out, err, "json".equals(output), root.debug()));
    }

    private void validateOptions()
    {
        if (!Files.isRegularFile(file))
        {
            throw new InputException("--file " + file + ": no such file");
        }
        if (!"text".equals(output) && !"json".equals(output))
        {
            throw new InputException("--output " + output + ": expected text or json");
        }
        ShootOptionChecks.threads(threads);
        ShootOptionChecks.idle(idle);
        ShootOptionChecks.io(io);
        ShootOptionChecks.sockets(sockets);
        ShootOptionChecks.cpus(cpus);
        ShootOptionChecks.controlChannel(controlChannel);
        if (null != responderZone && !Files.isRegularFile(responderZone))
        {
            throw new InputException("--responder " + responderZone + ": no such file");
        }
        leadNs = ShootOptionChecks.leadNs(lead);
        preflightWaitNs = ShootOptionChecks.preflightWaitNs(preflightWait);
    }
}
