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
    size_t np;              /* convex polygons (triangles merged while they stay convex) */
    uint32_t *off;          /* polygon p's vertices are vid[off[p] .. off[p + 1]), counter-clockwise */
    int32_t *vid;
    int32_t *nb;            /* per polygon edge i = (vid[i], vid[i+1]): the neighbour, -1: obstacle */
    int32_t *nbe;           /* that neighbour's index of the shared edge (0-based in it) */
    size_t ntris;           /* triangles before merging */
    sky_index *pindex;      /* polygon boxes */
} sky_mesh;

/* Build the topology from triangles (3 sky_xy each, counter-clockwise) and merge adjacent
 * triangles into convex polygons of at most SKY_NAV_MAX_POLY vertices; tris is copied. */
#define SKY_NAV_MAX_POLY 12
sky_status sky_mesh_build(const sky_xy *tris, size_t ntris, sky_mesh **out, sky_error *err);
void sky_mesh_free(sky_mesh *m);

/* Per-search scratch memory, reused between queries (one per thread). */
typedef struct sky_nav_scratch sky_nav_scratch;
sky_nav_scratch *sky_nav_scratch_new(void);
/* Lower the node budget of searches with s (0: SKY_NAV_MAX_NODES); larger values are
 * clamped to it. For tests of the budget. */
void sky_nav_scratch_set_budget(sky_nav_scratch *s, size_t max_nodes);
void sky_nav_scratch_free(sky_nav_scratch *s);

typedef enum sky_nav_result {
    SKY_NAV_FOUND = 0,
    SKY_NAV_NO_PATH = 1,      /* the goal is not reachable in free space */
    SKY_NAV_START_OUT = 2,    /* the start is not in free space */
    SKY_NAV_GOAL_OUT = 3,     /* the goal is not in free space */
    SKY_NAV_LIMIT = 4,        /* the expansion bound or deadline was reached */
    SKY_NAV_NOMEM = 5         /* memory ran out */
} sky_nav_result;

/* The most search nodes one search may hold (about 90 bytes each: 4M is about 370 MB). A
 * footprint of tens of thousands of vertices triangulates into a fan of slivers, and the
 * search then makes nodes quadratically in its vertices; past this budget it stops with
 * SKY_NAV_LIMIT rather than take the machine's memory. */
#define SKY_NAV_MAX_NODES ((size_t)4 << 20)

/*
 * The shortest path from a to b. *path is new (sky_free): *n points from a to b, bending only
 * at mesh vertices; *len its length. max_expansions bounds the work (0: no bound); the node
 * budget always applies.
 */
sky_nav_result sky_nav_search(const sky_mesh *m, sky_nav_scratch *s, sky_xy a, sky_xy b,
                              uint64_t max_expansions, sky_xy **path, size_t *n, double *len);

/* The midpoints of the obstacle edges around point p's part of free space (a flood fill
 * from p). *mids is new (sky_free). Returns the count; 0 when p is not in free space. */
size_t sky_nav_component_walls(const sky_mesh *m, sky_xy p, sky_xy **mids);

/* Statistics of the last search on s (expansions, nodes generated). */
void sky_nav_stats(const sky_nav_scratch *s, uint64_t *expanded, uint64_t *generated);

#endif
