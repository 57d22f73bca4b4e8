/*
 * bench_store.c - store import and engine load figures for a large synthetic zones layer.
 *
 * Generates in memory a native-GeoJSON FeatureCollection of N zones (default 10,000; about
 * 10 vertices each) scattered over a ~20 km x 20 km box around lon 114.1, lat 22.55, then for
 * each of R runs: deletes the scratch database, times sky_store_open(CREATE) +
 * sky_store_import_sources() + sky_store_close() ("import"), then times sky_engine_open()
 * ("open and load all zones"). Prints median / min / max of each, the vertex count, the input
 * size, the peak RSS and the targets. Figures, not pass/fail: a slow timing never makes the
 * program exit non-zero; only a library error or a wrong count does.
 *
 * A client of the public API only (skylane.h).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "skylane.h"

#define TARGET_IMPORT_S 2.0
#define TARGET_LOAD_S 0.5

#define CENTER_LON 114.1
#define CENTER_LAT 22.55
#define BOX_M 20000.0
#define M_PER_DEG_LAT 111320.0

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* --- deterministic PRNG: splitmix64 seeding xoshiro256** ---------------------------------- */

typedef struct prng {
    uint64_t s[4];
} prng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void prng_seed(prng *p, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        p->s[i] = splitmix64(&seed);
}

static uint64_t rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t prng_next(prng *p)
{
    uint64_t *s = p->s;
    uint64_t result = rotl64(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return result;
}

/* uniform in [0, 1) */
static double prng_unit(prng *p)
{
    return (double)(prng_next(p) >> 11) * 0x1.0p-53;
}

static double prng_range(prng *p, double lo, double hi)
{
    return lo + (hi - lo) * prng_unit(p);
}

/* --- a growable text buffer ---------------------------------------------------------------- */

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static void buf_reserve(buf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 1 << 16;
    while (b->len + more + 1 > cap)
        cap *= 2;
    char *np = realloc(b->p, cap);
    if (np == NULL) {
        fprintf(stderr, "bench_store: out of memory\n");
        exit(2);
    }
    b->p = np;
    b->cap = cap;
}

static void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    buf_reserve(b, 256); /* most pieces fit: format once, straight into the buffer */
    va_start(ap, fmt);
    n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
        fprintf(stderr, "bench_store: formatting failed\n");
        exit(2);
    }
    if ((size_t)n >= b->cap - b->len) { /* truncated: grow and format again */
        buf_reserve(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

/* --- the synthetic zones layer ------------------------------------------------------------- */

static const char *const RESTRICTIONS[3] = {"PROHIBITED", "REQ_AUTHORISATION", "CONDITIONAL"};

/*
 * Each zone is a star-shaped polygon around its centre: k vertices (8-12) at strictly
 * increasing angles (one jittered angle per equal sector, so they never cross) and radii in
 * [0.5 R, R]. A polygon whose vertices are ordered by angle around an interior point with
 * positive radii is simple, and increasing angles make the ring counter-clockwise. The ring is
 * closed by repeating the first vertex. Coordinates are rounded to 7 decimals (~1 cm), far
 * below the spacing of neighbouring vertices, so rounding cannot create a crossing.
 */
static size_t gen_zones(buf *b, size_t nzones, uint64_t seed)
{
    prng p;
    size_t vertices = 0;
    const double cos_lat = cos(CENTER_LAT * M_PI / 180.0);
    const double m_per_deg_lon = M_PER_DEG_LAT * cos_lat;

    prng_seed(&p, seed);
    buf_printf(b, "{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (size_t i = 0; i < nzones; i++) {
        double cx = prng_range(&p, -BOX_M / 2, BOX_M / 2);   /* metres east of centre */
        double cy = prng_range(&p, -BOX_M / 2, BOX_M / 2);   /* metres north of centre */
        double rmax = prng_range(&p, 40.0, 250.0);           /* radius of the zone, metres */
        int k = 8 + (int)(prng_next(&p) % 5u);               /* 8..12 vertices */
        double phase = prng_range(&p, 0.0, 2.0 * M_PI);
        double first_lon = 0, first_lat = 0;

        buf_printf(b,
                   "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"B-Z-%05zu\","
                   "\"restriction\":\"%s\",\"lower_m\":0,\"upper_m\":120,"
                   "\"vertical_reference\":\"AGL\"},"
                   "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[",
                   i ? ",\n" : "", i, RESTRICTIONS[i % 3]);
        for (int j = 0; j < k; j++) {
            double sector = 2.0 * M_PI / k;
            double a = phase + sector * (j + prng_range(&p, 0.1, 0.9));
            double r = rmax * prng_range(&p, 0.5, 1.0);
            double lon = CENTER_LON + (cx + r * cos(a)) / m_per_deg_lon;
            double lat = CENTER_LAT + (cy + r * sin(a)) / M_PER_DEG_LAT;
            if (j == 0) {
                first_lon = lon;
                first_lat = lat;
            }
            buf_printf(b, "%s[%.7f,%.7f]", j ? "," : "", lon, lat);
        }
        buf_printf(b, ",[%.7f,%.7f]]]}}", first_lon, first_lat);
        vertices += (size_t)k + 1; /* closed ring: the first position repeated */
    }
    buf_printf(b, "\n]}\n");
    return vertices;
}

/* --- timing and statistics ----------------------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct stats {
    double median, min, max;
} stats;

static stats summarise(const double *v, size_t n)
{
    stats s = {0, 0, 0};
    double *t;
    if (n == 0)
        return s;
    t = malloc(n * sizeof *t);
    if (t == NULL) {
        fprintf(stderr, "bench_store: out of memory\n");
        exit(2);
    }
    memcpy(t, v, n * sizeof *t);
    qsort(t, n, sizeof *t, cmp_double);
    s.min = t[0];
    s.max = t[n - 1];
    s.median = n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
    free(t);
    return s;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return -1;
    return ru.ru_maxrss; /* KiB on Linux */
}

/* --- command line -------------------------------------------------------------------------- */

static void usage(FILE *f, const char *argv0)
{
    fprintf(f,
            "usage: %s [--zones N] [--runs N] [--db PATH] [--json] [--help]\n"
            "\n"
            "Times importing a synthetic native-GeoJSON zones layer into a fresh skylane store\n"
            "(sky_store_open(CREATE) + sky_store_import_sources() + close) and opening it as an\n"
            "engine (sky_engine_open(), loading every zone).\n"
            "\n"
            "  --zones N   zones to generate (default 10000, about 10 vertices each)\n"
            "  --runs N    repetitions (default 5); median, min and max are reported\n"
            "  --db PATH   scratch database, deleted before every run\n"
            "              (default /tmp/skylane_bench_store_<pid>.sqlite, removed at the end)\n"
            "  --json      print one JSON object with the figures instead of text\n"
            "  --help      this text\n"
            "\n"
            "Targets for 10000 zones: import <= %.1f s, open and load all zones <= %.1f s.\n"
            "Timings are figures, not pass/fail: a slow run does not change the exit status.\n",
            argv0, TARGET_IMPORT_S, TARGET_LOAD_S);
}

static int parse_count(const char *opt, const char *s, size_t *out)
{
    char *end;
    unsigned long long v;
    if (s == NULL) {
        fprintf(stderr, "bench_store: %s needs a value\n", opt);
        return 0;
    }
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v == 0 || v > 10000000ULL || s[0] == '-') {
        fprintf(stderr, "bench_store: %s: expected a positive whole number, not \"%s\"\n", opt,
                s);
        return 0;
    }
    *out = (size_t)v;
    return 1;
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void remove_db(const char *path)
{
    /* the store is a single SQLite file; remove journals a crashed run may have left too */
    char side[4096];
    static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
        if (unlink(side) != 0 && errno != ENOENT)
            fprintf(stderr, "bench_store: warning: cannot remove %s: %s\n", side,
                    strerror(errno));
    }
}

