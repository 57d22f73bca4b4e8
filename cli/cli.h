/*
 * cli.h - the skylane command: shared option handling and printing for the subcommands.
 * The CLI is a client of include/skylane.h only.
 */
#ifndef SKY_CLI_H
#define SKY_CLI_H

#include <stdio.h>

#include "skylane.h"

/* Exit codes (README "Exit codes"): DOMAIN.md's 0/1/2, plus 3 for failures of the machine. */
enum { CLI_OK = 0, CLI_NEGATIVE = 1, CLI_USAGE = 2, CLI_ENV = 3 };

typedef struct cli_cmd {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
    void (*help)(FILE *out);
} cli_cmd;

int cmd_import(int argc, char **argv);
void help_import(FILE *out);
int cmd_info(int argc, char **argv);
void help_info(FILE *out);
int cmd_export(int argc, char **argv);
void help_export(FILE *out);

/* The database to read when no --db is given: $SKYLANE_DB, else the embedded Luohu default
 * next to the executable (../share/skylane/luohu.sqlite), else the installed one. Writes
 * into buf (cap bytes) and returns it. *is_default is set when it is the embedded set. */
const char *cli_default_db(char *buf, size_t cap, int *is_default);
/* Print "skylane CMD: <formatted error>" on stderr; return the exit code for err->code. */
int cli_error(const char *cmd, const sky_error *err);
/* Exit code for a status. */
int cli_exit_code(sky_status st);
/* Print "skylane CMD: message" on stderr and return CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Write a whole buffer to path ("-" for stdout); 0 on success. */
int cli_write_file(const char *cmd, const char *path, const char *data, size_t len);
/* The note shown wherever the embedded reference set is used. */
extern const char cli_luohu_note[];

#endif
