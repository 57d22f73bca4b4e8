/*
 * opts.c - what every skylane command shares: the default database, error printing and
 * exit codes, writing results to files.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

const char cli_luohu_note[] =
    "note: the embedded Luohu reference set: real geography (cited), ILLUSTRATIVE airspace; "
    "not an official designation, not for real flight operations";

static int readable(const char *path)
{
    return access(path, R_OK) == 0;
}

const char *cli_default_db(char *buf, size_t cap, int *is_default)
{
    const char *env = getenv("SKYLANE_DB");
    char exe[4096];
    ssize_t n;

    *is_default = 0;
    if (env != NULL && env[0] != '\0') {
        snprintf(buf, cap, "%s", env);
        return buf;
    }
    *is_default = 1;
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        char *slash;
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash != NULL) {
            *slash = '\0';
            snprintf(buf, cap, "%s/../share/skylane/luohu.sqlite", exe);
            if (readable(buf))
                return buf;
        }
    }
    snprintf(buf, cap, "%s", SKY_INSTALL_DB);
    return buf;
}

int cli_exit_code(sky_status st)
{
    if (st == SKY_OK)
        return CLI_OK;
    if (st >= 100 && st < 200)
        return CLI_USAGE;
    if (st >= 200 && st < 300)
        return CLI_NEGATIVE;
    return CLI_ENV;
}

int cli_error(const char *cmd, const sky_error *err)
{
    char line[1024];
    fprintf(stderr, "skylane %s: %s\n", cmd, sky_error_format(err, line, sizeof line));
    return cli_exit_code(err->code);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "skylane %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see 'skylane %s --help')\n", cmd);
    return CLI_USAGE;
}

int cli_write_file(const char *cmd, const char *path, const char *data, size_t len)
{
    char tmp[4096];
    FILE *f;
    int bad;
    if (strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
            fprintf(stderr, "skylane %s: writing stdout failed: %s\n", cmd, strerror(errno));
            return -2;
        }
        return 0;
    }
    /* a device or pipe is written in place; a file is written beside the target and
     * renamed, so a failed write leaves no partial file */
    {
        struct stat sb;
        if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
            f = fopen(path, "wb");
            if (f == NULL) {
                fprintf(stderr, "skylane %s: %s: cannot write: %s\n", cmd, path,
                        strerror(errno));
                return -1;
            }
            bad = fwrite(data, 1, len, f) != len;
            bad |= fclose(f) != 0;
            if (bad) {
                fprintf(stderr, "skylane %s: %s: write failed: %s\n", cmd, path,
                        strerror(errno));
                return -2;
            }
            return 0;
        }
    }
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= sizeof tmp) {
        fprintf(stderr, "skylane %s: %s: path too long\n", cmd, path);
        return -1;
    }
    f = fopen(tmp, "wb");
    if (f == NULL) {
        fprintf(stderr, "skylane %s: %s: cannot write: %s\n", cmd, path, strerror(errno));
        return -1;
    }
    bad = fwrite(data, 1, len, f) != len;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        fprintf(stderr, "skylane %s: %s: write failed: %s\n", cmd, path, strerror(errno));
        unlink(tmp);
        return -2;
    }
    return 0;
}

void cli_rules_init(cli_rules *r)
{
    memset(r, 0, sizeof *r);
    sky_flight_rules_init(&r->rules);
    r->rules.permits = r->permits;
    r->rules.accepts = r->accepts;
}

int cli_number(const char *cmd, const char *opt, const char *arg, double *out)
{
    char *end;
    double v = strtod(arg, &end);
    if (*arg == '\0' || *end != '\0' || !isfinite(v)) {
        cli_usage_error(cmd, "%s needs a number, not '%s'", opt, arg);
        return -1;
    }
    *out = v;
    return 0;
}

/* n comma-separated finite numbers, nothing else; 0 on success. */
static int number_list(const char *arg, double *v, int n)
{
    const char *p = arg;
    for (int i = 0; i < n; i++) {
        char *end;
        v[i] = strtod(p, &end);
        if (end == p || !isfinite(v[i]) || *end != (i + 1 < n ? ',' : '\0'))
            return -1;
        p = end + 1;
    }
    return 0;
}