static void fail(const char *what, sky_status rc, const sky_error *err)
{
    char line[1024];
    fprintf(stderr, "bench_store: %s failed: %s (%d): %s\n", what, sky_status_str(rc), (int)rc,
            sky_error_format(err, line, sizeof line));
}

int main(int argc, char **argv)
{
    size_t nzones = 10000, runs = 5;
    const char *db = NULL;
    char default_db[256];
    int as_json = 0, own_db = 0, status = 0;
    buf in = {NULL, 0, 0};
    size_t in_vertices;
    double *t_import, *t_load;
    size_t eng_vertices = 0, eng_zones = 0, done = 0;
    double t_gen;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout, argv[0]);
            return 0;
        } else if (strcmp(a, "--zones") == 0) {
            if (!parse_count(a, i + 1 < argc ? argv[++i] : NULL, &nzones))
                return 2;
        } else if (strcmp(a, "--runs") == 0) {
            if (!parse_count(a, i + 1 < argc ? argv[++i] : NULL, &runs))
                return 2;
        } else if (strcmp(a, "--db") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '\0') {
                fprintf(stderr, "bench_store: --db needs a path\n");
                return 2;
            }
            db = argv[++i];
        } else if (strcmp(a, "--json") == 0) {
            as_json = 1;
        } else {
            fprintf(stderr, "bench_store: unknown option \"%s\"\n", a);
            usage(stderr, argv[0]);
            return 2;
        }
    }
    if (nzones > 99999) /* ids are B-Z-%05d; wider ids stay unique, just longer */
        fprintf(stderr, "bench_store: note: %zu zones: ids past B-Z-99999 get more digits\n",
                nzones);
    if (db == NULL) {
        snprintf(default_db, sizeof default_db, "/tmp/skylane_bench_store_%ld.sqlite",
                 (long)getpid());
        db = default_db;
        own_db = 1;
    }
    if (sky_version_number() != SKY_VERSION_NUMBER)
        fprintf(stderr, "bench_store: warning: header %ld, library %ld\n",
                (long)SKY_VERSION_NUMBER, sky_version_number());

    t_gen = now_s();
    in_vertices = gen_zones(&in, nzones, UINT64_C(0x5C71A4E2024B0001));
    t_gen = now_s() - t_gen;

    t_import = calloc(runs, sizeof *t_import);
    t_load = calloc(runs, sizeof *t_load);
    if (t_import == NULL || t_load == NULL) {
        fprintf(stderr, "bench_store: out of memory\n");
        return 2;
    }

    if (!as_json)
        printf("bench_store: %zu zones, %zu vertices, %zu bytes of GeoJSON (generated in "
               "%.3f s), %zu run%s, db %s\n",
               nzones, in_vertices, in.len, t_gen, runs, runs == 1 ? "" : "s", db);

    for (size_t r = 0; r < runs; r++) {
        sky_error err;
        sky_store *st = NULL;
        sky_engine *eng = NULL;
        sky_import_stats ist;
        sky_source src = {"<bench zones>", in.p, in.len};
        sky_status rc;
        double t0;

        remove_db(db);
        sky_error_init(&err);
        t0 = now_s();
        rc = sky_store_open(db, SKY_STORE_CREATE, &st, &err);
        if (rc != SKY_OK) {
            fail("sky_store_open", rc, &err);
            status = 1;
            break;
        }
        rc = sky_store_import_sources(st, &src, 1, NULL, &ist, &err);
        sky_store_close(st);
        t_import[r] = now_s() - t0;
        if (rc != SKY_OK) {
            fail("sky_store_import_sources", rc, &err);
            status = 1;
            break;
        }
        if (ist.features[SKY_LAYER_ZONES] != nzones) {
            fprintf(stderr, "bench_store: import wrote %zu zones, expected %zu\n",
                    ist.features[SKY_LAYER_ZONES], nzones);
            status = 1;
        }

        sky_error_init(&err);
        t0 = now_s();
        rc = sky_engine_open(db, &eng, &err);
        t_load[r] = now_s() - t0;
        if (rc != SKY_OK) {
            fail("sky_engine_open", rc, &err);
            status = 1;
            break;
        }
        eng_zones = sky_engine_count(eng, SKY_LAYER_ZONES);
        eng_vertices = sky_engine_zone_vertices(eng);
        sky_engine_free(eng);
        if (eng_zones != nzones) {
            fprintf(stderr, "bench_store: engine loaded %zu zones, expected %zu\n", eng_zones,
                    nzones);
            status = 1;
        }
        done++;
        if (!as_json)
            printf("  run %zu: import %.3f s, open+load %.3f s\n", r + 1, t_import[r],
                   t_load[r]);
        fflush(stdout);
    }

    if (done > 0) {
        stats si = summarise(t_import, done), sl = summarise(t_load, done);
        long rss = peak_rss_kib();
        if (as_json) {
            printf("{\"benchmark\":\"bench_store\",\"library_version\":");
            json_string(stdout, sky_version_string());
            printf(",\"zones\":%zu,\"runs\":%zu,\"input_bytes\":%zu,\"input_vertices\":%zu,"
                   "\"engine_zones\":%zu,\"engine_zone_vertices\":%zu,\"db\":",
                   nzones, done, in.len, in_vertices, eng_zones, eng_vertices);
            json_string(stdout, db);
            printf(",\"import_s\":{\"median\":%.6f,\"min\":%.6f,\"max\":%.6f},"
                   "\"load_s\":{\"median\":%.6f,\"min\":%.6f,\"max\":%.6f},"
                   "\"target_import_s\":%.1f,\"target_load_s\":%.1f,"
                   "\"peak_rss_kib\":%ld,\"ok\":%s}\n",
                   si.median, si.min, si.max, sl.median, sl.min, sl.max, TARGET_IMPORT_S,
                   TARGET_LOAD_S, rss, status == 0 ? "true" : "false");
        } else {
            printf("\n");
            printf("  zones loaded            %zu\n", eng_zones);
            printf("  zone vertices (engine)  %zu (input %zu, closing positions included)\n",
                   eng_vertices, in_vertices);
            printf("  input size              %zu bytes\n", in.len);
            printf("  import                  median %.3f s  min %.3f s  max %.3f s   "
                   "(target <= %.1f s%s)\n",
                   si.median, si.min, si.max, TARGET_IMPORT_S,
                   nzones != 10000 || si.median <= TARGET_IMPORT_S ? "" : ", SLOWER");
            printf("  open and load all zones median %.3f s  min %.3f s  max %.3f s   "
                   "(target <= %.1f s%s)\n",
                   sl.median, sl.min, sl.max, TARGET_LOAD_S,
                   nzones != 10000 || sl.median <= TARGET_LOAD_S ? "" : ", SLOWER");
            printf("  peak RSS                %ld KiB\n", rss);
            if (nzones != 10000)
                printf("  (the targets are for 10000 zones)\n");
        }
    }

    if (own_db)
        remove_db(db);
    free(t_import);
    free(t_load);
    free(in.p);
    return status;
}
