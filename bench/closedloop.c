/* closedloop: a closed-loop HTTP/1.1 load generator with exact think times
 * (issue 19's real-system benchmark, bench/nginx_calibrate.py).
 *
 * N keep-alive connections, one thread, epoll. Each connection sends a GET,
 * reads the whole response, then thinks for an exponential time of mean Z
 * (or exactly Z with -D) before its next request: the closed interactive
 * system the model has (N users, think time Z). Why not wrk: wrk's Lua
 * delay() is in whole milliseconds and its timers fire on millisecond ticks,
 * so every connection whose delay ends within the same millisecond sends at
 * once: requests arrive in bursts of X x 1 ms (23 at 23,000/s), which queue
 * behind each other at a server only half busy, and the realised think time
 * wanders from 1.9 to 2.6 ms with the load. Here the next send is a timerfd
 * armed at the earliest due time in nanoseconds, with the thread's timer
 * slack at 1 ns. A response time is counted from the request's due time, not
 * from when the generator got round to sending it: a user who has finished
 * thinking waits from then (no coordinated omission), and N / X = Z + R
 * holds with the Z asked.
 *
 * With -P the generator never sleeps: it polls (epoll_wait with no timeout)
 * and checks the clock between polls, so it pays no wake-up of its own and
 * its core is always busy: a generator with headroom, out of the model.
 *
 * Usage: closedloop -c N -z THINK_US [-D] [-P] [-s SEED] [-d SECONDS] [-w FROM:TO]
 *                   HOST PORT PATH
 * Counts the responses completed in the window FROM..TO seconds after the
 * start (default 2:14 of 15 s) and prints, one "key value" per line:
 * requests, throughput (/s), mean, p50, p90, p99 (s), think (the mean time
 * from a response to the next send, s), late (the mean time from due to
 * sent, s: the generator's own delay, inside the response time), errors.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int fd;
    int64_t due;       /* ns: when the user asked (the end of its think time) */
    int64_t sent;      /* ns: when the request went out (0: thinking) */
    int64_t answered;  /* ns: when the last response completed */
    size_t have;       /* bytes of the response read so far */
    char buf[8192];
} conn_t;

typedef struct {
    int64_t due;
    int conn;
} timer_t_;

static conn_t* conns;
static timer_t_* heap;
static int heap_n;
static struct sockaddr_in addr;
static char request[512];
static size_t request_len;
static uint64_t rng;

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static double uniform01(void) /* xorshift64*: (0, 1) */
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return ((double)((rng * 2685821657736338717ULL) >> 11) + 0.5) / 9007199254740992.0;
}

static void heap_push(int64_t due, int c)
{
    int i = heap_n++;
    while (i > 0 && heap[(i - 1) / 2].due > due) {
        heap[i] = heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    heap[i].due = due;
    heap[i].conn = c;
}

static timer_t_ heap_pop(void)
{
    timer_t_ top = heap[0], last = heap[--heap_n];
    int i = 0;
    for (;;) {
        int k = 2 * i + 1;
        if (k >= heap_n) break;
        if (k + 1 < heap_n && heap[k + 1].due < heap[k].due) k++;
        if (heap[k].due >= last.due) break;
        heap[i] = heap[k];
        i = k;
    }
    if (heap_n > 0) heap[i] = last;
    return top;
}

static int open_conn(int ep, int c)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr*)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)c};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    conns[c].fd = fd;
    conns[c].have = 0;
    conns[c].sent = 0;
    return 0;
}

