/*
 * bench_plan.c - the planner through the public API on an airspace database (default: the
 * embedded Luohu set): random pad pairs at random times of day with a 30 m clearance.
 * Prints the preparation (engine open, then the first plan of each blocking set: its free
 * space triangulated), query p50 / p99 after preparation, and the speed-up with two threads.
 * Figures, never pass/fail.
 *
 * usage: bench_plan [--db FILE] [--queries N] [--clearance M] [--threads N]
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "skylane.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct req {
    size_t from, to;
    int64_t depart;
} req;

typedef struct job {
    const sky_engine *eng;
    const req *reqs;
    size_t from, to;
    double clearance;
    double *times;
    size_t ok, blocked, other;
    double wall;          /* the timed (second, warm) pass */
} job;

static sky_status plan_one(sky_planner *p, const sky_engine *eng, const req *r, double clr,
                           double *secs)
{
    sky_plan_request q;
    sky_route *route = NULL;
    sky_error err;
    sky_status rc;
    double t0;
    char a[64], b[64];
    (void)eng;
    snprintf(a, sizeof a, "LH-VP-%03zu", r->from + 1);
    snprintf(b, sizeof b, "LH-VP-%03zu", r->to + 1);
    sky_plan_request_init(&q);
    q.from_id = a;
    q.to_id = b;
    q.clearance_m = clr;
    q.depart_unix = r->depart;
    q.rules.accept_conditional = 0;
    t0 = now();
    rc = sky_plan(p, &q, &route, &err);
    *secs = now() - t0;
    sky_route_free(route);
    return rc;
}

