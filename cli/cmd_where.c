/*
 * cmd_where.c - skylane where LON,LAT: the ground, every zone whose footprint contains the
 * point with its band in AMSL there, whether it is active, and whether it blocks and why.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

void help_where(FILE *out)
{
    fprintf(out,
            "usage: skylane where [--db FILE] [--alt M [--amsl]] [--at TIME] [rules] [--json]\n"
            "                     LON,LAT\n\n"
            "What the rules say at one point: the ground elevation (terrain contours,\n"
            "interpolated), every zone whose footprint contains the point with its band\n"
            "converted to AMSL there, whether it is active at TIME, and whether it blocks\n"
            "a flight at the altitude asked about (default: the whole flight band) and why.\n\n"
            "  --db FILE          the database (default: $SKYLANE_DB or the embedded set)\n"
            "  --alt M            ask about one altitude, metres above ground\n"
            "  --amsl             --alt is metres above mean sea level instead\n"
            "  --at TIME          ISO 8601 with an offset, e.g. 2026-06-15T09:00+08:00\n"
            "                     (default: now)\n" CLI_RULE_HELP
            "  --json             print the answer as JSON on stdout\n"
            "  -h, --help         show this help\n\n"
            "Exit codes: 0 nothing blocks here, 1 a zone blocks, 2 bad usage or a point\n"
            "outside the airspace's extent.\n");
}

static void print_band(double lo, double hi)
{
    if (isfinite(hi))
        printf("%.1f .. %.1f m AMSL", lo, hi);
    else
        printf("%.1f m AMSL and up", lo);
}

static void print_text(const sky_where_result *r, const sky_where_opts *o)
{
    char when[40];
    int first = 1;
    printf("point       %.7f, %.7f\n", r->point.lon, r->point.lat);
    printf("ground      %.1f m AMSL (ellipsoidal %.1f m; EGM96 N %.2f m)\n", r->ground_m,
           r->ground_m + r->geoid_m, r->geoid_m);
    printf("asked       ");
    print_band(r->lo_amsl_m, r->hi_amsl_m);
    if (!o->has_alt)
        printf(" (the flight band %g..%g m AGL)", o->rules.min_agl_m, o->rules.max_agl_m);
    printf("\nat          %s\n", sky_format_time(r->at_unix, 0, when, sizeof when));
    printf("zones here  %zu\n", r->nzones);
    for (size_t i = 0; i < r->nzones; i++) {
        const sky_where_zone *z = &r->zones[i];
        printf("  %s", z->zone_id);
        if (z->volume > 0 || (i + 1 < r->nzones && strcmp(r->zones[i + 1].zone_id,
                                                          z->zone_id) == 0))
            printf(" volume %d", z->volume);
        printf("  %s  ", sky_restriction_name(z->restriction));
        print_band(z->lower_amsl_m, z->upper_amsl_m);
        printf("  %s  %s\n", z->active ? "active" : "inactive", sky_verdict_str(z->verdict));
        if (z->name_en || z->name)
            printf("      %s\n", z->name_en ? z->name_en : z->name);
        if (z->schedule)
            printf("      schedule: %s\n", z->schedule);
        if (z->verdict == SKY_VERDICT_BLOCKS && z->restriction == SKY_RESTR_REQ_AUTHORISATION)
            printf("      (a permit lifts it: --permit %s)\n", z->zone_id);
        if (z->verdict == SKY_VERDICT_BLOCKS && z->restriction == SKY_RESTR_CONDITIONAL)
            printf("      (accepting its conditions lifts it: --accept %s)\n", z->zone_id);
    }
    printf("verdict     ");
    for (size_t i = 0; i < r->nzones; i++)
        if (r->zones[i].verdict == SKY_VERDICT_BLOCKS) {
            printf("%s%s", first ? "blocked by " : ", ", r->zones[i].zone_id);
            first = 0;
        }
    printf("%s\n", first ? "nothing blocks here" : "");
}

int cmd_where(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},  {"alt", required_argument, NULL, 'a'},
        {"amsl", no_argument, NULL, 'A'},      {"at", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},      {"help", no_argument, NULL, 'h'},
        CLI_RULE_OPTIONS,                      {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int json = 0, c, code, is_default;
    cli_rules rules;
    sky_where_opts o;
    sky_lonlat pt;
    sky_engine *eng;
    sky_planner *pl = NULL;
    sky_where_result *res = NULL;
    sky_error err;
    sky_status rc;

    cli_rules_init(&rules);
    sky_where_opts_init(&o);
    sky_error_init(&err);
    o.at_unix = (int64_t)time(NULL);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int r = cli_rules_option("where", &rules, c, optarg);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        switch (c) {
        case 'd': db = optarg; break;
        case 'a':
            if (cli_number("where", "--alt", optarg, &o.alt_m))
                return CLI_USAGE;
            o.has_alt = 1;
            break;
        case 'A': o.alt_amsl = 1; break;
        case 't':
            if ((r = cli_depart("where", optarg, "--at", &o.at_unix)) != CLI_OK)
                return r;
            break;
        case 'j': json = 1; break;
        case 'h': help_where(stdout); return CLI_OK;
        default: return cli_usage_error("where", "bad option");
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("where", "expected one point LON,LAT");
    if (o.alt_amsl && !o.has_alt)
        return cli_usage_error("where", "--amsl goes with --alt");
    if (cli_lonlat("where", argv[optind], &pt))
        return CLI_USAGE;
    o.rules = rules.rules;
    eng = cli_open_engine("where", db, &is_default, &code);
    if (eng == NULL)
        return code;
    rc = sky_planner_new(eng, &pl, &err);
    if (rc == SKY_OK)
        rc = sky_where(pl, pt, &o, &res, &err);
    if (rc == SKY_OK) {
        if (json) {
            char *text = NULL;
            rc = sky_where_to_json(res, &text, NULL, &err);
            if (rc == SKY_OK)
                printf("%s\n", text);
            sky_free(text);
        } else {
            print_text(res, &o);
            if (is_default)
                printf("%s\n", cli_luohu_note);
        }
    }
    code = rc != SKY_OK ? cli_error("where", &err) : res->blocked ? CLI_NEGATIVE : CLI_OK;
    sky_where_free(res);
    sky_planner_free(pl);
    sky_engine_free(eng);
    return code;
}
