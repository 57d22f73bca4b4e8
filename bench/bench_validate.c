/*
 * bench_validate.c - validation figures: route segments validated per second on the r5000
 * map of the shared nfz-scenario benchmarks (its 5,000 obstacles placed as PROHIBITED zones
 * around lon 114.1, lat 22.55 through PROJ's inverse transverse Mercator), and a pairwise
 * check of 1,000 random corridors in the Luohu extent on the embedded Luohu database, and one
 * long zigzag route (its legs never overlap: the self-overlap check must not be quadratic).
 * Prints the median, minimum and maximum of several runs; never fails on timing.
 *
 * usage: bench_validate MAP.json LUOHU.sqlite [TMPDIR]
 *   MAP.json: /usr/bin/python3 gen_scenarios.py --out /tmp/maps --only r5000 (python3-shapely)
 */
#define _POSIX_C_SOURCE 200809L

#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <proj.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "skylane.h"

#define CENTER_LON 114.1
#define CENTER_LAT 22.55
#define RUNS 5
#define TARGET_SEGMENTS_PER_S 50000.0
#define TARGET_CORRIDORS_S 1.0
#define NCORRIDORS 1000
#define LEG_M 250.0
#define ZIGZAG_POINTS 100000
#define ZIGZAG_RUNS 3
#define ZIGZAG_STEP_M 0.2    /* east between points */
#define ZIGZAG_AMPL_M 20.0   /* north-south swing */

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* A small deterministic generator (xorshift64*), uniform in [0, 1). */
static uint64_t rng_state = 88172645463325252ull;
static void rng_seed(uint64_t s)
{
    rng_state = s ? s : 1;
}
static double rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double)((rng_state * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void stats(const char *what, double *v, int n, double scale, const char *unit)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    printf("%-40s median %.3f %s (min %.3f, max %.3f) over %d runs\n", what, v[n / 2] * scale,
           unit, v[0] * scale, v[n - 1] * scale, n);
}

static int die(const char *what, const sky_error *err)
{
    char line[1024];
    fprintf(stderr, "bench_validate: %s: %s\n", what,
            err ? sky_error_format(err, line, sizeof line) : "failed");
    return 1;
}

/* The options every route figure validates with: 60 m AGL, a fixed departure, the eVTOL. */
static void route_opts(sky_validate_opts *o)
{
    sky_validate_opts_init(o);
    o->has_altitude = 1;
    o->altitude_m = 60;
    o->has_depart = 1;
    o->depart_unix = 1781500000;
    o->profile = "sightseeing-evtol";
}

/* A growable text buffer (bench-local; the library's is internal). */
typedef struct text {
    char *s;
    size_t n, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    int k;
    for (;;) {
        va_start(ap, fmt);
        k = vsnprintf(t->s + t->n, t->cap - t->n, fmt, ap);
        va_end(ap);
        if (k >= 0 && (size_t)k < t->cap - t->n)
            break;
        t->cap = t->cap ? 2 * t->cap : 1 << 20;
        t->s = realloc(t->s, t->cap);
        if (t->s == NULL) {
            fprintf(stderr, "out of memory\n");
            exit(3);
        }
    }
    t->n += (size_t)k;
}

static PJ *plane(PJ_CONTEXT *ctx)
{
    char def[256];
    PJ *p;
    snprintf(def, sizeof def,
             "+proj=tmerc +lat_0=%.6f +lon_0=%.6f +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m",
             CENTER_LAT, CENTER_LON);
    p = proj_create(ctx, def);
    if (p == NULL) {
        fprintf(stderr, "bench_validate: PROJ cannot make the plane\n");
        exit(3);
    }
    return p;
}

/* Map metres of the 20 km square (centred on its middle) to lon/lat. */
static sky_lonlat to_ll(PJ *p, double x, double y)
{
    PJ_COORD c = proj_coord(x - 10000.0, y - 10000.0, 0, 0);
    sky_lonlat r;
    c = proj_trans(p, PJ_INV, c);
    r.lon = proj_todeg(c.lp.lam);
    r.lat = proj_todeg(c.lp.phi);
    return r;
}

static int bench_routes(const char *map, const char *tmp)
{
    json_object *root = json_object_from_file(map), *obst, *queries;
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *p;
    text t = {NULL, 0, 0};
    char db[600];
    sky_store *st = NULL;
    sky_engine *eng = NULL;
    sky_planner *pl = NULL;
    sky_error err;
    sky_source src;
    sky_validate_opts o;
    sky_lonlat **routes;
    size_t *nroute, nq, segs = 0, findings = 0;
    double secs[RUNS];

    if (root == NULL) {
        fprintf(stderr, "bench_validate: cannot read %s (generate it: /usr/bin/python3 "
                        "gen_scenarios.py --out /tmp/maps --only r5000)\n", map);
        return 2;
    }
    proj_context_set_enable_network(ctx, 0);
    p = plane(ctx);
    obst = json_object_object_get(root, "obstacles");
    queries = json_object_object_get(root, "queries");
    put(&t, "{\"type\":\"FeatureCollection\",\"features\":[");
    for (size_t i = 0; i < json_object_array_length(obst); i++) {
        json_object *rings = json_object_object_get(json_object_array_get_idx(obst, i), "rings");
        put(&t, "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"B-%zu\",\"restriction\":"
                "\"PROHIBITED\",\"lower_m\":0,\"upper_m\":1000,\"vertical_reference\":\"AMSL\"},"
                "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[",
            i ? "," : "", i);
        for (size_t r = 0; r < json_object_array_length(rings); r++) {
            json_object *ring = json_object_array_get_idx(rings, r);
            put(&t, "%s[", r ? "," : "");
            for (size_t k = 0; k < json_object_array_length(ring); k++) {
                json_object *xy = json_object_array_get_idx(ring, k);
                sky_lonlat ll = to_ll(p, json_object_get_double(json_object_array_get_idx(xy, 0)),
                                      json_object_get_double(json_object_array_get_idx(xy, 1)));
                put(&t, "%s[%.9f,%.9f]", k ? "," : "", ll.lon, ll.lat);
            }
            put(&t, "]");
        }
        put(&t, "]}}");
    }
    put(&t, "]}");
    snprintf(db, sizeof db, "%s/bench_validate-%ld.sqlite", tmp, (long)getpid());
    unlink(db);
    src.name = "r5000 zones";
    src.data = t.s;
    src.len = t.n;
    sky_error_init(&err);
    if (sky_store_open(db, SKY_STORE_CREATE, &st, &err) != SKY_OK ||
        sky_store_import_sources(st, &src, 1, NULL, NULL, &err) != SKY_OK)
        return die("import", &err);
    sky_store_close(st);
    free(t.s);
    if (sky_engine_open(db, &eng, &err) != SKY_OK || sky_planner_new(eng, &pl, &err) != SKY_OK)
        return die("open", &err);
    /* routes: each query's start -> goal as a polyline of ~250 m legs, jittered 20 m */
    nq = json_object_array_length(queries);
    routes = calloc(nq, sizeof *routes);
    nroute = calloc(nq, sizeof *nroute);
    rng_seed(7);
    for (size_t i = 0; i < nq; i++) {
        json_object *q = json_object_array_get_idx(queries, i);
        json_object *s = json_object_object_get(q, "start"), *g = json_object_object_get(q, "goal");
        double x0 = json_object_get_double(json_object_array_get_idx(s, 0));
        double y0 = json_object_get_double(json_object_array_get_idx(s, 1));
        double x1 = json_object_get_double(json_object_array_get_idx(g, 0));
        double y1 = json_object_get_double(json_object_array_get_idx(g, 1));
        size_t n = (size_t)ceil(hypot(x1 - x0, y1 - y0) / LEG_M) + 1;
        if (n < 2)
            n = 2;
        routes[i] = calloc(n, sizeof **routes);
        nroute[i] = n;
        for (size_t k = 0; k < n; k++) {
            double f = (double)k / (double)(n - 1);
            double jx = (k == 0 || k == n - 1) ? 0 : 40 * (rng() - 0.5);
            double jy = (k == 0 || k == n - 1) ? 0 : 40 * (rng() - 0.5);
            routes[i][k] = to_ll(p, x0 + f * (x1 - x0) + jx, y0 + f * (y1 - y0) + jy);
        }
        segs += n - 1;
    }
    route_opts(&o);
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        findings = 0;
        for (size_t i = 0; i < nq; i++) {
            sky_validation *v = NULL;
            if (sky_validate_route(pl, routes[i], NULL, nroute[i], SKY_HEIGHT_AGL, &o, &v,
                                   &err) != SKY_OK)
                return die("validate", &err);
            findings += v->nerrors + v->nwarnings;
            sky_validation_free(v);
        }
        secs[r] = now() - t0;
    }
    printf("r5000: %zu zones, %zu routes, %zu segments, %zu findings per run\n",
           sky_engine_count(eng, SKY_LAYER_ZONES), nq, segs, findings);
    for (int r = 0; r < RUNS; r++)
        secs[r] = (double)segs / secs[r];
    stats("validation throughput", secs, RUNS, 1.0, "segments/s");
    printf("  target >= %.0f segments/s on one core\n", TARGET_SEGMENTS_PER_S);
    for (size_t i = 0; i < nq; i++)
        free(routes[i]);
    free(routes);
    free(nroute);
    sky_planner_free(pl);
    sky_engine_free(eng);
    unlink(db);
    proj_destroy(p);
    proj_context_destroy(ctx);
    json_object_put(root);
    return 0;
}