/* Length of a complete response at the start of buf, or 0 if incomplete. */
static size_t complete(const char* buf, size_t have)
{
    const char* end = memmem(buf, have, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = (size_t)(end - buf) + 4, body = 0;
    const char* p = buf;
    while (p < end) {
        const char* eol = memmem(p, (size_t)(end + 2 - p), "\r\n", 2);
        if (!eol) break;
        if ((size_t)(eol - p) > 15 && strncasecmp(p, "Content-Length:", 15) == 0) body = strtoul(p + 15, NULL, 10);
        p = eol + 2;
    }
    return have >= head + body ? head + body : 0;
}

static int cmp_double(const void* a, const void* b)
{
    double x = *(const double*)a, y = *(const double*)b;
    return (x > y) - (x < y);
}

int main(int argc, char** argv)
{
    int n = 1, deterministic = 0, poll = 0, opt;
    double think_us = 2000, duration = 15, from = 2, to = 14;
    unsigned long seed = 1;
    while ((opt = getopt(argc, argv, "c:z:DPs:d:w:")) != -1) {
        switch (opt) {
        case 'c': n = atoi(optarg); break;
        case 'z': think_us = atof(optarg); break;
        case 'D': deterministic = 1; break;
        case 'P': poll = 1; break;
        case 's': seed = strtoul(optarg, NULL, 10); break;
        case 'd': duration = atof(optarg); break;
        case 'w':
            if (sscanf(optarg, "%lf:%lf", &from, &to) != 2) {
                fprintf(stderr, "closedloop: -w wants FROM:TO seconds\n");
                return 2;
            }
            break;
        default: fprintf(stderr, "usage: closedloop -c N -z THINK_US [-D] [-P] [-s SEED] [-d S] [-w FROM:TO] HOST PORT PATH\n"); return 2;
        }
    }
    if (argc - optind != 3 || n < 1 || think_us < 0 || duration <= 0 || from < 0 || to <= from || to > duration) {
        fprintf(stderr, "usage: closedloop -c N -z THINK_US [-D] [-P] [-s SEED] [-d S] [-w FROM:TO] HOST PORT PATH\n");
        return 2;
    }
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)atoi(argv[optind + 1]));
    if (inet_pton(AF_INET, argv[optind], &addr.sin_addr) != 1) {
        fprintf(stderr, "closedloop: %s is not an IPv4 address\n", argv[optind]);
        return 2;
    }
    request_len = (size_t)snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: keep-alive\r\n\r\n",
                                   argv[optind + 2], argv[optind]);
    rng = 0x9E3779B97F4A7C15ULL ^ (seed * 0xD1B54A32D192ED03ULL);
    if (!rng) rng = 1;
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);

    conns = calloc((size_t)n, sizeof *conns);
    heap = calloc((size_t)n, sizeof *heap);
    size_t cap = 1 << 20, count = 0;
    double* latency = malloc(cap * sizeof *latency);
    if (!conns || !heap || !latency) return 1;
    int ep = epoll_create1(0);
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct epoll_event tev = {.events = EPOLLIN, .data.u32 = (uint32_t)n};
    epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &tev);

    const double z = think_us * 1e3; /* ns */
    const int64_t start = now_ns(), w0 = start + (int64_t)(from * 1e9), w1 = start + (int64_t)(to * 1e9),
                  stop = start + (int64_t)(duration * 1e9);
    for (int c = 0; c < n; c++) {
        if (open_conn(ep, c) != 0) {
            fprintf(stderr, "closedloop: cannot connect to %s:%s: %s\n", argv[optind], argv[optind + 1], strerror(errno));
            return 1;
        }
        /* first requests spread over one think time, as if the users had been thinking */
        conns[c].answered = start;
        heap_push(start + (int64_t)(z * uniform01()), c);
    }
    unsigned long errors = 0;
    double think_sum = 0, late_sum = 0;
    unsigned long think_n = 0;
    struct epoll_event events[256];
    int64_t armed = -1;
    for (;;) {
        int64_t t = now_ns();
        if (t >= stop) break;
        while (heap_n > 0 && heap[0].due <= t) {
            timer_t_ e = heap_pop();
            conn_t* k = &conns[e.conn];
            if (write(k->fd, request, request_len) != (ssize_t)request_len) {
                errors++;
                close(k->fd);
                if (open_conn(ep, e.conn) != 0) return 1;
                heap_push(t, e.conn);
                continue;
            }
            k->due = e.due;
            k->sent = now_ns();
            if (k->sent >= w0 && k->sent < w1) {
                think_sum += (double)(k->sent - k->answered);
                late_sum += (double)(k->sent - k->due);
                think_n++;
            }
        }
        if (!poll && heap_n > 0 && heap[0].due != armed) {
            struct itimerspec its = {{0, 0}, {heap[0].due / 1000000000LL, heap[0].due % 1000000000LL}};
            timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
            armed = heap[0].due;
        }
        int got = epoll_wait(ep, events, 256, poll ? 0 : 100);
        for (int i = 0; i < got; i++) {
            uint32_t c = events[i].data.u32;
            if ((int)c == n) {
                uint64_t expirations;
                if (read(tfd, &expirations, sizeof expirations) < 0 && errno != EAGAIN) return 1;
                armed = -1;
                continue;
            }
            conn_t* k = &conns[c];
            ssize_t r = read(k->fd, k->buf + k->have, sizeof k->buf - k->have);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN) continue;
                errors++;
                epoll_ctl(ep, EPOLL_CTL_DEL, k->fd, NULL);
                close(k->fd);
                const int in_flight = k->sent != 0; /* else it is thinking: its timer is in the heap already */
                if (open_conn(ep, (int)c) != 0) return 1;
                if (in_flight) heap_push(now_ns(), (int)c);
                continue;
            }
            k->have += (size_t)r;
            size_t len = complete(k->buf, k->have);
            if (!len) {
                if (k->have == sizeof k->buf) {
                    fprintf(stderr, "closedloop: response larger than %zu bytes\n", sizeof k->buf);
                    return 1;
                }
                continue;
            }
            int64_t done = now_ns();
            if (strncmp(k->buf, "HTTP/1.1 200", 12) != 0) errors++;
            if (done >= w0 && done < w1) {
                if (count == cap) {
                    cap *= 2;
                    latency = realloc(latency, cap * sizeof *latency);
                    if (!latency) return 1;
                }
                latency[count++] = (double)(done - k->due) * 1e-9;
            }
            k->have -= len;
            memmove(k->buf, k->buf + len, k->have);
            k->answered = done;
            k->sent = 0;
            double think = deterministic ? z : -z * log(uniform01());
            heap_push(done + (int64_t)think, (int)c);
        }
    }
    double sum = 0;
    for (size_t i = 0; i < count; i++) sum += latency[i];
    qsort(latency, count, sizeof *latency, cmp_double);
#define PCT(q) (count ? latency[(size_t)((double)(count - 1) * (q))] : 0.0)
    printf("requests %zu\nthroughput %.3f\nmean %.9f\np50 %.9f\np90 %.9f\np99 %.9f\nthink %.9f\nlate %.9f\nerrors %lu\n",
           count, (double)count / (to - from), count ? sum / (double)count : 0.0, PCT(0.50), PCT(0.90), PCT(0.99),
           think_n ? think_sum / (double)think_n * 1e-9 : 0.0, think_n ? late_sum / (double)think_n * 1e-9 : 0.0, errors);
    return 0;
}
