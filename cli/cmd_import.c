/*
 * cmd_import.c - skylane import: load GeoJSON files into a (new or existing) airspace
 * database, all or nothing. Needs an explicit --db: the embedded default is read-only.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

void help_import(FILE *out)
{
    fprintf(out,
            "usage: skylane import --db FILE [--layer NAME] [--repair] [--replace]\n"
            "                      [--format NAME] [--strict] [--lang TAG] [--map F=COL,...]\n"
            "                      [--max-size BYTES] [--json] [--quiet] FILE...\n\n"
            "Read GeoJSON files (the property schema of data/luohu/README.md) into the\n"
            "SpatiaLite airspace database FILE, creating it when missing. Every file is\n"
            "checked before anything is written, and everything is written in one\n"
            "transaction: on any error the database is left exactly as it was.\n\n"
            "  --db FILE        the database to write (required; created when missing)\n"
            "  --layer NAME     vertiports, zones, terrain, routes, corridors or profiles\n"
            "                   (default: detected from each feature's properties)\n"
            "  --repair         close unclosed rings and repair invalid polygons with\n"
            "                   GEOSMakeValid, reporting each repair (default: refuse them)\n"
            "  --replace        replace features whose id is already in the database\n"            "  --format NAME    geojson, ed269, ed318 or spatialite (default: detected per\n"
            "                   file: the SQLite header, the ED-269 envelope, ED-318 properties)\n"
            "  --strict         ED-318: refuse any deviation from the schema (default: import\n"
            "                   what has one clear meaning, with a warning naming the field)\n"
            "  --lang TAG       ED-318: the name language to show, e.g. fr or fr-BE (all names\n"
            "                   are kept; default: the first)\n"
            "  --map F=COL,...  foreign SpatiaLite: zone field F comes from column COL, e.g.\n"
            "                   restriction=RESTR,lower_m=FLOOR; repeatable (default: columns\n"
            "                   named like the fields)\n"
            "  --max-size BYTES refuse input files larger than this (default 268435456)\n"
            "  --json           print the result as JSON on stdout\n"
            "  -q, --quiet      print nothing on success\n"
            "  -h, --help       show this help\n\n"
            "Errors name the file, the feature (index and id) and the field; exit 2.\n");
}

typedef struct imp_ui {
    int tty, quiet, shown;
} imp_ui;

static void on_report(void *user, const sky_error *e)
{
    char line[1024];
    (void)user;
    fprintf(stderr, "skylane import: %s: %s\n",
            e->severity == SKY_SEV_ERROR ? "error" : "warning",
            sky_error_format(e, line, sizeof line));
}

static void on_progress(void *user, const char *what, size_t done, size_t total)
{
    imp_ui *ui = user;
    if (!ui->tty || ui->quiet)
        return;
    fprintf(stderr, "\rskylane import: %s %zu/%zu   ", what, done, total);
    ui->shown = 1;
}

int cmd_import(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},   {"layer", required_argument, NULL, 'l'},
        {"repair", no_argument, NULL, 'r'},     {"replace", no_argument, NULL, 'R'},
        {"max-size", required_argument, NULL, 'm'}, {"json", no_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},      {"help", no_argument, NULL, 'h'},
        {"format", required_argument, NULL, 'f'}, {"strict", no_argument, NULL, 's'},
        {"lang", required_argument, NULL, 'L'}, {"map", required_argument, NULL, 'M'},
        {NULL, 0, NULL, 0}};
    const char *maps[64];
    char mapbuf[4096];
    size_t nmaps = 0, mapused = 0;
    const char *db = NULL;
    sky_import_opts opts;
    sky_import_stats stats;
    sky_store *st = NULL;
    sky_error err;
    sky_status rc;
    imp_ui ui = {isatty(2), 0, 0};
    int json = 0, c, existed;

    sky_import_opts_init(&opts);
    sky_error_init(&err);
    optind = 1;
    while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'l': {
            sky_layer l;
            if (sky_layer_parse(optarg, &l) != SKY_OK)
                return cli_usage_error("import", "unknown layer '%s'", optarg);
            opts.layer = (int)l;
            break;
        }
        case 'r': opts.repair = 1; break;
        case 'R': opts.replace = 1; break;
        case 'm': {
            char *end;
            unsigned long long v;
            errno = 0;
            v = strtoull(optarg, &end, 10);
            if (!(*optarg >= '0' && *optarg <= '9') || *end != '\0' || v == 0 ||
                errno == ERANGE)
                return cli_usage_error("import", "--max-size needs a positive byte count");
            opts.max_file_bytes = v;
            break;
        }
        case 'f': {
            sky_format f;
            if (sky_format_parse(optarg, &f) != SKY_OK)
                return cli_usage_error("import", "unknown format '%s' (expected auto, geojson, "
                                       "ed269, ed318 or spatialite)", optarg);
            opts.format = (int)f;
            break;
        }
        case 's': opts.strict = 1; break;
        case 'L': opts.lang = optarg; break;
        case 'M': {
            /* "a=B,c=D": split at commas into mapbuf; each part must be field=COLUMN */
            size_t n = strlen(optarg);
            char *p;
            if (mapused + n + 1 > sizeof mapbuf)
                return cli_usage_error("import", "--map: too long");
            p = memcpy(mapbuf + mapused, optarg, n + 1);
            mapused += n + 1;
            while (p != NULL) {
                char *comma = strchr(p, ',');
                if (comma)
                    *comma = '\0';
                if (strchr(p, '=') == NULL || *p == '=' || strchr(p, '=')[1] == '\0')
                    return cli_usage_error("import", "--map: '%s' is not FIELD=COLUMN", p);
                if (nmaps == sizeof maps / sizeof maps[0])
                    return cli_usage_error("import", "--map: too many entries");
                maps[nmaps++] = p;
                p = comma ? comma + 1 : NULL;
            }
            break;
        }
        case 'j': json = 1; break;
        case 'q': ui.quiet = 1; break;
        case 'h': help_import(stdout); return CLI_OK;
        default: return cli_usage_error("import", "bad option");
        }
    }
    if (db == NULL)
        return cli_usage_error("import", "import writes, so it needs an explicit --db FILE");
    if (optind >= argc)
        return cli_usage_error("import", "no input files");
    opts.column_map = maps;
    opts.ncolumn_map = nmaps;
    opts.report = on_report;
    opts.progress = on_progress;
    opts.user = &ui;

    existed = access(db, F_OK) == 0;
    rc = sky_store_open(db, SKY_STORE_CREATE, &st, &err);
    if (rc == SKY_OK)
        rc = sky_store_import(st, (const char *const *)argv + optind, (size_t)(argc - optind),
                              &opts, &stats, &err);
    sky_store_close(st);
    if (ui.shown)
        fputc('\n', stderr);
    if (rc != SKY_OK) {
        /* nothing lost and nothing left: a database this command created goes again */
        if (!existed) {
            char journal[4096];
            unlink(db);
            snprintf(journal, sizeof journal, "%s-journal", db);
            unlink(journal);
        }
        return cli_error("import", &err);
    }
    if (json) {
        printf("{\"db\":\"");
        for (const char *p = db; *p; p++)
            printf(*p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
        printf("\",\"imported\":{");
        for (int i = 0; i < SKY_LAYER_COUNT; i++)
            printf("%s\"%s\":%zu", i ? "," : "", sky_layer_name((sky_layer)i),
                   stats.features[i]);
        printf("},\"replaced\":%zu,\"repaired\":%zu}\n", stats.replaced, stats.repaired);
    } else if (!ui.quiet) {
        int first = 1;
        printf("imported into %s:", db);
        for (int i = 0; i < SKY_LAYER_COUNT; i++)
            if (stats.features[i]) {
                printf("%s %zu %s", first ? "" : ",", stats.features[i],
                       sky_layer_name((sky_layer)i));
                first = 0;
            }
        if (first)
            printf(" nothing");
        if (stats.replaced)
            printf(" (%zu replaced)", stats.replaced);
        if (stats.repaired)
            printf(" (%zu repaired)", stats.repaired);
        printf("\n");
    }
    return CLI_OK;
}
