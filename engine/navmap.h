/*
 * navmap.h - reading `nfz-scenario/1` maps (the shared benchmark format: obstacles as GeoJSON
 * polygon coordinates in a local metric plane, and start/goal queries) for tests and benches.
 */
#ifndef SKY_NAVMAP_H
#define SKY_NAVMAP_H

#include "engine/nav.h"

typedef struct sky_navmap_query {
    sky_xy start, goal;
    double closed_form;   /* NAN when the map gives none */
} sky_navmap_query;

typedef struct sky_navmap {
    sky_arena arena;
    sky_xpoly *obst;
    size_t nobst;
    size_t nvertices;
    sky_bbox bounds;      /* the map's bounds, or the box of everything grown by 10 % */
    sky_navmap_query *q;
    size_t nq;
} sky_navmap;

sky_status sky_navmap_read(const char *path, sky_navmap *out, sky_error *err);
void sky_navmap_clear(sky_navmap *m);
/* Triangulate the map's free space (margin 0) and build the mesh. */
sky_status sky_navmap_mesh(sky_geo *g, const sky_navmap *map, sky_mesh **out, sky_error *err);

#endif
