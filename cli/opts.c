/*
 * opts.c - what every skylane command shares: the default database, error printing and
 * exit codes, writing results to files.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
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
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    int bad;
    if (f == NULL) {
        fprintf(stderr, "skylane %s: %s: cannot write: %s\n", cmd, path, strerror(errno));
        return -1;
    }
    bad = fwrite(data, 1, len, f) != len;
    bad |= f == stdout ? fflush(f) != 0 : fclose(f) != 0;
    if (bad) {
        fprintf(stderr, "skylane %s: %s: write failed: %s\n", cmd, path, strerror(errno));
        return -1;
    }
    return 0;
}
