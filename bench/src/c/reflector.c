/*
 * A batched DNS reflector: the target of bench/vs-dnsperf --target reflector, built by that script (not by Maven).
 *
 *   reflector --port PORT [--address 127.0.0.1] [--seconds S] [--batch B] [--ra]
 *
 * One UDP socket bound to ADDRESS:PORT. It loops: recvmmsg up to B datagrams (the first waits, the rest are what is
 * queued), sets the QR bit of each (and RA with --ra), leaves every other byte as it came, and sendmmsg's them back
 * to their senders. The query turned into its own response is a valid answer for a DNS client: the same id, the
 * same question, NOERROR, no records. Datagrams shorter than a DNS header are dropped. It answers for S seconds
 * (default 60) or until SIGINT/SIGTERM, then prints one line to stdout:
 *
 *   reflector: received R answered A dropped D seconds T pps P calls C cpu U+S s cpu/packet X us
 *
 * ("pps" counts answers per second of the whole run, "calls" the recvmmsg and sendmmsg calls that moved data,
 * "cpu/packet" the process's user+sys time per answer). It prints "reflector: ready on ADDRESS:PORT" on stderr once
 * bound. It does no other work per packet: it is the target that is not the bottleneck, pinned to its own core by
 * the script, so that a generator's maximum rate measures the generator.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 1024
#define BUFFER_SIZE 4096
#define DNS_HEADER 12

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
    fprintf(stderr, "usage: %s --port PORT [--address IPV4] [--seconds S] [--batch 1..%d] [--ra]\n", self, MAX_BATCH);
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

static struct mmsghdr messages[MAX_BATCH];
static struct iovec iovecs[MAX_BATCH];
static struct sockaddr_in peers[MAX_BATCH];
static unsigned char buffers[MAX_BATCH][BUFFER_SIZE];
static struct mmsghdr replies[MAX_BATCH];

int main(int argc, char **argv)
{
    const char *address = "127.0.0.1";
    long port = -1, seconds = 60, batch = 64;
    int ra = 0, spin = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--port")) {
            port = number(argv[0], "--port", i + 1 < argc ? argv[++i] : NULL, 1, 65535);
        } else if (!strcmp(argv[i], "--seconds")) {
            seconds = number(argv[0], "--seconds", i + 1 < argc ? argv[++i] : NULL, 1, 86400);
        } else if (!strcmp(argv[i], "--batch")) {
            batch = number(argv[0], "--batch", i + 1 < argc ? argv[++i] : NULL, 1, MAX_BATCH);
        } else if (!strcmp(argv[i], "--address") && i + 1 < argc) {
            address = argv[++i];
        } else if (!strcmp(argv[i], "--spin")) {
            spin = 1;
        } else if (!strcmp(argv[i], "--ra")) {
            ra = 1;
        } else {
            usage(argv[0]);
        }
    }
    if (port < 0) {
        usage(argv[0]);
    }

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("reflector: socket");
        return 1;
    }
    int size = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    /* recvmmsg's own timeout is only checked after a datagram arrives; a receive timeout bounds the wait instead */
    struct timeval wait = { .tv_sec = 0, .tv_usec = 100000 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    struct sockaddr_in bound = { .sin_family = AF_INET, .sin_port = htons((uint16_t) port) };
    if (inet_pton(AF_INET, address, &bound.sin_addr) != 1) {
        fprintf(stderr, "reflector: '%s' is not an IPv4 address\n", address);
        return 2;
    }
    if (bind(fd, (struct sockaddr *) &bound, sizeof bound) < 0) {
        fprintf(stderr, "reflector: bind %s:%ld: %s\n", address, port, strerror(errno));
        return 1;
    }

    struct sigaction action = { .sa_handler = on_signal };
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);

    for (int i = 0; i < batch; i++) {
        iovecs[i].iov_base = buffers[i];
        iovecs[i].iov_len = BUFFER_SIZE;
        messages[i].msg_hdr.msg_iov = &iovecs[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        messages[i].msg_hdr.msg_name = &peers[i];
    }
    fprintf(stderr, "reflector: ready on %s:%ld\n", address, port);

    unsigned long long received = 0, answered = 0, dropped = 0, calls = 0;
    double start = now_s(), end = start + seconds;
    const unsigned char flags = ra ? 0x80 : 0;
    while (!stop) {
        for (int i = 0; i < batch; i++) {
            messages[i].msg_hdr.msg_namelen = sizeof peers[i];
        }
        int n = recvmmsg(fd, messages, (unsigned) batch, spin ? MSG_DONTWAIT : MSG_WAITFORONE, NULL);
        if (n <= 0) {
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                perror("reflector: recvmmsg");
                return 1;
            }
            if (now_s() >= end) {
                break;
            }
            continue;
        }
        calls++;
        received += (unsigned) n;
        int out = 0;
        for (int i = 0; i < n; i++) {
            unsigned length = messages[i].msg_len;
            if (length < DNS_HEADER) {
                dropped++;
                continue;
            }
            buffers[i][2] |= 0x80; /* QR: a response; id, opcode, RD and the question stay as they came */
            buffers[i][3] |= flags;
            replies[out].msg_hdr = messages[i].msg_hdr;
            replies[out].msg_hdr.msg_iov = &iovecs[i];
            iovecs[i].iov_len = length;
            out++;
        }
        int sent = 0;
        while (sent < out) {
            int s = sendmmsg(fd, replies + sent, (unsigned) (out - sent), 0);
            if (s < 0) {
                if (errno == EINTR) {
                    continue;
                }
                /* a peer gone (ECONNREFUSED is not reported on an unconnected socket) or no buffer: drop the rest */
                dropped += (unsigned) (out - sent);
                break;
            }
            calls++;
            sent += s;
        }
        answered += (unsigned) sent;
        for (int i = 0; i < n; i++) {
            iovecs[i].iov_len = BUFFER_SIZE;
        }
        if (now_s() >= end) {
            break;
        }
    }
    double elapsed = now_s() - start;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double user = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6;
    double sys = usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
    printf("reflector: received %llu answered %llu dropped %llu seconds %.3f pps %.0f calls %llu cpu %.2f+%.2f s "
           "cpu/packet %.3f us\n",
           received, answered, dropped, elapsed, answered / elapsed, calls, user, sys,
           answered ? (user + sys) / answered * 1e6 : 0.0);
    close(fd);
    return 0;
}
