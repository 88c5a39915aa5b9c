/*
 * The yardstick of bench/vs-dnsperf --target reflector: an ideal batched closed loop, the limit of the box for a DNS
 * generator at a given number of outstanding queries. Built by that script (not by Maven).
 *
 *   closedloop --port PORT [--address 127.0.0.1] [--outstanding N] [--sockets S] [--batch B] [--seconds T]
 *              [--ammo FILE] [--timeout-ms MS]
 *
 * N queries are kept outstanding (default 1000), spread evenly over S connected, non-blocking UDP sockets (default
 * 16). Per socket it sends what is missing to its share with sendmmsg (batches of up to B, default 64) and takes the
 * answers with recvmmsg (up to B per call), refilling as answers come; when a whole pass over the sockets receives
 * nothing it waits in poll(). The queries are the ammo file's (dnsperf format, "name type" per line, encoded once at
 * start), or "bench.test A" without one; each is sent with the next 16-bit id. Nothing is recorded or matched: an
 * answer is counted when it is at least a DNS header with QR set. A socket that receives nothing for --timeout-ms
 * (default 1000) while it has queries out counts them lost and sends its share again, so a dropped datagram cannot
 * stall the loop (a datagram lost while its socket keeps answering lowers that socket's share by one: "sent" minus
 * "answered" shows it). After T seconds (default 10) or SIGINT/SIGTERM it prints one line to stdout:
 *
 *   closedloop: qps Q answered A lost L seconds T outstanding N sockets S batch B calls C cpu U+S s cpu/answer X us
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 1024
#define MAX_SOCKETS 1024
#define MAX_QUERIES 100000
#define QUERY_SIZE 300
#define BUFFER_SIZE 4096

static volatile sig_atomic_t stop;

static void on_signal(int signal_number)
{
    (void) signal_number;
    stop = 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(const char *self)
{
    fprintf(stderr, "usage: %s --port PORT [--address IPV4] [--outstanding N] [--sockets S] [--batch B] "
                    "[--seconds T] [--ammo FILE] [--timeout-ms MS]\n", self);
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

static const struct {
    const char *name;
    int code;
} types[] = {
    { "A", 1 }, { "NS", 2 }, { "CNAME", 5 }, { "SOA", 6 }, { "PTR", 12 }, { "MX", 15 }, { "TXT", 16 },
    { "AAAA", 28 }, { "SRV", 33 }, { "NAPTR", 35 }, { "DS", 43 }, { "DNSKEY", 48 }, { "HTTPS", 65 }, { "ANY", 255 },
};

/* Encodes "name type" as a query with RD set into out; returns its length, or 0 if the line is not one. */
static int encode(const char *line, unsigned char *out)
{
    char name[256], type[16] = "A";
    if (sscanf(line, "%255s %15s", name, type) < 1 || name[0] == '#') {
        return 0;
    }
    int code = 0;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (!strcasecmp(type, types[i].name)) {
            code = types[i].code;
        }
    }
    if (!code && !strncasecmp(type, "TYPE", 4)) {
        code = atoi(type + 4);
    }
    if (code <= 0 || code > 65535) {
        return 0;
    }
    memset(out, 0, 12);
    out[2] = 0x01; /* RD */
    out[5] = 1;    /* QDCOUNT */
    int at = 12;
    const char *label = name;
    while (*label && strcmp(label, ".")) {
        const char *dot = strchr(label, '.');
        int length = dot ? (int) (dot - label) : (int) strlen(label);
        if (length == 0 || length > 63 || at + length + 1 + 5 > QUERY_SIZE) {
            return 0;
        }
        out[at++] = (unsigned char) length;
        memcpy(out + at, label, (size_t) length);
        at += length;
        label = dot ? dot + 1 : label + length;
    }
    out[at++] = 0;
    out[at++] = (unsigned char) (code >> 8);
    out[at++] = (unsigned char) code;
    out[at++] = 0;
    out[at++] = 1; /* IN */
    return at;
}

