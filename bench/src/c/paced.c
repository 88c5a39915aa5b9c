/*
 * The lag yardstick of bench/paced-lag: a minimal open-loop DNS generator at a fixed rate, to tell what schedule lag
 * this machine allows any generator, apart from l2. Built by that script (not by Maven).
 *
 *   paced --port PORT [--address 127.0.0.1] [--rate QPS] [--seconds S] [--idle spin|sleep] [--window-us W]
 *         [--batch B] [--gap-us G] [--fifo PRIORITY]
 *
 * One connected, non-blocking UDP socket. Query i ("bench.test A", id i mod 65536) is due at start + i / QPS
 * (computed, never accumulated: 10 us apart at 100,000 qps). Each pass of the loop reads CLOCK_MONOTONIC, sends what
 * is due and reads the answers that are queued (recvmmsg, MSG_DONTWAIT), then idles until the next query is due:
 *
 *   --idle spin     busy-spins (the default);
 *   --idle sleep    clock_nanosleep(TIMER_ABSTIME) until the next query is due, with the thread's timer slack at
 *                   1 ns (as l2's shooter sets its own when it idles by deadline); with --window-us W it sleeps
 *                   as l2's "deadline" strategy does while answers are awaited: W us (its batch window, 50 by
 *                   default) less the measured overshoot of its sleeps (a moving average), when the next query is
 *                   over 2 us away, so queries due meanwhile wait for the window.
 *
 * With --batch 1 (the default) each due query goes out with its own send(); with B > 1 the due queries go out
 * together with sendmmsg, up to B a call, as l2 sends. Each query's lag is the clock read right after its send (or
 * sendmmsg) returned minus its intended time, as l2 records a query's send time. --fifo P runs the loop under
 * SCHED_FIFO priority P (an operator's lever against preemption by ordinary tasks; only sensible when the loop sleeps:
 * a spinning real-time task is throttled by the kernel).
 *
 * After the run (S seconds of schedule, default 20) it prints, per second of the schedule: the queries sent in that
 * second of the clock, the error against QPS in %, and the lag p50/p99/p99.9/max in us of the queries due in it; then
 * the whole run's line, the "episodes" (two consecutive clock readings of the loop over G us apart, default 1000,
 * an intended sleep left out: the thread was off its core, or a call took that long; the loop reads the clock at
 * least once per send and per read of the answers), with their instants since the start and on CLOCK_MONOTONIC
 * (to match a `perf record -k CLOCK_MONOTONIC` trace), and a summary line for scripts:
 *
 *   paced: idle I window W batch B rate Q seconds S sent N answered A send-errors F worst-second E % lag-us p50 P
 *          p99 P p999 P max M episodes K longest L us switches V/I cpu U+S s
 *
 * ("switches" are the run's voluntary/involuntary context switches). It stops early on SIGINT/SIGTERM or when its
 * wall time exceeds twice the schedule plus 5 s.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 64
#define MAX_EPISODES 10000
#define QUERY_SIZE 28
#define BUFFER_SIZE 512
#define NS 1000000000LL

static volatile sig_atomic_t stop;

static void on_signal(int signal_number)
{
    (void) signal_number;
    stop = 1;
}

static inline int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * NS + ts.tv_nsec;
}

static void usage(const char *self)
{
    fprintf(stderr, "usage: %s --port PORT [--address IPV4] [--rate QPS] [--seconds S] [--idle spin|sleep] "
        "[--window-us W] [--batch 1..%d] [--gap-us G] [--fifo PRIORITY]\n", self, MAX_BATCH);
    exit(2);
}

static long number(const char *self, const char *option, const char *value, long low, long high)
{
    char *end;
    errno = 0;
    long parsed = value ? strtol(value, &end, 10) : 0;
    if (!value || errno || *end || parsed < low || parsed > high) {
        fprintf(stderr, "%s: %s needs a whole number from %ld to %ld\n", self, option, low, high);
        usage(self);
    }
    return parsed;
}

static int compare_lag(const void *a, const void *b)
{
    int32_t x = *(const int32_t *) a, y = *(const int32_t *) b;
    return (x > y) - (x < y);
}

/* the q-quantile (nearest rank) of a sorted array, in us */
static double quantile_us(const int32_t *sorted, long count, double q)
{
    if (count <= 0) {
        return 0;
    }
    long rank = (long) (q * count + 0.999999);
    if (rank < 1) {
        rank = 1;
    }
    if (rank > count) {
        rank = count;
    }
    return sorted[rank - 1] / 1e3;
}

