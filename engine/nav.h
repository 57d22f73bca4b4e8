/*
 * nav.h - exact any-angle shortest paths in the plane: a triangle mesh of free space
 * (sky_mesh, immutable once built, shareable) searched with Polyanya (Cui, Harabor and
 * Grastien, IJCAI 2017): A* over (root, interval) nodes, optimal among all paths that stay in
 * the mesh, with no grid and no node cap. Coordinates are metres in a local frame.
 */
#ifndef SKY_NAV_H
#define SKY_NAV_H

#include "geo/geo.h"

typedef struct sky_mesh {
    size_t nv;
    sky_xy *v;              /* vertices */
    uint8_t *corner;        /* 1 when a vertex touches an obstacle or the box (a path may bend there) */
    size_t nt;
    int32_t (*tv)[3];       /* counter-clockwise vertex ids */
    int32_t (*tn)[3];       /* neighbour across edge i = (tv[i], tv[i+1]); -1: obstacle */
    int8_t (*te)[3];        /* that neighbour's index of the shared edge */
    sky_index *tindex;      /* triangle boxes */
} sky_mesh;

/* Build the topology from triangles (3 sky_xy each, counter-clockwise); tris is copied. */
sky_status sky_mesh_build(const sky_xy *tris, size_t ntris, sky_mesh **out, sky_error *err);
void sky_mesh_free(sky_mesh *m);

/* Per-search scratch memory, reused between queries (one per thread). */
typedef struct sky_nav_scratch sky_nav_scratch;
sky_nav_scratch *sky_nav_scratch_new(void);
void sky_nav_scratch_free(sky_nav_scratch *s);

typedef enum sky_nav_result {
    SKY_NAV_FOUND = 0,
    SKY_NAV_NO_PATH = 1,      /* the goal is not reachable in free space */
    SKY_NAV_START_OUT = 2,    /* the start is not in free space */
    SKY_NAV_GOAL_OUT = 3,     /* the goal is not in free space */
    SKY_NAV_LIMIT = 4         /* the expansion bound or deadline was reached */
} sky_nav_result;

/*
 * The shortest path from a to b. *path is new (sky_free): *n points from a to b, bending only
 * at mesh vertices; *len its length. max_expansions bounds the work (0: no bound).
 */
sky_nav_result sky_nav_search(const sky_mesh *m, sky_nav_scratch *s, sky_xy a, sky_xy b,
                              uint64_t max_expansions, sky_xy **path, size_t *n, double *len);

/* The triangles reachable from point p (flood fill of its free-space component); marks[t]
 * set to 1 for each. Returns 0 when p is not in free space. */
int sky_nav_component(const sky_mesh *m, sky_xy p, uint8_t *marks);

/* Statistics of the last search on s (expansions, nodes generated). */
void sky_nav_stats(const sky_nav_scratch *s, uint64_t *expanded, uint64_t *generated);

#endif
