/*
 * engine.c - sky_engine: an airspace loaded from the store into plain C arrays, read-only
 * after sky_engine_open() returns and shared by any number of threads. Per-thread GEOS/PROJ
 * contexts belong to the planners built on it, never to the engine.
 */
#include <string.h>

#include "routes/routes.h"

struct sky_engine {
    sky_airspace as;
    size_t zone_vertices;
};

sky_status sky_engine_open(const char *path, sky_engine **out, sky_error *err)
{
    sky_engine *eng;
    sky_st *st = NULL;
    sky_geo *g = NULL;
    sky_status rc;

    if (out == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "out is NULL");
    *out = NULL;
    eng = sky_calloc(1, sizeof *eng);
    if (eng == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    sky_rt_airspace_init(&eng->as);
    rc = sky_geo_new(&g, err);
    if (rc == SKY_OK)
        rc = sky_st_open(path, SKY_STORE_READONLY, &st, err);
    if (rc == SKY_OK)
        rc = sky_st_load(st, g, SKY_LAYERS_ALL, &eng->as, err);
    sky_st_close(st);
    sky_geo_free(g);
    if (rc != SKY_OK) {
        sky_engine_free(eng);
        return rc;
    }
    for (size_t i = 0; i < eng->as.nzones; i++)
        for (size_t k = 0; k < eng->as.zones[i].nvol; k++)
            eng->zone_vertices += sky_geo_mpoly_vertices(&eng->as.zones[i].vol[k].fp.area);
    *out = eng;
    return SKY_OK;
}

void sky_engine_free(sky_engine *eng)
{
    if (eng == NULL)
        return;
    sky_rt_airspace_clear(&eng->as);
    sky_free(eng);
}

size_t sky_engine_count(const sky_engine *eng, sky_layer layer)
{
    if (eng == NULL)
        return 0;
    switch (layer) {
    case SKY_LAYER_VERTIPORTS: return eng->as.nvps;
    case SKY_LAYER_ZONES: return eng->as.nzones;
    case SKY_LAYER_TERRAIN: return eng->as.ncontours;
    case SKY_LAYER_ROUTES: return eng->as.nroutes;
    case SKY_LAYER_CORRIDORS: return eng->as.ncorridors;
    case SKY_LAYER_PROFILES: return eng->as.nprofiles;
    default: return 0;
    }
}

size_t sky_engine_zone_vertices(const sky_engine *eng)
{
    return eng ? eng->zone_vertices : 0;
}