static unsigned char queries[MAX_BATCH][QUERY_SIZE];
static struct mmsghdr out_messages[MAX_BATCH];
static struct iovec out_iovecs[MAX_BATCH];
static unsigned char answers[MAX_BATCH][BUFFER_SIZE];
static struct mmsghdr in_messages[MAX_BATCH];
static struct iovec in_iovecs[MAX_BATCH];
static int64_t episode_start_ns[MAX_EPISODES];
static int64_t episode_length_ns[MAX_EPISODES];
static long episodes, gap_ns = 1000000;
static int64_t previous_ns, longest_ns;

/* the loop's clock: every reading is checked against the previous one (or the end of an intended sleep) */
static inline int64_t loop_clock(void)
{
    int64_t clock_ns = now_ns(), gap = clock_ns - previous_ns;
    if (gap > gap_ns) {
        if (episodes < MAX_EPISODES) {
            episode_start_ns[episodes] = previous_ns;
            episode_length_ns[episodes] = gap;
        }
        episodes++;
    }
    if (gap > longest_ns) {
        longest_ns = gap;
    }
    previous_ns = clock_ns;
    return clock_ns;
}

static void encode_query(unsigned char *query)
{
    static const unsigned char template[QUERY_SIZE] = {
        0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
        5, 'b', 'e', 'n', 'c', 'h', 4, 't', 'e', 's', 't', 0,
        0, 1, 0, 1
    };
    memcpy(query, template, QUERY_SIZE);
}

static inline void stamp_id(unsigned char *query, long index)
{
    query[0] = (unsigned char) (index >> 8);
    query[1] = (unsigned char) index;
}

/* reads what is queued, at most 16 calls; returns the answers (at least a header, QR set) */
static long drain(int fd)
{
    long answered = 0;
    for (int call = 0; call < 16; call++) {
        int received = recvmmsg(fd, in_messages, MAX_BATCH, MSG_DONTWAIT, NULL);
        if (received <= 0) {
            break;
        }
        for (int i = 0; i < received; i++) {
            if (in_messages[i].msg_len >= 12 && (answers[i][2] & 0x80)) {
                answered++;
            }
        }
        if (received < MAX_BATCH) {
            break;
        }
    }
    return answered;
}

