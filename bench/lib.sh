# shellcheck shell=bash
# Shared by the bench/ scripts (sourced, not run): the l2 checkout, the JDK and its flags, building when needed,
# checking tools, and starting/stopping a private NSD. Everything started is recorded and stopped by PID on exit.

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
l2_home=$(cd "$bench_dir/.." && pwd)
benchmarks_jar="$l2_home/bench/target/benchmarks.jar"
l2_jar="$l2_home/runner/target/l2.jar"
jvm_options="$l2_home/runner/target/l2-jvm.options"
bench_pids=()

die()
{
    echo "$(basename "$0"): $*" >&2
    exit 1
}

note()
{
    echo "$(basename "$0"): $*" >&2
}

# off_generator_cpu: this script and everything it starts from now on run on CPU 1 (beside the target), not on
# CPU 0, the generator's: its polling, curl and python3 would otherwise take the generator's core for a slice now and
# then (seen as ~150 preemptions a second of a pinned shooter). Whatever must run on CPU 0 says so with taskset.
off_generator_cpu()
{
    taskset -cp 1 $$ > /dev/null || die "taskset -cp 1 $$ failed: needs 2 CPUs"
}

# require_command COMMAND PACKAGE: fail clearly when a tool is missing.
require_command()
{
    command -v "$1" > /dev/null 2>&1 || die "'$1' not found: install the Debian package '$2' (apt-get install $2)"
}

# The JDK: $JAVA_HOME if set, else java on the PATH; sets java_bin and java_major.
find_java()
{
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        java_bin="$JAVA_HOME/bin/java"
    elif command -v java > /dev/null; then
        java_bin=$(command -v java)
    else
        die "no Java found: install a JDK >= 17 or set JAVA_HOME"
    fi
    local version
    version=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    java_major=${version%%.*}
    [[ -n "$java_major" && "$java_major" -ge 17 ]] || die "$java_bin is Java ${version:-unknown}; l2 needs 17 or later"
}

# Builds the whole project when a jar or the flags file is missing, or when a pom or source file changed since the
# last build this function ran (bench/target/.bench-build-stamp; Maven leaves unchanged outputs' times alone).
ensure_built()
{
    local stamp="$l2_home/bench/target/.bench-build-stamp" stale="" artifact
    for artifact in "$benchmarks_jar" "$l2_jar" "$jvm_options"; do
        if [[ ! -f "$artifact" ]]; then
            stale="$artifact is missing"
            break
        fi
    done
    if [[ -z "$stale" && ! -f "$stamp" ]]; then
        stale="not built by the bench scripts yet"
    elif [[ -z "$stale" ]]; then
        local newer
        newer=$(find "$l2_home/pom.xml" "$l2_home"/*/pom.xml "$l2_home"/*/src -newer "$stamp" -type f \
            -not -path "$bench_dir/src/c/*" -print -quit)
        [[ -n "$newer" ]] && stale="$newer changed"
    fi
    if [[ -n "$stale" ]]; then
        note "building ($stale): mvn -B -q -DskipTests package ${MVN_FLAGS:-}"
        # shellcheck disable=SC2086 # MVN_FLAGS are words on purpose
        (cd "$l2_home" && mvn -B -q -DskipTests ${MVN_FLAGS:-} package) || die "the build failed"
        touch "$stamp"
    fi
}

# The JVM flags the build wrote from the root pom.xml (l2.jvm.flags), plus the JDK 24+ ones: sets jvm_flags.
read_jvm_flags()
{
    jvm_flags=$(sed -n 's/^base=//p' "$jvm_options")
    [[ -n "$jvm_flags" ]] || die "$jvm_options has no 'base=' line: rebuild"
    if [[ "$java_major" -ge 24 ]]; then
        jvm_flags="$jvm_flags $(sed -n 's/^jdk24=//p' "$jvm_options")"
    fi
}

