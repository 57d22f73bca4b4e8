/*
 * cmd_validate.c - skylane validate ROUTE: every segment of a route checked in 3D and time,
 * the findings explained as text, JSON or GeoJSON features; and the printing shared with
 * `skylane corridors check`. Exit 0 clean, 1 error findings, 2 bad usage or input.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

#define MAX_INPUT_BYTES (256u * 1024u * 1024u)

void help_validate(FILE *out)
{
    fprintf(out,
            "usage: skylane validate [--db FILE] [options] [rules] ROUTE\n\n"
            "Check a route segment by segment, in 3D and in time: incursions into zones\n"
            "that block at its altitude and time, the margin to them, the flight band over\n"
            "the terrain, range, ends at vertiports and its geometry. ROUTE is a GeoJSON\n"
            "file (a LineString, a Feature, a FeatureCollection of routes, or a planned\n"
            "route), '-' for stdin, or the id of a route stored in the database.\n\n"
            "  --db FILE          the database (default: $SKYLANE_DB or the embedded set)\n"
            "  --clearance M      horizontal margin to blocking zones (default 0: none)\n"
            "  --depart TIME      ISO 8601 with an offset (default: now)\n"
            "  --profile NAME     aircraft profile (default delivery-multicopter)\n"
            "  --altitude M       fly every point at M metres above ground (overrides the\n"
            "                     route's Z coordinates and altitude_m properties)\n" CLI_RULE_HELP
            "  --json             the findings as JSON on stdout\n"
            "  -o FILE            write the findings as GeoJSON features to FILE\n"
            "  --geojson          write the findings as GeoJSON to stdout\n"
            "  -h, --help         show this help\n\n"
            "Heights: --altitude, else Z coordinates (ellipsoidal, RFC 7946), else the\n"
            "altitude_m / altitude_ref properties (default AGL); otherwise the route is\n"
            "refused. Exit codes: 0 clean, 1 findings at error severity, 2 bad usage or\n"
            "unreadable input.\n");
}

/* Read a whole file ("-": stdin) into a new buffer; NULL after printing why. */
char *cli_read_input(const char *cmd, const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (f == NULL) {
        fprintf(stderr, "skylane %s: %s: cannot read: %s\n", cmd, path, strerror(errno));
        return NULL;
    }
    for (;;) {
        size_t got;
        if (cap - n < 65536) {
            char *nb;
            cap = cap ? 2 * cap : 1 << 20;
            nb = realloc(buf, cap + 1);
            if (nb == NULL) {
                fprintf(stderr, "skylane %s: %s: out of memory\n", cmd, path);
                break;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > MAX_INPUT_BYTES) {
            fprintf(stderr, "skylane %s: %s: larger than the %u byte limit\n", cmd, path,
                    MAX_INPUT_BYTES);
            break;
        }
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, "skylane %s: %s: cannot read: %s\n", cmd, path,
                        strerror(errno));
                break;
            }
            if (f != stdin)
                fclose(f);
            buf[n] = '\0';
            *len = n;
            return buf;
        }
    }
    if (f != stdin)
        fclose(f);
    free(buf);
    return NULL;
}

static void print_point(const char *what, const double p[3])
{
    if (isnan(p[0]))
        return;
    if (isfinite(p[2]))
        printf("      %s %.7f, %.7f at %.1f m AMSL\n", what, p[0], p[1], p[2]);
    else
        printf("      %s %.7f, %.7f\n", what, p[0], p[1]);
}

static void cli_print_validation(const sky_validation *v, const char *what)
{
    for (size_t i = 0; i < v->nchecks; i++) {
        const sky_check *c = &v->checks[i];
        char t0[40], t1[40];
        printf("%s %s", what, c->id ? c->id : "(no id)");
        if (c->index >= 0)
            printf(" (feature %ld)", c->index);
        if (!isnan(c->length_m))
            printf(": %.1f m, %.0f s, departing %s", c->length_m, c->duration_s,
                   sky_format_time(c->depart_unix, 0, t0, sizeof t0));
        printf("\n  %zu error%s, %zu warning%s\n", c->nerrors, c->nerrors == 1 ? "" : "s",
               c->nwarnings, c->nwarnings == 1 ? "" : "s");
        for (size_t k = 0; k < c->nfindings; k++) {
            const sky_finding *f = &c->findings[k];
            printf("  %-7s %s", f->severity == SKY_SEV_ERROR ? "error" : "warning",
                   sky_finding_code_name(f->code));
            if (c->id == NULL && f->subject_id)
                printf(" %s", f->subject_id);
            if (f->segment >= 0)
                printf(" segment %ld", f->segment);
            if (f->zone_id)
                printf(" %s %s", f->zone_id, sky_restriction_name(f->restriction));
            if (f->other_id)
                printf(" with %s", f->other_id);
            printf("\n      %s\n", f->message);
            if (f->zone_name)
                printf("      zone: %s%s%s\n", f->zone_name, f->reason ? "; " : "",
                       f->reason ? f->reason : "");
            print_point("entry", f->entry);
            print_point("exit ", f->exit);
            if (!isnan(f->length_inside_m))
                printf("      length %.3f m\n", f->length_inside_m);
            if (!isnan(f->min_clearance_m))
                printf(f->code == SKY_FIND_SEPARATION
                           ? (f->min_clearance_m < 0 ? "      overlap %.3f m\n"
                                                     : "      lateral gap %.3f m\n")
                           : "      clearance %.3f m\n",
                       f->code == SKY_FIND_SEPARATION ? fabs(f->min_clearance_m)
                                                      : f->min_clearance_m);
            if (!isnan(f->band_amsl_m[0]))
                printf("      band %.1f .. %.1f m AMSL\n", f->band_amsl_m[0],
                       f->band_amsl_m[1]);
            if (f->has_window)
                printf("      window %s .. %s\n",
                       sky_format_time(f->window[0], 0, t0, sizeof t0),
                       sky_format_time(f->window[1], 0, t1, sizeof t1));
            if (f->code == SKY_FIND_ZONE_INCURSION &&
                f->restriction == SKY_RESTR_REQ_AUTHORISATION)
                printf("      (a permit lifts it: --permit %s)\n", f->zone_id);
            if (f->code == SKY_FIND_ZONE_INCURSION && f->restriction == SKY_RESTR_CONDITIONAL)
                printf("      (accepting its conditions lifts it: --accept %s)\n", f->zone_id);
        }
    }
}