static unsigned char (*queries)[QUERY_SIZE];
static int query_lengths[MAX_QUERIES];
static int query_count;

static int fds[MAX_SOCKETS];
static int share[MAX_SOCKETS];
static int in_flight[MAX_SOCKETS];
static double last_answer[MAX_SOCKETS];
static char got[MAX_SOCKETS];
static struct pollfd polls[MAX_SOCKETS];
static struct mmsghdr send_messages[MAX_BATCH];
static struct iovec send_iovecs[MAX_BATCH];
static unsigned char send_buffers[MAX_BATCH][QUERY_SIZE];
static struct mmsghdr receive_messages[MAX_BATCH];
static struct iovec receive_iovecs[MAX_BATCH];
static unsigned char receive_buffers[MAX_BATCH][BUFFER_SIZE];

int main(int argc, char **argv)
{
    const char *address = "127.0.0.1", *ammo = NULL;
    long port = -1, outstanding = 1000, sockets = 16, batch = 64, seconds = 10, timeout_ms = 1000;
    int spin = 0;
    for (int i = 1; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--port")) {
            port = number(argv[0], argv[i], value, 1, 65535);
        } else if (!strcmp(argv[i], "--outstanding")) {
            outstanding = number(argv[0], argv[i], value, 1, 1000000);
        } else if (!strcmp(argv[i], "--sockets")) {
            sockets = number(argv[0], argv[i], value, 1, MAX_SOCKETS);
        } else if (!strcmp(argv[i], "--batch")) {
            batch = number(argv[0], argv[i], value, 1, MAX_BATCH);
        } else if (!strcmp(argv[i], "--seconds")) {
            seconds = number(argv[0], argv[i], value, 1, 86400);
        } else if (!strcmp(argv[i], "--timeout-ms")) {
            timeout_ms = number(argv[0], argv[i], value, 1, 60000);
        } else if (!strcmp(argv[i], "--spin")) {
            spin = 1;
            continue;
        } else if (!strcmp(argv[i], "--address") && value) {
            address = value;
        } else if (!strcmp(argv[i], "--ammo") && value) {
            ammo = value;
        } else {
            usage(argv[0]);
        }
        i++;
    }
    if (port < 0) {
        usage(argv[0]);
    }
    if (sockets > outstanding) {
        sockets = outstanding;
    }

    queries = calloc(MAX_QUERIES, QUERY_SIZE);
    if (!queries) {
        perror("closedloop: calloc");
        return 1;
    }
    if (ammo) {
        FILE *file = fopen(ammo, "r");
        if (!file) {
            fprintf(stderr, "closedloop: %s: %s\n", ammo, strerror(errno));
            return 1;
        }
        char line[512];
        while (query_count < MAX_QUERIES && fgets(line, sizeof line, file)) {
            int length = encode(line, queries[query_count]);
            if (length) {
                query_lengths[query_count++] = length;
            }
        }
        fclose(file);
        if (!query_count) {
            fprintf(stderr, "closedloop: no query in %s\n", ammo);
            return 1;
        }
    } else {
        query_lengths[0] = encode("bench.test A", queries[0]);
        query_count = 1;
    }

    struct sockaddr_in target = { .sin_family = AF_INET, .sin_port = htons((uint16_t) port) };
    if (inet_pton(AF_INET, address, &target.sin_addr) != 1) {
        fprintf(stderr, "closedloop: '%s' is not an IPv4 address\n", address);
        return 2;
    }
    int size = 4 << 20;
    for (int s = 0; s < sockets; s++) {
        fds[s] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        if (fds[s] < 0) {
            perror("closedloop: socket");
            return 1;
        }
        setsockopt(fds[s], SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        setsockopt(fds[s], SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
        if (connect(fds[s], (struct sockaddr *) &target, sizeof target) < 0) {
            perror("closedloop: connect");
            return 1;
        }
        share[s] = (int) (outstanding / sockets + (s < outstanding % sockets ? 1 : 0));
        polls[s].fd = fds[s];
        polls[s].events = POLLIN;
    }
    for (int i = 0; i < MAX_BATCH; i++) {
        send_iovecs[i].iov_base = send_buffers[i];
        send_messages[i].msg_hdr.msg_iov = &send_iovecs[i];
        send_messages[i].msg_hdr.msg_iovlen = 1;
        receive_iovecs[i].iov_base = receive_buffers[i];
        receive_iovecs[i].iov_len = BUFFER_SIZE;
        receive_messages[i].msg_hdr.msg_iov = &receive_iovecs[i];
        receive_messages[i].msg_hdr.msg_iovlen = 1;
    }

    struct sigaction action = { .sa_handler = on_signal };
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);

    unsigned long long answered = 0, lost = 0, calls = 0, sent_total = 0;
    unsigned id = 0, next_query = 0;
    const double timeout = timeout_ms / 1000.0;
    double start = now_s(), end = start + seconds, now = start;
    for (int s = 0; s < sockets; s++) {
        last_answer[s] = start;
    }
    while (!stop && now < end) {
        unsigned long long pass = 0;
        for (int s = 0; s < sockets; s++) {
            /* refill: what this socket's share is missing, in batches */
            while (in_flight[s] < share[s]) {
                int n = share[s] - in_flight[s];
                if (n > batch) {
                    n = (int) batch;
                }
                for (int i = 0; i < n; i++) {
                    int length = query_lengths[next_query];
                    memcpy(send_buffers[i], queries[next_query], (size_t) length);
                    send_buffers[i][0] = (unsigned char) (id >> 8);
                    send_buffers[i][1] = (unsigned char) id;
                    send_iovecs[i].iov_len = (size_t) length;
                    id++;
                    if (++next_query == (unsigned) query_count) {
                        next_query = 0;
                    }
                }
                int sent = sendmmsg(fds[s], send_messages, (unsigned) n, 0);
                if (sent <= 0) {
                    break; /* EAGAIN (send buffer full) or a refusal: try again on the next pass */
                }
                calls++;
                in_flight[s] += sent;
                sent_total += (unsigned) sent;
            }
            /* answers */
            for (;;) {
                int n = recvmmsg(fds[s], receive_messages, (unsigned) batch, MSG_DONTWAIT, NULL);
                if (n <= 0) {
                    break;
                }
                calls++;
                int good = 0;
                for (int i = 0; i < n; i++) {
                    if (receive_messages[i].msg_len >= 12 && (receive_buffers[i][2] & 0x80)) {
                        good++;
                    }
                }
                answered += (unsigned) good;
                pass += (unsigned) n;
                got[s] = 1;
                in_flight[s] -= n;
                if (in_flight[s] < 0) {
                    in_flight[s] = 0; /* a late answer to a query already counted lost */
                }
                if (n < batch) {
                    break;
                }
            }
        }
        if (pass == 0 && !spin) {
            poll(polls, (nfds_t) sockets, 10);
        }
        now = now_s();
        for (int s = 0; s < sockets; s++) {
            if (got[s]) {
                last_answer[s] = now;
                got[s] = 0;
            } else if (in_flight[s] > 0 && now - last_answer[s] > timeout) {
                lost += (unsigned) in_flight[s]; /* the socket stalled: its queries are lost, send its share again */
                in_flight[s] = 0;
                last_answer[s] = now;
            }
        }
    }
    double elapsed = now_s() - start;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double user = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6;
    double sys = usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
    printf("closedloop: qps %.0f answered %llu sent %llu lost %llu seconds %.3f outstanding %ld sockets %ld batch %ld "
           "calls %llu cpu %.2f+%.2f s cpu/answer %.3f us\n",
           answered / elapsed, answered, sent_total, lost, elapsed, outstanding, sockets, batch, calls, user, sys,
           answered ? (user + sys) / answered * 1e6 : 0.0);
    return 0;
}
