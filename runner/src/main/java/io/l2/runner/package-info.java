/**
 * The {@code l2} executable: the command line, the daemon, and the runner that composes config, engine and transport.
 * Its packages import one way, top to bottom (a package imports its own layer's and lower ones', never a higher
 * one's, and no two packages import each other, even through others); {@code PackageLayersTest} reads the import
 * lines and keeps it so:
 * <ol>
 *   <li>{@code cli} (and {@link io.l2.runner.L2Main}): the picocli commands; they parse, call what is below, print.
 *       Nothing imports them.</li>
 *   <li>{@code capacity}: the capacity search ({@code l2 shoot capacity}): its SLO, its trials fired through
 *       {@code fire}, its {@code capacity.json} and {@code capacity.html}.</li>
 *   <li>{@code daemon}: the daemon (control plane, REST API, a host's share of a fired shoot, the scheduler thread,
 *       {@code POST /shoots}).</li>
 *   <li>{@code schedule}: cron times, which schedules a target names, firing a schedule's effective plan.</li>
 *   <li>{@code fire}: the shoot API ({@code Shoots.fire(ShootRequest, ShootListener)}) that every caller above fires
 *       through: local or through a set's daemons, results folder, sinks; printing is the listener's.</li>
 *   <li>{@code fleet}: a shoot by other hosts over the control channel (preflight, fire, follow, merge).</li>
 *   <li>{@code sinks}, {@code report}: Lunapark and InfluxDB pushes; the HTML report of a results folder.</li>
 *   <li>{@code shoot}: a plan resolved against the configuration, a host's shoot in this process, the replay of
 *       recorded queues.</li>
 *   <li>{@code results}: the result of a shoot, its JSON and files, the console report.</li>
 *   <li>{@code security}, {@code inventory}, {@code control}: the target allow-list and ceilings, Ansible host
 *       patterns, the Aeron control channels and the cluster keys.</li>
 *   <li>{@code base}: the version, the exit codes, bad input in one line, durations for people.</li>
 * </ol>
 */
package io.l2.runner;
