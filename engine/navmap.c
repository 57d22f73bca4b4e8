/*
 * navmap.c - `nfz-scenario/1` maps: read with json-c into plain polygons, and their free space
 * triangulated into a mesh, for the planner's tests and benchmarks.
 */
#include <json-c/json.h>
#include <math.h>
#include <string.h>

#include "engine/navmap.h"

static double num(json_object *a, size_t i)
{
    return json_object_get_double(json_object_array_get_idx(a, i));
}

void sky_navmap_clear(sky_navmap *m)
{
    sky_arena_clear(&m->arena);
    memset(m, 0, sizeof *m);
}

sky_status sky_navmap_read(const char *path, sky_navmap *m, sky_error *err)
{
    json_object *root = json_object_from_file(path), *obst, *qs, *bounds;
    sky_ref ref = {path, -1, NULL, NULL};
    sky_bbox all;
    memset(m, 0, sizeof *m);
    sky_arena_init(&m->arena);
    if (root == NULL)
        return sky_fail(err, SKY_E_BAD_JSON, &ref, "cannot read the map");
    obst = json_object_object_get(root, "obstacles");
    qs = json_object_object_get(root, "queries");
    if (!json_object_is_type(obst, json_type_array) || !json_object_is_type(qs, json_type_array)) {
        json_object_put(root);
        return sky_fail(err, SKY_E_BAD_JSON, &ref, "not an nfz-scenario map");
    }
    sky_bbox_empty(&all);
    m->nobst = json_object_array_length(obst);
    m->obst = sky_arena_alloc(&m->arena, (m->nobst + 1) * sizeof *m->obst);
    for (size_t i = 0; m->obst && i < m->nobst; i++) {
        json_object *rings = json_object_object_get(json_object_array_get_idx(obst, i), "rings");
        sky_xpoly *p = &m->obst[i];
        p->nrings = json_object_array_length(rings);
        p->rings = sky_arena_alloc(&m->arena, (p->nrings + 1) * sizeof *p->rings);
        for (size_t k = 0; p->rings && k < p->nrings; k++) {
            json_object *ring = json_object_array_get_idx(rings, k);
            sky_xring *r = &p->rings[k];
            r->n = json_object_array_length(ring);
            r->pts = sky_arena_alloc(&m->arena, (r->n + 1) * sizeof *r->pts);
            for (size_t j = 0; r->pts && j < r->n; j++) {
                json_object *pt = json_object_array_get_idx(ring, j);
                r->pts[j].x = num(pt, 0);
                r->pts[j].y = num(pt, 1);
                sky_bbox_add(&all, r->pts[j]);
            }
            m->nvertices += r->n;
        }
    }
    m->nq = json_object_array_length(qs);
    m->q = sky_arena_alloc(&m->arena, (m->nq + 1) * sizeof *m->q);
    for (size_t i = 0; m->q && i < m->nq; i++) {
        json_object *q = json_object_array_get_idx(qs, i), *cf;
        json_object *s = json_object_object_get(q, "start"), *g = json_object_object_get(q, "goal");
        m->q[i].start = (sky_xy){num(s, 0), num(s, 1)};
        m->q[i].goal = (sky_xy){num(g, 0), num(g, 1)};
        cf = json_object_object_get(q, "closed_form_length");
        m->q[i].closed_form = cf ? json_object_get_double(cf) : (double)NAN;
        sky_bbox_add(&all, m->q[i].start);
        sky_bbox_add(&all, m->q[i].goal);
    }
    bounds = json_object_object_get(root, "bounds");
    if (json_object_is_type(bounds, json_type_array) && json_object_array_length(bounds) == 4) {
        m->bounds = (sky_bbox){num(bounds, 0), num(bounds, 1), num(bounds, 2), num(bounds, 3)};
        sky_bbox_add(&m->bounds, (sky_xy){all.minx, all.miny});
        sky_bbox_add(&m->bounds, (sky_xy){all.maxx, all.maxy});
    } else {
        double w = all.maxx - all.minx, h = all.maxy - all.miny, pad = 0.1 * (w > h ? w : h) + 1;
        m->bounds = (sky_bbox){all.minx - pad, all.miny - pad, all.maxx + pad, all.maxy + pad};
    }
    json_object_put(root);
    if (m->obst == NULL || m->q == NULL) {
        sky_navmap_clear(m);
        return sky_fail(err, SKY_E_NOMEM, &ref, "out of memory");
    }
    return SKY_OK;
}

sky_status sky_navmap_mesh(sky_geo *g, const sky_navmap *map, sky_mesh **out, sky_error *err)
{
    sky_xy *tris = NULL;
    size_t ntris = 0, cells = 1;
    sky_status rc;
    /* about 250 obstacle vertices per cell keeps GEOS's ear clipping cheap */
    while (cells * cells * 250 < map->nvertices)
        cells++;
    rc = sky_geo_free_triangles(g, map->obst, map->nobst, 0, map->bounds, cells, &tris, &ntris,
                                err);
    if (rc == SKY_OK)
        rc = sky_mesh_build(tris, ntris, out, err);
    sky_free(tris);
    return rc;
}