int cli_lonlat(const char *cmd, const char *arg, sky_lonlat *out)
{
    double v[2];
    if (number_list(arg, v, 2) != 0 || fabs(v[0]) > 180 || fabs(v[1]) > 90) {
        cli_usage_error(cmd, "expected LON,LAT in degrees, not '%s'", arg);
        return -1;
    }
    out->lon = v[0];
    out->lat = v[1];
    return 0;
}

int cli_bbox(const char *cmd, const char *arg, double bbox[4])
{
    if (number_list(arg, bbox, 4) != 0 || !(bbox[0] >= -180 && bbox[2] <= 180) ||
        !(bbox[1] >= -90 && bbox[3] <= 90) || !(bbox[0] < bbox[2]) || !(bbox[1] < bbox[3])) {
        cli_usage_error(cmd, "expected WEST,SOUTH,EAST,NORTH in degrees with west < east and "
                        "south < north, not '%s'", arg);
        return -1;
    }
    return 0;
}

int cli_rules_option(const char *cmd, cli_rules *r, int c, const char *arg)
{
    switch (c) {
    case CLI_OPT_RULES + 0:
        if (r->rules.npermits >= sizeof r->permits / sizeof r->permits[0]) {
            cli_usage_error(cmd, "too many --permit options");
            return -1;
        }
        r->permits[r->rules.npermits++] = arg;
        return 1;
    case CLI_OPT_RULES + 1:
        if (r->rules.naccepts >= sizeof r->accepts / sizeof r->accepts[0]) {
            cli_usage_error(cmd, "too many --accept options");
            return -1;
        }
        r->accepts[r->rules.naccepts++] = arg;
        return 1;
    case CLI_OPT_RULES + 2:
        r->rules.accept_conditional = 1;
        return 1;
    case CLI_OPT_RULES + 3:
        return cli_number(cmd, "--min-agl", arg, &r->rules.min_agl_m) ? -1 : 1;
    case CLI_OPT_RULES + 4:
        return cli_number(cmd, "--max-agl", arg, &r->rules.max_agl_m) ? -1 : 1;
    default:
        return 0;
    }
}

sky_engine *cli_open_engine(const char *cmd, const char *db, int *is_default, int *code)
{
    char buf[4096];
    sky_engine *eng = NULL;
    sky_error err;
    *is_default = 0;
    if (db == NULL)
        db = cli_default_db(buf, sizeof buf, is_default);
    sky_error_init(&err);
    if (sky_engine_open(db, &eng, &err) != SKY_OK) {
        *code = cli_error(cmd, &err);
        return NULL;
    }
    *code = CLI_OK;
    return eng;
}

int cli_output_option(const char *cmd, int c, const char *arg, const char **out)
{
    if (c != 'o' && c != 'g')
        return 0;
    /* -o FILE writes the GeoJSON to FILE, --geojson to stdout: one or the other */
    if ((c == 'o' && *out != NULL && strcmp(*out, "-") == 0) || (c == 'g' && *out != NULL)) {
        cli_usage_error(cmd, "-o and --geojson: give one");
        return -1;
    }
    if (c == 'o' && *arg == '\0') {
        cli_usage_error(cmd, "-o needs a file name");
        return -1;
    }
    *out = c == 'o' ? arg : "-";
    return 1;
}

int cli_shared_option(const char *cmd, cli_rules *r, int c, const char *arg, const char **out)
{
    int k = cli_rules_option(cmd, r, c, arg);
    return k != 0 ? k : cli_output_option(cmd, c, arg, out);
}

int cli_depart(const char *cmd, const char *arg, const char *opt, int64_t *t)
{
    sky_error err;
    sky_error_init(&err);
    if (sky_parse_time(arg, t, &err) == SKY_OK)
        return CLI_OK;
    snprintf(err.field, sizeof err.field, "%s", opt);
    return cli_error(cmd, &err);
}
