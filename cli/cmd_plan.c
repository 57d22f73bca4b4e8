/*
 * cmd_plan.c - skylane plan: the shortest route between two pads or points that keeps its
 * clearance from every blocking zone; and --batch, JSON lines in and out, planned on every
 * core with one planner per thread over one shared engine.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

void help_plan(FILE *out)
{
    fprintf(out,
            "usage: skylane plan [--db FILE] --from A --to B [--via P]... [options]\n"
            "                    [-o FILE | --geojson | --json]\n"
            "       skylane plan [--db FILE] --tour ID,ID,... [--loop] [--optimize-order]\n"
            "                    [options] [-o FILE | --geojson | --json]\n"
            "       skylane plan [--db FILE] --batch FILE [--threads N]\n\n"
            "The shortest route from A to B (a vertiport id or LON,LAT) around every zone that\n"
            "blocks the flight, keeping at least the clearance from each of them along every\n"
            "segment. Zones block by DOMAIN.md's rules at the nominal altitude: restriction\n"
            "and permits, schedule during the flight, band against the altitude.\n\n"
            "  --db FILE          the database (default: $SKYLANE_DB or the embedded set)\n"
            "  --from A, --to B   vertiport ids or LON,LAT in degrees\n"
            "  --via P            a point to pass, in order (repeatable)\n"
            "  --clearance M      horizontal margin from blocking zones (default 30)\n"
            "  --altitude M       nominal cruise altitude above ground (default 60)\n"
            "  --depart TIME      ISO 8601 with an offset (default: now)\n"
            "  --profile NAME     aircraft profile (default delivery-multicopter)\n" CLI_RULE_HELP
            "  -o FILE            write the route as GeoJSON to FILE\n"
            "  --geojson          write the route as GeoJSON to stdout\n"
            "  --json             print the plan as JSON on stdout\n"
            "  --tour IDS         a sightseeing tour: vertiport ids in order, comma-separated;\n"
            "                     each leg departs when the previous one lands\n"
            "  --loop             return to the first stop\n"
            "  --optimize-order   visit the stops in the order of least total duration\n"
            "                     (the first stop kept; exact for up to 12 stops)\n"
            "  --batch FILE       JSON lines in (id, from, to, via, depart, profile, clearance,\n"
            "                     altitude, permit, accept, accept_conditional; '-' for stdin),\n"
            "                     one JSON line out per request, in input order\n"
            "  --threads N        batch worker threads (default: every core)\n"
            "  -h, --help         show this help\n\n"
            "Exit codes: 0 a route, 1 no route (blocked origin or destination, enclosed\n"
            "destination, beyond range), 2 bad usage or input (unknown id, outside the\n"
            "airspace's extent).\n");
}

/* A vertiport id, or LON,LAT when the text parses as two numbers. */
static void parse_place(const char *s, const char **id, sky_lonlat *ll)
{
    char *end;
    double lon = strtod(s, &end), lat;
    *id = s;
    if (end != s && *end == ',') {
        lat = strtod(end + 1, &end);
        if (*end == '\0' && isfinite(lon) && isfinite(lat)) {
            *id = NULL;
            ll->lon = lon;
            ll->lat = lat;
        }
    }
}

