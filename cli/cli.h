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
int cmd_plan(int argc, char **argv);
void help_plan(FILE *out);
int cmd_where(int argc, char **argv);
void help_where(FILE *out);
int cmd_profile(int argc, char **argv);
void help_profile(FILE *out);
int cmd_validate(int argc, char **argv);
void help_validate(FILE *out);
int cmd_corridors(int argc, char **argv);
void help_corridors(FILE *out);
/* Shared by validate and corridors check (cmd_validate.c): read a file or stdin ("-") into a
 * new buffer (free()), NULL after printing why; print a validation as asked and return the
 * exit code for its findings. */
char *cli_read_input(const char *cmd, const char *path, size_t *len);
int cli_report_validation(const char *cmd, const sky_validation *v, int json,
                          const char *geojson_path, const char *what, int is_default);

/* The flight-rule options every planning command shares (--permit, --accept,
 * --accept-conditional, --min-agl, --max-agl); their getopt codes start at CLI_OPT_RULES. */
enum { CLI_OPT_RULES = 1000 };
#define CLI_RULE_OPTIONS                                                                       \
    {"permit", required_argument, NULL, CLI_OPT_RULES + 0},                                    \
        {"accept", required_argument, NULL, CLI_OPT_RULES + 1},                                \
        {"accept-conditional", no_argument, NULL, CLI_OPT_RULES + 2},                          \
        {"min-agl", required_argument, NULL, CLI_OPT_RULES + 3},                               \
        {"max-agl", required_argument, NULL, CLI_OPT_RULES + 4}
#define CLI_RULE_HELP                                                                          \
    "  --permit ID        a permit for a REQ_AUTHORISATION zone (repeatable)\n"                \
    "  --accept ID        accept a CONDITIONAL zone's conditions (repeatable)\n"               \
    "  --accept-conditional  accept every CONDITIONAL zone\n"                                  \
    "  --min-agl M        lowest flight altitude above ground (default 30)\n"                  \
    "  --max-agl M        highest flight altitude above ground (default 120)\n"

typedef struct cli_rules {
    sky_flight_rules rules;
    const char *permits[64];
    const char *accepts[64];
} cli_rules;

void cli_rules_init(cli_rules *r);
/* Handle option c if it is a rule option: 1 handled, 0 not a rule option, -1 bad value
 * (message printed, exit with CLI_USAGE). */
int cli_rules_option(const char *cmd, cli_rules *r, int c, const char *arg);
/* The rule options, then -o / --geojson (cli_output_option): 1 handled, 0 neither, -1 bad
 * (message printed). */
int cli_shared_option(const char *cmd, cli_rules *r, int c, const char *arg, const char **out);
/* Parse a finite number; 0 on success. */
int cli_number(const char *cmd, const char *opt, const char *arg, double *out);
/* Parse "LON,LAT"; 0 on success. */
int cli_lonlat(const char *cmd, const char *arg, sky_lonlat *out);
/* Parse "WEST,SOUTH,EAST,NORTH" in degrees (west < east, south < north); 0 on success. */
int cli_bbox(const char *cmd, const char *arg, double bbox[4]);
/* Open the engine for --db (or the default); prints the error and returns NULL on failure,
 * with *code set to the exit code. */
sky_engine *cli_open_engine(const char *cmd, const char *db, int *is_default, int *code);

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
/* -o FILE and --geojson (getopt codes 'o' and 'g'): where the command's GeoJSON goes (NULL:
 * nowhere, "-": stdout). 1 handled, 0 not one of them, -1 both given (printed). */
int cli_output_option(const char *cmd, int c, const char *arg, const char **out);
/* An ISO 8601 time option (--depart, --at) into *t: CLI_OK, or the exit code after printing
 * the error naming opt as its field. */
int cli_depart(const char *cmd, const char *arg, const char *opt, int64_t *t);
/* Write a whole buffer to path ("-" for stdout) through a temporary file and a rename; 0 on
 * success, -1 when the path cannot be written (bad usage: exit 2), -2 when writing failed
 * (a failure of the machine: exit 3). */
int cli_write_file(const char *cmd, const char *path, const char *data, size_t len);
/* The note shown wherever the embedded reference set is used. */
extern const char cli_luohu_note[];

#endif
