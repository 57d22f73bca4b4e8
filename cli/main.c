/*
 * main.c - the skylane command: dispatch to subcommands, global --help and --version.
 */
#include <errno.h>
#include <string.h>

#include "cli/cli.h"

static const cli_cmd commands[] = {
    {"import", "load GeoJSON layers into an airspace database", cmd_import, help_import},
    {"info", "summarise an airspace database", cmd_info, help_info},
    {"export", "write layers as an RFC 7946 GeoJSON FeatureCollection", cmd_export,
     help_export},
    {"plan", "the shortest route that keeps its clearance from every blocking zone",
     cmd_plan, help_plan},
    {"where", "what the rules say at a point: ground, zones, bands, what blocks", cmd_where,
     help_where},
    {"profile", "list or add aircraft profiles", cmd_profile, help_profile},
    {"validate", "check a route segment by segment in 3D and time; explain findings",
     cmd_validate, help_validate},
    {"corridors", "check air corridors: zones, terrain, separation, vertiports",
     cmd_corridors, help_corridors},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out, "usage: skylane [--version] [--help] COMMAND [ARGS]\n\n"
                 "skylane plans and checks low-altitude drone routes. Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'skylane COMMAND --help' describes a command. Without --db, commands read\n"
                 "$SKYLANE_DB or the embedded Luohu reference database.\n"
                 "Exit codes: 0 success, 1 a negative answer, 2 bad usage or input,\n"
                 "3 a failure of the machine (database, memory).\n");
}

static int dispatch(int argc, char **argv)
{
    const char *name;
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("skylane %s\n", sky_version_string());
        return CLI_OK;
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return CLI_OK;
        }
        name = argv[2];
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (strcmp(name, commands[i].name) == 0) {
                commands[i].help(stdout);
                return CLI_OK;
            }
        fprintf(stderr, "skylane: unknown command '%s'\n", name);
        return CLI_USAGE;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "skylane: unknown command '%s'\n", name);
    usage(stderr);
    return CLI_USAGE;
}

int main(int argc, char **argv)
{
    int code = dispatch(argc, argv);
    /* output lost on the way (a full disk, a closed pipe) is a failure of the machine */
    errno = 0;
    if ((fflush(stdout) != 0 || ferror(stdout)) && (code == CLI_OK || code == CLI_NEGATIVE)) {
        /* (a command that failed has said why already) */
        fprintf(stderr, "skylane: writing the standard output failed%s%s\n", errno ? ": " : "",
                errno ? strerror(errno) : "");
        code = CLI_ENV;
    }
    return code;
}