# Runs a main class of the bench module (BenchData, LagReport) with the flags (SLF4J's "no provider" notice off:
# the bench jar carries no logging backend, and Chronicle logs nothing we need there).
bench_main()
{
    # shellcheck disable=SC2086 # the flags are words on purpose
    "$java_bin" $jvm_flags -Dslf4j.internal.verbosity=ERROR -cp "$benchmarks_jar" "$@"
}

# descendants PID: the PIDs of a process's children, grandchildren, … (from /proc/PID/task/*/children).
descendants()
{
    local child
    for child in $(cat /proc/"$1"/task/*/children 2> /dev/null); do
        echo "$child"
        descendants "$child"
    done
}

# Stops everything this script started, by PID, newest first: TERM to the process, then waits up to 5 s for it and
# its descendants (NSD's main and server processes, a JVM under GNU time) to exit, then KILLs what is left of them.
stop_started()
{
    local i pid tree alive
    for ((i = ${#bench_pids[@]} - 1; i >= 0; i--)); do
        pid=${bench_pids[$i]}
        [[ -n "$pid" ]] || continue
        tree=("$pid" $(descendants "$pid"))
        kill -TERM "$pid" 2> /dev/null || true
        for _ in $(seq 1 50); do
            alive=0
            for p in "${tree[@]}"; do
                kill -0 "$p" 2> /dev/null && alive=1
            done
            [[ "$alive" -eq 0 ]] && break
            sleep 0.1
        done
        for p in "${tree[@]}"; do
            kill -KILL "$p" 2> /dev/null || true
        done
        wait "$pid" 2> /dev/null || true
    done
    bench_pids=()
}

# start_nsd DIR PORT CPU [SERVER_LINES]: a private authoritative NSD for the zone in DIR/bench.test.zone on
# 127.0.0.1:PORT, pinned to CPU, response-rate limiting off, 4 MiB socket buffers (as l2 asks for its own; the kernel
# caps them at net.core.rmem_max/wmem_max), 10 TCP connections unless SERVER_LINES (more "name: value" lines of its
# server: clause, one per line) say otherwise; config, pid file and log in DIR. Sets nsd_pid.
start_nsd()
{
    local dir=$1 port=$2 cpu=$3 server_lines=${4:-"tcp-count: 10"}
    cat > "$dir/nsd.conf" << CONF
server:
    server-count: 1
    ip-address: 127.0.0.1@$port
    do-ip6: no
    username: ""
    chroot: ""
    zonesdir: "$dir"
    database: ""
    zonelistfile: "$dir/zone.list"
    xfrdfile: "$dir/xfrd.state"
    xfrdir: "$dir"
    pidfile: "$dir/nsd.pid"
    logfile: "$dir/nsd.log"
    verbosity: 1
    hide-version: yes
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
    receive-buffer-size: 4194304
    send-buffer-size: 4194304
$(sed 's/^/    /' <<< "$server_lines")
remote-control:
    control-enable: no
zone:
    name: bench.test
    zonefile: bench.test.zone
CONF
    nsd-checkconf "$dir/nsd.conf" || die "nsd-checkconf rejected $dir/nsd.conf"
    taskset -c "$cpu" nsd -d -c "$dir/nsd.conf" > "$dir/nsd.out" 2>&1 &
    nsd_pid=$!
    bench_pids+=("$nsd_pid")
    local _
    for _ in $(seq 1 100); do
        kill -0 "$nsd_pid" 2> /dev/null || die "nsd exited at start: $(tail -3 "$dir/nsd.out" "$dir/nsd.log" 2> /dev/null)"
        if kdig +retry=0 +timeout=1 -p "$port" @127.0.0.1 ns1.bench.test A +short 2> /dev/null | grep -q 192.0.2.1; then
            return 0
        fi
        sleep 0.1
    done
    die "nsd on 127.0.0.1:$port did not answer within 10 s (see $dir/nsd.log)"
}

# start_unbound DIR PORT CPU TCP_COUNT [SERVER_LINES]: a private unbound (one thread) on 127.0.0.1:PORT, pinned to CPU, answering
# for the zone in DIR/bench.test.zone from an auth-zone (for-downstream, no fallback, so it never recurses; the
# default local-zone "test." that would answer NXDOMAIN for it is lifted), TCP_COUNT incoming TCP connections with a
# 120 s idle timeout, no rate limits, 4 MiB socket buffers, the iterator only (no validator); config, pid file and
# log in DIR; SERVER_LINES (indented) are added to its server: clause (e.g. a tls-port interface). Sets unbound_pid.
start_unbound()
{
    local dir=$1 port=$2 cpu=$3 tcp_count=$4 extra=${5:-}
    cat > "$dir/unbound.conf" << CONF
server:
    num-threads: 1
    interface: 127.0.0.1@$port
${extra}
    do-ip6: no
    do-udp: yes
    do-tcp: yes
    username: ""
    chroot: ""
    directory: "$dir"
    pidfile: "$dir/unbound.pid"
    logfile: "$dir/unbound.log"
    use-syslog: no
    verbosity: 1
    hide-version: yes
    access-control: 127.0.0.0/8 allow
    module-config: "iterator"
    incoming-num-tcp: $tcp_count
    tcp-idle-timeout: 120000
    so-rcvbuf: 4m
    so-sndbuf: 4m
    ratelimit: 0
    ip-ratelimit: 0
    local-zone: "test." nodefault
remote-control:
    control-enable: no
auth-zone:
    name: "bench.test."
    zonefile: "$dir/bench.test.zone"
    for-downstream: yes
    for-upstream: no
    fallback-enabled: no
CONF
    unbound-checkconf "$dir/unbound.conf" > /dev/null || die "unbound-checkconf rejected $dir/unbound.conf"
    taskset -c "$cpu" unbound -d -c "$dir/unbound.conf" > "$dir/unbound.out" 2>&1 &
    unbound_pid=$!
    bench_pids+=("$unbound_pid")
    local _
    for _ in $(seq 1 100); do
        kill -0 "$unbound_pid" 2> /dev/null ||
            die "unbound exited at start: $(tail -3 "$dir/unbound.out" "$dir/unbound.log" 2> /dev/null)"
        if kdig +retry=0 +timeout=1 -p "$port" @127.0.0.1 ns1.bench.test A +short 2> /dev/null | grep -q 192.0.2.1; then
            return 0
        fi
        sleep 0.1
    done
    die "unbound on 127.0.0.1:$port did not answer within 10 s (see $dir/unbound.log)"
}

# A free-looking UDP port on loopback (best effort: nothing binds it between this check and its use but us).
pick_port()
{
    local port
    for port in $(seq "${1:-53530}" "$((${1:-53530} + 200))"); do
        if ! ss -Hlun "sport = :$port" 2> /dev/null | grep -q .; then
            echo "$port"
            return 0
        fi
    done
    die "no free UDP port found from ${1:-53530}"
}

# cpu_ticks PID: user+sys clock ticks of a running process (fields 14 and 15 of /proc/PID/stat, counted after the
# command name, which may hold spaces: NSD renames its processes "nsd: main", "nsd: server 1").
cpu_ticks()
{
    local stat
    stat=$(cat "/proc/$1/stat" 2> /dev/null) || return 0
    awk '{ print $12 + $13 }' <<< "${stat##*) }"
}

# shoot_l2 DIR PORT PROFILE MODE WORKERS IDLE PIN ZONE: writes DIR/plan.yaml (target 127.0.0.1:PORT, ammo
# DIR/../ammo.txt, timeout 2s) and runs 'l2 shoot fire --output json' in DIR, under 'taskset -c 0' when PIN is 1,
# or with its shooter thread alone on CPU 0 and the rest of its JVM on CPU 1 (beside the target) when PIN is 2,
# with l2's embedded responder answering from ZONE when ZONE is not empty. The JSON result goes to DIR/result.json,
# the rest to DIR/l2.err. Waits for it (it is registered for stopping meanwhile) and fails on a non-zero exit.
shoot_l2()
{
    local dir=$1 port=$2 profile=$3 mode=$4 workers=$5 idle=$6 pin=$7 zone=$8
    mkdir -p "$dir"
    cat > "$dir/plan.yaml" << PLAN
description: "$(basename "$0") $profile"
target: "127.0.0.1:$port"
ammo: "$(dirname "$dir")/ammo.txt"
schedule: "$profile"
instances: $workers
mode: $mode
timeout: 2s
PLAN
    local command=("$l2_home/bin/l2" shoot fire --file "$dir/plan.yaml" --output json ${idle:+--idle "$idle"})
    [[ -n "$zone" ]] && command+=(--responder "$zone")
    [[ "$pin" -eq 1 ]] && command=(taskset -c 0 "${command[@]}")
    [[ "$pin" -eq 2 ]] && command=(taskset -c 1 "${command[@]}" --cpus 0)
    (cd "$dir" && exec "${command[@]}" > "$dir/result.json" 2> "$dir/l2.err") &
    local pid=$!
    bench_pids+=("$pid")
    local status=0
    wait "$pid" || status=$?
    unset 'bench_pids[${#bench_pids[@]}-1]'
    if [[ "$status" -ne 0 ]]; then
        tail -20 "$dir/l2.err" >&2
        die "l2 shoot fire failed (exit $status): see above"
    fi
}

# tree_ticks PID: user+sys clock ticks of a process and its live descendants.
tree_ticks()
{
    local total=0 pid ticks
    for pid in "$1" $(descendants "$1"); do
        ticks=$(cpu_ticks "$pid")
        total=$((total + ${ticks:-0}))
    done
    echo "$total"
}

# build_c NAME: compiles bench/src/c/NAME.c with gcc -O2 into bench/target/c/NAME when the binary is missing or older
# than its source (the bench's C tools are built here, not by Maven: nothing else needs them). Prints the path.
build_c()
{
    local source="$bench_dir/src/c/$1.c" binary="$bench_dir/target/c/$1"
    [[ -f "$source" ]] || die "$source is missing"
    if [[ ! -x "$binary" || "$source" -nt "$binary" ]]; then
        require_command gcc gcc
        mkdir -p "$bench_dir/target/c"
        gcc -O2 -Wall -Wextra -o "$binary.tmp" "$source" >&2 || die "gcc could not build $source"
        mv "$binary.tmp" "$binary"
    fi
    echo "$binary"
}

# start_reflector DIR PORT CPU SECONDS [OPTION…]: the batched C reflector (bench/src/c/reflector.c: recvmmsg, QR set,
# sendmmsg back) on 127.0.0.1:PORT, pinned to CPU, for at most SECONDS; its summary line goes to DIR/reflector.out
# when it exits. Waits until it answers kdig. Sets reflector_pid (and records it for stopping).
start_reflector()
{
    local dir=$1 port=$2 cpu=$3 bound=$4
    shift 4
    local binary
    binary=$(build_c reflector)
    taskset -c "$cpu" "$binary" --port "$port" --seconds "$bound" "$@" > "$dir/reflector.out" 2> "$dir/reflector.err" &
    reflector_pid=$!
    bench_pids+=("$reflector_pid")
    local _
    for _ in $(seq 1 100); do
        kill -0 "$reflector_pid" 2> /dev/null || die "the reflector exited at start: $(cat "$dir/reflector.err")"
        if kdig +retry=0 +timeout=1 -p "$port" @127.0.0.1 bench.test A 2> /dev/null | grep -q 'status: NOERROR'; then
            return 0
        fi
        sleep 0.1
    done
    die "the reflector on 127.0.0.1:$port did not answer within 10 s"
}