/* One planner: a warm-up pass (builds its free spaces), then the timed pass. */
static void *run(void *arg)
{
    job *j = arg;
    sky_planner *p = NULL;
    sky_error err;
    double t0;
    if (sky_planner_new(j->eng, &p, &err) != SKY_OK)
        return NULL;
    for (size_t i = j->from; i < j->to; i++)
        plan_one(p, j->eng, &j->reqs[i], j->clearance, &j->times[i]);
    t0 = now();
    for (size_t i = j->from; i < j->to; i++) {
        sky_status rc = plan_one(p, j->eng, &j->reqs[i], j->clearance, &j->times[i]);
        if (rc == SKY_OK)
            j->ok++;
        else if (rc >= 200 && rc < 300)
            j->blocked++;
        else
            j->other++;
    }
    j->wall = now() - t0;
    sky_planner_free(p);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *db = "share/skylane/luohu.sqlite";
    size_t nq = 2000, npads;
    double clearance = 30.0, t0, open_s, warm_s, w1, w2, okp50, okp99, okmax;
    int threads = 2;
    uint64_t s = 0x9E3779B97F4A7C15ull;
    sky_engine *eng = NULL;
    sky_error err;
    req *reqs;
    double *times, *sorted;
    pthread_t th[16];
    job jobs[16], single;
    struct rusage ru;

    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--db") == 0 && a + 1 < argc)
            db = argv[++a];
        else if (strcmp(argv[a], "--queries") == 0 && a + 1 < argc)
            nq = (size_t)strtoul(argv[++a], NULL, 10);
        else if (strcmp(argv[a], "--clearance") == 0 && a + 1 < argc)
            clearance = strtod(argv[++a], NULL);
        else if (strcmp(argv[a], "--threads") == 0 && a + 1 < argc)
            threads = (int)strtol(argv[++a], NULL, 10);
        else {
            printf("usage: bench_plan [--db FILE] [--queries N] [--clearance M] "
                   "[--threads N]\n");
            return strcmp(argv[a], "--help") == 0 ? 0 : 2;
        }
    }
    if (threads < 1 || threads > 16)
        threads = 2;
    t0 = now();
    if (sky_engine_open(db, &eng, &err) != SKY_OK) {
        fprintf(stderr, "bench_plan: %s: %s\n", db, err.message);
        return 1;
    }
    open_s = now() - t0;
    npads = sky_engine_count(eng, SKY_LAYER_VERTIPORTS);
    reqs = calloc(nq, sizeof *reqs);
    times = calloc(nq, sizeof *times);
    sorted = calloc(nq, sizeof *sorted);
    for (size_t i = 0; i < nq; i++) { /* xorshift: the same requests every run */
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        reqs[i].from = (size_t)(s % npads);
        reqs[i].to = (size_t)((s >> 20) % npads);
        /* 2026-06-15 local midnight + a random time of day */
        reqs[i].depart = 1781452800 - 8 * 3600 + (int64_t)((s >> 40) % 86400);
    }
    /* one planner: the first pass builds each blocking set's free space (preparation) */
    {
        sky_planner *p = NULL;
        sky_planner_new(eng, &p, &err);
        t0 = now();
        for (size_t i = 0; i < nq; i++)
            plan_one(p, eng, &reqs[i], clearance, &times[i]);
        warm_s = now() - t0;
        sky_planner_free(p);
    }
    single = (job){eng, reqs, 0, nq, clearance, times, 0, 0, 0, 0};
    run(&single);
    w1 = single.wall;
    /* p50 / p99 over the requests that found a route (refusals return in a few us) */
    {
        size_t k = 0;
        sky_planner *p = NULL;
        sky_planner_new(eng, &p, &err);
        for (size_t i = 0; i < nq; i++) { /* warm */
            double t;
            plan_one(p, eng, &reqs[i], clearance, &t);
        }
        for (size_t i = 0; i < nq; i++) {
            double t;
            if (plan_one(p, eng, &reqs[i], clearance, &t) == SKY_OK)
                sorted[k++] = t;
        }
        sky_planner_free(p);
        qsort(sorted, k, sizeof *sorted, cmp_d);
        okp50 = k ? sorted[k / 2] : 0;
        okp99 = k ? sorted[(size_t)((double)k * 0.99)] : 0;
        okmax = k ? sorted[k - 1] : 0;
    }
    memcpy(sorted, times, nq * sizeof *sorted);
    qsort(sorted, nq, sizeof *sorted, cmp_d);
    for (int k = 0; k < threads; k++) {
        jobs[k] = (job){eng, reqs, nq * (size_t)k / (size_t)threads,
                        nq * (size_t)(k + 1) / (size_t)threads, clearance, times, 0, 0, 0, 0};
        pthread_create(&th[k], NULL, run, &jobs[k]);
    }
    w2 = 0;
    for (int k = 0; k < threads; k++) {
        pthread_join(th[k], NULL);
        w2 = w2 > jobs[k].wall ? w2 : jobs[k].wall;
    }
    getrusage(RUSAGE_SELF, &ru);
    printf("bench_plan: %s, %zu pads, %zu zones; clearance %.0f m; %zu random pad pairs at "
           "random times of 2026-06-15\n",
           db, npads, sky_engine_count(eng, SKY_LAYER_ZONES), clearance, nq);
    printf("  engine open %.3f s; first pass (builds each blocking set's free space) %.3f s\n",
           open_s, warm_s);
    printf("  all requests: p50 %.1f us, p99 %.1f us (%zu routes; %zu refused with a 2xx "
           "answer: pads inside or near zones that block without a permit)\n",
           sorted[nq / 2] * 1e6, sorted[(size_t)((double)nq * 0.99)] * 1e6, single.ok,
           single.blocked);
    printf("  requests with a route: p50 %.1f us, p99 %.1f us, max %.1f us\n", okp50 * 1e6,
           okp99 * 1e6, okmax * 1e6);
    printf("  %d threads: %.2fx one thread's throughput; peak RSS %ld MiB\n", threads,
           w1 / w2, ru.ru_maxrss / 1024);
    /* a 10-stop sightseeing loop in the optimised order (90 legs planned, Held-Karp) */
    {
        static const char *const stops[10] = {"LH-VP-003", "LH-VP-019", "LH-VP-013",
                                              "LH-VP-016", "LH-VP-014", "LH-VP-020",
                                              "LH-VP-017", "LH-VP-018", "LH-VP-012",
                                              "LH-VP-011"};
        double tt[7];
        sky_planner *p = NULL;
        sky_planner_new(eng, &p, &err);
        for (int k = 0; k < 7; k++) {
            sky_tour_request t;
            sky_route *r = NULL;
            sky_tour_request_init(&t);
            t.stops = stops;
            t.nstops = 10;
            t.loop = 1;
            t.optimize_order = 1;
            t.leg.profile = "sightseeing-evtol";
            t.leg.clearance_m = 15;
            t.leg.rules.accept_conditional = 1;
            t.leg.depart_unix = 1781485200; /* 2026-06-15T09:00+08:00 */
            t0 = now();
            if (sky_plan_tour(p, &t, &r, &err) != SKY_OK)
                fprintf(stderr, "bench_plan: tour: %s\n", err.message);
            tt[k] = now() - t0;
            sky_route_free(r);
        }
        sky_planner_free(p);
        /* the first run also builds the free spaces; the median of the other six */
        qsort(tt + 1, 6, sizeof tt[0], cmp_d);
        printf("  10-stop optimised loop tour: first %.1f ms, then median %.1f ms (min %.1f, "
               "max %.1f)\n",
               tt[0] * 1e3, 0.5 * (tt[3] + tt[4]) * 1e3, tt[1] * 1e3, tt[6] * 1e3);
    }
    free(reqs);
    free(times);
    free(sorted);
    sky_engine_free(eng);
    return 0;
}