static int bench_corridors(const char *luohu)
{
    text t = {NULL, 0, 0};
    sky_engine *eng = NULL;
    sky_planner *pl = NULL;
    sky_error err;
    sky_validate_opts o;
    double secs[3];
    size_t errors = 0, seps = 0;

    rng_seed(11);
    put(&t, "{\"type\":\"FeatureCollection\",\"features\":[");
    for (int i = 0; i < NCORRIDORS; i++) {
        double lon = 114.08 + 0.14 * rng(), lat = 22.53 + 0.07 * rng();
        double az = 2 * M_PI * rng(), w = 20 + 40 * rng();
        double lo = 30 + 10 * floor(8 * rng());
        int nv = 2 + (int)(3 * rng());
        put(&t, "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"K-%d\",\"width_m\":%.1f,"
                "\"lower_m\":%.0f,\"upper_m\":%.0f,\"vertical_reference\":\"AGL\","
                "\"direction\":\"two-way\"},\"geometry\":{\"type\":\"LineString\","
                "\"coordinates\":[",
            i ? "," : "", i, w, lo, lo + 20);
        for (int k = 0; k < nv; k++) {
            put(&t, "%s[%.6f,%.6f]", k ? "," : "", lon, lat);
            az += 0.6 * (rng() - 0.5);
            lon += 800 * cos(az) / (111320.0 * cos(CENTER_LAT * M_PI / 180));
            lat += 800 * sin(az) / 111320.0;
        }
        put(&t, "]}}");
    }
    put(&t, "]}");
    sky_error_init(&err);
    if (sky_engine_open(luohu, &eng, &err) != SKY_OK || sky_planner_new(eng, &pl, &err) != SKY_OK)
        return die("open Luohu", &err);
    sky_validate_opts_init(&o);
    o.has_depart = 1;
    o.depart_unix = 1781500000;
    for (int r = 0; r < 3; r++) {
        sky_validation *v = NULL;
        double t0 = now();
        if (sky_check_corridors(pl, t.s, t.n, "random corridors", &o, &v, &err) != SKY_OK)
            return die("corridors", &err);
        secs[r] = now() - t0;
        errors = v->nerrors;
        seps = 0;
        for (size_t k = 0; k < v->checks[0].nfindings; k++)
            seps += v->checks[0].findings[k].code == SKY_FIND_SEPARATION;
        sky_validation_free(v);
    }
    printf("corridors: %d in the Luohu extent, %zu errors, %zu separation conflicts\n",
           NCORRIDORS, errors, seps);
    stats("corridor set check (zones, terrain, pairs)", secs, 3, 1.0, "s");
    printf("  target <= %.1f s\n", TARGET_CORRIDORS_S);
    free(t.s);
    sky_planner_free(pl);
    sky_engine_free(eng);
    return 0;
}