static void print_summary(const sky_route *r, const sky_plan_request *req, const char *from,
                          const char *to)
{
    size_t n, na, ns;
    const sky_waypoint *w = sky_route_waypoints(r, &n);
    const char *const *av = sky_route_zones_avoided(r, &na);
    const char *const *st = sky_route_stops(r, &ns);
    double dur = sky_route_duration(r);
    char t0[40], t1[40];
    if (ns > 0) {
        printf("tour          ");
        for (size_t i = 0; i < ns; i++)
            printf("%s%s", i ? " -> " : " ", st[i]);
        printf("\n");
    } else {
        printf("route          %s -> %s\n", from, to);
    }
    printf("aircraft       %s at %g m AGL, clearance %g m\n",
           req->profile ? req->profile : "delivery-multicopter", req->altitude_m,
           req->clearance_m);
    printf("length         %.1f m (geodesic)\n", sky_route_length(r));
    {
        long long whole = (long long)fmin(ceil(dur), 9.0e15); /* the arrival is rounded up */
        printf("duration       %lld s (%lldm %02llds with climb and descent)\n", whole,
               whole / 60, whole % 60);
    }
    printf("depart/arrive  %s / %s\n", sky_format_time(req->depart_unix, 0, t0, sizeof t0),
           sky_format_time(req->depart_unix + (int64_t)ceil(dur), 0, t1, sizeof t1));
    if (ns == 0) {
        printf("zones avoided  ");
        for (size_t i = 0; i < na; i++)
            printf("%s%s", i ? ", " : "", av[i]);
        printf("%s\n", na ? "" : "none");
    }
    printf("margin kept    at least %g m from every blocking zone along every segment\n",
           req->clearance_m);
    printf("waypoints      %zu\n", n);
    for (size_t i = 0; i < n; i++)
        printf("  %3zu  %.7f, %.7f  %8.1f m  %6.1f m AMSL  %5.1f m AGL  eta %7.1f s\n", i,
               w[i].pos.lon, w[i].pos.lat, w[i].dist_m, w[i].alt_amsl_m, w[i].alt_agl_m,
               w[i].eta_s);
}

/* --- batch ---------------------------------------------------------------------------- */

typedef struct batch {
    const sky_engine *eng;
    char **lines;
    char **out;
    size_t n;
    int nthreads;
    int64_t now;
    int failed;               /* a planner could not be made */
    pthread_mutex_t lock;
    size_t next, done;
    int tty;
} batch;

static void *batch_worker(void *arg)
{
    batch *b = arg;
    sky_planner *pl = NULL;
    sky_error err;
    if (sky_planner_new(b->eng, &pl, &err) != SKY_OK) {
        pthread_mutex_lock(&b->lock);
        b->failed = 1;
        pthread_mutex_unlock(&b->lock);
        return NULL;
    }
    for (;;) {
        size_t i;
        pthread_mutex_lock(&b->lock);
        i = b->next++;
        pthread_mutex_unlock(&b->lock);
        if (i >= b->n)
            break;
        sky_plan_json(pl, b->lines[i], b->now, &b->out[i], NULL);
        pthread_mutex_lock(&b->lock);
        b->done++;
        if (b->tty && (b->done % 100 == 0 || b->done == b->n))
            fprintf(stderr, "\rskylane plan: %zu/%zu", b->done, b->n);
        pthread_mutex_unlock(&b->lock);
    }
    sky_planner_free(pl);
    return NULL;
}

#define BATCH_MAX_BYTES (256u * 1024u * 1024u) /* the input limit of DOMAIN.md */

static void free_lines(batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->lines[i]);
        if (b->out)
            sky_free(b->out[i]);
    }
    free(b->lines);
    free(b->out);
}