int main(int argc, char **argv)
{
    const char *address = "127.0.0.1";
    long port = -1, rate = 100000, seconds = 20, window_us = 0, batch = 1, gap_us = 1000, fifo = 0;
    int sleep_idle = 0;
    for (int i = 1; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--port")) {
            port = number(argv[0], argv[i], value, 1, 65535);
        } else if (!strcmp(argv[i], "--rate")) {
            rate = number(argv[0], argv[i], value, 1, 10000000);
        } else if (!strcmp(argv[i], "--seconds")) {
            seconds = number(argv[0], argv[i], value, 1, 600);
        } else if (!strcmp(argv[i], "--window-us")) {
            window_us = number(argv[0], argv[i], value, 0, 1000000);
        } else if (!strcmp(argv[i], "--batch")) {
            batch = number(argv[0], argv[i], value, 1, MAX_BATCH);
        } else if (!strcmp(argv[i], "--gap-us")) {
            gap_us = number(argv[0], argv[i], value, 1, 1000000);
        } else if (!strcmp(argv[i], "--fifo")) {
            fifo = number(argv[0], argv[i], value, 1, 99);
        } else if (!strcmp(argv[i], "--idle") && value && (!strcmp(value, "spin") || !strcmp(value, "sleep"))) {
            sleep_idle = !strcmp(value, "sleep");
        } else if (!strcmp(argv[i], "--address") && value) {
            address = value;
        } else {
            usage(argv[0]);
        }
        i++;
    }
    if (port < 0 || rate * seconds > 100000000L) {
        usage(argv[0]);
    }

    long total = rate * seconds;
    int32_t *lag_ns = calloc((size_t) total, sizeof *lag_ns);
    int64_t *sent_at_ns = calloc((size_t) total, sizeof *sent_at_ns);
    int32_t *scratch = calloc((size_t) rate + 1, sizeof *scratch);
    if (!lag_ns || !sent_at_ns || !scratch) {
        fprintf(stderr, "paced: out of memory for %ld queries\n", total);
        return 1;
    }
    /* every page touched and locked before the start: no page fault in the loop */
    memset(lag_ns, 0, (size_t) total * sizeof *lag_ns);
    memset(sent_at_ns, 0, (size_t) total * sizeof *sent_at_ns);
    if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0) {
        fprintf(stderr, "paced: mlockall: %s (going on unlocked)\n", strerror(errno));
    }
    if (sleep_idle && prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0) != 0) {
        perror("paced: PR_SET_TIMERSLACK");
    }
    if (fifo) {
        struct sched_param param = { .sched_priority = (int) fifo };
        if (sched_setscheduler(0, SCHED_FIFO, &param) != 0) {
            perror("paced: SCHED_FIFO");
            return 1;
        }
    }

    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        perror("paced: socket");
        return 1;
    }
    int size = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    struct sockaddr_in target = { .sin_family = AF_INET, .sin_port = htons((uint16_t) port) };
    if (inet_pton(AF_INET, address, &target.sin_addr) != 1) {
        fprintf(stderr, "paced: '%s' is not an IPv4 address\n", address);
        return 2;
    }
    if (connect(fd, (struct sockaddr *) &target, sizeof target) < 0) {
        perror("paced: connect");
        return 1;
    }
    for (int i = 0; i < MAX_BATCH; i++) {
        encode_query(queries[i]);
        out_iovecs[i] = (struct iovec) { .iov_base = queries[i], .iov_len = QUERY_SIZE };
        out_messages[i].msg_hdr = (struct msghdr) { .msg_iov = &out_iovecs[i], .msg_iovlen = 1 };
        in_iovecs[i] = (struct iovec) { .iov_base = answers[i], .iov_len = BUFFER_SIZE };
        in_messages[i].msg_hdr = (struct msghdr) { .msg_iov = &in_iovecs[i], .msg_iovlen = 1 };
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    struct rusage before;
    getrusage(RUSAGE_SELF, &before);
    const int64_t start_ns = now_ns() + 100000;   /* 100 us from now: the first query on time */
    const int64_t give_up_ns = start_ns + (2 * seconds + 5) * NS;
    long next = 0, answered = 0, send_errors = 0;
    int64_t overshoot_ns = 50000;
    gap_ns = gap_us * 1000;
    previous_ns = start_ns;
    while (now_ns() < start_ns) {
    }
    while (next < total && !stop) {
        int64_t pass_ns = loop_clock();
        if (pass_ns > give_up_ns) {
            break;
        }

        /* send what is due, each at its own clock reading (--batch 1) or in sendmmsg batches */
        for (int round = 0; round < MAX_BATCH && next < total; round++) {
            int64_t due_ns = start_ns + next * NS / rate;
            if (due_ns > pass_ns) {
                break;
            }
            if (batch == 1) {
                stamp_id(queries[0], next);
                ssize_t sent = send(fd, queries[0], QUERY_SIZE, 0);
                int64_t sent_ns = loop_clock();
                if (sent < 0) {
                    send_errors++;
                }
                lag_ns[next] = (int32_t) (sent_ns - due_ns > INT32_MAX ? INT32_MAX : sent_ns - due_ns);
                sent_at_ns[next] = sent_ns;
                next++;
                pass_ns = sent_ns;
            } else {
                int count = 0;
                int64_t clock_ns = loop_clock();
                while (count < batch && next + count < total && start_ns + (next + count) * NS / rate <= clock_ns) {
                    stamp_id(queries[count], next + count);
                    count++;
                }
                int sent = sendmmsg(fd, out_messages, (unsigned) count, 0);
                int64_t sent_ns = loop_clock();
                if (sent < count) {
                    send_errors += count - (sent < 0 ? 0 : sent);
                }
                for (int i = 0; i < count; i++, next++) {
                    int64_t lag = sent_ns - (start_ns + next * NS / rate);
                    lag_ns[next] = (int32_t) (lag > INT32_MAX ? INT32_MAX : lag);
                    sent_at_ns[next] = sent_ns;
                }
                pass_ns = sent_ns;
            }
        }
        answered += drain(fd);
        pass_ns = loop_clock();

        if (sleep_idle && next < total && window_us == 0) {
            int64_t due_ns = start_ns + next * NS / rate;
            struct timespec wake = { .tv_sec = due_ns / NS, .tv_nsec = due_ns % NS };
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wake, NULL);
            previous_ns = due_ns > previous_ns ? due_ns : previous_ns;
        } else if (sleep_idle && next < total) {
            /* as l2's DeadlineIdleStrategy while answers are awaited: a window less the measured overshoot */
            int64_t due_ns = start_ns + next * NS / rate;
            if (due_ns - pass_ns > 2000) {
                int64_t park_ns = window_us * 1000 - overshoot_ns > 1 ? window_us * 1000 - overshoot_ns : 1;
                struct timespec park = { .tv_sec = park_ns / NS, .tv_nsec = park_ns % NS };
                clock_nanosleep(CLOCK_MONOTONIC, 0, &park, NULL);
                int64_t over_ns = now_ns() - pass_ns - park_ns;
                if (over_ns >= 0 && over_ns < 1000000) {
                    overshoot_ns += (over_ns - overshoot_ns) >> 3;
                }
                previous_ns = pass_ns + park_ns > previous_ns ? pass_ns + park_ns : previous_ns;
            }
        }
    }
    /* the last answers: 100 ms */
    int64_t end_ns = now_ns();
    while (now_ns() - end_ns < 100000000 && !stop) {
        answered += drain(fd);
        struct timespec pause = { .tv_sec = 0, .tv_nsec = 1000000 };
        nanosleep(&pause, NULL);
    }
    struct rusage after;
    getrusage(RUSAGE_SELF, &after);
    long sent_count = next;

    printf("second       sent  error%%   p50_us   p99_us p99.9_us   max_us\n");
    double worst_error = 0;
    long full_seconds = sent_count / rate;
    for (long second = 0; second * rate < sent_count; second++) {
        long first = second * rate, count = sent_count - first < rate ? sent_count - first : rate;
        int64_t from_ns = start_ns + second * NS, to_ns = from_ns + NS;
        long in_clock_second = 0;
        for (long i = first > rate ? first - rate : 0; i < sent_count && i < first + 2 * rate; i++) {
            in_clock_second += sent_at_ns[i] >= from_ns && sent_at_ns[i] < to_ns;
        }
        memcpy(scratch, lag_ns + first, (size_t) count * sizeof *scratch);
        qsort(scratch, (size_t) count, sizeof *scratch, compare_lag);
        double error = 100.0 * (double) labs(in_clock_second - rate) / (double) rate;
        if (second < full_seconds && error > worst_error) {
            worst_error = error;
        }
        printf("%6ld %10ld %7.3f %8.1f %8.1f %8.1f %8.1f\n", second, in_clock_second, error,
            quantile_us(scratch, count, 0.5), quantile_us(scratch, count, 0.99), quantile_us(scratch, count, 0.999),
            quantile_us(scratch, count, 1.0));
    }
    qsort(lag_ns, (size_t) sent_count, sizeof *lag_ns, compare_lag);
    double p50 = quantile_us(lag_ns, sent_count, 0.5), p99 = quantile_us(lag_ns, sent_count, 0.99);
    double p999 = quantile_us(lag_ns, sent_count, 0.999), max = quantile_us(lag_ns, sent_count, 1.0);
    printf("   all %10ld         %8.1f %8.1f %8.1f %8.1f\n", sent_count, p50, p99, p999, max);
    printf("episodes over %ld us: %ld\n", gap_us, episodes);
    for (long e = 0; e < episodes && e < MAX_EPISODES; e++) {
        printf("  at %9.6f s (monotonic %lld.%09lld): %8.3f ms\n", (episode_start_ns[e] - start_ns) / 1e9,
            (long long) (episode_start_ns[e] / NS), (long long) (episode_start_ns[e] % NS),
            episode_length_ns[e] / 1e6);
    }
    double user_s = (after.ru_utime.tv_sec - before.ru_utime.tv_sec)
        + (after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6;
    double system_s = (after.ru_stime.tv_sec - before.ru_stime.tv_sec)
        + (after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6;
    printf("paced: idle %s window %ld batch %ld rate %ld seconds %ld sent %ld answered %ld send-errors %ld "
        "worst-second %.3f %% lag-us p50 %.1f p99 %.1f p999 %.1f max %.1f episodes %ld longest %.0f us "
        "switches %ld/%ld cpu %.2f+%.2f s\n",
        sleep_idle ? "sleep" : "spin", window_us, batch, rate, seconds, sent_count, answered, send_errors,
        worst_error, p50, p99, p999, max, episodes, longest_ns / 1e3,
        after.ru_nvcsw - before.ru_nvcsw, after.ru_nivcsw - before.ru_nivcsw, user_s, system_s);
    return 0;
}