/* Print v as asked (text, --json, -o / --geojson); the exit code for its findings. */
int cli_report_validation(const char *cmd, const sky_validation *v, int json,
                          const char *geojson_path, const char *what, int is_default)
{
    sky_error err;
    char *text = NULL;
    size_t len = 0;
    sky_error_init(&err);
    if (geojson_path != NULL) {
        if (sky_validation_to_geojson(v, &text, &len, &err) != SKY_OK)
            return cli_error(cmd, &err);
        {
            int w = cli_write_file(cmd, geojson_path, text, len);
            if (w != 0) {
                sky_free(text);
                return w == -2 ? CLI_ENV : CLI_USAGE;
            }
        }
        if (strcmp(geojson_path, "-") == 0)
            putchar('\n');
        sky_free(text);
        text = NULL;
    }
    if (json) {
        if (sky_validation_to_json(v, &text, &len, &err) != SKY_OK)
            return cli_error(cmd, &err);
        printf("%s\n", text);
        sky_free(text);
    } else if (geojson_path == NULL || strcmp(geojson_path, "-") != 0) {
        cli_print_validation(v, what);
        if (is_default)
            printf("%s\n", cli_luohu_note);
    }
    return v->nerrors > 0 ? CLI_NEGATIVE : CLI_OK;
}

static int is_readable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},        {"clearance", required_argument, NULL, 'c'},
        {"depart", required_argument, NULL, 't'},    {"profile", required_argument, NULL, 'p'},
        {"altitude", required_argument, NULL, 'a'},  {"json", no_argument, NULL, 'j'},
        {"geojson", no_argument, NULL, 'g'},         {"help", no_argument, NULL, 'h'},
        CLI_RULE_OPTIONS,                            {NULL, 0, NULL, 0}};
    const char *db = NULL, *out = NULL, *route;
    int json = 0, c, code, is_default;
    cli_rules rules;
    sky_validate_opts o;
    sky_engine *eng;
    sky_planner *pl = NULL;
    sky_validation *v = NULL;
    sky_error err;
    sky_status rc;

    cli_rules_init(&rules);
    sky_validate_opts_init(&o);
    sky_error_init(&err);
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        int r = cli_shared_option("validate", &rules, c, optarg, &out);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        switch (c) {
        case 'd': db = optarg; break;
        case 'c':
            if (cli_number("validate", "--clearance", optarg, &o.clearance_m))
                return CLI_USAGE;
            if (o.clearance_m < 0)
                return cli_usage_error("validate", "--clearance must be >= 0");
            break;
        case 't':
            if ((r = cli_depart("validate", optarg, "--depart", &o.depart_unix)) != CLI_OK)
                return r;
            o.has_depart = 1;
            break;
        case 'p': o.profile = optarg; break;
        case 'a':
            if (cli_number("validate", "--altitude", optarg, &o.altitude_m))
                return CLI_USAGE;
            o.has_altitude = 1;
            break;
        case 'j': json = 1; break;
        case 'h': help_validate(stdout); return CLI_OK;
        default: return cli_usage_error("validate", "bad option");
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("validate", "expected one ROUTE (a GeoJSON file, '-' or a "
                                           "stored route id)");
    if (json && out != NULL && strcmp(out, "-") == 0)
        return cli_usage_error("validate", "--json and --geojson both write to stdout");
    route = argv[optind];
    o.rules = rules.rules;
    eng = cli_open_engine("validate", db, &is_default, &code);
    if (eng == NULL)
        return code;
    rc = sky_planner_new(eng, &pl, &err);
    if (rc == SKY_OK) {
        if (strcmp(route, "-") == 0 || is_readable_file(route) || strchr(route, '/') ||
            strstr(route, ".json") || strstr(route, ".geojson")) {
            size_t len = 0;
            char *text = cli_read_input("validate", route, &len);
            if (text == NULL) {
                sky_planner_free(pl);
                sky_engine_free(eng);
                return CLI_USAGE;
            }
            rc = sky_validate_geojson(pl, text, len, strcmp(route, "-") ? route : "<stdin>",
                                      &o, &v, &err);
            free(text);
        } else {
            rc = sky_validate_stored_route(pl, route, &o, &v, &err);
            if (rc == SKY_E_NOT_FOUND && strstr(err.message, "stored route"))
                snprintf(err.message, sizeof err.message,
                         "%s: neither a readable file nor the id of a stored route", route);
        }
    }
    code = rc != SKY_OK ? cli_error("validate", &err)
                        : cli_report_validation("validate", v, json, out, "route", is_default);
    sky_validation_free(v);
    sky_planner_free(pl);
    sky_engine_free(eng);
    return code;
}
