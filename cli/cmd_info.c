/*
 * cmd_info.c - skylane info: counts per layer, extent, schema version, zones by restriction.
 */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"

void help_info(FILE *out)
{
    fprintf(out, "usage: skylane info [--db FILE] [--json]\n\n"
                 "Summarise an airspace database: features per layer, zone volumes, the\n"
                 "extent of everything loaded (west, south, east, north in degrees), the\n"
                 "schema version and the zones by restriction.\n\n"
                 "  --db FILE   the database (default: $SKYLANE_DB or the embedded Luohu set)\n"
                 "  --json      print the summary as JSON on stdout\n"
                 "  -h, --help  show this help\n");
}

int cmd_info(int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"json", no_argument, NULL, 'j'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    char dbbuf[4096];
    const char *db = NULL;
    int json = 0, c, is_default = 0;
    sky_store *st = NULL;
    sky_info info;
    sky_error err;
    sky_status rc;

    sky_error_init(&err);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': json = 1; break;
        case 'h': help_info(stdout); return CLI_OK;
        default: return cli_usage_error("info", "bad option");
        }
    }
    if (optind < argc)
        return cli_usage_error("info", "unexpected argument '%s'", argv[optind]);
    if (db == NULL)
        db = cli_default_db(dbbuf, sizeof dbbuf, &is_default);
    rc = sky_store_open(db, SKY_STORE_READONLY, &st, &err);
    if (rc == SKY_OK)
        rc = sky_store_info(st, &info, &err);
    sky_store_close(st);
    if (rc != SKY_OK)
        return cli_error("info", &err);
    if (json) {
        char *text = NULL;
        size_t len = 0;
        rc = sky_info_to_json(&info, &text, &len, &err);
        if (rc != SKY_OK)
            return cli_error("info", &err);
        printf("%s\n", text);
        sky_free(text);
        return CLI_OK;
    }
    printf("database        %s\n", db);
    if (info.schema_version == 0)
        printf("schema version  0 (a SpatiaLite database another tool wrote, read-only: "
               "zones mapped by column name)\n");
    else
        printf("schema version  %d\n", info.schema_version);
    if (info.has_extent)
        printf("extent          %.6f %.6f %.6f %.6f (west south east north)\n", info.extent[0],
               info.extent[1], info.extent[2], info.extent[3]);
    else
        printf("extent          (empty)\n");
    for (int i = 0; i < SKY_LAYER_COUNT; i++) {
        printf("%-15s %zu", sky_layer_name((sky_layer)i), info.count[i]);
        if (i == SKY_LAYER_ZONES && info.zone_volumes != info.count[i])
            printf(" (%zu volumes)", info.zone_volumes);
        printf("\n");
    }
    printf("zones by restriction:\n");
    for (int i = 0; i < SKY_RESTR_COUNT; i++)
        if (info.zones_by_restriction[i])
            printf("  %-18s %zu\n", sky_restriction_name((sky_restriction)i),
                   info.zones_by_restriction[i]);
    if (is_default)
        printf("%s\n", cli_luohu_note);
    return CLI_OK;
}
