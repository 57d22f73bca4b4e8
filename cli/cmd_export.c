/*
 * cmd_export.c - skylane export: layers as one RFC 7946 FeatureCollection, to stdout or -o.
 */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"

void help_export(FILE *out)
{
    fprintf(out,
            "usage: skylane export [--db FILE] [--layer NAME]... [--format geojson|ed318]\n"
            "                      [--bbox W,S,E,N] [--id ID]... [-o FILE | --geojson]\n\n"
            "Write layers as one RFC 7946 GeoJSON FeatureCollection: lon/lat, exterior rings\n"
            "counter-clockwise, no crs member, the imported properties kept, one Feature per\n"
            "zone volume; a circle as a polygon that contains it, with center and radius_m\n"
            "properties (import reads it back as the circle). Import -> export -> import\n"
            "gives the same data.\n\n"
            "  --db FILE      the database (default: $SKYLANE_DB or the embedded Luohu set)\n"
            "  --layer NAME   vertiports, zones, terrain, routes, corridors or profiles;\n"
            "                 repeatable (default: every layer; built-in profiles are left\n"
            "                 out, every database has them)\n"
            "  --format NAME  geojson (the default) or ed318: the zones as one EUROCAE\n"
            "                 ED-318 FeatureCollection (limits in metres, schedules as\n"
            "                 limitedApplicability; skylane import reads it back)\n"
            "  --bbox W,S,E,N only features that meet this lon/lat box (as ogr2ogr -spat):\n"
            "                 a zone whole when any volume meets it; profiles left out\n"
            "  --id ID        only the feature with this id (a profile: its name);\n"
            "                 repeatable; an id no exported feature has is an error\n"
            "  -o FILE        write the GeoJSON to FILE (default: stdout)\n"
            "  --geojson      write the GeoJSON to stdout (the default)\n"
            "  -h, --help     show this help\n");
}

int cmd_export(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"layer", required_argument, NULL, 'l'},
        {"output", required_argument, NULL, 'o'}, {"geojson", no_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},         {"format", required_argument, NULL, 'f'},
        {"bbox", required_argument, NULL, 'b'},   {"id", required_argument, NULL, 'i'},
        {NULL, 0, NULL, 0}};
    enum { MAX_IDS = 256 };
    const char *ids[MAX_IDS];
    size_t nids = 0;
    sky_export_opts eo;
    sky_format format = SKY_FORMAT_GEOJSON;
    char dbbuf[4096];
    const char *db = NULL, *outpath, *out = NULL;
    unsigned mask = 0;
    int c, is_default = 0;
    sky_store *st = NULL;
    sky_error err;
    sky_status rc;
    char *json = NULL;
    size_t len = 0;

    sky_error_init(&err);
    sky_export_opts_init(&eo);
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'l': {
            sky_layer l;
            if (sky_layer_parse(optarg, &l) != SKY_OK)
                return cli_usage_error("export", "unknown layer '%s'", optarg);
            mask |= SKY_LAYER_BIT(l);
            break;
        }
        case 'f':
            if (sky_format_parse(optarg, &format) != SKY_OK ||
                (format != SKY_FORMAT_GEOJSON && format != SKY_FORMAT_ED318))
                return cli_usage_error("export", "unknown format '%s' (expected geojson or "
                                       "ed318)", optarg);
            break;
        case 'b':
            if (cli_bbox("export", optarg, eo.bbox) != 0)
                return CLI_USAGE;
            eo.has_bbox = 1;
            break;
        case 'i':
            if (nids == MAX_IDS)
                return cli_usage_error("export", "at most %d --id options", MAX_IDS);
            ids[nids++] = optarg;
            break;
        case 'o':
        case 'g':
            if (cli_output_option("export", c, optarg, &out) < 0)
                return CLI_USAGE;
            break;
        case 'h': help_export(stdout); return CLI_OK;
        default: return cli_usage_error("export", "bad option");
        }
    }
    if (optind < argc)
        return cli_usage_error("export", "unexpected argument '%s'", argv[optind]);
    outpath = out != NULL ? out : "-"; /* export writes to stdout by default */
    eo.format = format;
    eo.layer_mask = mask;
    if (nids > 0) {
        eo.ids = ids;
        eo.nids = nids;
    }
    if (db == NULL)
        db = cli_default_db(dbbuf, sizeof dbbuf, &is_default);
    rc = sky_store_open(db, SKY_STORE_READONLY, &st, &err);
    if (rc == SKY_OK)
        rc = sky_store_export_with(st, &eo, &json, &len, &err);
    sky_store_close(st);
    if (rc != SKY_OK)
        return cli_error("export", &err);
    c = cli_write_file("export", outpath, json, len);
    sky_free(json);
    if (c != 0)
        return c == -2 ? CLI_ENV : CLI_USAGE;
    if (is_default && strcmp(outpath, "-") != 0)
        fprintf(stderr, "%s\n", cli_luohu_note);
    return CLI_OK;
}
