/*
 * engine_int.h - the inside of sky_engine and sky_planner, shared by the files of engine/.
 */
#ifndef SKY_ENGINE_INT_H
#define SKY_ENGINE_INT_H

#include "engine/nav.h"
#include "routes/domain.h"

struct sky_engine {
    sky_domain dom;            /* immutable after open */
    size_t zone_vertices;
};

/* A triangulated free space for one set of blocking volumes and one margin. */
typedef struct sky_mesh_entry {
    uint64_t key;
    size_t *vols;              /* the blocking volumes, ascending */
    size_t nvols;
    double margin_m;
    double min_agl_m, max_agl_m; /* the flight band the regions were clipped for */
    sky_mesh *mesh;
    uint64_t used;             /* for least-recently-used eviction */
} sky_mesh_entry;

#define SKY_MESH_CACHE 8

/* Where a volume blocks a flight band over the terrain (the planner's 3D rule). */
typedef struct sky_vol_region {
    int state;                 /* 0 unknown, 1 the whole footprint, 2 clipped, 3 nowhere */
    double min_agl_m, max_agl_m; /* the band it was worked out for */
    sky_xpoly *polys;          /* clipped: one block (sky_free(polys)); else NULL */
    size_t n;
} sky_vol_region;

struct sky_planner {
    const sky_engine *eng;
    sky_dq q;                  /* GEOS/PROJ contexts and prepared shapes of this worker */
    sky_nav_scratch *nav;      /* search memory reused between requests */
    sky_mesh_entry cache[SKY_MESH_CACHE];
    uint64_t clock;
    sky_vol_region *regions;   /* per volume; lazily */
};

/* A planned route: one owner, plain copies (it outlives the planner). */
struct sky_route {
    size_t n;
    sky_waypoint *wp;
    double length_m, duration_s, clearance_m, altitude_m;
    int64_t depart_unix;
    char *profile, *from, *to, *request_id; /* NULL when absent */
    size_t navoided;
    char **avoided;
    size_t nstops;                          /* a tour's stops in the order flown */
    char **stops;
};

sky_status sky_eng_rules_in(const sky_flight_rules *in, sky_rules *out, sky_error *err);
sky_status sky_eng_request_point(sky_planner *p, sky_lonlat pt, sky_xy *xy, sky_error *err);
void sky_eng_planner_cache_clear(sky_planner *p);

#endif
