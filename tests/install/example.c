/* example.c - the README's library example: open an airspace database read-only, summarise
 * it, and load it into a shared engine. Built against the installed package by test_install. */
#include <stdio.h>

#include <skylane.h>

int main(int argc, char **argv)
{
    sky_store *st = NULL;
    sky_engine *eng = NULL;
    sky_info info;
    sky_error err;
    char line[1024];

    if (argc != 2) {
        fprintf(stderr, "usage: %s DATABASE\n", argv[0]);
        return 2;
    }
    if (sky_store_open(argv[1], SKY_STORE_READONLY, &st, &err) != SKY_OK ||
        sky_store_info(st, &info, &err) != SKY_OK ||
        sky_engine_open(argv[1], &eng, &err) != SKY_OK) {
        fprintf(stderr, "%s\n", sky_error_format(&err, line, sizeof line));
        sky_store_close(st);
        return 1;
    }
    printf("skylane %s: %zu zones (%zu prohibited), %zu vertiports, %zu zone vertices\n",
           sky_version_string(), info.count[SKY_LAYER_ZONES],
           info.zones_by_restriction[SKY_RESTR_PROHIBITED], info.count[SKY_LAYER_VERTIPORTS],
           sky_engine_zone_vertices(eng));
    sky_engine_free(eng);
    sky_store_close(st);
    return 0;
}