/* One zigzag route of npts points in the Luohu extent, validated whole (all checks). */
static int bench_zigzag(const char *luohu, size_t npts)
{
    sky_engine *eng = NULL;
    sky_planner *pl = NULL;
    sky_error err;
    sky_validate_opts o;
    sky_lonlat *pts = calloc(npts, sizeof *pts);
    double secs[ZIGZAG_RUNS], m_lon = 111320.0 * cos(CENTER_LAT * M_PI / 180);
    size_t geometry = 0;
    char what[64];

    if (pts == NULL) {
        fprintf(stderr, "out of memory\n");
        return 3;
    }
    for (size_t k = 0; k < npts; k++) {
        pts[k].lon = 114.10 + (double)k * ZIGZAG_STEP_M / m_lon;
        pts[k].lat = 22.55 + (k % 2 ? ZIGZAG_AMPL_M / 111320.0 : 0.0);
    }
    sky_error_init(&err);
    if (sky_engine_open(luohu, &eng, &err) != SKY_OK || sky_planner_new(eng, &pl, &err) != SKY_OK)
        return die("open Luohu", &err);
    route_opts(&o);
    for (int r = 0; r < ZIGZAG_RUNS; r++) {
        sky_validation *v = NULL;
        double t0 = now();
        if (sky_validate_route(pl, pts, NULL, npts, SKY_HEIGHT_AGL, &o, &v, &err) != SKY_OK)
            return die("validate zigzag", &err);
        secs[r] = now() - t0;
        geometry = 0;
        for (size_t k = 0; k < v->checks[0].nfindings; k++)
            geometry += v->checks[0].findings[k].code == SKY_FIND_GEOMETRY;
        sky_validation_free(v);
    }
    printf("zigzag: one route of %zu points (%.1f m steps, %.0f m swing), %zu GEOMETRY "
           "findings\n", npts, ZIGZAG_STEP_M, ZIGZAG_AMPL_M, geometry);
    snprintf(what, sizeof what, "zigzag route validation, %zu points", npts);
    stats(what, secs, ZIGZAG_RUNS, 1.0, "s");
    free(pts);
    sky_planner_free(pl);
    sky_engine_free(eng);
    return 0;
}

int main(int argc, char **argv)
{
    int rc;
    if (argc < 3) {
        fprintf(stderr, "usage: bench_validate MAP.json LUOHU.sqlite [TMPDIR]\n");
        return 2;
    }
    rc = bench_routes(argv[1], argc > 3 ? argv[3] : "/tmp");
    if (rc == 0)
        rc = bench_corridors(argv[2]);
    if (rc == 0)
        rc = bench_zigzag(argv[2], 20000);
    if (rc == 0)
        rc = bench_zigzag(argv[2], ZIGZAG_POINTS);
    return rc;
}