static int run_batch(const char *db, const char *path, int threads)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    batch b;
    char *line = NULL;
    size_t cap = 0, ncap = 0, total = 0, lineno = 0;
    ssize_t got;
    int code = CLI_OK, is_default, started = 0;
    pthread_t th[64];
    if (f == NULL) {
        fprintf(stderr, "skylane plan: %s: cannot read: %s\n", path, strerror(errno));
        return CLI_USAGE;
    }
    memset(&b, 0, sizeof b);
    errno = 0;
    while (code == CLI_OK && (got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        total += (size_t)got;
        if (total > BATCH_MAX_BYTES) {
            fprintf(stderr, "skylane plan: %s: over the %u-byte input limit\n", path,
                    BATCH_MAX_BYTES);
            code = CLI_USAGE;
            break;
        }
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (strlen(line) != (size_t)got) {
            fprintf(stderr, "skylane plan: %s: line %zu: a NUL byte inside the line\n", path,
                    lineno);
            code = CLI_USAGE;
            break;
        }
        if (got == 0)
            continue;
        if (b.n == ncap) {
            size_t nc = ncap ? 2 * ncap : 256;
            char **nl = realloc(b.lines, nc * sizeof *nl);
            if (nl == NULL) {
                code = CLI_ENV;
                break;
            }
            b.lines = nl;
            ncap = nc;
        }
        if ((b.lines[b.n] = strdup(line)) == NULL) {
            code = CLI_ENV;
            break;
        }
        b.n++;
    }
    if (code == CLI_OK && ferror(f)) {
        fprintf(stderr, "skylane plan: %s: cannot read: %s\n", path,
                errno ? strerror(errno) : "read error");
        code = errno == ENOMEM ? CLI_ENV : CLI_USAGE;
    }
    free(line);
    if (f != stdin)
        fclose(f);
    if (code == CLI_OK)
        b.eng = cli_open_engine("plan", db, &is_default, &code);
    if (code == CLI_OK && (b.out = calloc(b.n ? b.n : 1, sizeof *b.out)) == NULL)
        code = CLI_ENV;
    if (code != CLI_OK) {
        if (code == CLI_ENV)
            fprintf(stderr, "skylane plan: out of memory\n");
        free_lines(&b);
        sky_engine_free((sky_engine *)b.eng);
        return code;
    }
    b.now = (int64_t)time(NULL);
    b.tty = isatty(2);
    pthread_mutex_init(&b.lock, NULL);
    if (threads < 1)
        threads = 1;
    if (threads > 64)
        threads = 64;
    for (int k = 0; k < threads; k++) {
        if (pthread_create(&th[started], NULL, batch_worker, &b) != 0)
            break;
        started++;
    }
    if (started == 0) /* no thread: plan on this one */
        batch_worker(&b);
    for (int k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    if (b.tty && b.n)
        fputc('\n', stderr);
    for (size_t i = 0; i < b.n; i++)
        printf("%s\n", b.out[i] ? b.out[i] : "{\"status\":\"SKY_E_NOMEM\"}");
    free_lines(&b);
    pthread_mutex_destroy(&b.lock);
    sky_engine_free((sky_engine *)b.eng);
    if (b.failed) {
        fprintf(stderr, "skylane plan: a worker could not start its planner\n");
        return CLI_ENV;
    }
    return CLI_OK;
}

int cmd_plan(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},        {"via", required_argument, NULL, 'v'},
        {"clearance", required_argument, NULL, 'c'}, {"altitude", required_argument, NULL, 'a'},
        {"depart", required_argument, NULL, 'D'},    {"profile", required_argument, NULL, 'p'},
        {"output", required_argument, NULL, 'o'},    {"geojson", no_argument, NULL, 'g'},
        {"json", no_argument, NULL, 'j'},            {"batch", required_argument, NULL, 'b'},
        {"threads", required_argument, NULL, 'T'},   {"help", no_argument, NULL, 'h'},
        {"tour", required_argument, NULL, 'u'},      {"loop", no_argument, NULL, 'L'},
        {"optimize-order", no_argument, NULL, 'O'},
        CLI_RULE_OPTIONS,                            {NULL, 0, NULL, 0}};
    const char *db = NULL, *from = NULL, *to = NULL, *outpath = NULL, *batchfile = NULL;
    char *tour = NULL, *stops[64];
    size_t nstops = 0;
    int loop = 0, optimize = 0;
    int json = 0, geojson = 0, c, code, is_default, threads;
    sky_lonlat via[32];
    cli_rules rules;
    sky_plan_request req;
    sky_engine *eng;
    sky_planner *pl = NULL;
    sky_route *route = NULL;
    sky_error err;
    sky_status rc;
    double v;

    threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads > 64)
        threads = 64;
    cli_rules_init(&rules);
    sky_plan_request_init(&req);
    sky_error_init(&err);
    req.depart_unix = (int64_t)time(NULL);
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        int r = cli_shared_option("plan", &rules, c, optarg, &outpath);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        switch (c) {
        case 'd': db = optarg; break;
        case 'f': from = optarg; break;
        case 't': to = optarg; break;
        case 'v':
            if (req.nvia >= sizeof via / sizeof via[0])
                return cli_usage_error("plan", "too many --via points");
            if (cli_lonlat("plan", optarg, &via[req.nvia]))
                return CLI_USAGE;
            req.nvia++;
            break;
        case 'c':
            if (cli_number("plan", "--clearance", optarg, &v) || v < 0)
                return cli_usage_error("plan", "--clearance needs metres >= 0");
            req.clearance_m = v;
            break;
        case 'a':
            if (cli_number("plan", "--altitude", optarg, &v) || v < 0)
                return cli_usage_error("plan", "--altitude needs metres >= 0");
            req.altitude_m = v;
            break;
        case 'D':
            if ((r = cli_depart("plan", optarg, "--depart", &req.depart_unix)) != CLI_OK)
                return r;
            break;
        case 'p': req.profile = optarg; break;
        case 'j': json = 1; break;
        case 'b': batchfile = optarg; break;
        case 'u': tour = optarg; break;
        case 'L': loop = 1; break;
        case 'O': optimize = 1; break;
        case 'T':
            if (cli_number("plan", "--threads", optarg, &v) || v < 1 || v > 64)
                return cli_usage_error("plan", "--threads needs 1 to 64");
            threads = (int)v;
            break;
        case 'h': help_plan(stdout); return CLI_OK;
        default: return cli_usage_error("plan", "bad option");
        }
    }
    if (optind < argc)
        return cli_usage_error("plan", "unexpected argument '%s'", argv[optind]);
    if (batchfile != NULL)
        return run_batch(db, batchfile, threads);
    if (tour != NULL) {
        /* split the comma-separated ids in place */
        for (char *q = tour; q != NULL && *q != '\0';) {
            char *comma = strchr(q, ',');
            if (nstops == sizeof stops / sizeof stops[0])
                return cli_usage_error("plan", "too many tour stops");
            if (comma != NULL)
                *comma = '\0';
            if (*q != '\0')
                stops[nstops++] = q;
            q = comma ? comma + 1 : NULL;
        }
        if (nstops < 2)
            return cli_usage_error("plan", "--tour needs at least two vertiport ids");
        if (from != NULL || to != NULL)
            return cli_usage_error("plan", "--tour replaces --from and --to");
    } else if (loop || optimize) {
        return cli_usage_error("plan", "--loop and --optimize-order go with --tour");
    } else if (from == NULL || to == NULL) {
        return cli_usage_error("plan", "give --from and --to, or --tour");
    }
    geojson = outpath != NULL && strcmp(outpath, "-") == 0;
    if (json && geojson)
        return cli_usage_error("plan", "--json and --geojson both write to stdout");
    if (tour == NULL) {
        parse_place(from, &req.from_id, &req.from);
        parse_place(to, &req.to_id, &req.to);
    }
    req.via = via;
    req.rules = rules.rules;
    eng = cli_open_engine("plan", db, &is_default, &code);
    if (eng == NULL)
        return code;
    rc = sky_planner_new(eng, &pl, &err);
    if (rc == SKY_OK && tour != NULL) {
        sky_tour_request tr;
        sky_tour_request_init(&tr);
        tr.stops = (const char *const *)stops;
        tr.nstops = nstops;
        tr.loop = loop;
        tr.optimize_order = optimize;
        tr.leg = req;
        rc = sky_plan_tour(pl, &tr, &route, &err);
        from = stops[0];
        to = loop ? stops[0] : NULL;
    } else if (rc == SKY_OK) {
        rc = sky_plan(pl, &req, &route, &err);
    }
    if (rc == SKY_OK) {
        char *text = NULL;
        size_t len = 0;
        if (outpath != NULL) {
            rc = sky_route_to_geojson(route, &text, &len, &err);
            if (rc == SKY_OK) {
                int w = cli_write_file("plan", outpath, text, len);
                if (w != 0)
                    rc = w == -2 ? SKY_E_STORE : SKY_E_IO; /* exit 3 or 2, printed */
            }
            if (geojson && rc == SKY_OK)
                putchar('\n');
            sky_free(text);
            text = NULL;
        }
        if (rc == SKY_OK && json) {
            rc = sky_route_to_json(route, &text, &len, &err);
            if (rc == SKY_OK)
                printf("%s\n", text);
            sky_free(text);
        } else if (rc == SKY_OK && !geojson) {
            print_summary(route, &req, from, to);
            if (is_default)
                printf("%s\n", cli_luohu_note);
        }
    }
    if (rc == SKY_OK)
        code = CLI_OK;
    else if ((rc == SKY_E_IO || rc == SKY_E_STORE) && err.code != rc)
        code = rc == SKY_E_IO ? CLI_USAGE : CLI_ENV; /* a write failure, already printed */
    else
        code = cli_error("plan", &err);
    sky_route_free(route);
    sky_planner_free(pl);
    sky_engine_free(eng);
    return code;
}
