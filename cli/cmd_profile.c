/*
 * cmd_profile.c - skylane profile list | add: the aircraft profiles a database offers (the
 * two built-in, approximate ones and any added by users).
 */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"

void help_profile(FILE *out)
{
    fprintf(out,
            "usage: skylane profile list [--db FILE] [--json]\n"
            "       skylane profile add NAME --db FILE --speed M/S --climb M/S --descent M/S\n"
            "                           --range M [--replace]\n\n"
            "Aircraft profiles: cruise speed, climb and descent rates (vertical speeds) and\n"
            "range. A leg takes max(length / speed, height change / rate). Two profiles are\n"
            "built in, both approximate: delivery-multicopter (the default: 20 m/s, climb 5,\n"
            "descent 4, 10 km) and sightseeing-evtol (30 m/s, climb 4, descent 3, 30 km).\n\n"
            "  --db FILE      the database (add: required, it writes)\n"
            "  --speed M/S    cruise speed\n"
            "  --climb M/S    climb rate\n"
            "  --descent M/S  descent rate\n"
            "  --range M      range in metres\n"
            "  --replace      replace a profile with the same name\n"
            "  --json         list as JSON\n"
            "  -h, --help     show this help\n");
}

static int list(int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"json", no_argument, NULL, 'j'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int json = 0, c, code, is_default;
    sky_engine *eng;
    size_t n;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': json = 1; break;
        case 'h': help_profile(stdout); return CLI_OK;
        default: return cli_usage_error("profile", "bad option");
        }
    }
    if (optind < argc)
        return cli_usage_error("profile", "unexpected argument '%s'", argv[optind]);
    eng = cli_open_engine("profile", db, &is_default, &code);
    if (eng == NULL)
        return code;
    n = sky_engine_count(eng, SKY_LAYER_PROFILES);
    if (json)
        printf("[");
    else
        printf("%-24s %9s %9s %11s %9s  %s\n", "name", "speed m/s", "climb m/s",
               "descent m/s", "range m", "");
    for (size_t i = 0; i < n; i++) {
        sky_profile_info p;
        sky_engine_profile(eng, i, &p);
        if (json)
            printf("%s{\"name\":\"%s\",\"speed_mps\":%.17g,\"climb_mps\":%.17g,"
                   "\"descent_mps\":%.17g,\"range_m\":%.17g,\"builtin\":%s}",
                   i ? "," : "", p.name, p.speed_mps, p.climb_mps, p.descent_mps, p.range_m,
                   p.builtin ? "true" : "false");
        else
            printf("%-24s %9g %9g %11g %9g  %s\n", p.name, p.speed_mps, p.climb_mps,
                   p.descent_mps, p.range_m, p.builtin ? "built in (approximate)" : "");
    }
    if (json)
        printf("]\n");
    sky_engine_free(eng);
    return CLI_OK;
}

static int add(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},      {"speed", required_argument, NULL, 's'},
        {"climb", required_argument, NULL, 'c'},   {"descent", required_argument, NULL, 'D'},
        {"range", required_argument, NULL, 'r'},   {"replace", no_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int c, replace = 0, have = 0;
    sky_profile_info p;
    sky_store *st = NULL;
    sky_error err;
    sky_status rc;
    memset(&p, 0, sizeof p);
    sky_error_init(&err);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        double *dst = NULL;
        switch (c) {
        case 'd': db = optarg; break;
        case 's': dst = &p.speed_mps; break;
        case 'c': dst = &p.climb_mps; break;
        case 'D': dst = &p.descent_mps; break;
        case 'r': dst = &p.range_m; break;
        case 'R': replace = 1; break;
        case 'h': help_profile(stdout); return CLI_OK;
        default: return cli_usage_error("profile", "bad option");
        }
        if (dst != NULL) {
            if (cli_number("profile", longopts[c == 's' ? 1 : c == 'c' ? 2 : c == 'D' ? 3 : 4].name,
                           optarg, dst))
                return CLI_USAGE;
            have |= c == 's' ? 1 : c == 'c' ? 2 : c == 'D' ? 4 : 8;
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("profile", "profile add needs one NAME");
    if (db == NULL)
        return cli_usage_error("profile", "profile add writes, so it needs an explicit --db");
    if (have != 15)
        return cli_usage_error("profile", "give --speed, --climb, --descent and --range");
    p.name = argv[optind];
    rc = sky_store_open(db, 0, &st, &err);
    if (rc == SKY_OK)
        rc = sky_store_add_profile(st, &p, replace, &err);
    sky_store_close(st);
    if (rc != SKY_OK)
        return cli_error("profile", &err);
    printf("added profile %s to %s\n", p.name, db);
    return CLI_OK;
}

int cmd_profile(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        help_profile(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    if (strcmp(argv[1], "list") == 0)
        return list(argc - 1, argv + 1);
    if (strcmp(argv[1], "add") == 0)
        return add(argc - 1, argv + 1);
    return cli_usage_error("profile", "unknown subcommand '%s' (list or add)", argv[1]);
}
