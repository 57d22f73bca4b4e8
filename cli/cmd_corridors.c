/*
 * cmd_corridors.c - skylane corridors check [FILE]: each corridor's volume against the
 * zones and the terrain, every pair for lateral and vertical separation, and ends at
 * vertiports. Exit 0 clean, 1 error findings, 2 bad usage or input.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

void help_corridors(FILE *out)
{
    fprintf(out,
            "usage: skylane corridors check [--db FILE] [options] [rules] [FILE]\n\n"
            "Check air corridors: each corridor's volume (centreline +- width/2, its band)\n"
            "against the zones that block it and the flight band over the terrain; every\n"
            "pair for separation, reporting crossings and merges at the same level with\n"
            "their place; entries and exits not at a vertiport. The corridors come from\n"
            "FILE (GeoJSON, '-' for stdin), or without FILE from the database.\n\n"
            "  --db FILE          the database (default: $SKYLANE_DB or the embedded set)\n"
            "  --lateral M        lateral minimum, edge to edge (default 50)\n"
            "  --vertical M       vertical minimum, band to band (default 30)\n"
            "  --depart TIME      zones are judged over the week from TIME (default: now)\n"
            CLI_RULE_HELP
            "  --json             the findings as JSON on stdout\n"
            "  -o FILE            write the findings as GeoJSON features to FILE\n"
            "  --geojson          write the findings as GeoJSON to stdout\n"
            "  -h, --help         show this help\n\n"
            "Exit codes: 0 clean, 1 findings at error severity, 2 bad usage or input.\n");
}

int cmd_corridors(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},      {"lateral", required_argument, NULL, 'l'},
        {"vertical", required_argument, NULL, 'v'}, {"depart", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},          {"geojson", no_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},          CLI_RULE_OPTIONS,
        {NULL, 0, NULL, 0}};
    const char *db = NULL, *out = NULL, *file = NULL;
    int json = 0, c, code, is_default;
    cli_rules rules;
    sky_validate_opts o;
    sky_engine *eng;
    sky_planner *pl = NULL;
    sky_validation *v = NULL;
    sky_error err;
    sky_status rc;
    char *text = NULL;
    size_t len = 0;

    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        help_corridors(stdout);
        return CLI_OK;
    }
    if (argc < 2 || strcmp(argv[1], "check") != 0)
        return cli_usage_error("corridors", "expected 'corridors check'");
    argc--;
    argv++;
    cli_rules_init(&rules);
    sky_validate_opts_init(&o);
    sky_error_init(&err);
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        int r = cli_shared_option("corridors", &rules, c, optarg, &out);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        switch (c) {
        case 'd': db = optarg; break;
        case 'l':
            if (cli_number("corridors", "--lateral", optarg, &o.lateral_m) || o.lateral_m < 0)
                return cli_usage_error("corridors", "--lateral needs a distance >= 0");
            break;
        case 'v':
            if (cli_number("corridors", "--vertical", optarg, &o.vertical_m) ||
                o.vertical_m < 0)
                return cli_usage_error("corridors", "--vertical needs a distance >= 0");
            break;
        case 't':
            if ((r = cli_depart("corridors", optarg, "--depart", &o.depart_unix)) != CLI_OK)
                return r;
            o.has_depart = 1;
            break;
        case 'j': json = 1; break;
        case 'h': help_corridors(stdout); return CLI_OK;
        default: return cli_usage_error("corridors", "bad option");
        }
    }
    if (optind + 1 < argc)
        return cli_usage_error("corridors", "expected at most one FILE");
    if (json && out != NULL && strcmp(out, "-") == 0)
        return cli_usage_error("corridors", "--json and --geojson both write to stdout");
    if (optind < argc) {
        file = argv[optind];
        text = cli_read_input("corridors", file, &len);
        if (text == NULL)
            return CLI_USAGE;
    }
    o.rules = rules.rules;
    eng = cli_open_engine("corridors", db, &is_default, &code);
    if (eng == NULL) {
        free(text);
        return code;
    }
    rc = sky_planner_new(eng, &pl, &err);
    if (rc == SKY_OK)
        rc = sky_check_corridors(pl, text, len,
                                 file && strcmp(file, "-") ? file : text ? "<stdin>" : NULL,
                                 &o, &v, &err);
    free(text);
    code = rc != SKY_OK ? cli_error("corridors", &err)
                        : cli_report_validation("corridors", v, json, out, "corridors",
                                                is_default);
    sky_validation_free(v);
    sky_planner_free(pl);
    sky_engine_free(eng);
    return code;
}
